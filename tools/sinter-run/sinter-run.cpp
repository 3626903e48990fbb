//===- sinter-run.cpp - Run a sinter function on tensors from files -------===//
//
//   sinter-run FILE.mlir --entry NAME --inputs IN.safetensors
//              --outputs OUT.safetensors [--backend interp] [--print]
//
// Binds the entry function's arguments by name -- the argument attribute
// `sinter.name`, or arg0, arg1, ... -- to the tensors of the input file, runs
// the function, and writes each result under its `sinter.name` result
// attribute, or result0, result1, ...
//
//===----------------------------------------------------------------------===//
#include "sinter/interp/Interpreter.h"
#include "sinter/ir/SinterDialect.h"
#include "sinter/runtime/Safetensors.h"
#include "sinter/runtime/TensorPrinter.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MLProgram/IR/MLProgram.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
namespace cl = llvm::cl;

namespace {
enum class Backend { Interp };

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
                          "the reference interpreter")),
    cl::cat(runCategory));
cl::opt<bool> printResults("print",
                           cl::desc("Print each result as PyTorch does"),
                           cl::cat(runCategory));

/// The name a function argument or result is bound by.
std::string bindingName(DictionaryAttr attrs, StringRef fallbackPrefix,
                        unsigned index) {
  if (attrs)
    if (auto name = attrs.getAs<StringAttr>("sinter.name"))
      return name.str();
  return (fallbackPrefix + Twine(index)).str();
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

  std::vector<::sinter::Tensor> arguments;
  for (unsigned i = 0, e = entry.getNumArguments(); i < e; ++i) {
    std::string name = bindingName(entry.getArgAttrDict(i), "arg", i);
    const ::sinter::Tensor *tensor = inputs.find(name);
    if (!tensor)
      return fail("input '" + name + "' of '" + entryName + "' is missing" +
                  (inputsFilename.empty()
                       ? std::string(" (no --inputs file given)")
                       : " from " + inputsFilename + " (it holds " +
                             listNames(inputs) + ")"));
    arguments.push_back(*tensor);
  }

  FailureOr<std::vector<::sinter::Tensor>> results =
      mlir::sinter::interpret(entry, arguments);
  if (failed(results))
    return 1;

  ::sinter::SafetensorsFile outputs;
  for (auto [i, tensor] : llvm::enumerate(*results)) {
    std::string name = bindingName(entry.getResultAttrDict(i), "result", i);
    if (printResults)
      llvm::outs() << name << " = " << ::sinter::formatTensor(tensor) << "\n";
    outputs.tensors.push_back({name, std::move(tensor)});
  }
  if (!outputsFilename.empty() &&
      !::sinter::writeSafetensors(outputsFilename, outputs, errorMessage))
    return fail(errorMessage);
  return 0;
}
