"""PyTorch peer of bench/attend.ts: the same variants, sizes and hoisting.

Prints one JSON object {variant: {"prepare": ms, "T=1": ms, "T=S": ms}} on
stdout. Run by attend.ts with OMP_WAIT_POLICY=PASSIVE and 2 threads.
"""

import json
import math
import sys
import time

import torch

torch.set_num_threads(2)
torch.manual_seed(0)

B, S, D = (int(x) for x in sys.argv[1:4]) if len(sys.argv) >= 4 else (64, 50, 256)
WINDOW, HEADS = 10, 8


def timed(fn, repeats):
    fn()
    start = time.perf_counter()
    for _ in range(repeats):
        fn()
    return (time.perf_counter() - start) * 1000 / repeats


def masked_context(scores, mask, values, scale=None):
    weights = torch.softmax(scores.masked_fill(mask == 0, -1e9), dim=-1) * mask
    if scale is not None:
        weights = weights * scale
    return weights @ values, weights


def linear(d_in, d_out, bias=True):
    return torch.nn.Linear(d_in, d_out, bias=bias)


class Variant:
    def __init__(self, name):
        self.name = name
        self.W1, self.W2, self.v = linear(D, D), linear(D, D, False), linear(D, 1, False)
        self.W = linear(D, D, False)
        self.Wc = linear(2 * D, D)
        self.Wp, self.vp = linear(D, D, False), linear(D, 1, False)
        self.mha = torch.nn.MultiheadAttention(D, HEADS, batch_first=True)

    def prepare(self, keys, values):
        n = self.name
        if n == "additive":
            return {"k": self.W1(keys)}
        if n == "concat":
            return {"k": keys @ self.Wc.weight[:, D:].T + self.Wc.bias}
        if n in ("general", "local-m", "local-p"):
            return {"k": self.W(keys)}
        if n == "multihead":
            w, b = self.mha.in_proj_weight, self.mha.in_proj_bias
            return {"k": keys @ w[D:2 * D].T + b[D:2 * D], "v": values @ w[2 * D:].T + b[2 * D:]}
        return {}

    def attend(self, query, keys, values, mask, lengths, cache):
        n, T = self.name, query.shape[1]
        m = mask[:, None, :]
        if n in ("additive", "concat"):
            q = self.W2(query) if n == "additive" else query @ self.Wc.weight[:, :D].T
            scores = self.v(torch.tanh(q[:, :, None, :] + cache["k"][:, None, :, :])).squeeze(-1)
            return masked_context(scores, m, values)
        if n in ("dot", "scaled-dot"):
            scores = query @ keys.transpose(1, 2)
            return masked_context(scores / math.sqrt(D) if n == "scaled-dot" else scores, m, values)
        if n == "general":
            return masked_context(query @ cache["k"].transpose(1, 2), m, values)
        if n in ("local-m", "local-p"):
            scores = query @ cache["k"].transpose(1, 2)
            if n == "local-m":
                p = torch.arange(T, dtype=query.dtype)[None, :].expand(query.shape[0], T)
            else:
                p = lengths[:, None] * torch.sigmoid(self.vp(torch.tanh(self.Wp(query)))).squeeze(-1)
            distance = torch.arange(S, dtype=query.dtype)[None, None, :] - p[:, :, None]
            window = (distance.abs() <= WINDOW).to(query.dtype)
            scale = torch.exp(-(distance**2) / (2 * (WINDOW / 2) ** 2)) if n == "local-p" else None
            return masked_context(scores, m * window, values, scale)
        if n == "multihead":
            h, hd = HEADS, D // HEADS
            w, b = self.mha.in_proj_weight, self.mha.in_proj_bias
            q = ((query @ w[:D].T + b[:D]) / math.sqrt(hd)).view(-1, T, h, hd).transpose(1, 2)
            k = cache["k"].view(-1, S, h, hd).transpose(1, 2)
            v = cache["v"].view(-1, S, h, hd).transpose(1, 2)
            context, weights = masked_context(q @ k.transpose(-1, -2), mask[:, None, None, :], v)
            return self.mha.out_proj(context.transpose(1, 2).reshape(-1, T, D)), weights.mean(1)
        last = (lengths.long() - 1).clamp(min=0)
        return values[torch.arange(values.shape[0]), last][:, None, :].expand(-1, T, -1), None


def main():
    keys = torch.randn(B, S, D)
    values = torch.randn(B, S, D)
    lengths = torch.randint(S // 2, S + 1, (B,)).float()
    mask = (torch.arange(S)[None, :] < lengths[:, None]).float()
    results = {}
    with torch.no_grad():
        for name in ["additive", "dot", "scaled-dot", "general", "concat", "local-m", "local-p", "multihead",
                     "none"]:
            variant = Variant(name)
            cache = variant.prepare(keys, values)
            row = {"prepare": timed(lambda: variant.prepare(keys, values), 5)}
            for label, T, repeats in [("T=1", 1, 50), ("T=S", S, 5)]:
                query = torch.randn(B, T, D)
                row[label] = timed(lambda: variant.attend(query, keys, values, mask, lengths, cache), repeats)
            results[name] = row
    print(json.dumps(results))


if __name__ == "__main__":
    main()
