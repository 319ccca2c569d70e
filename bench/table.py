"""Reads the RESULT lines of the three systems and prints the comparison table (Markdown).

Usage: python3 bench/table.py build/bench-results/raw.txt
"""
import sys

DESCRIPTIONS = {
    "W1": "scalar MLP 2-16-16-1, 100 moons, 25 epochs per-sample SGD",
    "W2": "double pendulum, 500 Euler steps of scalars + backward",
    "W3": "perceptron tanh(w·x+b), 100 blobs, 400 epochs GD",
    "W4": "tensor MLP 2-16-16-1, 100 moons, 1000 full-batch steps",
    "W5": "tensor MLP 2-256-256-1, 10 000 moons, 50 Adam steps",
    "W6": "matmul 1024×1024 doubles",
}
# Speed-up targets from the issue: (vs PyTorch, vs micrograd); W6 is judged by GFLOP/s.
TARGETS = {"W1": (20, 300), "W2": (50, None), "W3": (30, None), "W4": (3, None), "W5": (1, None), "W6": (None, None)}


def parse(path):
    results = {}
    memory = None
    with open(path) as f:
        for line in f:
            if not line.startswith("RESULT "):
                continue
            fields = dict(kv.split("=", 1) for kv in line.split()[1:] if "=" in kv)
            if fields["workload"] == "memory":
                memory = fields
                continue
            results[(fields["system"], fields["workload"])] = fields
    return results, memory


def ms(value):
    v = float(value)
    return f"{v / 1000:.2f} s" if v >= 1000 else f"{v:.1f} ms" if v >= 10 else f"{v:.2f} ms"


def main():
    results, memory = parse(sys.argv[1])
    rows = ["| workload | this library (median; first run) | PyTorch (median) | micrograd (median) "
            "| speed-up vs PyTorch (target) | vs micrograd (target) | checksums |",
            "|---|---|---|---|---|---|---|"]
    for w in ["W1", "W2", "W3", "W4", "W5", "W6"]:
        j, t, m = (results.get((s, w)) for s in ("java", "pytorch", "micrograd"))
        if not (j or t or m):
            continue
        cells = [f"{w}: {DESCRIPTIONS[w]}"]
        cells.append(f"{ms(j['median_ms'])}; {ms(j['first_ms'])}" if j else "—")
        cells.append(ms(t["median_ms"]) if t else "—")
        cells.append(ms(m["median_ms"]) if m else "—")
        target_t, target_m = TARGETS[w]
        for other, target in ((t, target_t), (m, target_m)):
            if j and other:
                ratio = float(other["median_ms"]) / float(j["median_ms"])
                goal = f" (≥ {target}×: {'met' if ratio >= target else 'NOT met'})" if target else ""
                cells.append(f"{ratio:.1f}×{goal}")
            else:
                cells.append("—")
        sums = [float(r["checksum"]) for r in (j, t, m) if r]
        agree = all(abs(s - sums[0]) <= 1e-6 * max(1.0, abs(sums[0])) for s in sums)
        cells.append(("equal" if agree else "DIFFER: " + ", ".join(f"{s:.10g}" for s in sums)))
        rows.append("| " + " | ".join(cells) + " |")
    print("\n".join(rows))
    j6, t6, n6 = (results.get((s, w)) for s, w in (("java", "W6"), ("pytorch", "W6"), ("java", "W6-nd4j")))
    if j6:
        line = f"\nW6 throughput: this library {j6.get('gflops')} GFLOP/s (matmul backend {j6.get('matmul')})"
        best = []
        if n6:
            line += f"; ND4J's BLAS called directly {n6.get('gflops')} GFLOP/s"
            best.append(float(n6["gflops"]))
        if t6:
            line += f"; PyTorch {t6.get('gflops')} GFLOP/s ({t6.get('threads')} threads)"
            best.append(float(t6["gflops"]))
        if best:
            share = float(j6["gflops"]) / max(best)
            line += (f". Share of the best BLAS measured: {share:.0%} "
                     f"(target ≥ 50%: {'met' if share >= 0.5 else 'NOT met'})")
        print(line)
    for extra in sys.argv[2:]:
        print(extra)
    if memory:
        print(f"\nScalar graph node: {memory['bytes_per_node']} bytes per node "
              f"(heap growth over {memory['nodes']} nodes after GC)")


if __name__ == "__main__":
    main()
