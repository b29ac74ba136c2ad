"""PyTorch peer of bench/synthetic-model.ts: the same GRU + dot-attention
decoder shape with random weights, greedy and batched beam search written
the tuned PyTorch way (inference_mode, log_softmax + topk, index_select to
reorder). EOS is suppressed as in the TypeScript model, so every sentence
runs exactly `steps` steps. Prints one JSON object: milliseconds per call.

  OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 bench/torch_synthetic.py \
      --sentences 32 --steps 30 --units 256 --vocab 8000 --source-length 20 --repeats 5
"""

import argparse
import json
import time

import torch


def build(vocab, units, seed):
    generator = torch.Generator().manual_seed(seed)

    def glorot(rows, cols):
        limit = (6.0 / (rows + cols)) ** 0.5
        return (torch.rand(rows, cols, generator=generator) * 2 - 1) * limit

    bias = torch.zeros(vocab)
    bias[2] = -50.0
    return {
        "embedding": torch.randn(vocab, units, generator=generator) * 0.3,
        "encoder": glorot(units, units),
        "gates": glorot(2 * units, 3 * units),
        "combine": glorot(2 * units, units),
        "kernel": glorot(units, vocab),
        "bias": bias,
    }


def encode(w, source, lengths):
    memory = torch.tanh(w["embedding"][source] @ w["encoder"])  # [b, S, H]
    mask = torch.arange(source.shape[1])[None, :] < lengths[:, None]  # [b, S]
    return memory, mask, memory.mean(1)


def step(w, previous, hidden, memory, mask):
    gates = torch.cat([w["embedding"][previous], hidden], 1) @ w["gates"]
    r, z, n = gates.chunk(3, 1)
    candidate = torch.tanh(n + torch.sigmoid(r) * hidden)
    update = torch.sigmoid(z)
    hidden = update * hidden + (1 - update) * candidate
    scores = torch.bmm(memory, hidden[:, :, None])[:, :, 0].masked_fill(~mask, -1e9)
    attention = torch.softmax(scores, 1)
    context = torch.bmm(attention[:, None, :], memory)[:, 0]
    combined = torch.tanh(torch.cat([context, hidden], 1) @ w["combine"])
    return combined @ w["kernel"] + w["bias"], hidden


def greedy(w, source, lengths, steps, eos=2):
    memory, mask, hidden = encode(w, source, lengths)
    previous = torch.full((source.shape[0],), 1, dtype=torch.long)
    finished = torch.zeros(source.shape[0], dtype=torch.bool)
    tokens = []
    for _ in range(steps):
        logits, hidden = step(w, previous, hidden, memory, mask)
        scores, previous = torch.log_softmax(logits, 1).max(1)
        tokens.append(previous)
        finished |= previous == eos
        if bool(finished.all()):
            break
    return torch.stack(tokens, 1)


def beam(w, source, lengths, steps, k):
    b = source.shape[0]
    memory, mask, hidden = encode(w, source, lengths)
    tile = torch.arange(b).repeat_interleave(k)
    memory, mask, hidden = memory[tile], mask[tile], hidden[tile]
    V = w["kernel"].shape[1]
    scores = torch.full((b, k), float("-inf"))
    scores[:, 0] = 0
    previous = torch.full((b * k,), 1, dtype=torch.long)
    base = (torch.arange(b) * k)[:, None]
    for _ in range(steps):
        logits, hidden = step(w, previous, hidden, memory, mask)
        total = (torch.log_softmax(logits, 1).view(b, k, V) + scores[:, :, None]).view(b, k * V)
        values, indices = total.topk(min(2 * k, k * V), 1)
        values, indices = values[:, :k], indices[:, :k]  # EOS never wins here
        origin = (indices // V + base).view(-1)
        previous = (indices % V).view(-1)
        hidden = hidden.index_select(0, origin)
        scores = values
    return scores


def timed(run, repeats):
    run()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return sorted(times)[len(times) // 2]


def main():
    parser = argparse.ArgumentParser()
    for name, default in [("sentences", 32), ("steps", 30), ("units", 256), ("vocab", 8000),
                          ("source-length", 20), ("repeats", 5), ("threads", 2)]:
        parser.add_argument(f"--{name}", type=int, default=default)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    w = build(args.vocab, args.units, 1)
    generator = torch.Generator().manual_seed(3)
    source = torch.randint(4, args.vocab, (args.sentences, args.source_length), generator=generator)
    lengths = torch.tensor([args.source_length - (i % 5) for i in range(args.sentences)])
    out = {}
    with torch.inference_mode():
        out["greedy"] = timed(lambda: greedy(w, source, lengths, args.steps), args.repeats)
        for k in (1, 5, 10):
            out[f"beam{k}"] = timed(lambda: beam(w, source, lengths, args.steps, k), args.repeats)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
