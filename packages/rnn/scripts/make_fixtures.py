"""Writes the PyTorch reference fixtures of @heed/rnn's parity tests.

Run from packages/rnn with /usr/bin/python3 (Debian's python3-torch):

    /usr/bin/python3 scripts/make_fixtures.py

Outputs (committed, so the tests need no Python):
  test/fixtures/torch-rnn.json         nn.GRU / nn.LSTM cases: weights, inputs,
                                       lengths, outputs, h_n, c_n
  test/fixtures/torch-encoder.safetensors
                                       the state_dict of an embedding + 2-layer
                                       bidirectional GRU encoder (written with
                                       struct/json, no safetensors library)
  test/fixtures/torch-encoder.json     its config, token ids, lengths, outputs
                                       and final states
Variable-length cases run through pack_padded_sequence, so torch never sees
the padding.
"""

import json
import os
import struct

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "test", "fixtures")


def rounded(tensor):
    return [round(float(v), 7) for v in tensor.detach().reshape(-1).tolist()]


def run(module, x, lengths):
    """Outputs [b, T, D*H] (zero past each length) and h_n, c_n [L*D, b, H]."""
    if lengths is None:
        outputs, state = module(x)
    else:
        packed = pack_padded_sequence(x, torch.tensor(lengths), batch_first=True, enforce_sorted=False)
        packed_out, state = module(packed)
        outputs, _ = pad_packed_sequence(packed_out, batch_first=True, total_length=x.shape[1])
    h_n, c_n = state if isinstance(state, tuple) else (state, None)
    return outputs, h_n, c_n


def rnn_case(name, cell, layers, bidirectional, lengths, seed):
    torch.manual_seed(seed)
    batch, steps, input_size, hidden = 3, 5, 4, 6
    kind = nn.GRU if cell == "gru" else nn.LSTM
    module = kind(input_size, hidden, num_layers=layers, bidirectional=bidirectional, batch_first=True)
    x = torch.randn(batch, steps, input_size)
    with torch.no_grad():
        outputs, h_n, c_n = run(module, x, lengths)
    case = {
        "name": name,
        "config": {
            "cell": cell,
            "inputSize": input_size,
            "hiddenSize": hidden,
            "layers": layers,
            "bidirectional": bidirectional,
        },
        "weights": {key: {"shape": list(value.shape), "values": rounded(value)} for key, value in module.state_dict().items()},
        "x": {"shape": list(x.shape), "values": rounded(x)},
        "lengths": lengths,
        "outputs": {"shape": list(outputs.shape), "values": rounded(outputs)},
        "h_n": {"shape": list(h_n.shape), "values": rounded(h_n)},
    }
    if c_n is not None:
        case["c_n"] = {"shape": list(c_n.shape), "values": rounded(c_n)}
    return case


class TorchEncoder(nn.Module):
    def __init__(self, vocab, embed, hidden, layers):
        super().__init__()
        self.embedding = nn.Embedding(vocab, embed, padding_idx=0)
        self.rnn = nn.GRU(embed, hidden, num_layers=layers, bidirectional=True, batch_first=True)

    def forward(self, ids, lengths):
        return run(self.rnn, self.embedding(ids), lengths)


def write_safetensors(path, tensors):
    header = {}
    chunks = []
    offset = 0
    for name, tensor in tensors.items():
        data = tensor.detach().contiguous().to(torch.float32).numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensor.shape), "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    header_bytes = json.dumps(header, separators=(",", ":")).encode("utf-8")
    header_bytes += b" " * ((8 - len(header_bytes) % 8) % 8)
    with open(path, "wb") as file:
        file.write(struct.pack("<Q", len(header_bytes)))
        file.write(header_bytes)
        for chunk in chunks:
            file.write(chunk)


def encoder_case():
    torch.manual_seed(11)
    vocab, embed, hidden, layers = 12, 5, 4, 2
    encoder = TorchEncoder(vocab, embed, hidden, layers)
    lengths = [5, 3, 1]
    ids = torch.randint(4, vocab, (3, 5))
    for row, length in enumerate(lengths):
        ids[row, length:] = 0
    with torch.no_grad():
        outputs, h_n, _ = encoder(ids, lengths)
    write_safetensors(os.path.join(OUT, "torch-encoder.safetensors"), encoder.state_dict())
    return {
        "config": {"vocabSize": vocab, "embeddingDim": embed, "hiddenSize": hidden, "layers": layers},
        "ids": ids.tolist(),
        "lengths": lengths,
        "outputs": {"shape": list(outputs.shape), "values": rounded(outputs)},
        "h_n": {"shape": list(h_n.shape), "values": rounded(h_n)},
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    cases = [
        rnn_case("gru, 1 layer", "gru", 1, False, None, 1),
        rnn_case("gru, 2 layers", "gru", 2, False, None, 2),
        rnn_case("gru, bidirectional", "gru", 1, True, None, 3),
        rnn_case("gru, 2 layers, bidirectional, variable lengths", "gru", 2, True, [5, 2, 4], 4),
        rnn_case("lstm, 1 layer", "lstm", 1, False, None, 5),
        rnn_case("lstm, 2 layers, variable lengths", "lstm", 2, False, [3, 5, 1], 6),
        rnn_case("lstm, bidirectional, variable lengths", "lstm", 1, True, [2, 5, 3], 7),
    ]
    with open(os.path.join(OUT, "torch-rnn.json"), "w") as file:
        json.dump({"torch": torch.__version__, "cases": cases}, file)
    with open(os.path.join(OUT, "torch-encoder.json"), "w") as file:
        json.dump({"torch": torch.__version__, **encoder_case()}, file)


if __name__ == "__main__":
    main()
