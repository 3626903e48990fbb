#!/usr/bin/env python3
"""Move weights between Sinter checkpoints and PyTorch, by state_dict name.

Sinter saves its state (parameters under PyTorch's state_dict names, optimizer
state under "optimizer.", the learning rate "optimizer.lr", the dropout
counter "rng.step") as a safetensors file. This module reads and writes that
format with nothing but the standard library and torch (no `safetensors`
package):

    u64 little-endian N | N bytes of JSON header | data section

As a module:

    import safetensors_torch as st
    model.load_state_dict(st.parameters(st.load("model.safetensors")))
    st.save(model.state_dict(), "from_torch.safetensors")

As a command:

    safetensors_torch.py list     FILE.safetensors
    safetensors_torch.py to-torch FILE.safetensors OUT.pt [--all]
    safetensors_torch.py from-torch IN.pt OUT.safetensors

`to-torch` writes the parameters (with --all: every tensor, optimizer state
included) as a dict for torch.load / load_state_dict; `from-torch` reads a
file torch.save wrote from a state_dict (or a dict holding one under
"state_dict" or "model_state_dict") and writes it as safetensors that Sinter
loads (sinter::CompiledModel::load, a sinterc header's load, sinter-run
--state).
"""

import argparse
import collections
import ctypes
import json
import os
import struct
import sys

try:
    import torch
except ImportError:  # pragma: no cover
    sys.exit("safetensors_torch.py needs PyTorch (Debian: python3-torch, "
             "under /usr/bin/python3)")

# safetensors dtype names <-> torch dtypes. Sinter itself reads and writes
# F32, F64, I64, I32 and BOOL; the others are read here for completeness.
_TORCH_DTYPES = {
    "F64": torch.float64,
    "F32": torch.float32,
    "F16": torch.float16,
    "BF16": torch.bfloat16,
    "I64": torch.int64,
    "I32": torch.int32,
    "I16": torch.int16,
    "I8": torch.int8,
    "U8": torch.uint8,
    "BOOL": torch.bool,
}
_NAMES = {v: k for k, v in _TORCH_DTYPES.items()}
SINTER_DTYPES = ("F32", "F64", "I64", "I32", "BOOL")

_MAX_HEADER = 100_000_000  # as the reference implementation and Sinter


def read_header(path):
    """The parsed JSON header of a safetensors file and the data offset."""
    with open(path, "rb") as f:
        prefix = f.read(8)
        if len(prefix) != 8:
            raise ValueError(f"{path}: shorter than the 8-byte header length")
        (n,) = struct.unpack("<Q", prefix)
        if n > _MAX_HEADER:
            raise ValueError(f"{path}: header length {n} is too large")
        raw = f.read(n)
        if len(raw) != n:
            raise ValueError(f"{path}: truncated header")
    header = json.loads(raw.decode("utf-8"),
                        object_pairs_hook=collections.OrderedDict)
    if not isinstance(header, dict):
        raise ValueError(f"{path}: the header is not a JSON object")
    return header, 8 + n


def load(path, parameters_only=False):
    """Every tensor of a safetensors file, by name, in the file's data order.

    Returns an OrderedDict of CPU tensors that own their memory. With
    `parameters_only`, Sinter's optimizer and RNG state are left out (see
    parameters()).
    """
    if sys.byteorder != "little":
        raise RuntimeError("safetensors data is little-endian; this host is not")
    header, start = read_header(path)
    with open(path, "rb") as f:
        f.seek(start)
        data = bytearray(f.read())
    entries = [(k, v) for k, v in header.items() if k != "__metadata__"]
    entries.sort(key=lambda kv: kv[1]["data_offsets"][0])
    out = collections.OrderedDict()
    for name, e in entries:
        dtype = _TORCH_DTYPES.get(e["dtype"])
        if dtype is None:
            raise ValueError(f"{path}: tensor '{name}' has dtype {e['dtype']}, "
                             f"which torch 1.13 has no type for")
        begin, end = e["data_offsets"]
        shape = [int(d) for d in e["shape"]]
        count = 1
        for d in shape:
            count *= d
        itemsize = torch.empty((), dtype=dtype).element_size()
        if not 0 <= begin <= end <= len(data) or end - begin != count * itemsize:
            raise ValueError(f"{path}: tensor '{name}': data_offsets "
                             f"[{begin}, {end}] do not hold {e['dtype']} {shape}")
        if count == 0:
            t = torch.empty(shape, dtype=dtype)
        else:
            # frombuffer shares the bytearray; clone so each tensor owns its
            # memory and the file's buffer can go.
            t = torch.frombuffer(data, dtype=dtype, count=count,
                                 offset=begin).reshape(shape).clone()
        out[name] = t
    return parameters(out) if parameters_only else out


def metadata(path):
    """The file's "__metadata__" (string -> string), or {}."""
    header, _ = read_header(path)
    return dict(header.get("__metadata__", {}))


def is_sinter_state(name):
    """Whether `name` is Sinter's optimizer or RNG state, not a parameter."""
    return name.startswith("optimizer.") or name.startswith("rng.")


def parameters(tensors):
    """The parameters of a Sinter state dict: what torch's load_state_dict
    takes (names starting with "optimizer." or "rng." are dropped)."""
    return collections.OrderedDict(
        (k, v) for k, v in tensors.items() if not is_sinter_state(k))


def _bytes_of(t):
    t = t.detach().to("cpu").contiguous()
    n = t.numel() * t.element_size()
    return ctypes.string_at(t.data_ptr(), n) if n else b""


def serialize(tensors, metadata=None, sinter_only=True):
    """The bytes of a safetensors file holding `tensors` (name -> tensor), in
    their order, contiguous, with the header padded with spaces to a multiple
    of 8 bytes (as Sinter writes it). With `sinter_only`, a dtype Sinter
    cannot read (anything but float32/64, int64/32, bool) is an error:
    convert it first, e.g. `model.float().state_dict()`."""
    header = collections.OrderedDict()
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    blobs, offset = [], 0
    for name, t in tensors.items():
        if not isinstance(t, torch.Tensor):
            raise TypeError(f"'{name}' is a {type(t).__name__}, not a tensor")
        dtype = _NAMES.get(t.dtype)
        if dtype is None or (sinter_only and dtype not in SINTER_DTYPES):
            raise ValueError(f"'{name}' is {t.dtype}; Sinter reads "
                             + ", ".join(SINTER_DTYPES))
        blob = _bytes_of(t)
        header[name] = collections.OrderedDict(
            [("dtype", dtype), ("shape", list(t.shape)),
             ("data_offsets", [offset, offset + len(blob)])])
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False)
    raw = text.encode("utf-8")
    raw += b" " * (-len(raw) % 8)
    return struct.pack("<Q", len(raw)) + raw + b"".join(blobs)


def save(tensors, path, metadata=None, sinter_only=True):
    """Writes `tensors` (e.g. model.state_dict()) to a safetensors file that
    Sinter loads, through a temporary file renamed into place."""
    data = serialize(tensors, metadata, sinter_only)
    tmp = f"{path}.tmp.{os.getpid()}"
    try:
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise


def _state_dict_of(obj, path):
    if isinstance(obj, torch.nn.Module):
        return obj.state_dict()
    if isinstance(obj, dict):
        for key in ("state_dict", "model_state_dict"):
            if key in obj and isinstance(obj[key], dict):
                return obj[key]
        if all(isinstance(v, torch.Tensor) for v in obj.values()):
            return obj
    raise ValueError(f"{path}: not a state_dict (a dict of tensors), nor a "
                     f"dict holding one under 'state_dict' or "
                     f"'model_state_dict'")


def main(argv=None):
    p = argparse.ArgumentParser(
        description="Sinter safetensors checkpoints <-> PyTorch state_dicts")
    sub = p.add_subparsers(dest="command", required=True)
    ls = sub.add_parser("list", help="print each tensor's name, dtype, shape")
    ls.add_argument("file")
    tt = sub.add_parser("to-torch", help="safetensors -> torch.save'd dict")
    tt.add_argument("file")
    tt.add_argument("out")
    tt.add_argument("--all", action="store_true",
                    help="keep Sinter's optimizer and RNG state too")
    ft = sub.add_parser("from-torch", help="torch.save'd state_dict -> safetensors")
    ft.add_argument("file")
    ft.add_argument("out")
    args = p.parse_args(argv)
    try:
        if args.command == "list":
            for name, t in load(args.file).items():
                dtype = _NAMES[t.dtype]
                print(f"{name} {dtype} {list(t.shape)}")
        elif args.command == "to-torch":
            torch.save(load(args.file, parameters_only=not args.all), args.out)
        else:
            obj = torch.load(args.file, map_location="cpu")
            save(_state_dict_of(obj, args.file), args.out)
    except (OSError, ValueError, TypeError, KeyError) as e:
        print(f"safetensors_torch.py: error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
