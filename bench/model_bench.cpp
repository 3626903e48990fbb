//===- model_bench.cpp - Sinter side of bench/run.sh ----------------------===//
//
// The seed models' training steps and the MLP's predict, compiled for the
// CPU with sinter::compile, timed the way bench/torch_models.py times
// PyTorch (median of many calls after a warm-up). Prints `name median_us`.
//
//===----------------------------------------------------------------------===//
#include "sinter/Compile.h"
#include "sinter/nn.h"
#include "sinter/runtime/Dataset.h"
#include "SeedModels.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <random>
#include <vector>

namespace nn = sinter::nn;
namespace F = sinter::nn::functional;
namespace optim = sinter::optim;
using HostTensor = sinter::Tensor;
using Clock = std::chrono::steady_clock;
using seed::MLP;
using seed::Perceptron;
using seed::Regression;
using Text = seed::TextClassifier;

namespace {

double medianMicros(const std::function<bool()> &fn, int warmup = 20,
                    int reps = 200, double minSeconds = 1.0) {
  for (int i = 0; i < warmup; ++i)
    if (!fn())
      return -1;
  std::vector<double> times;
  auto start = Clock::now();
  while ((int)times.size() < reps ||
         std::chrono::duration<double>(Clock::now() - start).count() <
             minSeconds) {
    auto t0 = Clock::now();
    if (!fn())
      return -1;
    times.push_back(
        std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
    if (times.size() >= 20000)
      break;
  }
  std::nth_element(times.begin(), times.begin() + times.size() / 2,
                   times.end());
  return times[times.size() / 2];
}

std::mt19937 rng(0);

HostTensor uniform(std::vector<int64_t> shape) {
  HostTensor t(sinter::DType::F32, shape);
  std::uniform_real_distribution<float> u(0, 1);
  for (int64_t i = 0; i < t.numElements(); ++i)
    t.data<float>()[i] = u(rng);
  return t;
}

HostTensor classes(std::vector<int64_t> shape, int64_t n) {
  HostTensor t(sinter::DType::I64, shape);
  std::uniform_int_distribution<int64_t> u(0, n - 1);
  for (int64_t i = 0; i < t.numElements(); ++i)
    t.data<int64_t>()[i] = u(rng);
  return t;
}





/// Compiles and times one training step; prints its line.
bool benchStep(const char *name, nn::Traced program,
               const optim::Optimizer &opt,
               const std::vector<HostTensor> &batch, double *compileSeconds =
                                                         nullptr) {
  if (!program) {
    std::fprintf(stderr, "%s: %s\n", name, program.error().c_str());
    return false;
  }
  auto t0 = Clock::now();
  auto compiled = sinter::compile(*program, opt, sinter::Target::cpu());
  double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  if (compileSeconds)
    *compileSeconds = seconds;
  if (!compiled || !compiled->init(0)) {
    std::fprintf(stderr, "%s: %s\n", name,
                 compiled ? "init failed" : compiled.error().c_str());
    return false;
  }
  double us = medianMicros([&] { return bool(compiled->train_step(batch)); });
  if (us < 0) {
    std::fprintf(stderr, "%s: %s\n", name,
                 compiled->train_step(batch).error().c_str());
    return false;
  }
  std::printf("%s %.2f\n", name, us);
  return true;
}

} // namespace

int main() {
  using nn::Batch;
  using nn::Input;
  bool ok = true;
  {
    HostTensor x(sinter::DType::F32, {1000, 3}), y(sinter::DType::F32, {1000, 3});
    std::uniform_int_distribution<int> u(0, 99);
    for (int n = 0; n < 1000; ++n) {
      float *xs = x.data<float>() + 3 * n, *ys = y.data<float>() + 3 * n;
      for (int j = 0; j < 3; ++j)
        xs[j] = float(u(rng));
      ys[0] = xs[0];
      ys[1] = xs[0] + xs[1];
      ys[2] = xs[0] + xs[1] + xs[2];
    }
    Regression m;
    ok &= benchStep("regression_step_sgd",
                    nn::trace(m, nn::MSELoss(),
                              {Input("x", {Batch(1000), 3}),
                               Input("y", {Batch(1000), 3})}),
                    optim::SGD(optim::SGDOptions(1e-5)), {x, y});
  }
  {
    HostTensor x = uniform({64, 2}), y(sinter::DType::F32, {64, 1});
    for (int n = 0; n < 64; ++n)
      y.data<float>()[n] =
          x.data<float>()[2 * n] + x.data<float>()[2 * n + 1] > 1 ? 1.f : 0.f;
    Perceptron m;
    ok &= benchStep("perceptron_step_sgd",
                    nn::trace(m, nn::BCELoss(),
                              {Input("x", {Batch(64), 2}),
                               Input("y", {Batch(64), 1})}),
                    optim::SGD(optim::SGDOptions(0.5)), {x, y});
  }
  double compileSeconds = 0;
  {
    HostTensor x = uniform({128, 784}), y = classes({128}, 10);
    auto inputs = std::vector<Input>{
        Input("x", {Batch::upTo(256), 784}),
        Input("labels", {Batch::upTo(256)}, sinter::DType::I64)};
    MLP m1, m2;
    ok &= benchStep("mlp_step_sgd_momentum",
                    nn::trace(m1, nn::CrossEntropyLoss(), inputs),
                    optim::SGD(optim::SGDOptions(0.05).momentum(0.9)), {x, y},
                    &compileSeconds);
    ok &= benchStep("mlp_step_adam",
                    nn::trace(m2, nn::CrossEntropyLoss(), inputs),
                    optim::Adam(optim::AdamOptions(1e-3)), {x, y});
    // predict at batch 1 and 256 with one compiled program (dynamic batch).
    auto program = nn::trace(m1, nn::CrossEntropyLoss(), inputs);
    auto compiled = sinter::compile(*program, optim::SGD(optim::SGDOptions(0.1)),
                                    sinter::Target::cpu());
    if (compiled && compiled->init(0)) {
      HostTensor x1 = uniform({1, 784}), x256 = uniform({256, 784});
      std::printf("mlp_predict_b1 %.2f\n",
                  medianMicros([&] { return bool(compiled->predict({x1})); }));
      std::printf("mlp_predict_b256 %.2f\n",
                  medianMicros([&] { return bool(compiled->predict({x256})); }));
    } else {
      ok = false;
    }
  }
  {
    Text m;
    ok &= benchStep("embedding_step_adam",
                    nn::trace(m, nn::CrossEntropyLoss(),
                              {Input("tokens", {Batch(64), 12},
                                     sinter::DType::I64),
                               Input("labels", {Batch(64)}, sinter::DType::I64)}),
                    optim::Adam(optim::AdamOptions(1e-2)),
                    {classes({64, 12}, 1000), classes({64}, 3)});
  }
  // A full Fashion-MNIST epoch (Debian's dataset-fashion-mnist): the MLP,
  // Adam, batch 128 (the last batch partial), shuffled; median of 3 epochs.
  {
    const std::string dir = "/usr/share/datasets/fashion-mnist/";
    auto data = sinter::loadIdxPair(dir + "train-images-idx3-ubyte.gz",
                                    dir + "train-labels-idx1-ubyte.gz");
    MLP m;
    auto program = nn::trace(m, nn::CrossEntropyLoss(),
                             {Input("x", {Batch::upTo(128), 784}),
                              Input("labels", {Batch::upTo(128)},
                                    sinter::DType::I64)});
    auto compiled =
        program ? sinter::compile(*program, optim::Adam(optim::AdamOptions(1e-3)),
                                  sinter::Target::cpu())
                : sinter::Expected<sinter::CompiledModel>(
                      sinter::Error{program.error()});
    if (!data) {
      std::fprintf(stderr, "fashion_mnist_epoch: %s\n", data.error().c_str());
    } else if (!compiled || !compiled->init(0)) {
      std::fprintf(stderr, "fashion_mnist_epoch: compile failed\n");
      ok = false;
    } else {
      sinter::BatchOptions batching;
      batching.batchSize = 128;
      batching.shuffle = true;
      auto batches = sinter::BatchIterator::create(*data, batching);
      std::vector<double> seconds;
      for (int epoch = 0; epoch < 3 && batches; ++epoch) {
        batches->reset(epoch);
        auto t0 = Clock::now();
        while (auto b = batches->next())
          if (!compiled->train_step(b->columns))
            ok = false;
        seconds.push_back(
            std::chrono::duration<double>(Clock::now() - t0).count());
      }
      std::sort(seconds.begin(), seconds.end());
      std::printf("fashion_mnist_epoch_us %.0f\n", seconds[1] * 1e6);
    }
  }
  std::printf("compile_mlp_train_step_s %.3f\n", compileSeconds);
  return ok ? 0 : 1;
}
