//===- SinterGradients.cpp - The gradient rule of every sinter op ---------===//
//
// One `buildGradients` per op: the vector-Jacobian product written with
// sinter ops, as a small table in the spirit of tinygrad. `g` is the gradient
// of the op's result; each rule returns one gradient per operand (null for
// operands without one). The rules match PyTorch's derivatives.yaml,
// including its choices at ties (maximum/minimum split the gradient, amax
// spreads it evenly over the maxima) and its clamps (binary cross-entropy).
//
// Shapes: operands that were broadcast get their gradient summed back to
// their shape (`sumToShape`). A gradient that needs a size known only at run
// time (the mean over a dynamic batch) computes it with ops, so one program
// serves every batch size.
//
//===----------------------------------------------------------------------===//

#include "sinter/ir/ShapeRules.h"
#include "sinter/ir/SinterOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"

#include <limits>

using namespace mlir;
using namespace mlir::sinter;

#include "sinter/ir/SinterInterfaces.cpp.inc"

namespace {

/// Builds the ops of one gradient rule at one location.
class GradientBuilder {
public:
  GradientBuilder(OpBuilder &b, Location loc) : b(b), loc(loc) {}

  static RankedTensorType typeOf(Value v) {
    return cast<RankedTensorType>(v.getType());
  }
  static Type elementOf(Value v) { return typeOf(v).getElementType(); }

  /// A 0-d constant `value` of `elementType`; it broadcasts against anything.
  Value scalar(double value, Type elementType) {
    auto type = RankedTensorType::get({}, elementType);
    if (isa<FloatType>(elementType))
      return ConstantOp::create(
          b, loc, DenseElementsAttr::get(type, FloatAttr::get(elementType, value)));
    return ConstantOp::create(
        b, loc,
        DenseElementsAttr::get(type, IntegerAttr::get(elementType,
                                                      int64_t(value))));
  }
  Value boolean(bool value) {
    return ConstantOp::create(
        b, loc,
        DenseElementsAttr::get(RankedTensorType::get({}, b.getI1Type()),
                               ArrayRef<bool>{value}));
  }

  Value add(Value x, Value y) { return AddOp::create(b, loc, x, y); }
  Value sub(Value x, Value y) { return SubOp::create(b, loc, x, y); }
  Value mul(Value x, Value y) { return MulOp::create(b, loc, x, y); }
  Value div(Value x, Value y) { return DivOp::create(b, loc, x, y); }
  Value neg(Value x) { return NegOp::create(b, loc, x); }
  Value mul(Value x, double c) { return mul(x, scalar(c, elementOf(x))); }
  Value where(Value c, Value x, Value y) {
    return WhereOp::create(b, loc, c, x, y);
  }
  Value castTo(Value x, Type elementType) {
    return elementOf(x) == elementType ? x
                                       : CastOp::create(b, loc, x, elementType);
  }
  Value sum(Value x, ArrayRef<int64_t> dims, bool keepdim) {
    return SumOp::create(b, loc, x, dims, keepdim);
  }
  Value transposeLast(Value x) {
    int64_t rank = typeOf(x).getRank();
    return TransposeOp::create(b, loc, x, uint64_t(rank - 2),
                               uint64_t(rank - 1));
  }

  /// A tensor of `x`'s shape filled with `value` of `elementType`. Written
  /// as where(true, value, x) so that it takes x's shape at run time,
  /// dynamic batch included, without reading a value of x that could be NaN.
  Value fillLike(Value x, double value, Type elementType) {
    // One op per statement: C++ leaves the order of argument evaluation
    // open, and the printed IR should not depend on the compiler.
    Value always = boolean(true);
    Value fill = scalar(value, elementType);
    return where(always, fill, castTo(x, elementType));
  }
  Value zerosLike(Value x) { return fillLike(x, 0.0, elementOf(x)); }

  /// The number of elements of `x` over `dims` (all when empty), as a 0-d
  /// or keepdim tensor of `elementType`; a constant when the sizes are
  /// static, else counted at run time.
  Value countOver(Value x, ArrayRef<int64_t> dims, bool keepdim,
                  Type elementType) {
    RankedTensorType type = typeOf(x);
    int64_t count = 1;
    bool dynamic = false;
    for (int64_t d = 0; d < type.getRank(); ++d) {
      if (!dims.empty() && !llvm::is_contained(dims, d))
        continue;
      if (type.isDynamicDim(d))
        dynamic = true;
      else
        count *= type.getDimSize(d);
    }
    if (!dynamic)
      return scalar(double(count), elementType);
    return sum(fillLike(x, 1.0, elementType), dims, keepdim);
  }

  /// Sums `g` over the dimensions that broadcasting stretched, so that it
  /// has `target`'s shape.
  Value sumToShape(Value g, Value target) {
    RankedTensorType gType = typeOf(g), tType = typeOf(target);
    if (gType.getShape() == tType.getShape())
      return g;
    int64_t lead = gType.getRank() - tType.getRank();
    SmallVector<int64_t> dims;
    for (int64_t d = 0; d < lead; ++d)
      dims.push_back(d);
    for (int64_t d = 0; d < tType.getRank(); ++d)
      if (tType.getDimSize(d) == 1 && gType.getDimSize(lead + d) != 1)
        dims.push_back(lead + d);
    Value r = g;
    if (!dims.empty())
      r = sum(r, dims, /*keepdim=*/true);
    if (lead > 0)
      r = SqueezeOp::create(b, loc, r,
                            llvm::to_vector(llvm::seq<int64_t>(0, lead)));
    return r;
  }

  /// Inserts the reduced `dims` (sorted) back into `g` as size-1 dimensions.
  Value unsqueezeReduced(Value g, ArrayRef<int64_t> dims, bool keepdim) {
    if (keepdim)
      return g;
    for (int64_t d : dims)
      g = UnsqueezeOp::create(b, loc, g, uint64_t(d));
    return g;
  }

  /// Broadcasts `g` (with size-1 dimensions where `x` was reduced) to x's
  /// shape.
  Value expandLike(Value g, Value x) {
    RankedTensorType gType = typeOf(g), xType = typeOf(x);
    SmallVector<int64_t> shape;
    for (int64_t d = 0; d < xType.getRank(); ++d) {
      int64_t gd = gType.getDimSize(d), xd = xType.getDimSize(d);
      if (gd == xd) {
        shape.push_back(-1);
      } else if (!ShapedType::isDynamic(xd)) {
        shape.push_back(xd);
      } else {
        // A reduced dynamic dimension: broadcast against x itself.
        return add(zerosLike(x), g);
      }
    }
    return BroadcastToOp::create(b, loc, g, shape);
  }

  /// Reshapes `g` to `x`'s shape; one dynamic dimension becomes -1.
  FailureOr<Value> reshapeLike(Value g, Value x, Operation *op) {
    RankedTensorType xType = typeOf(x);
    if (typeOf(g) == xType)
      return g;
    SmallVector<int64_t> shape(xType.getShape());
    if (xType.getNumDynamicDims() > 1)
      return op->emitOpError()
             << "cannot differentiate: its input " << xType
             << " has more than one dynamic dimension";
    for (int64_t &d : shape)
      if (ShapedType::isDynamic(d))
        d = -1;
    return Value(ReshapeOp::create(b, loc, g, shape));
  }

  /// Flattens all but the last dimension: [..., n] -> [N, n]; [n] -> [1, n].
  Value rows(Value x) {
    int64_t rank = typeOf(x).getRank();
    if (rank == 1)
      return UnsqueezeOp::create(b, loc, x, uint64_t(0));
    if (rank == 2)
      return x;
    return FlattenOp::create(b, loc, x, uint64_t(0), uint64_t(rank - 2));
  }

  /// The gradient of a loss from its per-element derivative `perElement`
  /// (the shape of `input`): times `g`, and divided by the element count
  /// for the mean reduction (`countOf` supplies the elements counted).
  Value reduceLoss(Value perElement, Value g, Reduction reduction,
                   Value countOf) {
    Value r = mul(perElement, g);
    if (reduction == Reduction::Mean)
      r = div(r, countOver(countOf, {}, false, elementOf(perElement)));
    return r;
  }

  OpBuilder &b;
  Location loc;
};

SmallVector<int64_t> normalizedDims(ArrayRef<int64_t> dims, int64_t rank) {
  std::string error;
  FailureOr<shape::Shape> d = shape::normalizeDims(dims, rank, error);
  return failed(d) ? SmallVector<int64_t>() : SmallVector<int64_t>(ArrayRef<int64_t>(*d));
}

int64_t normalizedDim(int64_t dim, int64_t rank) {
  std::string error;
  FailureOr<int64_t> d = shape::normalizeDim(dim, rank, error);
  return failed(d) ? 0 : *d;
}

/// maximum/minimum: the gradient goes to the operand that won, split in
/// half on ties, as PyTorch does.
void minMaxGradients(GradientBuilder &e, Value x, Value y, Value g,
                     bool isMax, SmallVectorImpl<Value> &out) {
  Value zero = e.scalar(0.0, e.elementOf(g));
  Value half = e.mul(g, 0.5);
  Value tie = EqOp::create(e.b, e.loc, x, y);
  Value xWins = isMax ? Value(GtOp::create(e.b, e.loc, x, y))
                      : Value(LtOp::create(e.b, e.loc, x, y));
  Value yWins = isMax ? Value(LtOp::create(e.b, e.loc, x, y))
                      : Value(GtOp::create(e.b, e.loc, x, y));
  out.push_back(e.sumToShape(e.where(xWins, g, e.where(tie, half, zero)), x));
  out.push_back(e.sumToShape(e.where(yWins, g, e.where(tie, half, zero)), y));
}

/// Shared by sum and mean: `g` broadcast back over the reduced dims.
Value expandReduction(GradientBuilder &e, Value g, Value x,
                      ArrayRef<int64_t> dims, bool keepdim) {
  SmallVector<int64_t> reduced = normalizedDims(dims, e.typeOf(x).getRank());
  return e.expandLike(e.unsqueezeReduced(g, reduced, keepdim), x);
}

/// amax/amin: the gradient is spread evenly over the elements equal to the
/// extremum.
Value extremumGradient(GradientBuilder &e, Value g, Value x, Value y,
                       ArrayRef<int64_t> dims, bool keepdim) {
  SmallVector<int64_t> reduced = normalizedDims(dims, e.typeOf(x).getRank());
  Type ft = e.elementOf(x);
  Value mask = e.castTo(EqOp::create(e.b, e.loc, x,
                                     e.unsqueezeReduced(y, reduced, keepdim)),
                        ft);
  Value count = e.sum(mask, reduced, /*keepdim=*/true);
  return e.mul(e.div(e.unsqueezeReduced(g, reduced, keepdim), count), mask);
}

/// cross_entropy / nll_loss: d/dinput = (softmax(x) or 0) - one_hot(t).
Value classLossGradient(GradientBuilder &e, Value input, Value target,
                        Value g, Reduction reduction, bool fromLogits) {
  Type ft = e.elementOf(input);
  int64_t classes = e.typeOf(input).getShape().back();
  Value oneHot =
      e.castTo(OneHotOp::create(e.b, e.loc, target, uint64_t(classes)), ft);
  Value perElement =
      fromLogits ? e.sub(SoftmaxOp::create(e.b, e.loc, input, uint64_t(-1)),
                         oneHot)
                 : e.neg(oneHot);
  // Per-sample gradients [N] line up with the class dimension as [N, 1].
  if (reduction == Reduction::None && e.typeOf(g).getRank() == 1)
    g = UnsqueezeOp::create(e.b, e.loc, g, uint64_t(1));
  Value r = e.mul(perElement, g);
  if (reduction == Reduction::Mean)
    r = e.div(r, e.countOver(target, {}, false, ft));
  return r;
}

} // namespace

// Ops with no gradient: their results are integer, boolean or independent
// of any operand's value.
#define SINTER_NO_GRADIENT(OP)                                                 \
  LogicalResult OP::buildGradients(OpBuilder &, Value,                         \
                                   SmallVectorImpl<Value> &out) {              \
    out.append(getOperation()->getNumOperands(), Value());                     \
    return success();                                                          \
  }
SINTER_NO_GRADIENT(GtOp)
SINTER_NO_GRADIENT(GeOp)
SINTER_NO_GRADIENT(LtOp)
SINTER_NO_GRADIENT(LeOp)
SINTER_NO_GRADIENT(EqOp)
SINTER_NO_GRADIENT(ArgmaxOp)
SINTER_NO_GRADIENT(OneHotOp)
SINTER_NO_GRADIENT(UniformOp)
SINTER_NO_GRADIENT(NormalOp)
SINTER_NO_GRADIENT(ConstantOp)
SINTER_NO_GRADIENT(FullOp)
#undef SINTER_NO_GRADIENT

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

LogicalResult AddOp::buildGradients(OpBuilder &b, Value g,
                                    SmallVectorImpl<Value> &out) {
  GradientBuilder e(b, getLoc());
  out.push_back(e.sumToShape(g, getLhs()));
  out.push_back(e.sumToShape(g, getRhs()));
  return success();
}

LogicalResult SubOp::buildGradients(OpBuilder &b, Value g,
                                    SmallVectorImpl<Value> &out) {
  GradientBuilder e(b, getLoc());
  out.push_back(e.sumToShape(g, getLhs()));
  out.push_back(e.sumToShape(e.neg(g), getRhs()));
  return success();
}

LogicalResult MulOp::buildGradients(OpBuilder &b, Value g,
                                    SmallVectorImpl<Value> &out) {
  GradientBuilder e(b, getLoc());
  out.push_back(e.sumToShape(e.mul(g, getRhs()), getLhs()));
  out.push_back(e.sumToShape(e.mul(g, getLhs()), getRhs()));
  return success();
}

LogicalResult DivOp::buildGradients(OpBuilder &b, Value g,
                                    SmallVectorImpl<Value> &out) {
  GradientBuilder e(b, getLoc());
  // d(a/b)/da = 1/b; d(a/b)/db = -a/b² = -(a/b)/b.
  out.push_back(e.sumToShape(e.div(g, getRhs()), getLhs()));
  out.push_back(e.sumToShape(
      e.neg(e.div(e.mul(g, getResult()), getRhs())), getRhs()));
  return success();
}

LogicalResult MaximumOp::buildGradients(OpBuilder &b, Value g,
                                        SmallVectorImpl<Value> &out) {
  GradientBuilder e(b, getLoc());
  minMaxGradients(e, getLhs(), getRhs(), g, /*isMax=*/true, out);
  return success();
}

LogicalResult MinimumOp::buildGradients(OpBuilder &b, Value g,
                                        SmallVectorImpl<Value> &out) {
  GradientBuilder e(b, getLoc());
  minMaxGradients(e, getLhs(), getRhs(), g, /*isMax=*/false, out);
  return success();
}

LogicalResult WhereOp::buildGradients(OpBuilder &b, Value g,
                                      SmallVectorImpl<Value> &out) {
  GradientBuilder e(b, getLoc());
  Value zero = e.scalar(0.0, e.elementOf(g));
  out.push_back(Value());
  out.push_back(e.sumToShape(e.where(getCondition(), g, zero), getSelf()));
  out.push_back(e.sumToShape(e.where(getCondition(), zero, g), getOther()));
  return success();
}

LogicalResult NegOp::buildGradients(OpBuilder &b, Value g,
                                    SmallVectorImpl<Value> &out) {
  out.push_back(GradientBuilder(b, getLoc()).neg(g));
  return success();
}

LogicalResult ExpOp::buildGradients(OpBuilder &b, Value g,
                                    SmallVectorImpl<Value> &out) {
  out.push_back(GradientBuilder(b, getLoc()).mul(g, getResult()));
  return success();
}

LogicalResult LogOp::buildGradients(OpBuilder &b, Value g,
                                    SmallVectorImpl<Value> &out) {
  out.push_back(GradientBuilder(b, getLoc()).div(g, getInput()));
  return success();
}

LogicalResult SqrtOp::buildGradients(OpBuilder &b, Value g,
                                     SmallVectorImpl<Value> &out) {
  GradientBuilder e(b, getLoc());
  out.push_back(e.div(e.mul(g, 0.5), getResult()));
  return success();
}

LogicalResult RsqrtOp::buildGradients(OpBuilder &b, Value g,
                                      SmallVectorImpl<Value> &out) {
  GradientBuilder e(b, getLoc());
  // d(x^-1/2)/dx = -1/2 x^-3/2 = -1/2 y³.
  Value y = getResult();
  Value cube = e.mul(y, e.mul(y, y));
  out.push_back(e.mul(e.mul(g, -0.5), cube));
  return success();
}

LogicalResult SigmoidOp::buildGradients(OpBuilder &b, Value g,
                                        SmallVectorImpl<Value> &out) {
  GradientBuilder e(b, getLoc());
  Value y = getResult();
  Value one = e.scalar(1.0, e.elementOf(y));
  out.push_back(e.mul(g, e.mul(y, e.sub(one, y))));
  return success();
}

LogicalResult TanhOp::buildGradients(OpBuilder &b, Value g,
                                     SmallVectorImpl<Value> &out) {
  GradientBuilder e(b, getLoc());
  Value y = getResult();
  Value one = e.scalar(1.0, e.elementOf(y));
  out.push_back(e.mul(g, e.sub(one, e.mul(y, y))));
  return success();
}

LogicalResult ReluOp::buildGradients(OpBuilder &b, Value g,
                                     SmallVectorImpl<Value> &out) {
  GradientBuilder e(b, getLoc());
  // PyTorch's threshold_backward reads the output: the mask is y > 0.
  Value zero = e.scalar(0.0, e.elementOf(g));
  Value positive = GtOp::create(b, getLoc(), getResult(), zero);
  out.push_back(e.where(positive, g, zero));
  return success();
}

LogicalResult PowOp::buildGradients(OpBuilder &b, Value g,
                                    SmallVectorImpl<Value> &out) {
  GradientBuilder e(b, getLoc());
  double exponent = getExponentAttr().getValueAsDouble();
  if (exponent == 0.0) {
    out.push_back(e.zerosLike(getInput()));
    return success();
  }
  if (exponent == 1.0) {
    out.push_back(g);
    return success();
  }
  Value power = PowOp::create(b, getLoc(), getInput(),
                              APFloat(exponent - 1.0));
  out.push_back(e.mul(e.mul(g, exponent), power));
  return success();
}

LogicalResult CastOp::buildGradients(OpBuilder &b, Value g,
                                     SmallVectorImpl<Value> &out) {
  GradientBuilder e(b, getLoc());
  Type from = e.elementOf(getInput());
  bool floatToFloat = isa<FloatType>(from) && isa<FloatType>(e.elementOf(g));
  out.push_back(floatToFloat ? e.castTo(g, from) : Value());
  return success();
}

//===----------------------------------------------------------------------===//
// Softmax family
//===----------------------------------------------------------------------===//

LogicalResult SoftmaxOp::buildGradients(OpBuilder &b, Value g,
                                        SmallVectorImpl<Value> &out) {
  GradientBuilder e(b, getLoc());
  // dx = y * (g - sum(g * y, dim))
  Value y = getResult();
  int64_t dim = int64_t(getDim());
  Value dot = e.sum(e.mul(g, y), {dim}, /*keepdim=*/true);
  out.push_back(e.mul(y, e.sub(g, dot)));
  return success();
}

LogicalResult LogSoftmaxOp::buildGradients(OpBuilder &b, Value g,
                                           SmallVectorImpl<Value> &out) {
  GradientBuilder e(b, getLoc());
  // dx = g - exp(y) * sum(g, dim)
  int64_t dim = int64_t(getDim());
  Value total = e.sum(g, {dim}, /*keepdim=*/true);
  Value probabilities = ExpOp::create(b, getLoc(), getResult());
  out.push_back(e.sub(g, e.mul(probabilities, total)));
  return success();
}

//===----------------------------------------------------------------------===//
// Linear algebra
//===----------------------------------------------------------------------===//

LogicalResult MatmulOp::buildGradients(OpBuilder &b, Value g,
                                       SmallVectorImpl<Value> &out) {
  GradientBuilder e(b, getLoc());
  // dA = g·Bᵀ, dB = Aᵀ·g, summed over broadcast batch dimensions.
  Value gradLhs = MatmulOp::create(b, getLoc(), g, e.transposeLast(getRhs()));
  Value gradRhs = MatmulOp::create(b, getLoc(), e.transposeLast(getLhs()), g);
  out.push_back(e.sumToShape(gradLhs, getLhs()));
  out.push_back(e.sumToShape(gradRhs, getRhs()));
  return success();
}

LogicalResult LinearOp::buildGradients(OpBuilder &b, Value g,
                                       SmallVectorImpl<Value> &out) {
  GradientBuilder e(b, getLoc());
  // y = x·Wᵀ + b: dx = g·W = linear(g, Wᵀ); dW = gᵀ·x over all rows;
  // db = g summed over all rows.
  Value weightT = TransposeOp::create(b, getLoc(), getWeight(), uint64_t(0),
                                      uint64_t(1));
  out.push_back(LinearOp::create(b, getLoc(), g, weightT, Value()));
  Value gRows = e.rows(g), xRows = e.rows(getInput());
  out.push_back(MatmulOp::create(
      b, getLoc(),
      TransposeOp::create(b, getLoc(), gRows, uint64_t(0), uint64_t(1)),
      xRows));
  if (getBias())
    out.push_back(e.sum(gRows, {0}, /*keepdim=*/false));
  return success();
}

LogicalResult TransposeOp::buildGradients(OpBuilder &b, Value g,
                                          SmallVectorImpl<Value> &out) {
  out.push_back(TransposeOp::create(b, getLoc(), g, getDim0(), getDim1()));
  return success();
}

LogicalResult PermuteOp::buildGradients(OpBuilder &b, Value g,
                                        SmallVectorImpl<Value> &out) {
  int64_t rank = GradientBuilder::typeOf(getInput()).getRank();
  SmallVector<int64_t> inverse(rank);
  for (auto [i, d] : llvm::enumerate(getDims()))
    inverse[normalizedDim(d, rank)] = int64_t(i);
  out.push_back(PermuteOp::create(b, getLoc(), g, inverse));
  return success();
}

//===----------------------------------------------------------------------===//
// Shape ops
//===----------------------------------------------------------------------===//

LogicalResult ReshapeOp::buildGradients(OpBuilder &b, Value g,
                                        SmallVectorImpl<Value> &out) {
  FailureOr<Value> r =
      GradientBuilder(b, getLoc()).reshapeLike(g, getInput(), *this);
  if (failed(r))
    return failure();
  out.push_back(*r);
  return success();
}

LogicalResult FlattenOp::buildGradients(OpBuilder &b, Value g,
                                        SmallVectorImpl<Value> &out) {
  FailureOr<Value> r =
      GradientBuilder(b, getLoc()).reshapeLike(g, getInput(), *this);
  if (failed(r))
    return failure();
  out.push_back(*r);
  return success();
}

LogicalResult SqueezeOp::buildGradients(OpBuilder &b, Value g,
                                        SmallVectorImpl<Value> &out) {
  GradientBuilder e(b, getLoc());
  // Put back, in increasing order, the size-1 dimensions squeeze removed.
  RankedTensorType in = e.typeOf(getInput());
  SmallVector<int64_t> removed;
  SmallVector<int64_t> listed = normalizedDims(getDims(), in.getRank());
  for (int64_t d = 0; d < in.getRank(); ++d)
    if (in.getDimSize(d) == 1 &&
        (getDims().empty() || llvm::is_contained(listed, d)))
      removed.push_back(d);
  out.push_back(e.unsqueezeReduced(g, removed, /*keepdim=*/false));
  return success();
}

LogicalResult UnsqueezeOp::buildGradients(OpBuilder &b, Value g,
                                          SmallVectorImpl<Value> &out) {
  int64_t rank = GradientBuilder::typeOf(g).getRank();
  int64_t dim = normalizedDim(int64_t(getDim()), rank);
  out.push_back(SqueezeOp::create(b, getLoc(), g, ArrayRef<int64_t>{dim}));
  return success();
}

LogicalResult BroadcastToOp::buildGradients(OpBuilder &b, Value g,
                                            SmallVectorImpl<Value> &out) {
  out.push_back(GradientBuilder(b, getLoc()).sumToShape(g, getInput()));
  return success();
}

LogicalResult ConcatOp::buildGradients(OpBuilder &b, Value g,
                                       SmallVectorImpl<Value> &out) {
  int64_t rank = GradientBuilder::typeOf(g).getRank();
  int64_t dim = normalizedDim(int64_t(getDim()), rank);
  int64_t offset = 0;
  for (Value input : getInputs()) {
    int64_t size = GradientBuilder::typeOf(input).getDimSize(dim);
    if (ShapedType::isDynamic(size))
      return emitOpError() << "cannot differentiate: input " << input.getType()
                           << " has a dynamic size along the concatenated "
                              "dimension "
                           << dim;
    out.push_back(SliceOp::create(b, getLoc(), g, uint64_t(dim),
                                  uint64_t(offset), uint64_t(offset + size),
                                  uint64_t(1)));
    offset += size;
  }
  return success();
}

LogicalResult SliceOp::buildGradients(OpBuilder &b, Value g,
                                      SmallVectorImpl<Value> &out) {
  GradientBuilder e(b, getLoc());
  Value x = getInput();
  RankedTensorType in = e.typeOf(x);
  int64_t dim = normalizedDim(int64_t(getDim()), in.getRank());
  int64_t dimSize = in.getDimSize(dim);
  if (ShapedType::isDynamic(dimSize))
    return emitOpError() << "cannot differentiate a slice along dynamic "
                            "dimension "
                         << dim << " of " << in;
  std::string error;
  shape::SliceBounds bounds = *shape::sliceBounds(
      dimSize, int64_t(getStart()), int64_t(getEnd()), int64_t(getStep()),
      error);
  if (bounds.size == 0) {
    out.push_back(e.zerosLike(x));
    return success();
  }
  // Spread g to every step-th position: [.., n, ..] -> [.., n, step, ..]
  // with zeros after each element -> [.., n*step, ..], cut to the span.
  Value spread = g;
  int64_t span = bounds.size;
  if (bounds.step > 1) {
    Value column = UnsqueezeOp::create(b, getLoc(), g, uint64_t(dim + 1));
    SmallVector<Value> pieces(1, column);
    Value zeros = e.zerosLike(column);
    for (int64_t i = 1; i < bounds.step; ++i)
      pieces.push_back(zeros);
    spread = FlattenOp::create(
        b, getLoc(), ConcatOp::create(b, getLoc(), pieces, uint64_t(dim + 1)),
        uint64_t(dim), uint64_t(dim + 1));
    span = std::min(bounds.size * bounds.step, dimSize - bounds.start);
    if (span != bounds.size * bounds.step)
      spread = SliceOp::create(b, getLoc(), spread, uint64_t(dim), uint64_t(0),
                               uint64_t(span), uint64_t(1));
  }
  // Zeros before and after the span, shaped by slices of x itself so that
  // dynamic dimensions elsewhere come along.
  SmallVector<Value> pieces;
  if (bounds.start > 0)
    pieces.push_back(e.zerosLike(SliceOp::create(
        b, getLoc(), x, uint64_t(dim), uint64_t(0), uint64_t(bounds.start),
        uint64_t(1))));
  pieces.push_back(spread);
  if (bounds.start + span < dimSize)
    pieces.push_back(e.zerosLike(SliceOp::create(
        b, getLoc(), x, uint64_t(dim), uint64_t(bounds.start + span),
        uint64_t(dimSize), uint64_t(1))));
  out.push_back(pieces.size() == 1
                    ? pieces[0]
                    : Value(ConcatOp::create(b, getLoc(), pieces,
                                             uint64_t(dim))));
  return success();
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

LogicalResult SumOp::buildGradients(OpBuilder &b, Value g,
                                    SmallVectorImpl<Value> &out) {
  GradientBuilder e(b, getLoc());
  out.push_back(expandReduction(e, g, getInput(), getDims(), getKeepdim()));
  return success();
}

LogicalResult MeanOp::buildGradients(OpBuilder &b, Value g,
                                     SmallVectorImpl<Value> &out) {
  GradientBuilder e(b, getLoc());
  Value x = getInput();
  SmallVector<int64_t> reduced =
      normalizedDims(getDims(), e.typeOf(x).getRank());
  Value expanded = expandReduction(e, g, x, getDims(), getKeepdim());
  Value count = e.countOver(x, reduced, /*keepdim=*/true, e.elementOf(x));
  out.push_back(e.div(expanded, count));
  return success();
}

template <typename OpTy>
static LogicalResult extremumGradients(OpTy op, OpBuilder &b, Value g,
                                       SmallVectorImpl<Value> &out) {
  GradientBuilder e(b, op.getLoc());
  out.push_back(extremumGradient(e, g, op.getInput(), op.getResult(),
                                 op.getDims(), op.getKeepdim()));
  return success();
}

LogicalResult MaxOp::buildGradients(OpBuilder &b, Value g,
                                    SmallVectorImpl<Value> &out) {
  return extremumGradients(*this, b, g, out);
}

LogicalResult MinOp::buildGradients(OpBuilder &b, Value g,
                                    SmallVectorImpl<Value> &out) {
  return extremumGradients(*this, b, g, out);
}

//===----------------------------------------------------------------------===//
// nn
//===----------------------------------------------------------------------===//

LogicalResult EmbeddingOp::buildGradients(OpBuilder &b, Value g,
                                          SmallVectorImpl<Value> &out) {
  // Rows of g added into the rows they were gathered from (duplicates
  // accumulate), as PyTorch's embedding_dense_backward.
  int64_t rows = GradientBuilder::typeOf(getWeight()).getDimSize(0);
  out.push_back(Value());
  out.push_back(EmbeddingDenseBackwardOp::create(b, getLoc(), g, getIndices(),
                                                 uint64_t(rows)));
  return success();
}

LogicalResult EmbeddingDenseBackwardOp::buildGradients(
    OpBuilder &b, Value g, SmallVectorImpl<Value> &out) {
  // Linear in grad: its gradient gathers g's rows back.
  out.push_back(EmbeddingOp::create(b, getLoc(), getIndices(), g));
  out.push_back(Value());
  return success();
}

LogicalResult DropoutOp::buildGradients(OpBuilder &b, Value g,
                                        SmallVectorImpl<Value> &out) {
  // The same seed, stream and shape draw the same mask: the gradient is
  // the dropout of g, recomputed rather than saved.
  out.push_back(DropoutOp::create(b, getLoc(), g, getSeed(), getPAttr(),
                                  getStreamAttr()));
  out.push_back(Value());
  return success();
}

//===----------------------------------------------------------------------===//
// Losses
//===----------------------------------------------------------------------===//

LogicalResult MseLossOp::buildGradients(OpBuilder &b, Value g,
                                        SmallVectorImpl<Value> &out) {
  GradientBuilder e(b, getLoc());
  Value diff = e.mul(e.sub(getInput(), getTarget()), 2.0);
  Value dInput = e.reduceLoss(diff, g, getReduction(), getInput());
  out.push_back(dInput);
  out.push_back(e.neg(dInput));
  return success();
}

LogicalResult BinaryCrossEntropyOp::buildGradients(
    OpBuilder &b, Value g, SmallVectorImpl<Value> &out) {
  GradientBuilder e(b, getLoc());
  Value p = getInput(), t = getTarget();
  Type ft = e.elementOf(p);
  Value one = e.scalar(1.0, ft);
  // PyTorch: (p - t) / max((1 - p) p, 1e-12).
  Value product = e.mul(e.sub(one, p), p);
  Value denominator =
      MaximumOp::create(b, getLoc(), product, e.scalar(1e-12, ft));
  out.push_back(
      e.reduceLoss(e.div(e.sub(p, t), denominator), g, getReduction(), p));
  // d/dt = -logit(p) = log(1 - p) - log(p), unclamped: PyTorch's
  // binary_cross_entropy_target_backward (the loss's -100 clamps are not
  // applied here, so p = 0 gives +inf and p = 1 gives -inf, as in PyTorch).
  Value log1mP = LogOp::create(b, getLoc(), e.sub(one, p));
  Value logP = LogOp::create(b, getLoc(), p);
  out.push_back(e.reduceLoss(e.sub(log1mP, logP), g, getReduction(), p));
  return success();
}

LogicalResult BinaryCrossEntropyWithLogitsOp::buildGradients(
    OpBuilder &b, Value g, SmallVectorImpl<Value> &out) {
  GradientBuilder e(b, getLoc());
  Value x = getInput();
  Value sigmoid = SigmoidOp::create(b, getLoc(), x);
  out.push_back(
      e.reduceLoss(e.sub(sigmoid, getTarget()), g, getReduction(), x));
  out.push_back(e.reduceLoss(e.neg(x), g, getReduction(), x));
  return success();
}

LogicalResult CrossEntropyOp::buildGradients(OpBuilder &b, Value g,
                                             SmallVectorImpl<Value> &out) {
  GradientBuilder e(b, getLoc());
  out.push_back(classLossGradient(e, getInput(), getTarget(), g,
                                  getReduction(), /*fromLogits=*/true));
  out.push_back(Value());
  return success();
}

LogicalResult NllLossOp::buildGradients(OpBuilder &b, Value g,
                                        SmallVectorImpl<Value> &out) {
  GradientBuilder e(b, getLoc());
  out.push_back(classLossGradient(e, getInput(), getTarget(), g,
                                  getReduction(), /*fromLogits=*/false));
  out.push_back(Value());
  return success();
}
