#!/usr/bin/env python3
"""Writes src/test/resources/reference/optimizers.json: parameter trajectories of PyTorch's
optimizers on a fixed non-quadratic loss, which OptimizerReferenceTest replays with ours.

Run from the repository root with a Python that has torch (Debian's python3-torch 1.13 was used):
    python3 scripts/reference_optimizers.py
CI does not run this script; the JSON it writes is committed.

The loss, over parameters a [3], b [2, 2] and c [] (a scalar, a Value on the Java side):
    L = sum(ca * a^2 + sin(a)) + sum(cb * b^2 + sin(b)) + (cc * c^2 + sin(c))
"""
import json
import os
import sys

try:
    import torch
except ImportError:
    sys.exit("reference_optimizers.py needs PyTorch: install python3-torch (Debian) or `pip install torch`")

torch.set_default_dtype(torch.float64)

INITIAL = [[0.5, -1.5, 2.0], [[1.0, -0.25], [0.75, -2.0]], 1.25]
COEFFICIENTS = [[0.5, 1.0, 2.0], [[0.1, 0.3], [1.5, 0.7]], 0.8]
STEPS = 6

CONFIGS = [
    ("gd", "sgd", {"lr": 0.1}),
    ("sgd_momentum", "sgd", {"lr": 0.1, "momentum": 0.9}),
    ("sgd_nesterov", "sgd", {"lr": 0.1, "momentum": 0.9, "nesterov": True}),
    ("sgd_weight_decay", "sgd", {"lr": 0.05, "momentum": 0.5, "weight_decay": 0.1}),
    ("adam", "adam", {"lr": 0.1}),
    ("adam_custom", "adam", {"lr": 0.05, "betas": [0.8, 0.99], "eps": 1e-6, "weight_decay": 0.01}),
    ("rmsprop", "rmsprop", {"lr": 0.01}),
    ("rmsprop_momentum", "rmsprop", {"lr": 0.01, "momentum": 0.9, "alpha": 0.9}),
    ("rmsprop_centered", "rmsprop", {"lr": 0.01, "centered": True, "weight_decay": 0.05}),
]


def make(kind, params, options):
    opts = dict(options)
    if "betas" in opts:
        opts["betas"] = tuple(opts["betas"])
    if kind == "sgd":
        return torch.optim.SGD(params, **opts)
    if kind == "adam":
        return torch.optim.Adam(params, **opts)
    if kind == "rmsprop":
        return torch.optim.RMSprop(params, **opts)
    raise ValueError(kind)


def run(kind, options):
    params = [torch.tensor(v, requires_grad=True) for v in INITIAL]
    coefficients = [torch.tensor(v) for v in COEFFICIENTS]
    optimizer = make(kind, params, options)
    trajectory = []
    for _ in range(STEPS):
        optimizer.zero_grad()
        loss = sum((c * p ** 2 + torch.sin(p)).sum() for p, c in zip(params, coefficients))
        loss.backward()
        optimizer.step()
        trajectory.append([x for p in params for x in p.detach().reshape(-1).tolist()])
    return trajectory


def main():
    out = {
        "generator": "scripts/reference_optimizers.py with torch " + torch.__version__,
        "initial": INITIAL,
        "coefficients": COEFFICIENTS,
        "configs": [
            {"name": name, "optimizer": kind, "options": options, "trajectory": run(kind, options)}
            for name, kind, options in CONFIGS
        ],
    }
    path = os.path.join("src", "test", "resources", "reference", "optimizers.json")
    if not os.path.isdir(os.path.dirname(path)):
        sys.exit("run from the repository root: " + os.path.dirname(path) + " not found")
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print("wrote", path)


if __name__ == "__main__":
    main()
