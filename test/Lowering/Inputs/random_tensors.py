#!/usr/bin/env python3
"""Writes a safetensors file of pseudo-random tensors for the lowering tests,
with no dependencies; the same arguments always give the same file.

usage: random_tensors.py OUT NAME:DTYPE:SHAPE[:KIND] ...
  DTYPE: F32 F64 I64 I32 BOOL; SHAPE comma-separated (empty for 0-d).
  KIND (default `normal` for floats, `int` for integers, `bool` for BOOL):
    normal          N(0, 1) * 3
    pos             uniform in (0.01, 5]
    unit            uniform in [0, 1)
    wide            N(0, 1) * 1e10 (out of range for i32 casts)
    special         normal mixed with NaN, +-inf, +-0 and ties
    small           integers in [-3, 3] (many ties)
    int             integers in [-1000, 1000]
    bigint          integers over the whole range of the type (overflow)
    bool            True/False
    value=V         every element V (e.g. a seed)
    classes=N       integers in [0, N) (class labels)
"""
import json
import math
import random
import struct
import sys

FORMATS = {"F32": "f", "F64": "d", "I64": "q", "I32": "i", "BOOL": "?"}
SPECIAL = [math.nan, math.inf, -math.inf, 0.0, -0.0, 1.0, 1.0]


def draw(rng, kind, dtype):
    if kind.startswith("value="):
        v = kind[len("value="):]
        return float(v) if dtype in ("F32", "F64") else int(v)
    if kind.startswith("classes="):
        return rng.randrange(int(kind[len("classes="):]))
    if kind == "normal":
        return rng.gauss(0, 1) * 3
    if kind == "pos":
        return rng.uniform(0.01, 5)
    if kind == "unit":
        return rng.random()
    if kind == "wide":
        return rng.gauss(0, 1) * 1e10
    if kind == "special":
        return rng.choice(SPECIAL) if rng.random() < 0.4 else rng.gauss(0, 1) * 3
    if kind == "small":
        v = rng.randint(-3, 3)
        return float(v) if dtype in ("F32", "F64") else v
    if kind == "int":
        return rng.randint(-1000, 1000)
    if kind == "bigint":
        bits = 64 if dtype == "I64" else 32
        return rng.randint(-2 ** (bits - 1), 2 ** (bits - 1) - 1)
    if kind == "bool":
        return rng.random() < 0.5
    sys.exit(f"unknown kind {kind}")


def main(argv):
    out, specs = argv[1], argv[2:]
    header, data = {}, b""
    for spec in specs:
        parts = spec.split(":", 3)
        name, dtype, shape = parts[:3]
        default = {"BOOL": "bool", "I64": "int", "I32": "int"}.get(dtype, "normal")
        kind = parts[3] if len(parts) > 3 else default
        dims = [int(d) for d in shape.split(",") if d]
        count = 1
        for d in dims:
            count *= d
        rng = random.Random(spec)
        numbers = [draw(rng, kind, dtype) for _ in range(count)]
        blob = struct.pack("<%d%s" % (count, FORMATS[dtype]), *numbers)
        header[name] = {"dtype": dtype, "shape": dims,
                        "data_offsets": [len(data), len(data) + len(blob)]}
        data += blob
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(out, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + data)


if __name__ == "__main__":
    main(sys.argv)
