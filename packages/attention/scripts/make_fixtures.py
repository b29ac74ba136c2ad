"""Writes the numeric reference fixtures of @heed/attention.

Run from anywhere with Debian's Python (numpy, torch):
    /usr/bin/python3 packages/attention/scripts/make_fixtures.py

Every case stores its config, parameters (heed's names and PyTorch layouts),
inputs and expected outputs. The additive, dot, general, concat and local
references are NumPy transcriptions of the papers' equations, written one
(batch, query) pair at a time so they share no code path with heed's batched
implementation; multihead comes from torch.nn.MultiheadAttention.
"""

import json
import math
import os

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "test", "fixtures")

B, S, T = 2, 6, 3
LENGTHS = [6, 4]


def tensor(array):
    array = np.asarray(array, dtype=np.float64)
    return {"shape": list(array.shape), "data": [float(x) for x in array.ravel()]}


def uniform(rng, shape, fan_in):
    bound = 1.0 / math.sqrt(fan_in)
    return rng.uniform(-bound, bound, size=shape)


def padding_mask(lengths, length):
    return np.array([[1.0 if j < n else 0.0 for j in range(length)] for n in lengths])


def softmax_over(scores, eligible):
    """Softmax of a score vector over the eligible positions; 0 elsewhere."""
    out = np.zeros_like(scores)
    if not eligible.any():
        return out
    shifted = np.exp(scores[eligible] - scores[eligible].max())
    out[eligible] = shifted / shifted.sum()
    return out


def attend_reference(score_fn, query, keys, values, mask, window_fn=None):
    """Σ_j softmax(score)_j v_j for each (b, t), the papers' way: one pair at a time."""
    b_size, t_size = query.shape[:2]
    s_size = keys.shape[1]
    context = np.zeros((b_size, t_size, values.shape[2]))
    weights = np.zeros((b_size, t_size, s_size))
    for b in range(b_size):
        for t in range(t_size):
            scores = np.array([score_fn(query[b, t], keys[b, j]) for j in range(s_size)])
            eligible = mask[b] > 0
            scale = np.ones(s_size)
            if window_fn is not None:
                in_window, scale = window_fn(b, t, query[b, t])
                eligible = eligible & in_window
            a = softmax_over(scores, eligible) * scale
            weights[b, t] = a
            context[b, t] = a @ values[b]
    return context, weights


def inputs(rng, dq, dk, dv, t_size=T):
    return {
        "query": rng.standard_normal((B, t_size, dq)),
        "keys": rng.standard_normal((B, S, dk)),
        "values": rng.standard_normal((B, S, dv)),
        "mask": padding_mask(LENGTHS, S),
    }


def case(name, config, params, data, context, weights, **extra):
    out = {
        "name": name,
        "config": config,
        "parameters": {key: tensor(value) for key, value in params.items()},
        "inputs": {
            "query": tensor(data["query"]),
            "keys": tensor(data["keys"]),
            "values": tensor(data["values"]),
            "mask": tensor(data["mask"]),
            "lengths": [int(x) for x in data["mask"].sum(axis=1)],
        },
        "expected": {"context": tensor(context), "weights": tensor(weights)},
    }
    for key, value in extra.items():
        out[key] = value
    return out


def additive_cases(rng):
    dq, dk, dv, u = 4, 5, 3, 7
    cases = []
    for use_bias, normalize in [(True, False), (False, True)]:
        data = inputs(rng, dq, dk, dv)
        W1 = uniform(rng, (u, dk), dk)
        W2 = uniform(rng, (u, dq), dq)
        b = uniform(rng, (u,), dq) if use_bias else np.zeros(u)
        v = uniform(rng, (u,), u)
        g = 0.8
        v_used = g * v / np.linalg.norm(v) if normalize else v

        def score(q, k):
            # Bahdanau et al. (2015), eq. (A.1.2): e = vᵀ tanh(W s + U h) (+ b).
            return v_used @ np.tanh(W1 @ k + W2 @ q + b)

        context, weights = attend_reference(score, data["query"], data["keys"], data["values"], data["mask"])
        params = {"W1": W1, "W2": W2, "v": v}
        if use_bias:
            params["b"] = b
        if normalize:
            params["g"] = np.array(g)
        config = {"type": "additive", "queryDim": dq, "keyDim": dk, "valueDim": dv, "units": u,
                  "useBias": use_bias, "normalize": normalize}
        cases.append(case(f"additive bias={use_bias} normalize={normalize}", config, params, data, context, weights))
    return cases


def luong_cases(rng):
    cases = []
    d, dv = 5, 3
    # dot: qᵀk; scaled-dot: qᵀk/√d with a learned g.
    for kind in ["dot", "scaled-dot"]:
        data = inputs(rng, d, d, dv)
        g = 1.3 if kind == "scaled-dot" else 1.0
        factor = g / math.sqrt(d) if kind == "scaled-dot" else 1.0
        context, weights = attend_reference(lambda q, k: factor * (q @ k), data["query"], data["keys"],
                                            data["values"], data["mask"])
        config = {"type": kind, "queryDim": d, "keyDim": d, "valueDim": dv, "scale": kind == "scaled-dot"}
        params = {"g": np.array(g)} if kind == "scaled-dot" else {}
        cases.append(case(kind, config, params, data, context, weights))
    # general: qᵀ W k with W [dq, dk].
    dq, dk = 4, 6
    data = inputs(rng, dq, dk, dv)
    W = uniform(rng, (dq, dk), dk)
    context, weights = attend_reference(lambda q, k: q @ W @ k, data["query"], data["keys"], data["values"],
                                        data["mask"])
    config = {"type": "general", "queryDim": dq, "keyDim": dk, "valueDim": dv}
    cases.append(case("general", config, {"W": W}, data, context, weights))
    # concat: vᵀ tanh(W [q; k] + b).
    u = 7
    data = inputs(rng, dq, dk, dv)
    W = uniform(rng, (u, dq + dk), dq + dk)
    b = uniform(rng, (u,), dq + dk)
    v = uniform(rng, (u,), u)
    context, weights = attend_reference(lambda q, k: v @ np.tanh(W @ np.concatenate([q, k]) + b),
                                        data["query"], data["keys"], data["values"], data["mask"])
    config = {"type": "concat", "queryDim": dq, "keyDim": dk, "valueDim": dv, "units": u}
    cases.append(case("concat", config, {"W": W, "b": b, "v": v}, data, context, weights))
    return cases


def local_cases(rng):
    """Luong et al. (2015), section 3.2, with 0-based positions and |j − p| ≤ D."""
    cases = []
    dq, dk, dv, u = 4, 4, 3, 5
    s_size = 9
    lengths = [9, 6]
    for kind, score_kind, gaussian, window in [
        ("local-m", "general", False, 2),
        ("local-m", "dot", True, 1),
        ("local-p", "general", True, 2),
        ("local-p", "concat", True, 3),
    ]:
        data = {
            "query": rng.standard_normal((B, 4, dq)),
            "keys": rng.standard_normal((B, s_size, dk)),
            "values": rng.standard_normal((B, s_size, dv)),
            "mask": padding_mask(lengths, s_size),
        }
        params = {}
        if score_kind == "general":
            W = uniform(rng, (dq, dk), dk)
            params["W"] = W
            score = lambda q, k, W=W: q @ W @ k
        elif score_kind == "concat":
            W = uniform(rng, (u, dq + dk), dq + dk)
            b = uniform(rng, (u,), dq + dk)
            v = uniform(rng, (u,), u)
            params.update({"W": W, "b": b, "v": v})
            score = lambda q, k, W=W, b=b, v=v: v @ np.tanh(W @ np.concatenate([q, k]) + b)
        else:
            score = lambda q, k: q @ k
        positions = np.array([[0, 3, 5, 8], [1, 2, 4, 7]], dtype=np.float64)
        if kind == "local-p":
            # Scale W_p up so that predicted centres spread over the source.
            Wp = 3 * uniform(rng, (u, dq), dq)
            vp = 3 * uniform(rng, (u,), u)
            params.update({"Wp": Wp, "vp": vp})
        sigma = window / 2
        centres = np.zeros((B, 4))

        def window_fn(b, t, q):
            if kind == "local-p":
                p = lengths[b] / (1 + np.exp(-(vp @ np.tanh(Wp @ q))))
            else:
                p = positions[b, t]
            centres[b, t] = p
            j = np.arange(s_size)
            # Keep float32 rounding from moving a position across the window edge.
            assert np.min(np.abs(np.abs(j - p) - window)) > 1e-3 or kind == "local-m", (b, t, p)
            in_window = np.abs(j - p) <= window
            scale = np.exp(-((j - p) ** 2) / (2 * sigma**2)) if gaussian else np.ones(s_size)
            return in_window, scale

        context, weights = attend_reference(score, data["query"], data["keys"], data["values"], data["mask"],
                                            window_fn)
        config = {"type": kind, "queryDim": dq, "keyDim": dk, "valueDim": dv, "window": window,
                  "score": score_kind, "units": u}
        if kind == "local-m":
            config["gaussian"] = gaussian
        extra = {"centres": tensor(centres)}
        if kind == "local-m":
            extra["positions"] = tensor(positions)
        cases.append(case(f"{kind} {score_kind} gaussian={gaussian} D={window}", config, params, data, context,
                          weights, **extra))
    return cases


def multihead_cases():
    torch.manual_seed(0)
    cases = []
    for name, dq, dk, dv, E, heads, causal, t_size, bias in [
        ("multihead packed", 8, 8, 8, 8, 2, False, T, True),
        ("multihead kdim/vdim", 8, 6, 5, 8, 4, False, T, True),
        ("multihead causal self-attention", 8, 8, 8, 8, 2, True, S, True),
        ("multihead no bias", 8, 8, 8, 8, 4, False, T, False),
    ]:
        mha = torch.nn.MultiheadAttention(E, heads, bias=bias, kdim=dk, vdim=dv, batch_first=True).double()
        with torch.no_grad():
            for parameter in mha.parameters():
                parameter.add_(0.1 * torch.randn_like(parameter))
        rng = np.random.default_rng(len(cases) + 7)
        data = inputs(rng, dq, dk, dv, t_size)
        if causal:
            data["keys"] = data["query"].copy()
            data["values"] = data["query"].copy()
        q = torch.tensor(data["query"])
        k = torch.tensor(data["keys"])
        v = torch.tensor(data["values"])
        key_padding_mask = torch.tensor(data["mask"] == 0)
        attn_mask = torch.triu(torch.ones(t_size, S, dtype=torch.bool), diagonal=1) if causal else None
        with torch.no_grad():
            output, head_weights = mha(q, k, v, key_padding_mask=key_padding_mask, attn_mask=attn_mask,
                                       need_weights=True, average_attn_weights=False)
        head_weights = head_weights.numpy()
        params = {name: p.detach().numpy() for name, p in mha.state_dict().items()}
        config = {"type": "multihead", "queryDim": dq, "keyDim": dk, "valueDim": dv, "units": E, "heads": heads,
                  "useBias": bias}
        cases.append(case(name, config, params, data, output.numpy(), head_weights.mean(axis=1),
                          headWeights=tensor(head_weights), causal=causal))
    return cases


def tutorial_case():
    """The NumPy attention tutorial's numbers: tanh([h_enc; h_dec] · layer_1) · layer_2."""
    np.random.seed(42)
    encoder_states = np.random.randn(5, 16)
    decoder_state = np.random.randn(1, 16)
    layer_1 = np.random.randn(32, 10)
    layer_2 = np.random.randn(10, 1)
    repeated = np.repeat(decoder_state, 5, axis=0)
    scores = np.tanh(np.concatenate([encoder_states, repeated], axis=1) @ layer_1) @ layer_2
    query_first = np.tanh(np.concatenate([repeated, encoder_states], axis=1) @ layer_1) @ layer_2
    expected = [4.35790943, 5.92373433, 4.18673175, 2.11437202, 0.95767155]
    assert np.allclose(scores.ravel(), expected), scores.ravel()
    assert not np.allclose(query_first.ravel(), expected)
    return {
        "encoderStates": tensor(encoder_states),
        "decoderState": tensor(decoder_state),
        "layer1": tensor(layer_1),
        "layer2": tensor(layer_2),
        "scores": expected,
        "queryFirstScores": [float(x) for x in query_first.ravel()],
    }


def main():
    rng = np.random.default_rng(2024)
    os.makedirs(OUT, exist_ok=True)
    files = {
        "additive.json": additive_cases(rng),
        "luong.json": luong_cases(rng),
        "local.json": local_cases(rng),
        "multihead.json": multihead_cases(),
        "tutorial.json": tutorial_case(),
    }
    for filename, content in files.items():
        path = os.path.join(OUT, filename)
        with open(path, "w") as handle:
            json.dump(content, handle, separators=(",", ":"))
        print(f"{path}: {os.path.getsize(path)} bytes")


if __name__ == "__main__":
    main()
