#!/usr/bin/env python3
"""Writes a small safetensors file for the tool tests, with no dependencies.

usage: make_safetensors.py OUT NAME:DTYPE:SHAPE=VALUES ...
  e.g. make_safetensors.py in.safetensors 'x:F32:2,3=1,2,3,4,5,6' 'seed:I64:=7'
SHAPE is comma-separated (empty for a 0-d tensor); VALUES too, or `zeros`.
"""
import json
import struct
import sys

FORMATS = {"F32": "f", "F64": "d", "I64": "q", "I32": "i", "BOOL": "?"}


def main(argv):
    out, specs = argv[1], argv[2:]
    header, data = {}, b""
    for spec in specs:
        decl, values = spec.split("=", 1)
        name, dtype, shape = decl.split(":")
        dims = [int(d) for d in shape.split(",") if d]
        count = 1
        for d in dims:
            count *= d
        if values == "zeros":
            numbers = [0] * count
        else:
            cast = float if dtype in ("F32", "F64") else int
            numbers = [cast(v) for v in values.split(",") if v]
        if len(numbers) != count:
            sys.exit(f"{name}: {len(numbers)} values for shape {dims}")
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
