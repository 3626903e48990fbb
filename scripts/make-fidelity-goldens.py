#!/usr/bin/python3
"""Writes the PyTorch reference trajectories of the `fidelity` test suite.

For each seed model and optimizer, 20 training steps in PyTorch from
deterministic initial weights and batches; the golden file keeps the loss of
every step and the parameters after the last one. test/fidelity/ runs the
same steps through Sinter and compares (relative norm per tensor: 1e-5 in
float32, 1e-10 in float64), so the tests themselves need no PyTorch.

Regenerate (needs Debian's python3-torch, hence /usr/bin/python3):

    /usr/bin/python3 scripts/make-fidelity-goldens.py test/fidelity/goldens

Initial weights and batches come from `det`, an integer hash that the C++
test reproduces bit for bit (test/fidelity/FidelityTest.cpp), so they need
not be stored.
"""
import json
import math
import os
import struct
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

STEPS = 20


def det_unit(count, key):
    """count doubles in [0, 1): u_i = ((i + 1) * 2654435761 + key * 40503) mod 2^32 / 2^32."""
    return [(((i + 1) * 2654435761 + key * 40503) % 4294967296) / 4294967296.0
            for i in range(count)]


def det(shape, key, low, high, dtype):
    n = math.prod(shape)
    values = [low + (high - low) * u for u in det_unit(n, key)]
    return torch.tensor(values, dtype=torch.float64).reshape(shape).to(dtype)


def det_int(shape, key, high):
    n = math.prod(shape)
    return torch.tensor([int(u * high) for u in det_unit(n, key)],
                        dtype=torch.int64).reshape(shape)


# The seed models, as the tutorials write them.
class Regression(nn.Module):
    def __init__(self):
        super().__init__()
        self.layer1 = nn.Linear(3, 3)
        self.layer2 = nn.Linear(3, 3)
        self.layer3 = nn.Linear(3, 3)

    def forward(self, x):
        return self.layer3(self.layer2(self.layer1(x)))


class Perceptron(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(2, 1)

    def forward(self, x):
        return torch.sigmoid(self.fc(x))


class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 256)
        self.fc2 = nn.Linear(256, 128)
        self.fc3 = nn.Linear(128, 10)

    def forward(self, x):
        return self.fc3(F.relu(self.fc2(F.relu(self.fc1(x)))))


class EmbeddingClassifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(1000, 16)
        self.fc1 = nn.Linear(16, 32)
        self.dropout = nn.Dropout(p=0.0)
        self.fc2 = nn.Linear(32, 3)

    def forward(self, tokens):
        h = self.embedding(tokens).mean(dim=1)
        return self.fc2(self.dropout(F.relu(self.fc1(h))))


def batch(model_name, step, dtype):
    """(inputs, target) of one step; the C++ test builds the same."""
    key = 1000 + 10 * step
    if model_name == "regression":
        x = det_int([16, 3], key, 100).to(dtype)
        y = torch.stack([x[:, 0], x[:, 0] + x[:, 1], x[:, 0] + x[:, 1] + x[:, 2]], 1)
        return x, y
    if model_name == "perceptron":
        x = det([16, 2], key, 0.0, 1.0, dtype)
        y = (x[:, 0] + x[:, 1] > 1.0).to(dtype).unsqueeze(1)
        return x, y
    if model_name == "mlp":
        return det([8, 784], key, 0.0, 1.0, dtype), det_int([8], key + 1, 10)
    if model_name == "embedding":
        return det_int([8, 12], key, 1000), det_int([8], key + 1, 3)
    raise ValueError(model_name)


def loss_of(model_name, output, target):
    if model_name == "regression":
        return F.mse_loss(output, target)
    if model_name == "perceptron":
        return F.binary_cross_entropy(output, target)
    return F.cross_entropy(output, target)


MODELS = {"regression": Regression, "perceptron": Perceptron, "mlp": MLP,
          "embedding": EmbeddingClassifier}

# (torch.optim class, its keyword arguments, the sinter-optimizer options).
# The regression's inputs reach 100, so it takes the tutorial's small steps.
def optimizers(model_name):
    small = model_name == "regression"
    return {
        "sgd": (torch.optim.SGD,
                dict(lr=1e-5 if small else 0.05, momentum=0.9, dampening=0.1,
                     weight_decay=1e-3),
                "name=sgd lr={lr} momentum=0.9 dampening=0.1 weight-decay=0.001"),
        "sgd_nesterov": (torch.optim.SGD,
                         dict(lr=1e-5 if small else 0.05, momentum=0.8,
                              nesterov=True),
                         "name=sgd lr={lr} momentum=0.8 nesterov=true"),
        "adam": (torch.optim.Adam,
                 dict(lr=1e-3, weight_decay=1e-3),
                 "name=adam lr={lr} weight-decay=0.001"),
        "adam_amsgrad": (torch.optim.Adam, dict(lr=1e-3, amsgrad=True),
                         "name=adam lr={lr} amsgrad=true"),
        "adamw": (torch.optim.AdamW, dict(lr=1e-3, weight_decay=1e-2),
                  "name=adamw lr={lr} weight-decay=0.01"),
        "rmsprop": (torch.optim.RMSprop,
                    dict(lr=1e-3, momentum=0.5, centered=True),
                    "name=rmsprop lr={lr} momentum=0.5 centered=true"),
        "adagrad": (torch.optim.Adagrad,
                    dict(lr=0.05, lr_decay=1e-3, initial_accumulator_value=0.1),
                    "name=adagrad lr={lr} lr-decay=0.001 initial-accumulator-value=0.1"),
    }


def init_parameters(model, dtype):
    """Parameter k (named_parameters order) gets det(shape, 100 + k) in
    (-b, b): b = 1/sqrt(in_features) for a Linear's weight and bias, 1 for an
    Embedding's weight."""
    bounds = {}
    for module_name, m in model.named_modules():
        if isinstance(m, nn.Linear):
            for p in ("weight", "bias"):
                bounds[module_name + "." + p] = 1.0 / math.sqrt(m.in_features)
        elif isinstance(m, nn.Embedding):
            bounds[module_name + ".weight"] = 1.0
    for k, (name, p) in enumerate(model.named_parameters()):
        with torch.no_grad():
            p.copy_(det(list(p.shape), 100 + k, -bounds[name], bounds[name], dtype))


def write_safetensors(path, tensors, metadata):
    header = {"__metadata__": metadata}
    data = b""
    for name, t in tensors.items():
        t = t.detach().contiguous()
        dtype = {torch.float32: "F32", torch.float64: "F64"}[t.dtype]
        fmt = {"F32": "f", "F64": "d"}[dtype]
        raw = struct.pack("<%d%s" % (t.numel(), fmt), *t.flatten().tolist())
        header[name] = {"dtype": dtype, "shape": list(t.shape),
                        "data_offsets": [len(data), len(data) + len(raw)]}
        data += raw
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path + ".tmp", "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + data)
    os.replace(path + ".tmp", path)


# Which runs get goldens: every optimizer on the three small models in both
# precisions; the MLP (235k parameters) with two optimizers in float32 only,
# to keep the files small.
def runs():
    for model_name in ("regression", "perceptron", "embedding"):
        for opt in optimizers(model_name):
            for dtype in (torch.float32, torch.float64):
                yield model_name, opt, dtype
    for opt in ("sgd", "adam"):
        yield "mlp", opt, torch.float32


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    torch.set_num_threads(1)
    for model_name, opt_name, dtype in runs():
        model = MODELS[model_name]().to(dtype)
        init_parameters(model, dtype)
        opt_class, kwargs, options = optimizers(model_name)[opt_name]
        optimizer = opt_class(model.parameters(), **kwargs)
        losses = []
        for step in range(STEPS):
            x, y = batch(model_name, step, dtype)
            optimizer.zero_grad()
            loss = loss_of(model_name, model(x), y)
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
        tensors = {"loss": torch.tensor(losses, dtype=dtype)}
        tensors.update({n: p for n, p in model.named_parameters()})
        dtype_name = "float32" if dtype == torch.float32 else "float64"
        metadata = {"model": model_name, "optimizer": opt_name,
                    "options": options.format(lr=kwargs["lr"]),
                    "steps": str(STEPS), "dtype": dtype_name,
                    "torch": torch.__version__}
        path = os.path.join(out_dir, "%s-%s-%s.safetensors" %
                            (model_name, opt_name, dtype_name))
        write_safetensors(path, tensors, metadata)
        print("%-60s loss %.6g -> %.6g" % (path, losses[0], losses[-1]))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "test/fidelity/goldens")
