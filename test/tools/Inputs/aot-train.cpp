// Trains the one-layer model of train-forward.mlir through the object file
// and header sinterc wrote (no LLVM, no MLIR: the generated class and the
// runtime's kernels only), 5 Adam steps, printing the losses.
#include "model.h"

#include <cstdio>

int main(int argc, char **argv) {
  Model model;
  const float w[] = {0.1f, 0.2f, 0.3f, -0.1f, -0.2f, -0.3f};
  for (int i = 0; i < 6; ++i)
    model.fc_weight()[i] = w[i];
  for (int i = 0; i < 2; ++i)
    model.fc_bias()[i] = 0;
  const float x[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
  const float t[] = {0, 1, 0, 1, 1, 0, 1, 0};
  float y[8];
  for (int step = 0; step < 5; ++step) {
    float loss;
    if (!model.train_step(x, t, /*batch=*/4, &loss))
      return 1;
    std::printf("step %d: loss %.4f\n", step, loss);
  }
  float loss;
  if (!model.eval_step(x, t, 4, &loss, y))
    return 1;
  std::printf("eval: loss %.4f y[0] %.4f\n", loss, y[0]);
  std::printf("fc.weight[0] %.4f\n", model.fc_weight()[0]);
  std::printf("batch 0 accepted: %d\n", int(model.train_step(x, t, 0, &loss)));
  for (int i = 0; i < Model::kNumStateTensors; ++i)
    std::printf("state %s %lld bytes\n", model.state(i).name,
                (long long)model.state(i).bytes);
  // A checkpoint round trip: a fresh model loaded from it evaluates the same.
  if (argc > 2) {
    std::string error;
    if (!model.save(argv[1], &error)) {
      std::printf("save failed: %s\n", error.c_str());
      return 1;
    }
    Model restored;
    if (!restored.load(argv[1], &error)) {
      std::printf("load failed: %s\n", error.c_str());
      return 1;
    }
    restored.eval_step(x, t, 4, &loss, y);
    std::printf("restored eval: loss %.4f\n", loss);
    // A checkpoint of another model is refused, and changes nothing.
    Model other;
    bool loaded = other.load(argv[2], &error);
    std::printf("foreign checkpoint loaded: %d (%s)\n", int(loaded),
                error.c_str());
  }
  return 0;
}
