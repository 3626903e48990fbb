//===- HoistScalarOperands.cpp - Load 0-d operands once per kernel --------===//
//
// A linalg.generic on memrefs that reads a 0-d memref (the optimizer's bias
// corrections, a loss scale, the learning rate) reads it inside every
// iteration once it becomes loops. The memref lives in the arena or the
// state, beside the buffers the loop writes, so LLVM cannot prove the
// stores leave it alone: it reloads the scalar per element and gives up
// vectorising the loop (Adam's update of a 256x784 weight ran scalar, a
// third of the step). Loading it once before the op and passing the value
// as a scalar operand (linalg takes those with the same `(d...) -> ()` map)
// removes the question. The memory plan keeps every buffer an op writes
// apart from those it reads, so the value loaded is the value the loop
// would have read.
//
//===----------------------------------------------------------------------===//

#include "sinter/cpu/CpuBackend.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Builders.h"
#include "mlir/Pass/Pass.h"

using namespace mlir;

namespace {

struct HoistScalarOperandsPass
    : public PassWrapper<HoistScalarOperandsPass,
                         OperationPass<func::FuncOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(HoistScalarOperandsPass)

  StringRef getArgument() const override {
    return "sinter-hoist-scalar-operands";
  }
  StringRef getDescription() const override {
    return "Load the 0-d memrefs a linalg.generic reads once, before it, and "
           "pass the values as scalar operands";
  }
  void getDependentDialects(DialectRegistry &registry) const override {
    registry.insert<memref::MemRefDialect>();
  }

  void runOnOperation() override {
    getOperation().walk([](linalg::GenericOp op) {
      if (!op.hasPureBufferSemantics())
        return;
      OpBuilder b(op);
      for (OpOperand *input : op.getDpsInputOperands()) {
        auto type = dyn_cast<MemRefType>(input->get().getType());
        if (!type || type.getRank() != 0)
          continue;
        input->set(memref::LoadOp::create(b, op.getLoc(), input->get(),
                                          ValueRange{}));
      }
    });
  }
};

} // namespace

std::unique_ptr<Pass> mlir::sinter::cpu::createHoistScalarOperandsPass() {
  return std::make_unique<HoistScalarOperandsPass>();
}
