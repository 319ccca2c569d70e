"""A student's day in JupyterLab, in a real browser: Debian's headless Chromium driven by Playwright.

It starts `./kernel-setup.sh lab` on a free port with a working copy in a temporary folder, opens a demo
notebook, checks the kernel is "Java (autograd)" and idle (also after a restart), runs all cells and checks
that the images rendered, the formulas were typeset and no error appeared; that the tracked notebooks did not
change; that the launcher offers no stock "Java (jjava)" kernel. Then it exports the notebook to HTML and
opens the file with every network request refused: the formulas must still render.

Everything it starts (JupyterLab, its kernels, the browser) is stopped at the end; every wait is bounded.
On failure, screenshots go to build/lab-test/. Needs /usr/bin/chromium (CHROMIUM=path to override).
Run with the project's venv (./kernel-setup.sh test does): python -m unittest -v test_lab_browser
"""
import json
import re
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
NOTEBOOK = "02-quadratic-gd.ipynb"
SHOTS = ROOT / "build" / "lab-test"
# Flags that work for Debian's Chromium in a container, as root, with no network but the loopback.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]
MS = 1000


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def git_status(path):
    return subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--", str(path)],
                          capture_output=True, text=True, check=True).stdout


class StudentDayInJupyterLab(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        if not os.access(CHROMIUM, os.X_OK):
            raise AssertionError(f"{CHROMIUM} is missing: install Debian's chromium (sudo apt-get install chromium), "
                                 "or set CHROMIUM to a Chromium binary; .ci/run installs it on CI machines")
        from playwright.sync_api import sync_playwright
        cls.scratch = Path(tempfile.mkdtemp(prefix="lab_test_"))
        cls.work = cls.scratch / "work"
        cls.port = free_port()
        cls.token = secrets.token_hex(16)
        cls.base = f"http://127.0.0.1:{cls.port}"
        cls.tracked_before = git_status(ROOT / "notebooks")
        cls.log = open(cls.scratch / "lab.log", "w")
        env = dict(os.environ, AUTOGRAD_LAB_DIR=str(cls.work), JUPYTER_PREFER_ENV_PATH="1")
        env.pop("DISPLAY", None)
        cls.lab = subprocess.Popen(
            [str(ROOT / "kernel-setup.sh"), "lab", f"--port={cls.port}", "--ServerApp.port_retries=0",
             f"--IdentityProvider.token={cls.token}", "--LabApp.news_url=", "--ServerApp.open_browser=False",
             # Lets the test read the notebook's model (execution counts) instead of scraping prompts.
             "--LabApp.expose_app_in_browser=True"],
            stdout=cls.log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
        cls.playwright = None
        try:
            cls.wait_for_server(limit=300)
            cls.playwright = sync_playwright().start()
            cls.browser = cls.playwright.chromium.launch_persistent_context(
                str(cls.scratch / "profile"), executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
                viewport={"width": 1400, "height": 1000})
        except BaseException:
            cls.tearDownClass()
            raise

    @classmethod
    def wait_for_server(cls, limit):
        began = time.monotonic()
        while time.monotonic() - began < limit:
            if cls.lab.poll() is not None:
                raise AssertionError(f"./kernel-setup.sh lab exited {cls.lab.returncode}:\n{cls.lab_log()}")
            try:
                with urllib.request.urlopen(f"{cls.base}/api/status?token={cls.token}", timeout=5) as r:
                    if r.status == 200:
                        return
            except OSError:
                pass
            time.sleep(1)
        raise AssertionError(f"JupyterLab did not answer on {cls.base} within {limit} s:\n{cls.lab_log()}")

    @classmethod
    def lab_log(cls):
        cls.log.flush()
        return (cls.scratch / "lab.log").read_text()[-4000:]

    @classmethod
    def tearDownClass(cls):
        if cls.playwright is not None:
            try:
                cls.browser.close()
            finally:
                cls.playwright.stop()
        if cls.lab.poll() is None:
            # The whole process group: JupyterLab and every kernel it started.
            os.killpg(cls.lab.pid, signal.SIGTERM)
            try:
                cls.lab.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(cls.lab.pid, signal.SIGKILL)
                cls.lab.wait(timeout=30)
        try:
            os.killpg(cls.lab.pid, signal.SIGKILL)  # kernels that outlived the server
        except ProcessLookupError:
            pass
        cls.log.close()
        shutil.rmtree(cls.scratch, ignore_errors=True)

    def api(self, path):
        with urllib.request.urlopen(f"{self.base}{path}?token={self.token}", timeout=10) as r:
            return json.load(r)

    def shoot(self, page, name):
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)

    def wait_for_kernel_idle(self, page, what, limit=90):
        indicator = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook-ExecutionIndicator").first
        began = time.monotonic()
        status = None
        seen = []  # the status as JupyterLab shows it, each change with its time: evidence for the report
        while time.monotonic() - began < limit:
            status = indicator.get_attribute("data-status") if indicator.count() else None
            if not seen or seen[-1][1] != status:
                seen.append((round(time.monotonic() - began, 1), status))
            if status == "idle":
                print(f"kernel status {what}: {seen}", file=sys.stderr)
                return time.monotonic() - began
            page.wait_for_timeout(250)
        self.shoot(page, f"kernel-{what}")
        self.fail(f"kernel status {what}: {status!r} after {limit} s, not idle (see {SHOTS})")

    def test_a_students_day(self):
        # The launcher offers our kernel, not the stock one that cannot see the library.
        specs = self.api("/api/kernelspecs")["kernelspecs"]
        self.assertIn("autograd-java", specs)
        self.assertEqual("Java (autograd)", specs["autograd-java"]["spec"]["display_name"])
        self.assertNotIn("java", specs, "the stock 'Java (jjava)' kernel is still offered")
        # The working copy holds the demos and the exercises' student version.
        self.assertTrue((self.work / NOTEBOOK).is_file())
        student = (self.work / "exercises" / "build-autograd.ipynb").read_text()
        self.assertNotIn("BEGIN SOLUTION", student)

        page = self.browser.new_page()
        try:
            self.day(page)
        except BaseException:
            self.shoot(page, "failure")
            raise
        finally:
            page.close()
        self.assertEqual(self.tracked_before, git_status(ROOT / "notebooks"), "running notebooks changed tracked files")

        saved = json.loads((self.work / NOTEBOOK).read_text())
        self.assertTrue(any(c.get("outputs") for c in saved["cells"]), "the working copy was not saved with outputs")
        self.exported_html_renders_formulas_offline()

    def day(self, page):
        page.goto(f"{self.base}/lab/tree/{NOTEBOOK}?token={self.token}", timeout=120 * MS)
        page.locator(".jp-NotebookPanel .jp-Cell").first.wait_for(timeout=120 * MS)
        kernel_name = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-KernelName").first
        kernel_name.wait_for(timeout=60 * MS)
        began = time.monotonic()
        while kernel_name.inner_text().strip() in ("No Kernel", "") and time.monotonic() - began < 120:
            page.wait_for_timeout(250)
        self.assertEqual("Java (autograd)", kernel_name.inner_text().strip(), "the notebook did not get our kernel")
        seconds = self.wait_for_kernel_idle(page, "after-start")
        print(f"kernel idle {seconds:.1f} s after the kernel name showed", file=sys.stderr)
        self.shoot(page, "after-start")
        status_bar = " ".join(page.locator(".jp-StatusBar-Widget").all_inner_texts())
        self.assertIn("Java (autograd) | Idle", status_bar)
        self.assertNotIn("Unknown", page.locator(".jp-StatusBar-Widget").all_inner_texts())

        # Run → Run All Cells, as a student would.
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
        counts = """() => {
            const cells = window.jupyterapp.shell.currentWidget.content.model.cells;
            const out = [];
            for (let i = 0; i < cells.length; i++) {
                const cell = cells.get(i);
                if (cell.type === 'code') out.push(cell.executionCount);
            }
            return out;
        }"""
        began = time.monotonic()
        while True:
            executed = page.evaluate(counts)
            if len(executed) > 3 and all(isinstance(n, int) and n > 0 for n in executed):
                break
            if time.monotonic() - began > 300:
                self.shoot(page, "run-all")
                self.fail(f"after 300 s the cells' execution counts are {executed}")
            page.wait_for_timeout(500)
        print(f"Run All: {len(executed)} cells in {time.monotonic() - began:.1f} s", file=sys.stderr)
        self.wait_for_kernel_idle(page, "after-run-all")

        outputs = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output")
        errors = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) "
                              "[data-mime-type='application/vnd.jupyter.stderr']")
        self.assertEqual(0, errors.count(), errors.all_inner_texts())
        images = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output img")
        self.assertGreaterEqual(images.count(), 1, outputs.all_inner_texts()[:5])
        for i in range(images.count()):
            image = images.nth(i)
            image.scroll_into_view_if_needed()
            self.assertTrue(image.evaluate("img => img.complete && img.naturalWidth > 0"), f"image {i} did not load")
        math = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-MarkdownOutput mjx-container")
        self.assertGreater(math.count(), 0, "no formula was typeset in the notebook")
        self.shoot(page, "after-run-all")
        status_bar = " ".join(page.locator(".jp-StatusBar-Widget").all_inner_texts())
        self.assertIn("Java (autograd) | Idle", status_bar)

        # Save (the working copy), then restart: the status must come back to idle, not "Unknown".
        page.keyboard.press("Control+s")
        page.wait_for_timeout(1500)
        page.get_by_role("menuitem", name="Kernel", exact=True).click()
        page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Restart Kernel(…|\.\.\.)$")).first.click()
        page.locator(".jp-Dialog .jp-Dialog-button.jp-mod-accept").click()
        page.wait_for_timeout(500)
        seconds = self.wait_for_kernel_idle(page, "after-restart")
        print(f"kernel idle {seconds:.1f} s after the restart", file=sys.stderr)
        self.shoot(page, "after-restart")
        status_bar = " ".join(page.locator(".jp-StatusBar-Widget").all_inner_texts())
        self.assertIn("Java (autograd) | Idle", status_bar)

    def exported_html_renders_formulas_offline(self):
        html = self.scratch / "export" / NOTEBOOK.replace(".ipynb", ".html")
        venv_bin = Path(sys.executable).parent
        export = subprocess.run([str(venv_bin / "jupyter"), "nbconvert", "--to", "html", "--output-dir",
                                 str(html.parent), str(self.work / NOTEBOOK)],
                                capture_output=True, text=True, timeout=300,
                                env=dict(os.environ, JUPYTER_PREFER_ENV_PATH="1"))
        self.assertEqual(0, export.returncode, export.stderr)
        text = html.read_text()
        remote = re.findall(r"<(?:script|link)[^>]+(?:src|href)=\"https?://[^\"]+", text)
        self.assertEqual([], remote, "the exported HTML loads scripts or styles from the network")
        requests = []
        context = self.browser  # the persistent context; route every request it makes from here on
        page = context.new_page()

        def refuse(route):
            requests.append(route.request.url)
            if route.request.url.startswith("file:"):
                route.continue_()
            else:
                route.abort()

        page.route("**/*", refuse)
        try:
            page.goto(html.as_uri(), timeout=60 * MS)
            formulas = page.locator("mjx-container")
            formulas.first.wait_for(timeout=60 * MS)
            page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise", timeout=60 * MS)
            page.evaluate("() => MathJax.startup.promise")
            self.assertGreater(formulas.count(), 3)
            self.assertEqual(0, page.locator("mjx-merror").count(), "MathJax reported a TeX error")
            self.assertGreater(page.locator("mjx-container svg").count(), 3, "formulas were not drawn as SVG")
            self.assertEqual([], [u for u in requests if not u.startswith(("file:", "data:"))],
                             "the exported HTML tried to reach the network")
            self.assertGreater(page.locator("img").count(), 1)
            self.shoot(page, "exported-html")
        finally:
            page.close()


if __name__ == "__main__":
    unittest.main()
