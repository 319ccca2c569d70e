"""The benchmark workloads in PyTorch eager mode, float64 on the CPU.

A worker driven by bench/interleave.py (protocol in bench_common.py); by hand:
  echo 'warmup W2 1 0
  run W2 3' | python3 bench/pytorch_workloads.py --data build/bench-data
The same data files and initial weights as the Java harness, so the checksums must match.
Threads: one for W1-W4 and W7 (the fastest setting for small tensors), all cores for W5-W6.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_common import PENDULUM_H, PENDULUM_STEPS, Lcg, log10_sensitivity, main, read_data, w7_grid  # noqa: E402

try:
    import torch
except ImportError:
    sys.exit("pytorch_workloads.py: PyTorch is not installed for " + sys.executable
             + ". Install it with: apt-get install python3-torch (Debian), or pip install torch")

torch.set_default_dtype(torch.float64)


def scalar_mlp_params(rng, nin, sizes, scale_by_fan_in=False):
    """Weights [in, out] and biases [out] per layer, drawn neuron by neuron as the Java side does."""
    params = []
    fan_in = nin
    for size in sizes:
        scale = fan_in ** -0.5 if scale_by_fan_in else 1.0
        w = [[0.0] * size for _ in range(fan_in)]
        b = [0.0] * size
        for j in range(size):
            for i in range(fan_in):
                w[i][j] = rng.next() * scale
            b[j] = rng.next() * scale
        params.append((torch.tensor(w, requires_grad=True), torch.tensor(b, requires_grad=True)))
        fan_in = size
    return params


def mlp_forward(params, x):
    h = x
    for layer, (w, b) in enumerate(params):
        h = torch.addmm(b, h, w)  # x·W + b as one op, as Variable.linear in the Java workloads
        h = torch.relu(h) if layer < len(params) - 1 else torch.sigmoid(h)
    return h


def w1(data_dir):
    xs, ys = read_data(data_dir, "moons100.csv")

    def prepare():
        params = scalar_mlp_params(Lcg(42), 2, [16, 16, 1])
        flat = [p for layer in params for p in layer]
        samples = [(torch.tensor([x]), torch.tensor([[y]])) for x, y in zip(xs, ys)]

        def body():
            epoch_loss = 0.0
            for _ in range(25):
                epoch_loss = 0.0
                for x, y in samples:
                    loss = ((mlp_forward(params, x) - y) ** 2).sum()
                    loss.backward()
                    with torch.no_grad():
                        for p in flat:
                            p -= 0.1 * p.grad
                            p.grad = None
                    epoch_loss += loss.item()
            return epoch_loss
        return body
    return prepare


def pendulum_theta2(t1, t2, q1, q2, steps=PENDULUM_STEPS, h=PENDULUM_H):
    """theta2 after PENDULUM_STEPS Euler steps (notebook 06's equations); scalars or whole batches alike."""
    for _ in range(steps):
        d = t1 - t2
        c = torch.cos(d)
        denom = c ** 2 * -9 + 16
        dt1 = (q1 * 2 - c * q2 * 3) * 6 / denom
        dt2 = (q2 * 8 - c * q1 * 3) * 6 / denom
        prod = dt1 * dt2 * torch.sin(d)
        dp1 = (prod + torch.sin(t1) * (3 * 9.8)) * -0.5
        dp2 = (-prod + torch.sin(t2) * 9.8) * -0.5
        t1, t2, q1, q2 = t1 + dt1 * h, t2 + dt2 * h, q1 + dp1 * h, q2 + dp2 * h
    return t2


def w2(_data_dir):
    def prepare():
        def body():
            th1 = torch.tensor(0.4, requires_grad=True)
            th2 = torch.tensor(0.0, requires_grad=True)
            p1 = torch.tensor(1.0, requires_grad=True)
            p2 = torch.tensor(4.0, requires_grad=True)
            t2 = pendulum_theta2(th1, th2, p1, p2)
            t2.backward()
            return t2.item() + th1.grad.item()
        return body
    return prepare


def w7(_data_dir):
    """All 41 x 41 cells as one batch: one backward pass from the sum of the final theta2s."""
    th1_list, th2_list = w7_grid()

    def prepare():
        th1 = torch.tensor(th1_list, requires_grad=True)
        th2 = torch.tensor(th2_list)
        zeros = torch.zeros(len(th1_list))

        def body():
            pendulum_theta2(th1, th2, zeros, zeros).sum().backward()
            return [log10_sensitivity(g) for g in th1.grad.tolist()]
        return body
    return prepare


def w3(data_dir):
    xs, ys = read_data(data_dir, "blobs100.csv")

    def prepare():
        rng = Lcg(7)
        w1_, w2_, b = (torch.tensor(rng.next(), requires_grad=True) for _ in range(3))
        samples = [(x1, x2, 1.0 if y == 1 else -1.0) for (x1, x2), y in zip(xs, ys)]

        def body():
            last = 0.0
            for _ in range(400):
                loss = None
                for x1, x2, target in samples:
                    out = torch.tanh(w1_ * x1 + w2_ * x2 + b)
                    err = (out - target) ** 2
                    loss = err if loss is None else loss + err
                loss.backward()
                with torch.no_grad():
                    for p in (w1_, w2_, b):
                        p -= 0.1 * p.grad
                        p.grad = None
                last = loss.item()
            return last
        return body
    return prepare


def tensor_mlp(data_file, sizes, steps, adam):
    def factory(data_dir):
        xs, ys = read_data(data_dir, data_file)
        x = torch.tensor(xs)
        y = torch.tensor(ys).reshape(-1, 1)

        def prepare():
            params = scalar_mlp_params(Lcg(42), 2, sizes, scale_by_fan_in=True)
            flat = [p for layer in params for p in layer]
            opt = (torch.optim.Adam(flat, lr=1e-3, betas=(0.9, 0.999), eps=1e-8) if adam
                   else torch.optim.SGD(flat, lr=0.1))

            def body():
                last = 0.0
                for _ in range(steps):
                    opt.zero_grad(set_to_none=False)
                    loss = ((mlp_forward(params, x) - y) ** 2).mean()
                    loss.backward()
                    opt.step()
                    last = loss.item()
                return last
            return body
        return prepare
    return factory


W6_N = 1024


def w6(_data_dir):
    rng = Lcg(9)
    a = torch.tensor([rng.next() for _ in range(W6_N * W6_N)]).reshape(W6_N, W6_N)
    b = torch.tensor([rng.next() for _ in range(W6_N * W6_N)]).reshape(W6_N, W6_N)

    def prepare():
        def body():
            c = a @ b
            return (c[0, 0] + c[-1, -1]).item()
        return body
    return prepare


WORKLOADS = {
    "W1": w1, "W2": w2, "W3": w3,
    "W4": tensor_mlp("moons100.csv", [16, 16, 1], 1000, adam=False),
    "W5": tensor_mlp("moons10000.csv", [256, 256, 1], 50, adam=True),
    "W6": w6,
    "W7": w7,
}


def set_threads(name):
    torch.set_num_threads(os.cpu_count() if name in ("W5", "W6") else 1)


if __name__ == "__main__":
    main("pytorch", WORKLOADS, before=set_threads)
