//===- CpuBackend.h - Compile sinter programs for this CPU ----*- C++ -*-===//
//
// The CPU backend: a module of sinter functions (a training program, or any
// module sinter-run is given) is lowered through linalg on tensors, MLIR's
// one-shot bufferization and the LLVM dialect, then compiled at O3 for the
// host CPU by LLVM's ORC JIT (mlir::ExecutionEngine). Named state
// (ml_program globals) is owned by the host and passed in and out of each
// entry point (sinter-externalize-state).
//
//===----------------------------------------------------------------------===//
#ifndef SINTER_CPU_CPUBACKEND_H
#define SINTER_CPU_CPUBACKEND_H

#include "sinter/runtime/Tensor.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/StringMap.h"

#include <map>
#include <optional>
#include <memory>
#include <string>
#include <vector>

namespace llvm {
class TargetMachine;
} // namespace llvm

namespace mlir {
class ExecutionEngine;
namespace linalg {
class GenericOp;
} // namespace linalg
namespace sinter {
struct ProgramState;
namespace cpu {

/// Dialects and external models (bufferization, LLVM translation) the CPU
/// pipeline needs; add to a context's registry before compiling.
void registerCpuBackendDialects(DialectRegistry &registry);

/// What the pipeline may do; each switch exists so that tests can compare
/// the program with and without it.
struct CpuOptions {
  /// Fuse elementwise producers into their consumers (linalg).
  bool fuse = true;
  /// Call the runtime's GEMM microkernels for matrix products.
  bool microkernels = true;
  /// Plan each entry's temporaries into one static arena.
  bool planMemory = true;
};

/// Appends the pipeline from sinter ops (after the training-program passes)
/// to the LLVM dialect: the two halves below.
void buildCpuPipeline(OpPassManager &pm, const CpuOptions &options = {});
/// Lowering, inlining, fusion, bufferization, deallocation, memory plan.
void buildCpuPipelineToMemrefs(OpPassManager &pm, const CpuOptions &options);
/// Microkernel calls, loops, and the LLVM dialect.
void buildCpuPipelineToLLVM(OpPassManager &pm, const CpuOptions &options);

/// After bufferization: 2-D matrix products become calls of
/// sinter_sgemm_parallel / sinter_dgemm_parallel (MicrokernelCalls.cpp).
/// Makes a ReLU, or the ReLU gradient's mask, that follows a matrix product
/// and is the last reader of its result work in place on the product's
/// buffer (on bufferized IR, before the memory plan), for
/// createMatmulToMicrokernelPass to fold into the GEMM call.
std::unique_ptr<Pass> createFuseMatmulEpiloguesPass();

/// An elementwise epilogue of a matrix product, as the runtime's
/// sinter_*gemm_epilogue_parallel apply it (SINTER_EPILOGUE_*).
struct MatmulEpilogue {
  enum Kind { Relu = 1, ReluMask = 2 } kind;
  /// The ReLU's output, for ReluMask.
  Value mask;
};
/// Whether `op` is such an epilogue of the product held in `product` (read
/// as an input, or in place as its output's value).
std::optional<MatmulEpilogue> matchMatmulEpilogue(linalg::GenericOp op,
                                                  Value product);
/// Fuses row reductions (softmax, log_softmax, cross-entropy, forward and
/// backward) with the ops that feed them and the op that reads them into one
/// loop over the rows.
std::unique_ptr<Pass> createFuseRowsPass();
/// Clones every tensor.empty and constant fill with several users once per
/// user, so that one-shot bufferization writes each user's buffer in place.
std::unique_ptr<Pass> createSplitSharedInitsPass();
/// Loads the 0-d memrefs a linalg.generic reads once, before the op, so
/// that the loops it becomes do not reload them per element.
std::unique_ptr<Pass> createHoistScalarOperandsPass();
std::unique_ptr<Pass> createMatmulToMicrokernelPass();

/// Elementwise producer-consumer fusion that never recomputes a broadcast
/// producer per element (FuseElementwise.cpp).
std::unique_ptr<Pass> createFuseElementwisePass();

/// After bufferization: returned state is copied into the state arguments'
/// buffers instead (StateInPlace.cpp).
std::unique_ptr<Pass> createStateInPlacePass();

/// After bufferization: each entry point's temporaries of known (or
/// batch-bounded) size get fixed offsets in one zero-initialised arena per
/// entry, checked for overlaps; `plan = false` only drops the batch bounds
/// (MemoryPlan.cpp).
std::unique_ptr<Pass> createPlanMemoryPass(bool plan = true);

/// The element type and shape of one argument or result; -1 marks a dynamic
/// dimension.
struct TensorSignature {
  ::sinter::DType dtype;
  std::vector<int64_t> shape;
};

/// One public function of the compiled module.
struct EntryPoint {
  std::vector<TensorSignature> arguments, results;
  /// `arguments` ends with one per global the entry reads or writes
  /// (`stateIn`, by name); those in `stateOut` it updates in place.
  /// `results` are the data results only.
  std::vector<std::string> stateIn, stateOut;
  /// The globals it reads before writing: these must be set before a call.
  std::vector<std::string> stateRead;
  /// Names of the data arguments and results (sinter.name or argN/resultN).
  std::vector<std::string> argumentNames, resultNames;
  /// The largest `sinter.batch_bound` of the data arguments (0: none).
  int64_t batchBound = 0;
  /// For each data argument holding indices (class targets, embedding rows,
  /// one_hot classes): the exclusive upper bound its elements must respect
  /// and what imposes it ("cross_entropy's classes"); limit 0: none.
  /// Compiled code cannot report errors, so callers check before a call.
  struct IndexBound {
    int64_t limit = 0;
    std::string what;
  };
  std::vector<IndexBound> indexBounds;
  /// The memory plan: the arena's bytes, and what the planned buffers would
  /// take allocated one by one.
  int64_t arenaBytes = 0, bufferBytes = 0;
};

/// Initializes LLVM's native target (once per process).
void initializeNativeTarget();

/// A target machine for this host's CPU and all its features (AVX-512 where
/// present), at -O3: what both the JIT and sinterc optimise and emit for.
/// Null, with `error` set, when LLVM has no target for the host triple.
std::unique_ptr<llvm::TargetMachine> createHostTargetMachine(
    std::string &error);

/// Lowers a copy of `module` to the LLVM dialect with the CPU pipeline and
/// records each public function's signature in `entries`. With
/// `cInterface`, entry points also get `_mlir_ciface_<name>` wrappers taking
/// memref descriptors by pointer (for AOT object files and their headers).
FailureOr<OwningOpRef<ModuleOp>>
lowerToLLVMDialect(ModuleOp module, const CpuOptions &options,
                   llvm::StringMap<EntryPoint> &entries, bool cInterface);

class CpuProgram {
public:
  ~CpuProgram();

  /// Compiles a copy of `module` (left unchanged). Errors are diagnostics
  /// on the module's context.
  static FailureOr<std::unique_ptr<CpuProgram>>
  compile(ModuleOp module, const CpuOptions &options = {});

  const llvm::StringMap<EntryPoint> &entryPoints() const { return entries; }

  /// Runs entry point `name` on `arguments`, with the named state in and
  /// out of `state` (read for every global the entry reads, replaced for
  /// every global it writes). Returns the results, or sets `error`.
  FailureOr<std::vector<::sinter::Tensor>>
  invoke(StringRef name, ArrayRef<::sinter::Tensor> arguments,
         std::map<std::string, ::sinter::Tensor> &state, std::string &error);

private:
  CpuProgram() = default;
  llvm::StringMap<EntryPoint> entries;
  std::unique_ptr<llvm::TargetMachine> machine;
  std::unique_ptr<ExecutionEngine> engine;
};

} // namespace cpu
} // namespace sinter
} // namespace mlir

#endif // SINTER_CPU_CPUBACKEND_H
