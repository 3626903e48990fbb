#!/usr/bin/python3
"""PyTorch side of bench/run.sh: the seed models' steps, timed as
bench/model_bench.cpp times Sinter's, printed as `name median_us` lines.

Run through bench/run.sh, which sets the fair-timing environment
(OPENBLAS_CORETYPE unset, OMP_WAIT_POLICY=passive, no glibc trimming) and
one thread.
"""
import ctypes
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(1)
try:  # torch.set_num_threads does not reach OpenBLAS's own pool
    ctypes.CDLL("libopenblas.so.0").openblas_set_num_threads(1)
except OSError:
    pass


def median_us(fn, warmup=20, reps=200, min_seconds=1.0):
    for _ in range(warmup):
        fn()
    times = []
    start = time.perf_counter()
    while len(times) < reps or time.perf_counter() - start < min_seconds:
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1e6)
        if len(times) >= 20000:
            break
    return statistics.median(times)


def train_step(model, loss_fn, opt, x, y):
    def step():
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
    return step


def main():
    g = torch.Generator().manual_seed(0)
    results = {}

    reg = nn.Sequential(nn.Linear(3, 3), nn.Linear(3, 3), nn.Linear(3, 3))
    x = torch.randint(0, 100, (1000, 3), generator=g).float()
    y = torch.stack([x[:, 0], x[:, 0] + x[:, 1], x[:, 0] + x[:, 1] + x[:, 2]], 1)
    results["regression_step_sgd"] = median_us(train_step(
        reg, F.mse_loss, torch.optim.SGD(reg.parameters(), lr=1e-5), x, y))

    per = nn.Sequential(nn.Linear(2, 1), nn.Sigmoid())
    x = torch.rand(64, 2, generator=g)
    y = (x.sum(1, keepdim=True) > 1).float()
    results["perceptron_step_sgd"] = median_us(train_step(
        per, F.binary_cross_entropy, torch.optim.SGD(per.parameters(), lr=0.5), x, y))

    def mlp():
        return nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128),
                             nn.ReLU(), nn.Linear(128, 10))
    x = torch.rand(128, 784, generator=g)
    y = torch.randint(0, 10, (128,), generator=g)
    m = mlp()
    results["mlp_step_sgd_momentum"] = median_us(train_step(
        m, F.cross_entropy, torch.optim.SGD(m.parameters(), lr=0.05, momentum=0.9), x, y))
    m = mlp()
    results["mlp_step_adam"] = median_us(train_step(
        m, F.cross_entropy, torch.optim.Adam(m.parameters(), lr=1e-3), x, y))
    m.eval()
    with torch.no_grad():
        x1 = torch.rand(1, 784, generator=g)
        results["mlp_predict_b1"] = median_us(lambda: m(x1))
        x256 = torch.rand(256, 784, generator=g)
        results["mlp_predict_b256"] = median_us(lambda: m(x256))

    class Text(nn.Module):
        def __init__(self):
            super().__init__()
            self.embedding = nn.Embedding(1000, 16)
            self.fc1 = nn.Linear(16, 32)
            self.dropout = nn.Dropout(0.0)
            self.fc2 = nn.Linear(32, 3)

        def forward(self, tokens):
            return self.fc2(self.dropout(F.relu(self.fc1(self.embedding(tokens).mean(1)))))
    t = Text()
    tokens = torch.randint(0, 1000, (64, 12), generator=g)
    labels = torch.randint(0, 3, (64,), generator=g)
    results["embedding_step_adam"] = median_us(train_step(
        t, F.cross_entropy, torch.optim.Adam(t.parameters(), lr=1e-2), tokens, labels))

    # A full Fashion-MNIST epoch: the MLP, Adam, batch 128, shuffled;
    # median of 3 epochs (Debian's dataset-fashion-mnist).
    import gzip
    import os
    import struct
    d = "/usr/share/datasets/fashion-mnist/"
    if os.path.exists(d + "train-images-idx3-ubyte.gz"):
        def idx(path):
            raw = gzip.open(path).read()
            nd = struct.unpack(">I", raw[:4])[0] & 0xFF
            dims = struct.unpack(">" + "I" * nd, raw[4:4 + 4 * nd])
            return torch.frombuffer(bytearray(raw[4 + 4 * nd:]),
                                    dtype=torch.uint8).reshape(dims)
        images = idx(d + "train-images-idx3-ubyte.gz").reshape(-1, 784).float() / 255
        labels = idx(d + "train-labels-idx1-ubyte.gz").long()
        m = mlp()
        opt = torch.optim.Adam(m.parameters(), lr=1e-3)
        seconds = []
        for epoch in range(3):
            perm = torch.randperm(len(labels), generator=g)
            t0 = time.perf_counter()
            for i in range(0, len(labels), 128):
                rows = perm[i:i + 128]
                opt.zero_grad()
                F.cross_entropy(m(images[rows]), labels[rows]).backward()
                opt.step()
            seconds.append(time.perf_counter() - t0)
        results["fashion_mnist_epoch_us"] = statistics.median(seconds) * 1e6

    for name, us in results.items():
        print(name, "%.2f" % us)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
