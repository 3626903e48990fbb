//===- seed-models.cpp - The tutorials' models, written with Sinter -------===//
//
// The four seed models of the PyTorch tutorials, each written with the C++
// DSL as the tutorial writes it in Python, printed as PyTorch prints it,
// compiled into a training program (autodiff + optimizer) and trained on
// the reference interpreter or compiled for this CPU:
//
//   sinter-seed-models [--print-ir] [--steps N] [--target interp|cpu] [MODEL...]
//
// MODEL is regression, perceptron, mlp or embedding (default: all).
//
//===----------------------------------------------------------------------===//
#include "sinter/Compile.h"
#include "sinter/nn.h"
#include "sinter/runtime/TensorPrinter.h"
#include "SeedModels.h"

#include <cstdio>
#include <cstring>
#include <iostream>
#include <random>
#include <string>
#include <vector>

namespace nn = sinter::nn;
namespace F = sinter::nn::functional;
namespace optim = sinter::optim;
using nn::Batch;
using nn::Input;
using HostTensor = sinter::Tensor;
using seed::MLP;
using seed::Perceptron;
using seed::Regression;
using seed::TextClassifier;





namespace {

std::mt19937 rng(0);

HostTensor uniformData(std::vector<int64_t> shape, float low, float high) {
  HostTensor t(sinter::DType::F32, shape);
  std::uniform_real_distribution<float> u(low, high);
  for (int64_t i = 0; i < t.numElements(); ++i)
    t.data<float>()[i] = u(rng);
  return t;
}

HostTensor classData(std::vector<int64_t> shape, int64_t classes) {
  HostTensor t(sinter::DType::I64, shape);
  std::uniform_int_distribution<int64_t> u(0, classes - 1);
  for (int64_t i = 0; i < t.numElements(); ++i)
    t.data<int64_t>()[i] = u(rng);
  return t;
}

struct Options {
  bool printIR = false;
  int steps = -1; // the model's default
  sinter::Target target = sinter::Target::interpreter();
};

/// Prints the model, compiles it, trains `steps` steps on `batch`, printing
/// the loss every `every` steps.
int train(const char *title, const nn::Module &model, nn::Traced program,
          const optim::Optimizer &optimizer,
          const std::vector<HostTensor> &batch, int steps, int every,
          const Options &options) {
  std::cout << "== " << title << "\n" << model << "\n";
  if (!program) {
    std::cerr << program.error() << "\n";
    return 1;
  }
  auto compiled = sinter::compile(*program, optimizer, options.target);
  if (!compiled) {
    std::cerr << compiled.error() << "\n";
    return 1;
  }
  if (options.printIR)
    std::cout << compiled->ir() << "\n";
  if (auto ok = compiled->init(/*seed=*/0); !ok) {
    std::cerr << ok.error() << "\n";
    return 1;
  }
  for (int step = 0; step < steps; ++step) {
    auto loss = compiled->train_step(batch);
    if (!loss) {
      std::cerr << loss.error() << "\n";
      return 1;
    }
    if (step % every == 0 || step + 1 == steps)
      std::printf("step %5d  loss %.6g\n", step, loss->data<float>()[0]);
  }
  std::cout << "\n";
  return 0;
}

int regression(const Options &o) {
  // 1000 integer triples in [0, 100); y = (x0, x0 + x1, x0 + x1 + x2).
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
  Regression model;
  auto program = nn::trace(model, nn::MSELoss(),
                           {Input("x", {Batch(1000), 3}),
                            Input("y", {Batch(1000), 3})});
  int steps = o.steps > 0 ? o.steps : 5000;
  return train("regression: three Linear(3, 3), MSE, SGD(lr=1e-5)", *model,
               std::move(program), optim::SGD(optim::SGDOptions(1e-5)),
               {x, y}, steps, 500, o);
}

int perceptron(const Options &o) {
  // Linearly separable: label 1 when x0 + x1 > 1.
  HostTensor x = uniformData({64, 2}, 0, 1);
  HostTensor y(sinter::DType::F32, {64, 1});
  for (int n = 0; n < 64; ++n)
    y.data<float>()[n] =
        x.data<float>()[2 * n] + x.data<float>()[2 * n + 1] > 1 ? 1.f : 0.f;
  Perceptron model;
  auto program = nn::trace(model, nn::BCELoss(),
                           {Input("x", {Batch(64), 2}),
                            Input("y", {Batch(64), 1})});
  int steps = o.steps > 0 ? o.steps : 200;
  return train("perceptron: Linear(2, 1) + sigmoid, BCE, SGD(lr=0.5)", *model,
               std::move(program), optim::SGD(optim::SGDOptions(0.5)),
               {x, y}, steps, 20, o);
}

int mlp(const Options &o) {
  MLP model;
  auto program = nn::trace(model, nn::CrossEntropyLoss(),
                           {Input("x", {Batch::upTo(128), 784}),
                            Input("labels", {Batch::upTo(128)},
                                  sinter::DType::I64)});
  int steps = o.steps > 0 ? o.steps : 20;
  return train("MLP 784-256-128-10, CrossEntropy, Adam(lr=1e-3)", *model,
               std::move(program), optim::Adam(optim::AdamOptions(1e-3)),
               {uniformData({32, 784}, 0, 1), classData({32}, 10)}, steps, 5,
               o);
}

int embedding(const Options &o) {
  TextClassifier model;
  auto program = nn::trace(model, nn::CrossEntropyLoss(),
                           {Input("tokens", {Batch::upTo(64), 12},
                                  sinter::DType::I64),
                            Input("labels", {Batch::upTo(64)},
                                  sinter::DType::I64)});
  int steps = o.steps > 0 ? o.steps : 50;
  return train("text classifier: Embedding + mean + MLP, CrossEntropy, "
               "Adam(lr=1e-2)",
               *model, std::move(program),
               optim::Adam(optim::AdamOptions(1e-2)),
               {classData({64, 12}, 1000), classData({64}, 3)}, steps, 10, o);
}

} // namespace

int main(int argc, char **argv) {
  Options options;
  std::vector<std::string> models;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--print-ir") {
      options.printIR = true;
    } else if (arg == "--steps" && i + 1 < argc) {
      options.steps = std::atoi(argv[++i]);
      if (options.steps <= 0) {
        std::cerr << "sinter-seed-models: --steps takes a positive count\n";
        return 1;
      }
    } else if (arg == "--target" && i + 1 < argc) {
      std::string target = argv[++i];
      if (target == "cpu") {
        options.target = sinter::Target::cpu();
      } else if (target != "interp") {
        std::cerr << "sinter-seed-models: unknown target '" << target
                  << "' (expected interp or cpu)\n";
        return 1;
      }
    } else if (arg == "regression" || arg == "perceptron" || arg == "mlp" ||
               arg == "embedding") {
      models.push_back(arg);
    } else {
      std::cerr << "sinter-seed-models: unknown argument '" << arg
                << "'\nusage: sinter-seed-models [--print-ir] [--steps N] "
                   "[--target interp|cpu] "
                   "[regression|perceptron|mlp|embedding]...\n";
      return 1;
    }
  }
  if (models.empty())
    models = {"regression", "perceptron", "mlp", "embedding"};
  for (const std::string &m : models) {
    int rc = m == "regression"   ? regression(options)
             : m == "perceptron" ? perceptron(options)
             : m == "mlp"        ? mlp(options)
                                 : embedding(options);
    if (rc)
      return rc;
  }
  return 0;
}
