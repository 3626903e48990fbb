//===- Autodiff.h - Reverse-mode differentiation --------------*- C++ -*-===//
#ifndef SINTER_PASSES_AUTODIFF_H
#define SINTER_PASSES_AUTODIFF_H

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <string>

namespace mlir::sinter {

/// Adds `@<forward>_grad` beside `forward` in its module (see the
/// sinter-autodiff pass for the contract) and returns it. Errors are
/// diagnostics on the offending op.
FailureOr<func::FuncOp> differentiate(func::FuncOp forward,
                                      ArrayRef<std::string> wrtInputs = {});

} // namespace mlir::sinter

#endif // SINTER_PASSES_AUTODIFF_H
