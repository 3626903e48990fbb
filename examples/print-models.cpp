//===- print-models.cpp - Define models, print them, run them -------------===//
//
// The tutorial's first steps with nn.Module: define a model class, print it
// (`print(model)` in Python, `std::cout << model` here, with the very same
// text) and run it on some input. Two models:
//
//   Net    Linear -> ReLU -> Linear -> Sigmoid, a binary classifier of
//          10 features;
//   MyMLP  Embedding -> activation -> Linear -> Dropout -> activation ->
//          Linear -> Softmax, a classifier of token sequences into 3
//          classes; the constructor chooses the activation (sigmoid or
//          tanh).
//
//   sinter-example-print-models [--target interp|cpu]
//
// examples/pytorch/print_models.py is the same in PyTorch; its output is
// the reference the e2e test checks this program's against.
//
//===----------------------------------------------------------------------===//
#include "ExampleFlags.h"
#include "sinter/Compile.h"
#include "sinter/nn.h"
#include "sinter/runtime/TensorPrinter.h"

#include <cstdio>
#include <iostream>
#include <random>
#include <string>

namespace nn = sinter::nn;
namespace F = sinter::nn::functional;
namespace optim = sinter::optim;
using HostTensor = sinter::Tensor;
using nn::Tensor;

// class Net(nn.Module)
struct NetImpl : nn::Module {
  explicit NetImpl(int64_t in_features = 10, int64_t hidden = 32) {
    fc1 = register_module("fc1", nn::Linear(in_features, hidden));
    relu = register_module("relu", nn::ReLU());
    fc2 = register_module("fc2", nn::Linear(hidden, 1));
    sigmoid = register_module("sigmoid", nn::Sigmoid());
  }
  Tensor forward(const Tensor &x) { return sigmoid(fc2(relu(fc1(x)))); }
  nn::Linear fc1{nullptr}, fc2{nullptr};
  nn::ReLU relu{nullptr};
  nn::Sigmoid sigmoid{nullptr};
};
SINTER_MODULE(Net);

// class MyMLP(nn.Module). The activation is either module type, so the
// members hold it type-erased (nn::AnyModule), as a Python attribute would.
struct MyMLPImpl : nn::Module {
  explicit MyMLPImpl(const std::string &activation = "sigmoid",
                     int64_t vocab_size = 100, int64_t embed_dim = 16,
                     int64_t hidden = 32, int64_t classes = 3) {
    // Another name is a construction error, which trace() reports.
    if (activation != "sigmoid" && activation != "tanh")
      fail(nn::SourceLoc::current(),
           "MyMLP: activation must be sigmoid or tanh, got '" + activation +
               "'");
    auto makeActivation = [&]() {
      return activation == "sigmoid" ? nn::AnyModule(nn::Sigmoid())
                                     : nn::AnyModule(nn::Tanh());
    };
    embedding =
        register_module("embedding", nn::Embedding(vocab_size, embed_dim));
    act1 = makeActivation();
    register_module("act1", act1.ptr());
    fc1 = register_module("fc1", nn::Linear(embed_dim, hidden));
    dropout = register_module("dropout", nn::Dropout(0.2));
    act2 = makeActivation();
    register_module("act2", act2.ptr());
    fc2 = register_module("fc2", nn::Linear(hidden, classes));
    softmax = register_module("softmax", nn::Softmax(1));
  }
  /// tokens [batch, length] -> class probabilities [batch, classes]: the
  /// mean of the tokens' embeddings, then the MLP.
  Tensor forward(const Tensor &tokens) {
    Tensor h = act1(embedding(tokens).mean(1));
    h = act2(dropout(fc1(h)));
    return softmax(fc2(h));
  }
  nn::Embedding embedding{nullptr};
  nn::AnyModule act1, act2;
  nn::Linear fc1{nullptr}, fc2{nullptr};
  nn::Dropout dropout{nullptr};
  nn::Softmax softmax{nullptr};
};
SINTER_MODULE(MyMLP);

namespace {

constexpr int64_t kBatch = 4;

/// Compiles a traced model (with an optimizer, as every compiled program
/// is a training program), draws its initial weights and runs @predict.
sinter::Expected<HostTensor> predict(const nn::Traced &program,
                                     const sinter::Target &target,
                                     const HostTensor &input) {
  if (!program)
    return sinter::Error{program.error()};
  auto compiled =
      sinter::compile(*program, optim::SGD(optim::SGDOptions(0.1)), target);
  if (!compiled)
    return sinter::Error{compiled.error()};
  if (auto ok = compiled->init(/*seed=*/0); !ok)
    return sinter::Error{ok.error()};
  auto outputs = compiled->predict({input});
  if (!outputs)
    return sinter::Error{outputs.error()};
  return (*outputs)[0];
}

} // namespace

int main(int argc, char **argv) {
  sinter::Target target = sinter::Target::cpu();
  example::Flags flags("sinter-example-print-models", "[--target interp|cpu]");
  flags.target(&target);
  if (std::optional<int> status = flags.parse(argc, argv))
    return *status;

  // print(model), as PyTorch prints it.
  Net net;
  MyMLP mlpSigmoid("sigmoid"), mlpTanh("tanh");
  std::cout << net << "\n" << mlpSigmoid << "\n" << mlpTanh << "\n";

  std::mt19937 rng(/*seed=*/0);

  // Net on 4 random feature vectors: one probability each.
  HostTensor features(sinter::DType::F32, {kBatch, 10});
  for (int64_t i = 0; i < features.numElements(); ++i)
    features.data<float>()[i] = static_cast<float>(rng() / 4294967296.0);
  auto netProgram = nn::trace(net, nn::BCELoss(),
                              {nn::Input("x", {nn::Batch(kBatch), 10}),
                               nn::Input("y", {nn::Batch(kBatch), 1})});
  auto netOutput = predict(netProgram, target, features);
  if (!netOutput)
    return flags.fail(netOutput.error());
  std::cout << "\nNet output " << sinter::shapeToString(netOutput->shape())
            << ":\n"
            << sinter::formatTensor(*netOutput) << "\n";

  // MyMLP on 4 random sequences of 8 token ids. The model ends in a
  // softmax, so its loss is the negative log-likelihood of the log of its
  // output (CrossEntropyLoss would apply a second softmax).
  HostTensor tokens(sinter::DType::I64, {kBatch, 8});
  for (int64_t i = 0; i < tokens.numElements(); ++i)
    tokens.data<int64_t>()[i] = static_cast<int64_t>(rng() % 100);
  auto mlpProgram = nn::trace(
      mlpTanh,
      [](const Tensor &probabilities, const Tensor &labels) {
        return F::nll_loss(F::log(probabilities), labels);
      },
      {nn::Input("tokens", {nn::Batch(kBatch), 8}, sinter::DType::I64),
       nn::Input("labels", {nn::Batch(kBatch)}, sinter::DType::I64)});
  auto probabilities = predict(mlpProgram, target, tokens);
  if (!probabilities)
    return flags.fail(probabilities.error());
  std::cout << "\nMyMLP (tanh) output "
            << sinter::shapeToString(probabilities->shape()) << ":\n"
            << sinter::formatTensor(*probabilities) << "\n";

  // Each row is a probability distribution over the classes.
  std::cout << "row sums:";
  const float *p = probabilities->data<float>();
  int64_t classes = probabilities->dim(1);
  for (int64_t row = 0; row < probabilities->dim(0); ++row) {
    double sum = 0;
    for (int64_t c = 0; c < classes; ++c)
      sum += p[row * classes + c];
    std::printf(" %.4f", sum);
  }
  std::cout << "\n";
  return 0;
}
