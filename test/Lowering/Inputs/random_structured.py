#!/usr/bin/env python3
"""random_tensors.py with the kinds the structured-op tests need as well:
    index=N         integers in [0, N) (embedding rows, classes)
    prob            uniform in [0, 1], with exact 0s and 1s (BCE's clamping)
    binary          0.0 or 1.0
usage: random_structured.py OUT NAME:DTYPE:SHAPE[:KIND] ...
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import random_tensors  # noqa: E402

_draw = random_tensors.draw


def draw(rng, kind, dtype):
    if kind.startswith("index="):
        return rng.randrange(int(kind[len("index="):]))
    if kind == "prob":
        r = rng.random()
        return 0.0 if r < 0.1 else 1.0 if r < 0.2 else rng.random()
    if kind == "binary":
        return float(rng.random() < 0.5)
    return _draw(rng, kind, dtype)


random_tensors.draw = draw

if __name__ == "__main__":
    random_tensors.main(sys.argv)
