//===- Layers.h - torch.nn layers for the DSL -----------------*- C++ -*-===//
//
// The layers of torch.nn, as LibTorch's module holders: `Linear(784, 128)`,
// `ReLU()`, `Softmax(1)`, `Embedding(1000, 64)`, `Dropout(0.5)`, `Flatten()`,
// `Sequential(...)`, `ModuleList(...)`. Each prints as PyTorch prints it and
// draws its parameters as PyTorch's default initialisation does.
//
//===----------------------------------------------------------------------===//
#ifndef SINTER_NN_LAYERS_H
#define SINTER_NN_LAYERS_H

#include "sinter/nn/Module.h"

namespace sinter {
namespace nn {

/// y = x·Wᵀ + b; W [out, in] and b [out] ~ U(-1/sqrt(in), 1/sqrt(in)).
class LinearImpl : public Module {
public:
  LinearImpl(int64_t in_features, int64_t out_features, bool bias = true);
  Tensor forward(const Tensor &input, SourceLoc loc = SourceLoc::current());
  std::string extra_repr() const override;

  int64_t in_features, out_features;
  Tensor weight, bias; // bias undefined when bias=false
};
SINTER_MODULE(Linear);

class ReLUImpl : public Module {
public:
  ReLUImpl() : Module("ReLU") {}
  Tensor forward(const Tensor &input, SourceLoc loc = SourceLoc::current());
};
SINTER_MODULE(ReLU);

class SigmoidImpl : public Module {
public:
  SigmoidImpl() : Module("Sigmoid") {}
  Tensor forward(const Tensor &input, SourceLoc loc = SourceLoc::current());
};
SINTER_MODULE(Sigmoid);

class TanhImpl : public Module {
public:
  TanhImpl() : Module("Tanh") {}
  Tensor forward(const Tensor &input, SourceLoc loc = SourceLoc::current());
};
SINTER_MODULE(Tanh);

class SoftmaxImpl : public Module {
public:
  explicit SoftmaxImpl(int64_t dim) : Module("Softmax"), dim(dim) {}
  Tensor forward(const Tensor &input, SourceLoc loc = SourceLoc::current());
  std::string extra_repr() const override;
  int64_t dim;
};
SINTER_MODULE(Softmax);

class LogSoftmaxImpl : public Module {
public:
  explicit LogSoftmaxImpl(int64_t dim) : Module("LogSoftmax"), dim(dim) {}
  Tensor forward(const Tensor &input, SourceLoc loc = SourceLoc::current());
  std::string extra_repr() const override;
  int64_t dim;
};
SINTER_MODULE(LogSoftmax);

/// A lookup table [num_embeddings, embedding_dim] ~ N(0, 1).
class EmbeddingImpl : public Module {
public:
  EmbeddingImpl(int64_t num_embeddings, int64_t embedding_dim);
  Tensor forward(const Tensor &indices, SourceLoc loc = SourceLoc::current());
  std::string extra_repr() const override;
  int64_t num_embeddings, embedding_dim;
  Tensor weight;
};
SINTER_MODULE(Embedding);

/// F.dropout(x, p, is_training()): active in @forward, the identity in
/// @eval and @predict.
class DropoutImpl : public Module {
public:
  explicit DropoutImpl(double p = 0.5);
  /// `Dropout(0)` prints "p=0" as PyTorch prints an int p.
  explicit DropoutImpl(int p);
  Tensor forward(const Tensor &input, SourceLoc loc = SourceLoc::current());
  std::string extra_repr() const override;
  double p;

private:
  bool intP_ = false;
};
SINTER_MODULE(Dropout);

class FlattenImpl : public Module {
public:
  explicit FlattenImpl(int64_t start_dim = 1, int64_t end_dim = -1)
      : Module("Flatten"), start_dim(start_dim), end_dim(end_dim) {}
  Tensor forward(const Tensor &input, SourceLoc loc = SourceLoc::current());
  std::string extra_repr() const override;
  int64_t start_dim, end_dim;
};
SINTER_MODULE(Flatten);

/// Modules applied in order; children are named "0", "1", ...
class SequentialImpl : public Module {
public:
  SequentialImpl() : Module("Sequential") {}
  template <typename First, typename... Rest>
  explicit SequentialImpl(First &&first, Rest &&...rest)
      : Module("Sequential") {
    push_back(AnyModule(std::forward<First>(first)));
    (push_back(AnyModule(std::forward<Rest>(rest))), ...);
  }

  void push_back(AnyModule module, SourceLoc loc = SourceLoc::current());
  void push_back(std::string name, AnyModule module,
                 SourceLoc loc = SourceLoc::current());
  size_t size() const { return modules_.size(); }
  const AnyModule &operator[](size_t index) const { return modules_.at(index); }
  std::vector<AnyModule>::const_iterator begin() const { return modules_.begin(); }
  std::vector<AnyModule>::const_iterator end() const { return modules_.end(); }

  Tensor forward(const Tensor &input, SourceLoc loc = SourceLoc::current());

private:
  std::vector<AnyModule> modules_;
};
SINTER_MODULE(Sequential);

/// A list of modules, indexed like a Python list; forward() is the user's.
class ModuleListImpl : public Module {
public:
  ModuleListImpl() : Module("ModuleList") {}
  template <typename First, typename... Rest>
  explicit ModuleListImpl(First &&first, Rest &&...rest)
      : Module("ModuleList") {
    push_back(AnyModule(std::forward<First>(first)));
    (push_back(AnyModule(std::forward<Rest>(rest))), ...);
  }

  void push_back(AnyModule module, SourceLoc loc = SourceLoc::current());
  size_t size() const { return modules_.size(); }
  const AnyModule &operator[](size_t index) const { return modules_.at(index); }
  std::vector<AnyModule>::const_iterator begin() const { return modules_.begin(); }
  std::vector<AnyModule>::const_iterator end() const { return modules_.end(); }

  /// PyTorch's ModuleList repr: runs of identical modules are compressed,
  /// "(0-2): 3 x Linear(...)".
  std::string repr() const override;

private:
  std::vector<AnyModule> modules_;
};
SINTER_MODULE(ModuleList);

} // namespace nn
} // namespace sinter

#endif // SINTER_NN_LAYERS_H
