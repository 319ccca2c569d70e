"""Failure paths of kernel-setup.sh: each ends with a message naming the problem and what to do,
and leaves nothing half-installed (a re-run repairs it).

Each case runs the real kernel-setup.sh in a throw-away copy of the project (its own .venv, its own
target/), with PATH built from symlinks to exactly the tools the case allows, and a clean
environment (no JAVA_HOME, PYTHON or PIP_* from the caller, HOME in the temp dir). Nothing here
needs root, apt or the network: "no network" is a package index on a closed localhost port.
The last case runs the real project's `./kernel-setup.sh run` on a notebook that throws, so it needs
the project set up first (./kernel-setup.sh test does that before running this file).

Stdlib only: python3 -m unittest -v test_kernel_setup   (from scripts/)
"""
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "kernel-setup.sh"
# The interpreter under the venv this may run from: a venv's python is a symlink to it.
REAL_PYTHON = os.path.realpath(sys.executable)
# What kernel-setup.sh itself calls before and around its checks (java, mvn, python3 are per case).
BASE_TOOLS = ["bash", "env", "dirname", "readlink", "awk", "grep", "sed", "cut", "sha256sum", "cat",
              "rm", "mkdir", "cp", "mv", "find", "touch", "id", "mktemp", "flock", "sleep"]
TO_DO = "run ./kernel-setup.sh again"


def real_java():
    """The java kernel-setup.sh would pick on this machine, symlinks resolved (like kernel-setup does)."""
    home = os.environ.get("JAVA_HOME")
    java = os.path.join(home, "bin", "java") if home else shutil.which("java")
    if not java or not os.access(java, os.X_OK):
        raise AssertionError("these tests need the JDK kernel-setup.sh uses (java on PATH or JAVA_HOME)")
    return os.path.realpath(java)


def write_script(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    path.chmod(0o755)
    return path


def tree(root):
    """Every path under root (files and folders), relative: what a run created or removed."""
    return {str(p.relative_to(root)) for p in root.rglob("*")}


class ProjectCopy(unittest.TestCase):
    """A throw-away copy of the project, and a PATH of exactly the tools a case allows."""

    @classmethod
    def setUpClass(cls):
        cls.java = real_java()
        cls.jdk_bin = Path(cls.java).parent
        cls.mvn = shutil.which("mvn")
        if cls.mvn is None:
            raise AssertionError("these tests need mvn on PATH (kernel-setup.sh checks it before Python)")

    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="kernel_setup_test_"))
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)
        self.project = self.make_project()
        self.before = tree(self.project)

    def make_project(self):
        """A copy of what kernel-setup.sh reads, with a build it considers up to date.

        The build is a placeholder JAR: every case here stops before the kernelspec, the only step
        that reads it, and the JAR build itself is tested by `mvn verify` in ./kernel-setup.sh test.
        """
        project = self.tmp / "project"
        (project / "notebooks").mkdir(parents=True)
        (project / "src" / "main").mkdir(parents=True)
        shutil.copy2(SCRIPT, project / "kernel-setup.sh")
        shutil.copy2(ROOT / "pom.xml", project / "pom.xml")
        shutil.copy2(ROOT / "notebooks" / "requirements.txt", project / "notebooks" / "requirements.txt")
        (project / "target" / "lib").mkdir(parents=True)
        with zipfile.ZipFile(project / "target" / "autograd-java-0-placeholder.jar", "w"):
            pass
        long_ago = time.time() - 3600
        for source in (project / "pom.xml", project / "src" / "main"):
            os.utime(source, (long_ago, long_ago))
        (project / "target" / ".autograd-kernel-build").touch()
        return project

    def tools(self, without=(), **extra):
        """A bin folder with the base tools plus extra name -> target symlinks; it becomes the whole PATH."""
        bin_dir = self.tmp / "bin"
        if bin_dir.exists():
            shutil.rmtree(bin_dir)
        bin_dir.mkdir()
        for tool in BASE_TOOLS:
            if tool in without or tool in extra:
                continue
            found = shutil.which(tool)
            if found is None and tool == "flock":
                continue  # not on every system (macOS): kernel-setup.sh then takes its mkdir lock
            self.assertIsNotNone(found, f"{tool} is needed to run kernel-setup.sh")
            os.symlink(found, bin_dir / tool)
        for name, target in extra.items():
            os.symlink(target, bin_dir / name)
        return bin_dir

    def env(self, path, **extra):
        home = self.tmp / "home"
        home.mkdir(exist_ok=True)
        env = {"PATH": str(path), "HOME": str(home), "LANG": "C.UTF-8", "TMPDIR": str(self.tmp),
               "PIP_CONFIG_FILE": os.devnull,
               # Should a check wrongly pass, pip must not go on to install from the real network.
               "PIP_INDEX_URL": "http://127.0.0.1:1/simple"}
        env.update(extra)
        return env

    def run_setup(self, env, *args, timeout=300):
        return subprocess.run([str(self.project / "kernel-setup.sh"), *args], env=env, cwd=self.tmp,
                              capture_output=True, text=True, timeout=timeout)

    def assert_fails_with(self, run, *phrases):
        report = f"exit {run.returncode}\n--- stdout\n{run.stdout}--- stderr\n{run.stderr}"
        self.assertEqual(1, run.returncode, report)
        self.assertIn("kernel-setup: ERROR: ", run.stderr, report)
        for phrase in phrases + (TO_DO,):
            self.assertIn(phrase, run.stderr, report)

    def assert_nothing_created(self):
        self.assertEqual(self.before, tree(self.project), "the failed run left files behind")



class KernelSetupFailures(ProjectCopy):

    # --- Java ---------------------------------------------------------------------------------

    def test_no_java_anywhere(self):
        run = self.run_setup(self.env(self.tools(mvn=self.mvn, python3=REAL_PYTHON)))
        self.assert_fails_with(run, "no Java found (neither JAVA_HOME nor a java on PATH)",
                               "Install a JDK 17 or newer", "openjdk-17-jdk-headless")
        self.assert_nothing_created()

    def test_java_home_without_java_is_not_silently_replaced(self):
        not_a_jdk = self.tmp / "not-a-jdk"
        not_a_jdk.mkdir()
        run = self.run_setup(self.env(self.tools(java=self.java, mvn=self.mvn, python3=REAL_PYTHON),
                                      JAVA_HOME=str(not_a_jdk)))
        self.assert_fails_with(run, f"JAVA_HOME={not_a_jdk} has no bin/java", "Point JAVA_HOME at a JDK 17",
                               "unset it")
        self.assert_nothing_created()

    def fake_jre(self, with_jshell_binary):
        """The real JVM limited to java.base (no jdk.jshell module), as a runtime image has it."""
        jre = self.tmp / "jre"
        write_script(jre / "bin" / "java", f'#!/bin/sh\nexec "{self.java}" --limit-modules java.base "$@"\n')
        if with_jshell_binary:
            os.symlink(self.jdk_bin / "jshell", jre / "bin" / "jshell")
        probe = subprocess.run([str(jre / "bin" / "java"), "--list-modules"], capture_output=True, text=True)
        self.assertEqual(["java.base"], [m.split("@")[0] for m in probe.stdout.split()], "the fake JRE is not one")
        return jre

    def test_jre_without_jshell(self):
        jre = self.fake_jre(with_jshell_binary=False)
        # A full JDK on PATH must not be used instead of the JAVA_HOME asked for.
        run = self.run_setup(self.env(self.tools(java=self.java, mvn=self.mvn, python3=REAL_PYTHON),
                                      JAVA_HOME=str(jre)))
        self.assert_fails_with(run, f"the Java at {jre}/bin is a runtime (JRE) without jshell",
                               "Install a full JDK 17+", "JAVA_HOME")
        self.assert_nothing_created()

    def test_jshell_binary_without_the_jshell_module(self):
        jre = self.fake_jre(with_jshell_binary=True)
        run = self.run_setup(self.env(self.tools(mvn=self.mvn, python3=REAL_PYTHON), JAVA_HOME=str(jre)))
        self.assert_fails_with(run, "is a runtime (JRE) without jshell", "Install a full JDK 17+")
        self.assert_nothing_created()

    def old_java(self, version):
        """A java that answers the version probe as Java `version` does (properties go to stderr)."""
        return write_script(self.tmp / "old-java" / "bin" / "java", f"""#!/bin/sh
echo "Property settings:" >&2
echo "    java.specification.version = {version}" >&2
echo "    java.vm.specification.version = {version}" >&2
""")

    def test_java_older_than_17_on_path(self):
        for version, shown in (("11", "version 11"), ("1.8", "version 1.8")):
            with self.subTest(version=version):
                java = self.old_java(version)
                run = self.run_setup(self.env(self.tools(java=java, mvn=self.mvn, python3=REAL_PYTHON)))
                self.assert_fails_with(run, f"the Java at {java.parent} is {shown}; autograd-java needs 17 or newer",
                                       "Install a JDK 17+", "JAVA_HOME")
                self.assert_nothing_created()

    # --- Maven --------------------------------------------------------------------------------

    def test_no_maven(self):
        run = self.run_setup(self.env(self.tools(java=self.java, python3=REAL_PYTHON)))
        self.assert_fails_with(run, "Maven (mvn) is not installed", "Install Maven 3.6+", "apt-get install maven")
        self.assert_nothing_created()

    # --- Python -------------------------------------------------------------------------------

    def test_no_python(self):
        run = self.run_setup(self.env(self.tools(java=self.java, mvn=self.mvn)))
        self.assert_fails_with(run, "no Python found", "Install Python 3.9+ with venv", "python3-venv")
        self.assert_nothing_created()

    def test_python_variable_not_a_command(self):
        missing = self.tmp / "no-such-python"
        run = self.run_setup(self.env(self.tools(java=self.java, mvn=self.mvn, python3=REAL_PYTHON),
                                      PYTHON=str(missing)))
        self.assert_fails_with(run, f"PYTHON={missing} is not a command", "Point PYTHON at a Python 3.9+",
                               "unset it")
        self.assert_nothing_created()

    def shadowed_python(self, module, source):
        """The real interpreter with one stdlib module replaced, as a distribution may ship it."""
        shadow = self.tmp / "shadow"
        (shadow / module).parent.mkdir(parents=True, exist_ok=True)
        (shadow / module).write_text(source)
        return write_script(self.tmp / "fake-python" / "python3",
                            f'#!/bin/sh\nPYTHONPATH="{shadow}" exec "{REAL_PYTHON}" "$@"\n')

    def test_python_without_venv(self):
        # Debian ships ensurepip (venv's pip bootstrap) in python3.X-venv, not with python3.
        python = self.shadowed_python("ensurepip/__init__.py", "raise ImportError('No module named ensurepip')\n")
        minor = f"{sys.version_info[0]}.{sys.version_info[1]}"
        run = self.run_setup(self.env(self.tools(java=self.java, mvn=self.mvn, python3=python)))
        self.assert_fails_with(run, f"{self.tmp}/bin/python3 has no working venv module (ensurepip is missing)",
                               "apt-get install python3-venv", f"python{minor}-venv", "set PYTHON")
        self.assert_nothing_created()

    def test_python_too_old(self):
        python = self.shadowed_python("sitecustomize.py",
                                      "import sys\nsys.version_info = (3, 8, 18, 'final', 0)\n")
        run = self.run_setup(self.env(self.tools(java=self.java, mvn=self.mvn, python3=python)))
        self.assert_fails_with(run, f"{self.tmp}/bin/python3 is older than Python 3.9", "Install Python 3.9+ with venv")
        self.assert_nothing_created()

    # --- no network for pip -------------------------------------------------------------------

    def offline_env(self, port):
        """Everything kernel-setup needs, but the package index is a localhost port nobody answers on."""
        return self.env(self.tools(java=self.java, mvn=self.mvn, python3=REAL_PYTHON),
                        PIP_INDEX_URL=f"http://127.0.0.1:{port}/simple", PIP_DEFAULT_TIMEOUT="2",
                        PIP_RETRIES="0")

    def test_no_network_for_pip_after_an_install_killed_midway(self):
        # Two runs, each creating a venv (the slow part, ~5 s): the first is killed while pip waits for
        # the index, as by a power cut, leaving a half-made .venv; the second finds no network at all.
        venv = self.project / ".venv"
        with socket.socket() as silent:  # accepts, never answers: pip waits until it is killed
            silent.bind(("127.0.0.1", 0))
            silent.listen()
            silent.settimeout(120)
            setup = subprocess.Popen([str(self.project / "kernel-setup.sh")],
                                     env=self.offline_env(silent.getsockname()[1]), cwd=self.tmp,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
            try:
                connection, _ = silent.accept()  # pip is installing now
                connection.close()
            finally:
                os.killpg(setup.pid, signal.SIGKILL)  # no cleanup code runs
                setup.wait()
        self.assertTrue((venv / "bin" / "python").exists(), "the kill should leave a half-made .venv")
        self.assertFalse((venv / ".autograd-setup-complete").exists())

        with socket.socket() as closed:  # bound, never listening: connections are refused
            closed.bind(("127.0.0.1", 0))
            rerun = self.run_setup(self.offline_env(closed.getsockname()[1]))
        self.assertIn("rebuilding .venv (incomplete or out of date)", rerun.stdout, rerun.stdout + rerun.stderr)
        self.assert_fails_with(rerun, "pip could not reach the package index", "No network?", "PIP_INDEX_URL",
                               "Nothing was left half-installed (.venv was removed)")
        self.assertIn("creating .venv", rerun.stdout)
        self.assertIn("Connection refused", rerun.stderr, "pip's own warnings are shown, not swallowed")
        self.assertFalse(venv.exists(), "a .venv was left after pip failed")
        # Back to a fresh checkout: the next run with a network is a first-time setup.
        self.assert_nothing_created()


class ArgumentsAndConcurrency(ProjectCopy):
    """Bad arguments are refused before anything is built; two setups at once never share a folder."""

    def setUp(self):
        super().setUp()
        (self.project / "scripts" / "nbconvert-template").mkdir(parents=True)
        for name in ("conf.json", "index.html.j2"):
            shutil.copy2(ROOT / "scripts" / "nbconvert-template" / name, self.project / "scripts" / "nbconvert-template" / name)
        self.before = tree(self.project)

    def everything(self, **extra):
        return self.env(self.tools(java=self.java, mvn=self.mvn, python3=REAL_PYTHON, **extra))

    def test_unknown_arguments_are_rejected_with_the_usage(self):
        for command in ("setup", "test"):
            with self.subTest(command=command):
                run = self.run_setup(self.everything(), command, "bogus-extra-arg")
                report = f"exit {run.returncode}\n--- stdout\n{run.stdout}--- stderr\n{run.stderr}"
                self.assertEqual(1, run.returncode, report)
                self.assertIn(f"kernel-setup: ERROR: '{command}' takes no arguments, got: bogus-extra-arg", run.stderr, report)
                self.assertIn("./kernel-setup.sh run [NOTEBOOK...]", run.stderr, "the usage is shown")
                self.assert_nothing_created()

    def test_run_of_a_missing_notebook_says_it_does_not_exist(self):
        run = self.run_setup(self.everything(), "run", "does-not-exist.ipynb")
        report = f"exit {run.returncode}\n--- stdout\n{run.stdout}--- stderr\n{run.stderr}"
        self.assertEqual(1, run.returncode, report)
        self.assertIn("kernel-setup: ERROR: the notebook 'does-not-exist.ipynb' does not exist", run.stderr, report)
        self.assertNotIn("table above", run.stderr + run.stdout)
        self.assert_nothing_created()

    def fake_venv(self):
        """A .venv that kernel-setup.sh takes as complete: setup then only installs the kernelspec and template."""
        venv = self.project / ".venv"
        site = self.tmp / "fake-site"
        mathjax = site / "mathjax" / "static" / "mathjax"
        (mathjax / "es5").mkdir(parents=True)
        (site / "mathjax" / "__init__.py").write_text("")
        (mathjax / "es5" / "tex-svg-full.js").write_text("// MathJax stand-in\n")
        (mathjax / "LICENSE").write_text("Apache-2.0\n")
        write_script(venv / "bin" / "python", f'#!/bin/sh\nPYTHONPATH="{site}" exec "{REAL_PYTHON}" "$@"\n')
        stock = venv / "share" / "jupyter" / "kernels" / "java"
        stock.mkdir(parents=True)
        for jar in ("jjava.jar", "jjava-launcher.jar"):
            (stock / jar).write_bytes(b"placeholder")
        digest = subprocess.run(["sha256sum", str(self.project / "notebooks" / "requirements.txt")],
                                capture_output=True, text=True, check=True).stdout.split()[0]
        version = subprocess.run([REAL_PYTHON, "-c", "import sys; print(sys.version.split()[0])"],
                                 capture_output=True, text=True, check=True).stdout.strip()
        (venv / ".autograd-setup-complete").write_text(f"{digest} {version}\n")
        return venv

    def two_setups_at_once(self, without=()):
        venv = self.fake_venv()
        # A slow cp widens the window in which two unguarded setups trip over each other's folders.
        slow_cp = write_script(self.tmp / "slow" / "cp", f'#!/bin/sh\n"{shutil.which("sleep")}" 1\nexec "{shutil.which("cp")}" "$@"\n')
        env = self.env(self.tools(without=without, java=self.java, mvn=self.mvn, python3=REAL_PYTHON, cp=str(slow_cp)))
        script = str(self.project / "kernel-setup.sh")
        first = subprocess.Popen([script], env=env, cwd=self.tmp, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(0.5)
        second = subprocess.Popen([script], env=env, cwd=self.tmp, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        runs = []
        for setup in (first, second):
            out, err = setup.communicate(timeout=300)
            runs.append((setup.returncode, out, err))
        report = "\n".join(f"exit {code}\n--- stdout\n{out}--- stderr\n{err}" for code, out, err in runs)
        self.assertEqual([0, 0], [code for code, _, _ in runs], report)
        # Whichever took the lock first (on a loaded machine the later one may win), the other says why it waits.
        waiting = re.compile(r"another kernel-setup\.sh \(pid \d+\) is setting up this project; waiting for it")
        self.assertEqual(1, sum(1 for _, out, _ in runs if waiting.search(out)), report)
        spec = json.loads((venv / "share" / "jupyter" / "kernels" / "autograd-java" / "kernel.json").read_text())
        self.assertEqual("Java (autograd)", spec["display_name"])
        self.assertTrue((venv / "share" / "jupyter" / "kernels" / "autograd-java" / "jjava.jar").is_file())
        self.assertFalse((venv / "share" / "jupyter" / "kernels" / "java").exists(), "the stock kernelspec is removed")
        leftovers = [p.name for folder in (venv / "share" / "jupyter" / "kernels", venv / "share" / "jupyter" / "nbconvert" / "templates")
                     for p in folder.iterdir() if p.name.startswith(".")]
        self.assertEqual([], leftovers, "temporary folders were left behind")
        self.assertFalse((self.project / ".kernel-setup.lock.pid").exists())
        self.assertFalse((self.project / ".kernel-setup.lock.d").exists())

    def test_two_setups_at_once_with_flock(self):
        self.two_setups_at_once()

    def test_two_setups_at_once_without_flock(self):
        # macOS and minimal systems have no flock: the mkdir lock must serialise them just as well.
        self.two_setups_at_once(without=("flock",))


class RunOfAThrowingNotebook(unittest.TestCase):
    """`./kernel-setup.sh run` on the real project: a notebook that throws makes it exit non-zero."""

    def test_run_exits_non_zero_and_says_where_the_notebooks_are(self):
        for needed in (ROOT / ".venv" / ".autograd-setup-complete", ROOT / "target" / ".autograd-kernel-build"):
            self.assertTrue(needed.exists(), f"{needed} is missing: run ./kernel-setup.sh first")
        out = Path(tempfile.mkdtemp(prefix="kernel_setup_run_"))
        self.addCleanup(shutil.rmtree, out, ignore_errors=True)
        notebook = ROOT / "scripts" / "fixtures" / "fails-at-runtime.ipynb"
        # A later --out wins over the build/notebooks kernel-setup passes, keeping the project's build clean.
        run = subprocess.run([str(SCRIPT), "run", "--no-html", "--out", str(out), str(notebook)],
                             capture_output=True, text=True, timeout=600)
        report = f"exit {run.returncode}\n--- stdout\n{run.stdout}--- stderr\n{run.stderr}"
        self.assertEqual(1, run.returncode, report)
        self.assertIn("notebooks: 0 passed, 1 failed", run.stdout, report)
        self.assertIn("java.lang.IllegalArgumentException: bad shape [2, 3]", run.stdout, report)
        self.assertIn("kernel-setup: ERROR: some notebooks failed", run.stderr, report)
        self.assertTrue((out / "fails-at-runtime.ipynb").exists(), "the partly executed notebook is kept")


if __name__ == "__main__":
    unittest.main()
