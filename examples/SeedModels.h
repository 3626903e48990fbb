//===- SeedModels.h - The tutorials' models, written with Sinter -*- C++ -*-===//
//
// The four seed models of the PyTorch tutorials, as the tutorials write them
// in Python, in Sinter's C++ DSL. Shared by the example (seed-models.cpp),
// the benchmark (bench/model_bench.cpp) and the fidelity tests, which train
// them against PyTorch's trajectories: their state_dict names are PyTorch's.
//
//===----------------------------------------------------------------------===//
#ifndef SINTER_EXAMPLES_SEEDMODELS_H
#define SINTER_EXAMPLES_SEEDMODELS_H

#include "sinter/nn.h"

namespace seed {

namespace nn = ::sinter::nn;
namespace F = ::sinter::nn::functional;

// class Regression(nn.Module): three stacked Linear(3, 3).
struct RegressionImpl : nn::Module {
  RegressionImpl() {
    layer1 = register_module("layer1", nn::Linear(3, 3));
    layer2 = register_module("layer2", nn::Linear(3, 3));
    layer3 = register_module("layer3", nn::Linear(3, 3));
  }
  nn::Tensor forward(const nn::Tensor &x) {
    return layer3(layer2(layer1(x)));
  }
  nn::Linear layer1{nullptr}, layer2{nullptr}, layer3{nullptr};
};
SINTER_MODULE(Regression);

// class Perceptron(nn.Module): Linear(2, 1) and a sigmoid.
struct PerceptronImpl : nn::Module {
  PerceptronImpl() { fc = register_module("fc", nn::Linear(2, 1)); }
  nn::Tensor forward(const nn::Tensor &x) { return F::sigmoid(fc(x)); }
  nn::Linear fc{nullptr};
};
SINTER_MODULE(Perceptron);

// class MLP(nn.Module): 784-256-128-10 with ReLU.
struct MLPImpl : nn::Module {
  MLPImpl() {
    fc1 = register_module("fc1", nn::Linear(784, 256));
    fc2 = register_module("fc2", nn::Linear(256, 128));
    fc3 = register_module("fc3", nn::Linear(128, 10));
  }
  nn::Tensor forward(const nn::Tensor &x) {
    return fc3(F::relu(fc2(F::relu(fc1(x)))));
  }
  nn::Linear fc1{nullptr}, fc2{nullptr}, fc3{nullptr};
};
SINTER_MODULE(MLP);

// Embedding -> mean over tokens -> Linear -> ReLU -> Dropout -> Linear.
struct TextClassifierImpl : nn::Module {
  TextClassifierImpl() {
    embedding = register_module("embedding", nn::Embedding(1000, 16));
    fc1 = register_module("fc1", nn::Linear(16, 32));
    dropout = register_module("dropout", nn::Dropout(0.0));
    fc2 = register_module("fc2", nn::Linear(32, 3));
  }
  nn::Tensor forward(const nn::Tensor &tokens) {
    nn::Tensor h = embedding(tokens).mean(1);
    return fc2(dropout(F::relu(fc1(h))));
  }
  nn::Embedding embedding{nullptr};
  nn::Linear fc1{nullptr}, fc2{nullptr};
  nn::Dropout dropout{nullptr};
};
SINTER_MODULE(TextClassifier);

} // namespace seed

#endif // SINTER_EXAMPLES_SEEDMODELS_H
