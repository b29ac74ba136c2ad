#!/usr/bin/env python3
"""Writes src/__fixtures__/float16.json: float32 values and the binary16 bits
NumPy rounds them to (`astype(np.float16)`, round half to even), which the
float16 writer of encodeSafetensors is checked against.

  python3 scripts/write_float16_fixture.py
"""

import json
import os

import numpy as np

rng = np.random.default_rng(16)
edge = np.array(
    [
        0.0, -0.0, 1.0, -1.0, 0.1, 1 / 3, 65504.0, -65504.0, 65519.0, 65519.996,
        6.1035156e-05,  # smallest normal half
        6.0975552e-05,  # largest subnormal half
        5.9604645e-08,  # smallest subnormal half
        2.9802322e-08,  # half of it: ties to even (0)
        2.9802326e-08,  # just above: rounds to the smallest subnormal
        8.940697e-08,  # 1.5 subnormal units: ties to even (2 units)
        1e-10, -1e-10, 1.0009766, 1.0004883, 1.0014648, 2049.0, 2051.0, 3.4e38,
    ],
    dtype=np.float32,
)
values = np.concatenate(
    [
        edge,
        rng.normal(0, 0.1, 200).astype(np.float32),
        (rng.normal(0, 1, 100) * 10.0 ** rng.integers(-9, 5, 100)).astype(np.float32),
    ]
)
values = values[np.abs(values) < 65520]  # beyond it the writer refuses to store the value
with np.errstate(over="ignore"):
    bits = values.astype(np.float16).view(np.uint16)
fixture = {
    "values": [float(value) for value in values],
    "bits": [int(bit) for bit in bits],
}
path = os.path.join(os.path.dirname(__file__), "..", "src", "__fixtures__", "float16.json")
with open(path, "w") as file:
    json.dump(fixture, file)
    file.write("\n")
print(f"wrote {len(values)} values to {os.path.normpath(path)}")
