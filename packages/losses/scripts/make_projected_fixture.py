"""Writes test/fixtures/projected-cross-entropy.json for projectedCrossEntropy.

Run from packages/losses with /usr/bin/python3 scripts/make_projected_fixture.py
(NumPy only). A float64 NumPy transcription of the output layer
logits = hidden @ kernel + bias followed by PyTorch's
cross_entropy(ignore_index=pad, label_smoothing=eps), whose target
distribution is (1 - eps) * onehot + eps / V over all V classes, with the
analytic gradients of the `mean` reduction:
dlogits = (softmax - q) * real / count, dhidden = dlogits @ kernel.T,
dkernel = hidden.T @ dlogits, dbias = sum(dlogits).
"""

import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "test", "fixtures", "projected-cross-entropy.json")


def rounded(array):
    return np.round(np.asarray(array, dtype=np.float64), 7).tolist()


def case(b, T, H, V, eps, pad_id, lengths, seed):
    rng = np.random.default_rng(seed)
    # Values rounded to 6 decimals: the fixture stores exactly these inputs.
    hidden = np.round(rng.normal(size=(b, T, H)), 6)
    kernel = np.round(rng.normal(size=(H, V)) * 0.5, 6)
    bias = np.round(rng.normal(size=V) * 0.1, 6)
    targets = rng.integers(1, V, size=(b, T))
    for row, length in enumerate(lengths):
        targets[row, length:] = pad_id
    logits = hidden @ kernel + bias  # [b, T, V]
    shifted = logits - logits.max(-1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(-1, keepdims=True))
    onehot = np.eye(V)[targets]  # [b, T, V]
    q = (1 - eps) * onehot + eps / V
    token_loss = -(q * log_probs).sum(-1)  # [b, T]
    real = (targets != pad_id).astype(np.float64)
    count = real.sum()
    row_count = real.sum(1)
    d_logits = (np.exp(log_probs) - q) * real[..., None] / count
    return {
        "padId": pad_id,
        "labelSmoothing": eps,
        "hidden": rounded(hidden),
        "kernel": rounded(kernel),
        "bias": rounded(bias),
        "targets": targets.tolist(),
        "mean": float((token_loss * real).sum() / count),
        "sum": float((token_loss * real).sum()),
        "perSequence": rounded((token_loss * real).sum(1) / np.maximum(row_count, 1)),
        "tokenCount": int(count),
        "meanGradients": {
            "hidden": rounded(d_logits @ kernel.T),
            "kernel": rounded(np.einsum("bth,btv->hv", hidden, d_logits)),
            "bias": rounded(d_logits.sum((0, 1))),
        },
    }


if __name__ == "__main__":
    fixture = case(b=3, T=4, H=5, V=7, eps=0.1, pad_id=0, lengths=[4, 2, 0], seed=15)
    with open(OUT, "w") as f:
        json.dump(fixture, f, indent=1)
        f.write("\n")
    print(f"wrote {OUT}")
