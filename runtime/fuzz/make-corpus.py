#!/usr/bin/env python3
"""Writes the seed corpus for the safetensors fuzzer into corpus/.

Seeds are small, hand-laid files (valid and malformed) that steer libFuzzer
towards the interesting parts of the format. Inputs that once crashed the
parser are added next to them under crash-* names and must never be removed.
Rerunning this script rewrites the seeds and leaves other files alone.
"""
import json
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")


def file_bytes(header, data=b"", pad=True):
    if not isinstance(header, (bytes, bytearray)):
        header = json.dumps(header, separators=(",", ":")).encode()
    if pad:
        header += b" " * ((8 - len(header) % 8) % 8)
    return struct.pack("<Q", len(header)) + header + data


def entry(dtype, shape, begin, end):
    return {"dtype": dtype, "shape": shape, "data_offsets": [begin, end]}


SEEDS = {
    # Every dtype, metadata, data laid out out of name order.
    "valid-all-dtypes": file_bytes(
        {
            "__metadata__": {"format": "pt"},
            "w": entry("F32", [2, 2], 0, 16),
            "d": entry("F64", [1], 16, 24),
            "l": entry("I64", [1], 24, 32),
            "i": entry("I32", [1], 32, 36),
            "b": entry("BOOL", [3], 36, 39),
        },
        struct.pack("<4f", 1.0, -2.0, 0.5, 3.0)
        + struct.pack("<d", 1e-3)
        + struct.pack("<q", -5)
        + struct.pack("<i", 7)
        + b"\x01\x00\x01",
    ),
    # A scalar and zero-element tensors sharing an offset.
    "valid-scalar-empty": file_bytes(
        {
            "s": entry("F64", [], 0, 8),
            "e": entry("F32", [0, 3], 8, 8),
            "z": entry("I32", [0], 8, 8),
        },
        struct.pack("<d", 2.5),
    ),
    # No tensors at all; unpadded header.
    "valid-empty": file_bytes({}, pad=False),
    "bad-truncated-data": file_bytes(
        {"w": entry("F32", [4], 0, 16)}, struct.pack("<2f", 1, 2)
    ),
    "bad-overlap": file_bytes(
        {"a": entry("F32", [2], 0, 8), "b": entry("I32", [2], 4, 12)},
        b"\x00" * 12,
    ),
    "bad-duplicate-name": file_bytes(
        b'{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},'
        b'"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}',
        b"\x00" * 8,
    ),
    "bad-utf8-bool": file_bytes(
        b'{"\xff":{"dtype":"BOOL","shape":[2],"data_offsets":[0,2]}}', b"\x01\x07"
    ),
    "bad-header-length": struct.pack("<Q", 1 << 40) + b"{}",
    "bad-gap-metadata": file_bytes(
        {"__metadata__": {"epoch": 3}, "a": entry("F32", [1], 4, 8)},
        b"\x00" * 8,
    ),
}

# The fuzzer also reads an input that starts with '{' as "header 0xFF data"
# and computes the length field itself; these seeds use that form.
def split_form(header, data=b""):
    return json.dumps(header, separators=(",", ":")).encode() + b"\xff" + data


SEEDS.update({
    "split-valid": split_form(
        {
            "__metadata__": {"k": "v"},
            "a": entry("I32", [2], 0, 8),
            "m": entry("BOOL", [2, 1], 8, 10),
            "e": entry("F64", [0], 10, 10),
        },
        struct.pack("<2i", 3, -4) + b"\x00\x01",
    ),
    "split-bad-size": split_form(
        {"fc1.weight": entry("F32", [5, 6], 0, 100)}, b"\x00" * 100
    ),
})


def main():
    os.makedirs(CORPUS, exist_ok=True)
    for name, data in SEEDS.items():
        with open(os.path.join(CORPUS, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
