//===- ProgramImpl.h - The MLIR module behind a Program -------*- C++ -*-===//
//
// For compiler code (passes, the JIT, tests) that works on the recorded
// module: includes MLIR headers, so the public DSL headers do not include it.
//
//   auto program = sinter::nn::trace(...);
//   mlir::ModuleOp module = program->impl().module.get();
//
//===----------------------------------------------------------------------===//
#ifndef SINTER_NN_DETAIL_PROGRAMIMPL_H
#define SINTER_NN_DETAIL_PROGRAMIMPL_H

#include "sinter/nn/Trace.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"

#include <memory>
#include <vector>

namespace sinter {
namespace nn {
namespace detail {

struct ProgramImpl {
  /// Owns everything in `module`; the sinter and func dialects are loaded.
  std::unique_ptr<mlir::MLIRContext> context;
  /// @forward, @eval, @predict, @initializer (those recorded).
  mlir::OwningOpRef<mlir::ModuleOp> module;
  std::vector<ParameterInfo> parameters;
};

/// The recorded module of `program` (owned by it).
inline mlir::ModuleOp moduleOf(const Program &program) {
  return program.impl().module.get();
}
inline mlir::MLIRContext *contextOf(const Program &program) {
  return program.impl().context.get();
}

} // namespace detail
} // namespace nn
} // namespace sinter

#endif // SINTER_NN_DETAIL_PROGRAMIMPL_H
