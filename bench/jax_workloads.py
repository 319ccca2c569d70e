"""The benchmark workloads in JAX, float64 on the CPU, written as a JAX user writes them.

Each workload is one `jax.jit`-compiled function of (parameters, data) whose whole training loop
runs inside it as `lax.scan` (per-sample SGD: a scan over the samples inside a scan over the
epochs); W7 is `vmap(grad(...))` over the 41 x 41 cells. The function is traced and compiled ahead
of time (`jit(f).lower(*args).compile()`) when the worker first sees the workload: that is the
reported setup (compile) time, kept apart from the runs, which call the compiled executable on
fresh parameters. W3's loss is summed over the batch with array ops instead of a Python loop over
samples: the same arithmetic, as a JAX user writes it.

A worker driven by bench/interleave.py (protocol in bench_common.py), run in the bench venv
(bench/requirements.txt pins jax). Same data and initial weights as the Java harness.
"""
import os
import sys
import time

os.environ.setdefault("JAX_PLATFORMS", "cpu")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_common import PENDULUM_H, PENDULUM_STEPS, Lcg, main, read_data, w7_grid  # noqa: E402

try:
    import jax
    import jax.numpy as jnp
    import numpy as np
    from jax import lax
except ImportError:
    sys.exit("jax_workloads.py: JAX is not installed for " + sys.executable
             + ". bench/run.sh installs it into build/bench-venv (pip install -r bench/requirements.txt)")

jax.config.update("jax_enable_x64", True)
F64 = jnp.float64


def mlp_params(rng, nin, sizes, scale_by_fan_in):
    """[(W [in, out], b [out])] drawn neuron by neuron, weights then bias, as the Java side does."""
    params = []
    fan_in = nin
    for size in sizes:
        scale = fan_in ** -0.5 if scale_by_fan_in else 1.0
        w = np.zeros((fan_in, size))
        b = np.zeros(size)
        for j in range(size):
            for i in range(fan_in):
                w[i, j] = rng.next() * scale
            b[j] = rng.next() * scale
        params.append((jnp.asarray(w, F64), jnp.asarray(b, F64)))
        fan_in = size
    return params


def mlp_forward(params, x):
    h = x
    for layer, (w, b) in enumerate(params):
        h = h @ w + b
        h = jax.nn.relu(h) if layer < len(params) - 1 else jax.nn.sigmoid(h)
    return h


_compile_ms = []


def compiled(fn, *args):
    """jit(fn), traced and compiled ahead of time for these arguments; the time goes to compile_ms."""
    t0 = time.perf_counter()
    executable = jax.jit(fn).lower(*args).compile()
    _compile_ms.append((time.perf_counter() - t0) * 1e3)
    return executable


def reports_compile_time(factory):
    """The worker reports prepare.compile_ms (trace + lower + compile) apart from the runs."""
    def wrapped(data_dir):
        _compile_ms.clear()
        prepare = factory(data_dir)
        prepare.compile_ms = sum(_compile_ms)
        return prepare
    return wrapped


def data_arrays(data_dir, name):
    xs, ys = read_data(data_dir, name)
    return jnp.asarray(xs, F64), jnp.asarray(ys, F64)


# ---- W1: scalar MLP 2-16-16-1, per-sample SGD, 25 epochs ------------------------------------------

def w1(data_dir):
    x, y = data_arrays(data_dir, "moons100.csv")

    def sample_loss(params, xi, yi):
        return (mlp_forward(params, xi[None, :])[0, 0] - yi) ** 2

    def step(params, sample):
        loss, grads = jax.value_and_grad(sample_loss)(params, *sample)
        return jax.tree_util.tree_map(lambda p, g: p - 0.1 * g, params, grads), loss

    def epoch(params, _):
        params, losses = lax.scan(step, params, (x, y))
        return params, jnp.sum(losses)

    def train(params):
        _, epoch_losses = lax.scan(epoch, params, None, length=25)
        return epoch_losses[-1]

    run = compiled(train, mlp_params(Lcg(42), 2, [16, 16, 1], False))

    def prepare():
        params = mlp_params(Lcg(42), 2, [16, 16, 1], False)
        return lambda: float(run(params))
    return prepare


# ---- W2 and W7: the double pendulum ----------------------------------------------------------------

def pendulum_theta2(t1, t2, p1, p2):
    """theta2 after 500 Euler steps of h = 0.01 (notebook 06's equations), one step per scan iteration."""
    h = PENDULUM_H

    def euler(state, _):
        t1, t2, p1, p2 = state
        d = t1 - t2
        c = jnp.cos(d)
        denom = c ** 2 * -9 + 16
        dt1 = (p1 * 2 - c * p2 * 3) * 6 / denom
        dt2 = (p2 * 8 - c * p1 * 3) * 6 / denom
        prod = dt1 * dt2 * jnp.sin(d)
        dp1 = (prod + jnp.sin(t1) * (3 * 9.8)) * -0.5
        dp2 = (-prod + jnp.sin(t2) * 9.8) * -0.5
        return (t1 + dt1 * h, t2 + dt2 * h, p1 + dp1 * h, p2 + dp2 * h), None

    (_, t2, _, _), _ = lax.scan(euler, (t1, t2, p1, p2), None, length=PENDULUM_STEPS)
    return t2


def w2(_data_dir):
    def checksum(start):
        t2, dth1 = jax.value_and_grad(pendulum_theta2)(*start)
        return t2 + dth1

    run = compiled(checksum, tuple(jnp.asarray(v, F64) for v in (0.4, 0.0, 1.0, 4.0)))

    def prepare():
        start = tuple(jnp.asarray(v, F64) for v in (0.4, 0.0, 1.0, 4.0))
        return lambda: float(run(start))
    return prepare


def w7(_data_dir):
    """vmap(grad): |d theta2(5 s) / d theta1(0)| for every cell, released from rest."""
    th1_list, th2_list = w7_grid()

    def sensitivity_map(th1, th2):
        grad = jax.vmap(jax.grad(lambda a, b: pendulum_theta2(a, b, 0.0, 0.0)))(th1, th2)
        return jnp.log10(jnp.abs(grad) + 1e-12)

    run = compiled(sensitivity_map, jnp.asarray(th1_list, F64), jnp.asarray(th2_list, F64))

    def prepare():
        th1, th2 = jnp.asarray(th1_list, F64), jnp.asarray(th2_list, F64)
        return lambda: np.asarray(run(th1, th2)).tolist()
    return prepare


# ---- W3: perceptron tanh(w.x + b), 100 blobs, 400 epochs of full-batch GD --------------------------

def w3(data_dir):
    x, labels = data_arrays(data_dir, "blobs100.csv")
    target = jnp.where(labels == 1, 1.0, -1.0)

    def loss(p):
        out = jnp.tanh(p[0] * x[:, 0] + p[1] * x[:, 1] + p[2])
        return jnp.sum((out - target) ** 2)

    def epoch(p, _):
        value, grad = jax.value_and_grad(loss)(p)
        return p - 0.1 * grad, value

    def train(p):
        _, losses = lax.scan(epoch, p, None, length=400)
        return losses[-1]

    def fresh():
        rng = Lcg(7)
        return jnp.asarray([rng.next() for _ in range(3)], F64)

    run = compiled(train, fresh())

    def prepare():
        p = fresh()
        return lambda: float(run(p))
    return prepare


# ---- W4 and W5: tensor MLPs -------------------------------------------------------------------------

def w4(data_dir):
    x, y = data_arrays(data_dir, "moons100.csv")
    y = y.reshape(-1, 1)

    def loss(params):
        return jnp.mean((mlp_forward(params, x) - y) ** 2)

    def step(params, _):
        value, grads = jax.value_and_grad(loss)(params)
        return jax.tree_util.tree_map(lambda p, g: p - 0.1 * g, params, grads), value

    def train(params):
        _, losses = lax.scan(step, params, None, length=1000)
        return losses[-1]

    run = compiled(train, mlp_params(Lcg(42), 2, [16, 16, 1], True))

    def prepare():
        params = mlp_params(Lcg(42), 2, [16, 16, 1], True)
        return lambda: float(run(params))
    return prepare


def w5(data_dir):
    x, y = data_arrays(data_dir, "moons10000.csv")
    y = y.reshape(-1, 1)
    lr, beta1, beta2, eps = 1e-3, 0.9, 0.999, 1e-8

    def loss(params):
        return jnp.mean((mlp_forward(params, x) - y) ** 2)

    def step(state, t):
        params, m, v = state
        value, grads = jax.value_and_grad(loss)(params)
        m = jax.tree_util.tree_map(lambda m, g: beta1 * m + (1 - beta1) * g, m, grads)
        v = jax.tree_util.tree_map(lambda v, g: beta2 * v + (1 - beta2) * g * g, v, grads)
        c1, c2 = 1 - beta1 ** t, 1 - beta2 ** t
        params = jax.tree_util.tree_map(
            lambda p, m, v: p - lr * (m / c1) / (jnp.sqrt(v / c2) + eps), params, m, v)
        return (params, m, v), value

    def train(params):
        zeros = jax.tree_util.tree_map(jnp.zeros_like, params)
        _, losses = lax.scan(step, (params, zeros, zeros), jnp.arange(1, 51, dtype=F64))
        return losses[-1]

    run = compiled(train, mlp_params(Lcg(42), 2, [256, 256, 1], True))

    def prepare():
        params = mlp_params(Lcg(42), 2, [256, 256, 1], True)
        return lambda: float(run(params))
    return prepare


# ---- W6: one 1024 x 1024 matrix product -----------------------------------------------------------

W6_N = 1024


def w6(_data_dir):
    rng = Lcg(9)
    a = jnp.asarray(np.array([rng.next() for _ in range(W6_N * W6_N)]).reshape(W6_N, W6_N), F64)
    b = jnp.asarray(np.array([rng.next() for _ in range(W6_N * W6_N)]).reshape(W6_N, W6_N), F64)
    run = compiled(jnp.matmul, a, b)

    def prepare():
        def body():
            # The whole product comes back; the two corners are read outside the compiled function so
            # XLA cannot shrink the product to the two dot products the checksum needs.
            c = np.asarray(run(a, b))
            return float(c[0, 0] + c[-1, -1])
        return body
    return prepare


WORKLOADS = {name: reports_compile_time(f) for name, f in
             {"W1": w1, "W2": w2, "W3": w3, "W4": w4, "W5": w5, "W6": w6, "W7": w7}.items()}

if __name__ == "__main__":
    main("jax", WORKLOADS)
