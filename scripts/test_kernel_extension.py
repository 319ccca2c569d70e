"""What the kernel extension (autograd.notebook) changes in JJava, through the real kernel:

* a runtime error shows its message and the notebook's own lines ("In [n], line k: source"), not the
  library's and the JDK's frames or jshell snippet numbers;
* a cell ending in System.out.printf(...) shows what it printed and no PrintStream;
* Shift+Tab (inspect) on a call of the library shows its Javadoc, also on an incomplete call `x.backward(`;
* the kernel reports itself idle right after it starts (JupyterLab's status).

Run with the project's venv (./kernel-setup.sh test does): python -m unittest -v test_kernel_extension
"""
import os
import re
import unittest

from jupyter_client.manager import start_new_kernel

os.environ.setdefault("JUPYTER_PREFER_ENV_PATH", "1")
ANSI = re.compile(r"\x1b\[[0-9;]*m")


class KernelExtension(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = start_new_kernel(kernel_name="autograd-java", startup_timeout=120)

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=True)

    def run_cell(self, code):
        msg_id = self.kc.execute(code)
        outputs = []
        while True:
            msg = self.kc.get_iopub_msg(timeout=120)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind = msg["msg_type"]
            if kind == "status" and msg["content"]["execution_state"] == "idle":
                return outputs
            if kind in ("stream", "execute_result", "display_data", "error"):
                outputs.append((kind, msg["content"]))

    def traceback(self, outputs):
        errors = [content for kind, content in outputs if kind == "error"]
        self.assertEqual(1, len(errors), outputs)
        return [ANSI.sub("", line) for line in errors[0]["traceback"]]

    def test_runtime_error_shows_the_message_and_the_notebooks_own_lines(self):
        self.run_cell("double logOf(double a) {\n    return new Value(a).log().data;\n}")
        count = self.run_cell("int before = 1;\nlogOf(-2)")
        lines = self.traceback(count)
        self.assertEqual("java.lang.ArithmeticException: log is undefined for -2.0: it needs x > 0", lines[0])
        self.assertRegex(lines[1], r"^    at In \[\d+\], line 2 of logOf: return new Value\(a\)\.log\(\)\.data;$")
        self.assertRegex(lines[2], r"^    at In \[\d+\], line 1: logOf\(-2\)$")
        self.assertRegex(lines[3], r"^    \(\d+ frame\(s\) inside the library and the JDK not shown\)$")
        shown = "\n".join(lines)
        for noise in ("autograd.Op", "autograd.Value.", "#", "java.base"):
            self.assertNotIn(noise, shown)

    def test_cell_numbers_are_the_ones_jupyter_shows(self):
        reply_count = None
        msg_id = self.kc.execute("Value.constant(1).sqrt().div(0)")
        reply = self.kc.get_shell_msg(timeout=120)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = self.kc.get_shell_msg(timeout=120)
        reply_count = reply["content"]["execution_count"]
        error = None
        while error is None:
            msg = self.kc.get_iopub_msg(timeout=120)
            if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "error":
                error = msg["content"]
        self.assertIn(f"    at In [{reply_count}], line 1: Value.constant(1).sqrt().div(0)",
                      [ANSI.sub("", line) for line in error["traceback"]])

    def test_printf_as_last_statement_shows_only_what_it_printed(self):
        outputs = self.run_cell('System.out.printf("loss %.3f%n", 0.125)')
        self.assertEqual([], [content for kind, content in outputs if kind == "execute_result"], outputs)
        printed = "".join(content["text"] for kind, content in outputs if kind == "stream")
        self.assertEqual("loss 0.125\n", printed)
        # Other values still show.
        outputs = self.run_cell('String.format("%d", 42)')
        self.assertEqual([{"text/plain": "42"}], [c["data"] for k, c in outputs if k == "execute_result"])

    def test_inspect_shows_the_librarys_javadoc(self):
        self.run_cell("Value x = new Value(2);")
        for code in ("x.backward(", "x.backward()"):
            reply = self.kc.inspect(code, len("x.backward"), reply=True, timeout=60)["content"]
            self.assertTrue(reply["found"], (code, reply))
            text = reply["data"]["text/plain"]
            self.assertIn("void Value.backward()", text)
            self.assertIn("Back-propagates from this node", text, "the Javadoc, not only the signature")

    def test_kernel_reports_idle_after_kernel_info(self):
        msg_id = self.kc.kernel_info()
        states = []
        while "idle" not in states:
            msg = self.kc.get_iopub_msg(timeout=60)
            if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status":
                states.append(msg["content"]["execution_state"])
        self.assertEqual(["busy", "idle"], states)


if __name__ == "__main__":
    unittest.main()
