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

#include <map>
#include <string>

namespace mlir {
class ModuleOp;
namespace func {
class FuncOp;
} // namespace func

namespace sinter {

/// The named state of a training program: the current value of each
/// `ml_program.global`, by symbol name (`fc1.weight`,
/// `optimizer.fc1.weight.exp_avg`, `optimizer.lr`). It outlives single
/// calls, so that `init` then `train_step` after `train_step` see the updates
/// of the previous call.
struct ProgramState {
  std::map<std::string, ::sinter::Tensor> globals;
};

/// Sets every global of `module` that has an initial value (and has no value
/// in `state` yet) to that value.
LogicalResult initializeGlobals(ModuleOp module, ProgramState &state);

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
/// `ml_program.global_load` reads `state` (falling back on the global's
/// initial value) and `ml_program.global_store` writes it; without a state,
/// a function that touches globals fails with a diagnostic.
FailureOr<std::vector<::sinter::Tensor>>
interpret(func::FuncOp func, ArrayRef<::sinter::Tensor> arguments,
          ProgramState *state = nullptr);

} // namespace sinter
} // namespace mlir

#endif // SINTER_INTERP_INTERPRETER_H
