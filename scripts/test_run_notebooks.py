"""Tests of scripts/run_notebooks.py: its failure reports through the real kernel, and its checks.

Run with the project's venv (./kernel-setup.sh test does): python -m unittest discover -s scripts
"""
import json
import shutil
import os
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).parent))
import run_notebooks  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"
RUNNER = Path(__file__).parent / "run_notebooks.py"


class ChecksWithoutKernel(unittest.TestCase):

    def notebook(self, outputs):
        nb = nbformat.v4.new_notebook()
        cell = nbformat.v4.new_code_cell("x")
        cell.outputs = [nbformat.from_dict(o) for o in outputs]
        nb.cells.append(cell)
        return nb

    def test_counts_images_and_mime_types(self):
        nb = self.notebook([
            {"output_type": "display_data", "metadata": {}, "data": {"image/png": "AA==", "text/plain": "c"}},
            {"output_type": "execute_result", "metadata": {}, "execution_count": 1,
             "data": {"image/gif": "R0", "text/plain": "g"}},
        ])
        self.assertEqual([], run_notebooks.check_outputs(nb, {"min_images": 2, "min_outputs": {"image/png": 1}}))
        failures = run_notebooks.check_outputs(nb, {"min_images": 3, "min_outputs": {"text/html": 1}})
        self.assertEqual(2, len(failures), failures)
        self.assertIn("found 2", failures[0])
        self.assertIn("text/html", failures[1])

    def test_stdout_regexes_see_only_stdout(self):
        nb = self.notebook([
            {"output_type": "stream", "name": "stdout", "text": "loss 0.01\n"},
            {"output_type": "stream", "name": "stderr", "text": "warning 7\n"},
            {"output_type": "execute_result", "metadata": {}, "execution_count": 1, "data": {"text/plain": "42"}},
        ])
        self.assertEqual([], run_notebooks.check_outputs(nb, {"stdout": [r"^loss 0\.0\d$"], "text": ["42"]}))
        self.assertEqual(2, len(run_notebooks.check_outputs(nb, {"stdout": ["warning", "42"]})))

    def test_pieces_of_one_printf_are_saved_as_one_stream_output(self):
        nb = self.notebook([
            {"output_type": "stream", "name": "stdout", "text": "a = "},
            {"output_type": "stream", "name": "stdout", "text": ["1.5", "\n"]},
            {"output_type": "stream", "name": "stderr", "text": "warn\n"},
            {"output_type": "stream", "name": "stdout", "text": "b = 2\n"},
        ])
        run_notebooks.coalesce_streams(nb)
        outputs = nb.cells[0].outputs
        self.assertEqual(["stdout", "stderr", "stdout"], [o["name"] for o in outputs])
        self.assertEqual("a = 1.5\n", outputs[0]["text"])

    def test_error_outputs_always_fail(self):
        nb = self.notebook([{"output_type": "error", "ename": "E", "evalue": "v", "traceback": []}])
        self.assertEqual(["1 error output(s)"], run_notebooks.check_outputs(nb, {}))

    def test_spec_problems_are_named(self):
        self.assertIsNone(run_notebooks.validate_spec(None))
        self.assertIn("min_imgs", run_notebooks.validate_spec({"min_imgs": 1}))
        self.assertIn("bad regex", run_notebooks.validate_spec({"stdout": ["("]}))
        self.assertIn("min_images", run_notebooks.validate_spec({"min_images": -1}))
        self.assertIn("list", run_notebooks.validate_spec({"text": "x"}))

    def test_java_exception_is_found_in_ansi_coloured_text(self):
        # The shape JJava 1.0a8 reports (seen through the real kernel), and a wrapped one.
        output = {"ename": "RuntimeException", "evalue": "java.lang.ArithmeticException, / by zero",
                  "traceback": ["\x1b[1m\x1b[31mjava.lang.ArithmeticException: / by zero\x1b[0m",
                                "\x1b[1m\x1b[31m\tat .(#12:1)\x1b[0m"]}
        self.assertEqual("java.lang.ArithmeticException: / by zero", run_notebooks.describe_error(output))
        output["traceback"] = ["java.lang.RuntimeException: java.lang.IllegalStateException: no grad"]
        self.assertEqual("java.lang.IllegalStateException: no grad", run_notebooks.describe_error(output))


class FailuresThroughTheRealKernel(unittest.TestCase):
    """Runs the fixture notebooks (each fails on purpose) through the autograd-java kernel."""

    @classmethod
    def setUpClass(cls):
        cls.out = Path(tempfile.mkdtemp(prefix="run_notebooks_test_"))
        names = ["fails-at-runtime", "fails-to-compile", "unmet-checks", "bad-checks"]
        cls.result = subprocess.run(
            [sys.executable, str(RUNNER), "--check", "--no-html", "--out", str(cls.out)]
            + [str(FIXTURES / f"{name}.ipynb") for name in names],
            capture_output=True, text=True, timeout=600)
        cls.report = cls.result.stdout + cls.result.stderr

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.out, ignore_errors=True)

    def line(self, notebook):
        rows = [row for row in self.result.stdout.splitlines() if row.startswith(notebook + " ")]
        self.assertEqual(1, len(rows), self.report)
        return rows[0]

    def test_exit_status_and_closing_line(self):
        self.assertEqual(1, self.result.returncode, self.report)
        self.assertIn("notebooks: 0 passed, 4 failed", self.result.stdout)

    def test_runtime_error_names_cell_and_java_exception(self):
        row = self.line("fails-at-runtime")
        self.assertIn("2/3", row)
        self.assertIn("cell 2: java.lang.IllegalArgumentException: bad shape [2, 3]", row)
        partial = nbformat.read(self.out / "fails-at-runtime.ipynb", as_version=4)
        self.assertEqual("before the failure\n", partial.cells[0].outputs[0]["text"])
        self.assertEqual([], partial.cells[2].outputs, "cells after the failure are not run")

    def test_compile_error_is_reported_without_ansi(self):
        row = self.line("fails-to-compile")
        self.assertIn("cell 1: does not compile", row)
        self.assertIn("incompatible types: java.lang.String cannot be converted to int", row)
        self.assertIn('in `int answer = "forty-two";`', row)
        self.assertNotIn("\x1b", self.report)

    def test_unmet_checks_are_listed(self):
        row = self.line("unmet-checks")
        self.assertIn("1/1", row)
        self.assertIn("expected at least 1 image output(s), found 0", row)
        self.assertIn("stdout has no match for /^loss 0\\.0\\d+$/", row)
        self.assertNotIn("loss 0\\.5", row)

    def test_bad_spec_is_named(self):
        self.assertIn("unknown key(s) min_imgs", self.line("bad-checks"))


class RetryOfASilentKernel(unittest.TestCase):
    """A kernel whose first start hangs: the runner must log the retry and still run the notebook."""

    def test_silent_first_start_is_restarted(self):
        from jupyter_client.kernelspec import KernelSpecManager
        real = KernelSpecManager().get_kernel_spec(run_notebooks.DEFAULT_KERNEL)
        home = Path(tempfile.mkdtemp(prefix="flaky_kernel_"))
        spec_dir = home / "kernels" / "autograd-java-flaky"
        spec_dir.mkdir(parents=True)
        argv = [arg.replace("{resource_dir}", real.resource_dir) for arg in real.argv]
        spec = {"argv": [sys.executable, str(FIXTURES / "hang_first_start.py"), str(home / "started")] + argv,
                "display_name": "flaky", "language": "java", "env": real.env}
        (spec_dir / "kernel.json").write_text(json.dumps(spec))
        env = dict(os.environ, JUPYTER_PATH=str(home))
        run = subprocess.run(
            [sys.executable, str(RUNNER), "--kernel", "autograd-java-flaky", "--start-timeout", "8",
             "--no-html", "--out", str(home / "out"), str(FIXTURES / "unmet-checks.ipynb")],
            capture_output=True, text=True, timeout=600, env=env)
        report = run.stdout + run.stderr
        shutil.rmtree(home, ignore_errors=True)
        self.assertEqual(0, run.returncode, report)
        self.assertIn("did not answer within 8 s (attempt 1/3", report)
        self.assertIn("(kernel started on attempt 2)", run.stdout)


if __name__ == "__main__":
    unittest.main()
