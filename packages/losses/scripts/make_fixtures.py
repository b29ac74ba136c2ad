"""Writes the reference fixtures of @heed/losses.

Run from packages/losses with /usr/bin/python3 scripts/make_fixtures.py.

- test/fixtures/cross-entropy.json: torch.nn.functional.cross_entropy with
  ignore_index and label_smoothing, for every reduction (per-sequence is the
  mean of each row's unreduced, non-ignored losses; none is torch's
  reduction="none", 0 at ignored targets).
- test/fixtures/sampled-softmax.json: a NumPy transcription of TensorFlow's
  sampled_softmax_loss (nn_impl._compute_sampled_logits followed by
  softmax_cross_entropy_with_logits) with fixed sampled ids, and the
  log-uniform sampler's probabilities and expected counts
  (range_sampler.cc: LogUniformSampler::ProbabilityOf, ExpectedCountHelper).
"""

import json
import math
import os

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "test", "fixtures")


def rounded(array):
    return np.round(np.asarray(array, dtype=np.float64), 7).tolist()


def cross_entropy_case(name, b, T, V, pad_id, smoothing, seed, pad_rows=None, scale=3.0):
    generator = torch.Generator().manual_seed(seed)
    logits = torch.randn(b, T, V, generator=generator, dtype=torch.float64) * scale
    logits = torch.round(logits * 1e6) / 1e6  # the fixture stores exactly these values
    targets = torch.randint(0, V, (b, T), generator=generator)
    lengths = pad_rows if pad_rows is not None else [max(1, T - i) for i in range(b)]
    for row, length in enumerate(lengths):
        targets[row, length:] = pad_id
    flat_logits = logits.transpose(1, 2)  # [b, V, T], torch's class axis
    kwargs = dict(ignore_index=pad_id, label_smoothing=smoothing)
    mean = F.cross_entropy(flat_logits, targets, reduction="mean", **kwargs)
    total = F.cross_entropy(flat_logits, targets, reduction="sum", **kwargs)
    unreduced = F.cross_entropy(flat_logits, targets, reduction="none", **kwargs)  # [b, T]
    real = (targets != pad_id).double()
    counts = real.sum(1)
    per_sequence = torch.where(counts > 0, unreduced.sum(1) / counts.clamp(min=1), torch.zeros(b, dtype=torch.float64))
    return {
        "name": name,
        "padId": pad_id,
        "labelSmoothing": smoothing,
        "logits": rounded(logits.numpy()),
        "targets": targets.tolist(),
        "mean": float(mean),
        "sum": float(total),
        "perSequence": rounded(per_sequence.numpy()),
        "none": rounded(unreduced.numpy()),
        "tokenCount": int(real.sum()),
    }


def log_uniform_probability(ids, V):
    ids = np.asarray(ids, dtype=np.float64)
    return np.log((ids + 2.0) / (ids + 1.0)) / math.log(V + 1.0)


def expected_count(p, num_sampled, num_tries):
    """TF's ExpectedCountHelper."""
    p = np.asarray(p, dtype=np.float64)
    if num_tries == num_sampled:
        return p * num_sampled
    return -np.expm1(num_tries * np.log1p(-p))


def tf_sampled_softmax(hidden, kernel, bias, labels, sampled, true_expected, sampled_expected):
    """TF's _compute_sampled_logits (num_true=1, remove_accidental_hits=True) + softmax CE."""
    weights = kernel.T  # [V, H], TF's layout
    true_w = weights[labels]  # [N, H]
    true_b = bias[labels]
    sampled_w = weights[sampled]  # [S, H]
    sampled_b = bias[sampled]
    true_logits = np.sum(hidden * true_w, axis=1) + true_b  # [N]
    sampled_logits = hidden @ sampled_w.T + sampled_b  # [N, S]
    true_logits = true_logits - np.log(true_expected)
    sampled_logits = sampled_logits - np.log(sampled_expected)[None, :]
    hits = labels[:, None] == sampled[None, :]
    sampled_logits = np.where(hits, sampled_logits - np.finfo(np.float32).max, sampled_logits)
    logits = np.concatenate([true_logits[:, None], sampled_logits], axis=1)
    shift = logits.max(axis=1, keepdims=True)
    log_z = shift[:, 0] + np.log(np.exp(logits - shift).sum(axis=1))
    return log_z - logits[:, 0]  # [N]


def sampled_softmax_case(seed):
    rng = np.random.default_rng(seed)
    b, T, H, V = 2, 4, 5, 30
    num_sampled, num_tries = 6, 9
    hidden = rng.normal(size=(b, T, H))
    kernel = rng.normal(size=(H, V)) * 0.5
    bias = rng.normal(size=(V,)) * 0.1
    hidden, kernel, bias = (np.round(x, 6) for x in (hidden, kernel, bias))
    targets = rng.integers(3, V, size=(b, T))
    targets[1, 2:] = 0  # PAD
    sampled = np.array([0, 1, 2, 4, int(targets[0, 1]), 17])  # includes an accidental hit
    sampled_expected = expected_count(log_uniform_probability(sampled, V), num_sampled, num_tries)
    flat_targets = targets.reshape(-1)
    true_expected = expected_count(log_uniform_probability(flat_targets, V), num_sampled, num_tries)
    losses = tf_sampled_softmax(
        hidden.reshape(-1, H), kernel, bias, flat_targets, sampled, true_expected, sampled_expected
    ).reshape(b, T)
    real = (targets != 0).astype(np.float64)
    return {
        "hidden": rounded(hidden),
        "kernel": rounded(kernel),
        "bias": rounded(bias),
        "targets": targets.tolist(),
        "sampledIds": sampled.tolist(),
        "numTries": num_tries,
        "sampledExpectedCounts": rounded(sampled_expected),
        "trueExpectedCounts": rounded(true_expected.reshape(b, T)),
        "tokenLosses": rounded(losses),
        "mean": float((losses * real).sum() / real.sum()),
        "sum": float((losses * real).sum()),
        "perSequence": rounded((losses * real).sum(1) / real.sum(1)),
        "none": rounded(losses * real),
    }


def sampler_case():
    V = 1000
    ids = [0, 1, 2, 9, 99, 500, 999]
    p = log_uniform_probability(ids, V)
    return {
        "vocabSize": V,
        "ids": ids,
        "probabilities": rounded(p),
        "numSampled": 64,
        "numTries": 80,
        "expectedCounts": np.asarray(expected_count(p, 64, 80), dtype=np.float64).tolist(),
        "expectedCountsNoRepeats": np.asarray(expected_count(p, 64, 64), dtype=np.float64).tolist(),
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    cases = [
        cross_entropy_case("plain", 3, 5, 7, 0, 0.0, 1),
        cross_entropy_case("label-smoothing", 3, 5, 7, 0, 0.1, 2),
        cross_entropy_case("large-logits", 2, 4, 11, 0, 0.2, 3, scale=40.0),
        cross_entropy_case("custom-pad", 2, 3, 6, 5, 0.05, 4, pad_rows=[3, 1]),
    ]
    with open(os.path.join(OUT, "cross-entropy.json"), "w") as f:
        json.dump({"cases": cases}, f)
    with open(os.path.join(OUT, "sampled-softmax.json"), "w") as f:
        json.dump({"loss": sampled_softmax_case(7), "sampler": sampler_case()}, f)


if __name__ == "__main__":
    main()
