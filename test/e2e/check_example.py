#!/usr/bin/env python3
"""Runs one example of examples/ and checks what it prints.

    check_example.py CHECK [OPTIONS] -- PROGRAM [ARGS...]

CHECK is the example's name (perceptron, regression, print-models,
text-classifier) or `fails` (the program must exit non-zero and print
--message to stderr). The program's output is echoed first, so that a
failing test shows it (ctest --output-on-failure); then each failed
expectation is one line, and the exit status is 1.
"""
import argparse
import re
import subprocess
import sys


def numbers(pattern, text):
    """Every match of `pattern` (its first group) in `text`, as floats."""
    return [float(m) for m in re.findall(pattern, text, re.MULTILINE)]


def check_perceptron(out, args, fail):
    losses = numbers(r"^step +\d+ +loss ([-+.\deE]+)$", out)
    accuracy = numbers(r"^accuracy: \d+/\d+ = ([.\d]+)%$", out)
    if len(losses) < 2:
        return fail("expected at least two 'step N  loss X' lines")
    if not losses[-1] < losses[0] / 4:
        fail(f"the loss did not fall: {losses[0]} -> {losses[-1]}")
    if len(accuracy) != 1 or accuracy[0] < args.min_accuracy:
        fail(f"accuracy {accuracy} below {args.min_accuracy}%")


def check_regression(out, args, fail):
    losses = numbers(r"^step +\d+ +loss ([-+.\deE]+)$", out)
    if len(losses) < 2:
        return fail("expected at least two 'step N  loss X' lines")
    if not losses[0] > 1000:
        fail(f"the first loss {losses[0]} is not the untrained ~1e4")
    if not losses[-1] < args.max_loss:
        fail(f"the final loss {losses[-1]} is not below {args.max_loss}")
    rows = re.findall(r"^W\[(\d)\] = \[ *(\S+) +(\S+) +(\S+)\] +b\[\d\] = +(\S+)$",
                      out, re.MULTILINE)
    if len(rows) != 3:
        return fail("expected the three rows 'W[i] = [...]   b[i] = ...'")
    expected = [[1, 0, 0], [1, 1, 0], [1, 1, 1]]
    for i, row in enumerate(rows):
        w = [float(v) for v in row[1:4]]
        b = float(row[4])
        for j in range(3):
            if abs(w[j] - expected[i][j]) > args.weight_tolerance:
                fail(f"W[{i}][{j}] = {w[j]}, expected {expected[i][j]} "
                     f"+- {args.weight_tolerance}")
        if abs(b) > args.bias_tolerance:
            fail(f"b[{i}] = {b}, expected 0 +- {args.bias_tolerance}")


def check_print_models(out, args, fail):
    # The reprs, exactly as PyTorch prints them: FileCheck against the
    # reference the PyTorch script wrote.
    filecheck = subprocess.run(
        [args.filecheck, "--match-full-lines", "--strict-whitespace",
         args.check_file], input=out, text=True)
    if filecheck.returncode != 0:
        fail("FileCheck found a difference from PyTorch's text")
    sums = re.search(r"^row sums:((?: \S+)+)$", out, re.MULTILINE)
    if not sums:
        return fail("expected a 'row sums: ...' line")
    values = [float(v) for v in sums.group(1).split()]
    if len(values) != 4 or any(abs(v - 1) > 1e-4 for v in values):
        fail(f"softmax rows should sum to 1, got {values}")


def check_text_classifier(out, args, fail):
    epochs = re.findall(r"^epoch (\d+)/(\d+) +loss (\S+) +train accuracy "
                        r"(\S+)% +test accuracy (\S+)%$", out, re.MULTILINE)
    if not epochs:
        return fail("expected 'epoch i/n  loss ... test accuracy X%' lines")
    first_loss, last_loss = float(epochs[0][2]), float(epochs[-1][2])
    test_accuracy = float(epochs[-1][4])
    if not last_loss < first_loss:
        fail(f"the loss did not fall: {first_loss} -> {last_loss}")
    if test_accuracy < args.min_accuracy:
        fail(f"test accuracy {test_accuracy}% below {args.min_accuracy}%")


CHECKS = {
    "perceptron": check_perceptron,
    "regression": check_regression,
    "print-models": check_print_models,
    "text-classifier": check_text_classifier,
}


def main():
    argv = sys.argv[1:]
    if "--" not in argv:
        sys.exit("usage: check_example.py CHECK [OPTIONS] -- PROGRAM [ARGS...]")
    split = argv.index("--")
    parser = argparse.ArgumentParser()
    parser.add_argument("check", choices=sorted(CHECKS) + ["fails"])
    parser.add_argument("--min-accuracy", type=float, default=0)
    parser.add_argument("--max-loss", type=float, default=float("inf"))
    parser.add_argument("--weight-tolerance", type=float, default=0)
    parser.add_argument("--bias-tolerance", type=float, default=0)
    parser.add_argument("--filecheck")
    parser.add_argument("--check-file")
    parser.add_argument("--message", help="with `fails`: a regex for stderr")
    args = parser.parse_args(argv[:split])
    command = argv[split + 1:]

    run = subprocess.run(command, capture_output=True, text=True)
    sys.stdout.write(run.stdout)
    sys.stdout.write(run.stderr)
    failures = []
    fail = failures.append

    if args.check == "fails":
        if run.returncode == 0:
            fail("expected a non-zero exit status")
        if not re.search(args.message, run.stderr):
            fail(f"expected stderr to match {args.message!r}")
    elif run.returncode != 0:
        fail(f"exit status {run.returncode}")
    else:
        CHECKS[args.check](run.stdout, args, fail)

    for f in failures:
        print(f"check_example.py: {args.check}: {f}", file=sys.stderr)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
