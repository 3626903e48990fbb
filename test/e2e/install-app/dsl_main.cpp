// dsl-app: the same classifier as aot-app, written in the installed C++ DSL
// (Sinter::nn), traced, and compiled in-process for this CPU with
// sinter::compile. Trains, predicts, saves a checkpoint and loads it into a
// second compiled copy that must predict the same.
//
//   dsl-app CHECKPOINT.safetensors
//
// Exits non-zero on any error, when the loss does not fall, or when the
// reloaded model predicts differently.
#include "sinter/Compile.h"
#include "sinter/nn.h"

#include <cstdio>
#include <iostream>
#include <vector>

namespace nn = sinter::nn;
namespace F = sinter::nn::functional;

struct ClassifierImpl : nn::Module {
  ClassifierImpl() {
    fc1 = register_module("fc1", nn::Linear(2, 8));
    fc2 = register_module("fc2", nn::Linear(8, 1));
  }
  nn::Tensor forward(const nn::Tensor &x) {
    return F::sigmoid(fc2(F::tanh(fc1(x))));
  }
  nn::Linear fc1{nullptr}, fc2{nullptr};
};
SINTER_MODULE(Classifier);

namespace {

constexpr int kPoints = 64;

template <typename T> bool check(const sinter::Expected<T> &result) {
  if (!result)
    std::cerr << "dsl-app: " << result.error() << "\n";
  return bool(result);
}

} // namespace

int main(int argc, char **argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: dsl-app CHECKPOINT.safetensors\n");
    return 2;
  }
  // An 8x8 grid over the unit square; label 1 above the diagonal.
  sinter::Tensor x(sinter::DType::F32, {kPoints, 2});
  sinter::Tensor y(sinter::DType::F32, {kPoints, 1});
  for (int i = 0; i < 8; ++i)
    for (int j = 0; j < 8; ++j) {
      int n = 8 * i + j;
      x.data<float>()[2 * n] = (i + 0.5f) / 8;
      x.data<float>()[2 * n + 1] = (j + 0.5f) / 8;
      y.data<float>()[n] = i + j > 7 ? 1.f : 0.f;
    }

  Classifier model;
  std::cout << model << "\n";
  auto program = nn::trace(model, nn::BCELoss(),
                           {nn::Input("x", {nn::Batch::upTo(kPoints), 2}),
                            nn::Input("y", {nn::Batch::upTo(kPoints), 1})});
  if (!program) {
    std::cerr << "dsl-app: " << program.error() << "\n";
    return 1;
  }
  sinter::optim::Adam adam(sinter::optim::AdamOptions(0.05));
  auto compiled = sinter::compile(*program, adam, sinter::Target::cpu());
  if (!check(compiled) || !check(compiled->init(/*seed=*/0)))
    return 1;

  float first = 0, last = 0;
  const int steps = 150;
  for (int step = 0; step < steps; ++step) {
    auto loss = compiled->train_step({x, y});
    if (!check(loss))
      return 1;
    last = loss->data<float>()[0];
    if (step == 0)
      first = last;
    if (step % 30 == 0 || step + 1 == steps)
      std::printf("step %3d: loss %.4f\n", step, last);
  }
  bool falls = last < 0.5f * first;
  std::printf("loss falls: %s (%.4f -> %.4f)\n", falls ? "yes" : "NO", first,
              last);

  auto p = compiled->predict({x});
  if (!check(p))
    return 1;
  int right = 0;
  for (int n = 0; n < kPoints; ++n)
    right += ((*p)[0].data<float>()[n] > 0.5f) == (y.data<float>()[n] > 0.5f);
  std::printf("accuracy %d/%d\n", right, kPoints);

  // Checkpoint round trip into a second compiled copy of the program.
  if (!check(compiled->save(argv[1])))
    return 1;
  auto restored = sinter::compile(*program, adam, sinter::Target::cpu());
  if (!check(restored) || !check(restored->load(argv[1])))
    return 1;
  auto q = restored->predict({x});
  if (!check(q))
    return 1;
  bool same = (*p)[0].identical((*q)[0]);
  std::printf("reloaded predictions identical: %s\n", same ? "yes" : "NO");
  return falls && same ? 0 : 1;
}
