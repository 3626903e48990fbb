#!/usr/bin/env bash
# README command 1, the main job: installs what is missing, builds, then
#  1. trains the Fashion-MNIST classifier (MLP 784-256-128-10, Adam) written
#     in the C++ DSL, compiled for this CPU, with a progress bar and the test
#     accuracy after each epoch, and saves its parameters (safetensors,
#     PyTorch's state_dict names) and the traced model (MLIR);
#  2. compiles that model ahead of time into a standalone predictor
#     (sinterc --emit=exe);
#  3. loads the checkpoint into the predictor, which scores the test set and
#     classifies a few test images (predicted vs true class).
# Under a minute on two cores once built (a clean build takes a few). The IR
# walk-through that used to be the demo is build/bin/sinter-ir-demo.
#
# Environment: SINTER_BUILD_DIR (default build), SINTER_DEMO_EPOCHS (default
# 5: 87.65% test accuracy), SINTER_DEMO_IMAGES (test images to classify,
# default 12), SINTER_DEMO_SKIP_BUILD=1 to use binaries already built (the
# e2e test, e2e-demo, does).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${SINTER_DEMO_SKIP_BUILD:-0}" != 1 ]; then
  ./scripts/install-deps.sh
  ./scripts/build.sh
fi
bin=${SINTER_BUILD_DIR:-build}/bin
epochs=${SINTER_DEMO_EPOCHS:-5}
images=${SINTER_DEMO_IMAGES:-12}
data=/usr/share/datasets/fashion-mnist # Debian's dataset-fashion-mnist
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

echo "== 1. Fashion-MNIST: the MLP in the C++ DSL, trained compiled for this CPU =="
"$bin/sinter-example-fashion-mnist" --optimizer adam --lr 1e-3 --batch 128 \
  --epochs "$epochs" --seed 0 --data "$data" \
  --checkpoint "$out/fashion-mlp.safetensors" --emit-mlir "$out/fashion-mlp.mlir"

echo
echo "== 2. the same model ahead of time: a standalone predictor (sinterc --emit=exe) =="
# The traced model holds @forward, @eval, @predict and @initializer;
# --optimizer makes it a training program, as sinter::compile did in step 1.
"$bin/sinterc" "$out/fashion-mlp.mlir" --optimizer="name=adam lr=0.001" \
  --emit=exe -o "$out/fashion-predictor"
echo "built fashion-predictor, $(du -k "$out/fashion-predictor" | cut -f1) KiB: the model's native code and Sinter's runtime, no LLVM or MLIR"

echo
echo "== 3. the predictor loads the checkpoint: the test set, then the first $images test images =="
test_images=$data/t10k-images-idx3-ubyte.gz
test_labels=$data/t10k-labels-idx1-ubyte.gz
"$out/fashion-predictor" evaluate --idx "$test_images" "$test_labels" \
  --resume "$out/fashion-mlp.safetensors"
# predict prints "INDEX: logit0 ... logit9  -> CLASS", one line per image.
"$out/fashion-predictor" predict --idx "$test_images" "$test_labels" \
  --resume "$out/fashion-mlp.safetensors" > "$out/predictions.txt"
mapfile -t predicted < <(sed -n 's/.*-> \([0-9]*\)$/\1/p' "$out/predictions.txt")
# The labels file: an 8-byte IDX header, then one byte per image.
read -r -a truth <<< "$(zcat "$test_labels" | od -An -v -tu1 -j8 | tr -s ' \n' '  ')"
if [ "${#predicted[@]}" -lt "$images" ] || [ "${#truth[@]}" -lt "$images" ]; then
  echo "demo: expected $images predictions and labels, got ${#predicted[@]} and ${#truth[@]}" >&2
  exit 1
fi
classes=("T-shirt/top" "Trouser" "Pullover" "Dress" "Coat" "Sandal" "Shirt"
         "Sneaker" "Bag" "Ankle boot")
printf '%6s  %-12s %-12s\n' image predicted true
correct=0
for ((i = 0; i < images; ++i)); do
  p=${predicted[$i]} t=${truth[$i]}
  verdict=wrong
  if [ "$p" = "$t" ]; then verdict=ok; correct=$((correct + 1)); fi
  printf '%6d  %-12s %-12s %s\n' "$i" "${classes[$p]}" "${classes[$t]}" "$verdict"
done
echo "$correct of $images correct"
