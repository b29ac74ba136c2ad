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
and peak RSS, per wall-clock second or, with --clock cpu, per CPU second of
the process. The beam search is batched like heed's: one decoder step for
all beams of all sentences, log-softmax, the best 2k candidates per sentence
by total log-prob, the best k kept, states reordered by index. Run with Debian's torch + OpenBLAS
(pthread) under /usr/bin/python3 with OMP_WAIT_POLICY=PASSIVE; uses 2 threads.
Prints one JSON object per workload, one per line.

`train` (apps/nmt/bench/side-by-side.ts): the same model, sized by flags (a
stacked decoder and dropout as heed's), trained on real batches exported from
heed-nmt's own data preparation (token ids, PAD 0, BOS 1, EOS 2) for a
wall-clock budget: Adam, global-norm clipping, masked cross-entropy,
length-packed encoder input, batch order reshuffled every epoch. Prints JSON
lines: `start`; `evaluation` every --eval-seconds and at the end (validation
loss, greedy translations of the validation sample as ids); `stop` (updates,
target tokens, tokens/s over every update after the first, training only);
`test` (greedy translations of the test sources in batches of --decode-batch,
in input order, and the seconds they took). `--device cuda` trains and
translates on the GPU (lengths stay on the CPU, as packing wants them).
"""
import argparse
import json
import resource
import sys
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
    """heed's RnnSeq2Seq with Bahdanau placement, in PyTorch.

    `decoder_layers` stacked decoder GRUs: the first layer's previous state is
    the attention query and the context joins that layer's input; the output
    layer reads the top layer. Decoder layer l starts from tanh(Linear) of
    encoder layer l's final states when both sides have as many layers, else
    of the top encoder layer's. `dropout` acts between stacked layers and on
    the decoder states before the output layer, where heed applies it.
    """

    def __init__(self, vocab, embed, hidden, layers, bidirectional, decoder, units,
                 target_vocab=None, decoder_layers=1, dropout=0.0):
        super().__init__()
        directions = 2 if bidirectional else 1
        memory = directions * hidden
        target_vocab = target_vocab or vocab
        self.src_embed = nn.Embedding(vocab, embed, padding_idx=0)
        self.encoder = nn.GRU(embed, hidden, num_layers=layers, bidirectional=bidirectional,
                              batch_first=True, dropout=dropout if layers > 1 else 0.0)
        self.bridges = nn.ModuleList(nn.Linear(memory, decoder) for _ in range(decoder_layers))
        self.tgt_embed = nn.Embedding(target_vocab, embed, padding_idx=0)
        self.key_proj = nn.Linear(memory, units)  # W1 k + b
        self.query_proj = nn.Linear(decoder, units, bias=False)  # W2 q
        self.v = nn.Parameter(torch.empty(units).uniform_(-units ** -0.5, units ** -0.5))
        self.cells = nn.ModuleList(
            nn.GRUCell(embed + memory if layer == 0 else decoder, decoder)
            for layer in range(decoder_layers))
        self.dropout = nn.Dropout(dropout)
        self.out = nn.Linear(decoder, target_vocab)
        self.layers = layers
        self.directions = directions

    def encode(self, src, src_lengths):
        """Returns values [b, S, D*H], keys [b, S, U] and the initial decoder states [b, H_d] per layer."""
        embedded = self.src_embed(src)
        if bool((src_lengths == src.shape[1]).all()):  # no padding: nothing to pack
            outputs, h_n = self.encoder(embedded)
        else:
            packed = nn.utils.rnn.pack_padded_sequence(embedded, src_lengths, batch_first=True,
                                                       enforce_sorted=False)
            outputs, h_n = self.encoder(packed)
            outputs, _ = nn.utils.rnn.pad_packed_sequence(outputs, batch_first=True,
                                                          total_length=src.shape[1])
        b = src.shape[0]
        finals = h_n.reshape(self.layers, self.directions, b, -1).transpose(1, 2).reshape(
            self.layers, b, -1)  # [L, b, D*H]
        same = len(self.bridges) == self.layers
        h0 = [torch.tanh(bridge(finals[layer if same else -1]))
              for layer, bridge in enumerate(self.bridges)]
        return outputs, self.key_proj(outputs), h0

    def attend(self, h, keys, values, src_mask):
        hidden = torch.tanh(keys + self.query_proj(h).unsqueeze(1))  # [b, S, U]
        scores = hidden @ self.v  # [b, S]
        weights = torch.softmax(scores.masked_fill(~src_mask, float("-inf")), dim=1)
        return torch.bmm(weights.unsqueeze(1), values).squeeze(1)  # [b, C]

    def step(self, embedded, hs, keys, values, src_mask):
        """One decoder step: the new state of every layer; the last is the top."""
        x = torch.cat([embedded, self.attend(hs[0], keys, values, src_mask)], 1)
        states = []
        for layer, cell in enumerate(self.cells):
            x = cell(self.dropout(x) if layer > 0 else x, hs[layer])
            states.append(x)
        return states

    def forward(self, src, src_lengths, tgt_in):
        src_mask = src != 0
        values, keys, hs = self.encode(src, src_lengths)
        embedded = self.tgt_embed(tgt_in)
        tops = []
        for t in range(tgt_in.shape[1]):
            hs = self.step(embedded[:, t], hs, keys, values, src_mask)
            tops.append(hs[-1])
        # [b, T, V], one matmul over all steps
        return self.out(self.dropout(torch.stack(tops, 1)))

    @torch.no_grad()
    def greedy(self, src, src_lengths, steps, stop_at_eos=False):
        """[b, steps] tokens; with stop_at_eos, stops once every row has produced EOS."""
        src_mask = src != 0
        values, keys, hs = self.encode(src, src_lengths)
        token = torch.ones(src.shape[0], dtype=torch.long, device=src.device)
        finished = torch.zeros(src.shape[0], dtype=torch.bool, device=src.device)
        tokens = []
        for _ in range(steps):
            hs = self.step(self.tgt_embed(token), hs, keys, values, src_mask)
            token = self.out(hs[-1]).argmax(1)
            tokens.append(token)
            if stop_at_eos:
                finished |= token == EOS
                if bool(finished.all()):
                    break
        return torch.stack(tokens, 1)

    @torch.no_grad()
    def beam(self, src, src_lengths, steps, k):
        src_mask = src != 0
        values, keys, hs = self.encode(src, src_lengths)
        b = src.shape[0]
        tiled = torch.arange(b).repeat_interleave(k)  # every sentence k times
        values, keys, src_mask = values[tiled], keys[tiled], src_mask[tiled]
        hs = [h[tiled] for h in hs]
        scores = torch.full((b, k), float("-inf"))
        scores[:, 0] = 0.0  # one live hypothesis per sentence at the start
        token = torch.ones(b * k, dtype=torch.long)
        sentence_rows = torch.arange(b).unsqueeze(1) * k
        back_pointers, tokens = [], []
        for t in range(steps):
            hs = self.step(self.tgt_embed(token), hs, keys, values, src_mask)
            log_probs = torch.log_softmax(self.out(hs[-1]), 1)  # [b*k, V]
            V = log_probs.shape[1]
            if t < steps - 1:
                log_probs[:, EOS] = float("-inf")  # min length: no EOS before the last step
            total = (scores.reshape(-1, 1) + log_probs).reshape(b, k * V)
            top, flat = total.topk(2 * k, 1)  # 2k candidates; none ends before the last step
            scores = top[:, :k]
            beams = torch.div(flat[:, :k], V, rounding_mode="floor")
            token = (flat[:, :k] % V).reshape(-1)
            rows = (sentence_rows + beams).reshape(-1)
            hs = [h[rows] for h in hs]
            back_pointers.append(beams)
            tokens.append(token.reshape(b, k))
        return scores, back_pointers, tokens


def measure(name, steps, repeats, beams, now=time.perf_counter):
    size = WORKLOADS[name]
    torch.manual_seed(0)
    model = Seq2Seq(size["vocab"], size["embed"], size["hidden"], size["layers"],
                    size["bidirectional"], size["decoder"], size["units"])
    b, T, V = size["batch"], size["length"], size["vocab"]
    generator = torch.Generator().manual_seed(1)
    src = torch.randint(4, V, (b, T), generator=generator)
    tgt = torch.randint(4, V, (b, T), generator=generator)
    tgt_in = torch.cat([torch.ones(b, 1, dtype=torch.long), tgt[:, :-1]], 1)
    src_lengths = torch.full((b,), T)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

    def train_step():
        optimizer.zero_grad()
        logits = model(src, src_lengths, tgt_in)
        loss = F.cross_entropy(logits.reshape(-1, V), tgt.reshape(-1), ignore_index=0)
        loss.backward()
        optimizer.step()

    train_step()  # warm-up
    start = now()
    for _ in range(steps):
        train_step()
    train_seconds = now() - start

    model.eval()
    model.greedy(src, src_lengths, T)
    start = now()
    for _ in range(repeats):
        model.greedy(src, src_lengths, T)
    greedy_seconds = now() - start
    beam_sentences_per_second = {}
    for k in beams:
        model.beam(src, src_lengths, T, k)
        start = now()
        for _ in range(repeats):
            model.beam(src, src_lengths, T, k)
        beam_sentences_per_second[str(k)] = repeats * b / (now() - start)
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


def padded(rows):
    """Token rows of different lengths → [b, longest] PAD-filled LongTensor and lengths [b]."""
    longest = max(len(row) for row in rows)
    out = torch.tensor([row + [0] * (longest - len(row)) for row in rows], dtype=torch.long)
    return out, torch.tensor([len(row) for row in rows])


def teacher_forced(batch, device):
    """A heed TrainingBatch (rows ending in EOS, no BOS) → src, src_lengths, tgt_in, tgt on `device`
    (src_lengths on the CPU)."""
    src, src_lengths = padded(batch["source"])
    tgt, _ = padded(batch["target"])
    tgt_in = torch.cat([torch.ones(tgt.shape[0], 1, dtype=torch.long), tgt[:, :-1]], 1)
    return src.to(device), src_lengths, tgt_in.to(device), tgt.to(device)


def until_eos(row):
    """Generated ids up to (not including) the first EOS."""
    return row[:row.index(EOS)] if EOS in row else row


def translate(model, sources, batch_size):
    """Greedy translations (id lists) of `sources` in batches of `batch_size`, in input order."""
    hypotheses = []
    device = next(model.parameters()).device
    for first in range(0, len(sources), batch_size):
        src, src_lengths = padded(sources[first:first + batch_size])
        tokens = model.greedy(src.to(device), src_lengths, 2 * src.shape[1] + 10, stop_at_eos=True)
        hypotheses.extend(until_eos(row) for row in tokens.tolist())
    return hypotheses


def emit(record):
    print(json.dumps(record), flush=True)


def train(args):
    """Trains on heed's exported batches for a wall-clock budget; prints JSON lines (see --help)."""
    with open(args.data) as file:
        data = json.load(file)
    torch.manual_seed(args.seed)
    model = Seq2Seq(data["sourceVocabSize"], args.embed, args.hidden, args.layers,
                    args.bidirectional, args.decoder, args.units,
                    target_vocab=data["targetVocabSize"], decoder_layers=args.decoder_layers,
                    dropout=args.dropout).to(args.device)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    batches = [teacher_forced(batch, args.device) for batch in data["train"]]
    valid = [teacher_forced(batch, args.device) for batch in data.get("valid", [])]
    order = torch.Generator().manual_seed(args.seed)
    emit({"type": "start", "framework": f"PyTorch {torch.__version__}",
          "threads": torch.get_num_threads(), "device": args.device,
          "parameters": sum(p.numel() for p in model.parameters())})
    started = time.perf_counter()
    elapsed = lambda: time.perf_counter() - started  # noqa: E731
    updates = tokens = 0
    timed_tokens, timed_seconds = 0, 0.0  # every update after the first (warm-up)
    next_eval = args.eval_seconds if args.eval_seconds > 0 else float("inf")
    evaluated = -1  # the update count of the last evaluation
    epoch = 0
    while elapsed() < args.seconds:
        for index in torch.randperm(len(batches), generator=order).tolist():
            if elapsed() >= args.seconds:
                break
            src, src_lengths, tgt_in, tgt = batches[index]
            step_started = time.perf_counter()
            model.train()
            optimizer.zero_grad()
            logits = model(src, src_lengths, tgt_in)
            loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), tgt.reshape(-1),
                                   ignore_index=0)
            loss.backward()
            if args.clip > 0:
                nn.utils.clip_grad_norm_(model.parameters(), args.clip)
            optimizer.step()
            batch_tokens = int((tgt != 0).sum())
            updates += 1
            tokens += batch_tokens
            if updates > 1:
                timed_tokens += batch_tokens
                timed_seconds += time.perf_counter() - step_started
            if elapsed() >= next_eval:
                evaluate(model, valid, data.get("validSample", []), updates, elapsed)
                evaluated = updates
                next_eval = elapsed() + args.eval_seconds
        epoch += 1
    train_seconds = elapsed()
    emit({"type": "stop", "seconds": train_seconds, "updates": updates, "tokens": tokens,
          "epochs": epoch, "trainTokensPerSecond": timed_tokens / max(timed_seconds, 1e-9)})
    if data.get("validSample") and evaluated != updates:
        evaluate(model, valid, data["validSample"], updates, elapsed)
    if data.get("test"):
        model.eval()
        decode_started = time.perf_counter()
        hypotheses = translate(model, data["test"], args.decode_batch)
        emit({"type": "test", "seconds": time.perf_counter() - decode_started,
              "hypotheses": hypotheses})


def evaluate(model, valid, sample, updates, elapsed):
    """Validation loss (mean over real tokens) and greedy translations of `sample`."""
    model.eval()
    started = time.perf_counter()
    total, count = 0.0, 0
    with torch.no_grad():
        for src, src_lengths, tgt_in, tgt in valid:
            logits = model(src, src_lengths, tgt_in)
            total += float(F.cross_entropy(logits.reshape(-1, logits.shape[-1]), tgt.reshape(-1),
                                           ignore_index=0, reduction="sum"))
            count += int((tgt != 0).sum())
    hypotheses = translate(model, sample, 64)
    emit({"type": "evaluation", "seconds": elapsed(), "updates": updates,
          "loss": total / max(count, 1), "evalSeconds": time.perf_counter() - started,
          "hypotheses": hypotheses})


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command")
    bench = commands.add_parser("bench", help="the rnn bench's fixed workloads (the default)")
    bench.add_argument("--workloads", default="small,base")
    bench.add_argument("--steps", type=int, default=10)
    bench.add_argument("--repeats", type=int, default=3)
    bench.add_argument("--threads", type=int, default=2)
    bench.add_argument("--beams", default="", help="beam widths, comma-separated, e.g. 1,5,10")
    bench.add_argument("--clock", choices=("wall", "cpu"), default="wall",
                       help="time in wall-clock seconds or in this process's CPU seconds")
    fit = commands.add_parser("train", help="train on exported heed batches for a time budget")
    fit.add_argument("--data", required=True, help="JSON: sourceVocabSize, targetVocabSize, "
                     "train and valid (heed TrainingBatch rows), validSample and test (sources)")
    fit.add_argument("--seconds", type=float, required=True, help="wall-clock training budget")
    fit.add_argument("--eval-seconds", type=float, default=0,
                     help="evaluate every this many seconds (0: only at the end)")
    fit.add_argument("--embed", type=int, default=128)
    fit.add_argument("--hidden", type=int, default=256)
    fit.add_argument("--layers", type=int, default=1)
    fit.add_argument("--bidirectional", action="store_true")
    fit.add_argument("--decoder", type=int, default=256)
    fit.add_argument("--decoder-layers", type=int, default=1)
    fit.add_argument("--units", type=int, default=256)
    fit.add_argument("--dropout", type=float, default=0.0)
    fit.add_argument("--lr", type=float, default=1e-3)
    fit.add_argument("--clip", type=float, default=1.0, help="global gradient norm; 0: off")
    fit.add_argument("--decode-batch", type=int, default=32)
    fit.add_argument("--seed", type=int, default=0)
    fit.add_argument("--threads", type=int, default=1)
    fit.add_argument("--device", default="cpu", help="cpu, or cuda for the GPU")
    argv = sys.argv[1:]
    if not argv or argv[0] not in ("bench", "train", "-h", "--help"):
        argv = ["bench", *argv]  # the bench's original command line
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    if args.command == "train":
        train(args)
        return
    for name in args.workloads.split(","):
        beams = [int(k) for k in args.beams.split(",") if k]
        now = time.process_time if args.clock == "cpu" else time.perf_counter
        print(json.dumps(measure(name, args.steps, args.repeats, beams, now)), flush=True)


if __name__ == "__main__":
    main()
