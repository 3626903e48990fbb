// aot-app: trains the classifier that the installed sinter-opt and sinterc
// compiled ahead of time (classifier.o + classifier.h, class Classifier),
// through the generated typed header alone: no LLVM, no MLIR, only
// Sinter::runtime. Initialises the parameters, trains, predicts, saves a
// checkpoint, loads it into a fresh model and checks that the predictions
// are the same.
//
//   aot-app CHECKPOINT.safetensors
//
// Exits non-zero when the loss does not fall or the reloaded model predicts
// differently.
#include "classifier.h"

#include <cstdio>
#include <string>

namespace {

constexpr int kPoints = 64;

// An 8x8 grid over the unit square; label 1 above the diagonal x0 + x1 = 1.
void makeData(float *x, float *y) {
  for (int i = 0; i < 8; ++i)
    for (int j = 0; j < 8; ++j) {
      int n = 8 * i + j;
      x[2 * n] = (i + 0.5f) / 8;
      x[2 * n + 1] = (j + 0.5f) / 8;
      y[n] = i + j > 7 ? 1.f : 0.f;
    }
}

int accuracy(const float *p, const float *y) {
  int right = 0;
  for (int n = 0; n < kPoints; ++n)
    right += (p[n] > 0.5f) == (y[n] > 0.5f);
  return right;
}

} // namespace

int main(int argc, char **argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: aot-app CHECKPOINT.safetensors\n");
    return 2;
  }
  float x[2 * kPoints], y[kPoints], p[kPoints];
  makeData(x, y);

  Classifier model;
  std::printf("state: %d tensors, %lld bytes, batches up to %lld\n",
              Classifier::kNumStateTensors,
              (long long)Classifier::kStateBytes,
              (long long)Classifier::kBatchBound);
  if (!model.init(/*seed=*/0))
    return 1;
  float first = 0, loss = 0;
  const int steps = 150;
  for (int step = 0; step < steps; ++step) {
    if (!model.train_step(x, y, kPoints, &loss)) {
      std::printf("train_step refused the batch\n");
      return 1;
    }
    if (step == 0)
      first = loss;
    if (step % 30 == 0 || step + 1 == steps)
      std::printf("step %3d: loss %.4f\n", step, loss);
  }
  float evalLoss = 0;
  if (!model.eval_step(x, y, kPoints, &evalLoss, p) || !model.predict(x, kPoints, p))
    return 1;
  std::printf("eval: loss %.4f, accuracy %d/%d\n", evalLoss, accuracy(p, y),
              kPoints);
  bool falls = evalLoss < 0.5f * first;
  std::printf("loss falls: %s (%.4f -> %.4f)\n", falls ? "yes" : "NO", first,
              evalLoss);

  // Checkpoint round trip: a fresh model loaded from it predicts the same.
  std::string error;
  if (!model.save(argv[1], &error)) {
    std::printf("save failed: %s\n", error.c_str());
    return 1;
  }
  Classifier restored;
  if (!restored.load(argv[1], &error)) {
    std::printf("load failed: %s\n", error.c_str());
    return 1;
  }
  float q[kPoints];
  if (!restored.predict(x, kPoints, q))
    return 1;
  int same = 0;
  for (int n = 0; n < kPoints; ++n)
    same += p[n] == q[n];
  std::printf("reloaded predictions: %d/%d identical\n", same, kPoints);
  std::printf("fc2.bias %.4f, restored %.4f\n", model.fc2_bias()[0],
              restored.fc2_bias()[0]);
  return falls && same == kPoints ? 0 : 1;
}
