//===- FuseElementwise.cpp - Producer-consumer fusion of elementwise ops --===//
//
// linalg's elementwise fusion, with one rule of our own: a producer is fused
// into its consumer only when the consumer reads it element for element
// (an identity-like indexing map, no broadcast). Fusing a broadcast producer
// would recompute it for every element it is broadcast to: the optimizer's
// scalar bias corrections (exp and log in double) ran once per parameter
// that way, a fifth of an Adam step.
//
//===----------------------------------------------------------------------===//

#include "sinter/cpu/CpuBackend.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

using namespace mlir;

namespace {

/// Whether the consumer reads `operand` one element per iteration of the
/// producer's full iteration space (no broadcast, no reduction of it).
bool readsElementForElement(OpOperand *operand) {
  auto consumer = dyn_cast<linalg::LinalgOp>(operand->getOwner());
  auto producer = operand->get().getDefiningOp<linalg::LinalgOp>();
  if (!consumer || !producer)
    return false;
  AffineMap map = consumer.getMatchingIndexingMap(operand);
  return map.isPermutation() &&
         producer.getNumLoops() == consumer.getNumLoops();
}

struct FuseElementwisePass
    : public PassWrapper<FuseElementwisePass, OperationPass<func::FuncOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(FuseElementwisePass)

  StringRef getArgument() const override { return "sinter-fuse-elementwise"; }
  StringRef getDescription() const override {
    return "Fuse elementwise producers their consumers read element for "
           "element";
  }
  void getDependentDialects(DialectRegistry &registry) const override {
    registry.insert<linalg::LinalgDialect, affine::AffineDialect,
                    tensor::TensorDialect>();
  }

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    linalg::populateElementwiseOpsFusionPatterns(patterns,
                                                 readsElementForElement);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace

std::unique_ptr<Pass> mlir::sinter::cpu::createFuseElementwisePass() {
  return std::make_unique<FuseElementwisePass>();
}
