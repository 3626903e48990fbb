//===- Compile.h - From a traced model to a runnable training program -*- C++ -*-===//
//
//   auto program = sinter::nn::trace(model, nn::CrossEntropyLoss(), inputs);
//   auto compiled = sinter::compile(*program, sinter::optim::Adam(),
//                                   sinter::Target::interpreter());
//   if (!compiled) { std::cerr << compiled.error() << "\n"; return 1; }
//   compiled->init(/*seed=*/0);
//   for (...) { auto loss = compiled->train_step({x, y}); ... }
//   compiled->save("model.safetensors");
//
// compile() differentiates the program (sinter-autodiff), appends the
// optimizer's update (sinter-optimizer) and prepares it for the target: the
// interpreter runs the training program op by op; the CPU target compiles it
// to native code (LLVM, in-process). Both keep the state on the host side,
// so save/load/state_dict work the same.
//
// Plain C++: no LLVM or MLIR header.
//
//===----------------------------------------------------------------------===//
#ifndef SINTER_COMPILE_H
#define SINTER_COMPILE_H

#include "sinter/nn/Trace.h"
#include "sinter/optim.h"
#include "sinter/runtime/Expected.h"
#include "sinter/runtime/Tensor.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace sinter {

/// Where a training program runs.
class Target {
public:
  enum class Kind { Interpreter, CPU };
  /// The reference interpreter: slow, exact, everywhere.
  static Target interpreter() { return Target(Kind::Interpreter); }
  /// Native code for this machine's CPU, compiled in-process by LLVM.
  static Target cpu() { return Target(Kind::CPU); }
  Kind kind() const { return kind_; }
  std::string name() const;

private:
  explicit Target(Kind kind) : kind_(kind) {}
  Kind kind_;
};

/// A named argument or result of an entry point.
struct TensorSpec {
  std::string name;
  std::vector<int64_t> sizes; // -1 for the dynamic batch
  DType dtype;
};

namespace detail {
struct CompiledModelImpl;
}

/// A training program ready to run: its state (parameters, optimizer state,
/// learning rate) lives inside and persists across calls.
class CompiledModel {
public:
  explicit CompiledModel(std::shared_ptr<detail::CompiledModelImpl> impl);

  /// Draws the parameters from `seed` as PyTorch's default initialisation
  /// does, and resets the optimizer state.
  Expected<void> init(uint64_t seed);
  /// One step of training on a batch (the traced inputs, in order);
  /// returns the loss.
  Expected<Tensor> train_step(const std::vector<Tensor> &batch);
  /// Loss and outputs in eval mode; changes nothing.
  Expected<std::vector<Tensor>> eval_step(const std::vector<Tensor> &batch);
  /// The model's outputs from its inputs, in eval mode.
  Expected<std::vector<Tensor>> predict(const std::vector<Tensor> &inputs);

  /// The learning rate the next step uses (optimizer.lr); a schedule sets
  /// it between steps.
  double lr() const;
  void set_lr(double lr);

  /// Every piece of named state: parameters by their state_dict names,
  /// optimizer state under `optimizer.`.
  std::map<std::string, Tensor> state_dict() const;
  /// Writes the state to a safetensors file (to a temporary file, then
  /// renamed: a crash never leaves a truncated checkpoint).
  Expected<void> save(const std::string &path) const;
  /// Reads a checkpoint written by save() or a PyTorch state_dict saved as
  /// safetensors: every parameter must be there with its shape and dtype;
  /// optimizer state is optional; a name this model does not have is an
  /// error.
  Expected<void> load(const std::string &path);

  const std::vector<TensorSpec> &train_inputs() const;
  const std::vector<TensorSpec> &predict_inputs() const;
  /// The training program's IR.
  std::string ir() const;

private:
  std::shared_ptr<detail::CompiledModelImpl> impl_;
};

/// Builds the training program of `program` with `optimizer` for `target`.
Expected<CompiledModel> compile(const nn::Program &program,
                                const optim::Optimizer &optimizer,
                                const Target &target = Target::interpreter());

} // namespace sinter

#endif // SINTER_COMPILE_H
