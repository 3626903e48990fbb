//===- CpuBackend.cpp - Compile sinter programs for this CPU --------------===//
//
// The pipeline is MLIR's standard road to LLVM after our own lowering:
//
//   sinter-externalize-state   state becomes arguments and results
//   sinter-lower-to-linalg     sinter ops -> linalg/tensor/arith/math
//   canonicalize, linalg elementwise fusion
//   one-shot-bufferize         tensors -> memrefs, across function calls
//   buffer deallocation        every temporary freed; results owned by caller
//   linalg -> loops -> cf -> LLVM dialect
//
// and the JIT compiles the LLVM dialect at O3 for the host (AVX-512 where
// the machine has it). Entry points are called through ExecutionEngine's
// packed interface: one pointer per scalar of each memref descriptor
// (allocated, aligned, offset, sizes..., strides...), then a pointer to the
// returned descriptors.
//
//===----------------------------------------------------------------------===//

#include "sinter/cpu/CpuBackend.h"

#include "sinter/interp/Interpreter.h"
#include "sinter/ir/HostTypes.h"
#include "sinter/ir/SinterDialect.h"
#include "sinter/ir/SinterOps.h"
#include "sinter/passes/Passes.h"
#include "sinter/runtime/Kernels.h"

#include "mlir/Conversion/AffineToStandard/AffineToStandard.h"
#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/BufferizationToMemRef/BufferizationToMemRef.h"
#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/FuncToLLVM/ConvertFuncToLLVMPass.h"
#include "mlir/Conversion/IndexToLLVM/IndexToLLVM.h"
#include "mlir/Conversion/MathToLLVM/MathToLLVM.h"
#include "mlir/Conversion/MathToLibm/MathToLibm.h"
#include "mlir/Conversion/MemRefToLLVM/MemRefToLLVM.h"
#include "mlir/Conversion/ReconcileUnrealizedCasts/ReconcileUnrealizedCasts.h"
#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/FuncBufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/Func/Extensions/InlinerExtension.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/Linalg/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Linalg/Transforms/TilingInterfaceImpl.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/MLProgram/IR/MLProgram.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/MC/TargetRegistry.h"

#include <cstdlib>
#include <cstring>
#include <mutex>
#include <set>

using namespace mlir;
using namespace mlir::sinter;
using namespace mlir::sinter::cpu;
using ::sinter::DType;
using ::sinter::Tensor;

CpuProgram::~CpuProgram() = default;

void cpu::registerCpuBackendDialects(DialectRegistry &registry) {
  registry.insert<SinterDialect, func::FuncDialect,
                  ml_program::MLProgramDialect, linalg::LinalgDialect,
                  tensor::TensorDialect, arith::ArithDialect,
                  math::MathDialect, scf::SCFDialect, affine::AffineDialect,
                  bufferization::BufferizationDialect, memref::MemRefDialect,
                  cf::ControlFlowDialect, LLVM::LLVMDialect>();
  arith::registerBufferizableOpInterfaceExternalModels(registry);
  linalg::registerBufferizableOpInterfaceExternalModels(registry);
  linalg::registerTilingInterfaceExternalModels(registry);
  tensor::registerBufferizableOpInterfaceExternalModels(registry);
  scf::registerBufferizableOpInterfaceExternalModels(registry);
  bufferization::func_ext::registerBufferizableOpInterfaceExternalModels(
      registry);
  func::registerInlinerExtension(registry);
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
}

void cpu::buildCpuPipelineToMemrefs(OpPassManager &pm,
                                    const CpuOptions &options) {
  pm.addPass(createSinterLowerToLinalg());
  // The model's functions (@forward_grad, ...) inline into the entry points,
  // so that fusion and bufferization see a whole step.
  pm.addPass(createInlinerPass());
  pm.addPass(createSymbolDCEPass());
  pm.addPass(createCanonicalizerPass());
  if (options.fuse)
    pm.addNestedPass<func::FuncOp>(createFuseElementwisePass());
  pm.addPass(createCSEPass());
  if (options.fuse) {
    pm.addNestedPass<func::FuncOp>(createFuseRowsPass());
    // A row kernel fuses a producer once per slice that reads it (the row
    // max, for the sum of exponentials and for the gradient): one remains.
    pm.addPass(createCSEPass());
  }
  pm.addNestedPass<func::FuncOp>(createSplitSharedInitsPass());
  bufferization::OneShotBufferizePassOptions bufferize;
  bufferize.bufferizeFunctionBoundaries = true;
  bufferize.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferize));
  bufferization::buildBufferDeallocationPipeline(pm);
  pm.addPass(createConvertBufferizationToMemRefPass());
  pm.addPass(createStateInPlacePass());
  if (options.fuse && options.microkernels)
    pm.addNestedPass<func::FuncOp>(createFuseMatmulEpiloguesPass());
  pm.addPass(createPlanMemoryPass(options.planMemory));
}

void cpu::buildCpuPipelineToLLVM(OpPassManager &pm,
                                 const CpuOptions &options) {
  if (options.microkernels)
    pm.addPass(createMatmulToMicrokernelPass());
  pm.addNestedPass<func::FuncOp>(createHoistScalarOperandsPass());
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToLoopsPass());
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  // Dynamic reshapes leave affine.apply behind.
  pm.addPass(createLowerAffinePass());
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createConvertMathToLibmPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertIndexToLLVMPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
}

void cpu::buildCpuPipeline(OpPassManager &pm, const CpuOptions &options) {
  buildCpuPipelineToMemrefs(pm, options);
  buildCpuPipelineToLLVM(pm, options);
}

namespace {

TensorSignature signatureOf(Type type) {
  auto tensor = cast<RankedTensorType>(type);
  TensorSignature s{*dtypeOf(tensor), {}};
  for (int64_t d : tensor.getShape())
    s.shape.push_back(ShapedType::isDynamic(d) ? -1 : d);
  return s;
}

std::string describe(const TensorSignature &s) {
  std::string text = std::string(::sinter::dtypeName(s.dtype)) + "[";
  for (size_t i = 0; i < s.shape.size(); ++i)
    text += (i ? ", " : "") +
            (s.shape[i] < 0 ? std::string("?") : std::to_string(s.shape[i]));
  return text + "]";
}

bool matches(const TensorSignature &s, const Tensor &t) {
  if (s.dtype != t.dtype() || int64_t(s.shape.size()) != t.rank())
    return false;
  for (size_t i = 0; i < s.shape.size(); ++i)
    if (s.shape[i] >= 0 && s.shape[i] != t.dim(i))
      return false;
  return true;
}

/// The words of a memref descriptor describing host tensor `t` (row-major,
/// no offset).
void appendDescriptor(const Tensor &t, std::vector<int64_t> &words) {
  auto *data = const_cast<std::byte *>(t.bytes());
  words.push_back(int64_t(reinterpret_cast<intptr_t>(data)));
  words.push_back(int64_t(reinterpret_cast<intptr_t>(data)));
  words.push_back(0);
  for (int64_t d : t.shape())
    words.push_back(d);
  int64_t stride = 1;
  std::vector<int64_t> strides(t.rank());
  for (int64_t d = t.rank() - 1; d >= 0; --d) {
    strides[d] = stride;
    stride *= t.dim(d);
  }
  words.insert(words.end(), strides.begin(), strides.end());
}

/// MLIR marks the allocated pointer of a memref.get_global with this value.
constexpr intptr_t kGlobalMarker = 0xdeadbeef;

} // namespace

void cpu::initializeNativeTarget() {
  static std::once_flag initialized;
  std::call_once(initialized, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
  });
}

std::unique_ptr<llvm::TargetMachine>
cpu::createHostTargetMachine(std::string &error) {
  initializeNativeTarget();
  std::string triple = llvm::sys::getDefaultTargetTriple();
  const llvm::Target *target =
      llvm::TargetRegistry::lookupTarget(llvm::Triple(triple), error);
  if (!target)
    return nullptr;
  std::vector<std::string> features;
  for (const auto &f : llvm::sys::getHostCPUFeatures())
    features.push_back((f.getValue() ? "+" : "-") + f.getKey().str());
  return std::unique_ptr<llvm::TargetMachine>(target->createTargetMachine(
      llvm::Triple(triple), llvm::sys::getHostCPUName(),
      llvm::join(features, ","), llvm::TargetOptions(), llvm::Reloc::PIC_,
      std::nullopt, llvm::CodeGenOptLevel::Aggressive));
}

/// The tightest bound the elements of `value` (an index tensor) must
/// respect, from the ops that use it as indices, followed through calls
/// into the functions the entry points call.
static EntryPoint::IndexBound indexBoundOf(Value value, SymbolTable &symbols,
                                           int depth = 0) {
  EntryPoint::IndexBound best;
  // The tightest bound wins; at a tie, the op the user wrote (a loss, an
  // embedding) names it rather than the one_hot of its gradient.
  auto consider = [&](int64_t limit, std::string what) {
    bool tieWithGradient = limit == best.limit &&
                           best.what.rfind("one_hot", 0) == 0 &&
                           what.rfind("one_hot", 0) != 0;
    if (limit > 0 && (best.limit == 0 || limit < best.limit || tieWithGradient))
      best = {limit, std::move(what)};
  };
  if (depth > 8)
    return best;
  // A loss's classes: the last dimension of [C] or [N, C] inputs.
  auto classesOf = [](Value input) -> int64_t {
    auto type = cast<RankedTensorType>(input.getType());
    return type.getRank() == 0 ? 0
                               : type.getDimSize(type.getRank() == 1 ? 0 : 1);
  };
  for (OpOperand &use : value.getUses()) {
    Operation *user = use.getOwner();
    if (auto ce = dyn_cast<CrossEntropyOp>(user)) {
      if (use.getOperandNumber() == 1)
        consider(classesOf(ce.getInput()), "cross_entropy's classes");
    } else if (auto nll = dyn_cast<NllLossOp>(user)) {
      if (use.getOperandNumber() == 1)
        consider(classesOf(nll.getInput()), "nll_loss's classes");
    } else if (auto embedding = dyn_cast<EmbeddingOp>(user)) {
      if (use.getOperandNumber() == 0)
        consider(cast<RankedTensorType>(embedding.getWeight().getType())
                     .getDimSize(0),
                 "the embedding's rows");
    } else if (auto oneHot = dyn_cast<OneHotOp>(user)) {
      consider(oneHot.getNumClasses(), "one_hot's classes");
    } else if (auto call = dyn_cast<func::CallOp>(user)) {
      auto callee = symbols.lookup<func::FuncOp>(call.getCallee());
      if (callee && !callee.isExternal()) {
        EntryPoint::IndexBound inner = indexBoundOf(
            callee.getArgument(use.getOperandNumber()), symbols, depth + 1);
        consider(inner.limit, inner.what);
      }
    }
  }
  return best;
}

FailureOr<OwningOpRef<ModuleOp>>
cpu::lowerToLLVMDialect(ModuleOp source, const CpuOptions &cpuOptions,
                        llvm::StringMap<EntryPoint> &entries,
                        bool cInterface) {
  MLIRContext *context = source.getContext();
  DialectRegistry registry;
  registerCpuBackendDialects(registry);
  context->appendDialectRegistry(registry);
  context->loadAllAvailableDialects();

  OwningOpRef<ModuleOp> module = source.clone();
  PassManager state(context);
  state.addPass(createSinterExternalizeState());
  if (failed(state.run(*module)))
    return failure();

  // The entry points' signatures before lowering, and read-only arguments:
  // compiled code never writes into the caller's tensors.
  SymbolTable symbols(*module);
  for (auto fn : module->getOps<func::FuncOp>()) {
    if (fn.isPrivate() || fn.isExternal())
      continue;
    EntryPoint entry;
    auto namesOf = [&](StringRef attr, std::vector<std::string> &out) {
      if (auto names = fn->getAttrOfType<ArrayAttr>(attr))
        for (Attribute n : names)
          out.push_back(cast<StringAttr>(n).str());
    };
    namesOf("sinter.state_in", entry.stateIn);
    namesOf("sinter.state_out", entry.stateOut);
    namesOf("sinter.state_read", entry.stateRead);
    for (unsigned i = 0; i < fn.getNumArguments(); ++i) {
      entry.arguments.push_back(signatureOf(fn.getArgument(i).getType()));
      if (i + entry.stateIn.size() < fn.getNumArguments()) {
        auto name = fn.getArgAttrOfType<StringAttr>(i, "sinter.name");
        if (!name)
          name = fn.getArgAttrOfType<StringAttr>(i, "sinter.param");
        entry.argumentNames.push_back(name ? name.str()
                                           : "arg" + std::to_string(i));
        if (auto bound =
                fn.getArgAttrOfType<IntegerAttr>(i, "sinter.batch_bound"))
          entry.batchBound = std::max(entry.batchBound, bound.getInt());
        entry.indexBounds.push_back(
            isa<IntegerType>(
                cast<ShapedType>(fn.getArgument(i).getType()).getElementType())
                ? indexBoundOf(fn.getArgument(i), symbols)
                : EntryPoint::IndexBound{});
      }
      fn.setArgAttr(i, "bufferization.writable",
                    BoolAttr::get(context, false));
    }
    for (unsigned i = 0; i < fn.getNumResults(); ++i) {
      // State results become in-place updates (sinter-state-in-place).
      if (i + entry.stateOut.size() >= fn.getNumResults())
        continue;
      entry.results.push_back(signatureOf(fn.getResultTypes()[i]));
      {
        auto name = fn.getResultAttrOfType<StringAttr>(i, "sinter.name");
        entry.resultNames.push_back(name ? name.str()
                                         : "result" + std::to_string(i));
      }
    }
    if (cInterface)
      fn->setAttr("llvm.emit_c_interface", UnitAttr::get(context));
    entries[fn.getSymName()] = std::move(entry);
  }

  // sinter.* argument and result attributes have served; LLVM's translation
  // would warn about each.
  // (sinter.batch_bound stays: the memory planner reads it, then drops it.)
  auto isSinter = [](NamedAttribute a) {
    return a.getName().getValue().starts_with("sinter.") &&
           a.getName().getValue() != "sinter.batch_bound";
  };
  auto kept = [&](DictionaryAttr dict) {
    SmallVector<NamedAttribute> keep;
    if (dict)
      for (NamedAttribute a : dict)
        if (!isSinter(a))
          keep.push_back(a);
    return keep;
  };
  for (auto fn : module->getOps<func::FuncOp>()) {
    for (unsigned i = 0; i < fn.getNumArguments(); ++i)
      fn.setArgAttrs(i, kept(fn.getArgAttrDict(i)));
    for (unsigned i = 0; i < fn.getNumResults(); ++i)
      fn.setResultAttrs(i, kept(fn.getResultAttrDict(i)));
  }

  PassManager toMemrefs(context);
  buildCpuPipelineToMemrefs(toMemrefs, cpuOptions);
  if (failed(toMemrefs.run(*module)))
    return failure();
  // The memory plan, for the report.
  for (auto fn : module->getOps<func::FuncOp>()) {
    auto it = entries.find(fn.getSymName());
    auto arena = fn->getAttrOfType<IntegerAttr>("sinter.arena_bytes");
    auto total = fn->getAttrOfType<IntegerAttr>("sinter.buffer_bytes");
    if (it != entries.end() && arena && total) {
      it->second.arenaBytes = arena.getInt();
      it->second.bufferBytes = total.getInt();
    }
    fn->removeAttr("sinter.arena_bytes");
    fn->removeAttr("sinter.buffer_bytes");
  }
  PassManager toLLVM(context);
  buildCpuPipelineToLLVM(toLLVM, cpuOptions);
  if (failed(toLLVM.run(*module)))
    return failure();
  // In an object file only the entry points (and their C wrappers) are
  // visible; the model's helpers stay internal, so two models link
  // together.
  if (cInterface)
    for (auto fn : module->getOps<LLVM::LLVMFuncOp>()) {
      if (fn.isExternal())
        continue;
      StringRef name = fn.getSymName();
      bool entry = entries.count(name) ||
                   (name.starts_with("_mlir_ciface_") &&
                    entries.count(name.drop_front(strlen("_mlir_ciface_"))));
      if (!entry)
        fn.setLinkage(LLVM::Linkage::Internal);
    }
  return module;
}

FailureOr<std::unique_ptr<CpuProgram>>
CpuProgram::compile(ModuleOp source, const CpuOptions &cpuOptions) {
  initializeNativeTarget();
  std::unique_ptr<CpuProgram> program(new CpuProgram());
  auto lowered = lowerToLLVMDialect(source, cpuOptions, program->entries,
                                    /*cInterface=*/false);
  if (failed(lowered))
    return failure();
  OwningOpRef<ModuleOp> module = std::move(*lowered);

  // LLVM's IR optimisations (the loop vectoriser above all) need the
  // host's target machine to know its vector width; without one they
  // optimised for a generic x86-64 and the JIT's loops ran slower than
  // sinterc's.
  std::string targetError;
  program->machine = createHostTargetMachine(targetError);
  if (!program->machine)
    return source.emitError() << "no LLVM target for this host: "
                              << targetError;
  // ExecutionEngineOptions::transformer is a function_ref: the function
  // must outlive create(). (Assigned a temporary, it dangled, and the JIT's
  // code was never optimised: no loop was vectorised, Adam's update ran
  // scalar, 700 us of a 2.2 ms step.)
  std::function<llvm::Error(llvm::Module *)> optimize =
      makeOptimizingTransformer(/*optLevel=*/3, /*sizeLevel=*/0,
                                program->machine.get());
  ExecutionEngineOptions options;
  options.transformer = optimize;
  options.jitCodeGenOptLevel = llvm::CodeGenOptLevel::Aggressive;
  // SINTER_JIT_OBJECT=FILE writes the JIT's object code there, for objdump
  // and perf (a debugging aid; the lowering tests use it to check that the
  // code is optimised).
  const char *objectPath = std::getenv("SINTER_JIT_OBJECT");
  options.enableObjectDump = objectPath && *objectPath;
  auto engine = ExecutionEngine::create(*module, options);

  if (!engine) {
    std::string message = llvm::toString(engine.takeError());
    return module->emitError() << "JIT compilation failed: " << message;
  }
  program->engine = std::move(*engine);
  // The runtime's microkernels, linked into this process.
  program->engine->registerSymbols([](llvm::orc::MangleAndInterner interner) {
    llvm::orc::SymbolMap symbols;
    auto add = [&](const char *name, void *address) {
      symbols[interner(name)] = {llvm::orc::ExecutorAddr::fromPtr(address),
                                 llvm::JITSymbolFlags::Exported};
    };
    add("sinter_sgemm", reinterpret_cast<void *>(&sinter_sgemm));
    add("sinter_dgemm", reinterpret_cast<void *>(&sinter_dgemm));
    add("sinter_sgemm_parallel",
        reinterpret_cast<void *>(&sinter_sgemm_parallel));
    add("sinter_dgemm_parallel",
        reinterpret_cast<void *>(&sinter_dgemm_parallel));
    add("sinter_sgemm_epilogue_parallel",
        reinterpret_cast<void *>(&sinter_sgemm_epilogue_parallel));
    add("sinter_dgemm_epilogue_parallel",
        reinterpret_cast<void *>(&sinter_dgemm_epilogue_parallel));
    add("memrefCopy", reinterpret_cast<void *>(&memrefCopy));
    return symbols;
  });
  // The JIT compiles on first lookup: look every entry point up now, so that
  // compile() pays for code generation and reports its errors.
  for (const auto &entry : program->entries) {
    auto fn = program->engine->lookupPacked(entry.getKey());
    if (!fn) {
      std::string message = llvm::toString(fn.takeError());
      return source.emitError() << "JIT compilation of @" << entry.getKey()
                                << " failed: " << message;
    }
  }
  if (options.enableObjectDump)
    program->engine->dumpToObjectFile(objectPath);
  return program;
}

FailureOr<std::vector<Tensor>>
CpuProgram::invoke(StringRef name, ArrayRef<Tensor> arguments,
                   std::map<std::string, Tensor> &state, std::string &error) {
  auto it = entries.find(name);
  if (it == entries.end()) {
    error = "the program has no entry point '" + name.str() + "'";
    return failure();
  }
  const EntryPoint &entry = it->second;
  size_t dataCount = entry.arguments.size() - entry.stateIn.size();
  if (arguments.size() != dataCount) {
    error = "'" + name.str() + "' takes " + std::to_string(dataCount) +
            " arguments, got " + std::to_string(arguments.size());
    return failure();
  }

  // Arguments: the data, then the state.
  std::vector<const Tensor *> all;
  for (const Tensor &t : arguments)
    all.push_back(&t);
  for (auto [k, s] : llvm::enumerate(entry.stateIn)) {
    auto st = state.find(s);
    if (st == state.end()) {
      // State the entry only writes gets a buffer to be written into.
      if (llvm::is_contained(entry.stateRead, s)) {
        error = "state '" + s +
                "' is read before it is set (run init, or load a checkpoint)";
        return failure();
      }
      const TensorSignature &sig = entry.arguments[dataCount + k];
      st = state.emplace(s, Tensor(sig.dtype, sig.shape)).first;
    }
    all.push_back(&st->second);
  }
  std::vector<std::vector<int64_t>> descriptors(all.size());
  std::vector<void *> packed;
  std::set<intptr_t> inputPointers;
  for (size_t i = 0; i < all.size(); ++i) {
    const TensorSignature &sig = entry.arguments[i];
    if (!matches(sig, *all[i])) {
      std::string what = i < dataCount ? "argument '" +
                                             entry.argumentNames[i] + "'"
                                       : "state '" +
                                             entry.stateIn[i - dataCount] +
                                             "'";
      error = what + " must be " + describe(sig) + ", got " +
              all[i]->typeString();
      return failure();
    }
    // The memory plan sized buffers for the batch bound: a larger batch
    // would overrun them.
    if (i < dataCount && entry.batchBound > 0)
      for (size_t d = 0; d < sig.shape.size(); ++d)
        if (sig.shape[d] < 0 && all[i]->dim(d) > entry.batchBound) {
          error = "argument '" + entry.argumentNames[i] + "' has a batch of " +
                  std::to_string(all[i]->dim(d)) +
                  ", larger than the program's bound of " +
                  std::to_string(entry.batchBound);
          return failure();
        }
    if (i < dataCount && entry.indexBounds[i].limit > 0) {
      const EntryPoint::IndexBound &bound = entry.indexBounds[i];
      for (int64_t j = 0; j < all[i]->numElements(); ++j) {
        int64_t index = all[i]->dtype() == ::sinter::DType::I64
                            ? all[i]->data<int64_t>()[j]
                            : all[i]->dtype() == ::sinter::DType::I32
                                  ? all[i]->data<int32_t>()[j]
                                  : 0;
        if (index < 0 || index >= bound.limit) {
          error = "argument '" + entry.argumentNames[i] + "' holds " +
                  std::to_string(index) + " at element " + std::to_string(j) +
                  ", outside [0, " + std::to_string(bound.limit) + ") (" +
                  bound.what + ")";
          return failure();
        }
      }
    }
    appendDescriptor(*all[i], descriptors[i]);
    inputPointers.insert(intptr_t(descriptors[i][0]));
  }
  for (std::vector<int64_t> &d : descriptors)
    for (int64_t &word : d)
      packed.push_back(&word);
  size_t resultWords = 0;
  for (const TensorSignature &r : entry.results)
    resultWords += 3 + 2 * r.shape.size();
  std::vector<int64_t> returned(resultWords, 0);
  if (!entry.results.empty())
    packed.push_back(returned.data());

  if (llvm::Error e = engine->invokePacked(name, packed)) {
    error = llvm::toString(std::move(e));
    return failure();
  }

  // Copy each result out of its descriptor, then free what the compiled code
  // allocated (results are owned by the caller).
  std::vector<Tensor> results;
  std::set<intptr_t> toFree;
  size_t at = 0;
  for (const TensorSignature &r : entry.results) {
    int64_t rank = r.shape.size();
    auto allocated = intptr_t(returned[at]);
    auto *aligned = reinterpret_cast<std::byte *>(intptr_t(returned[at + 1]));
    int64_t offset = returned[at + 2];
    std::vector<int64_t> sizes(returned.begin() + at + 3,
                               returned.begin() + at + 3 + rank);
    std::vector<int64_t> strides(returned.begin() + at + 3 + rank,
                                 returned.begin() + at + 3 + 2 * rank);
    at += 3 + 2 * rank;
    Tensor out(r.dtype, sizes);
    size_t size = ::sinter::dtypeSize(r.dtype);
    bool contiguous = true;
    for (int64_t d = rank - 1, expected = 1; d >= 0; --d) {
      contiguous &= sizes[d] == 1 || strides[d] == expected;
      expected *= sizes[d];
    }
    if (contiguous) {
      if (out.byteSize())
        std::memcpy(out.bytes(), aligned + offset * size, out.byteSize());
    }
    // Otherwise a strided copy, element by element in row-major order.
    std::vector<int64_t> index(rank, 0);
    for (int64_t i = 0; !contiguous && i < out.numElements(); ++i) {
      int64_t source = offset;
      for (int64_t d = 0; d < rank; ++d)
        source += index[d] * strides[d];
      std::memcpy(out.bytes() + i * size, aligned + source * size, size);
      for (int64_t d = rank - 1; d >= 0; --d) {
        if (++index[d] < sizes[d])
          break;
        index[d] = 0;
      }
    }
    // Freed only once every result is copied: two results may share a
    // buffer.
    if (allocated && allocated != kGlobalMarker &&
        !inputPointers.count(allocated))
      toFree.insert(allocated);
    results.push_back(std::move(out));
  }
  for (intptr_t allocated : toFree)
    std::free(reinterpret_cast<void *>(allocated));

  // The state was updated in place.
  return results;
}
