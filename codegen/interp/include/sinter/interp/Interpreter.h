//===- Interpreter.h - The reference interpreter --------------*- C++ -*-===//
//
// Evaluates functions of the sinter dialect on host tensors, one op at a
// time, in the element type the IR gives (f32 or f64). It is written for
// clarity, not speed: it is the oracle every compiled kernel, fusion and
// memory plan is tested against, and the evaluator of finite-difference
// gradient checks.
//
//===----------------------------------------------------------------------===//
#ifndef SINTER_INTERP_INTERPRETER_H
#define SINTER_INTERP_INTERPRETER_H

#include "sinter/runtime/Tensor.h"

#include "mlir/Support/LLVM.h"
#include "llvm/Support/LogicalResult.h"

#include <vector>

namespace mlir {
namespace func {
class FuncOp;
} // namespace func

namespace sinter {

/// Runs `func` on `arguments` (one host tensor per function argument, in
/// order) and returns its results in order.
///
/// Argument tensors are checked against the argument types: element type,
/// rank and every static dimension; a dynamic dimension takes the size of the
/// tensor given. An error -- a wrong argument, a dynamic size that breaks a
/// shape rule at run time, an index out of range, an op the interpreter does
/// not know -- is emitted as a diagnostic at the location of the offending
/// op (or of the function, for arguments) through the context's diagnostic
/// engine, and the result is failure(). Nothing aborts.
///
/// `func.call` to other functions of the enclosing module is followed.
FailureOr<std::vector<::sinter::Tensor>>
interpret(func::FuncOp func, ArrayRef<::sinter::Tensor> arguments);

} // namespace sinter
} // namespace mlir

#endif // SINTER_INTERP_INTERPRETER_H
