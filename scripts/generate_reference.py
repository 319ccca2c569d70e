#!/usr/bin/env python3
"""Golden values for autograd-java's tests, computed by PyTorch in float64.

Writes src/test/resources/reference/{value_ops,variable_ops,demos}.json: every op of both
engines (Value and Variable) at several points, with the result and the gradient of every
input, plus the demo functions of the notebooks (the x = 10 function, the quadratic, the
contour function, the double pendulum). src/test/java/autograd/ReferenceTest.java compares
the Java engines to these files with relative tolerance 1e-10.

Run from the repository root:   python3 scripts/generate_reference.py
Check the committed files instead of writing them:   python3 scripts/generate_reference.py --check
Needs PyTorch (any recent version; the files record which one made them). Inputs come from
Python's own `random.Random(seed)`, so a second run on the same machine writes the same bytes.
On another machine (CPU, BLAS build, libm) the last digit of some results may differ: matmul,
linear and dot go through BLAS kernels whose summation order and use of fused multiply-add depend
on the CPU. `--check` recomputes everything and compares it with the committed files under the
tests' own rule (|new - committed| <= 1e-10 * the largest |committed| of each array, exact zeros
exact, NaN where NaN), prints how many numbers differ and by how much, and exits 1 if any is
beyond that tolerance.

Names of cases matter: the Java test maps each name to the same expression in Java and fails
when a name is missing on either side.
"""
import json
import math
import os
import random
import sys

try:
    import torch
except ImportError:
    sys.exit("generate_reference.py needs PyTorch: install it (e.g. `pip install torch` or Debian's "
             "python3-torch) and run the script again")

torch.set_default_dtype(torch.float64)
OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "test", "resources", "reference")


def header(what):
    return {
        "generated_by": "scripts/generate_reference.py",
        "what": what,
        "torch_version": torch.__version__,
        "python_version": sys.version.split()[0],
        "dtype": "float64",
    }


def scalar_case(name, fn, points):
    """fn takes 0-d tensors and returns a 0-d tensor; one record per point."""
    records = []
    for point in points:
        xs = [torch.tensor(float(p), requires_grad=True) for p in point]
        y = fn(*xs)
        y.backward()
        records.append({
            "name": name,
            "at": [float(p) for p in point],
            "value": y.item(),
            "grad": [x.grad.item() if x.grad is not None else 0.0 for x in xs],
        })
    return records


def write(filename, payload):
    path = os.path.normpath(os.path.join(OUT_DIR, filename))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(payload, f, indent=1)
        f.write("\n")
    print("wrote", path)


# ---- Value (scalar) ops ---------------------------------------------------------------------------

def value_ops():
    rng = random.Random(1)
    def pts(n, lo, hi, arity=1):
        return [[round(rng.uniform(lo, hi), 6) for _ in range(arity)] for _ in range(n)]

    cases = []
    any2 = pts(4, -3, 3, 2)
    nonzero_b = [[a, b if abs(b) > 0.3 else b + 1.0] for a, b in pts(4, -3, 3, 2)]
    cases += scalar_case("add", lambda a, b: a + b, any2)
    cases += scalar_case("sub", lambda a, b: a - b, any2)
    cases += scalar_case("mul", lambda a, b: a * b, any2)
    cases += scalar_case("div", lambda a, b: a / b, nonzero_b)
    cases += scalar_case("pow", lambda a, b: a ** b, pts(4, 0.2, 3, 2))
    cases += scalar_case("pow_integer_exponent_negative_base", lambda a, b: a ** b, [[-1.7, 3.0], [-0.6, 2.0]])
    cases += scalar_case("add_const", lambda a: a + 2.5, pts(3, -3, 3))
    cases += scalar_case("sub_const", lambda a: a - 2.5, pts(3, -3, 3))
    cases += scalar_case("mul_const", lambda a: a * -1.5, pts(3, -3, 3))
    cases += scalar_case("div_const", lambda a: a / 0.75, pts(3, -3, 3))
    cases += scalar_case("pow_const", lambda a: a ** 2.5, pts(3, 0.1, 3))
    cases += scalar_case("pow_const_int", lambda a: a ** 3, pts(3, -3, 3))
    cases += scalar_case("pow_const_negative", lambda a: a ** -1.5, pts(3, 0.2, 3))
    cases += scalar_case("rsub", lambda a: 1.0 - a, pts(3, -3, 3))
    cases += scalar_case("rdiv", lambda a: 2.0 / a, pts(3, 0.2, 3))
    cases += scalar_case("rpow", lambda a: 2.0 ** a, pts(3, -3, 3))
    cases += scalar_case("neg", lambda a: -a, pts(3, -3, 3))
    cases += scalar_case("exp", torch.exp, pts(3, -3, 3))
    cases += scalar_case("log", torch.log, pts(3, 0.05, 5))
    cases += scalar_case("sqrt", torch.sqrt, pts(3, 0.05, 5))
    cases += scalar_case("tanh", torch.tanh, pts(3, -3, 3) + [[20.0], [-20.0]])
    cases += scalar_case("sigmoid", torch.sigmoid, pts(3, -3, 3) + [[-40.0], [40.0], [-800.0]])
    cases += scalar_case("relu", torch.relu, pts(3, -3, 3) + [[0.0]])
    cases += scalar_case("abs", torch.abs, pts(3, -3, 3) + [[0.0]])
    cases += scalar_case("sin", torch.sin, pts(3, -3, 3))
    cases += scalar_case("cos", torch.cos, pts(3, -3, 3))
    # The n-ary nodes: dot products and sums of many terms, with inputs used more than once.
    cases += scalar_case("dot", lambda a0, a1, a2, b0, b1, b2: torch.dot(torch.stack([a0, a1, a2]),
                                                                         torch.stack([b0, b1, b2])), pts(3, -3, 3, 6))
    cases += scalar_case("dot_shared_inputs", lambda a, b: torch.dot(torch.stack([a, b, a]), torch.stack([b, a, a])),
                         pts(3, -3, 3, 2))
    cases += scalar_case("sum_many", lambda a, b, c: torch.stack([a, b, a, c, b * c]).sum(), pts(3, -3, 3, 3))
    cases += scalar_case("neuron", lambda b, w0, w1, w2: torch.tanh(b + torch.dot(torch.stack([w0, w1, w2]),
                                                                                   torch.tensor([0.5, -1.5, 2.0]))),
                         pts(3, -1, 1, 4))
    # The same node as base and exponent, and reused nodes (diamonds).
    cases += scalar_case("self_pow", lambda a: a ** a, pts(3, 0.2, 3))
    cases += scalar_case("diamond", lambda a: (a + a) * (a + a), pts(3, -3, 3))
    cases += scalar_case("mixed", lambda a, b: torch.tanh(a * b + torch.exp(-a)) * torch.sin(b) / (1 + b * b),
                         pts(4, -2, 2, 2))
    return cases


# ---- Variable (tensor) ops ------------------------------------------------------------------------

def rand_tensor(rng, shape, lo=-2.0, hi=2.0):
    n = 1
    for d in shape:
        n *= d
    return [round(rng.uniform(lo, hi), 6) for _ in range(n)]


def tensor_json(t):
    return {"shape": list(t.shape), "data": [float(v) for v in t.detach().reshape(-1).tolist()]}


def tensor_case(rng, name, fn, shapes, ranges=None):
    """Inputs of the given shapes; the loss is sum(out * w) for fixed weights w, so every output
    element's gradient path is tested (Java seeds backward with the same w)."""
    ranges = ranges or [(-2.0, 2.0)] * len(shapes)
    inputs = []
    for shape, (lo, hi) in zip(shapes, ranges):
        inputs.append(torch.tensor(rand_tensor(rng, shape, lo, hi)).reshape(shape).requires_grad_(True))
    out = fn(*inputs)
    weights = torch.tensor(rand_tensor(rng, list(out.shape), 0.5, 1.5)).reshape(out.shape)
    (out * weights).sum().backward()
    return {
        "name": name,
        "inputs": [tensor_json(x) for x in inputs],
        "weights": tensor_json(weights),
        "output": tensor_json(out),
        "grads": [tensor_json(x.grad) for x in inputs],
    }


def variable_ops():
    rng = random.Random(2)
    cases = []
    pos = (0.2, 3.0)
    broadcast_pairs = [([2, 3], [2, 3]), ([2, 3], [3]), ([2, 3], [2, 1]), ([3], []), ([1], [4]),
                       ([2, 1, 3], [4, 1]), ([3, 1], [1, 4])]
    binary = {
        "add": lambda a, b: a + b,
        "sub": lambda a, b: a - b,
        "mul": lambda a, b: a * b,
        "div": lambda a, b: a / b,
        "pow": lambda a, b: a ** b,
    }
    for op, fn in binary.items():
        for sa, sb in broadcast_pairs:
            tag = "x".join(map(str, sa)) or "scalar"
            tag += "_" + ("x".join(map(str, sb)) or "scalar")
            ranges = [pos, (-2.0, 2.0)] if op == "pow" else [(-2.0, 2.0), pos] if op == "div" else None
            cases.append(tensor_case(rng, op + "_" + tag, fn, [sa, sb], ranges))
    consts = {
        "add_const": lambda a: a + 2.5, "sub_const": lambda a: a - 2.5, "mul_const": lambda a: a * -1.5,
        "div_const": lambda a: a / 0.75, "rsub": lambda a: 1.0 - a, "rdiv": lambda a: 2.0 / a,
        "rpow": lambda a: 2.0 ** a, "pow_const": lambda a: a ** 2.5,
    }
    for op, fn in consts.items():
        ranges = [pos] if op in ("rdiv", "pow_const") else None
        cases.append(tensor_case(rng, op, fn, [[2, 3]], ranges))
    unary = {
        "neg": lambda a: -a, "exp": torch.exp, "log": torch.log, "sqrt": torch.sqrt, "tanh": torch.tanh,
        "sigmoid": torch.sigmoid, "relu": torch.relu, "abs": torch.abs, "sin": torch.sin, "cos": torch.cos,
    }
    for op, fn in unary.items():
        ranges = [pos] if op in ("log", "sqrt") else None
        cases.append(tensor_case(rng, op, fn, [[2, 3]], ranges))
    cases += [
        tensor_case(rng, "matmul_2x3_3x4", torch.matmul, [[2, 3], [3, 4]]),
        tensor_case(rng, "matmul_3_3x4", torch.matmul, [[3], [3, 4]]),
        tensor_case(rng, "matmul_2x3_3", torch.matmul, [[2, 3], [3]]),
        tensor_case(rng, "matmul_3_3", torch.matmul, [[3], [3]]),
        tensor_case(rng, "matmul_1x1_1x5", torch.matmul, [[1, 1], [1, 5]]),
        tensor_case(rng, "linear_5x3_3x4_4", lambda x, w, b: torch.addmm(b, x, w), [[5, 3], [3, 4], [4]]),
        tensor_case(rng, "linear_3_3x2_2", lambda x, w, b: x @ w + b, [[3], [3, 2], [2]]),
        tensor_case(rng, "sum_all", lambda a: a.sum(), [[2, 3]]),
        tensor_case(rng, "sum_axis0", lambda a: a.sum(0), [[2, 3]]),
        tensor_case(rng, "sum_axis1", lambda a: a.sum(1), [[2, 3]]),
        tensor_case(rng, "sum_axis_minus1_rank3", lambda a: a.sum(-1), [[2, 3, 4]]),
        tensor_case(rng, "sum_axis1_rank3", lambda a: a.sum(1), [[2, 3, 4]]),
        tensor_case(rng, "sum_axis1_keepdims", lambda a: a.sum(1, keepdim=True), [[2, 3]]),
        tensor_case(rng, "mean_all", lambda a: a.mean(), [[2, 3]]),
        tensor_case(rng, "mean_axis0", lambda a: a.mean(0), [[2, 3]]),
        tensor_case(rng, "mean_axis1", lambda a: a.mean(1), [[2, 3]]),
        tensor_case(rng, "transpose", lambda a: a.t(), [[2, 3]]),
        tensor_case(rng, "transpose_vector", lambda a: a.t(), [[3]]),
        tensor_case(rng, "reshape_3x2", lambda a: a.reshape(3, 2), [[2, 3]]),
        tensor_case(rng, "reshape_flat", lambda a: a.reshape(6), [[2, 3]]),
        tensor_case(rng, "reshape_scalar", lambda a: a.reshape(()), [[1]]),
        tensor_case(rng, "row1", lambda a: a[1], [[3, 2]]),
        tensor_case(rng, "slice_1_3", lambda a: a[1:3], [[4, 3]]),
        tensor_case(rng, "concat_axis0", lambda a, b: torch.cat([a, b], 0), [[2, 3], [1, 3]]),
        tensor_case(rng, "concat_axis1", lambda a, b, c: torch.cat([a, b, c], 1), [[2, 3], [2, 1], [2, 2]]),
        tensor_case(rng, "stack_axis0", lambda a, b: torch.stack([a, b], 0), [[2, 3], [2, 3]]),
        tensor_case(rng, "stack_axis1", lambda a, b: torch.stack([a, b], 1), [[2, 3], [2, 3]]),
        tensor_case(rng, "stack_axis_last", lambda a, b, c: torch.stack([a, b, c], -1), [[2, 3], [2, 3], [2, 3]]),
        tensor_case(rng, "linear_tanh_mse",
                    lambda x, w, b: ((torch.tanh(x @ w + b) - 0.5) ** 2).mean(), [[4, 3], [3, 2], [2]]),
    ]
    return cases


# ---- demo functions -------------------------------------------------------------------------------

def pendulum(theta1, theta2, p1, p2, h=0.01, steps=500, g=9.8):
    for _ in range(steps):
        c = torch.cos(theta1 - theta2)
        s = torch.sin(theta1 - theta2)
        denom = 16 - 9 * c * c
        d_theta1 = 6 * (2 * p1 - 3 * c * p2) / denom
        d_theta2 = 6 * (8 * p2 - 3 * c * p1) / denom
        d_p1 = -0.5 * (d_theta1 * d_theta2 * s + 3 * g * torch.sin(theta1))
        d_p2 = -0.5 * (-d_theta1 * d_theta2 * s + g * torch.sin(theta2))
        theta1, theta2, p1, p2 = theta1 + h * d_theta1, theta2 + h * d_theta2, p1 + h * d_p1, p2 + h * d_p2
    return theta1, theta2, p1, p2


def demos():
    cases = []
    cases += scalar_case("notebook_f", lambda x: ((x - 3) ** (2 / x) - 1) ** (x - 1), [[10.0], [7.5], [4.0]])
    cases += scalar_case("quadratic", lambda x: (x - 2) ** 2 + 4 * x - 2, [[-1.0], [0.0], [3.5]])
    contour = lambda x, y: -(1 - (x ** 2 + y ** 3)) * torch.exp(-(x ** 2 + y ** 2) / 2)
    cases += scalar_case("contour", contour, [[0.5, -0.3], [-1.2, 0.8], [1.5, 1.5], [0.1, -2.0]])
    f10 = [c for c in cases if c["name"] == "notebook_f" and c["at"] == [10.0]][0]
    assert abs(f10["value"] - 0.001249106470990061) < 1e-15, f10
    assert abs(f10["grad"][0] - -0.0012886539585819873) < 1e-15, f10

    start = [0.4, 0.0, 1.0, 4.0]
    xs = [torch.tensor(v, requires_grad=True) for v in start]
    final = pendulum(*xs)
    final[1].backward()
    pend = {
        "name": "double_pendulum",
        "h": 0.01, "steps": 500, "g": 9.8,
        "initial": start,
        "final_state": [t.item() for t in final],
        "dtheta2_dinitial": [x.grad.item() for x in xs],
    }
    return cases, pend


# ---- checking the committed files ---------------------------------------------------------------

RTOL = 1e-10  # ReferenceTest.RTOL: the tolerance the Java tests use


class Comparison:
    def __init__(self):
        self.numbers = 0
        self.different = 0
        self.worst = 0.0
        self.worst_at = None
        self.problems = []

    def arrays(self, where, committed, new):
        if len(committed) != len(new):
            self.problems.append("%s: %d numbers committed, %d now" % (where, len(committed), len(new)))
            return
        finite = [abs(c) for c in committed if math.isfinite(c)]
        scale = max(finite) if finite else 0.0
        for i, (c, n) in enumerate(zip(committed, new)):
            self.numbers += 1
            if c == n or (math.isnan(c) and math.isnan(n)):
                continue
            self.different += 1
            if not (math.isfinite(c) and math.isfinite(n)):
                self.problems.append("%s[%d]: %r committed, %r now" % (where, i, c, n))
                continue
            if scale == 0:
                self.problems.append("%s[%d]: exact zero committed, %r now" % (where, i, n))
                continue
            relative = abs(c - n) / scale
            if relative > self.worst:
                self.worst, self.worst_at = relative, "%s[%d]" % (where, i)
            if relative > RTOL:
                self.problems.append("%s[%d]: %r committed, %r now (%.3g of the array's scale)" % (where, i, c, n,
                                                                                                 relative))

    def walk(self, where, committed, new):
        number = (int, float)
        if isinstance(committed, bool) or isinstance(new, bool) or isinstance(committed, str):
            if committed != new:
                self.problems.append("%s: %r committed, %r now" % (where, committed, new))
        elif isinstance(committed, number) and isinstance(new, number):
            self.arrays(where, [float(committed)], [float(new)])
        elif isinstance(committed, list) and isinstance(new, list):
            if committed and all(isinstance(v, number) and not isinstance(v, bool) for v in committed + new):
                self.arrays(where, [float(v) for v in committed], [float(v) for v in new])
            elif len(committed) != len(new):
                self.problems.append("%s: %d entries committed, %d now" % (where, len(committed), len(new)))
            else:
                for i, (c, n) in enumerate(zip(committed, new)):
                    name = c.get("name") if isinstance(c, dict) else None
                    self.walk("%s[%d%s]" % (where, i, " " + name if name else ""), c, n)
        elif isinstance(committed, dict) and isinstance(new, dict):
            if set(committed) != set(new):
                self.problems.append("%s: keys %s committed, %s now" % (where, sorted(committed), sorted(new)))
                return
            for key in committed:
                if key in ("torch_version", "python_version"):
                    continue  # reported, not compared
                self.walk("%s.%s" % (where, key) if where else key, committed[key], new[key])
        else:
            self.problems.append("%s: %r committed, %r now" % (where, committed, new))


def check(payloads):
    ok = True
    for filename, payload in payloads.items():
        path = os.path.normpath(os.path.join(OUT_DIR, filename))
        with open(path) as f:
            committed = json.load(f)
        new = json.loads(json.dumps(payload))  # the numbers exactly as write() would store them
        c = Comparison()
        c.walk("", committed, new)
        made_by = "committed: torch %s, Python %s; now: torch %s, Python %s" % (
            committed.get("torch_version"), committed.get("python_version"), new["torch_version"],
            new["python_version"])
        print("%s: %d numbers, %d differ, largest difference %.3g of its array's scale%s (%s)" % (
            filename, c.numbers, c.different, c.worst, " at " + c.worst_at if c.worst_at else "", made_by))
        for problem in c.problems[:20]:
            print("  BEYOND TOLERANCE " + problem)
        if c.problems:
            ok = False
    if not ok:
        sys.exit("generate_reference.py --check: the committed reference files differ from PyTorch's results by "
                 "more than the tests' tolerance %g (see above); regenerate them with "
                 "`python3 scripts/generate_reference.py` if the change is intended" % RTOL)
    print("all committed numbers agree with PyTorch within %g of their array's scale" % RTOL)


def main():
    scalar, pend = demos()
    payloads = {
        "value_ops.json": dict(header("Value ops: value and gradient of each input"), cases=value_ops()),
        "variable_ops.json": dict(header("Variable ops: output, and gradients of sum(output * weights)"),
                                  cases=variable_ops()),
        "demos.json": dict(header("notebook demo functions"), cases=scalar, pendulum=pend),
    }
    args = sys.argv[1:]
    if args not in ([], ["--check"]):
        sys.exit("usage: python3 scripts/generate_reference.py [--check]")
    if args == ["--check"]:
        check(payloads)
    else:
        for filename, payload in payloads.items():
            write(filename, payload)


if __name__ == "__main__":
    main()
