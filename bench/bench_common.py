"""Shared by the Python benchmark workers: the data, the weight initializer and the worker protocol.

The data files and the initializer are the same as the Java harness's (bench/java/.../BenchData.java
and Workloads.Lcg), so every system starts from the same numbers and must end with the same checksum.

A worker stays alive across the rounds of bench/interleave.py and answers commands on stdin, one
per line, with one line "@@bench {json}" each on stdout (the Java worker speaks the same protocol):

    list                      the workloads this worker runs
    warmup W MIN_RUNS MIN_S   setup (setup_ms: loading data, JAX: compile_ms too), the first call
                              (first_ms), then runs until at least MIN_RUNS runs and MIN_S seconds
                              of the process's CPU time
                              (last_ms: the last of them)
    run W N                   N timed runs, each on freshly prepared parameters (wall and CPU time)
    map W FILE                writes the last W7 map (log10 values, one per line)
    quit

A workload is a factory(data_dir) -> prepare; prepare() builds fresh parameters (not timed) and
returns the timed body; body() returns the checksum (a float) or, for W7, the map (a sequence of
floats; its checksum is its sum).
"""
import json
import math
import os
import sys
import time

MASK64 = (1 << 64) - 1
ANSWER = "@@bench "


class Lcg:
    """64-bit LCG with Knuth's MMIX constants; uniform numbers in [-1, 1), identical to Java's."""

    def __init__(self, seed):
        self.state = seed & MASK64

    def next(self):
        self.state = (self.state * 6364136223846793005 + 1442695040888963407) & MASK64
        return (self.state >> 11) * 2.0 ** -53 * 2 - 1


def read_data(data_dir, name):
    """Rows of (x1, x2) and labels from one of the CSV files the Java side wrote."""
    import csv
    xs, ys = [], []
    with open(os.path.join(data_dir, name)) as f:
        reader = csv.reader(f)
        next(reader)
        for row in reader:
            xs.append((float(row[0]), float(row[1])))
            ys.append(float(row[2]))
    return xs, ys


# ---- W7: the grid and the pendulum, as the Java harness has them ------------------------------

W7_CELLS = 41
PENDULUM_STEPS = 500
PENDULUM_H = 0.01


def w7_angles(n=W7_CELLS):
    """linspace(-pi, pi, n) computed exactly as Java's Grid.linspace (so all systems start alike)."""
    return [math.pi if k == n - 1 else -math.pi + (math.pi - -math.pi) * k / (n - 1) for k in range(n)]


def w7_grid():
    """theta1 and theta2 of every cell, row j = theta2 = angles[j], column i = theta1 = angles[i], flat."""
    a = w7_angles()
    n = len(a)
    return [a[i] for j in range(n) for i in range(n)], [a[j] for j in range(n) for i in range(n)]


def log10_sensitivity(gradient):
    return math.log10(abs(gradient) + 1e-12)


# ---- the worker ---------------------------------------------------------------------------------

def _answer(obj):
    sys.stdout.write(ANSWER + json.dumps(obj) + "\n")
    sys.stdout.flush()


class _Workload:
    def __init__(self, factory, data_dir):
        t0 = time.perf_counter()
        self.prepare = factory(data_dir)
        self.setup_ms = (time.perf_counter() - t0) * 1e3
        self.last_map = None

    def call(self, body):
        out = body()
        if isinstance(out, (int, float)):
            return float(out)
        self.last_map = [float(v) for v in out]
        return math.fsum(self.last_map)


def serve(system, workloads, data_dir, before=None):
    """The command loop. `before(name)` runs before each command on workload `name` (e.g. threads)."""
    loaded = {}

    def get(name):
        if name not in workloads:
            raise ValueError(f"unknown workload {name} (one of {', '.join(workloads)})")
        if before:
            before(name)
        if name not in loaded:
            loaded[name] = _Workload(workloads[name], data_dir)
        return loaded[name]

    for line in sys.stdin:
        cmd = line.split()
        if not cmd:
            continue
        try:
            if cmd[0] == "quit":
                return
            if cmd[0] == "list":
                _answer({"system": system, "workloads": list(workloads)})
            elif cmd[0] == "warmup":
                name, min_runs, min_seconds = cmd[1], int(cmd[2]), float(cmd[3])
                w = get(name)
                body = w.prepare()
                t0 = time.perf_counter()
                checksum = w.call(body)
                first_ms = (time.perf_counter() - t0) * 1e3
                warmups = 0
                last_ms = first_ms
                end = time.process_time() + min_seconds  # CPU seconds: load must not shorten the warm-up
                while warmups < min_runs or time.process_time() < end:
                    body = w.prepare()
                    t0 = time.perf_counter()
                    w.call(body)
                    last_ms = (time.perf_counter() - t0) * 1e3
                    warmups += 1
                answer = {"workload": name, "setup_ms": w.setup_ms, "first_ms": first_ms,
                          "warmups": warmups, "last_ms": last_ms, "checksum": checksum}
                if hasattr(w.prepare, "compile_ms"):
                    answer["compile_ms"] = w.prepare.compile_ms
                _answer(answer)
            elif cmd[0] == "run":
                name, n = cmd[1], int(cmd[2])
                w = get(name)
                times, sums, cpu = [], [], []
                for _ in range(n):
                    body = w.prepare()
                    c0 = time.process_time()
                    t0 = time.perf_counter()
                    sums.append(w.call(body))
                    times.append((time.perf_counter() - t0) * 1e3)
                    cpu.append((time.process_time() - c0) * 1e3)  # the process's CPU time, all threads
                _answer({"workload": name, "times_ms": times, "checksums": sums, "cpu_ms": cpu})
            elif cmd[0] == "map":
                name, path = cmd[1], cmd[2]
                w = get(name)
                if w.last_map is None:
                    raise ValueError(f"no map computed yet for {name}")
                with open(path, "w") as f:
                    f.write("".join(f"{v!r}\n" for v in w.last_map))
                _answer({"workload": name, "file": path})
            else:
                raise ValueError(f"unknown command {cmd[0]}")
        except Exception as e:  # the driver reports it and stops; the worker stays usable
            import traceback
            traceback.print_exc()
            _answer({"error": f"{type(e).__name__}: {e}"})


def main(system, workloads, before=None):
    import argparse
    p = argparse.ArgumentParser(description=f"{system} benchmark worker (driven by bench/interleave.py)")
    p.add_argument("--data", required=True, help="directory with the CSV files written by the Java harness")
    p.add_argument("--serve", action="store_true", help="answer commands on stdin (the default)")
    args = p.parse_args()
    serve(system, workloads, args.data, before)
