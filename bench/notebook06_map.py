"""Notebook 06's sensitivity map, old against new, in interleaved rounds in one real kernel.

A = the serial 41 x 41 map of scalar Values (notebook 06 before the Sweep), B<size> = the 81 x 81 map as a
batched Sweep with batches of <size> pendulums. Round 0 warms up; prints medians and per-round ratios to A.

    .venv/bin/python bench/notebook06_map.py notebooks/06-double-pendulum.ipynb [rounds=5] [sizes=81,243]

Needs the kernel installed (./kernel-setup.sh). Cells 1, 3 and 12 of the notebook must stay the pendulum's
right-hand side, its Derivative and the batched sensitivities (the script runs them, not copies of them).
"""
import json, os, sys, time, re, statistics
os.environ["JUPYTER_PREFER_ENV_PATH"] = "1"
import jupyter_client
nb = json.load(open(sys.argv[1]))
rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
km, kc = jupyter_client.manager.start_new_kernel(kernel_name="autograd-java")
def run(code, timeout=600):
    reply = kc.execute_interactive(code, timeout=timeout, output_hook=lambda m: outs.append(m))
    return reply
outs = []
def text():
    t = ""
    for m in outs:
        if m["msg_type"] == "stream": t += m["content"]["text"]
        if m["msg_type"] == "error": t += "ERROR " + m["content"]["evalue"]
    return t
src = lambda i: "".join(nb["cells"][i]["source"])
for i in (1, 3):
    run(src(i))
run("double h = 0.01; int steps = 500;")
run(src(12).split("int cells = 81;")[0])  # pendulumBatch + sensitivities
run('''double sensitivity(double theta1, double theta2) {
    Value start1 = new Value(theta1);
    List<Value> start = List.of(start1, Value.constant(theta2), Value.constant(0), Value.constant(0));
    Ode.euler(dynamics, start, h, steps).get(steps).get(1).backward();
    return Math.abs(start1.grad);
}''')
A = '''{ int cells = 41; double[] angles = Grid.linspace(-Math.PI, Math.PI, cells); double[][] m = new double[cells][cells];
long c0 = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime(); long t0 = System.nanoTime();
for (int j = 0; j < cells; j++) for (int i = 0; i < cells; i++) m[j][i] = Math.log10(sensitivity(angles[i], angles[j]) + 1e-12);
System.out.println("A " + (System.nanoTime() - t0) / 1e9 + " cpu " + (((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() - c0) / 1e9); }'''
def B(size): return '''{ int cells = 81; long c0 = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime(); long t0 = System.nanoTime();
SweepResults map = Sweep.over(Param.linspace("θ2", -Math.PI, Math.PI, cells), Param.linspace("θ1", -Math.PI, Math.PI, cells)).progress(false).runBatched(SIZE, batch -> sensitivities(batch));
System.out.println("BSIZE " + (System.nanoTime() - t0) / 1e9 + " cpu " + (((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() - c0) / 1e9 + " " + map.backend()); }'''.replace("SIZE", str(size))
sizes = [int(x) for x in sys.argv[3].split(",")] if len(sys.argv) > 3 else [81, 243]
variants = [("A", A)] + [("B" + str(k), B(k)) for k in sizes]
res = {name: [] for name, _ in variants}
cpu = {name: [] for name, _ in variants}
for r in range(rounds + 1):
    for name, code in variants:
        outs.clear(); run(code)
        m = re.search(name + r" ([\d.]+)", text())
        if not m: print(text()); sys.exit(1)
        c = re.search(name + r" [\d.]+ cpu ([\d.]+)", text())
        if r > 0:  # round 0 warms up
            res[name].append(float(m.group(1)))
            cpu[name].append(float(c.group(1)))
        print(f"round {r} {name} {m.group(1)} s, cpu {c.group(1)} s", flush=True)
kc.stop_channels(); km.shutdown_kernel(now=True)
a = statistics.median(res["A"])
for name, v in res.items():
    ratios = sorted(x / y for x, y in zip(v, res["A"]))
    cratios = sorted(x / y for x, y in zip(cpu[name], cpu["A"]))
    print(f"{name} process CPU: median {statistics.median(cpu[name]):.2f} s; per-round ratio to A: median {statistics.median(cratios):.2f} (min {cratios[0]:.2f}, max {cratios[-1]:.2f})")
    print(f"{name}: median {statistics.median(v):.2f} s (min {min(v):.2f}, max {max(v):.2f}); per-round ratio to A: median {statistics.median(ratios):.2f} (min {ratios[0]:.2f}, max {ratios[-1]:.2f}) over {rounds} interleaved rounds")
