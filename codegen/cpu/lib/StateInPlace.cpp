//===- StateInPlace.cpp - Write the new state into the caller's buffers ---===//
//
// sinter-externalize-state makes an entry point return the new value of
// every piece of state it writes, and also pass that state in as an
// argument. Returned, each value would be a fresh allocation the host copies
// and frees, every step: for a training step that is every parameter and
// every optimizer moment. After bufferization this pass makes the op that
// computes the new value write it straight into the argument's buffer when
// that is safe (see retargetWriter), and otherwise copies the value there at
// the return, after every read of the old value; either way the result is
// dropped. A copy costs a pass over the state: Adam's three 256x784 tensors
// of the MLP are 2.4 MB per step.
//
//===----------------------------------------------------------------------===//

#include "sinter/cpu/CpuBackend.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Builders.h"
#include "mlir/Pass/Pass.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace mlir;

namespace {

/// Makes the one op that writes `source` (a fresh allocation holding the
/// new state) write into `dest` (the state argument, holding the old value)
/// instead, and the ops after it read `dest`, when nothing can tell:
///  - `source` is a memref.alloc in the function's block, written by one
///    linalg op W that does not read its own output, and only read after W;
///  - every read of the old value in `dest` comes before W, or is W reading
///    it element for element at the index it writes (Adam's `p - lr * m /
///    (sqrt(v) + eps)` reads `p` where it writes it), so W reads each old
///    element before overwriting it.
/// Returns false, changing nothing, otherwise.
bool retargetWriter(Value source, BlockArgument dest, func::ReturnOp ret) {
  auto alloc = source.getDefiningOp<memref::AllocOp>();
  Block *block = ret->getBlock();
  if (!alloc || alloc->getBlock() != block ||
      source.getType() != dest.getType())
    return false;
  linalg::LinalgOp writer;
  OpOperand *written = nullptr;
  for (OpOperand &use : source.getUses()) {
    Operation *user = use.getOwner();
    if (user->getBlock() != block)
      return false;
    if (user == ret)
      continue;
    // Views or casts of the new value would escape the checks below.
    auto linalgOp = dyn_cast<linalg::LinalgOp>(user);
    if (!linalgOp)
      return false;
    if (linalgOp.isDpsInit(&use)) {
      if (written || linalgOp.payloadUsesValueFromOperand(&use))
        return false;
      writer = linalgOp;
      written = &use;
    }
  }
  if (!writer || llvm::count(ret.getOperands(), source) != 1)
    return false;
  AffineMap writtenMap = writer.getMatchingIndexingMap(written);
  if (!writtenMap.isPermutation())
    return false;
  for (Operation *user : source.getUsers())
    if (user != writer && user != ret && !writer->isBeforeInBlock(user))
      return false;
  // The old value must not be read at the return (a swap of two pieces of
  // state), nor through a view, which the checks below would not follow.
  if (llvm::is_contained(ret.getOperands(), Value(dest)))
    return false;
  for (OpOperand &use : dest.getUses()) {
    Operation *user = use.getOwner();
    if (user->getBlock() != block || !isa<linalg::LinalgOp>(user))
      return false;
    if (user == writer) {
      if (writer.isDpsInit(&use) ||
          writer.getMatchingIndexingMap(&use) != writtenMap)
        return false;
      continue;
    }
    if (!user->isBeforeInBlock(writer))
      return false;
  }
  source.replaceUsesWithIf(dest, [&](OpOperand &use) {
    return use.getOwner() != ret;
  });
  return true;
}

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
      Location loc = ret.getLoc();
      SmallVector<std::pair<Value, Value>> updates; // (new value, argument)
      for (auto [j, name] : llvm::enumerate(outputs)) {
        auto it = llvm::find(inputs, name);
        if (it == inputs.end()) {
          fn.emitError() << "state '" << cast<StringAttr>(name).getValue()
                         << "' is written but has no argument to write into";
          return signalPassFailure();
        }
        Value source = ret.getOperand(firstStateResult + j);
        Value dest = fn.getArgument(firstStateArg + (it - inputs.begin()));
        if (source != dest)
          updates.push_back({source, dest});
      }
      // A new value that is an argument (state set to an input, or two
      // pieces of state swapped) is snapshot before any copy below can
      // overwrite it; the caller owns arguments, so they are never freed.
      SmallVector<Value> toFree;
      for (auto &[source, dest] : updates) {
        if (!isa<BlockArgument>(source))
          continue;
        auto type = cast<MemRefType>(source.getType());
        SmallVector<Value> sizes;
        for (int64_t d = 0; d < type.getRank(); ++d)
          if (type.isDynamicDim(d))
            sizes.push_back(memref::DimOp::create(b, loc, source, d));
        Value snapshot = memref::AllocOp::create(b, loc, type, sizes);
        memref::CopyOp::create(b, loc, source, snapshot);
        toFree.push_back(snapshot);
        source = snapshot;
      }
      // Buffers also returned as ordinary results stay the caller's.
      llvm::SmallPtrSet<Value, 8> returned;
      for (Value v : ret.getOperands().take_front(firstStateResult))
        returned.insert(v);
      llvm::SmallPtrSet<Value, 8> freed;
      SmallVector<Operation *> deadAllocs;
      for (auto &[source, dest] : updates) {
        if (!freed.contains(source) && !llvm::is_contained(toFree, source) &&
            retargetWriter(source, cast<BlockArgument>(dest), ret)) {
          // The allocation is now unused but for the return, dropped below.
          freed.insert(source);
          deadAllocs.push_back(source.getDefiningOp());
          continue;
        }
        memref::CopyOp::create(b, loc, source, dest);
        // The result was the caller's to free; now it is this function's,
        // once every copy from it is made (two pieces of state may share it).
        if (!returned.contains(source) && !llvm::is_contained(toFree, source) &&
            freed.insert(source).second)
          toFree.push_back(source);
      }
      for (Value buffer : toFree)
        memref::DeallocOp::create(b, loc, buffer);
      SmallVector<Value> kept(ret.getOperands().take_front(firstStateResult));
      ret->setOperands(kept);
      llvm::BitVector erase(fn.getNumResults());
      erase.set(firstStateResult, fn.getNumResults());
      if (failed(fn.eraseResults(erase))) {
        fn.emitError("cannot drop the state results");
        return signalPassFailure();
      }
      for (Operation *alloc : deadAllocs)
        if (alloc->use_empty())
          alloc->erase();
    }
  }
};

} // namespace

std::unique_ptr<Pass> mlir::sinter::cpu::createStateInPlacePass() {
  return std::make_unique<StateInPlacePass>();
}
