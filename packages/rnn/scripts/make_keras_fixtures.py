"""Writes test/fixtures/keras-recurrent.json: NumPy transcriptions of Keras's
recurrent layers, in Keras's own weight layout, for loadKerasWeights.

Run from packages/rnn:  python3 scripts/make_keras_fixtures.py

Keras GRU with reset_after=True (keras.layers.GRUCell.call), gate blocks z, r, h:
    x_z, x_r, x_h = x @ kernel + bias[0]             (split in three)
    r_z, r_r, r_h = h @ recurrent_kernel + bias[1]
    z = sigmoid(x_z + r_z); r = sigmoid(x_r + r_r)
    hh = tanh(x_h + r * r_h)
    h' = z * h + (1 - z) * hh
Keras GRU with reset_after=False (Keras 1's default and tf.layers.gru), one bias:
    x_z, x_r, x_h = x @ kernel + bias
    z = sigmoid(x_z + h @ U_z); r = sigmoid(x_r + h @ U_r)
    hh = tanh(x_h + (r * h) @ U_h)         (U = recurrent_kernel's blocks)
    h' = z * h + (1 - z) * hh
Keras LSTM (keras.layers.LSTMCell.call), gate blocks i, f, c, o:
    zi, zf, zc, zo = x @ kernel + h @ recurrent_kernel + bias
    i = sigmoid(zi); f = sigmoid(zf); o = sigmoid(zo)
    c' = f * c + i * tanh(zc); h' = o * tanh(c')
A masked (padded) step keeps the state and outputs zeros; the backward layer
of Bidirectional reads each row's real steps last to first. Each row is run
one step at a time, sharing no code with heed's batched cells.
"""

import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "test", "fixtures")


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def gru_step(x, h, w):
    H = h.shape[0]
    xs = x @ w["kernel"] + w["bias"][0]
    rs = h @ w["recurrentKernel"] + w["bias"][1]
    z = sigmoid(xs[:H] + rs[:H])
    r = sigmoid(xs[H:2 * H] + rs[H:2 * H])
    hh = np.tanh(xs[2 * H:] + r * rs[2 * H:])
    return z * h + (1 - z) * hh, None


def gru_reset_before_step(x, h, w):
    H = h.shape[0]
    xs = x @ w["kernel"] + w["bias"]
    U = w["recurrentKernel"]
    z = sigmoid(xs[:H] + h @ U[:, :H])
    r = sigmoid(xs[H:2 * H] + h @ U[:, H:2 * H])
    hh = np.tanh(xs[2 * H:] + (r * h) @ U[:, 2 * H:])
    return z * h + (1 - z) * hh, None


def lstm_step(x, h, c, w):
    H = h.shape[0]
    gates = x @ w["kernel"] + h @ w["recurrentKernel"] + w["bias"]
    i = sigmoid(gates[:H])
    f = sigmoid(gates[H:2 * H])
    g = np.tanh(gates[2 * H:3 * H])
    o = sigmoid(gates[3 * H:])
    c = f * c + i * g
    return o * np.tanh(c), c


def run_direction(cell, xs, w, H, reverse, reset_after=True):
    """One row's real steps; returns outputs per step (in time order) and the final h, c."""
    h = np.zeros(H)
    c = np.zeros(H)
    steps = range(len(xs) - 1, -1, -1) if reverse else range(len(xs))
    outputs = [None] * len(xs)
    for t in steps:
        if cell == "gru":
            h, _ = (gru_step if reset_after else gru_reset_before_step)(xs[t], h, w)
        else:
            h, c = lstm_step(xs[t], h, c, w)
        outputs[t] = h
    return outputs, h, c


def run_stack(cell, x, lengths, layers, H, directions, reset_after=True):
    """x [b, T, in]; layers: list of weight dicts, l0 forward, l0 backward, …"""
    b, T, _ = x.shape
    inputs = x
    finals_h, finals_c = [], []
    for layer in range(len(layers) // directions):
        out = np.zeros((b, T, directions * H))
        h_layer = np.zeros((b, directions * H))
        c_layer = np.zeros((b, directions * H))
        for row in range(b):
            n = lengths[row]
            for d in range(directions):
                w = layers[layer * directions + d]
                outputs, h, c = run_direction(
                    cell, inputs[row, :n], w, H, reverse=d == 1, reset_after=reset_after
                )
                for t in range(n):
                    out[row, t, d * H:(d + 1) * H] = outputs[t]
                h_layer[row, d * H:(d + 1) * H] = h
                c_layer[row, d * H:(d + 1) * H] = c
        finals_h.append(h_layer)
        finals_c.append(c_layer)
        inputs = out
    return inputs, finals_h, finals_c


def keras_weights(rng, cell, input_size, H, reset_after=True):
    gates = 3 if cell == "gru" else 4
    two_biases = cell == "gru" and reset_after
    w = {
        "kernel": rng.uniform(-0.6, 0.6, size=(input_size, gates * H)),
        "recurrentKernel": rng.uniform(-0.6, 0.6, size=(H, gates * H)),
        "bias": rng.uniform(-0.3, 0.3, size=(2, gates * H) if two_biases else (gates * H,)),
    }
    return {key: np.round(value, 6) for key, value in w.items()}


def listed(value):
    if isinstance(value, np.ndarray):
        return np.round(value, 8).tolist()
    if isinstance(value, list):
        return [listed(v) for v in value]
    if isinstance(value, dict):
        return {k: listed(v) for k, v in value.items()}
    return value


def stack_case(rng, name, cell, layers, bidirectional, input_size=3, H=4, b=3, T=5, vocab=None,
               reset_after=True):
    directions = 2 if bidirectional else 1
    weights = [
        keras_weights(rng, cell, input_size if layer == 0 else directions * H, H, reset_after)
        for layer in range(layers)
        for _ in range(directions)
    ]
    lengths = [T, 3, 1][:b]
    case = {"name": name, "cell": cell, "layers": layers, "bidirectional": bidirectional,
            "inputSize": input_size, "hiddenSize": H, "lengths": lengths, "weights": weights}
    if cell == "gru":
        case["resetAfter"] = reset_after
    if vocab is None:
        x = np.round(rng.normal(size=(b, T, input_size)), 6)
        case["x"] = x
    else:
        table = np.round(rng.normal(size=(vocab, input_size)), 6)
        ids = rng.integers(1, vocab, size=(b, T))
        for row, n in enumerate(lengths):
            ids[row, n:] = 0
        x = table[ids]
        case.update({"vocabSize": vocab, "embedding": table, "ids": ids.tolist()})
    outputs, finals_h, finals_c = run_stack(cell, x, lengths, weights, H, directions, reset_after)
    case.update({"outputs": outputs, "hidden": finals_h})
    if cell == "lstm":
        case["cellStates"] = finals_c
    return listed(case)


def main():
    rng = np.random.default_rng(17)
    cases = [
        stack_case(rng, "gru reset_after=True", "gru", 1, False),
        stack_case(rng, "lstm", "lstm", 1, False),
        stack_case(rng, "lstm 2 layers bidirectional", "lstm", 2, True),
        stack_case(rng, "gru encoder: embedding + 2 layers bidirectional", "gru", 2, True, vocab=9),
        stack_case(rng, "gru reset_after=False", "gru", 1, False, reset_after=False),
        stack_case(rng, "gru reset_after=False encoder: embedding + 2 layers bidirectional", "gru",
                   2, True, vocab=9, reset_after=False),
    ]
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, "keras-recurrent.json")
    with open(path, "w") as handle:
        json.dump({"cases": cases}, handle)
    print(f"{path}: {os.path.getsize(path)} bytes")


if __name__ == "__main__":
    main()
