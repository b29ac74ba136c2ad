"""Writes the NumPy reference of @heed/rnn's Luong attentional-size test.

Run from packages/rnn (NumPy only):

    python3 scripts/make_luong_fixtures.py

Output (committed, so the tests need no Python):
  test/fixtures/luong-attentional.json   a GRU decoder with general attention
                                         and Luong placement whose attentional
                                         vector h~ has A != H units: weights,
                                         memory, mask, initial state, target
                                         input and the logits of every step

The decoder is a transcription of Luong et al. (2015): h_t = GRU(x_t, h_{t-1})
(PyTorch's gate order r, z, n), score(h_t, k_s) = h_t^T W k_s (eq. 8,
"general"), a_t = softmax over the real source positions, c_t = sum_s a_ts v_s,
h~_t = tanh(W_c [c_t; h_t]) (eq. 5, W_c [A, C + H]), logits = h~_t K + b.
With input feeding x_t = [e(y_t); h~_{t-1}], h~_0 = 0.
"""

import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "test", "fixtures")


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def gru_step(x, h, w_ih, w_hh, b_ih, b_hh):
    """PyTorch nn.GRUCell: gates r, z, n; the reset gate after W_hn h + b_hn."""
    gx = x @ w_ih.T + b_ih
    gh = h @ w_hh.T + b_hh
    H = h.shape[1]
    r = sigmoid(gx[:, :H] + gh[:, :H])
    z = sigmoid(gx[:, H : 2 * H] + gh[:, H : 2 * H])
    n = np.tanh(gx[:, 2 * H :] + r * gh[:, 2 * H :])
    return (1 - z) * n + z * h


def luong_case(name, input_feeding, rng):
    V, E, H, A, C, b, S, T = 7, 3, 4, 6, 5, 2, 3, 4
    fed = A if input_feeding else 0
    u = lambda *shape: rng.uniform(-0.6, 0.6, size=shape)
    embedding = u(V, E)
    embedding[0] = 0  # PAD row
    weights = {
        "embedding.table": embedding,
        "rnn.weight_ih_l0": u(3 * H, E + fed),
        "rnn.weight_hh_l0": u(3 * H, H),
        "rnn.bias_ih_l0": u(3 * H),
        "rnn.bias_hh_l0": u(3 * H),
        "attention.W": u(H, C),
        "attentional.weight": u(A, C + H),
        "output.kernel": u(A, V),
        "output.bias": u(V),
    }
    memory = u(b, S, C)
    lengths = [3, 2]
    mask = np.array([[1.0 if s < n else 0.0 for s in range(S)] for n in lengths])
    initial = u(b, H)
    target_input = np.array([[1, 4, 5, 2], [1, 6, 3, 0]])
    h = initial
    feed = np.zeros((b, A))
    logits = np.zeros((b, T, V))
    keys = memory @ weights["attention.W"].T  # [b, S, H]
    for t in range(T):
        e = embedding[target_input[:, t]]
        x = np.concatenate([e, feed], axis=1) if input_feeding else e
        h = gru_step(
            x,
            h,
            weights["rnn.weight_ih_l0"],
            weights["rnn.weight_hh_l0"],
            weights["rnn.bias_ih_l0"],
            weights["rnn.bias_hh_l0"],
        )
        scores = np.einsum("bh,bsh->bs", h, keys)
        scores = np.where(mask > 0, scores, -np.inf)
        a = np.exp(scores - scores.max(axis=1, keepdims=True))
        a = a / a.sum(axis=1, keepdims=True)
        c = np.einsum("bs,bsc->bc", a, memory)
        attentional = np.tanh(np.concatenate([c, h], axis=1) @ weights["attentional.weight"].T)
        logits[:, t] = attentional @ weights["output.kernel"] + weights["output.bias"]
        feed = attentional
    return {
        "name": name,
        "config": {
            "vocabSize": V,
            "memoryDim": C,
            "embeddingDim": E,
            "hiddenSize": H,
            "attentionalSize": A,
            "inputFeeding": input_feeding,
        },
        "weights": {k: v.tolist() for k, v in weights.items()},
        "memory": memory.tolist(),
        "lengths": lengths,
        "initial": initial.tolist(),
        "targetInput": target_input.tolist(),
        "logits": logits.tolist(),
    }


def main():
    rng = np.random.default_rng(17)
    cases = [
        luong_case("input feeding, A = 6 > H = 4", True, rng),
        luong_case("no input feeding, A = 6 > H = 4", False, rng),
    ]
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "luong-attentional.json"), "w") as file:
        json.dump({"numpy": np.__version__, "cases": cases}, file)


if __name__ == "__main__":
    main()
