"""The scalar workloads (W1-W3) in micrograd, Karpathy's package (pip install micrograd).

micrograd's Value lacks tanh, sigmoid, sin and cos: they are added below in micrograd's own style
(forward and a _backward closure). Its backward() builds the topological order recursively, so
the recursion limit is raised for the deep pendulum graph.
A worker driven by bench/interleave.py (protocol in bench_common.py) in the benchmark venv.
"""
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_common import Lcg, main, read_data  # noqa: E402

try:
    from micrograd.engine import Value
    from micrograd.nn import MLP
except ImportError:
    sys.exit("micrograd_workloads.py: micrograd is not installed for " + sys.executable
             + ". bench/run.sh installs it into build/bench-venv; by hand: pip install micrograd")

sys.setrecursionlimit(1_000_000)


def _unary(fn, local_grad):
    def op(self):
        out = Value(fn(self.data), (self,), fn.__name__)

        def _backward():
            self.grad += local_grad(self.data, out.data) * out.grad
        out._backward = _backward
        return out
    return op


def _sigmoid(x):
    return 1 / (1 + math.exp(-x)) if x >= 0 else math.exp(x) / (1 + math.exp(x))


if not hasattr(Value, "tanh"):  # the PyPI release has relu only
    Value.tanh = _unary(math.tanh, lambda x, out: 1 - out * out)
Value.sigmoid = _unary(_sigmoid, lambda x, out: out * (1 - out))
Value.sin = _unary(math.sin, lambda x, out: math.cos(x))
Value.cos = _unary(math.cos, lambda x, out: -math.sin(x))


def w1(data_dir):
    xs, ys = read_data(data_dir, "moons100.csv")

    def prepare():
        model = MLP(2, [16, 16, 1])  # ReLU hidden layers, linear last layer
        rng = Lcg(42)
        for p in model.parameters():  # neuron by neuron, weights then bias: the Java order
            p.data = rng.next()
        params = model.parameters()

        def body():
            epoch_loss = 0.0
            for _ in range(25):
                epoch_loss = 0.0
                for x, y in zip(xs, ys):
                    loss = (model(list(x)).sigmoid() - y) ** 2
                    loss.backward()
                    for p in params:
                        p.data -= 0.1 * p.grad
                        p.grad = 0
                    epoch_loss += loss.data
            return epoch_loss
        return body
    return prepare


def w2(_data_dir):
    def prepare():
        def body():
            th1, th2, p1, p2 = Value(0.4), Value(0.0), Value(1.0), Value(4.0)
            t1, t2, q1, q2 = th1, th2, p1, p2
            h = 0.01
            for _ in range(500):
                d = t1 - t2
                c = d.cos()
                denom = c ** 2 * -9 + 16
                dt1 = (q1 * 2 - c * q2 * 3) * 6 / denom
                dt2 = (q2 * 8 - c * q1 * 3) * 6 / denom
                prod = dt1 * dt2 * d.sin()
                dp1 = (prod + t1.sin() * (3 * 9.8)) * -0.5
                dp2 = (-prod + t2.sin() * 9.8) * -0.5
                t1, t2, q1, q2 = t1 + dt1 * h, t2 + dt2 * h, q1 + dp1 * h, q2 + dp2 * h
            t2.backward()
            return t2.data + th1.grad
        return body
    return prepare


def w3(data_dir):
    xs, ys = read_data(data_dir, "blobs100.csv")

    def prepare():
        rng = Lcg(7)
        w1_, w2_, b = Value(rng.next()), Value(rng.next()), Value(rng.next())
        samples = [(x1, x2, 1.0 if y == 1 else -1.0) for (x1, x2), y in zip(xs, ys)]

        def body():
            last = 0.0
            for _ in range(400):
                loss = None
                for x1, x2, target in samples:
                    out = (w1_ * x1 + w2_ * x2 + b).tanh()
                    err = (out - target) ** 2
                    loss = err if loss is None else loss + err
                loss.backward()
                for p in (w1_, w2_, b):
                    p.data -= 0.1 * p.grad
                    p.grad = 0
                last = loss.data
            return last
        return body
    return prepare


WORKLOADS = {"W1": w1, "W2": w2, "W3": w3}  # micrograd has no tensors: W4-W7 are not written for it

if __name__ == "__main__":
    main("micrograd", WORKLOADS)
