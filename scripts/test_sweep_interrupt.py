"""Interrupting a notebook cell that runs a Sweep, through the real JJava kernel.

JJava (kernelspec interrupt_mode "message") answers an interrupt_request by cancelling the cell's
Future with cancel(true): the cell is reported as interrupted at once, and its thread, still running,
gets Thread.interrupt(). The sweep must then stop within a second and hand back the runs that
finished: `var results = sweep.run(...)` still receives them (the cell's thread assigns the variable
as it returns) and `sweep.results()` has them too.

Run with the project's venv after ./kernel-setup.sh (./kernel-setup.sh test does):
    cd scripts && JUPYTER_PREFER_ENV_PATH=1 ../.venv/bin/python -m unittest -v test_sweep_interrupt
"""
import os
import queue
import re
import sys
import time
import unittest

os.environ.setdefault("JUPYTER_PREFER_ENV_PATH", "1")
from jupyter_client.manager import start_new_kernel  # noqa: E402

KERNEL = os.environ.get("AUTOGRAD_KERNEL", "autograd-java")
RUNS = 100_000


class SweepInterruptThroughTheKernel(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        last = None
        for attempt in range(3):  # a loaded machine can be slow to start a JVM: a bounded retry
            try:
                cls.km, cls.kc = start_new_kernel(kernel_name=KERNEL, startup_timeout=30 * (attempt + 1))
                return
            except RuntimeError as error:
                last = error
        raise RuntimeError(f"kernel {KERNEL} did not start: {last}. Run ./kernel-setup.sh first.")

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=True)

    def execute(self, code, timeout=60):
        """Runs a cell to the end; returns (stdout, error name or None)."""
        out, error = [], None
        reply = self.kc.execute_interactive(code, timeout=timeout, output_hook=lambda m: self.collect(m, out))
        if reply["content"]["status"] == "error":
            error = reply["content"].get("ename")
        return "".join(out), error

    @staticmethod
    def collect(message, out):
        if message["msg_type"] == "stream":
            out.append(message["content"]["text"])
        elif message["msg_type"] == "error":
            out.append("ERROR " + message["content"]["evalue"])

    def test_interrupting_the_cell_stops_the_sweep_within_a_second_with_the_finished_runs(self):
        _, error = self.execute(f"""
            var started = new java.util.concurrent.atomic.AtomicInteger();
            Sweep sweep = Sweep.over(Param.range("n", 0, {RUNS})).name("long sweep");
            SweepResults results = null;
        """)
        self.assertIsNone(error)
        # 20 ms of arithmetic per run, reporting as it goes (so a running run stops at its next report).
        msg_id = self.kc.execute("""
            results = sweep.run((config, run) -> {
                started.incrementAndGet();
                long until = System.nanoTime() + 20_000_000L;
                double x = 0;
                while (System.nanoTime() < until) {
                    for (int i = 0; i < 10_000; i++) x += Math.sqrt(i);
                    run.report("x", x);
                }
                return null;
            });
        """)
        done = self.wait_for_progress(msg_id, at_least=5, seconds=60)
        interrupt_at = time.time()
        self.km.interrupt_kernel()
        reply = self.kc.get_shell_msg(timeout=30)
        self.assertEqual(msg_id, reply["parent_header"]["msg_id"])
        self.assertEqual("error", reply["content"]["status"], "the kernel reports the cell as interrupted")
        self.assertIn("Interrupted", reply["content"]["ename"])
        final_bar = self.wait_for_display(msg_id, "interrupted: ", seconds=5)
        self.assertRegex(final_bar, r"interrupted: \d+ of %d runs finished" % RUNS)

        # The cell's thread returns from run() and assigns `results` a moment later.
        deadline = time.time() + 10
        while True:
            out, error = self.execute(
                'System.out.println(results == null ? "pending" : results.interrupted() + " " + results.size()'
                ' + " " + results.planned() + " " + results.endMillis() + " " + sweep.results().size());')
            self.assertIsNone(error, out)
            if not out.startswith("pending") or time.time() > deadline:
                break
            time.sleep(0.2)
        self.assertNotIn("pending", out, "results was never assigned")
        interrupted, size, planned, end_millis, latest = out.split()
        self.assertEqual("true", interrupted)
        self.assertEqual(str(RUNS), planned)
        self.assertGreaterEqual(int(size), done)
        self.assertLess(int(size), RUNS)
        self.assertEqual(size, latest, "sweep.results() has the same finished runs")
        stop_seconds = int(end_millis) / 1000 - interrupt_at
        print(f"\n  sweep ended {stop_seconds:.3f} s after the interrupt request, {size} of {RUNS} runs finished",
              file=sys.stderr)
        self.assertLess(stop_seconds, 1.0, f"the sweep ended {stop_seconds:.2f} s after the interrupt request")

        # Nothing runs afterwards: no run starts, and the worker threads are gone.
        first, _ = self.execute("System.out.println(started.get());")
        time.sleep(0.5)
        second, _ = self.execute("""
            System.out.println(started.get() + " " + Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("sweep-")).count());
        """)
        started_then, workers = second.split()
        self.assertEqual(first.strip(), started_then, "no run started after the interrupt")
        self.assertEqual("0", workers, "the sweep's worker threads ended")
        threads, _ = self.execute("System.out.println(Runtime.getRuntime().availableProcessors());")
        self.assertLessEqual(int(started_then), int(size) + int(threads), "at most one unfinished run per thread")

        # The kernel goes on: a new sweep in the next cell runs to the end.
        out, error = self.execute("""
            System.out.println(Sweep.over(Param.range("n", 0, 8)).progress(false)
                    .run(c -> Metrics.of("square", c.getInt("n") * c.getInt("n"))));
        """)
        self.assertIsNone(error, out)
        self.assertRegex(out, r"sweep: 8 of 8 runs \(8 ok, 0 diverged, 0 errors\)")

    def wait_for_display(self, msg_id, text, seconds):
        """The first display update of the cell `msg_id` containing `text` (the bar's final drawing)."""
        deadline = time.time() + seconds
        while time.time() < deadline:
            try:
                message = self.kc.get_iopub_msg(timeout=0.5)
            except queue.Empty:
                continue
            plain = message["content"].get("data", {}).get("text/plain", "")
            if message["parent_header"].get("msg_id") == msg_id and text in plain:
                return plain
        self.fail(f"no display update with {text!r} within {seconds} s")

    def wait_for_progress(self, msg_id, at_least, seconds):
        """Reads the cell's progress bar (display updates) until it shows at least `at_least` runs done."""
        deadline = time.time() + seconds
        pattern = re.compile(r"(\d+)/" + str(RUNS))
        while time.time() < deadline:
            try:
                message = self.kc.get_iopub_msg(timeout=1)
            except queue.Empty:
                continue
            if message["parent_header"].get("msg_id") != msg_id:
                continue
            if message["msg_type"] == "error":
                self.fail("the sweep cell failed: " + message["content"]["evalue"])
            text = message["content"].get("data", {}).get("text/plain", "")
            match = pattern.search(text)
            if match and int(match.group(1)) >= at_least:
                return int(match.group(1))
        self.fail(f"the progress bar did not reach {at_least} runs in {seconds} s")


if __name__ == "__main__":
    unittest.main()
