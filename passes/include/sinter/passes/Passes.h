//===- Passes.h - Sinter passes -------------------------------*- C++ -*-===//
#ifndef SINTER_PASSES_PASSES_H
#define SINTER_PASSES_PASSES_H

#include "sinter/ir/SinterDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MLProgram/IR/MLProgram.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

#include <limits>
#include <memory>

namespace mlir::sinter {

#define GEN_PASS_DECL
#include "sinter/passes/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "sinter/passes/Passes.h.inc"

} // namespace mlir::sinter

#endif // SINTER_PASSES_PASSES_H
