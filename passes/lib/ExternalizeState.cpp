//===- ExternalizeState.cpp - The sinter-externalize-state pass -----------===//
//
// Compiled code does not own the training program's state; the host does,
// so that it can save, load and inspect it by name. This pass makes that
// explicit: every public function takes the current value of each global it
// reads or writes as an extra argument, and returns the final value of each
// global it writes as an extra result, in the module's order of globals; the
// function attributes `sinter.state_in` and `sinter.state_out` list them by
// name, and `sinter.state_read` the ones it reads before writing. (A written global's argument is its destination: the CPU backend
// writes the result into it in place, sinter-state-in-place.)
//
//===----------------------------------------------------------------------===//

#include "sinter/passes/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MLProgram/IR/MLProgram.h"
#include "mlir/IR/Builders.h"

namespace mlir::sinter {
#define GEN_PASS_DEF_SINTEREXTERNALIZESTATE
#include "sinter/passes/Passes.h.inc"
} // namespace mlir::sinter

using namespace mlir;

namespace {

struct SinterExternalizeStatePass
    : public mlir::sinter::impl::SinterExternalizeStateBase<
          SinterExternalizeStatePass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<ml_program::GlobalOp> globals(
        module.getOps<ml_program::GlobalOp>());
    if (globals.empty())
      return;
    llvm::StringMap<unsigned> index;
    for (auto [i, g] : llvm::enumerate(globals))
      index[g.getSymName()] = i;
    OpBuilder b(module.getContext());

    for (auto fn : llvm::make_early_inc_range(module.getOps<func::FuncOp>())) {
      bool touches = false;
      fn.walk([&](Operation *op) {
        touches |= isa<ml_program::GlobalLoadOp, ml_program::GlobalStoreOp>(op);
      });
      if (fn.isPrivate() || fn.isExternal()) {
        if (touches) {
          fn.emitError() << "@" << fn.getSymName()
                         << " reads or writes state but is not an entry "
                            "point; only public functions may";
          return signalPassFailure();
        }
        continue;
      }
      if (!fn.getBody().hasOneBlock()) {
        fn.emitError("entry points must have a single block");
        return signalPassFailure();
      }
      Block &body = fn.getBody().front();
      // Which globals the function reads before writing (inputs) and which
      // it writes (outputs), in the module's order of globals.
      SmallVector<bool> reads(globals.size(), false),
          writes(globals.size(), false);
      for (Operation &op : body) {
        if (auto load = dyn_cast<ml_program::GlobalLoadOp>(op)) {
          unsigned i = index.lookup(load.getGlobal().getLeafReference());
          reads[i] = reads[i] || !writes[i];
        } else if (auto store = dyn_cast<ml_program::GlobalStoreOp>(op)) {
          writes[index.lookup(store.getGlobal().getLeafReference())] = true;
        }
      }
      SmallVector<Value> current(globals.size());
      SmallVector<Attribute> inputs, outputs;
      // An argument for every global read or written: a written one's
      // argument is where a backend may update the state in place.
      for (auto [i, g] : llvm::enumerate(globals)) {
        if (!reads[i] && !writes[i])
          continue;
        if (failed(fn.insertArgument(fn.getNumArguments(), g.getType(),
                                     b.getDictionaryAttr(b.getNamedAttr(
                                         "sinter.state", g.getSymNameAttr())),
                                     g.getLoc())))
          return signalPassFailure();
        current[i] = fn.getArgument(fn.getNumArguments() - 1);
        inputs.push_back(g.getSymNameAttr());
      }
      // Loads read the current value; stores replace it.
      for (Operation &op : llvm::make_early_inc_range(body)) {
        if (auto load = dyn_cast<ml_program::GlobalLoadOp>(op)) {
          unsigned i = index.lookup(load.getGlobal().getLeafReference());
          load.replaceAllUsesWith(current[i]);
          load.erase();
        } else if (auto store = dyn_cast<ml_program::GlobalStoreOp>(op)) {
          unsigned i = index.lookup(store.getGlobal().getLeafReference());
          current[i] = store.getValue();
          store.erase();
        }
      }
      // One result per global written: its value when the function returns.
      auto ret = cast<func::ReturnOp>(body.getTerminator());
      SmallVector<Value> results(ret.getOperands());
      SmallVector<Type> resultTypes(fn.getResultTypes());
      SmallVector<DictionaryAttr> resultAttrs;
      fn.getAllResultAttrs(resultAttrs);
      for (auto [i, g] : llvm::enumerate(globals)) {
        if (!writes[i])
          continue;
        results.push_back(current[i]);
        resultTypes.push_back(g.getType());
        resultAttrs.push_back(b.getDictionaryAttr(
            b.getNamedAttr("sinter.state", g.getSymNameAttr())));
        outputs.push_back(g.getSymNameAttr());
      }
      ret->setOperands(results);
      fn.setType(b.getFunctionType(fn.getArgumentTypes(), resultTypes));
      fn.setAllResultAttrs(resultAttrs);
      SmallVector<Attribute> read;
      for (auto [i, g] : llvm::enumerate(globals))
        if (reads[i])
          read.push_back(g.getSymNameAttr());
      fn->setAttr("sinter.state_in", b.getArrayAttr(inputs));
      fn->setAttr("sinter.state_read", b.getArrayAttr(read));
      fn->setAttr("sinter.state_out", b.getArrayAttr(outputs));
    }
    for (ml_program::GlobalOp g : globals)
      g.erase();
  }
};

} // namespace
