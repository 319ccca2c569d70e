#!/usr/bin/env python3
"""Execute Jupyter notebooks headless through the real kernel and check what they show.

Usage (normally through ./kernel-setup.sh run|test, which uses the project's .venv):

    python scripts/run_notebooks.py [--check] [--out build/notebooks] notebooks/*.ipynb
    python scripts/run_notebooks.py --count-starts 20        # how reliably the kernel starts

For each notebook it writes OUT/NAME.ipynb (executed, or partly executed when a cell failed) and
OUT/NAME.html (self-contained, images inline), then prints a table: notebook, cells, seconds,
status, and a closing line "notebooks: N passed, M failed". Exit status 1 if any failed.

With --check, each notebook's metadata "autograd_checks" (see notebooks/README.md) is asserted.
"""
from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

# A kernelspec in the project's venv must win over one of the same name in the user's own
# Jupyter folders (jupyter_core reads this before searching).
os.environ.setdefault("JUPYTER_PREFER_ENV_PATH", "1")

try:
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
except ImportError as missing:  # pragma: no cover - depends on the interpreter used
    sys.exit(f"run_notebooks: {missing}. Run it with the project's venv: ./kernel-setup.sh run")

DEFAULT_KERNEL = "autograd-java"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
JAVA_EXCEPTION = re.compile(r"\b(?:[a-z_$][\w$]*\.)+[A-Z][\w$]*(?:Exception|Error)\b")
CHECK_KEYS = {
    "min_images": "minimum number of outputs holding an image (image/png, image/gif, image/svg+xml, ...)",
    "min_outputs": "object: MIME type -> minimum number of outputs holding it",
    "stdout": "list of regexes that must each match the notebook's standard output",
    "text": "list of regexes that must each match its text (stdout + text/plain + text/html results)",
}


def log(message: str) -> None:
    print(f"run_notebooks: {message}", file=sys.stderr, flush=True)


def strip_ansi(text: str) -> str:
    return ANSI.sub("", text)


@dataclass
class Result:
    name: str
    code_cells: int = 0
    executed: int = 0
    seconds: float = 0.0
    start_attempts: int = 0
    saved: Path | None = None
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


def start_kernel(client: NotebookClient, start_timeout: float, attempts: int, cwd: str) -> int:
    """Starts the client's kernel; one that does not answer kernel_info in time is restarted.

    Attempt k waits k * start_timeout: a hung kernel is replaced quickly, while one that is only slow
    (a loaded machine) still gets its chance on the next attempt.
    """
    for attempt in range(1, attempts + 1):
        limit = start_timeout * attempt
        client.startup_timeout = limit
        client.km = client.create_kernel_manager()
        began = time.monotonic()
        try:
            client.start_new_kernel(cwd=cwd)
            client.start_new_kernel_client()
            log(f"kernel {client.kernel_name} ready in {time.monotonic() - began:.1f} s"
                + (f" (attempt {attempt})" if attempt > 1 else ""))
            return attempt
        except (RuntimeError, TimeoutError) as error:
            # nbclient has usually shut the silent kernel down already; make sure.
            if client.km is not None:
                client._cleanup_kernel()
            if attempt == attempts:
                raise RuntimeError(
                    f"kernel {client.kernel_name} did not answer in {attempts} attempts "
                    f"(last waited {limit:.0f} s: {error})") from error
            log(f"kernel {client.kernel_name} did not answer within {limit:.0f} s "
                f"(attempt {attempt}/{attempts}: {error}); restarting it")
    raise AssertionError("unreachable")


def describe_error(output: dict) -> str:
    """One line naming the Java exception, from JJava's error output (ANSI colours removed).

    JJava puts the real exception in the traceback ("java.lang.IllegalArgumentException: msg",
    reported under ename RuntimeException) and javac's message for a CompilationException there
    too, after the offending source lines (which start with "|").
    """
    ename = output.get("ename", "")
    evalue = strip_ansi(output.get("evalue", "") or "")
    traceback = [piece for line in output.get("traceback", []) for piece in strip_ansi(line).splitlines()]
    if "CompilationException" in ename:
        source = [line.strip("| \t") for line in traceback if line.lstrip().startswith("|")]
        messages = [line.strip() for line in traceback if line.strip() and not line.lstrip().startswith("|")]
        where = f" in `{source[0]}`" if source else ""
        return f"does not compile: {'; '.join(messages) or evalue}{where}"[:400]
    # Each exception named, with the rest of its line (its message, or a nested exception).
    exceptions = [line[m.start():].strip() for line in traceback + [evalue]
                  for m in JAVA_EXCEPTION.finditer(line)]
    # A wrapper RuntimeException says less than the exception it wraps.
    specific = [e for e in exceptions if not e.startswith("java.lang.RuntimeException")]
    chosen = (specific or exceptions or [f"{ename}: {evalue}".strip(": ")])[0]
    return chosen[:400]


def error_details(output: dict, limit: int = 15) -> list[str]:
    lines = [strip_ansi(line) for line in output.get("traceback", [])]
    flat = [piece for line in lines for piece in line.splitlines() if piece.strip()]
    return flat[:limit]


def run_notebook(path: Path, out_dir: Path, args: argparse.Namespace) -> Result:
    result = Result(name=path.stem)
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as error:  # a broken file must not stop the other notebooks
        result.failures.append(f"cannot read {path}: {error}")
        return result
    code_cells = [i for i, cell in enumerate(nb.cells) if cell.cell_type == "code"]
    result.code_cells = len(code_cells)
    spec = nb.metadata.get("autograd_checks")
    if args.check:
        problem = validate_spec(spec)
        if problem:
            result.failures.append(f"metadata autograd_checks: {problem}")
            return result
    kernel = args.kernel or nb.metadata.get("kernelspec", {}).get("name") or DEFAULT_KERNEL
    client = NotebookClient(
        nb, kernel_name=kernel, timeout=args.cell_timeout, startup_timeout=args.start_timeout,
        allow_errors=True, shutdown_kernel="immediate",
        resources={"metadata": {"path": str(path.parent.resolve())}})
    began = time.monotonic()
    try:
        client.reset_execution_trackers()
        result.start_attempts = start_kernel(client, args.start_timeout, args.attempts, str(path.parent.resolve()))
        info = client.wait_for_reply(client.kc.kernel_info())
        if info and "language_info" in info["content"]:
            nb.metadata["language_info"] = info["content"]["language_info"]
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            number = code_cells.index(index) + 1
            try:
                client.execute_cell(cell, index, execution_count=client.code_cells_executed + 1)
            except CellTimeoutError:
                result.failures.append(f"cell {number} timed out after {args.cell_timeout} s")
                break
            except DeadKernelError as error:
                result.failures.append(f"cell {number}: the kernel died ({error}); does the cell call System.exit?")
                break
            result.executed += 1
            errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
            if errors:
                result.failures.append(f"cell {number}: {describe_error(errors[0])}")
                for line in error_details(errors[0]):
                    log(f"  {path.name} cell {number} | {line}")
                break
    except Exception as error:
        result.failures.append(f"{type(error).__name__}: {strip_ansi(str(error))[:400]}")
    finally:
        if client.km is not None:
            try:
                client._cleanup_kernel()
            except Exception as error:
                log(f"could not shut the kernel down cleanly: {error}")
        result.seconds = time.monotonic() - began
    if result.ok and args.check:
        result.failures.extend(check_outputs(nb, spec or {}))
    result.saved = out_dir / f"{path.stem}.ipynb"
    save(nb, result.saved, out_dir / f"{path.stem}.html", args.html)
    return result


def validate_spec(spec) -> str | None:
    if spec is None:
        return None
    if not isinstance(spec, dict):
        return f"must be an object, got {type(spec).__name__}"
    unknown = sorted(set(spec) - set(CHECK_KEYS))
    if unknown:
        return f"unknown key(s) {', '.join(unknown)} (known: {', '.join(CHECK_KEYS)}; see notebooks/README.md)"
    if "min_images" in spec and not (isinstance(spec["min_images"], int) and spec["min_images"] >= 0):
        return f"min_images must be a whole number >= 0, got {spec['min_images']!r}"
    if "min_outputs" in spec:
        counts = spec["min_outputs"]
        if not isinstance(counts, dict) or not all(isinstance(v, int) and v >= 0 for v in counts.values()):
            return f"min_outputs must map MIME types to whole numbers, got {counts!r}"
    for key in ("stdout", "text"):
        patterns = spec.get(key, [])
        if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
            return f"{key} must be a list of regex strings, got {patterns!r}"
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as error:
                return f"{key}: bad regex {pattern!r}: {error}"
    return None


def check_outputs(nb, spec: dict) -> list[str]:
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    failures = []
    errors = [o for o in outputs if o.get("output_type") == "error"]
    if errors:
        failures.append(f"{len(errors)} error output(s)")
    bundles = [o.get("data", {}) for o in outputs if o.get("output_type") in ("display_data", "execute_result")]
    images = sum(1 for data in bundles if any(mime.startswith("image/") for mime in data))
    if images < spec.get("min_images", 0):
        failures.append(f"expected at least {spec['min_images']} image output(s), found {images}")
    for mime, minimum in spec.get("min_outputs", {}).items():
        found = sum(1 for data in bundles if mime in data)
        if found < minimum:
            failures.append(f"expected at least {minimum} {mime} output(s), found {found}")
    stdout = "".join(as_text(o.get("text", "")) for o in outputs
                     if o.get("output_type") == "stream" and o.get("name") == "stdout")
    shown = stdout + "\n".join(as_text(data.get(mime, "")) for data in bundles for mime in ("text/plain", "text/html"))
    for key, haystack in (("stdout", stdout), ("text", shown)):
        for pattern in spec.get(key, []):
            if not re.search(pattern, haystack, re.MULTILINE):
                failures.append(f"{key} has no match for /{pattern}/")
    return failures


def as_text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def coalesce_streams(nb) -> None:
    """Merges consecutive stdout (or stderr) outputs of a cell into one, as Jupyter's front end shows
    them. JJava sends every print call as its own message, so a single printf would otherwise be
    saved, and rendered in the HTML copy, as several blocks on separate lines."""
    for cell in nb.cells:
        merged = []
        for output in cell.get("outputs", []):
            previous = merged[-1] if merged else None
            if (previous is not None and output.get("output_type") == "stream"
                    and previous.get("output_type") == "stream" and previous.get("name") == output.get("name")):
                previous["text"] = as_text(previous["text"]) + as_text(output["text"])
            else:
                merged.append(output)
        if "outputs" in cell:
            cell["outputs"] = merged


def with_gifs_as_html(nb):
    """A copy of the notebook in which every GIF output also carries an <img> as text/html.
    nbconvert's HTML templates know PNG, JPEG and SVG but not GIF, so an animation would otherwise
    show up in the HTML copy as its text/plain fallback."""
    import copy
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "image/gif" in data and "text/html" not in data:
                gif = as_text(data["image/gif"]).replace("\n", "")
                data["text/html"] = f'<img src="data:image/gif;base64,{gif}" alt="animation">'
    return nb


def save(nb, notebook_path: Path, html_path: Path, html: bool) -> None:
    notebook_path.parent.mkdir(parents=True, exist_ok=True)
    coalesce_streams(nb)
    write_atomically(notebook_path, nbformat.writes(nb))
    if html:
        from nbconvert import HTMLExporter
        body, _ = HTMLExporter(embed_images=True, template_name=html_template()).from_notebook_node(with_gifs_as_html(nb))
        write_atomically(html_path, body)


def write_atomically(path: Path, text: str) -> None:
    """Two runs writing the same file leave one whole file, never a mix: write beside it, then rename."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def html_template() -> str:
    """The "autograd" template kernel-setup.sh installs (MathJax inlined: formulas render offline), else "lab"."""
    from jupyter_core.paths import jupyter_path
    for base in jupyter_path("nbconvert", "templates"):
        if (Path(base) / "autograd" / "tex-svg-full.js").is_file():
            return "autograd"
    log("the nbconvert template 'autograd' is not installed (./kernel-setup.sh installs it); "
        "the HTML copies load MathJax from a CDN")
    return "lab"


def count_starts(kernel: str, times: int, start_timeout: float) -> int:
    """Starts and stops the kernel `times` times; reports ready times and kernels that never answered."""
    ready, hangs = [], 0
    nb = nbformat.v4.new_notebook()
    for i in range(1, times + 1):
        client = NotebookClient(nb, kernel_name=kernel, startup_timeout=start_timeout, shutdown_kernel="immediate")
        client.km = client.create_kernel_manager()
        began = time.monotonic()
        try:
            client.start_new_kernel()
            client.start_new_kernel_client()
            ready.append(time.monotonic() - began)
            log(f"start {i}/{times}: ready in {ready[-1]:.2f} s")
        except (RuntimeError, TimeoutError) as error:
            hangs += 1
            log(f"start {i}/{times}: no answer within {start_timeout:.0f} s ({error})")
        finally:
            if client.km is not None:
                client._cleanup_kernel()
    if ready:
        print(f"kernel {kernel}: {times} starts, {hangs} without an answer within {start_timeout:.0f} s; "
              f"ready in min {min(ready):.2f} s, median {statistics.median(ready):.2f} s, max {max(ready):.2f} s")
    else:
        print(f"kernel {kernel}: {times} starts, none answered within {start_timeout:.0f} s")
    return 0 if ready else 1


def collect(paths: list[str]) -> list[Path]:
    notebooks: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            notebooks.extend(sorted(p for p in path.glob("*.ipynb") if not p.name.startswith(".")))
        elif path.suffix == ".ipynb" and path.is_file():
            notebooks.append(path)
        elif not path.exists():
            raise UsageError(f"the notebook {name} does not exist")
        else:
            raise UsageError(f"{name} is neither a notebook (.ipynb) nor a folder of notebooks")
    return notebooks


class UsageError(Exception):
    """Bad arguments: nothing was run (exit status 2)."""


def print_table(results: list[Result]) -> None:
    width = max([len("notebook")] + [len(r.name) for r in results])
    print(f"{'notebook':<{width}}  {'cells':>7}  {'seconds':>7}  status")
    for r in results:
        status = "ok" if r.ok else "FAILED: " + "; ".join(r.failures)
        retries = f" (kernel started on attempt {r.start_attempts})" if r.start_attempts > 1 else ""
        print(f"{r.name:<{width}}  {f'{r.executed}/{r.code_cells}':>7}  {r.seconds:7.1f}  {status}{retries}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", default=["notebooks"], help="notebooks or folders (default: notebooks/)")
    parser.add_argument("--out", default="build/notebooks", help="where executed notebooks and HTML go")
    parser.add_argument("--kernel", help=f"kernelspec name (default: the notebook's own, else {DEFAULT_KERNEL})")
    parser.add_argument("--check", action="store_true", help="assert each notebook's metadata autograd_checks")
    parser.add_argument("--cell-timeout", type=int, default=600, help="seconds one cell may run (default 600)")
    parser.add_argument("--start-timeout", type=float, default=15, help="seconds a kernel may take to answer on the first attempt, k times that on attempt k (default 15)")
    parser.add_argument("--attempts", type=int, default=3, help="kernel starts before giving up (default 3)")
    parser.add_argument("--no-html", dest="html", action="store_false", help="skip the HTML copies")
    parser.add_argument("--count-starts", type=int, metavar="N", help="only start the kernel N times and report")
    args = parser.parse_args(argv)
    if args.attempts < 1 or args.cell_timeout < 1 or args.start_timeout <= 0:
        parser.error("--attempts, --cell-timeout and --start-timeout must be positive")
    if args.count_starts:
        return count_starts(args.kernel or DEFAULT_KERNEL, args.count_starts, args.start_timeout)

    try:
        notebooks = collect(args.notebooks)
    except UsageError as error:
        print(f"run_notebooks: {error}; nothing was run", file=sys.stderr)
        return 2
    if not notebooks:
        print("run_notebooks: no notebooks found in " + ", ".join(args.notebooks), file=sys.stderr)
        return 1
    out_dir = Path(args.out)
    results = []
    for path in notebooks:
        log(f"executing {path}")
        result = run_notebook(path, out_dir, args)
        if not result.ok:
            log(f"{path.name} FAILED: " + "; ".join(result.failures))
            if result.saved:
                log(f"  the executed (or partly executed) notebook is in {result.saved}")
        results.append(result)
    print_table(results)
    failed = sum(1 for r in results if not r.ok)
    print(f"notebooks: {len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
