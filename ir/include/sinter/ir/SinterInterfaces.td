//===- SinterInterfaces.td - sinter op interfaces ----------*- tablegen -*-===//
//
// The gradient rule of an op lives with the op, as Toy attaches shape
// inference: the autodiff pass asks each op for the gradients of its operands
// and never needs to know what the op is.
//
//===----------------------------------------------------------------------===//
#ifndef SINTER_INTERFACES
#define SINTER_INTERFACES

include "mlir/IR/OpBase.td"

def Sinter_DifferentiableOpInterface : OpInterface<"DifferentiableOpInterface"> {
  let description = [{
    An op whose operand gradients can be written with sinter ops, given the
    gradient of its (single) result: the vector-Jacobian product. Every sinter
    op implements it; ops with no gradient (comparisons, argmax, random
    numbers, constants) return null for every operand, and so do operands
    that are not differentiable (integer indices, seeds, conditions).
  }];
  let cppNamespace = "::mlir::sinter";
  let methods = [
    InterfaceMethod<[{
        Appends to `operandGradients` one value per operand: the gradient of
        the loss with respect to that operand, built at the builder's
        insertion point from `resultGradient` (same type as the result), or
        a null Value when the operand has no gradient. Fails, with a
        diagnostic on the op, when a gradient cannot be expressed (for
        example a reshape of a tensor with two dynamic dimensions).
      }],
      "::llvm::LogicalResult", "buildGradients",
      (ins "::mlir::OpBuilder &":$builder, "::mlir::Value":$resultGradient,
           "::llvm::SmallVectorImpl<::mlir::Value> &":$operandGradients)>
  ];
}

#endif // SINTER_INTERFACES
