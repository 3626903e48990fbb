//===- ShapeRules.h - The shape rules of sinter ops -----------*- C++ -*-===//
//
// One function per shape rule. Result-type inference calls them with static
// shapes (a dynamic dimension is ShapedType::kDynamic); the reference
// interpreter calls the same functions with the actual shapes of its operands,
// so a dynamic batch that breaks a rule at run time is reported with the same
// words as a static one at compile time.
//
// On failure each function returns failure() and sets `error` to the rule
// broken, phrased for a user ("contracting dimensions differ: 784 vs 512").
//
//===----------------------------------------------------------------------===//
#ifndef SINTER_IR_SHAPERULES_H
#define SINTER_IR_SHAPERULES_H

#include "mlir/Support/LLVM.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/LogicalResult.h"

#include <optional>
#include <string>

namespace mlir::sinter::shape {

using Shape = llvm::SmallVector<int64_t, 4>;

/// "[?, 784]"
std::string format(ArrayRef<int64_t> shape);

/// `dim` counted from the end when negative; must lie in [-rank, rank).
FailureOr<int64_t> normalizeDim(int64_t dim, int64_t rank, std::string &error);
/// Each entry normalised, sorted, no duplicates; empty `dims` means all.
FailureOr<Shape> normalizeDims(ArrayRef<int64_t> dims, int64_t rank,
                               std::string &error);

FailureOr<Shape> broadcast(ArrayRef<int64_t> lhs, ArrayRef<int64_t> rhs,
                           std::string &error);
FailureOr<Shape> matmul(ArrayRef<int64_t> lhs, ArrayRef<int64_t> rhs,
                        std::string &error);
FailureOr<Shape> linear(ArrayRef<int64_t> input, ArrayRef<int64_t> weight,
                        std::optional<ArrayRef<int64_t>> bias,
                        std::string &error);
FailureOr<Shape> transpose(ArrayRef<int64_t> input, int64_t dim0, int64_t dim1,
                           std::string &error);
FailureOr<Shape> permute(ArrayRef<int64_t> input, ArrayRef<int64_t> dims,
                         std::string &error);
FailureOr<Shape> reshape(ArrayRef<int64_t> input, ArrayRef<int64_t> target,
                         std::string &error);
FailureOr<Shape> broadcastTo(ArrayRef<int64_t> input, ArrayRef<int64_t> target,
                             std::string &error);
FailureOr<Shape> squeeze(ArrayRef<int64_t> input, ArrayRef<int64_t> dims,
                         std::string &error);
FailureOr<Shape> unsqueeze(ArrayRef<int64_t> input, int64_t dim,
                           std::string &error);
FailureOr<Shape> concat(ArrayRef<Shape> inputs, int64_t dim,
                        std::string &error);

/// The normalised bounds of a slice along one (static) dimension.
struct SliceBounds {
  int64_t start, size, step;
};
FailureOr<SliceBounds> sliceBounds(int64_t dimSize, int64_t start, int64_t end,
                                   int64_t step, std::string &error);
FailureOr<Shape> slice(ArrayRef<int64_t> input, int64_t dim, int64_t start,
                       int64_t end, int64_t step, std::string &error);
FailureOr<Shape> flatten(ArrayRef<int64_t> input, int64_t startDim,
                         int64_t endDim, std::string &error);
FailureOr<Shape> reduce(ArrayRef<int64_t> input, ArrayRef<int64_t> dims,
                        bool keepdim, std::string &error);
FailureOr<Shape> argmax(ArrayRef<int64_t> input, std::optional<int64_t> dim,
                        bool keepdim, std::string &error);
FailureOr<Shape> embedding(ArrayRef<int64_t> indices, ArrayRef<int64_t> weight,
                           std::string &error);
FailureOr<Shape> oneHot(ArrayRef<int64_t> indices, int64_t numClasses,
                        std::string &error);
/// embedding_dense_backward: grad [..., dim] over indices [...] ->
/// [numWeights, dim].
FailureOr<Shape> embeddingDenseBackward(ArrayRef<int64_t> grad,
                                        ArrayRef<int64_t> indices,
                                        int64_t numWeights,
                                        std::string &error);
/// mse_loss, binary_cross_entropy(_with_logits): `reduced` is true for the
/// `mean` and `sum` reductions.
FailureOr<Shape> elementwiseLoss(ArrayRef<int64_t> input,
                                 ArrayRef<int64_t> target, bool reduced,
                                 std::string &error);
/// cross_entropy, nll_loss with class-index targets.
FailureOr<Shape> classLoss(ArrayRef<int64_t> input, ArrayRef<int64_t> target,
                           bool reduced, std::string &error);
/// A static shape for constants and random ops: no negative entries.
LogicalResult staticShape(ArrayRef<int64_t> shape, std::string &error);

} // namespace mlir::sinter::shape

#endif // SINTER_IR_SHAPERULES_H
