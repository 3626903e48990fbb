#!/usr/bin/env bash
# Configures (once) and builds Sinter into build/, binaries into build/bin/.
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=${SINTER_BUILD_DIR:-build}
if [ ! -f "$build_dir/build.ninja" ]; then
  cmake -G Ninja -S . -B "$build_dir" \
    -DCMAKE_BUILD_TYPE=Release \
    -DMLIR_DIR=/usr/lib/llvm-22/lib/cmake/mlir \
    -DLLVM_USE_LINKER=lld
fi
# Two cores and MLIR translation units of ~1 GB each: the default -j is fine.
ninja -C "$build_dir"
