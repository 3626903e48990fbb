//===- Lowering.h - sinter ops to linalg/tensor/arith/math ----*- C++ -*-===//
//
// The patterns of the sinter-lower-to-linalg pass, one file per op family,
// and the small helpers they share. Each pattern replaces one sinter op by
// upstream ops on tensors with the same result type.
//
//===----------------------------------------------------------------------===//
#ifndef SINTER_PASSES_LOWERING_H
#define SINTER_PASSES_LOWERING_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::sinter {

/// Elementwise ops (binary with broadcasting, comparisons, where, unary
/// math, pow, cast), softmax/log_softmax, reductions and argmax, constants
/// and full, the random ops and dropout (LowerElementwise.cpp).
void populateElementwiseLoweringPatterns(RewritePatternSet &patterns);

/// matmul, linear, transpose/permute, the shape ops, embedding, one_hot and
/// the losses (LowerStructured.cpp).
void populateStructuredLoweringPatterns(RewritePatternSet &patterns);

namespace lowering {

/// An empty tensor of `type` (`tensor.empty`). Each dynamic size is read
/// (tensor.dim) from the first of `likes` whose dimension aligned from the
/// right with it is dynamic too.
Value emptyTensor(OpBuilder &b, Location loc, RankedTensorType type,
                  ValueRange likes);

/// The affine map that reads an operand of `operandType` broadcast (from the
/// right, size-1 dimensions stretched) to `resultType`: (d0, .., dn) -> (...).
AffineMap broadcastMap(MLIRContext *context, RankedTensorType operandType,
                       RankedTensorType resultType);

/// A scalar constant of `type` (float or integer).
Value scalarConstant(OpBuilder &b, Location loc, Type type, double value);

} // namespace lowering
} // namespace mlir::sinter

#endif // SINTER_PASSES_LOWERING_H
