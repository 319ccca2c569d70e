"""Drives the benchmark workers in interleaved rounds and prints the tables (used by bench/run.sh and
bench/compare.sh; stdlib only).

For each workload row, one fresh worker process per system is started and kept alive across that
row's rounds (so a JIT or a compile cache stays warm, and no other workload's code shares its
process). Every worker gets the same warm-up: its first call (reported as the first run: a fresh
process's cost), then runs until at least --warmup-runs runs and --warmup-seconds seconds of the
worker's own CPU time have passed. Then --rounds rounds, each running the systems one after another (A B C, A B C, ...):
each entry runs --runs-per-round times (once if its last warm-up run took over a second), after a
pause of --gap-seconds (so no system's idle BLAS threads still spin when the next one starts), and
its round median is recorded. Reported: the median of the round medians, the range of the round
medians, and ratios of medians with the range of the per-round ratios (a round's entries ran
seconds apart, so load drift cancels in its ratio).

Checksums: every entry of a row must agree (relative --tolerance), and every run of an entry with
its first; W7's maps must agree cell by cell (largest |delta log10| within --map-tolerance).
Any disagreement, a worker error or a dead worker stops the run with exit status 1.
"""
import argparse
import datetime
import json
import math
import os
import platform
import queue
import shlex
import statistics
import subprocess
import sys
import threading
import time

ANSWER = "@@bench "

DESCRIPTIONS = {
    "W1": "scalar MLP 2-16-16-1, 100 moons, 25 epochs per-sample SGD",
    "W2": "double pendulum, 500 Euler steps of scalars + backward",
    "W3": "perceptron tanh(w·x+b), 100 blobs, 400 epochs GD",
    "W4": "tensor MLP 2-16-16-1, 100 moons, 1000 full-batch steps",
    "W5": "tensor MLP 2-256-256-1, 10 000 moons, 50 Adam steps",
    "W6": "matmul 1024×1024 doubles",
    "W7": "41×41 pendulum sensitivity map, 500 Euler steps + gradient per cell",
}
JAVA_VARIANTS = {
    "W6": "W6 through Variable.matmul", "W6-nd4j": "W6 on ND4J's BLAS directly (reference)",
    "W7-values": "W7 serial Values", "W7-variables": "W7 batched Variables",
    "W7-sweep": "W7 Sweep on all cores",
    "W1-compiled": "W1 compiled", "W2-compiled": "W2 compiled", "W3-compiled": "W3 compiled",
    "W4-compiled": "W4 compiled", "W5-compiled": "W5 compiled", "W7-compiled": "W7 compiled, serial",
}
SYSTEM_TITLES = {"java": "this library", "nd4j": "ND4J directly", "pytorch": "PyTorch eager", "jax": "JAX jit",
                 "micrograd": "micrograd"}
# Which workload each system runs for a row (run mode). Entries a worker does not list are skipped.
ROW_ENTRIES = {
    "W1": [("java", "W1"), ("java", "W1-compiled"), ("pytorch", "W1"), ("jax", "W1"), ("micrograd", "W1")],
    "W2": [("java", "W2"), ("java", "W2-compiled"), ("pytorch", "W2"), ("jax", "W2"), ("micrograd", "W2")],
    "W3": [("java", "W3"), ("java", "W3-compiled"), ("pytorch", "W3"), ("jax", "W3"), ("micrograd", "W3")],
    "W4": [("java", "W4"), ("java", "W4-compiled"), ("pytorch", "W4"), ("jax", "W4")],
    "W5": [("java", "W5"), ("java", "W5-compiled"), ("pytorch", "W5"), ("jax", "W5")],
    # NOTE: ND4J in a JVM of its own: its OpenBLAS threads spin ~0.1 s after each call and would take a core
    # from the library's next product in a shared JVM (measured: 1024^3 in 20 ms instead of 10.5).
    "W6": [("java", "W6"), ("nd4j", "W6-nd4j"), ("pytorch", "W6"), ("jax", "W6")],
    "W7": [("java", "W7-values"), ("java", "W7-variables"), ("java", "W7-compiled"), ("java", "W7-sweep"), ("pytorch", "W7"),
           ("jax", "W7")],
}
# Issue 15's targets: speed-up of this library against a system (W6: share of the best BLAS).
TARGETS = [("W5", "pytorch", 1.3), ("W1", "jax", 1.0), ("W4", "jax", 1.0), ("W7", "jax", 1.0),
           ("W2", "jax", 1.5)] + [(w, "pytorch", 1.0) for w in ("W1", "W2", "W3", "W4", "W5", "W6", "W7")]


class BenchError(Exception):
    pass


class Worker:
    """One system's worker process: commands on stdin, '@@bench {json}' answers on stdout."""

    def __init__(self, name, command, log_path, env=None):
        self.name = name
        self.log = open(log_path, "a")
        self.log.write(f"== {datetime.datetime.now().isoformat(timespec='seconds')} {command}\n")
        self.log.flush()
        self.proc = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=self.log, text=True, bufsize=1, env=env)
        self.answers = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            if line.startswith(ANSWER):
                self.answers.put(json.loads(line[len(ANSWER):]))
            else:
                self.log.write(line)
                self.log.flush()
        self.answers.put(None)

    def ask(self, command, timeout=1800):
        try:
            self.proc.stdin.write(command + "\n")
            self.proc.stdin.flush()
        except BrokenPipeError:
            pass
        try:
            answer = self.answers.get(timeout=timeout)
        except queue.Empty:
            raise BenchError(f"{self.name}: no answer to '{command}' within {timeout} s (see {self.log.name})")
        if answer is None:
            raise BenchError(f"{self.name}: the worker died on '{command}' (exit {self.proc.wait()}; "
                             f"its output is in {self.log.name}):\n{tail(self.log.name)}")
        if "error" in answer:
            raise BenchError(f"{self.name}: '{command}' failed: {answer['error']} (see {self.log.name})")
        return answer

    def close(self):
        try:
            self.proc.stdin.write("quit\n")
            self.proc.stdin.close()
        except (BrokenPipeError, ValueError):
            pass
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


def tail(path, lines=15):
    try:
        with open(path) as f:
            return "".join(f.readlines()[-lines:])
    except OSError:
        return ""


def agree(a, b, tolerance):
    if math.isnan(a) or math.isnan(b):
        return False
    return abs(a - b) <= tolerance * max(1.0, abs(a), abs(b))


LOADS = []  # the 1-minute load average after every round


def loadavg():
    try:
        text = " ".join(open("/proc/loadavg").read().split()[:3])
        LOADS.append(float(text.split()[0]))
        return text
    except OSError:
        return "?"


def load_warning():
    cores = os.cpu_count() or 1
    if LOADS and max(LOADS) > cores:
        return (f"**Warning: the 1-minute load average reached {max(LOADS):.1f} on {cores} cores during this run: "
                "other processes competed for the CPU, so times and ratios are unreliable; rerun in a quiet "
                "window (load below the core count).**")
    return None


class Entry:
    """One (system, workload) pair of a row, with everything measured for it."""

    def __init__(self, system, workload):
        self.system, self.workload = system, workload
        self.warmup = None
        self.round_medians = []
        self.runs = []  # every run answer
        self.runs_per_round = 1
        self.map_delta = None

    @property
    def label(self):
        return f"{self.system}:{self.workload}"

    def median(self):
        return statistics.median(self.round_medians)


def run_row(row, entries, workers_cmd, args, say):
    """Warm-up, checksum check, W7 maps, then the interleaved rounds of one row."""
    workers = {}
    try:
        for system in dict.fromkeys(e.system for e in entries):
            workers[system] = Worker(system, workers_cmd[system], os.path.join(args.out, f"{row}-{system}.log"))
        offered = {s: set(w.ask("list")["workloads"]) for s, w in workers.items()}
        if args.mode == "compare":  # a variant only one revision has (e.g. W7-sweep) cannot be compared
            entries = [e for e in entries if all(e.workload in o for o in offered.values())]
        entries = [e for e in entries if e.workload in offered[e.system]]
        for e in entries:
            say(f"  warm-up {e.label}")
            e.warmup = workers[e.system].ask(f"warmup {e.workload} {args.warmup_runs} {args.warmup_seconds}")
            e.runs_per_round = args.runs_per_round if e.warmup["last_ms"] < 1000 else 1
        reference = entries[0]
        bad = [e for e in entries if not agree(e.warmup["checksum"], reference.warmup["checksum"], args.tolerance)]
        if bad:
            raise BenchError(f"{row}: checksums differ, so the systems did not do the same work:\n" + "\n".join(
                f"  {e.label}: {e.warmup['checksum']!r}" for e in entries))
        if row == "W7":
            check_maps(row, entries, workers, args)
        for r in range(args.rounds):
            for e in entries:
                # NOTE: a pause first: OpenBLAS threads (PyTorch's, ND4J's) spin ~0.1 s after a call and would
                # take a core from whichever system runs next (JAX's 1024^3 product measured 18 ms instead of 9.5).
                time.sleep(args.gap_seconds)
                answer = workers[e.system].ask(f"run {e.workload} {e.runs_per_round}")
                for s in answer["checksums"]:
                    if not agree(s, e.warmup["checksum"], args.tolerance):
                        raise BenchError(f"{row}: {e.label} gave checksum {s!r} in round {r + 1}, "
                                         f"{e.warmup['checksum']!r} at warm-up")
                e.runs.append(answer)
                e.round_medians.append(statistics.median(answer["times_ms"]))
            say(f"  round {r + 1}/{args.rounds}: " + ", ".join(
                f"{e.label} {fmt_ms(e.round_medians[-1])}" for e in entries) + f"  (load {loadavg()})")
        return entries
    finally:
        for w in workers.values():
            w.close()


def check_maps(row, entries, workers, args):
    maps = {}
    for e in entries:
        path = os.path.join(args.out, f"{row}-map-{e.system}-{e.workload}.txt")
        workers[e.system].ask(f"map {e.workload} {path}")
        with open(path) as f:
            maps[e.label] = [float(v) for v in f.read().split()]
    ref = maps[entries[0].label]
    for e in entries:
        m = maps[e.label]
        if len(m) != len(ref):
            raise BenchError(f"{row}: {e.label}'s map has {len(m)} cells, {entries[0].label}'s {len(ref)}")
        e.map_delta = max(abs(a - b) if not (math.isnan(a) or math.isnan(b)) else math.inf
                          for a, b in zip(m, ref))
        if e.map_delta > args.map_tolerance:
            raise BenchError(f"{row}: {e.label}'s map differs from {entries[0].label}'s: "
                             f"largest |delta log10| {e.map_delta:.3g} > {args.map_tolerance:g}")


# ---- formatting ---------------------------------------------------------------------------------

def fmt_ms(v):
    if v >= 1000:
        return f"{v / 1000:.2f} s"
    return f"{v:.1f} ms" if v >= 10 else f"{v:.2f} ms" if v >= 1 else f"{v:.3f} ms"


def fmt_time(e):
    return f"{fmt_ms(e.median())} [{fmt_ms(min(e.round_medians))}–{fmt_ms(max(e.round_medians))}]"


def round_ratios(num, den):
    return [a / b for a, b in zip(num.round_medians, den.round_medians)]


def fmt_ratio(num, den, digits=None):
    ratio = num.median() / den.median()
    per_round = round_ratios(num, den)

    def f(x):
        d = digits if digits is not None else (2 if x < 10 else 1 if x < 100 else 0)
        return f"{x:.{d}f}"
    return f"{f(ratio)}× [{f(min(per_round))}–{f(max(per_round))}]"


def bytes_text(n):
    return f"{n / 1e9:.2f} GB" if n >= 1e9 else f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{n / 1e3:.1f} kB"


def median_of(entry, key):
    values = [v for answer in entry.runs for v in answer.get(key, [])]
    return statistics.median(values) if values else None


def table_run(results, args):
    out = []
    out.append("| workload | this library | PyTorch eager | JAX jit | micrograd | speed-up vs PyTorch "
               "| speed-up vs JAX | vs micrograd | checksums |")
    out.append("|---|---|---|---|---|---|---|---|---|")
    for row, entries in results.items():
        by_system = {}
        for e in entries:
            by_system.setdefault(e.system, []).append(e)
        others = {s: by_system.get(s, [None])[0] for s in ("pytorch", "jax", "micrograd")}
        for j in by_system.get("java", []):
            if j.workload == "W6-nd4j":
                continue
            name = f"{row}: {DESCRIPTIONS[row]}"
            if j.workload != row:
                name += f" — {JAVA_VARIANTS[j.workload].replace(row + ' ', '')}"
            cells = [name, fmt_time(j)]
            cells += [fmt_time(o) if o else "—" for o in others.values()]
            cells += [fmt_ratio(o, j) if o else "—" for o in others.values()]
            sums = [e.warmup["checksum"] for e in entries]
            cells.append(f"agree ({len(sums)}; {sums[0]:.10g})")
            out.append("| " + " | ".join(cells) + " |")
    out.append("")
    out.append("Times: median of the round medians [lowest–highest round median]; speed-ups: ratio of the "
               "medians [lowest–highest per-round ratio]; above 1× this library is faster.")

    # First calls and compile times.
    out.append("")
    out.append("| workload | this library, first run (fresh JVM) | PyTorch first run | JAX compile; first run "
               "| micrograd first run |")
    out.append("|---|---|---|---|---|")
    for row, entries in results.items():
        def first(system):
            es = [e for e in entries if e.system == system]
            if not es:
                return "—"
            if system == "jax":
                return f"{fmt_ms(es[0].warmup.get('compile_ms', 0))}; {fmt_ms(es[0].warmup['first_ms'])}"
            return "; ".join(f"{fmt_ms(e.warmup['first_ms'])}" + (f" ({e.workload})" if len(es) > 1 else "")
                             for e in es)
        out.append(f"| {row} | {first('java')} | {first('pytorch')} | {first('jax')} | {first('micrograd')} |")

    # CPU time: less sensitive to other processes on a shared machine than wall time.
    out.append("")
    out.append("| workload | process CPU time per run (median): this library | PyTorch eager | JAX jit | micrograd |")
    out.append("|---|---|---|---|---|")
    for row, entries in results.items():
        def cpu(system):
            es = [e for e in entries if e.system == system and e.workload != "W6-nd4j"]
            return "; ".join(fmt_ms(median_of(e, "cpu_ms")) + (f" ({e.workload})" if len(es) > 1 else "")
                             for e in es) or "—"
        out.append(f"| {row} | {cpu('java')} | {cpu('pytorch')} | {cpu('jax')} | {cpu('micrograd')} |")

    # Java allocation.
    out.append("")
    out.append("| this library | allocated per run (all Java threads) | GC time per run | wall time |")
    out.append("|---|---|---|---|")
    for row, entries in results.items():
        for e in entries:
            if e.system not in ("java", "nd4j"):
                continue
            alloc, gc = (median_of(e, k) for k in ("alloc_bytes", "gc_ms"))
            out.append(f"| {JAVA_VARIANTS.get(e.workload, e.workload)} | {bytes_text(alloc)} | {fmt_ms(gc)} "
                       f"| {fmt_ms(e.median())} |")

    if "W6" in results:
        es = {e.workload if e.system in ("java", "nd4j") else e.system: e for e in results["W6"]}
        flops = 2.0 * 1024 ** 3
        gf = {k: flops / e.median() / 1e6 for k, e in es.items()}
        best_other = max(v for k, v in gf.items() if k != "W6")
        out.append("")
        names = {"W6": "this library", "W6-nd4j": "ND4J directly (own JVM)", **SYSTEM_TITLES}
        line = "W6 GFLOP/s (from the medians): " + ", ".join(f"{names[k]} {v:.1f}" for k, v in gf.items())
        if "W6" in gf:
            share = gf["W6"] / best_other
            line += (f". This library reaches {share:.0%} of the best other BLAS measured "
                     f"(issue 15's target ≥ 80%: {'met' if share >= 0.8 else 'NOT met'}).")
        out.append(line)
    if "W7" in results:
        es = results["W7"]
        out.append("")
        out.append("W7 maps: largest |Δ log10| against " + es[0].label + ": " + ", ".join(
            f"{e.label} {e.map_delta:.2g}" for e in es[1:]) + ".")
        by = {e.workload: e for e in es if e.system == "java"}
        if "W7-sweep" in by and "W7-values" in by:
            speedup = by["W7-values"].median() / by["W7-sweep"].median()
            out.append(f"W7 sweep speed-up on {os.cpu_count()} cores: {speedup:.1f}× "
                       f"(serial Values / Sweep; target ≥ {0.8 * os.cpu_count():.1f}×)")

    # Targets.
    lines = []
    for row, system, target in TARGETS:
        if row not in results:
            continue
        java = [e for e in results[row] if e.system == "java" and e.workload != "W6-nd4j"]
        other = [e for e in results[row] if e.system == system]
        if not java or not other:
            continue
        best = min(java, key=lambda e: e.median())
        ratio = other[0].median() / best.median()
        lines.append(f"- {row} ≥ {target:g}× {SYSTEM_TITLES[system]}: {ratio:.2f}× "
                     f"({'met' if ratio >= target else 'NOT met'}"
                     + (f"; best Java variant: {best.workload}" if len(java) > 1 else "") + ")")
    if lines:
        out.append("")
        out.append("Against issue 15's targets (this run):")
        out.extend(lines)
    return "\n".join(out)


def table_compare(results, args):
    out = [f"| workload | A = {args.label_a} | B = {args.label_b} | B/A wall time [per-round range] "
           "| B/A CPU time | rounds B faster | verdict |",
           "|---|---|---|---|---|---|---|"]
    for row, entries in results.items():
        by = {}
        for e in entries:
            by.setdefault(e.workload, {})[e.system] = e
        for workload, pair in by.items():
            a, b = pair.get("A"), pair.get("B")
            if not (a and b):
                continue
            ratio = b.median() / a.median()
            per_round = round_ratios(b, a)
            cpu = median_of(b, "cpu_ms") / median_of(a, "cpu_ms")
            faster = sum(1 for x in per_round if x < 1)
            half_range = (max(per_round) - min(per_round)) / 2
            if ratio > 1 + max(half_range, 0.02):
                verdict = f"B slower by {ratio - 1:.0%}"
            elif ratio < 1 - max(half_range, 0.02):
                verdict = f"B faster by {1 - ratio:.0%}"
            else:
                verdict = "within the spread"
            if verdict != "within the spread" and abs(cpu - 1) < abs(ratio - 1) / 3:
                verdict += " (CPU time disagrees: waiting for the CPU, not work; rerun)"
            out.append(f"| {workload}: {DESCRIPTIONS.get(workload[:2], '')} | {fmt_time(a)} | {fmt_time(b)} "
                       f"| {ratio:.3f} [{min(per_round):.3f}–{max(per_round):.3f}] | {cpu:.3f} "
                       f"| {faster}/{len(per_round)} | {verdict} |")
    out.append("")
    out.append("Times: median of the round medians [lowest–highest round median]. B/A below 1: B is faster. "
               "'within the spread' when B/A is within half the range of the per-round ratios (at least 2%) of 1. "
               "CPU time: the whole JVM's, median per run (less sensitive to other processes than wall time).")
    alloc = []
    for row, entries in results.items():
        pairs = {}
        for e in entries:
            pairs.setdefault(e.workload, {})[e.system] = median_of(e, "alloc_bytes")
        for workload, p in pairs.items():
            if p.get("A") is not None and p.get("B") is not None:
                alloc.append(f"{workload} {bytes_text(p['A'])} → {bytes_text(p['B'])}")
    if alloc:
        out.append("")
        out.append("Allocated per run (A → B): " + "; ".join(alloc) + ".")
    return "\n".join(out)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--mode", choices=("run", "compare"), default="run")
    p.add_argument("--system", action="append", default=[], metavar="NAME=COMMAND",
                   help="a worker command (run: java, pytorch, jax, micrograd; compare: A and B)")
    p.add_argument("--workloads", default="W1,W2,W3,W4,W5,W6,W7")
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--runs-per-round", type=int, default=3)
    p.add_argument("--gap-seconds", type=float, default=0.3,
                   help="pause before each entry's runs in a round, so no system's idle threads still spin")
    p.add_argument("--forks", type=int, default=1,
                   help="fresh workers per row, one after another; their rounds are pooled (as JMH's forks)")
    p.add_argument("--warmup-runs", type=int, default=2)
    p.add_argument("--warmup-seconds", type=float, default=2.0)
    p.add_argument("--tolerance", type=float, default=1e-6, help="relative, for checksums")
    p.add_argument("--map-tolerance", type=float, default=1e-6, help="largest |delta log10| between W7 maps")
    p.add_argument("--out", required=True)
    p.add_argument("--label-a", default="A")
    p.add_argument("--label-b", default="B")
    p.add_argument("--header", action="append", default=[], help="a line for the top of the table")
    args = p.parse_args()
    os.makedirs(args.out, exist_ok=True)
    cmds = dict(s.split("=", 1) for s in args.system)
    rows = [w.strip() for w in args.workloads.split(",") if w.strip()]
    for w in rows:
        if w not in ROW_ENTRIES:
            p.error(f"unknown workload {w} (one of {', '.join(ROW_ENTRIES)})")

    def say(msg):
        print(msg, file=sys.stderr, flush=True)

    started = time.time()
    load_start = loadavg()
    results = {}
    try:
        for row in rows:
            if args.mode == "run":
                entries = [Entry(s, w) for s, w in ROW_ENTRIES[row] if s in cmds]
            else:
                variants = [w for s, w in ROW_ENTRIES[row] if s == "java"]
                entries = [Entry(s, w) for w in variants for s in ("A", "B")]
            merged = {}
            for fork in range(args.forks):
                fresh = [Entry(e.system, e.workload) for e in entries]
                say(f"== {row} ({', '.join(dict.fromkeys(e.system for e in fresh))})"
                    + (f", fork {fork + 1}/{args.forks}" if args.forks > 1 else "") + f", load {loadavg()}")
                for e in run_row(row, fresh, cmds, args, say):
                    if e.label not in merged:
                        merged[e.label] = e
                    else:
                        merged[e.label].round_medians += e.round_medians
                        merged[e.label].runs += e.runs
            results[row] = list(merged.values())
    except BenchError as e:
        say(f"\nbench: FAILED: {e}")
        return 1
    minutes = (time.time() - started) / 60
    header = list(args.header) + [
        f"{datetime.datetime.now().isoformat(timespec='minutes')}, {minutes:.1f} min; load average at start "
        f"{load_start}, at end {loadavg()} ({os.cpu_count()} cores, {platform.machine()}).",
        f"{args.rounds} interleaved rounds per workload"
        + (f" in each of {args.forks} forks (fresh workers)" if args.forks > 1 else "")
        + f"; per round each entry runs {args.runs_per_round}× after a {args.gap_seconds:g} s pause "
        f"(1× if its last warm-up run took over 1 s); warm-up per worker: first run + at least {args.warmup_runs} "
        f"run(s) and {args.warmup_seconds:g} s of its CPU time.", ""]
    warning = load_warning()
    if warning:
        header += [warning, ""]
    table = table_run(results, args) if args.mode == "run" else table_compare(results, args)
    text = "\n".join(header) + "\n" + table + "\n"
    with open(os.path.join(args.out, "table.md"), "w") as f:
        f.write(text)
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump({row: [{"system": e.system, "workload": e.workload, "warmup": e.warmup,
                          "round_medians_ms": e.round_medians, "runs": e.runs, "map_delta": e.map_delta}
                         for e in entries] for row, entries in results.items()}, f, indent=1)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
