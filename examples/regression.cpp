//===- regression.cpp - Three linear layers learn running sums ------------===//
//
// Linear regression with a twist from the tutorials: three stacked
// Linear(3, 3) layers (seed::Regression) learn y = (x0, x0 + x1,
// x0 + x1 + x2) from 1000 random integer triples in [0, 100), with MSELoss
// and SGD(lr=1e-5), 5000 steps on the whole data set.
//
//   sinter-example-regression [--target interp|cpu] [--steps N] [--seed N]
//                             [--save FILE]
//
// Without a nonlinearity between them the three layers are one affine map,
// y = W3 (W2 (W1 x + b1) + b2) + b3 = W x + b; at the end the example reads
// the learned layers from the state_dict, composes them and prints W and b,
// which should be close to [[1, 0, 0], [1, 1, 0], [1, 1, 1]] and 0.
//
// --save writes the trained weights (PyTorch's state_dict names) to a
// safetensors file; with --steps 0 they are the initial ones.
//
// examples/pytorch/regression.py is the same program in PyTorch; given
// `--data mt19937 --init FILE` it trains on this program's data from the
// weights saved by `--steps 0 --save FILE`. As there, the outcome depends on
// the initial weights: from some of them SGD stalls on a plateau (a loss of
// tens) within 5000 steps; --seed picks others.
//
//===----------------------------------------------------------------------===//
#include "ExampleFlags.h"
#include "SeedModels.h"
#include "sinter/Compile.h"
#include "sinter/nn.h"

#include <array>
#include <cstdio>
#include <iostream>
#include <map>
#include <random>
#include <string>

namespace nn = sinter::nn;
namespace optim = sinter::optim;
using HostTensor = sinter::Tensor;

namespace {

constexpr int64_t kSamples = 1000;

using Matrix = std::array<std::array<double, 3>, 3>;
using Vector = std::array<double, 3>;

/// 1000 integer triples in [0, 100) and their running sums. The integers
/// come from mt19937's raw output (the same with every standard library).
void makeData(HostTensor &x, HostTensor &y) {
  std::mt19937 rng(/*seed=*/0);
  for (int64_t n = 0; n < kSamples; ++n) {
    float *xs = x.data<float>() + 3 * n, *ys = y.data<float>() + 3 * n;
    for (int j = 0; j < 3; ++j)
      xs[j] = static_cast<float>(rng() % 100);
    ys[0] = xs[0];
    ys[1] = xs[0] + xs[1];
    ys[2] = xs[0] + xs[1] + xs[2];
  }
}

/// A Linear(3, 3) layer's weight [out, in] and bias from the state_dict.
void readLayer(const std::map<std::string, HostTensor> &state,
               const std::string &name, Matrix &weight, Vector &bias) {
  const float *w = state.at(name + ".weight").data<float>();
  const float *b = state.at(name + ".bias").data<float>();
  for (int i = 0; i < 3; ++i) {
    bias[i] = b[i];
    for (int j = 0; j < 3; ++j)
      weight[i][j] = w[3 * i + j];
  }
}

/// (W, b) after (W1, b1): x -> W (W1 x + b1) + b = (W W1) x + (W b1 + b).
void compose(Matrix &weight, Vector &bias, const Matrix &w1, const Vector &b1) {
  Matrix product{};
  Vector shifted = bias;
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) {
      shifted[i] += weight[i][j] * b1[j];
      for (int k = 0; k < 3; ++k)
        product[i][j] += weight[i][k] * w1[k][j];
    }
  weight = product;
  bias = shifted;
}

} // namespace

int main(int argc, char **argv) {
  sinter::Target target = sinter::Target::cpu();
  int64_t steps = 5000;
  int64_t seed = 0;
  std::string savePath;
  example::Flags flags("sinter-example-regression",
                       "[--target interp|cpu] [--steps N] [--seed N] "
                       "[--save FILE]");
  flags.target(&target);
  flags.nonNegativeInt("--steps", &steps);
  flags.nonNegativeInt("--seed", &seed);
  flags.string("--save", &savePath);
  if (std::optional<int> status = flags.parse(argc, argv))
    return *status;

  HostTensor x(sinter::DType::F32, {kSamples, 3});
  HostTensor y(sinter::DType::F32, {kSamples, 3});
  makeData(x, y);

  seed::Regression model;
  std::cout << model << "\n";
  auto program = nn::trace(model, nn::MSELoss(),
                           {nn::Input("x", {nn::Batch(kSamples), 3}),
                            nn::Input("y", {nn::Batch(kSamples), 3})});
  if (!program)
    return flags.fail(program.error());
  auto compiled =
      sinter::compile(*program, optim::SGD(optim::SGDOptions(1e-5)), target);
  if (!compiled)
    return flags.fail(compiled.error());
  // The seed draws the initial weights as PyTorch's default initialisation.
  if (auto ok = compiled->init(seed); !ok)
    return flags.fail(ok.error());

  for (int step = 0; step < steps; ++step) {
    auto loss = compiled->train_step({x, y});
    if (!loss)
      return flags.fail(loss.error());
    if (step % 500 == 0 || step + 1 == steps)
      std::printf("step %5d  loss %.6g\n", step, loss->data<float>()[0]);
  }

  if (!savePath.empty())
    if (auto ok = compiled->save(savePath); !ok)
      return flags.fail(ok.error());

  // Compose layer3 ∘ layer2 ∘ layer1 into y = W x + b.
  auto state = compiled->state_dict();
  Matrix weight, w;
  Vector bias, b;
  readLayer(state, "layer3", weight, bias);
  readLayer(state, "layer2", w, b);
  compose(weight, bias, w, b);
  readLayer(state, "layer1", w, b);
  compose(weight, bias, w, b);

  std::printf("learned map y = W x + b:\n");
  for (int i = 0; i < 3; ++i)
    std::printf("W[%d] = [%8.4f %8.4f %8.4f]   b[%d] = %8.4f\n", i,
                weight[i][0], weight[i][1], weight[i][2], i, bias[i]);
  return 0;
}
