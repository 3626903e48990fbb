//===- Passes.h - Sinter passes -------------------------------*- C++ -*-===//
#ifndef SINTER_PASSES_PASSES_H
#define SINTER_PASSES_PASSES_H

#include "sinter/ir/SinterDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
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
