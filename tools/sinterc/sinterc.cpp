//===- sinterc.cpp - The Sinter compiler driver ---------------------------===//
//
//   sinterc model.mlir --target=cpu -o model.o --header model.h
//   sinterc model.mlir --emit=sinter|linalg|mlir-llvm|llvm|asm|obj -o FILE
//
// Compiles a training program (or a forward function, given --optimizer)
// ahead of time for this CPU: an object file with one C-interface function
// per entry point (`_mlir_ciface_<Class>_<entry>`) and a typed C++ header
// whose class owns the named state. --emit shows each stage, as Toy's
// -emit= does.
//
//===----------------------------------------------------------------------===//

#include "HeaderWriter.h"
#include "TrainerWriter.h"

#include "sinter/cpu/CpuBackend.h"
#include "sinter/ir/HostTypes.h"
#include "sinter/ir/SinterDialect.h"
#include "sinter/passes/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MLProgram/IR/MLProgram.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/TargetParser/Host.h"

using namespace mlir;
namespace cl = llvm::cl;

namespace {

enum class Emit { Sinter, Linalg, MlirLlvm, Llvm, Asm, Obj, Exe };

cl::OptionCategory category("sinterc options");
cl::opt<std::string> inputFilename(cl::Positional, cl::Required,
                                   cl::desc("<input .mlir file>"),
                                   cl::cat(category));
cl::opt<std::string> outputFilename("o", cl::desc("Output file"),
                                    cl::value_desc("file"), cl::Required,
                                    cl::cat(category));
cl::opt<std::string> targetName("target", cl::desc("What to compile for"),
                                cl::init("cpu"), cl::cat(category));
cl::opt<Emit> emit(
    "emit", cl::desc("The stage to write"), cl::init(Emit::Obj),
    cl::values(
        clEnumValN(Emit::Sinter, "sinter",
                   "the training program in the sinter dialect"),
        clEnumValN(Emit::Linalg, "linalg",
                   "after lowering to linalg/tensor/arith/math"),
        clEnumValN(Emit::MlirLlvm, "mlir-llvm", "the LLVM dialect"),
        clEnumValN(Emit::Llvm, "llvm", "LLVM IR, optimised"),
        clEnumValN(Emit::Asm, "asm", "assembly for this CPU"),
        clEnumValN(Emit::Obj, "obj", "an object file (the default)"),
        clEnumValN(Emit::Exe, "exe",
                   "a standalone trainer/predictor (links the runtime with "
                   "the system's C++ compiler)")),
    cl::cat(category));
cl::opt<std::string> headerFilename(
    "header", cl::desc("Also write the typed C++ header here"),
    cl::value_desc("file"), cl::cat(category));
cl::opt<std::string> className(
    "class-name",
    cl::desc("The header's class, and the prefix of the entry symbols "
             "(default: from the output file name)"),
    cl::cat(category));
cl::opt<std::string> optimizer(
    "optimizer",
    cl::desc("For a forward function: differentiate it and append this "
             "optimizer, as --sinter-optimizer (e.g. \"name=adam lr=1e-3\")"),
    cl::cat(category));
cl::opt<std::string> cxx("cxx",
                        cl::desc("C++ compiler for --emit=exe (default: $CXX, "
                                 "else c++)"),
                        cl::cat(category));
cl::opt<std::string> runtimeInclude(
    "runtime-include", cl::desc("The runtime's headers, for --emit=exe"),
    cl::init(SINTER_RUNTIME_INCLUDE_DIR), cl::cat(category));
cl::opt<std::string> runtimeLibrary(
    "runtime-library", cl::desc("The runtime library, for --emit=exe"),
    cl::init(SINTER_RUNTIME_LIBRARY), cl::cat(category));
cl::opt<bool> noFusion("no-fusion", cl::desc("Do not fuse elementwise ops"),
                       cl::cat(category));
cl::opt<bool> noMicrokernels(
    "no-microkernels",
    cl::desc("Lower matrix products to loops instead of GEMM calls"),
    cl::cat(category));

int fail(const llvm::Twine &message) {
  llvm::errs() << "sinterc: error: " << message << "\n";
  return 1;
}

/// "model" from "out/model.o": a C++ identifier starting with a capital.
std::string defaultClassName(llvm::StringRef output) {
  std::string stem = llvm::sys::path::stem(output).str();
  std::string name;
  bool upper = true;
  for (char c : stem) {
    if (!llvm::isAlnum(c)) {
      upper = true;
      continue;
    }
    name += upper ? llvm::toUpper(c) : c;
    upper = false;
  }
  if (name.empty() || llvm::isDigit(name[0]))
    name = "Model" + name;
  return name;
}

int writeText(const std::string &text) {
  std::string error;
  auto out = openOutputFile(outputFilename, &error);
  if (!out)
    return fail(error);
  out->os() << text;
  out->keep();
  return 0;
}

} // namespace

/// An installed sinterc (PREFIX/bin) finds the runtime it was installed with
/// (PREFIX/include, PREFIX/lib); one in the build tree falls back to the
/// paths compiled in, the source tree's headers and the built library.
void useInstalledRuntimeIfPresent(const char *argv0) {
  std::string exe = llvm::sys::fs::getMainExecutable(
      argv0, reinterpret_cast<void *>(&useInstalledRuntimeIfPresent));
  if (exe.empty())
    return;
  llvm::SmallString<256> prefix(llvm::sys::path::parent_path(
      llvm::sys::path::parent_path(exe)));
  llvm::SmallString<256> include(prefix), library(prefix);
  llvm::sys::path::append(include, "include");
  llvm::sys::path::append(library, "lib", "libSinterRuntime.a");
  llvm::SmallString<256> header(include);
  llvm::sys::path::append(header, "sinter", "runtime", "Tensor.h");
  if (!llvm::sys::fs::exists(header) || !llvm::sys::fs::exists(library))
    return;
  if (runtimeInclude.getNumOccurrences() == 0)
    runtimeInclude = std::string(include);
  if (runtimeLibrary.getNumOccurrences() == 0)
    runtimeLibrary = std::string(library);
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  cl::HideUnrelatedOptions(category);
  cl::ParseCommandLineOptions(argc, argv, "Sinter ahead-of-time compiler\n");
  useInstalledRuntimeIfPresent(argv[0]);
  if (targetName != "cpu")
    return fail("unknown target '" + targetName + "' (supported: cpu)");

  DialectRegistry registry;
  mlir::sinter::cpu::registerCpuBackendDialects(registry);
  MLIRContext context(registry);
  context.loadAllAvailableDialects();
  context.printOpOnDiagnostic(false);
  std::string error;
  auto file = openInputFile(inputFilename, &error);
  if (!file)
    return fail(error);
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(std::move(file), llvm::SMLoc());
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, &context);
  if (!module)
    return 1;

  // A forward function becomes a training program first.
  mlir::sinter::registerSinterPasses();
  if (!optimizer.empty()) {
    PassManager pm(&context);
    if (failed(parsePassPipeline("sinter-autodiff,sinter-optimizer{" +
                                     optimizer + "}",
                                 pm)))
      return fail("bad --optimizer options '" + optimizer + "'");
    if (failed(pm.run(*module)))
      return 1;
  } else if (!module->lookupSymbol("train_step") &&
             module->lookupSymbol("forward")) {
    return fail(inputFilename +
                " holds a forward function but no training program: give "
                "--optimizer=\"name=... lr=...\"");
  }
  if (emit == Emit::Sinter) {
    std::string text;
    llvm::raw_string_ostream os(text);
    module->print(os);
    return writeText(text);
  }

  // The state, before it becomes arguments: names, types, initial values.
  std::vector<::sinter::tools::StateTensor> state;
  for (auto global : module->getOps<ml_program::GlobalOp>()) {
    auto type = dyn_cast<RankedTensorType>(global.getType());
    if (!type || !type.hasStaticShape())
      return fail("global @" + global.getSymName().str() +
                  " must be a statically shaped tensor");
    ::sinter::tools::StateTensor s;
    s.name = global.getSymName().str();
    s.type.dtype = *mlir::sinter::dtypeOf(type);
    s.type.shape.assign(type.getShape().begin(), type.getShape().end());
    if (auto value = global.getValue()) {
      auto dense = dyn_cast<DenseElementsAttr>(*value);
      if (dense && dense.isSplat()) {
        s.hasInitialValue = true;
        s.initialValue =
            isa<FloatType>(type.getElementType())
                ? dense.getSplatValue<APFloat>().convertToDouble()
                : double(dense.getSplatValue<APInt>().getSExtValue());
      }
    }
    state.push_back(std::move(s));
  }

  // Entry symbols carry the class name, so that two models link together.
  std::string name =
      className.empty() ? defaultClassName(outputFilename) : className.getValue();
  SymbolTable symbols(*module);
  for (auto fn : llvm::to_vector(module->getOps<func::FuncOp>()))
    if (fn.isPublic() && !fn.isExternal())
      if (failed(symbols.rename(fn, name + "_" + fn.getSymName().str())))
        return fail("cannot rename @" + fn.getSymName().str());

  mlir::sinter::cpu::CpuOptions options;
  options.fuse = !noFusion;
  options.microkernels = !noMicrokernels;
  if (emit == Emit::Linalg) {
    PassManager pm(&context);
    pm.addPass(mlir::sinter::createSinterExternalizeState());
    pm.addPass(mlir::sinter::createSinterLowerToLinalg());
    if (failed(pm.run(*module)))
      return 1;
    std::string text;
    llvm::raw_string_ostream os(text);
    module->print(os);
    return writeText(text);
  }

  llvm::StringMap<mlir::sinter::cpu::EntryPoint> entries;
  auto lowered = mlir::sinter::cpu::lowerToLLVMDialect(*module, options,
                                                       entries,
                                                       /*cInterface=*/true);
  if (failed(lowered))
    return 1;
  if (emit == Emit::MlirLlvm) {
    std::string text;
    llvm::raw_string_ostream os(text);
    (*lowered)->print(os);
    return writeText(text);
  }

  // LLVM IR for this machine, optimised at O3.
  std::unique_ptr<llvm::TargetMachine> machine =
      mlir::sinter::cpu::createHostTargetMachine(error);
  if (!machine)
    return fail("no LLVM target for this host: " + error);
  std::string triple = machine->getTargetTriple().str();
  llvm::LLVMContext llvmContext;
  std::unique_ptr<llvm::Module> llvmModule =
      translateModuleToLLVMIR(**lowered, llvmContext, name);
  if (!llvmModule)
    return fail("translation to LLVM IR failed");
  llvmModule->setTargetTriple(llvm::Triple(triple));
  llvmModule->setDataLayout(machine->createDataLayout());
  if (llvm::Error e =
          makeOptimizingTransformer(3, 0, machine.get())(llvmModule.get()))
    return fail("LLVM optimisation failed: " + llvm::toString(std::move(e)));

  if (emit == Emit::Llvm) {
    std::string text;
    llvm::raw_string_ostream os(text);
    llvmModule->print(os, nullptr);
    return writeText(text);
  }

  // --emit=exe: object and header into a scratch directory, then a main()
  // and the system's C++ compiler.
  llvm::SmallString<128> scratch;
  std::string objectPath = outputFilename;
  if (emit == Emit::Exe) {
    if (std::error_code e =
            llvm::sys::fs::createUniqueDirectory("sinterc", scratch))
      return fail("cannot create a scratch directory: " + e.message());
    objectPath = (scratch + "/model.o").str();
    headerFilename = (scratch + "/model.h").str();
  }

  std::error_code ec;
  llvm::ToolOutputFile out(objectPath, ec, llvm::sys::fs::OF_None);
  if (ec)
    return fail("cannot write " + outputFilename + ": " + ec.message());
  llvm::legacy::PassManager codegen;
  if (machine->addPassesToEmitFile(codegen, out.os(), nullptr,
                                   emit == Emit::Asm
                                       ? llvm::CodeGenFileType::AssemblyFile
                                       : llvm::CodeGenFileType::ObjectFile))
    return fail("this target cannot emit that file type");
  codegen.run(*llvmModule);
  out.keep();

  if (!headerFilename.empty()) {
    auto header = openOutputFile(headerFilename, &error);
    if (!header)
      return fail(error);
    header->os() << ::sinter::tools::writeHeader(
        name, llvm::sys::path::filename(inputFilename).str(), entries, state);
    header->keep();
  }
  if (emit != Emit::Exe)
    return 0;

  std::string mainPath = (scratch + "/main.cpp").str();
  {
    auto mainFile = openOutputFile(mainPath, &error);
    if (!mainFile)
      return fail(error);
    mainFile->os() << ::sinter::tools::writeTrainerMain(
        name, "model.h", llvm::sys::path::filename(outputFilename).str(),
        entries);
    mainFile->keep();
  }
  std::string compiler = cxx;
  if (compiler.empty())
    if (const char *env = std::getenv("CXX"))
      compiler = env;
  if (compiler.empty())
    compiler = "c++";
  auto program = llvm::sys::findProgramByName(compiler);
  if (!program)
    return fail("no C++ compiler '" + compiler + "' for --emit=exe");
  std::vector<std::string> args = {*program, "-std=c++17", "-O2",
                                   "-I" + scratch.str().str(),
                                   "-I" + runtimeInclude, mainPath,
                                   objectPath, runtimeLibrary, "-lz",
                                   "-lpthread", "-lm", "-o", outputFilename};
  std::vector<llvm::StringRef> argRefs(args.begin(), args.end());
  std::string message;
  int rc = llvm::sys::ExecuteAndWait(*program, argRefs, std::nullopt, {}, 0, 0,
                                     &message);
  llvm::sys::fs::remove_directories(scratch);
  if (rc != 0)
    return fail("linking " + outputFilename + " with " + *program +
                " failed" + (message.empty() ? "" : ": " + message));
  return 0;
}
