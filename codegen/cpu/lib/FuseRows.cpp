//===- FuseRows.cpp - Row reductions fused with their producers/consumers -===//
//
// softmax, log_softmax and cross-entropy, forward and backward, lower to a
// few linalg ops over the same [batch, classes] rows: a row max, a row sum
// of exponentials that reads it, and an op that reads both (the softmax
// itself, the per-row loss summed over the batch, the gradient
// `softmax - one_hot`). As separate loop nests each walks the whole tensor
// and writes its row results to memory for the next one. This pass makes
// each such group one kernel, the way IREE forms a dispatch: the consumer is
// tiled along the batch dimension, one row per iteration, and the row
// reductions (and the elementwise ops feeding them) it reads are fused into
// the loop, so a row is reduced, normalised and consumed while it sits in
// registers and L1. A consumer that sums over the batch (the loss) is tiled
// along that reduction: its accumulator is carried from row to row, summing
// in the same order as before.
//
// Producers that other ops still use stay as they are for those users (the
// forward's row max is recomputed inside the backward's kernel rather than
// kept alive between them).
//
//===----------------------------------------------------------------------===//

#include "sinter/cpu/CpuBackend.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Pass/Pass.h"

using namespace mlir;

namespace {

/// Whether every shaped operand of `op` is indexed by its first loop in its
/// first dimension, that loop running over the batch (rows): tiling it one
/// row at a time slices every operand by rows. 0-d operands (a loss) are
/// allowed; they are whole in every tile.
bool isRowAligned(linalg::GenericOp op) {
  if (!op.hasPureTensorSemantics() || op.getNumLoops() == 0)
    return false;
  for (OpOperand &operand : op->getOpOperands()) {
    auto type = dyn_cast<RankedTensorType>(operand.get().getType());
    if (!type)
      continue;
    AffineMap map = op.getMatchingIndexingMap(&operand);
    if (type.getRank() == 0)
      continue;
    auto first = dyn_cast<AffineDimExpr>(map.getResult(0));
    if (!first || first.getPosition() != 0)
      return false;
    for (AffineExpr rest : map.getResults().drop_front())
      if (rest.isFunctionOfDim(0))
        return false;
  }
  return true;
}

/// A reduction over the columns of each row: parallel over the rows
/// (loop 0), reducing some other loop, and row aligned.
bool isRowReduction(Operation *op) {
  auto generic = dyn_cast_or_null<linalg::GenericOp>(op);
  if (!generic || !isRowAligned(generic) || generic.getNumLoops() < 2)
    return false;
  auto iterators = generic.getIteratorTypesArray();
  return iterators[0] == utils::IteratorType::parallel &&
         llvm::any_of(llvm::drop_begin(iterators), [](utils::IteratorType t) {
           return t == utils::IteratorType::reduction;
         });
}

/// A kernel's root: a row-aligned generic at the function's top level that
/// reads a row reduction.
bool isRowKernelRoot(Operation *op) {
  auto generic = dyn_cast<linalg::GenericOp>(op);
  if (!generic || !isa<func::FuncOp>(op->getParentOp()) ||
      !isRowAligned(generic))
    return false;
  return llvm::any_of(generic.getDpsInputs(), [](Value input) {
    return isRowReduction(input.getDefiningOp());
  });
}

/// What may join a row kernel: row-aligned generics the kernel reads, and
/// the fills that start a row's accumulator (the row max's -inf). Products
/// stay outside (they are GEMM calls). So does the fill of an op that
/// reduces over the rows themselves: a loss summed over the batch
/// accumulates into its output from row to row, so the fill that zeroes it
/// must run once, before the loop, not once per row.
std::optional<scf::SCFTileAndFuseOptions::ControlFnResult>
fuseIntoRowKernel(tensor::ExtractSliceOp slice, OpResult producer,
                  bool isDestinationOperand) {
  Operation *op = producer.getOwner();
  if (auto generic = dyn_cast<linalg::GenericOp>(op))
    if (!isDestinationOperand && isRowAligned(generic))
      return scf::SCFTileAndFuseOptions::ControlFnResult{};
  if (isa<linalg::FillOp>(op) &&
      llvm::all_of(slice->getUsers(), [](Operation *user) {
        auto tiled = dyn_cast<linalg::LinalgOp>(user);
        return tiled && tiled.getNumLoops() > 0 &&
               tiled.getIteratorTypesArray()[0] ==
                   utils::IteratorType::parallel;
      }))
    return scf::SCFTileAndFuseOptions::ControlFnResult{};
  return std::nullopt;
}

/// Erases what tiling left unused in `loop`'s body (slices of producers
/// that were fused instead, their dims), so that those producers lose their
/// last users. Ops of the body only, from the last: erasing one can leave
/// its operands' producers unused, hence the fixpoint.
void eraseDeadOpsIn(Operation *loop) {
  for (Region &region : loop->getRegions())
    for (Block &block : region) {
      bool erased = true;
      while (erased) {
        erased = false;
        for (Operation &op :
             llvm::make_early_inc_range(llvm::reverse(block))) {
          if (isOpTriviallyDead(&op)) {
            op.erase();
            erased = true;
          }
        }
      }
    }
}

struct FuseRowsPass
    : public PassWrapper<FuseRowsPass, OperationPass<func::FuncOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(FuseRowsPass)

  StringRef getArgument() const override { return "sinter-fuse-rows"; }
  StringRef getDescription() const override {
    return "Fuse row reductions (softmax, log_softmax, cross-entropy) with "
           "their producers and consumers into one loop over the rows";
  }
  void getDependentDialects(DialectRegistry &registry) const override {
    registry.insert<scf::SCFDialect, tensor::TensorDialect,
                    arith::ArithDialect, affine::AffineDialect>();
  }

  void runOnOperation() override {
    func::FuncOp fn = getOperation();
    IRRewriter rewriter(&getContext());
    // Roots from the last: a later kernel takes what it reads first, and
    // what is left for earlier ones is theirs.
    while (true) {
      linalg::GenericOp root;
      for (Operation &op : llvm::make_early_inc_range(
               llvm::reverse(fn.getBody().front()))) {
        // A producer an earlier kernel took whole is left without users.
        if (isOpTriviallyDead(&op)) {
          rewriter.eraseOp(&op);
          continue;
        }
        if (isRowKernelRoot(&op)) {
          root = cast<linalg::GenericOp>(op);
          break;
        }
      }
      if (!root)
        return;
      if (failed(formRowKernel(rewriter, root)))
        return signalPassFailure();
    }
  }

  LogicalResult formRowKernel(IRRewriter &rewriter, linalg::GenericOp root) {
    scf::SCFTilingOptions tiling;
    SmallVector<OpFoldResult> sizes(root.getNumLoops(),
                                    rewriter.getIndexAttr(0));
    sizes[0] = rewriter.getIndexAttr(1);
    tiling.setTileSizes(sizes);
    tiling.setLoopType(scf::SCFTilingOptions::LoopType::ForOp);
    scf::SCFTileAndFuseOptions options;
    options.setTilingOptions(tiling);
    options.setFusionControlFn(fuseIntoRowKernel);
    rewriter.setInsertionPoint(root);
    FailureOr<scf::SCFTileAndFuseResult> result =
        scf::tileConsumerAndFuseProducersUsingSCF(
            rewriter, cast<TilingInterface>(root.getOperation()), options);
    if (failed(result))
      return root.emitError("cannot form a row kernel around this op");
    for (OpResult value : root->getResults())
      if (Value replacement = result->replacements.lookup(value))
        rewriter.replaceAllUsesWith(value, replacement);
    rewriter.eraseOp(root);
    for (LoopLikeOpInterface loop : result->loops)
      eraseDeadOpsIn(loop);
    // Producers now computed inside the loop and used nowhere else.
    for (Operation *producer : llvm::reverse(result->fusedProducers))
      if (producer != root && isOpTriviallyDead(producer))
        rewriter.eraseOp(producer);
    return success();
  }
};

} // namespace

std::unique_ptr<Pass> mlir::sinter::cpu::createFuseRowsPass() {
  return std::make_unique<FuseRowsPass>();
}
