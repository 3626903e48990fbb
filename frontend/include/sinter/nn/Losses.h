//===- Losses.h - torch.nn losses for the DSL -----------------*- C++ -*-===//
//
// Loss modules, as torch.nn: `loss(input, target)`; each takes the reduction
// (Reduction::Mean, the default, Sum or None) and prints as PyTorch does
// (`CrossEntropyLoss()`).
//
//===----------------------------------------------------------------------===//
#ifndef SINTER_NN_LOSSES_H
#define SINTER_NN_LOSSES_H

#include "sinter/nn/Module.h"

namespace sinter {
namespace nn {

#define SINTER_DECLARE_LOSS(Name)                                              \
  class Name##Impl : public Module {                                           \
  public:                                                                      \
    explicit Name##Impl(Reduction reduction = Reduction::Mean)                 \
        : Module(#Name), reduction(reduction) {}                              \
    Tensor forward(const Tensor &input, const Tensor &target,                  \
                   SourceLoc loc = SourceLoc::current());                      \
    Reduction reduction;                                                       \
  };                                                                           \
  SINTER_MODULE(Name)

/// F.mse_loss: (input - target)².
SINTER_DECLARE_LOSS(MSELoss);
/// F.cross_entropy: input [N, C] logits, target [N] class indices (i64/i32).
SINTER_DECLARE_LOSS(CrossEntropyLoss);
/// F.nll_loss: input [N, C] log-probabilities, target [N] class indices.
SINTER_DECLARE_LOSS(NLLLoss);
/// F.binary_cross_entropy: input probabilities, target of the same shape.
SINTER_DECLARE_LOSS(BCELoss);
/// F.binary_cross_entropy_with_logits.
SINTER_DECLARE_LOSS(BCEWithLogitsLoss);

#undef SINTER_DECLARE_LOSS

} // namespace nn
} // namespace sinter

#endif // SINTER_NN_LOSSES_H
