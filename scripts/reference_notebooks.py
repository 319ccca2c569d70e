#!/usr/bin/env python3
"""PyTorch's answers (float64) for the computations of notebooks 04-06, for their Java tests.

Reads the input lines of src/test/resources/reference/notebooks.txt (datasets and initial weights,
written from Java by autograd.notebooks.NotebookReference.writeInputs), trains the same models the
same way in PyTorch, and rewrites the file with the inputs followed by the expected outputs:

  run.K.losses     notebook 04, run K (1..4): the mean squared error (nn.MSELoss) at epochs 0, 100, 200,
                   300 and 399, full-batch GD with lr 0.1 from w = start, b = 0
  run.K.history    notebook 04, run K: the loss at epochs 0, 10, ..., 390
  run.K.step1      notebook 04, run K: w0, w1, b after the first step
  run.K.final      notebook 04, run K: w0, w1, b after 400 epochs
  run.K.reach      notebook 04, run K: the largest |w0| or |w1| along the run
  summed.K.*       the same for the notebook's labelled variation, the summed squared error
  moons.correct    notebook 05: correctly classified points (of 100) after each of the 25 SGD epochs
  pendulum.final   notebook 06: (theta1, theta2, p1, p2) after 500 Euler steps of h = 0.01
  pendulum.grad    notebook 06: d theta2(T) / d (theta1, theta2, p1, p2)(0)

Run from the repository root:   python3 scripts/reference_notebooks.py
Needs PyTorch (e.g. Debian's python3-torch).
"""
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
INPUTS = ("blobs.x", "blobs.y", "moons.x", "moons.y", "mlp.layers", "mlp.init", "pendulum.initial")


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


def moons_training(arrays):
    x = torch.tensor(arrays["moons.x"]).reshape(-1, 2)
    y = arrays["moons.y"]
    sizes = [int(s) for s in arrays["mlp.layers"]]
    flat = arrays["mlp.init"]
    layers, at = [], 0
    for nin, nout in zip(sizes, sizes[1:]):
        rows = [flat[at + r * (nin + 1): at + (r + 1) * (nin + 1)] for r in range(nout)]
        at += nout * (nin + 1)
        layers.append((torch.tensor([r[:-1] for r in rows], requires_grad=True),
                       torch.tensor([r[-1] for r in rows], requires_grad=True)))

    def forward(point):
        h = point
        for k, (weights, bias) in enumerate(layers):
            h = weights @ h + bias
            h = torch.relu(h) if k + 1 < len(layers) else torch.sigmoid(h)
        return h[0]

    correct = []
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
        with torch.no_grad():
            correct.append(float(sum((forward(x[i]).item() > 0.5) == (y[i] > 0.5) for i in range(len(y)))))
    return {"moons.correct": correct}


def pendulum(arrays):
    start = [torch.tensor(v, requires_grad=True) for v in arrays["pendulum.initial"]]
    theta1, theta2, p1, p2 = start
    g, h = 9.8, 0.01
    for _ in range(500):
        delta = theta1 - theta2
        cos = torch.cos(delta)
        denominator = 16 - 9 * cos ** 2
        d_theta1 = 6 * (2 * p1 - 3 * cos * p2) / denominator
        d_theta2 = 6 * (8 * p2 - 3 * cos * p1) / denominator
        coupling = d_theta1 * d_theta2 * torch.sin(delta)
        d_p1 = -0.5 * (coupling + 3 * g * torch.sin(theta1))
        d_p2 = -0.5 * (-coupling + g * torch.sin(theta2))
        theta1, theta2, p1, p2 = theta1 + h * d_theta1, theta2 + h * d_theta2, p1 + h * d_p1, p2 + h * d_p2
    theta2.backward()
    return {"pendulum.final": [theta1.item(), theta2.item(), p1.item(), p2.item()],
            "pendulum.grad": [s.grad.item() for s in start]}


def main():
    arrays = read()
    outputs = {}
    outputs.update(perceptron_runs(arrays))
    outputs.update(moons_training(arrays))
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
