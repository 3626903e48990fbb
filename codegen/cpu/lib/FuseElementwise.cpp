//===- FuseElementwise.cpp - Producer-consumer fusion of elementwise ops --===//
//
// linalg's elementwise fusion, with one rule of our own: a producer is fused
// into its consumer only when the consumer reads it element for element
// (an identity-like indexing map, no broadcast). Fusing a broadcast producer
// would recompute it for every element it is broadcast to: the optimizer's
// scalar bias corrections (exp and log in double) ran once per parameter
// that way, a fifth of an Adam step.
//
// linalg's pattern also duplicates a producer that has other users into
// the consumer, and keeps the producer for them: Adam's new moments, which
// are state (returned) and read by the parameter update, were computed
// twice and stored once more. Here such a producer is fused only by our
// own pattern, FuseKeepingProducerResults, which gives the fused op the
// producer's result as a second result: one kernel per parameter reads
// the gradient, the moments and the parameter once and writes the three.
//
// A matrix product reads a transposed operand (the backward pass's W^T and
// dZ^T) through its indexing map instead of a materialised linalg.transpose:
// the GEMM's packing reads either layout at the same cost, so the copy (a
// 256x128 weight, every step) goes.
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

/// Whether linalg's pattern may fuse `operand`'s producer: its consumer
/// reads it element for element and is its only user.
bool fusesWithoutDuplicating(OpOperand *operand) {
  Operation *producer = operand->get().getDefiningOp();
  return producer && readsElementForElement(operand) &&
         producer->hasOneUse();
}

/// Fuses an elementwise producer whose result is also used after the
/// consumer into the consumer, as one generic that yields the consumer's
/// results and the producer's: the later users read the fused op's.
struct FuseKeepingProducerResults
    : public OpRewritePattern<linalg::GenericOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(linalg::GenericOp consumer,
                                PatternRewriter &rewriter) const override {
    for (OpOperand &operand : consumer->getOpOperands()) {
      auto producer = operand.get().getDefiningOp<linalg::GenericOp>();
      if (!producer || producer->getBlock() != consumer->getBlock() ||
          fusesWithoutDuplicating(&operand) ||
          // Reading the producer through a second operand (another map, or
          // as its own output) would leave the fused op reading itself.
          llvm::count_if(consumer->getOperands(),
                         [&](Value v) {
                           return v.getDefiningOp() == producer.getOperation();
                         }) != 1 ||
          !readsElementForElement(&operand) ||
          !linalg::areElementwiseOpsFusable(&operand))
        continue;
      // The fused op takes the consumer's place: every other user of the
      // producer must come after it.
      if (!llvm::all_of(producer->getUsers(), [&](Operation *user) {
            return user == consumer || (user->getBlock() == consumer->getBlock() &&
                                        consumer->isBeforeInBlock(user));
          }))
        continue;
      FailureOr<linalg::ElementwiseOpFusionResult> fused =
          linalg::fuseElementwiseOps(rewriter, &operand);
      if (failed(fused))
        continue;
      for (auto [original, replacement] : fused->replacements)
        rewriter.replaceAllUsesWith(original, replacement);
      rewriter.eraseOp(consumer);
      if (producer->use_empty())
        rewriter.eraseOp(producer);
      return success();
    }
    return failure();
  }
};

/// matmul(transpose(X), ...) -> matmul(X, ...) with the operand's indexing
/// map transposed.
struct FoldTransposeIntoMatmul : public OpRewritePattern<linalg::MatmulOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(linalg::MatmulOp matmul,
                                PatternRewriter &rewriter) const override {
    if (!matmul.hasPureTensorSemantics())
      return failure();
    SmallVector<AffineMap> maps = matmul.getIndexingMapsArray();
    for (int i = 0; i < 2; ++i) {
      auto transpose =
          matmul.getDpsInputs()[i].getDefiningOp<linalg::TransposeOp>();
      if (!transpose || transpose.getPermutation() != ArrayRef<int64_t>{1, 0} ||
          maps[i].getNumResults() != 2)
        continue;
      maps[i] = AffineMap::get(maps[i].getNumDims(), 0,
                               {maps[i].getResult(1), maps[i].getResult(0)},
                               matmul.getContext());
      rewriter.modifyOpInPlace(matmul, [&] {
        matmul->setOperand(i, transpose.getInput());
        matmul.setIndexingMapsAttr(rewriter.getAffineMapArrayAttr(maps));
      });
      return success();
    }
    return failure();
  }
};

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
                                                 fusesWithoutDuplicating);
    patterns.add<FuseKeepingProducerResults, FoldTransposeIntoMatmul>(
        &getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace

std::unique_ptr<Pass> mlir::sinter::cpu::createFuseElementwisePass() {
  return std::make_unique<FuseElementwisePass>();
}
