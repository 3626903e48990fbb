//===- Compile.cpp - From a traced model to a runnable training program ---===//
//
// The pipeline behind sinter::compile: clone the traced module (a Program
// may be compiled more than once), run sinter-autodiff and sinter-optimizer,
// then hand the training program to the target. Every diagnostic the
// compiler or the interpreter emits is collected and returned as the error
// of the call, with its location (the user's C++ line for DSL code).
//
//===----------------------------------------------------------------------===//

#include "sinter/Compile.h"

#include "sinter/cpu/CpuBackend.h"
#include "sinter/interp/Interpreter.h"
#include "sinter/ir/HostTypes.h"
#include "sinter/nn/detail/ProgramImpl.h"
#include "sinter/passes/Passes.h"
#include "sinter/runtime/Safetensors.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MLProgram/IR/MLProgram.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/Support/raw_ostream.h"

#include <mutex>

namespace sinter {
namespace detail {

struct CompiledModelImpl {
  nn::Program program; // owns the MLIR context
  mlir::OwningOpRef<mlir::ModuleOp> module;
  mlir::sinter::ProgramState state;
  std::vector<TensorSpec> trainInputs, predictInputs;
  std::vector<std::string> parameterNames;
  /// Set for the CPU target.
  std::unique_ptr<mlir::sinter::cpu::CpuProgram> cpu;
};

} // namespace detail

namespace {

/// Collects the diagnostics emitted while it lives, one line each.
class DiagnosticCollector {
public:
  explicit DiagnosticCollector(mlir::MLIRContext *context)
      : handler(context, [this](mlir::Diagnostic &d) {
          std::string line;
          llvm::raw_string_ostream os(line);
          if (auto loc = llvm::dyn_cast<mlir::FileLineColLoc>(d.getLocation()))
            os << loc.getFilename().getValue() << ":" << loc.getLine()
               << ": ";
          os << (d.getSeverity() == mlir::DiagnosticSeverity::Error
                     ? "error: "
                     : "note: ")
             << d.str();
          if (!text.empty())
            text += "\n";
          text += line;
          return mlir::success();
        }) {}

  Error error(const std::string &fallback) const {
    return Error{text.empty() ? fallback : text};
  }

private:
  std::string text;
  mlir::ScopedDiagnosticHandler handler;
};

using mlir::sinter::dtypeOf;

std::vector<TensorSpec> argumentSpecs(mlir::func::FuncOp f) {
  std::vector<TensorSpec> specs;
  if (!f)
    return specs;
  for (unsigned i = 0; i < f.getNumArguments(); ++i) {
    auto type = llvm::cast<mlir::RankedTensorType>(f.getArgument(i).getType());
    auto name = f.getArgAttrOfType<mlir::StringAttr>(i, "sinter.name");
    TensorSpec spec{name ? name.str() : "arg" + std::to_string(i), {},
                    *dtypeOf(type.getElementType())};
    for (int64_t d : type.getShape())
      spec.sizes.push_back(mlir::ShapedType::isDynamic(d) ? -1 : d);
    specs.push_back(std::move(spec));
  }
  return specs;
}

} // namespace

std::string Target::name() const {
  return kind_ == Kind::CPU ? "cpu" : "interpreter";
}

CompiledModel::CompiledModel(std::shared_ptr<detail::CompiledModelImpl> impl)
    : impl_(std::move(impl)) {}

namespace {

Expected<std::vector<Tensor>> run(detail::CompiledModelImpl &impl,
                                  llvm::StringRef entry,
                                  const std::vector<Tensor> &arguments) {
  auto fn = impl.module->lookupSymbol<mlir::func::FuncOp>(entry);
  if (!fn)
    return Error{"this model has no " + entry.str() + " entry point"};
  if (impl.cpu) {
    std::string error;
    auto results = impl.cpu->invoke(entry, arguments, impl.state.globals, error);
    if (mlir::failed(results))
      return Error{entry.str() + ": " + error};
    return std::move(*results);
  }
  DiagnosticCollector diagnostics(impl.module->getContext());
  mlir::FailureOr<std::vector<Tensor>> results =
      mlir::sinter::interpret(fn, arguments, &impl.state);
  if (mlir::failed(results))
    return diagnostics.error(entry.str() + " failed");
  return std::move(*results);
}

} // namespace

Expected<void> CompiledModel::init(uint64_t seed) {
  Tensor s(DType::I64, {});
  s.data<int64_t>()[0] = int64_t(seed);
  Expected<std::vector<Tensor>> r = run(*impl_, "init", {s});
  if (!r)
    return Error{r.error()};
  return {};
}

Expected<Tensor> CompiledModel::train_step(const std::vector<Tensor> &batch) {
  Expected<std::vector<Tensor>> r = run(*impl_, "train_step", batch);
  if (!r)
    return Error{r.error()};
  return std::move((*r)[0]);
}

Expected<std::vector<Tensor>>
CompiledModel::eval_step(const std::vector<Tensor> &batch) {
  return run(*impl_, "eval_step", batch);
}

Expected<std::vector<Tensor>>
CompiledModel::predict(const std::vector<Tensor> &inputs) {
  return run(*impl_, "predict", inputs);
}

double CompiledModel::lr() const {
  auto it = impl_->state.globals.find("optimizer.lr");
  return it == impl_->state.globals.end() ? 0.0
                                          : it->second.data<double>()[0];
}

void CompiledModel::set_lr(double lr) {
  Tensor t(DType::F64, {});
  t.data<double>()[0] = lr;
  impl_->state.globals["optimizer.lr"] = std::move(t);
}

std::map<std::string, Tensor> CompiledModel::state_dict() const {
  return {impl_->state.globals.begin(), impl_->state.globals.end()};
}

Expected<void> CompiledModel::save(const std::string &path) const {
  SafetensorsFile file;
  for (const auto &[name, tensor] : impl_->state.globals)
    file.tensors.push_back({name, tensor});
  file.metadata.push_back({"format", "sinter"});
  std::string error;
  if (!writeSafetensors(path, file, error))
    return Error{error};
  return {};
}

Expected<void> CompiledModel::load(const std::string &path) {
  SafetensorsFile file;
  std::string error;
  if (!readSafetensors(path, file, error))
    return Error{error};
  // Check everything before changing anything: a bad checkpoint leaves the
  // model as it was.
  for (const NamedTensor &t : file.tensors) {
    auto global = impl_->module->lookupSymbol<mlir::ml_program::GlobalOp>(t.name);
    if (!global)
      return Error{path + ": '" + t.name +
                   "' is not a parameter or optimizer state of this model"};
    auto type = llvm::cast<mlir::RankedTensorType>(global.getType());
    std::vector<int64_t> shape(type.getShape().begin(), type.getShape().end());
    if (dtypeOf(type.getElementType()) != t.tensor.dtype() ||
        shape != t.tensor.shape()) {
      Tensor expected(*dtypeOf(type.getElementType()), shape);
      return Error{path + ": '" + t.name + "' is " + t.tensor.typeString() +
                   " but this model's is " + expected.typeString()};
    }
  }
  for (const std::string &name : impl_->parameterNames)
    if (!file.find(name))
      return Error{path + ": missing parameter '" + name + "'"};
  for (NamedTensor &t : file.tensors)
    impl_->state.globals[t.name] = std::move(t.tensor);
  return {};
}

const std::vector<TensorSpec> &CompiledModel::train_inputs() const {
  return impl_->trainInputs;
}
const std::vector<TensorSpec> &CompiledModel::predict_inputs() const {
  return impl_->predictInputs;
}

std::string CompiledModel::ir() const {
  std::string text;
  llvm::raw_string_ostream os(text);
  impl_->module->print(os);
  return text;
}

Expected<CompiledModel> compile(const nn::Program &program,
                                const optim::Optimizer &optimizer,
                                const Target &target) {
  static std::once_flag registered;
  std::call_once(registered, [] { mlir::sinter::registerSinterPasses(); });

  auto impl = std::make_shared<detail::CompiledModelImpl>(
      detail::CompiledModelImpl{program, {}, {}, {}, {}, {}, nullptr});
  mlir::MLIRContext *context = nn::detail::contextOf(program);
  context->loadDialect<mlir::ml_program::MLProgramDialect>();
  DiagnosticCollector diagnostics(context);
  impl->module = nn::detail::moduleOf(program).clone();

  mlir::PassManager pm(context);
  std::string pipeline =
      "sinter-autodiff,sinter-optimizer{" + optimizer.passOptions() + "}";
  if (mlir::failed(mlir::parsePassPipeline(pipeline, pm)))
    return diagnostics.error("bad optimizer options: " + pipeline);
  if (mlir::failed(pm.run(*impl->module)))
    return diagnostics.error("building the training program failed");
  if (mlir::failed(mlir::verify(*impl->module)))
    return diagnostics.error("the training program does not verify");
  if (mlir::failed(
          mlir::sinter::initializeGlobals(*impl->module, impl->state)))
    return diagnostics.error("reading the initial state failed");

  if (target.kind() == Target::Kind::CPU) {
    auto program = mlir::sinter::cpu::CpuProgram::compile(*impl->module);
    if (mlir::failed(program))
      return diagnostics.error("compiling for the CPU failed");
    impl->cpu = std::move(*program);
  }

  impl->trainInputs = argumentSpecs(
      impl->module->lookupSymbol<mlir::func::FuncOp>("train_step"));
  impl->predictInputs = argumentSpecs(
      impl->module->lookupSymbol<mlir::func::FuncOp>("predict"));
  for (const nn::ParameterInfo &p : program.parameters())
    impl->parameterNames.push_back(p.name);
  return CompiledModel(std::move(impl));
}

} // namespace sinter
