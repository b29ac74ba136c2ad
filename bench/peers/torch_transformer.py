"""PyTorch peer of packages/transformer/bench/transformer.ts.

The same workload as heed's Transformer benchmark: d=256, 3+3 layers, 4 heads,
FF 1024, vocab 8000, batch 64, length 20, pre-norm, Adam. Measures training
target tokens/s and greedy / beam-5 sentences/s. PyTorch's nn.Transformer has
no key/value cache, so its decoders re-run the decoder over the prefix each
step, as PyTorch users do.

Run with Debian's torch + OpenBLAS (pthread) under /usr/bin/python3 and
OMP_WAIT_POLICY=PASSIVE; prints one JSON object.
"""
import argparse
import json
import math
import resource
import time

import torch
import torch.nn as nn


class Seq2SeqTransformer(nn.Module):
    def __init__(self, vocab, d, heads, layers, ff):
        super().__init__()
        self.d = d
        self.src_embed = nn.Embedding(vocab, d, padding_idx=0)
        self.tgt_embed = nn.Embedding(vocab, d, padding_idx=0)
        self.register_buffer("pe", sinusoids(512, d))
        self.core = nn.Transformer(d, heads, layers, layers, ff, dropout=0.1,
                                   batch_first=True, norm_first=True)
        self.out = nn.Linear(d, vocab)

    def embed(self, table, tokens, offset=0):
        return table(tokens) * math.sqrt(self.d) + self.pe[offset:offset + tokens.shape[1]]

    def encode(self, src, src_pad):
        return self.core.encoder(self.embed(self.src_embed, src), src_key_padding_mask=src_pad)

    def decode(self, tgt, memory, src_pad):
        causal = self.core.generate_square_subsequent_mask(tgt.shape[1])
        hidden = self.core.decoder(self.embed(self.tgt_embed, tgt), memory, tgt_mask=causal,
                                   memory_key_padding_mask=src_pad)
        return self.out(hidden)


def sinusoids(length, d):
    position = torch.arange(length).unsqueeze(1)
    div = torch.exp(torch.arange(0, d, 2) * (-math.log(10000.0) / d))
    table = torch.zeros(length, d)
    table[:, 0::2] = torch.sin(position * div)
    table[:, 1::2] = torch.cos(position * div)
    return table


def batch(generator, b, length, vocab):
    src = torch.randint(4, vocab, (b, length), generator=generator)
    tgt = torch.randint(4, vocab, (b, length), generator=generator)
    tgt_in = torch.cat([torch.ones(b, 1, dtype=torch.long), tgt[:, :-1]], 1)
    return src, tgt_in, tgt


def train_rate(model, args):
    generator = torch.Generator().manual_seed(0)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-4)
    loss_fn = nn.CrossEntropyLoss(ignore_index=0)
    model.train()

    def step():
        src, tgt_in, tgt = batch(generator, args.batch, args.length, args.vocab)
        pad = src == 0
        logits = model.decode(tgt_in, model.encode(src, pad), pad)
        loss = loss_fn(logits.reshape(-1, args.vocab), tgt.reshape(-1))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

    for _ in range(args.warmup):
        step()
    start = time.perf_counter()
    for _ in range(args.steps):
        step()
    seconds = time.perf_counter() - start
    return args.steps * args.batch * args.length / seconds


@torch.no_grad()
def greedy_rate(model, args):
    model.eval()
    generator = torch.Generator().manual_seed(1)
    src, _, _ = batch(generator, args.batch, args.length, args.vocab)
    pad = src == 0

    def run():
        memory = model.encode(src, pad)
        tokens = torch.ones(args.batch, 1, dtype=torch.long)
        for _ in range(args.length):
            logits = model.decode(tokens, memory, pad)[:, -1]
            tokens = torch.cat([tokens, logits.argmax(-1, keepdim=True)], 1)

    run()
    start = time.perf_counter()
    for _ in range(args.repeats):
        run()
    return args.repeats * args.batch / (time.perf_counter() - start)


@torch.no_grad()
def beam_rate(model, args, k=5):
    """Batched beam search with a fixed number of steps (no early exit), the same work as heed's bench."""
    model.eval()
    generator = torch.Generator().manual_seed(1)
    src, _, _ = batch(generator, args.batch, args.length, args.vocab)
    b = args.batch

    def run():
        src_k = src.repeat_interleave(k, 0)
        pad = src_k == 0
        memory = model.encode(src_k, pad)
        tokens = torch.ones(b * k, 1, dtype=torch.long)
        scores = torch.full((b, k), -1e9)
        scores[:, 0] = 0
        for _ in range(args.length):
            log_probs = model.decode(tokens, memory, pad)[:, -1].log_softmax(-1)  # [b*k, V]
            total = (scores.reshape(-1, 1) + log_probs).reshape(b, -1)  # [b, k*V]
            scores, flat = total.topk(k, -1)
            origin = (flat // args.vocab) + torch.arange(b).unsqueeze(1) * k
            tokens = torch.cat([tokens[origin.reshape(-1)], (flat % args.vocab).reshape(-1, 1)], 1)

    run()
    start = time.perf_counter()
    for _ in range(args.repeats):
        run()
    return args.repeats * b / (time.perf_counter() - start)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--vocab", type=int, default=8000)
    parser.add_argument("--d", type=int, default=256)
    parser.add_argument("--heads", type=int, default=4)
    parser.add_argument("--layers", type=int, default=3)
    parser.add_argument("--ff", type=int, default=1024)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--length", type=int, default=20)
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.manual_seed(0)
    torch.set_num_threads(args.threads)
    model = Seq2SeqTransformer(args.vocab, args.d, args.heads, args.layers, args.ff)
    result = {
        "framework": f"torch {torch.__version__}",
        "threads": torch.get_num_threads(),
        "parameters": sum(p.numel() for p in model.parameters()),
        "trainTokensPerSecond": train_rate(model, args),
        "greedySentencesPerSecond": greedy_rate(model, args),
        "beam5SentencesPerSecond": beam_rate(model, args),
        "peakRssMiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
