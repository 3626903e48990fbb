//===- StateInPlace.cpp - Write the new state into the caller's buffers ---===//
//
// sinter-externalize-state makes an entry point return the new value of
// every piece of state it writes, and also pass that state in as an
// argument. Returned, each value would be a fresh allocation the host copies
// and frees, every step: for a training step that is every parameter and
// every optimizer moment. After bufferization this pass turns each such
// result into a copy into its argument's buffer, at the return, after every
// read of the old value, and drops the result; the buffer it came from no
// longer escapes, so the memory planner gives it a place in the arena.
//
//===----------------------------------------------------------------------===//

#include "sinter/cpu/CpuBackend.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Builders.h"
#include "mlir/Pass/Pass.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace mlir;

namespace {

struct StateInPlacePass
    : public PassWrapper<StateInPlacePass, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(StateInPlacePass)

  StringRef getArgument() const override { return "sinter-state-in-place"; }
  StringRef getDescription() const override {
    return "Write returned state into the state arguments' buffers";
  }

  void runOnOperation() override {
    for (auto fn : getOperation().getOps<func::FuncOp>()) {
      auto inputs = fn->getAttrOfType<ArrayAttr>("sinter.state_in");
      auto outputs = fn->getAttrOfType<ArrayAttr>("sinter.state_out");
      if (!inputs || !outputs || outputs.empty())
        continue;
      auto ret = cast<func::ReturnOp>(fn.getBody().front().getTerminator());
      unsigned firstStateArg = fn.getNumArguments() - inputs.size();
      unsigned firstStateResult = fn.getNumResults() - outputs.size();
      OpBuilder b(ret);
      llvm::SmallPtrSet<Value, 8> freed;
      for (auto [j, name] : llvm::enumerate(outputs)) {
        auto it = llvm::find(inputs, name);
        if (it == inputs.end()) {
          fn.emitError() << "state '" << cast<StringAttr>(name).getValue()
                         << "' is written but has no argument to write into";
          return signalPassFailure();
        }
        Value source = ret.getOperand(firstStateResult + j);
        Value dest = fn.getArgument(firstStateArg + (it - inputs.begin()));
        if (source == dest)
          continue;
        memref::CopyOp::create(b, ret.getLoc(), source, dest);
        // The result was the caller's to free; now it is this function's
        // (once, should two pieces of state share a buffer).
        if (freed.insert(source).second)
          memref::DeallocOp::create(b, ret.getLoc(), source);
      }
      SmallVector<Value> kept(ret.getOperands().take_front(firstStateResult));
      ret->setOperands(kept);
      llvm::BitVector erase(fn.getNumResults());
      erase.set(firstStateResult, fn.getNumResults());
      if (failed(fn.eraseResults(erase))) {
        fn.emitError("cannot drop the state results");
        return signalPassFailure();
      }
    }
  }
};

} // namespace

std::unique_ptr<Pass> mlir::sinter::cpu::createStateInPlacePass() {
  return std::make_unique<StateInPlacePass>();
}
