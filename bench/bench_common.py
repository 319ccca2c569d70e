"""Shared by the Python benchmark scripts: the data, the weight initializer and the timing.

The data files and the initializer are the same as the Java harness's (bench/java/.../BenchData.java
and Workloads.Lcg), so all three systems start from the same numbers and must end with the
same checksum.
"""
import csv
import os
import statistics
import sys
import time

MASK64 = (1 << 64) - 1


class Lcg:
    """64-bit LCG with Knuth's MMIX constants; uniform numbers in [-1, 1), identical to Java's."""

    def __init__(self, seed):
        self.state = seed & MASK64

    def next(self):
        self.state = (self.state * 6364136223846793005 + 1442695040888963407) & MASK64
        return (self.state >> 11) * 2.0 ** -53 * 2 - 1


def read_data(data_dir, name):
    """Rows of (x1, x2) and labels from one of the CSV files the Java side wrote."""
    xs, ys = [], []
    with open(os.path.join(data_dir, name)) as f:
        reader = csv.reader(f)
        next(reader)
        for row in reader:
            xs.append((float(row[0]), float(row[1])))
            ys.append(float(row[2]))
    return xs, ys


def measure(system, workload, prepare, repeats, min_warmup_seconds=1.0, extra=None):
    """Times prepare()() : the first call, then warm-up calls, then `repeats` calls; prints a RESULT line."""
    body = prepare()
    t0 = time.perf_counter()
    checksum = body()
    first_ms = (time.perf_counter() - t0) * 1e3
    warmups = 0
    end = time.perf_counter() + min_warmup_seconds
    while time.perf_counter() < end:
        body = prepare()
        body()
        warmups += 1
    # Without warm-up (plain CPython has no JIT to warm) the first run is one of the samples.
    times = [first_ms] if min_warmup_seconds == 0 else []
    while len(times) < repeats:
        body = prepare()
        t0 = time.perf_counter()
        body()
        times.append((time.perf_counter() - t0) * 1e3)
    median = statistics.median(times)
    line = (f"RESULT system={system} workload={workload} first_ms={first_ms:.3f} median_ms={median:.3f} "
            f"min_ms={min(times):.3f} runs={repeats} warmups={warmups} checksum={checksum:.12g}")
    if extra:
        line += " " + extra(median)
    print(line, flush=True)


def parse_args(argv):
    import argparse
    p = argparse.ArgumentParser()
    p.add_argument("--data", required=True, help="directory with the CSV files written by the Java harness")
    p.add_argument("--workload", action="append", help="W1..W6 (repeatable); default all this system runs")
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--min-warmup-seconds", type=float, default=1.0)
    p.add_argument("--threads", type=int, default=0, help="torch threads (0: one for W1-W4, all cores for W5-W6)")
    return p.parse_args(argv)
