//===- Autodiff.cpp - The sinter-autodiff pass ----------------------------===//
//
// Reverse-mode differentiation of one function. The gradient function is a
// copy of the forward function with the backward ops appended before its
// return: forward values the backward ops read stay alive across the two
// halves -- those are the saved activations, marked `sinter.saved` so that
// the IR shows them.
//
// The walk is the textbook one: seed d(loss)/d(loss) = 1, visit the ops in
// reverse order, ask each op on a path from a differentiated argument to the
// loss for its operands' gradients (DifferentiableOpInterface), and sum the
// contributions when a value has several users.
//
//===----------------------------------------------------------------------===//

#include "sinter/passes/Autodiff.h"
#include "sinter/passes/Passes.h"

#include "sinter/ir/SinterOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Transforms/RegionUtils.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SetVector.h"

namespace mlir::sinter {
#define GEN_PASS_DEF_SINTERAUTODIFF
#include "sinter/passes/Passes.h.inc"
} // namespace mlir::sinter

using namespace mlir;
using namespace mlir::sinter;

namespace {

bool isFloatTensor(Value v) {
  auto type = dyn_cast<RankedTensorType>(v.getType());
  return type && isa<FloatType>(type.getElementType());
}

/// Values that depend on a differentiated argument and that the loss
/// depends on: the only ones whose gradients matter.
llvm::DenseSet<Value> activeValues(Block &body, ArrayRef<Value> sources,
                                   Value loss) {
  llvm::DenseSet<Value> fromSources(sources.begin(), sources.end());
  for (Operation &op : body.without_terminator())
    if (llvm::any_of(op.getOperands(),
                     [&](Value v) { return fromSources.contains(v); }))
      for (Value r : op.getResults())
        if (isFloatTensor(r))
          fromSources.insert(r);
  llvm::DenseSet<Value> toLoss{loss};
  for (Operation &op : llvm::reverse(body.without_terminator()))
    if (llvm::any_of(op.getResults(),
                     [&](Value r) { return toLoss.contains(r); }))
      for (Value v : op.getOperands())
        toLoss.insert(v);
  llvm::DenseSet<Value> active;
  for (Value v : fromSources)
    if (toLoss.contains(v))
      active.insert(v);
  return active;
}

} // namespace

FailureOr<func::FuncOp>
mlir::sinter::differentiate(func::FuncOp forward,
                            ArrayRef<std::string> wrtInputs) {
  auto module = forward->getParentOfType<ModuleOp>();
  std::string gradName = (forward.getSymName() + "_grad").str();
  if (!module)
    return forward.emitError("the function to differentiate must be in a "
                             "module");
  if (module.lookupSymbol(gradName))
    return forward.emitError() << "cannot differentiate @"
                               << forward.getSymName() << ": @" << gradName
                               << " already exists";
  if (forward.isExternal() || !forward.getBody().hasOneBlock())
    return forward.emitError("can only differentiate a function with a "
                             "single-block body");
  auto ret = cast<func::ReturnOp>(forward.getBody().front().getTerminator());
  if (ret.getNumOperands() == 0)
    return ret.emitError("the function to differentiate must return the loss "
                         "as its first result");
  auto lossType = dyn_cast<RankedTensorType>(ret.getOperand(0).getType());
  if (!lossType || lossType.getRank() != 0 ||
      !isa<FloatType>(lossType.getElementType()))
    return ret.emitError() << "the loss (first result) must be a 0-d "
                              "floating-point tensor, got "
                           << ret.getOperand(0).getType();

  // Which arguments to differentiate: every parameter, and the data inputs
  // asked for by name.
  struct Wrt {
    unsigned argument;
    StringAttr name;
  };
  SmallVector<Wrt> wrt;
  for (unsigned i = 0; i < forward.getNumArguments(); ++i)
    if (auto name = forward.getArgAttrOfType<StringAttr>(i, "sinter.param")) {
      if (!isFloatTensor(forward.getArgument(i)))
        return forward.emitError() << "parameter '" << name.getValue()
                                   << "' must be a floating-point tensor";
      wrt.push_back({i, name});
    }
  for (const std::string &input : wrtInputs) {
    bool found = false;
    for (unsigned i = 0; i < forward.getNumArguments() && !found; ++i) {
      auto name = forward.getArgAttrOfType<StringAttr>(i, "sinter.name");
      if (name && name.getValue() == input) {
        if (!isFloatTensor(forward.getArgument(i)))
          return forward.emitError() << "input '" << input
                                     << "' is not a floating-point tensor, "
                                        "so it has no gradient";
        wrt.push_back({i, name});
        found = true;
      }
    }
    if (!found)
      return forward.emitError() << "no input named '" << input
                                 << "' (sinter.name) to differentiate for";
  }

  // The gradient function starts as a copy of the forward function.
  auto gradFn = cast<func::FuncOp>(forward->clone());
  gradFn.setSymName(gradName);
  SymbolTable(module).insert(gradFn, std::next(forward->getIterator()));
  Block &body = gradFn.getBody().front();
  auto gradRet = cast<func::ReturnOp>(body.getTerminator());
  Value loss = gradRet.getOperand(0);

  SmallVector<Value> sources;
  for (const Wrt &w : wrt)
    sources.push_back(gradFn.getArgument(w.argument));
  llvm::DenseSet<Value> active = activeValues(body, sources, loss);
  SmallVector<Operation *> forwardOps;
  for (Operation &op : body.without_terminator())
    forwardOps.push_back(&op);
  llvm::DenseSet<Operation *> isForward(forwardOps.begin(), forwardOps.end());

  OpBuilder b(gradRet);
  llvm::DenseMap<Value, Value> grads;
  auto accumulate = [&](Value v, Value g) {
    auto [it, inserted] = grads.try_emplace(v, g);
    if (!inserted)
      it->second = AddOp::create(b, g.getLoc(), it->second, g);
  };
  grads[loss] = ConstantOp::create(
      b, ret.getLoc(),
      DenseElementsAttr::get(lossType,
                             FloatAttr::get(lossType.getElementType(), 1.0)));

  for (Operation *op : llvm::reverse(forwardOps)) {
    if (op->getNumResults() != 1 || !active.contains(op->getResult(0)))
      continue;
    auto it = grads.find(op->getResult(0));
    if (it == grads.end())
      continue;
    auto differentiable = dyn_cast<DifferentiableOpInterface>(op);
    if (!differentiable) {
      // Report before erasing: `op` belongs to gradFn.
      op->emitError() << "cannot differentiate '" << op->getName() << "'"
                      << (isa<func::CallOp>(op)
                              ? " (inline calls first: --inline)"
                              : "");
      gradFn.erase();
      return failure();
    }
    SmallVector<Value> operandGrads;
    if (failed(differentiable.buildGradients(b, it->second, operandGrads))) {
      gradFn.erase();
      return failure();
    }
    for (auto [operand, g] : llvm::zip(op->getOperands(), operandGrads))
      if (g && active.contains(operand))
        accumulate(operand, g);
  }

  // Results: the forward results, then one gradient per differentiated
  // argument (zeros for an argument the loss does not depend on).
  SmallVector<Value> results(gradRet.getOperands());
  SmallVector<Type> resultTypes(gradFn.getResultTypes());
  SmallVector<DictionaryAttr> resultAttrs;
  gradFn.getAllResultAttrs(resultAttrs);
  for (const Wrt &w : wrt) {
    Value arg = gradFn.getArgument(w.argument);
    Value g = grads.lookup(arg);
    if (!g) {
      Location loc = gradFn.getLoc();
      auto type = cast<RankedTensorType>(arg.getType());
      Value zero = ConstantOp::create(
          b, loc,
          DenseElementsAttr::get(RankedTensorType::get({}, type.getElementType()),
                                 FloatAttr::get(type.getElementType(), 0.0)));
      Value yes = ConstantOp::create(
          b, loc,
          DenseElementsAttr::get(RankedTensorType::get({}, b.getI1Type()),
                                 ArrayRef<bool>{true}));
      g = WhereOp::create(b, loc, yes, zero, arg);
    }
    results.push_back(g);
    resultTypes.push_back(g.getType());
    resultAttrs.push_back(b.getDictionaryAttr(
        b.getNamedAttr("sinter.grad", w.name)));
  }
  gradRet->setOperands(results);
  gradFn.setType(b.getFunctionType(gradFn.getArgumentTypes(), resultTypes));
  gradFn.setAllResultAttrs(resultAttrs);

  // Rules build every operand's gradient; drop those nobody reads.
  SmallVector<Operation *> backwardOps;
  for (Operation &op : body.without_terminator())
    if (!isForward.contains(&op))
      backwardOps.push_back(&op);
  for (Operation *op : llvm::reverse(backwardOps))
    if (op->use_empty())
      op->erase();

  // Mark the forward values that the backward half reads.
  UnitAttr unit = b.getUnitAttr();
  for (Operation *op : forwardOps)
    for (Operation *user : op->getUsers())
      if (!isForward.contains(user) && !isa<func::ReturnOp>(user)) {
        op->setAttr("sinter.saved", unit);
        break;
      }
  return gradFn;
}

namespace {
struct SinterAutodiffPass
    : public mlir::sinter::impl::SinterAutodiffBase<SinterAutodiffPass> {
  using SinterAutodiffBase::SinterAutodiffBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto forward = module.lookupSymbol<func::FuncOp>(entry);
    if (!forward) {
      module.emitError() << "no function @" << entry << " to differentiate";
      return signalPassFailure();
    }
    SmallVector<std::string> inputs(wrtInputs.begin(), wrtInputs.end());
    if (failed(differentiate(forward, inputs)))
      signalPassFailure();
  }
};
} // namespace
