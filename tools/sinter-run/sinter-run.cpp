//===- sinter-run.cpp - Run a sinter function on tensors from files -------===//
//
//   sinter-run FILE.mlir --entry NAME --inputs IN.safetensors
//              --outputs OUT.safetensors [--backend interp] [--print]
//              [--state S.safetensors] [--steps N] [--save-state OUT.safetensors]
//
// Binds the entry function's arguments by name -- the argument attribute
// `sinter.name` (or `sinter.param`), or arg0, arg1, ... -- to the tensors of
// the input file, runs
// the function, and writes each result under its `sinter.name` result
// attribute, or result0, result1, ...
//
// Training programs keep named state (ml_program globals): --state loads it,
// --save-state writes it back, and --steps repeats the entry, feeding step i
// the batch `NAME.<i mod K>` when the inputs hold NAME.0 ... NAME.<K-1>
// (and NAME itself every step otherwise).
//
//===----------------------------------------------------------------------===//
#include "sinter/cpu/CpuBackend.h"
#include "sinter/interp/Interpreter.h"
#include "sinter/ir/HostTypes.h"
#include "sinter/ir/SinterDialect.h"
#include "sinter/runtime/LRSchedule.h"
#include "sinter/runtime/Safetensors.h"
#include "sinter/runtime/TensorPrinter.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MLProgram/IR/MLProgram.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <cstring>

using namespace mlir;
namespace cl = llvm::cl;

namespace {
enum class Backend { Interp, Cpu };

cl::OptionCategory runCategory("sinter-run options");
cl::opt<std::string> inputFilename(cl::Positional, cl::Required,
                                   cl::desc("<input .mlir file>"),
                                   cl::cat(runCategory));
cl::opt<std::string> entryName("entry", cl::Required,
                               cl::desc("Function to run"),
                               cl::value_desc("name"), cl::cat(runCategory));
cl::opt<std::string>
    inputsFilename("inputs",
                   cl::desc("safetensors file holding the arguments, by name"),
                   cl::value_desc("file"), cl::cat(runCategory));
cl::opt<std::string>
    outputsFilename("outputs",
                    cl::desc("safetensors file to write the results to"),
                    cl::value_desc("file"), cl::cat(runCategory));
cl::opt<Backend> backend(
    "backend", cl::desc("Where to run the function"), cl::init(Backend::Interp),
    cl::values(clEnumValN(Backend::Interp, "interp",
                          "the reference interpreter"),
               clEnumValN(Backend::Cpu, "cpu",
                          "compiled for this CPU (LLVM JIT)")),
    cl::cat(runCategory));
cl::opt<Backend> checkAgainst(
    "check-against",
    cl::desc("Also run on this backend and fail unless every result and "
             "every piece of state agree (relative norm per tensor)"),
    cl::values(clEnumValN(Backend::Interp, "interp",
                          "the reference interpreter"),
               clEnumValN(Backend::Cpu, "cpu", "compiled for this CPU")),
    cl::cat(runCategory));
cl::opt<double> tolerance(
    "rtol",
    cl::desc("With --check-against: largest relative difference (norm per "
             "tensor); default 1e-5 for f32, 1e-12 for f64"),
    cl::init(-1.0), cl::cat(runCategory));

cl::opt<std::string>
    stateFilename("state",
                  cl::desc("safetensors file of named program state to load"),
                  cl::value_desc("file"), cl::cat(runCategory));
cl::opt<std::string> saveStateFilename(
    "save-state", cl::desc("Write the program state here after the run"),
    cl::value_desc("file"), cl::cat(runCategory));
cl::opt<unsigned> steps("steps", cl::desc("Run the entry this many times"),
                        cl::init(1), cl::cat(runCategory));
cl::opt<std::string> lrSchedule(
    "lr-schedule",
    cl::desc("Set optimizer.lr before each step: constant, step:N[:GAMMA], "
             "cosine:T_MAX[:ETA_MIN], warmup:N[:START[:END]] (step = "
             "scheduler step, from the state's lr)"),
    cl::value_desc("spec"), cl::cat(runCategory));
cl::opt<bool> noFusion("no-fusion",
                       cl::desc("CPU backend: do not fuse elementwise ops"),
                       cl::cat(runCategory));
cl::opt<bool> noMicrokernels(
    "no-microkernels",
    cl::desc("CPU backend: matrix products as loops, not GEMM calls"),
    cl::cat(runCategory));
cl::opt<bool> noMemoryPlan(
    "no-memory-plan",
    cl::desc("CPU backend: allocate temporaries instead of planning an arena"),
    cl::cat(runCategory));
cl::opt<bool> memoryReport(
    "memory-report",
    cl::desc("With a compiled backend: print each entry point's planned "
             "arena next to the bytes its buffers would take one by one"),
    cl::cat(runCategory));
cl::opt<bool> printResults("print",
                           cl::desc("Print each result as PyTorch does"),
                           cl::cat(runCategory));

/// The name a function argument or result is bound by.
std::string bindingName(DictionaryAttr attrs, StringRef fallbackPrefix,
                        unsigned index) {
  if (attrs) {
    if (auto name = attrs.getAs<StringAttr>("sinter.name"))
      return name.str();
    if (auto name = attrs.getAs<StringAttr>("sinter.param"))
      return name.str();
  }
  return (fallbackPrefix + Twine(index)).str();
}

/// Whether a host tensor has exactly the (static) tensor type `type`.
bool matchesType(const ::sinter::Tensor &t, Type type) {
  auto tensorType = dyn_cast<RankedTensorType>(type);
  return tensorType && llvm::equal(tensorType.getShape(), t.shape()) &&
         mlir::sinter::dtypeOf(tensorType) == t.dtype();
}

const char *backendName(Backend b) {
  return b == Backend::Cpu ? "cpu" : "interp";
}

/// ||a - b|| / ||b|| for floats (||a - b|| when b is zero); 0 or infinity
/// (any difference) for integers and booleans; infinity for a shape or dtype
/// mismatch.
double relativeDifference(const ::sinter::Tensor &a, const ::sinter::Tensor &b) {
  if (a.dtype() != b.dtype() || a.shape() != b.shape())
    return INFINITY;
  double diff = 0, norm = 0;
  for (int64_t i = 0; i < a.numElements(); ++i) {
    double x, y;
    switch (a.dtype()) {
    case ::sinter::DType::F32:
      x = a.data<float>()[i];
      y = b.data<float>()[i];
      break;
    case ::sinter::DType::F64:
      x = a.data<double>()[i];
      y = b.data<double>()[i];
      break;
    default:
      if (std::memcmp(a.bytes() + i * ::sinter::dtypeSize(a.dtype()),
                      b.bytes() + i * ::sinter::dtypeSize(b.dtype()),
                      ::sinter::dtypeSize(a.dtype())) != 0)
        return INFINITY;
      continue;
    }
    if (std::isnan(x) != std::isnan(y))
      return INFINITY;
    if (std::isnan(x) || (std::isinf(x) && x == y))
      continue;
    diff += (x - y) * (x - y);
    norm += y * y;
  }
  return norm > 0 ? std::sqrt(diff / norm) : std::sqrt(diff);
}

int fail(const Twine &message) {
  llvm::errs() << "sinter-run: error: " << message << "\n";
  return 1;
}

std::string listNames(const ::sinter::SafetensorsFile &file) {
  std::vector<std::string> names;
  for (const ::sinter::NamedTensor &t : file.tensors)
    names.push_back("'" + t.name + "'");
  return names.empty() ? "no tensors" : llvm::join(names, ", ");
}
} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  cl::HideUnrelatedOptions(runCategory);
  cl::ParseCommandLineOptions(argc, argv,
                              "Run a sinter function on tensors from files\n");

  MLIRContext context;
  // Errors name the place; a dump of the whole op would bury the message.
  context.printOpOnDiagnostic(false);
  context.loadDialect<mlir::sinter::SinterDialect, func::FuncDialect,
                      ml_program::MLProgramDialect>();

  std::string errorMessage;
  std::unique_ptr<llvm::MemoryBuffer> file =
      openInputFile(inputFilename, &errorMessage);
  if (!file)
    return fail(errorMessage);
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(std::move(file), SMLoc());
  // Parse and run errors print as FILE:LINE:COL: error: ...
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);

  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, &context);
  if (!module)
    return 1;

  auto entry = module->lookupSymbol<func::FuncOp>(entryName);
  if (!entry || entry.isExternal()) {
    std::vector<std::string> names;
    module->walk([&](func::FuncOp f) {
      if (!f.isExternal())
        names.push_back("'" + f.getSymName().str() + "'");
    });
    return fail("no function '" + entryName + "' in " + inputFilename +
                " (it defines " +
                (names.empty() ? "none" : llvm::join(names, ", ")) + ")");
  }

  ::sinter::SafetensorsFile inputs;
  if (!inputsFilename.empty() &&
      !::sinter::readSafetensors(inputsFilename, inputs, errorMessage))
    return fail(errorMessage);

  // Program state: initial values from the IR, then the state file.
  mlir::sinter::ProgramState state;
  if (failed(mlir::sinter::initializeGlobals(*module, state)))
    return 1;
  if (!stateFilename.empty()) {
    ::sinter::SafetensorsFile loaded;
    if (!::sinter::readSafetensors(stateFilename, loaded, errorMessage))
      return fail(errorMessage);
    for (::sinter::NamedTensor &t : loaded.tensors) {
      auto global = module->lookupSymbol<ml_program::GlobalOp>(t.name);
      if (!global)
        return fail(stateFilename + ": tensor '" + t.name +
                    "' is not state of this program (no global @" + t.name +
                    ")");
      if (!matchesType(t.tensor, global.getType())) {
        std::string expected;
        llvm::raw_string_ostream os(expected);
        os << global.getType();
        return fail(stateFilename + ": tensor '" + t.name + "' is " +
                    t.tensor.typeString() + ", but the program's @" + t.name +
                    " is " + expected);
      }
      state.globals[t.name] = std::move(t.tensor);
    }
  }

  // The tensor for argument `name` at step `step`.
  auto batchFor = [&](const std::string &name,
                      unsigned step) -> const ::sinter::Tensor * {
    if (const ::sinter::Tensor *t = inputs.find(name))
      return t;
    unsigned count = 0;
    while (inputs.find(name + "." + std::to_string(count)))
      ++count;
    if (count == 0)
      return nullptr;
    return inputs.find(name + "." + std::to_string(step % count));
  };

  // A schedule rewrites the learning rate, program state, before each step.
  std::unique_ptr<::sinter::LRSchedule> schedule;
  double baseLR = 0;
  if (!lrSchedule.empty()) {
    schedule = ::sinter::LRSchedule::parse(lrSchedule, errorMessage);
    if (!schedule)
      return fail(errorMessage);
    auto lr = state.globals.find("optimizer.lr");
    if (lr == state.globals.end() || lr->second.dtype() != ::sinter::DType::F64)
      return fail("--lr-schedule needs a training program with an f64 "
                  "optimizer.lr (run --sinter-optimizer)");
    baseLR = lr->second.data<double>()[0];
  }

  // The compiled program, when a compiled backend is asked for.
  std::unique_ptr<mlir::sinter::cpu::CpuProgram> compiled;
  if (backend == Backend::Cpu || checkAgainst == Backend::Cpu) {
    mlir::sinter::cpu::CpuOptions options;
    options.fuse = !noFusion;
    options.microkernels = !noMicrokernels;
    options.planMemory = !noMemoryPlan;
    auto program = mlir::sinter::cpu::CpuProgram::compile(*module, options);
    if (failed(program))
      return 1;
    compiled = std::move(*program);
    if (memoryReport) {
      std::vector<std::string> names;
      for (const auto &e : compiled->entryPoints())
        names.push_back(e.getKey().str());
      std::sort(names.begin(), names.end());
      for (const std::string &name : names) {
        const auto &e = compiled->entryPoints().find(name)->second;
        llvm::outs() << "memory plan @" << name << ": arena " << e.arenaBytes
                     << " bytes for buffers of " << e.bufferBytes
                     << " bytes\n";
      }
    }
  }
  auto runOn = [&](Backend which, const std::vector<::sinter::Tensor> &args,
                   mlir::sinter::ProgramState &s)
      -> FailureOr<std::vector<::sinter::Tensor>> {
    if (which == Backend::Interp)
      return mlir::sinter::interpret(entry, args, &s);
    std::string error;
    auto r = compiled->invoke(entryName, args, s.globals, error);
    if (failed(r))
      llvm::errs() << "sinter-run: error: " << error << "\n";
    return r;
  };
  mlir::sinter::ProgramState referenceState = state;

  std::vector<::sinter::Tensor> lastResults;
  for (unsigned step = 0; step < steps; ++step) {
    if (schedule) {
      state.globals["optimizer.lr"].data<double>()[0] =
          schedule->lr(baseLR, step);
      referenceState.globals["optimizer.lr"] = state.globals["optimizer.lr"];
    }
    std::vector<::sinter::Tensor> arguments;
    for (unsigned i = 0, e = entry.getNumArguments(); i < e; ++i) {
      std::string name = bindingName(entry.getArgAttrDict(i), "arg", i);
      const ::sinter::Tensor *tensor = batchFor(name, step);
      if (!tensor)
        return fail("input '" + name + "' of '" + entryName + "' is missing" +
                    (inputsFilename.empty()
                         ? std::string(" (no --inputs file given)")
                         : " from " + inputsFilename + " (it holds " +
                               listNames(inputs) + ")"));
      arguments.push_back(*tensor);
    }
    FailureOr<std::vector<::sinter::Tensor>> results =
        runOn(backend, arguments, state);
    if (failed(results))
      return 1;
    if (checkAgainst.getNumOccurrences()) {
      FailureOr<std::vector<::sinter::Tensor>> reference =
          runOn(checkAgainst, arguments, referenceState);
      if (failed(reference))
        return 1;
      auto limit = [&](const ::sinter::Tensor &t) {
        if (tolerance >= 0)
          return double(tolerance);
        return t.dtype() == ::sinter::DType::F64 ? 1e-12 : 1e-5;
      };
      auto check = [&](const std::string &what, const ::sinter::Tensor &got,
                       const ::sinter::Tensor &want) {
        double rel = relativeDifference(got, want);
        if (rel <= limit(want))
          return true;
        llvm::errs() << "sinter-run: error: step " << step << ": " << what
                     << " differs between " << backendName(backend) << " ("
                     << got.typeString() << ") and "
                     << backendName(checkAgainst) << " ("
                     << want.typeString() << "): relative difference " << rel
                     << " > " << limit(want) << "\n";
        if (got.numElements() <= 64 && want.numElements() <= 64)
          llvm::errs() << "  " << backendName(backend) << ": "
                       << ::sinter::formatTensor(got) << "\n  "
                       << backendName(checkAgainst) << ": "
                       << ::sinter::formatTensor(want) << "\n";
        return false;
      };
      bool same = results->size() == reference->size();
      for (size_t i = 0; same && i < results->size(); ++i)
        same = check("result '" +
                         bindingName(entry.getResultAttrDict(i), "result", i) +
                         "'",
                     (*results)[i], (*reference)[i]);
      for (auto &[name, tensor] : referenceState.globals) {
        if (!same)
          break;
        auto it = state.globals.find(name);
        same = it != state.globals.end() &&
               check("state '" + name + "'", it->second, tensor);
      }
      if (!same)
        return 1;
    }
    if (printResults)
      for (auto [i, tensor] : llvm::enumerate(*results)) {
        std::string name = bindingName(entry.getResultAttrDict(i), "result", i);
        if (steps > 1)
          llvm::outs() << "step " << step << ": ";
        llvm::outs() << name << " = " << ::sinter::formatTensor(tensor) << "\n";
      }
    lastResults = std::move(*results);
  }

  ::sinter::SafetensorsFile outputs;
  for (auto [i, tensor] : llvm::enumerate(lastResults)) {
    std::string name = bindingName(entry.getResultAttrDict(i), "result", i);
    outputs.tensors.push_back({name, std::move(tensor)});
  }
  if (!outputsFilename.empty() &&
      !::sinter::writeSafetensors(outputsFilename, outputs, errorMessage))
    return fail(errorMessage);

  if (!saveStateFilename.empty()) {
    ::sinter::SafetensorsFile saved;
    for (auto &[name, tensor] : state.globals)
      saved.tensors.push_back({name, tensor});
    if (!::sinter::writeSafetensors(saveStateFilename, saved, errorMessage))
      return fail(errorMessage);
  }
  return 0;
}
