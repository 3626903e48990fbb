//===- FuseMatmulEpilogues.cpp - ReLU and its mask into the product -------===//
//
// A Linear followed by a ReLU is a product (its bias already the
// accumulator's initial value) and then an elementwise pass that reads the
// product and writes the activation; in the backward pass, the product
// dH = dZ' W is followed by the ReLU gradient's mask, dZ = H > 0 ? dH : 0.
// Each pass reads and writes a whole batch of activations after the GEMM
// has just written it. This pass, on bufferized IR before the memory plan,
// makes such an epilogue work in place on the product's buffer when the
// product is read by nothing else afterwards: the epilogue then reads and
// writes C, its own output buffer goes, and sinter-matmul-to-microkernel
// folds it into the GEMM call, which applies it to each block of C while
// the block is in cache (sinter_sgemm_epilogue_parallel). The pipeline
// runs it only with fusion and microkernels on; run alone, an in-place
// epilogue the call does not take stays a correct elementwise loop.
//
// Recognised epilogues, with the lowering's exact semantics:
//   relu        c < 0 ? 0 : c            (passes/lib/LowerElementwise.cpp)
//   relu mask   h > 0 ? c : 0            (ReluOp's gradient rule)
//
//===----------------------------------------------------------------------===//

#include "sinter/cpu/CpuBackend.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Pass/Pass.h"

using namespace mlir;
using namespace mlir::sinter::cpu;

namespace {

bool isZero(Value v) {
  Attribute value;
  if (!matchPattern(v, m_Constant(&value)))
    return false;
  auto f = dyn_cast<FloatAttr>(value);
  return f && f.getValue().isZero();
}

/// The payload `select(cmpf <pred> a, 0), x, y` returning its pieces.
struct Select {
  arith::CmpFPredicate predicate;
  Value compared, ifTrue, ifFalse;
};
std::optional<Select> matchSelectOnSign(Block &body) {
  auto yield = cast<linalg::YieldOp>(body.getTerminator());
  // select, cmpf, yield, and constants (the zero may be defined inside).
  size_t nonConstant = llvm::count_if(body, [](Operation &op) {
    return !op.hasTrait<OpTrait::ConstantLike>();
  });
  if (yield.getNumOperands() != 1 || nonConstant != 3)
    return std::nullopt;
  auto select = yield.getOperand(0).getDefiningOp<arith::SelectOp>();
  auto cmp = select ? select.getCondition().getDefiningOp<arith::CmpFOp>()
                    : arith::CmpFOp();
  if (!cmp || !isZero(cmp.getRhs()))
    return std::nullopt;
  return Select{cmp.getPredicate(), cmp.getLhs(), select.getTrueValue(),
                select.getFalseValue()};
}

} // namespace

std::optional<MatmulEpilogue>
mlir::sinter::cpu::matchMatmulEpilogue(linalg::GenericOp op, Value product) {
  if (op.getNumDpsInits() != 1 || !op.hasPureBufferSemantics() ||
      !llvm::all_of(op.getIndexingMapsArray(),
                    [](AffineMap m) { return m.isIdentity(); }) ||
      op.getNumLoops() != 2)
    return std::nullopt;
  Block &body = op.getRegion().front();
  std::optional<Select> s = matchSelectOnSign(body);
  if (!s)
    return std::nullopt;
  // Where the product's value enters the payload: as an input, or (once in
  // place) as the output's current value.
  auto blockArgFor = [&](Value buffer) -> Value {
    for (OpOperand &operand : op->getOpOperands())
      if (operand.get() == buffer &&
          (op.isDpsInput(&operand) || op.payloadUsesValueFromOperand(&operand)))
        return body.getArgument(operand.getOperandNumber());
    return {};
  };
  Value c = blockArgFor(product);
  if (!c)
    return std::nullopt;
  // relu: c < 0 ? 0 : c
  if (s->predicate == arith::CmpFPredicate::OLT && s->compared == c &&
      isZero(s->ifTrue) && s->ifFalse == c && op.getNumDpsInputs() <= 1)
    return MatmulEpilogue{MatmulEpilogue::Relu, Value()};
  // relu mask: h > 0 ? c : 0, h another input.
  if (s->predicate == arith::CmpFPredicate::OGT && s->ifTrue == c &&
      isZero(s->ifFalse)) {
    for (OpOperand *input : op.getDpsInputOperands())
      if (input->get() != product &&
          body.getArgument(input->getOperandNumber()) == s->compared)
        return MatmulEpilogue{MatmulEpilogue::ReluMask, input->get()};
  }
  return std::nullopt;
}

namespace {

/// The op of `op`'s block that next uses `value` after `op` (deallocations
/// aside), or null.
Operation *nextUser(Value value, Operation *op) {
  Operation *next = nullptr;
  for (Operation *user : value.getUsers()) {
    if (isa<memref::DeallocOp>(user))
      continue;
    Operation *at = op->getBlock()->findAncestorOpInBlock(*user);
    if (!at || at == op || !op->isBeforeInBlock(at))
      continue;
    if (!next || at->isBeforeInBlock(next))
      next = at;
  }
  return next;
}

/// The deallocations of `buffer`, when they are all plain ones in `block`.
std::optional<SmallVector<Operation *>> deallocsIn(Value buffer,
                                                   Block *block) {
  SmallVector<Operation *> deallocs;
  for (Operation *user : buffer.getUsers())
    if (isa<memref::DeallocOp>(user)) {
      if (user->getBlock() != block)
        return std::nullopt;
      deallocs.push_back(user);
    }
  return deallocs;
}

struct FuseMatmulEpiloguesPass
    : public PassWrapper<FuseMatmulEpiloguesPass,
                         OperationPass<func::FuncOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(FuseMatmulEpiloguesPass)

  StringRef getArgument() const override {
    return "sinter-fuse-matmul-epilogues";
  }
  StringRef getDescription() const override {
    return "Make a ReLU (or its gradient's mask) after a matrix product work "
           "in place on the product's buffer, for the GEMM call to apply";
  }

  void runOnOperation() override {
    SmallVector<linalg::MatmulOp> products;
    getOperation().walk([&](linalg::MatmulOp op) {
      if (op.hasPureBufferSemantics())
        products.push_back(op);
    });
    for (linalg::MatmulOp product : products)
      fuseEpilogue(product);
  }

  void fuseEpilogue(linalg::MatmulOp product) {
    Value c = product.getDpsInits()[0];
    auto epilogue =
        dyn_cast_or_null<linalg::GenericOp>(nextUser(c, product));
    if (!epilogue || epilogue->getBlock() != product->getBlock())
      return;
    std::optional<MatmulEpilogue> kind = matchMatmulEpilogue(epilogue, c);
    Value out = epilogue.getDpsInits()[0];
    if (!kind || out == c)
      return;
    // C must die at the epilogue (nothing reads the product afterwards),
    // be a buffer of this function (not an argument the caller reads), and
    // the epilogue's output a fresh allocation nothing else wrote.
    if (nextUser(c, epilogue) || !c.getDefiningOp<memref::AllocOp>())
      return;
    auto outAlloc = out.getDefiningOp<memref::AllocOp>();
    if (!outAlloc || out.getType() != c.getType())
      return;
    Block *block = epilogue->getBlock();
    for (Operation *user : out.getUsers()) {
      Operation *at = block->findAncestorOpInBlock(*user);
      if (!at || (at != epilogue && !epilogue->isBeforeInBlock(at)))
        return;
    }
    std::optional<SmallVector<Operation *>> cDeallocs = deallocsIn(c, block);
    if (!cDeallocs || !deallocsIn(out, block))
      return;
    // Rewrite: the epilogue reads the product as its output's value and
    // writes it back; later readers of `out` read C.
    OpBuilder b(epilogue);
    Type element = cast<MemRefType>(c.getType()).getElementType();
    Location loc = epilogue.getLoc();
    Value zero = arith::ConstantOp::create(b, loc, element,
                                           b.getFloatAttr(element, 0.0));
    SmallVector<Value> inputs;
    if (kind->kind == MatmulEpilogue::ReluMask)
      inputs.push_back(kind->mask);
    auto inPlace = linalg::GenericOp::create(
        b, epilogue.getLoc(), TypeRange{}, inputs, ValueRange{c},
        SmallVector<AffineMap>(inputs.size() + 1,
                               epilogue.getIndexingMapsArray()[0]),
        epilogue.getIteratorTypesArray());
    Block *body = b.createBlock(&inPlace.getRegion());
    for (size_t i = 0; i < inputs.size() + 1; ++i)
      body->addArgument(element, loc);
    b.setInsertionPointToStart(body);
    Value value = body->getArguments().back();
    Value result;
    if (kind->kind == MatmulEpilogue::Relu) {
      Value negative = arith::CmpFOp::create(
          b, loc, arith::CmpFPredicate::OLT, value, zero);
      result = arith::SelectOp::create(b, loc, negative, zero, value);
    } else {
      Value positive = arith::CmpFOp::create(
          b, loc, arith::CmpFPredicate::OGT, body->getArgument(0), zero);
      result = arith::SelectOp::create(b, loc, positive, value, zero);
    }
    linalg::YieldOp::create(b, loc, result);
    epilogue->erase();
    // C now lives as long as the output did: its own deallocation (at its
    // old last use) goes, the output's deallocation frees C instead.
    for (Operation *dealloc : *cDeallocs)
      dealloc->erase();
    out.replaceAllUsesWith(c);
    outAlloc->erase();
  }
};

} // namespace

std::unique_ptr<Pass> mlir::sinter::cpu::createFuseMatmulEpiloguesPass() {
  return std::make_unique<FuseMatmulEpiloguesPass>();
}
