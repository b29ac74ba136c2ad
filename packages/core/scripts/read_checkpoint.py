#!/usr/bin/env python3
"""Reads a heed checkpoint with the standard library and NumPy only.

A heed checkpoint is a directory holding config.json, weights.safetensors and,
optionally, extra.safetensors. This script parses the safetensors files itself
(8-byte little-endian header length, JSON header, raw little-endian data), so
it checks heed's writer independently of heed's reader.

  read_checkpoint.py DIR
      print a JSON summary of the checkpoint
  read_checkpoint.py DIR --expect src/__fixtures__/known-checkpoint.json [--report OUT.json]
      also check every tensor and the config against a spec; exit 1 on a mismatch
  read_checkpoint.py --write-fixture src/__fixtures__
      write numpy-written.safetensors (every dtype heed reads) and numpy-written.json
      (the values it holds), which heed's TypeScript tests load
"""

import argparse
import hashlib
import json
import os
import struct
import sys

import numpy as np

NUMPY_DTYPES = {
    "F64": np.dtype("<f8"),
    "F32": np.dtype("<f4"),
    "F16": np.dtype("<f2"),
    "BF16": np.dtype("<u2"),  # raw bits; widened below
    "I64": np.dtype("<i8"),
    "I32": np.dtype("<i4"),
    "I16": np.dtype("<i2"),
    "I8": np.dtype("i1"),
    "U8": np.dtype("u1"),
    "BOOL": np.dtype("?"),
}
SPEC_DTYPES = {"float32": np.float32, "int32": np.int32, "bool": np.bool_}


def read_safetensors(path):
    """Returns (metadata, {name: (dtype, array)}, sha256 of the file)."""
    with open(path, "rb") as handle:
        data = handle.read()
    if len(data) < 8:
        raise ValueError(f"{path}: too short for a header length")
    (header_length,) = struct.unpack("<Q", data[:8])
    if 8 + header_length > len(data):
        raise ValueError(f"{path}: header length {header_length} exceeds the file")
    header = json.loads(data[8 : 8 + header_length].decode("utf-8"))
    body = data[8 + header_length :]
    metadata = header.pop("__metadata__", {})
    tensors = {}
    covered = 0
    for name, entry in sorted(header.items(), key=lambda item: item[1]["data_offsets"]):
        begin, end = entry["data_offsets"]
        if begin != covered:
            raise ValueError(f"{path}: tensor {name} starts at {begin}, expected {covered}")
        covered = end
        dtype = NUMPY_DTYPES[entry["dtype"]]
        array = np.frombuffer(body[begin:end], dtype=dtype).reshape(entry["shape"])
        if entry["dtype"] == "BF16":
            array = (array.astype(np.uint32) << 16).view(np.float32)
        tensors[name] = (entry["dtype"], array)
    if covered != len(body):
        raise ValueError(f"{path}: header covers {covered} of {len(body)} data bytes")
    return metadata, tensors, hashlib.sha256(data).hexdigest()


def summarise(dtype, array):
    return {
        "dtype": dtype,
        "shape": list(array.shape),
        "sum": float(np.sum(array, dtype=np.float64)),
        "first": [float(x) for x in array.reshape(-1)[:4]],
    }


def check_tensors(file_label, tensors, specs, failures):
    if sorted(tensors) != sorted(specs):
        failures.append(f"{file_label}: names {sorted(tensors)} != expected {sorted(specs)}")
        return []
    checked = []
    for name, spec in sorted(specs.items()):
        _, array = tensors[name]
        expected = np.array(spec["values"], dtype=SPEC_DTYPES[spec["dtype"]]).reshape(spec["shape"])
        if array.shape != expected.shape:
            failures.append(f"{file_label}: {name} shape {array.shape} != {expected.shape}")
        elif array.dtype.kind != expected.dtype.kind or array.tobytes() != expected.tobytes():
            failures.append(f"{file_label}: {name} values {array.tolist()} != {expected.tolist()}")
        else:
            checked.append(name)
    return checked


def read_checkpoint(directory, spec=None):
    report = {"files": {}, "checked": [], "failures": []}
    with open(os.path.join(directory, "config.json"), "rb") as handle:
        config_bytes = handle.read()
    config = json.loads(config_bytes.decode("utf-8"))
    report["files"]["config.json"] = {"sha256": hashlib.sha256(config_bytes).hexdigest()}
    report["config"] = config
    groups = [("weights.safetensors", "tensors"), ("extra.safetensors", "extraTensors")]
    for file_name, spec_key in groups:
        path = os.path.join(directory, file_name)
        if not os.path.exists(path):
            if spec is not None and spec.get(spec_key):
                report["failures"].append(f"{file_name}: missing")
            continue
        metadata, tensors, digest = read_safetensors(path)
        report["files"][file_name] = {
            "sha256": digest,
            "metadata": metadata,
            "tensors": {name: summarise(*value) for name, value in sorted(tensors.items())},
        }
        if spec is not None:
            report["checked"] += check_tensors(file_name, tensors, spec.get(spec_key, {}), report["failures"])
            if file_name == "weights.safetensors" and metadata != spec.get("metadata", {}):
                report["failures"].append(f"{file_name}: metadata {metadata} != {spec.get('metadata')}")
    if spec is not None and config != spec["config"]:
        report["failures"].append("config.json: differs from the spec")
    report["ok"] = not report["failures"]
    return report


def write_safetensors(path, arrays, metadata):
    """Writes (name, dtype, array) triples in the given order, header padded to 8 bytes."""
    header = {"__metadata__": metadata}
    chunks = []
    offset = 0
    for name, dtype, array in arrays:
        raw = np.ascontiguousarray(array).astype(array.dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": dtype, "shape": list(array.shape), "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    header_bytes = json.dumps(header, separators=(",", ":")).encode("utf-8")
    header_bytes += b" " * (-len(header_bytes) % 8)
    with open(path, "wb") as handle:
        handle.write(struct.pack("<Q", len(header_bytes)))
        handle.write(header_bytes)
        for chunk in chunks:
            handle.write(chunk)


def bfloat16_bits(values):
    """Rounds float32 values to bfloat16 (round to nearest even) and returns the bits."""
    bits = np.asarray(values, dtype=np.float32).view(np.uint32).astype(np.uint64)
    rounded = (bits + 0x7FFF + ((bits >> 16) & 1)) >> 16
    return rounded.astype(np.uint16)


def write_fixture(directory):
    bf16 = bfloat16_bits([1.5, -3.0, 0.1, 1e-3, 3.0e38, -0.0]).reshape(2, 3)
    arrays = [
        # Deliberately not in heed's write order, to show the reader follows the offsets.
        ("model.layers.0.weight", "F32", np.array([[np.pi, -0.0, 1e-40], [-2.5, 3.4e38, 1 / 3]], dtype=np.float32)),
        ("flags", "BOOL", np.array([True, False, True, True])),
        ("model.layers.0.bias", "F64", np.array([1 / 3, -2.0, 1e-300], dtype=np.float64)),
        ("half", "F16", np.array([[1.0, -2.0], [65504.0, 2.0**-24]], dtype=np.float16)),
        ("brain", "BF16", bf16),
        ("ids.i64", "I64", np.array([0, -1, 2**31 - 1, -(2**31)], dtype=np.int64)),
        ("ids.i32", "I32", np.array([[7, -7], [123456789, -2147483648]], dtype=np.int32)),
        ("ids.i16", "I16", np.array([-32768, 32767, 5], dtype=np.int16)),
        ("ids.i8", "I8", np.array([-128, 127], dtype=np.int8)),
        ("ids.u8", "U8", np.array([0, 255, 17], dtype=np.uint8)),
        ("scalar", "F32", np.array(2.75, dtype=np.float32)),
        ("nothing", "F32", np.zeros((0, 3), dtype=np.float32)),
    ]
    metadata = {"writer": "numpy"}
    path = os.path.join(directory, "numpy-written.safetensors")
    write_safetensors(path, arrays, metadata)
    expected = {}
    for name, dtype, array in arrays:
        widened = (bf16.astype(np.uint32) << 16).view(np.float32) if dtype == "BF16" else array
        tf_dtype = "bool" if dtype == "BOOL" else "int32" if dtype[0] in "IU" else "float32"
        # The values as TF.js holds them: F64 rounds to the nearest float32.
        values = widened.astype(np.float32) if tf_dtype == "float32" else widened.astype(np.int64)
        expected[name] = {
            "storedAs": dtype,
            "dtype": tf_dtype,
            "shape": list(array.shape),
            "values": [float(x) if tf_dtype == "float32" else int(x) for x in values.reshape(-1)],
        }
    with open(os.path.join(directory, "numpy-written.json"), "w", encoding="utf-8") as handle:
        json.dump({"metadata": metadata, "numpy": np.__version__, "tensors": expected}, handle, indent=2)
        handle.write("\n")
    print(f"wrote {path} ({os.path.getsize(path)} bytes)")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("directory", nargs="?", help="checkpoint directory to read")
    parser.add_argument("--expect", help="JSON spec the checkpoint must match")
    parser.add_argument("--report", help="also write the report to this file")
    parser.add_argument("--write-fixture", metavar="DIR", help="write numpy-written.safetensors into DIR")
    args = parser.parse_args()
    if args.write_fixture:
        write_fixture(args.write_fixture)
        return 0
    if not args.directory:
        parser.error("a checkpoint directory is required")
    spec = None
    if args.expect:
        with open(args.expect, encoding="utf-8") as handle:
            spec = json.load(handle)
    report = read_checkpoint(args.directory, spec)
    text = json.dumps(report, indent=2, ensure_ascii=False)
    print(text)
    if args.report:
        with open(args.report, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
