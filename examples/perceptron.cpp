//===- perceptron.cpp - A perceptron learns to separate two classes -------===//
//
// The first model of most tutorials: one Linear(2, 1) and a sigmoid
// (seed::Perceptron) learns which side of a line a point of the plane lies
// on, with binary cross-entropy and plain SGD on the whole data set at once.
//
//   sinter-example-perceptron [--target interp|cpu] [--steps N]
//
// Prints the loss as it falls, the line the perceptron learned and its
// accuracy on the training points.
//
//===----------------------------------------------------------------------===//
#include "ExampleFlags.h"
#include "SeedModels.h"
#include "sinter/Compile.h"
#include "sinter/nn.h"

#include <cmath>
#include <cstdio>
#include <iostream>
#include <random>
#include <string>

namespace nn = sinter::nn;
namespace optim = sinter::optim;
using HostTensor = sinter::Tensor;

namespace {

constexpr int64_t kPoints = 200;

/// A uniform draw in [low, high) from the raw 32-bit output of mt19937,
/// which, unlike std::uniform_real_distribution, is the same with every
/// standard library: the data set is the same everywhere.
float uniform(std::mt19937 &rng, float low, float high) {
  return low + (high - low) * static_cast<float>(rng() / 4294967296.0);
}

/// Points in [-1, 1]², labelled 1 above the line x1 = 0.5 x0 + 0.2 and 0
/// below it. Points closer than 0.05 to the line are left out, so that the
/// two classes are separated by a gap that a line can fit into.
void makeData(HostTensor &points, HostTensor &labels) {
  std::mt19937 rng(/*seed=*/7);
  for (int64_t n = 0; n < kPoints;) {
    float x0 = uniform(rng, -1, 1), x1 = uniform(rng, -1, 1);
    // Signed distance to the line 0.5 x0 - x1 + 0.2 = 0.
    float distance = (0.5f * x0 - x1 + 0.2f) / std::sqrt(1.25f);
    if (std::abs(distance) < 0.05f)
      continue;
    points.data<float>()[2 * n] = x0;
    points.data<float>()[2 * n + 1] = x1;
    labels.data<float>()[n] = distance < 0 ? 1.f : 0.f;
    ++n;
  }
}

} // namespace

int main(int argc, char **argv) {
  sinter::Target target = sinter::Target::cpu();
  int64_t steps = 500;
  example::Flags flags("sinter-example-perceptron",
                       "[--target interp|cpu] [--steps N]");
  flags.target(&target);
  flags.positiveInt("--steps", &steps);
  if (std::optional<int> status = flags.parse(argc, argv))
    return *status;

  HostTensor points(sinter::DType::F32, {kPoints, 2});
  HostTensor labels(sinter::DType::F32, {kPoints, 1});
  makeData(points, labels);

  // The model, its loss and the shapes of a batch: all the points at once.
  seed::Perceptron model;
  std::cout << model << "\n";
  auto program = nn::trace(model, nn::BCELoss(),
                           {nn::Input("x", {nn::Batch(kPoints), 2}),
                            nn::Input("y", {nn::Batch(kPoints), 1})});
  if (!program)
    return flags.fail(program.error());
  auto compiled =
      sinter::compile(*program, optim::SGD(optim::SGDOptions(1.0)), target);
  if (!compiled)
    return flags.fail(compiled.error());
  if (auto ok = compiled->init(/*seed=*/0); !ok)
    return flags.fail(ok.error());

  for (int step = 0; step < steps; ++step) {
    auto loss = compiled->train_step({points, labels});
    if (!loss)
      return flags.fail(loss.error());
    if (step % 50 == 0 || step + 1 == steps)
      std::printf("step %4d  loss %.6f\n", step, loss->data<float>()[0]);
  }

  // The learned line, where w0 x0 + w1 x1 + b = 0 (the probability is
  // 0.5), with the weights read from the state_dict by their PyTorch names.
  auto state = compiled->state_dict();
  const float *w = state.at("fc.weight").data<float>();
  float b = state.at("fc.bias").data<float>()[0];
  std::printf("weights %.3f %.3f, bias %.3f: ", w[0], w[1], b);
  if (w[1] != 0) {
    float slope = -w[0] / w[1], intercept = -b / w[1];
    std::printf("the boundary is x1 = %.3f x0 %c %.3f "
                "(true: x1 = 0.5 x0 + 0.2)\n",
                slope, intercept < 0 ? '-' : '+', std::abs(intercept));
  } else {
    std::printf("the boundary is x0 = %.3f\n", w[0] != 0 ? -b / w[0] : 0.f);
  }

  // Accuracy: the predicted probability rounded to a class.
  auto probabilities = compiled->predict({points});
  if (!probabilities)
    return flags.fail(probabilities.error());
  const float *p = (*probabilities)[0].data<float>();
  int64_t correct = 0;
  for (int64_t n = 0; n < kPoints; ++n)
    correct += (p[n] > 0.5f) == (labels.data<float>()[n] > 0.5f);
  std::printf("accuracy: %lld/%lld = %.1f%%\n", (long long)correct,
              (long long)kPoints, 100.0 * correct / kPoints);
  return 0;
}
