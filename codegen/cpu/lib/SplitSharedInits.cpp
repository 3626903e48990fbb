//===- SplitSharedInits.cpp - One tensor.empty / fill per user ------------===//
//
// CSE merges identical `tensor.empty` ops and identical zero fills: every
// gradient's accumulator starts from the same `linalg.fill`, and a fused
// kernel with three results names one `tensor.empty` three times. One-shot
// bufferization must then give all but one user a fresh buffer plus a copy
// of the shared one (a 12 KB memcpy per Linear of the regression step), or
// writes a result into a buffer another result also lands in, which hides
// it from sinter-state-in-place. Cloning the init for each user, right
// before it, lets every user write its own buffer in place; the memory
// planner packs the buffers, so the copies are the only thing that goes.
//
//===----------------------------------------------------------------------===//

#include "sinter/cpu/CpuBackend.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"
#include "mlir/Pass/Pass.h"

#include <algorithm>

using namespace mlir;

namespace {

/// Whether `op` makes a fresh value that is cheaper to remake per user
/// than to copy: an empty tensor, or a fill of one with a constant.
bool isClonableInit(Operation *op) {
  if (isa<tensor::EmptyOp>(op))
    return true;
  auto fill = dyn_cast<linalg::FillOp>(op);
  return fill && fill.hasPureTensorSemantics() &&
         fill.getOutputs()[0].getDefiningOp<tensor::EmptyOp>() &&
         fill.getInputs()[0].getDefiningOp() &&
         fill.getInputs()[0].getDefiningOp()->hasTrait<OpTrait::ConstantLike>();
}

struct SplitSharedInitsPass
    : public PassWrapper<SplitSharedInitsPass, OperationPass<func::FuncOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(SplitSharedInitsPass)

  StringRef getArgument() const override { return "sinter-split-shared-inits"; }
  StringRef getDescription() const override {
    return "Give every user of a shared tensor.empty or constant fill its own "
           "copy of the op, so that bufferization writes each in place";
  }

  void runOnOperation() override {
    SmallVector<Operation *> shared;
    getOperation().walk([&](Operation *op) {
      if (isClonableInit(op) && op->getNumResults() == 1 &&
          !op->getResult(0).hasOneUse() && !op->getResult(0).use_empty())
        shared.push_back(op);
    });
    // Fills first: cloning a fill clones the use of its empty tensor, which
    // the empty tensor's own split then separates.
    std::stable_partition(shared.begin(), shared.end(),
                           [](Operation *op) { return isa<linalg::FillOp>(op); });
    for (Operation *op : shared) {
      Value value = op->getResult(0);
      SmallVector<OpOperand *> uses;
      for (OpOperand &use : value.getUses())
        uses.push_back(&use);
      // The first user keeps the original. A clone goes right before its
      // user, or before the op that holds it (a row kernel's loop): filling
      // a whole tensor inside a loop over its rows would be quadratic.
      for (OpOperand *use : llvm::drop_begin(uses)) {
        Operation *at = op->getBlock()->findAncestorOpInBlock(*use->getOwner());
        if (!at)
          continue;
        OpBuilder b(at);
        Operation *clone = b.clone(*op);
        use->set(clone->getResult(0));
      }
    }
  }
};

} // namespace

std::unique_ptr<Pass> mlir::sinter::cpu::createSplitSharedInitsPass() {
  return std::make_unique<SplitSharedInitsPass>();
}
