"""Reference values for @heed/train's tests, from PyTorch.

Run from packages/train:  /usr/bin/python3 scripts/make_fixtures.py
Writes src/__fixtures__/optimizers.json and src/__fixtures__/schedules.json.
"""

import json
import math
import os

import torch

torch.manual_seed(0)
OUT = os.path.join(os.path.dirname(__file__), "..", "src", "__fixtures__")


def rounded(values):
    return [float(v) for v in values]


def optimizer_case(name, make, steps=6, shape=(3, 2)):
    generator = torch.Generator().manual_seed(len(name))
    initial = torch.randn(shape, generator=generator)
    gradients = [torch.randn(shape, generator=generator) for _ in range(steps)]
    param = torch.nn.Parameter(initial.clone())
    optimizer, options = make([param])
    params = []
    for gradient in gradients:
        param.grad = gradient.clone()
        optimizer.step()
        params.append(rounded(param.detach().flatten()))
    return {
        "name": name,
        "options": options,
        "shape": list(shape),
        "initial": rounded(initial.flatten()),
        "gradients": [rounded(g.flatten()) for g in gradients],
        "params": params,
    }


cases = [
    optimizer_case(
        "adam",
        lambda p: (torch.optim.Adam(p, lr=0.01), {"type": "adam", "learningRate": 0.01}),
    ),
    optimizer_case(
        "adam-betas",
        lambda p: (
            torch.optim.Adam(p, lr=0.05, betas=(0.8, 0.99), eps=1e-6),
            {"type": "adam", "learningRate": 0.05, "beta1": 0.8, "beta2": 0.99, "epsilon": 1e-6},
        ),
    ),
    optimizer_case(
        "adamw",
        lambda p: (
            torch.optim.AdamW(p, lr=0.01, weight_decay=0.1),
            {"type": "adamw", "learningRate": 0.01, "weightDecay": 0.1},
        ),
    ),
    optimizer_case(
        "sgd",
        lambda p: (torch.optim.SGD(p, lr=0.1), {"type": "sgd", "learningRate": 0.1}),
    ),
    optimizer_case(
        "sgd-momentum",
        lambda p: (
            torch.optim.SGD(p, lr=0.1, momentum=0.9),
            {"type": "sgd", "learningRate": 0.1, "momentum": 0.9},
        ),
    ),
    optimizer_case(
        "sgd-nesterov",
        lambda p: (
            torch.optim.SGD(p, lr=0.1, momentum=0.9, nesterov=True),
            {"type": "sgd", "learningRate": 0.1, "momentum": 0.9, "nesterov": True},
        ),
    ),
]

with open(os.path.join(OUT, "optimizers.json"), "w") as f:
    json.dump({"torch": torch.__version__, "cases": cases}, f, indent=1)


# Noam, as in The Annotated Transformer: rate(step) = factor * d^-0.5 * min(step^-0.5, step * warmup^-1.5).
def noam(step, model_dim, warmup, factor):
    return factor * model_dim ** -0.5 * min(step ** -0.5, step * warmup ** -1.5)


noam_steps = [1, 2, 100, 3999, 4000, 4001, 8000, 100000]

# transformers.get_linear_schedule_with_warmup's lambda (its source, verbatim).
def linear_lambda(current_step, num_warmup_steps, num_training_steps):
    if current_step < num_warmup_steps:
        return float(current_step) / float(max(1, num_warmup_steps))
    return max(0.0, float(num_training_steps - current_step) / float(max(1, num_training_steps - num_warmup_steps)))


# ReduceLROnPlateau: the rate after each step(metric).
def plateau_case(metrics, **options):
    param = torch.nn.Parameter(torch.zeros(1))
    optimizer = torch.optim.SGD([param], lr=1.0)
    scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, **options)
    rates = []
    for metric in metrics:
        scheduler.step(metric)
        rates.append(optimizer.param_groups[0]["lr"])
    return {"options": options, "metrics": metrics, "rates": rates}


losses = [5.0, 4.0, 4.0, 3.9999, 4.1, 3.5, 3.6, 3.6, 3.6, 3.6, 3.4, 3.4, 3.4, 3.4, 3.4, 3.4]
bleus = [1.0, 5.0, 5.0, 4.0, 6.0, 6.0, 6.0, 6.0, 6.0, 7.0]
schedules = {
    "noam": [
        {"step": s, "modelDim": 512, "warmupSteps": 4000, "factor": 1.0, "rate": noam(s, 512, 4000, 1.0)}
        for s in noam_steps
    ]
    + [{"step": s, "modelDim": 256, "warmupSteps": 10, "factor": 2.0, "rate": noam(s, 256, 10, 2.0)} for s in [1, 5, 10, 11, 40]],
    "linear": [
        {"step": s, "warmupSteps": 10, "totalSteps": 100, "lambda": linear_lambda(s, 10, 100)}
        for s in [1, 5, 10, 11, 55, 99, 100, 150]
    ],
    "plateau": [
        plateau_case(losses, mode="min", factor=0.5, patience=2),
        plateau_case(losses, mode="min", factor=0.1, patience=1, threshold=0.01, cooldown=2, min_lr=0.005),
        plateau_case(bleus, mode="max", factor=0.5, patience=1),
    ],
}
with open(os.path.join(OUT, "schedules.json"), "w") as f:
    json.dump({"torch": torch.__version__, **schedules}, f, indent=1)
print("wrote optimizers.json and schedules.json with torch", torch.__version__)
