#!/usr/bin/env bash
# The CPU benchmark: Sinter (compiled for this CPU) and PyTorch side by side,
# in one run, one thread each, with ratios. Medians of many calls; these
# machines are shared and noisy, so compare ratios, not single times.
#
#   ./bench/run.sh            # build if needed, run, print the table
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/build.sh >/dev/null
bin=${SINTER_BUILD_DIR:-build}/bin

# Fair PyTorch timing (../shared/TOOLCHAIN.md): OpenBLAS's AVX-512 kernels,
# no OpenMP spinning, no glibc trimming; one thread for both.
unset OPENBLAS_CORETYPE
export OMP_WAIT_POLICY=passive OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
# Sinter's own pool (runtime/lib/ThreadPool.cpp) to one thread too.
export SINTER_NUM_THREADS=${SINTER_NUM_THREADS:-1}
export GLIBC_TUNABLES=glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=1073741824

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin/sinter-bench-models" > "$tmp/sinter.txt"
/usr/bin/python3 bench/torch_models.py > "$tmp/torch.txt"

/usr/bin/python3 - "$tmp/sinter.txt" "$tmp/torch.txt" <<'PY'
import sys
sinter = dict(l.split() for l in open(sys.argv[1]) if l.strip())
torch = dict(l.split() for l in open(sys.argv[2]) if l.strip())
targets = {"regression_step_sgd": ">= 30x", "mlp_step_sgd_momentum": "<= 0.6x time",
           "mlp_step_adam": "<= 0.6x time", "mlp_predict_b1": "<= 3 us",
           "fashion_mnist_epoch_us": "<= 0.5x time"}
print("%-24s %12s %12s %10s  %s" % ("benchmark", "torch (us)", "sinter (us)",
                                     "speedup", "target"))
for name, t in torch.items():
    s = sinter.get(name)
    if s is None:
        print("%-24s %12s %12s" % (name, t, "missing"))
        continue
    print("%-24s %12.2f %12.2f %9.2fx  %s" % (name, float(t), float(s),
                                            float(t) / float(s),
                                            targets.get(name, "")))
if "compile_mlp_train_step_s" in sinter:
    print("%-24s %25s s  %s" % ("compile MLP train step",
                                sinter["compile_mlp_train_step_s"], "<= 1 s"))
PY
