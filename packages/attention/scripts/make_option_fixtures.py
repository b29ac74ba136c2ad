"""Writes test/fixtures/options.json: reference cases for the options added
after make_fixtures.py's set, kept in their own file so that the existing
fixtures (drawn from one shared random stream) stay as they are.

    /usr/bin/python3 packages/attention/scripts/make_option_fixtures.py

- `general` with `scale`: TF Addons `LuongAttention(scale=True)`, score
  g · qᵀ W k with a learned scalar g (tfa.seq2seq.LuongAttention: `score = g * score`);
- `local-p` with `gaussian: false`: Luong et al. (2015), section 3.2, with the
  predicted window but without eq. (10)'s Gaussian: the softmax over
  |j − p| ≤ D, masked elsewhere.
NumPy transcriptions, one (batch, query) pair at a time (make_fixtures.py's
`attend_reference`), sharing no code path with heed's batched implementation.
"""

import json
import os

import numpy as np

from make_fixtures import B, OUT, attend_reference, case, inputs, padding_mask, tensor, uniform


def general_scale_case(rng):
    dq, dk, dv = 4, 6, 3
    data = inputs(rng, dq, dk, dv)
    W = uniform(rng, (dq, dk), dk)
    g = 1.7
    context, weights = attend_reference(lambda q, k: g * (q @ W @ k), data["query"], data["keys"],
                                        data["values"], data["mask"])
    config = {"type": "general", "queryDim": dq, "keyDim": dk, "valueDim": dv, "scale": True}
    return case("general scale=True", config, {"W": W, "g": np.array(g)}, data, context, weights)


def local_p_plain_window_cases(rng):
    dq, dk, dv, u = 4, 4, 3, 5
    s_size = 9
    lengths = [9, 6]
    cases = []
    for score_kind, window in [("general", 2), ("concat", 3)]:
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
        else:
            W = uniform(rng, (u, dq + dk), dq + dk)
            b = uniform(rng, (u,), dq + dk)
            v = uniform(rng, (u,), u)
            params.update({"W": W, "b": b, "v": v})
            score = lambda q, k, W=W, b=b, v=v: v @ np.tanh(W @ np.concatenate([q, k]) + b)
        Wp = 3 * uniform(rng, (u, dq), dq)
        vp = 3 * uniform(rng, (u,), u)
        params.update({"Wp": Wp, "vp": vp})
        centres = np.zeros((B, 4))

        def window_fn(b, t, q, Wp=Wp, vp=vp, centres=centres, window=window):
            # Luong et al. eq. (9): p_t = S · sigmoid(v_pᵀ tanh(W_p h_t)), S the true source length.
            p = lengths[b] / (1 + np.exp(-(vp @ np.tanh(Wp @ q))))
            centres[b, t] = p
            j = np.arange(s_size)
            # Keep float32 rounding from moving a position across the window edge.
            assert np.min(np.abs(np.abs(j - p) - window)) > 1e-3, (b, t, p)
            return np.abs(j - p) <= window, np.ones(s_size)

        context, weights = attend_reference(score, data["query"], data["keys"], data["values"], data["mask"],
                                            window_fn)
        config = {"type": "local-p", "queryDim": dq, "keyDim": dk, "valueDim": dv, "window": window,
                  "score": score_kind, "units": u, "gaussian": False}
        cases.append(case(f"local-p {score_kind} gaussian=False D={window}", config, params, data, context,
                          weights, centres=tensor(centres)))
    return cases


def main():
    rng = np.random.default_rng(2026)
    cases = [general_scale_case(rng), *local_p_plain_window_cases(rng)]
    path = os.path.join(OUT, "options.json")
    with open(path, "w") as handle:
        json.dump(cases, handle, separators=(",", ":"))
    print(f"{path}: {os.path.getsize(path)} bytes")


if __name__ == "__main__":
    main()
