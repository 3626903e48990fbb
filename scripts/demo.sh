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

echo
echo "== the sinter-opt route: differentiate @forward, append Adam, train 5 steps =="
"$bin/sinter-opt" "$out/demo.opt.mlir" --sinter-autodiff \
  '--sinter-optimizer=name=adam lr=0.001' -o "$out/program.mlir"
grep -o 'func.func @[a-z_]*' "$out/program.mlir" | sed 's/^/  /'
# The parameters, under their state_dict names, are the program's state.
"$bin/sinter-run" "$out/program.mlir" --entry train_step \
  --state "$out/params.safetensors" --inputs "$out/batch.safetensors" \
  --steps 5 --print --save-state "$out/state.safetensors"

echo
echo "== the same training program compiled for this CPU, checked against the interpreter =="
"$bin/sinter-run" "$out/program.mlir" --entry train_step \
  --state "$out/params.safetensors" --inputs "$out/batch.safetensors" \
  --steps 5 --print --backend cpu --check-against interp

echo
echo "== the C++ DSL route: the four tutorial models, compiled for this CPU =="
"$bin/sinter-seed-models" --target cpu
