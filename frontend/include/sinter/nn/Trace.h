//===- Trace.h - Record a model into a training program -------*- C++ -*-===//
//
// trace() calls the model's forward (and the loss) on symbolic inputs and
// records the functions of docs/training-program.md:
//
//   @forward(inputs..., [seed {sinter.rng}], params...) -> (loss, outputs...)
//       training mode: dropout draws its mask from the seed
//   @eval(inputs..., params...) -> (loss, outputs...)      eval mode
//   @predict(model inputs..., params...) -> outputs         eval mode
//   @initializer(seed) -> params                            PyTorch's init
//
//   auto program = sinter::nn::trace(model, nn::CrossEntropyLoss(),
//       {Input("x", {Batch::upTo(128), 784}),
//        Input("labels", {Batch::upTo(128)}, DType::I64)});
//   if (!program) { std::cerr << program.error() << "\n"; return 1; }
//   std::cout << program->str();
//
// The last input is the target; the others are the model's. A lambda
// `(Module&, std::vector<Tensor> inputs) -> std::vector<Tensor>` returning
// {loss, outputs...} records a custom loss (the lower-level form).
//
//===----------------------------------------------------------------------===//
#ifndef SINTER_NN_TRACE_H
#define SINTER_NN_TRACE_H

#include "sinter/nn/Module.h"

#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

namespace sinter {
namespace nn {

/// One dimension of an Input: a size, or the batch dimension.
struct Dim {
  int64_t size = 0;   // static size, or the bound of a dynamic batch
  bool dynamic = false;
  bool batch = false;
  Dim(int64_t size) : size(size) {}
  Dim(int64_t size, bool dynamic, bool batch)
      : size(size), dynamic(dynamic), batch(batch) {}
};

/// The batch dimension: `Batch(128)` is a fixed batch of 128;
/// `Batch::upTo(256)` is dynamic (`?` in the IR), at most 256 (recorded as
/// the argument attribute `sinter.batch_bound = 256 : i64`).
struct Batch : Dim {
  explicit Batch(int64_t size) : Dim(size, false, true) {}
  static Batch upTo(int64_t bound) {
    Batch b(bound);
    b.dynamic = true;
    return b;
  }
};

/// A named data input of the traced functions.
struct Input {
  std::string name;
  std::vector<Dim> dims;
  DType dtype = DType::F32;
  Input(std::string name, std::vector<Dim> dims, DType dtype = DType::F32)
      : name(std::move(name)), dims(std::move(dims)), dtype(dtype) {}
};

struct TraceOptions {
  TraceOptions() {}
  /// Names (`sinter.name`) of the results after the loss; default "output"
  /// for one, "output0", "output1", ... for several.
  std::vector<std::string> outputNames;
  std::string lossName = "loss";
  bool eval = true;        // record @eval
  bool predict = true;     // record @predict (when there are predict inputs)
  bool initializer = true; // record @initializer
};

namespace detail {
struct ProgramImpl;
}

/// A parameter of the program: state_dict name, shape and dtype.
struct ParameterInfo {
  std::string name;
  std::vector<int64_t> sizes;
  DType dtype;
};

/// The recorded module. detail/ProgramImpl.h gives the mlir::ModuleOp.
class Program {
public:
  explicit Program(std::shared_ptr<detail::ProgramImpl> impl)
      : impl_(std::move(impl)) {}
  /// The MLIR text of the module.
  std::string str() const;
  /// Writes str() to `path`; false (and `error`) on failure.
  bool write(const std::string &path, std::string *error = nullptr) const;
  /// "forward", "eval", "predict", "initializer" (those recorded).
  std::vector<std::string> functions() const;
  const std::vector<ParameterInfo> &parameters() const;
  detail::ProgramImpl &impl() const { return *impl_; }

private:
  std::shared_ptr<detail::ProgramImpl> impl_;
};

std::ostream &operator<<(std::ostream &os, const Program &program);

/// A Program or the first error ("file:line: error: message").
class Traced {
public:
  explicit Traced(std::string error) : error_(std::move(error)) {}
  explicit Traced(Program program)
      : program_(std::make_shared<Program>(std::move(program))) {}
  explicit operator bool() const { return program_ != nullptr; }
  bool ok() const { return program_ != nullptr; }
  const std::string &error() const { return error_; }
  Program *operator->() const { return program_.get(); }
  Program &operator*() const { return *program_; }

private:
  std::shared_ptr<Program> program_;
  std::string error_;
};

namespace detail {

using RecordFn = std::function<std::vector<Tensor>(std::vector<Tensor>)>;

/// The engine behind every trace(): records `fn` in each function.
/// `predictInputs` names the inputs of @predict (none: no @predict).
Traced traceProgram(Module &model, const RecordFn &fn,
                    const std::vector<Input> &inputs,
                    const std::vector<std::string> &predictInputs,
                    const TraceOptions &options, SourceLoc loc);
/// Records an error at `loc` unless one is recorded already (for trace's
/// own checks: the number of model inputs).
void recordError(SourceLoc loc, const std::string &message);

template <typename T> T &unwrapModule(const ModuleHolder<T> &holder) {
  return *holder.ptr();
}
template <typename T> T &unwrapModule(const std::shared_ptr<T> &ptr) {
  return *ptr;
}
template <typename T,
          typename = std::enable_if_t<std::is_base_of<Module, T>::value>>
T &unwrapModule(T &module) {
  return module;
}

/// model.forward(inputs[0..n)) for n = 1, 2 or 3 model inputs.
template <typename M>
Tensor callModel(M &model, const std::vector<Tensor> &in, size_t n,
                 SourceLoc loc) {
  if constexpr (HasForward<void, M, const Tensor &>::value) {
    if (n == 1)
      return invokeForward(model, loc, in[0]);
  }
  if constexpr (HasForward<void, M, const Tensor &, const Tensor &>::value) {
    if (n == 2)
      return invokeForward(model, loc, in[0], in[1]);
  }
  if constexpr (HasForward<void, M, const Tensor &, const Tensor &,
                           const Tensor &>::value) {
    if (n == 3)
      return invokeForward(model, loc, in[0], in[1], in[2]);
  }
  recordError(loc, "trace: the model's forward does not take " +
                       std::to_string(n) +
                       " tensors (the inputs but the last, which is the "
                       "target)");
  return Tensor();
}

template <typename L>
Tensor callLoss(L &loss, const Tensor &output, const Tensor &target,
                SourceLoc loc) {
  if constexpr (std::is_invocable<L &, const Tensor &, const Tensor &,
                                  SourceLoc>::value)
    return loss(output, target, loc);
  else
    return loss(output, target);
}

template <typename F>
constexpr bool isRecordFn =
    std::is_invocable<F &, Module &, std::vector<Tensor>>::value;

} // namespace detail

/// Traces `model` with the loss `loss` (a loss module such as
/// CrossEntropyLoss(), or a callable (output, target) -> loss): the inputs
/// but the last go to model->forward, the last is the target; @predict takes
/// the model's inputs. With a lambda `(Module&, std::vector<Tensor>) ->
/// std::vector<Tensor>` instead of a loss, records {loss, outputs...} as the
/// lambda returns them (no @predict: give the predict inputs, below).
template <typename M, typename L>
Traced trace(M &&model, L loss, std::vector<Input> inputs,
             TraceOptions options = TraceOptions(),
             SourceLoc loc = SourceLoc::current()) {
  auto &m = detail::unwrapModule(model);
  if constexpr (detail::isRecordFn<L>) {
    Module &base = m;
    return detail::traceProgram(
        base,
        [&](std::vector<Tensor> in) { return loss(base, std::move(in)); },
        inputs, {}, options, loc);
  } else {
    std::vector<std::string> predictInputs;
    for (size_t i = 0; i + 1 < inputs.size(); ++i)
      predictInputs.push_back(inputs[i].name);
    size_t n = inputs.size() - (inputs.empty() ? 0 : 1);
    return detail::traceProgram(
        m,
        [&](std::vector<Tensor> in) -> std::vector<Tensor> {
          if (in.size() < 2) {
            detail::recordError(loc, "trace: expected the model's inputs "
                                     "and a target, got " +
                                         std::to_string(in.size()) +
                                         " input(s)");
            return {};
          }
          Tensor output = detail::callModel(m, in, n, loc);
          Tensor l = detail::callLoss(loss, output, in.back(), loc);
          return {l, output};
        },
        inputs, predictInputs, options, loc);
  }
}

template <typename M, typename L>
Traced trace(M &&model, L loss, std::vector<Input> inputs, SourceLoc loc) {
  return trace(std::forward<M>(model), std::move(loss), std::move(inputs),
               TraceOptions(), loc);
}

/// The lower-level form: `fn(model, inputs)` returns {loss, outputs...};
/// @predict takes the inputs named in `predictInputs` and returns the
/// outputs (which must not depend on the other inputs).
template <typename M, typename Fn,
          typename = std::enable_if_t<detail::isRecordFn<Fn>>>
Traced trace(M &&model, Fn fn, std::vector<Input> inputs,
             std::vector<std::string> predictInputs,
             TraceOptions options = TraceOptions(),
             SourceLoc loc = SourceLoc::current()) {
  Module &base = detail::unwrapModule(model);
  return detail::traceProgram(
      base, [&](std::vector<Tensor> in) { return fn(base, std::move(in)); },
      inputs, predictInputs, options, loc);
}

} // namespace nn
} // namespace sinter

#endif // SINTER_NN_TRACE_H
