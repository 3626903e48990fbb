#!/usr/bin/env python3
"""Reads `step N  loss L` lines grouped under `== title` headers and fails
unless each model's last loss is below FRACTION times its first."""
import re
import sys

fraction = float(sys.argv[1]) if len(sys.argv) > 1 else 0.9
runs, title = {}, None
for line in sys.stdin:
    if line.startswith("== "):
        title = line[3:].strip()
        runs[title] = []
    m = re.match(r"step\s+(\d+)\s+loss\s+(\S+)", line)
    if m and title:
        runs[title].append(float(m.group(2)))
if not runs:
    sys.exit("no training output")
for title, losses in runs.items():
    if len(losses) < 2 or not losses[-1] < fraction * losses[0]:
        sys.exit("%s: loss did not fall: %s" % (title, losses))
    print("%s: %.4g -> %.4g" % (title.split(":")[0], losses[0], losses[-1]))
