#!/usr/bin/python3
"""The PyTorch original of examples/regression.cpp, for comparison.

Three stacked Linear(3, 3) learn y = (x0, x0 + x1, x0 + x1 + x2) from 1000
random integer triples in [0, 100), with MSELoss and SGD(lr=1e-5), 5000
full-batch steps. Run with Debian's python3-torch:

    /usr/bin/python3 examples/pytorch/regression.py [--seed N]

By default the data and the initial weights come from PyTorch's generator
(torch.manual_seed(N)), so the numbers differ from Sinter's in detail, not
in kind. To train from exactly what the Sinter example starts from:

    sinter-example-regression --steps 0 --save init.safetensors
    /usr/bin/python3 examples/pytorch/regression.py \\
        --data mt19937 --init init.safetensors

`--data mt19937` draws the triples as the example does (std::mt19937 seeded
with 0, each raw 32-bit output mod 100; NumPy's legacy RandomState is the
same generator); `--init` loads the weights from a safetensors file.
"""
import argparse
import json
import struct

import numpy as np
import torch
import torch.nn as nn


class Regression(nn.Module):
    def __init__(self):
        super().__init__()
        self.layer1 = nn.Linear(3, 3)
        self.layer2 = nn.Linear(3, 3)
        self.layer3 = nn.Linear(3, 3)

    def forward(self, x):
        return self.layer3(self.layer2(self.layer1(x)))


def read_safetensors(path):
    """The float32 tensors of a safetensors file, by name."""
    with open(path, "rb") as f:
        (header_size,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(header_size))
        data = f.read()
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__" or entry["dtype"] != "F32":
            continue
        begin, end = entry["data_offsets"]
        values = np.frombuffer(data[begin:end], dtype="<f4").copy()
        tensors[name] = torch.from_numpy(values.reshape(entry["shape"]))
    return tensors


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--steps", type=int, default=5000)
    parser.add_argument("--data", choices=["torch", "mt19937"], default="torch")
    parser.add_argument("--init", help="initial weights (safetensors)")
    args = parser.parse_args()

    torch.manual_seed(args.seed)
    if args.data == "torch":
        x = torch.randint(0, 100, (1000, 3)).float()
    else:
        raw = np.random.RandomState(0).randint(0, 2**32, size=(1000, 3),
                                               dtype=np.uint64)
        x = torch.from_numpy((raw % 100).astype(np.float32))
    y = torch.stack([x[:, 0], x[:, 0] + x[:, 1], x[:, 0] + x[:, 1] + x[:, 2]],
                    dim=1)

    model = Regression()
    if args.init:
        state = read_safetensors(args.init)
        model.load_state_dict({k: v for k, v in state.items()
                               if not k.startswith("optimizer.")})
    print(model)
    loss_fn = nn.MSELoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=1e-5)
    for step in range(args.steps):
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        if step % 500 == 0 or step + 1 == args.steps:
            print(f"step {step:5d}  loss {loss.item():.6g}")

    # The three layers compose into one affine map y = W x + b.
    with torch.no_grad():
        l1, l2, l3 = model.layer1, model.layer2, model.layer3
        w = l3.weight @ l2.weight @ l1.weight
        b = l3.weight @ (l2.weight @ l1.bias + l2.bias) + l3.bias
    print("learned map y = W x + b:")
    for i in range(3):
        print(f"W[{i}] = [{w[i, 0]:8.4f} {w[i, 1]:8.4f} {w[i, 2]:8.4f}]"
              f"   b[{i}] = {b[i]:8.4f}")


if __name__ == "__main__":
    main()
