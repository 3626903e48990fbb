// Trains the one-layer model of train-forward.mlir through the object file
// and header sinterc wrote (no LLVM, no MLIR: the generated class and the
// runtime's kernels only), 5 Adam steps, printing the losses.
#include "model.h"

#include <cstdio>

int main() {
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
  return 0;
}
