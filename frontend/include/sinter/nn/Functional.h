//===- Functional.h - torch.nn.functional for the DSL ---------*- C++ -*-===//
//
// One function per op of the sinter dialect, named and parameterised as
// PyTorch's functional API (`sinter::nn::functional`, alias `F`). Every
// function records its op at the caller's line (the trailing SourceLoc) and
// returns an undefined tensor after an error (recorded once: see Tensor.h).
//
//===----------------------------------------------------------------------===//
#ifndef SINTER_NN_FUNCTIONAL_H
#define SINTER_NN_FUNCTIONAL_H

#include "sinter/nn/Tensor.h"

#include <limits>
#include <vector>

namespace sinter {
namespace nn {
namespace functional {

// --- Elementwise ----------------------------------------------------------
Tensor add(const Tensor &a, const Tensor &b, SourceLoc loc = SourceLoc::current());
Tensor sub(const Tensor &a, const Tensor &b, SourceLoc loc = SourceLoc::current());
Tensor mul(const Tensor &a, const Tensor &b, SourceLoc loc = SourceLoc::current());
Tensor div(const Tensor &a, const Tensor &b, SourceLoc loc = SourceLoc::current());
Tensor maximum(const Tensor &a, const Tensor &b, SourceLoc loc = SourceLoc::current());
Tensor minimum(const Tensor &a, const Tensor &b, SourceLoc loc = SourceLoc::current());
Tensor gt(const Tensor &a, const Tensor &b, SourceLoc loc = SourceLoc::current());
Tensor ge(const Tensor &a, const Tensor &b, SourceLoc loc = SourceLoc::current());
Tensor lt(const Tensor &a, const Tensor &b, SourceLoc loc = SourceLoc::current());
Tensor le(const Tensor &a, const Tensor &b, SourceLoc loc = SourceLoc::current());
Tensor eq(const Tensor &a, const Tensor &b, SourceLoc loc = SourceLoc::current());
/// condition ? self : other, as torch.where.
Tensor where(const Tensor &condition, const Tensor &self, const Tensor &other,
             SourceLoc loc = SourceLoc::current());

Tensor neg(const Tensor &x, SourceLoc loc = SourceLoc::current());
Tensor relu(const Tensor &x, SourceLoc loc = SourceLoc::current());
Tensor sigmoid(const Tensor &x, SourceLoc loc = SourceLoc::current());
Tensor tanh(const Tensor &x, SourceLoc loc = SourceLoc::current());
Tensor exp(const Tensor &x, SourceLoc loc = SourceLoc::current());
Tensor log(const Tensor &x, SourceLoc loc = SourceLoc::current());
Tensor sqrt(const Tensor &x, SourceLoc loc = SourceLoc::current());
Tensor rsqrt(const Tensor &x, SourceLoc loc = SourceLoc::current());
Tensor pow(const Tensor &x, double exponent, SourceLoc loc = SourceLoc::current());
/// Tensor.to(dtype).
Tensor cast(const Tensor &x, DType dtype, SourceLoc loc = SourceLoc::current());
Tensor to(const Tensor &x, DType dtype, SourceLoc loc = SourceLoc::current());

// --- Softmax ----------------------------------------------------------------
Tensor softmax(const Tensor &x, int64_t dim, SourceLoc loc = SourceLoc::current());
Tensor log_softmax(const Tensor &x, int64_t dim, SourceLoc loc = SourceLoc::current());

// --- Linear algebra -----------------------------------------------------------
Tensor matmul(const Tensor &a, const Tensor &b, SourceLoc loc = SourceLoc::current());
/// x·weightᵀ + bias, weight [out_features, in_features]; an undefined bias
/// means none.
Tensor linear(const Tensor &x, const Tensor &weight,
              const Tensor &bias = Tensor(), SourceLoc loc = SourceLoc::current());

// --- Shapes -------------------------------------------------------------------
Tensor transpose(const Tensor &x, int64_t dim0, int64_t dim1,
                 SourceLoc loc = SourceLoc::current());
Tensor permute(const Tensor &x, IntList dims, SourceLoc loc = SourceLoc::current());
/// One entry may be -1 (inferred).
Tensor reshape(const Tensor &x, IntList shape, SourceLoc loc = SourceLoc::current());
Tensor broadcast_to(const Tensor &x, IntList shape, SourceLoc loc = SourceLoc::current());
/// Drops the listed dimensions of size 1 (all of them when `dims` is empty).
Tensor squeeze(const Tensor &x, IntList dims = {}, SourceLoc loc = SourceLoc::current());
Tensor unsqueeze(const Tensor &x, int64_t dim, SourceLoc loc = SourceLoc::current());
/// torch.cat.
Tensor cat(const std::vector<Tensor> &tensors, int64_t dim = 0,
           SourceLoc loc = SourceLoc::current());
/// x[..., start:end:step] along `dim`.
Tensor slice(const Tensor &x, int64_t dim, int64_t start = 0,
             int64_t end = std::numeric_limits<int64_t>::max(), int64_t step = 1,
             SourceLoc loc = SourceLoc::current());
Tensor flatten(const Tensor &x, int64_t start_dim = 0, int64_t end_dim = -1,
               SourceLoc loc = SourceLoc::current());

// --- Reductions (all dimensions when `dims` is empty) ------------------------
Tensor sum(const Tensor &x, IntList dims = {}, bool keepdim = false,
           SourceLoc loc = SourceLoc::current());
Tensor mean(const Tensor &x, IntList dims = {}, bool keepdim = false,
            SourceLoc loc = SourceLoc::current());
Tensor amax(const Tensor &x, IntList dims = {}, bool keepdim = false,
            SourceLoc loc = SourceLoc::current());
Tensor amin(const Tensor &x, IntList dims = {}, bool keepdim = false,
            SourceLoc loc = SourceLoc::current());
/// Index of the maximum along `dim` (i64).
Tensor argmax(const Tensor &x, int64_t dim, bool keepdim = false,
              SourceLoc loc = SourceLoc::current());
/// Index of the maximum of the flattened input (a 0-d i64).
Tensor argmax(const Tensor &x, SourceLoc loc = SourceLoc::current());

// --- nn -------------------------------------------------------------------------
Tensor embedding(const Tensor &indices, const Tensor &weight,
                 SourceLoc loc = SourceLoc::current());
/// F.dropout: with `training` false (or p == 0 recorded as given) the mask is
/// drawn from the function's dropout seed (`sinter.rng` argument).
Tensor dropout(const Tensor &x, double p = 0.5, bool training = true,
               SourceLoc loc = SourceLoc::current());
Tensor one_hot(const Tensor &indices, int64_t num_classes,
               SourceLoc loc = SourceLoc::current());

// --- Losses -----------------------------------------------------------------------
Tensor mse_loss(const Tensor &input, const Tensor &target,
                Reduction reduction = Reduction::Mean,
                SourceLoc loc = SourceLoc::current());
/// `target` holds class indices (i64 or i32).
Tensor cross_entropy(const Tensor &input, const Tensor &target,
                     Reduction reduction = Reduction::Mean,
                     SourceLoc loc = SourceLoc::current());
Tensor nll_loss(const Tensor &input, const Tensor &target,
                Reduction reduction = Reduction::Mean,
                SourceLoc loc = SourceLoc::current());
Tensor binary_cross_entropy(const Tensor &input, const Tensor &target,
                            Reduction reduction = Reduction::Mean,
                            SourceLoc loc = SourceLoc::current());
Tensor binary_cross_entropy_with_logits(const Tensor &input,
                                        const Tensor &target,
                                        Reduction reduction = Reduction::Mean,
                                        SourceLoc loc = SourceLoc::current());

// --- Constants ----------------------------------------------------------------------
/// torch.full(shape, value, dtype).
Tensor full(IntList shape, double value, DType dtype = DType::F32,
            SourceLoc loc = SourceLoc::current());
Tensor zeros(IntList shape, DType dtype = DType::F32,
             SourceLoc loc = SourceLoc::current());
Tensor ones(IntList shape, DType dtype = DType::F32,
            SourceLoc loc = SourceLoc::current());
/// torch.tensor(values).reshape(shape): values in row-major order.
Tensor constant(const std::vector<double> &values, IntList shape,
                DType dtype = DType::F32, SourceLoc loc = SourceLoc::current());
/// A 0-d tensor, as torch.tensor(value, dtype=dtype).
Tensor scalar(double value, DType dtype = DType::F32,
              SourceLoc loc = SourceLoc::current());

} // namespace functional

namespace F = functional;

} // namespace nn
} // namespace sinter

#endif // SINTER_NN_FUNCTIONAL_H
