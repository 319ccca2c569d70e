#!/usr/bin/env python3
"""PyTorch's answers (float64) for the computations of notebooks 01-06, for their Java tests.

Reads the input lines of src/test/resources/reference/notebooks.txt (datasets and initial weights,
written from Java by autograd.notebooks.NotebookReference.writeInputs), computes what the notebooks
compute the same way in PyTorch, and rewrites the file with the inputs followed by the expected
outputs. The Java tests turn these numbers into the lines each notebook must print (its metadata's
autograd_checks, verified on the real kernel's output by scripts/run_notebooks.py --check):

  gradient.x       notebook 01: the sweep x = 4.5, 4.75, ..., 14
  gradient.f       notebook 01: f(x) = ((x - 3)^(2/x) - 1)^(x - 1) there
  gradient.grad    notebook 01: f'(x) there (x = 10 is index 22)
  quadratic.N.x    notebook 02: x before each of 100 steps, then after the last, of run N on
                   f(x) = (x - 2)^2 + 4x - 2: gd1 (x0 = -3, lr 0.1), gd2 (x0 = 4, lr 0.8), and from
                   x0 = -3 with lr 0.1 momentum306 and momentum9 (torch.optim.SGD, momentum 0.306, 0.9)
  quadratic.N.f    notebook 02: f at those x (before each step)
  contour.K.x/y/f  notebook 03, start K (1..4): x and y before each of 15 GD steps (lr 0.3) and after
                   the last, f before each step, on f(x, y) = -(1 - (x^2 + y^3)) exp(-(x^2 + y^2)/2)
  contour.K.end500 notebook 03: x, y, f after 500 GD steps from start K
  contour.O.K.end50  notebook 03: x, y, f after 50 steps of optimizer O (gd; momentum: SGD with
                   momentum 0.9; adam), lr 0.3, from start K
  run.K.losses     notebook 04, run K (1..4): the mean squared error (nn.MSELoss) at epochs 0, 100, 200,
                   300 and 399, full-batch GD with lr 0.1 from w = start, b = 0
  run.K.history    notebook 04, run K: the loss at epochs 0, 10, ..., 390
  run.K.step1      notebook 04, run K: w0, w1, b after the first step
  run.K.final      notebook 04, run K: w0, w1, b after 400 epochs
  run.K.reach      notebook 04, run K: the largest |w0| or |w1| along the run
  summed.K.*       the same for the notebook's labelled variation, the summed squared error
  moons.step1      notebook 05: the scalar MLP's parameters (order of mlp.init) after its first SGD step
                   (lr 0.1, squared error of the first point)
  moons.correct    notebook 05: correctly classified points (of 100) after each of the 25 SGD epochs
  tensor.step1     notebook 05: the tensor MLP's parameters (order of tensor.init) after one full-batch
                   GD step (lr 1.0, nn.MSELoss)
  tensor.losses    notebook 05: its loss at the first and the last of 300 steps
  tensor.correct   notebook 05: points it classifies correctly after 300 steps
  pendulum.final   notebook 06: (theta1, theta2, p1, p2) after 500 Euler steps of h = 0.01
  pendulum.grad    notebook 06: d theta2(T) / d (theta1, theta2, p1, p2)(0)
  pendulum.fd      notebook 06: the same by central differences, eps = 1e-6
  pendulum.calm / pendulum.wild   notebook 06: |d theta2(T) / d theta1(0)| released from rest at the
                   (theta1, theta2) of pendulum.calm.at / pendulum.wild.at
  pendulum.rates   notebook 06: the positive real eigenvalues of the Jacobian of the dynamics at the
                   upright position (the unstable rates, from torch.autograd.functional.jacobian)
  pendulum.rest    notebook 06: seconds until an arm leaves 0.5 rad around upright, tilted start at rest
  pendulum.gd.T    notebook 06: gradient descent on the momenta (the notebook's adaptive steps) with
                   horizon T steps (50, 100, 150, 200): J, p1, p2, seconds balanced

Run from the repository root:   python3 scripts/reference_notebooks.py   (about a minute)
Needs PyTorch (e.g. Debian's python3-torch, under /usr/bin/python3). Afterwards the notebook tests
(src/test/java/autograd/notebooks) list the checks whose numbers changed, ready to paste into the
notebooks' metadata.
"""
import math
import os
import sys

try:
    import torch
except ImportError:
    sys.exit("reference_notebooks.py needs PyTorch: install it (e.g. `pip install torch` or Debian's "
             "python3-torch) and run the script again")

torch.set_default_dtype(torch.float64)
FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "test", "resources",
                    "reference", "notebooks.txt")
INPUTS = ("blobs.x", "blobs.y", "moons.x", "moons.y", "mlp.layers", "mlp.init", "tensor.init", "pendulum.initial")


def read():
    arrays = {}
    with open(FILE) as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                key, *values = line.split()
                arrays[key] = [float(v) for v in values]
    missing = [k for k in INPUTS if k not in arrays]
    if missing:
        sys.exit(f"{FILE} lacks the input(s) {', '.join(missing)}: write them first with "
                 "NotebookReference.writeInputs (see its Javadoc)")
    return arrays


def perceptron_runs(arrays):
    """Notebook 04: full-batch GD (lr 0.1, 400 epochs) from four starts, on the mean squared error
    (nn.MSELoss, as the original demo) and, for the notebook's labelled variation, on the summed one."""
    x = torch.tensor(arrays["blobs.x"]).reshape(-1, 2)
    y = torch.tensor(arrays["blobs.y"])
    out = {}
    for name, loss_fn in (("run", torch.nn.MSELoss()), ("summed", torch.nn.MSELoss(reduction="sum"))):
        for k, start in enumerate(([2., 2.], [2., 0.], [-2., 2.], [-2., -2.]), 1):
            model = torch.nn.Linear(2, 1).double()
            with torch.no_grad():
                model.weight.copy_(torch.tensor([start]))
                model.bias.zero_()
            optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
            losses, history, reach = [], [], 0.0
            for epoch in range(400):
                loss = loss_fn(torch.tanh(model(x)).squeeze(1), y)
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                if epoch % 100 == 0 or epoch == 399:
                    losses.append(loss.item())
                if epoch % 10 == 0:
                    history.append(loss.item())
                if epoch == 0:
                    out[f"{name}.{k}.step1"] = model.weight[0].tolist() + [model.bias.item()]
                reach = max(reach, model.weight.abs().max().item())
            out[f"{name}.{k}.losses"] = losses
            out[f"{name}.{k}.history"] = history
            out[f"{name}.{k}.final"] = model.weight[0].tolist() + [model.bias.item()]
            out[f"{name}.{k}.reach"] = [reach]
    return out


def gradient_sweep():
    """Notebook 01: f and f' on the sweep, one backward pass over all points (as the notebook)."""
    x = torch.tensor([4.5 + 0.25 * i for i in range(39)], requires_grad=True)
    # torch.div, not 2 / x: Python's 2 / x is x.reciprocal() * 2, rounded twice
    f = ((x - 3) ** torch.div(torch.full_like(x, 2.0), x) - 1) ** (x - 1)
    f.sum().backward()
    return {"gradient.x": x.tolist(), "gradient.f": f.tolist(), "gradient.grad": x.grad.tolist()}


def quadratic():
    """Notebook 02: gradient descent (and heavy-ball momentum) on (x - 2)^2 + 4x - 2, 100 steps."""
    out = {}
    for name, x0, lr, momentum in (("gd1", -3.0, 0.1, 0.0), ("gd2", 4.0, 0.8, 0.0),
                                   ("momentum306", -3.0, 0.1, 0.306), ("momentum9", -3.0, 0.1, 0.9)):
        x = torch.tensor(x0, requires_grad=True)
        optimizer = torch.optim.SGD([x], lr=lr, momentum=momentum)
        xs, fs = [], []
        for _ in range(100):
            xs.append(x.item())
            optimizer.zero_grad()
            f = (x - 2) ** 2 + x * 4 - 2
            f.backward()
            optimizer.step()
            fs.append(f.item())
        xs.append(x.item())
        out[f"quadratic.{name}.x"] = xs
        out[f"quadratic.{name}.f"] = fs
    return out


CONTOUR_STARTS = ((0.5, 1.8), (-2.0, -2.0), (-2.0, 2.0), (1.6, -0.1))


def landscape(x, y):
    bump = torch.exp(-((x ** 2 + y ** 2) / 2))
    return -(1 - (x ** 2 + y ** 3)) * bump


def descend(start, make_optimizer, steps):
    """x and y before each step and after the last, f before each step, f at the end."""
    x, y = (torch.tensor(v, requires_grad=True) for v in start)
    optimizer = make_optimizer([x, y])
    xs, ys, fs = [], [], []
    for _ in range(steps):
        xs.append(x.item())
        ys.append(y.item())
        optimizer.zero_grad()
        f = landscape(x, y)
        f.backward()
        optimizer.step()
        fs.append(f.item())
    xs.append(x.item())
    ys.append(y.item())
    with torch.no_grad():
        return xs, ys, fs, landscape(x, y).item()


def contour():
    """Notebook 03: GD (lr 0.3) from four starts for 15 and 500 steps; GD, momentum and Adam for 50."""
    optimizers = {"gd": lambda p: torch.optim.SGD(p, lr=0.3),
                  "momentum": lambda p: torch.optim.SGD(p, lr=0.3, momentum=0.9),
                  "adam": lambda p: torch.optim.Adam(p, lr=0.3)}
    out = {}
    for k, start in enumerate(CONTOUR_STARTS, 1):
        xs, ys, fs, _ = descend(start, optimizers["gd"], 15)
        out[f"contour.{k}.x"], out[f"contour.{k}.y"], out[f"contour.{k}.f"] = xs, ys, fs
        xs, ys, _, f = descend(start, optimizers["gd"], 500)
        out[f"contour.{k}.end500"] = [xs[-1], ys[-1], f]
        for name, make in optimizers.items():
            xs, ys, _, f = descend(start, make, 50)
            out[f"contour.{name}.{k}.end50"] = [xs[-1], ys[-1], f]
    return out


def scalar_mlp(arrays):
    """The scalar MLP of mlp.init as PyTorch tensors, one (weights, bias) pair per layer."""
    sizes = [int(s) for s in arrays["mlp.layers"]]
    flat = arrays["mlp.init"]
    layers, at = [], 0
    for nin, nout in zip(sizes, sizes[1:]):
        rows = [flat[at + r * (nin + 1): at + (r + 1) * (nin + 1)] for r in range(nout)]
        at += nout * (nin + 1)
        layers.append((torch.tensor([r[:-1] for r in rows], requires_grad=True),
                       torch.tensor([r[-1] for r in rows], requires_grad=True)))
    return layers


def moons_training(arrays):
    """Notebook 05: the scalar MLP, per-sample SGD (lr 0.1) on the squared error, 25 epochs."""
    x = torch.tensor(arrays["moons.x"]).reshape(-1, 2)
    y = arrays["moons.y"]
    layers = scalar_mlp(arrays)

    def forward(point):
        h = point
        for k, (weights, bias) in enumerate(layers):
            h = weights @ h + bias
            h = torch.relu(h) if k + 1 < len(layers) else torch.sigmoid(h)
        return h[0]

    def flat():
        return [v for weights, bias in layers for row, b in zip(weights.tolist(), bias.tolist()) for v in row + [b]]

    out = {"moons.correct": []}
    for epoch in range(25):
        for i in range(len(y)):
            loss = (forward(x[i]) - y[i]) ** 2
            for weights, bias in layers:
                weights.grad = None
                bias.grad = None
            loss.backward()
            with torch.no_grad():
                for weights, bias in layers:
                    weights -= 0.1 * weights.grad
                    bias -= 0.1 * bias.grad
            if epoch == 0 and i == 0:
                out["moons.step1"] = flat()
        with torch.no_grad():
            correct = sum((forward(x[i]).item() > 0.5) == (y[i] > 0.5) for i in range(len(y)))
        out["moons.correct"].append(float(correct))
    return out


def tensor_mlp(arrays):
    """Notebook 05: the tensor MLP of tensor.init ([in, out] weights, then biases), full-batch GD
    (lr 1.0) on the mean squared error (nn.MSELoss), 300 steps."""
    x = torch.tensor(arrays["moons.x"]).reshape(-1, 2)
    y = torch.tensor(arrays["moons.y"]).reshape(-1, 1)
    sizes = [int(s) for s in arrays["mlp.layers"]]
    flat, at, layers = arrays["tensor.init"], 0, []
    for nin, nout in zip(sizes, sizes[1:]):
        weight = torch.tensor(flat[at: at + nin * nout]).reshape(nin, nout).requires_grad_()
        at += nin * nout
        bias = torch.tensor(flat[at: at + nout]).requires_grad_()
        at += nout
        layers.append((weight, bias))

    def forward(h):
        for k, (weight, bias) in enumerate(layers):
            h = h @ weight + bias
            h = torch.relu(h) if k + 1 < len(layers) else torch.sigmoid(h)
        return h

    optimizer = torch.optim.SGD([p for layer in layers for p in layer], lr=1.0)
    losses, out = [], {}
    for step in range(300):
        loss = torch.nn.MSELoss()(forward(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
        if step == 0:
            out["tensor.step1"] = [v for layer in layers for p in layer for v in p.detach().flatten().tolist()]
    with torch.no_grad():
        correct = ((forward(x) > 0.5) == (y > 0.5)).sum().item()
    out["tensor.losses"] = [losses[0], losses[-1]]
    out["tensor.correct"] = [float(correct)]
    return out


GRAVITY, H, STEPS = 9.8, 0.01, 500
TILT = (math.pi + 0.1, math.pi - 0.1)
CALM = ((0.1, 0.1), (0.3, -0.2), (0.5, 0.5), (-0.4, 0.8))
WILD = ((2.0, 2.5), (-2.2, 1.5), (3.0, 0.5))


def pendulum_rhs(theta1, theta2, p1, p2):
    """Notebook 06's right-hand side, its operations in the notebook's order (Value ops, left to right)."""
    delta = theta1 - theta2
    cos = torch.cos(delta)
    denominator = cos ** 2 * -9 + 16
    d_theta1 = (p1 * 2 - cos * p2 * 3) * 6 / denominator
    d_theta2 = (p2 * 8 - cos * p1 * 3) * 6 / denominator
    coupling = d_theta1 * d_theta2 * torch.sin(delta)
    d_p1 = (coupling + torch.sin(theta1) * (3 * GRAVITY)) * -0.5
    d_p2 = (-coupling + torch.sin(theta2) * GRAVITY) * -0.5
    return d_theta1, d_theta2, d_p1, d_p2


def euler(state, steps):
    """Every state of `steps` Euler steps of h = 0.01 (s + f(s) h, as Ode.euler)."""
    path = [tuple(state)]
    for _ in range(steps):
        s = path[-1]
        path.append(tuple(v + d * H for v, d in zip(s, pendulum_rhs(*s))))
    return path


def as_tensors(values, grad=False):
    return [torch.tensor(float(v), requires_grad=grad) for v in values]


def balanced_for(p1, p2):
    """Seconds until an arm first leaves the 0.5 rad band around upright (10 s at most)."""
    with torch.no_grad():
        for n, s in enumerate(euler(as_tensors(TILT + (p1, p2)), 1000)):
            if abs(s[0].item() - math.pi) > 0.5 or abs(s[1].item() - math.pi) > 0.5:
                return n * H
    return 1000 * H


def sensitivity(theta1, theta2):
    start = as_tensors((theta1, theta2, 0, 0))
    start[0].requires_grad_()
    euler(start, STEPS)[-1][1].backward()
    return abs(start[0].grad.item())


def objective(p1, p2, horizon):
    """J = h * sum over the horizon of (theta1 - pi)^2 + (theta2 - pi)^2, and dJ/dp1, dJ/dp2."""
    m1, m2 = as_tensors((p1, p2), grad=True)
    path = euler(as_tensors(TILT) + [m1, m2], horizon)
    total = None
    for s in path[1:]:
        deviation = (s[0] - math.pi) ** 2 + (s[1] - math.pi) ** 2
        total = deviation if total is None else total + deviation
    j = total * H
    j.backward()
    return j.item(), m1.grad.item(), m2.grad.item()


def pendulum(arrays):
    """Notebook 06: the gradient of the final angle, the sensitivity claims, the unstable rates, and
    balancing by gradient descent on the initial momenta."""
    start = as_tensors(arrays["pendulum.initial"], grad=True)
    last = euler(start, STEPS)[-1]
    last[1].backward()
    out = {"pendulum.final": [v.item() for v in last], "pendulum.grad": [s.grad.item() for s in start]}

    eps, fd = 1e-6, []
    with torch.no_grad():
        for i in range(4):
            up, down = list(arrays["pendulum.initial"]), list(arrays["pendulum.initial"])
            up[i] += eps
            down[i] -= eps
            fd.append((euler(as_tensors(up), STEPS)[-1][1].item() - euler(as_tensors(down), STEPS)[-1][1].item())
                      / (2 * eps))
    out["pendulum.fd"] = fd

    for name, points in (("calm", CALM), ("wild", WILD)):
        out[f"pendulum.{name}.at"] = [v for point in points for v in point]
        out[f"pendulum.{name}"] = [sensitivity(*point) for point in points]

    upright = torch.tensor([math.pi, math.pi, 0.0, 0.0])
    jacobian = torch.autograd.functional.jacobian(lambda s: torch.stack(pendulum_rhs(*s)), upright)
    rates = sorted((e.real.item() for e in torch.linalg.eigvals(jacobian) if e.real.item() > 0), reverse=True)
    out["pendulum.rates"] = rates

    out["pendulum.rest"] = [balanced_for(0.0, 0.0)]
    push, rate = [0.0, 0.0], 0.01
    for horizon in (50, 100, 150, 200):
        current = objective(push[0], push[1], horizon)
        for _ in range(60):
            q1, q2 = push[0] - rate * current[1], push[1] - rate * current[2]
            trial = objective(q1, q2, horizon)
            if trial[0] < current[0]:
                push, current, rate = [q1, q2], trial, rate * 1.2
            else:
                rate *= 0.5
        out[f"pendulum.gd.{horizon}"] = [current[0], push[0], push[1], balanced_for(push[0], push[1])]
    return out


def main():
    arrays = read()
    outputs = {}
    outputs.update(gradient_sweep())
    outputs.update(quadratic())
    outputs.update(contour())
    outputs.update(perceptron_runs(arrays))
    outputs.update(moons_training(arrays))
    outputs.update(tensor_mlp(arrays))
    outputs.update(pendulum(arrays))
    with open(FILE, "w") as f:
        f.write("# inputs, written by NotebookReference.writeInputs\n")
        for key in INPUTS:
            f.write(key + " " + " ".join(repr(v) for v in arrays[key]) + "\n")
        f.write(f"# expected outputs, computed by scripts/reference_notebooks.py with PyTorch "
                f"{torch.__version__} in float64\n")
        for key, values in outputs.items():
            f.write(key + " " + " ".join(repr(float(v)) for v in values) + "\n")
    print(f"wrote {len(outputs)} expected arrays to {os.path.normpath(FILE)}")


if __name__ == "__main__":
    main()
