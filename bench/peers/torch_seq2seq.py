"""PyTorch peer of packages/rnn/bench/seq2seq.ts (@heed/rnn).

The same reference workloads as heed's RNN benchmark: a GRU encoder, a
tanh(Linear) bridge from the final encoder states, and a GRU decoder with
Bahdanau (additive) attention whose query is the previous decoder state and
whose context joins the cell input; the output layer reads the GRU output and
runs over all steps at once; masked cross-entropy (ignore_index=0); Adam.

  W-small: vocab 2000, embed 128, GRU 128 (1 layer), decoder 128, attention 128, batch 32, length 12
  W-base:  vocab 8000, embed 256, bidirectional GRU 2x256, decoder 512, attention 512, batch 64, length 20

Measures training target tokens/s, greedy and beam-search sentences/s (every
sentence decodes exactly `length` steps: EOS is blocked before the last one)
and peak RSS. The beam search is batched like heed's: one decoder step for
all beams of all sentences, log-softmax, the best 2k candidates per sentence
by total log-prob, the best k kept, states reordered by index. Run with Debian's torch + OpenBLAS
(pthread) under /usr/bin/python3 with OMP_WAIT_POLICY=PASSIVE; uses 2 threads.
Prints one JSON object per workload, one per line.
"""
import argparse
import json
import resource
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

EOS = 2

WORKLOADS = {
    "small": dict(vocab=2000, embed=128, hidden=128, layers=1, bidirectional=False,
                  decoder=128, units=128, batch=32, length=12),
    "base": dict(vocab=8000, embed=256, hidden=256, layers=2, bidirectional=True,
                 decoder=512, units=512, batch=64, length=20),
}


class Seq2Seq(nn.Module):
    def __init__(self, vocab, embed, hidden, layers, bidirectional, decoder, units):
        super().__init__()
        directions = 2 if bidirectional else 1
        memory = directions * hidden
        self.src_embed = nn.Embedding(vocab, embed, padding_idx=0)
        self.encoder = nn.GRU(embed, hidden, num_layers=layers, bidirectional=bidirectional,
                              batch_first=True)
        self.bridge = nn.Linear(memory, decoder)
        self.tgt_embed = nn.Embedding(vocab, embed, padding_idx=0)
        self.key_proj = nn.Linear(memory, units)  # W1 k + b
        self.query_proj = nn.Linear(decoder, units, bias=False)  # W2 q
        self.v = nn.Parameter(torch.empty(units).uniform_(-units ** -0.5, units ** -0.5))
        self.cell = nn.GRUCell(embed + memory, decoder)
        self.out = nn.Linear(decoder, vocab)
        self.layers = layers
        self.directions = directions

    def encode(self, src, src_mask):
        outputs, h_n = self.encoder(self.src_embed(src))  # [b, S, D*H], [L*D, b, H]
        top = h_n[-self.directions:].transpose(0, 1).reshape(src.shape[0], -1)  # [b, D*H]
        h0 = torch.tanh(self.bridge(top))
        return outputs, self.key_proj(outputs), h0

    def attend(self, h, keys, values, src_mask):
        hidden = torch.tanh(keys + self.query_proj(h).unsqueeze(1))  # [b, S, U]
        scores = hidden @ self.v  # [b, S]
        weights = torch.softmax(scores.masked_fill(~src_mask, float("-inf")), dim=1)
        return torch.bmm(weights.unsqueeze(1), values).squeeze(1)  # [b, C]

    def step(self, embedded, h, keys, values, src_mask):
        context = self.attend(h, keys, values, src_mask)
        return self.cell(torch.cat([embedded, context], 1), h)

    def forward(self, src, src_mask, tgt_in):
        values, keys, h = self.encode(src, src_mask)
        embedded = self.tgt_embed(tgt_in)
        states = []
        for t in range(tgt_in.shape[1]):
            h = self.step(embedded[:, t], h, keys, values, src_mask)
            states.append(h)
        return self.out(torch.stack(states, 1))  # [b, T, V], one matmul over all steps

    @torch.no_grad()
    def greedy(self, src, src_mask, steps):
        values, keys, h = self.encode(src, src_mask)
        token = torch.ones(src.shape[0], dtype=torch.long)
        tokens = []
        for _ in range(steps):
            h = self.step(self.tgt_embed(token), h, keys, values, src_mask)
            token = self.out(h).argmax(1)
            tokens.append(token)
        return torch.stack(tokens, 1)

    @torch.no_grad()
    def beam(self, src, src_mask, steps, k):
        values, keys, h = self.encode(src, src_mask)
        b = src.shape[0]
        tiled = torch.arange(b).repeat_interleave(k)  # every sentence k times
        values, keys, h, src_mask = values[tiled], keys[tiled], h[tiled], src_mask[tiled]
        scores = torch.full((b, k), float("-inf"))
        scores[:, 0] = 0.0  # one live hypothesis per sentence at the start
        token = torch.ones(b * k, dtype=torch.long)
        sentence_rows = torch.arange(b).unsqueeze(1) * k
        back_pointers, tokens = [], []
        for t in range(steps):
            h = self.step(self.tgt_embed(token), h, keys, values, src_mask)
            log_probs = torch.log_softmax(self.out(h), 1)  # [b*k, V]
            V = log_probs.shape[1]
            if t < steps - 1:
                log_probs[:, EOS] = float("-inf")  # min length: no EOS before the last step
            total = (scores.reshape(-1, 1) + log_probs).reshape(b, k * V)
            top, flat = total.topk(2 * k, 1)  # 2k candidates; none ends before the last step
            scores = top[:, :k]
            beams = torch.div(flat[:, :k], V, rounding_mode="floor")
            token = (flat[:, :k] % V).reshape(-1)
            rows = (sentence_rows + beams).reshape(-1)
            h = h[rows]
            back_pointers.append(beams)
            tokens.append(token.reshape(b, k))
        return scores, back_pointers, tokens


def measure(name, steps, repeats, beams):
    size = WORKLOADS[name]
    torch.manual_seed(0)
    model = Seq2Seq(size["vocab"], size["embed"], size["hidden"], size["layers"],
                    size["bidirectional"], size["decoder"], size["units"])
    b, T, V = size["batch"], size["length"], size["vocab"]
    generator = torch.Generator().manual_seed(1)
    src = torch.randint(4, V, (b, T), generator=generator)
    tgt = torch.randint(4, V, (b, T), generator=generator)
    tgt_in = torch.cat([torch.ones(b, 1, dtype=torch.long), tgt[:, :-1]], 1)
    src_mask = src != 0
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

    def train_step():
        optimizer.zero_grad()
        logits = model(src, src_mask, tgt_in)
        loss = F.cross_entropy(logits.reshape(-1, V), tgt.reshape(-1), ignore_index=0)
        loss.backward()
        optimizer.step()

    train_step()  # warm-up
    start = time.perf_counter()
    for _ in range(steps):
        train_step()
    train_seconds = time.perf_counter() - start

    model.eval()
    model.greedy(src, src_mask, T)
    start = time.perf_counter()
    for _ in range(repeats):
        model.greedy(src, src_mask, T)
    greedy_seconds = time.perf_counter() - start
    beam_sentences_per_second = {}
    for k in beams:
        model.beam(src, src_mask, T, k)
        start = time.perf_counter()
        for _ in range(repeats):
            model.beam(src, src_mask, T, k)
        beam_sentences_per_second[str(k)] = repeats * b / (time.perf_counter() - start)
    return {
        "workload": name,
        "framework": f"PyTorch {torch.__version__}",
        "threads": torch.get_num_threads(),
        "parameters": sum(p.numel() for p in model.parameters()),
        "trainTokensPerSecond": steps * b * T / train_seconds,
        "greedySentencesPerSecond": repeats * b / greedy_seconds,
        "beamSentencesPerSecond": beam_sentences_per_second,
        "peakRssMiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--workloads", default="small,base")
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--beams", default="", help="beam widths, comma-separated, e.g. 1,5,10")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    for name in args.workloads.split(","):
        beams = [int(k) for k in args.beams.split(",") if k]
        print(json.dumps(measure(name, args.steps, args.repeats, beams)), flush=True)


if __name__ == "__main__":
    main()
