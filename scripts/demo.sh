#!/usr/bin/env bash
# README command 1, the main job: installs what is missing, builds, then builds
# a model's IR, prints it and evaluates it with the reference interpreter, and
# repeats the evaluation from files with sinter-opt and sinter-run.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install-deps.sh
./scripts/build.sh
bin=${SINTER_BUILD_DIR:-build}/bin
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

"$bin/sinter-ir-demo" "$out"

echo
echo "== sinter-opt --canonicalize --cse on the written IR =="
"$bin/sinter-opt" --canonicalize --cse "$out/demo.mlir" -o "$out/demo.opt.mlir"
echo "ok: $(grep -c 'sinter\.' "$out/demo.opt.mlir") sinter ops after canonicalization"

echo
echo "== sinter-run --backend interp: @forward on the same tensors =="
"$bin/sinter-run" "$out/demo.opt.mlir" --entry forward \
  --inputs "$out/inputs.safetensors" --outputs "$out/outputs.safetensors" --print
