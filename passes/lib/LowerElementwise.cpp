//===- LowerElementwise.cpp - Lowering of elementwise ops and reductions --===//
//
// Elementwise ops become one linalg.generic each (operands read through
// broadcasting maps), reductions a linalg.generic with reduction iterators
// into a linalg.fill'ed accumulator, the random ops Philox4x32-10 spelled
// out in arith ops inside a generic that reads its element index with
// linalg.index.
//
// The reference semantics are the interpreter's (Interpreter.cpp). Where it
// computes in double for a float32 tensor (sigmoid, rsqrt, pow, softmax, the
// float sums and means, the random numbers) the lowering computes in f64 too
// and rounds once at the end, so that the two agree bit for bit; the other
// unary math (exp, log, sqrt, tanh) runs in the element type as the
// interpreter does.
//
//===----------------------------------------------------------------------===//
#include "sinter/passes/Lowering.h"

#include "sinter/ir/ShapeRules.h"
#include "sinter/ir/SinterOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

#include <functional>
#include <limits>

using namespace mlir;
using namespace mlir::sinter;

namespace {

//===----------------------------------------------------------------------===//
// Scalar helpers (used inside generic bodies)
//===----------------------------------------------------------------------===//

bool isFloat(Type t) { return isa<FloatType>(t); }

Value constF(OpBuilder &b, Location loc, Type type, double v) {
  return lowering::scalarConstant(b, loc, type, v);
}

Value constI(OpBuilder &b, Location loc, Type type, const APInt &v) {
  return arith::ConstantOp::create(b, loc, type, b.getIntegerAttr(type, v));
}

Value constI(OpBuilder &b, Location loc, Type type, uint64_t v) {
  return constI(b, loc, type,
                APInt(type.getIntOrFloatBitWidth(), v, /*isSigned=*/false,
                      /*implicitTrunc=*/true));
}

Value cmpF(OpBuilder &b, Location loc, arith::CmpFPredicate p, Value x,
           Value y) {
  return arith::CmpFOp::create(b, loc, p, x, y);
}

Value cmpI(OpBuilder &b, Location loc, arith::CmpIPredicate p, Value x,
           Value y) {
  return arith::CmpIOp::create(b, loc, p, x, y);
}

Value select(OpBuilder &b, Location loc, Value c, Value x, Value y) {
  return arith::SelectOp::create(b, loc, c, x, y);
}

Value isNaN(OpBuilder &b, Location loc, Value x) {
  return cmpF(b, loc, arith::CmpFPredicate::UNO, x, x);
}

/// `x` widened to f64 (a no-op for f64).
Value toF64(OpBuilder &b, Location loc, Value x) {
  if (x.getType().isF64())
    return x;
  return arith::ExtFOp::create(b, loc, b.getF64Type(), x);
}

/// An f64 `x` rounded to `type` (a no-op for f64).
Value fromF64(OpBuilder &b, Location loc, Value x, Type type) {
  if (type.isF64())
    return x;
  return arith::TruncFOp::create(b, loc, type, x);
}

/// One element converted as the interpreter's convertElement: float to
/// integer truncates toward zero, NaN gives 0 and out-of-range values
/// saturate; anything to i1 is `x != 0`; i1 to a number is 0 or 1.
Value castScalar(OpBuilder &b, Location loc, Value v, Type to) {
  Type from = v.getType();
  if (from == to)
    return v;
  if (to.isInteger(1)) {
    if (isFloat(from))
      return cmpF(b, loc, arith::CmpFPredicate::UNE, v,
                  constF(b, loc, from, 0.0));
    return cmpI(b, loc, arith::CmpIPredicate::ne, v,
                constI(b, loc, from, uint64_t(0)));
  }
  if (from.isInteger(1)) {
    if (isFloat(to))
      return arith::UIToFPOp::create(b, loc, to, v);
    return arith::ExtUIOp::create(b, loc, to, v);
  }
  unsigned fromWidth = from.getIntOrFloatBitWidth();
  unsigned toWidth = to.getIntOrFloatBitWidth();
  if (isFloat(from) && isFloat(to))
    return toWidth > fromWidth
               ? arith::ExtFOp::create(b, loc, to, v).getResult()
               : arith::TruncFOp::create(b, loc, to, v).getResult();
  if (!isFloat(from) && !isFloat(to))
    return toWidth > fromWidth
               ? arith::ExtSIOp::create(b, loc, to, v).getResult()
               : arith::TruncIOp::create(b, loc, to, v).getResult();
  if (isFloat(to))
    return arith::SIToFPOp::create(b, loc, to, v);
  // Float to integer. The bounds are the integer limits as doubles, rounded
  // to the source type: comparing `v` with them is comparing trunc(v), since
  // the bounds are integers.
  APInt minValue = APInt::getSignedMinValue(toWidth);
  APInt maxValue = APInt::getSignedMaxValue(toWidth);
  Value low = constF(b, loc, from, double(minValue.getSExtValue()));
  Value high = constF(b, loc, from, double(maxValue.getSExtValue()));
  Value converted = arith::FPToSIOp::create(b, loc, to, v);
  Value r = select(b, loc, cmpF(b, loc, arith::CmpFPredicate::OLE, v, low),
                   constI(b, loc, to, minValue), converted);
  r = select(b, loc, cmpF(b, loc, arith::CmpFPredicate::OGE, v, high),
             constI(b, loc, to, maxValue), r);
  return select(b, loc, isNaN(b, loc, v), constI(b, loc, to, uint64_t(0)), r);
}

//===----------------------------------------------------------------------===//
// Tensor helpers
//===----------------------------------------------------------------------===//

SmallVector<utils::IteratorType> iterators(int64_t rank,
                                           ArrayRef<int64_t> reduced = {}) {
  SmallVector<utils::IteratorType> types(rank, utils::IteratorType::parallel);
  for (int64_t d : reduced)
    types[d] = utils::IteratorType::reduction;
  return types;
}

/// The size of dimension `d` of `v` as an index value.
Value dimSize(OpBuilder &b, Location loc, Value v, int64_t d) {
  auto type = cast<RankedTensorType>(v.getType());
  if (!type.isDynamicDim(d))
    return arith::ConstantIndexOp::create(b, loc, type.getDimSize(d));
  return tensor::DimOp::create(b, loc, v, d);
}

/// tensor.empty with dimensions `dims` of `source` and `elementType`.
Value emptyFromDims(OpBuilder &b, Location loc, Value source,
                    ArrayRef<int64_t> dims, Type elementType) {
  auto type = cast<RankedTensorType>(source.getType());
  SmallVector<int64_t> shape;
  SmallVector<Value> dynamicSizes;
  for (int64_t d : dims) {
    shape.push_back(type.getDimSize(d));
    if (type.isDynamicDim(d))
      dynamicSizes.push_back(tensor::DimOp::create(b, loc, source, d));
  }
  return tensor::EmptyOp::create(b, loc, shape, elementType, dynamicSizes);
}

Value fill(OpBuilder &b, Location loc, Value scalar, Value init) {
  return linalg::FillOp::create(b, loc, ValueRange{scalar}, ValueRange{init})
      .getResult(0);
}

using BodyFn = function_ref<Value(OpBuilder &, Location, ValueRange)>;

/// A linalg.generic computing `resultType` element by element from
/// `operands`, each read with its broadcasting map.
Value mapElements(OpBuilder &b, Location loc, RankedTensorType resultType,
                  ValueRange operands, BodyFn body) {
  MLIRContext *context = b.getContext();
  Value init = lowering::emptyTensor(b, loc, resultType, operands);
  SmallVector<AffineMap> maps;
  for (Value v : operands)
    maps.push_back(lowering::broadcastMap(
        context, cast<RankedTensorType>(v.getType()), resultType));
  maps.push_back(b.getMultiDimIdentityMap(resultType.getRank()));
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{resultType}, operands, ValueRange{init}, maps,
      iterators(resultType.getRank()),
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        Value v = body(nb, nloc, args.drop_back());
        linalg::YieldOp::create(nb, nloc, v);
      });
  return generic.getResult(0);
}

/// The map (d0, .., dn) -> (the dimensions not in `reduced`).
AffineMap keptMap(MLIRContext *context, int64_t rank,
                  ArrayRef<int64_t> reduced) {
  SmallVector<AffineExpr> exprs;
  for (int64_t d = 0; d < rank; ++d)
    if (!llvm::is_contained(reduced, d))
      exprs.push_back(getAffineDimExpr(d, context));
  return AffineMap::get(rank, 0, exprs, context);
}

SmallVector<int64_t> keptDims(int64_t rank, ArrayRef<int64_t> reduced) {
  SmallVector<int64_t> kept;
  for (int64_t d = 0; d < rank; ++d)
    if (!llvm::is_contained(reduced, d))
      kept.push_back(d);
  return kept;
}

using CombineFn =
    function_ref<SmallVector<Value>(OpBuilder &, Location, ValueRange)>;

/// A reduction of `full` (tensors of one shape, read element by element)
/// over its dimensions `reduced` into one accumulator per `initScalars`
/// (tensors of the kept dimensions, filled with the scalar). `kept` are
/// further inputs with the kept dimensions' shape. `combine` gets the
/// elements of `full`, then of `kept`, then the accumulators, and returns
/// the new accumulators.
SmallVector<Value> reduceDims(OpBuilder &b, Location loc, ValueRange full,
                              ValueRange kept, ArrayRef<int64_t> reduced,
                              ValueRange initScalars, CombineFn combine) {
  MLIRContext *context = b.getContext();
  Value source = full.front();
  int64_t rank = cast<RankedTensorType>(source.getType()).getRank();
  SmallVector<int64_t> keep = keptDims(rank, reduced);
  SmallVector<Value> inits;
  SmallVector<Type> types;
  for (Value scalar : initScalars) {
    Value init =
        fill(b, loc, scalar, emptyFromDims(b, loc, source, keep, scalar.getType()));
    inits.push_back(init);
    types.push_back(init.getType());
  }
  AffineMap identity = b.getMultiDimIdentityMap(rank);
  AffineMap projection = keptMap(context, rank, reduced);
  SmallVector<AffineMap> maps;
  SmallVector<Value> inputs;
  for (Value v : full) {
    inputs.push_back(v);
    maps.push_back(identity);
  }
  for (Value v : kept) {
    inputs.push_back(v);
    maps.push_back(projection);
  }
  for (size_t i = 0; i < inits.size(); ++i)
    maps.push_back(projection);
  auto generic = linalg::GenericOp::create(
      b, loc, types, inputs, inits, maps, iterators(rank, reduced),
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        SmallVector<Value> results = combine(nb, nloc, args);
        linalg::YieldOp::create(nb, nloc, results);
      });
  return SmallVector<Value>(generic.getResults());
}

/// `value` (the kept dimensions of a reduction of a rank-`rank` tensor over
/// `reduced`) reshaped to `resultType`, which keeps the reduced dimensions
/// with size 1.
Value expandKeepdim(OpBuilder &b, Location loc, Value value,
                    RankedTensorType resultType, ArrayRef<int64_t> reduced) {
  if (value.getType() == resultType)
    return value;
  int64_t rank = resultType.getRank();
  SmallVector<ReassociationIndices> groups;
  ReassociationIndices leading;
  for (int64_t d = 0; d < rank; ++d) {
    bool isReduced = llvm::is_contained(reduced, d);
    if (!isReduced) {
      leading.push_back(d);
      groups.push_back(leading);
      leading.clear();
    } else if (groups.empty()) {
      leading.push_back(d); // before the first kept dimension
    } else {
      groups.back().push_back(d);
    }
  }
  // With no kept dimension the source is 0-d: no groups at all.
  return tensor::ExpandShapeOp::create(b, loc, resultType, value, groups);
}

/// The normalized reduced dimensions of a reduction op (all of them when
/// `dims` is empty).
FailureOr<SmallVector<int64_t>> reducedDims(ArrayRef<int64_t> dims,
                                            int64_t rank) {
  std::string error;
  FailureOr<shape::Shape> normalized = shape::normalizeDims(dims, rank, error);
  if (failed(normalized))
    return failure();
  return SmallVector<int64_t>(normalized->begin(), normalized->end());
}

//===----------------------------------------------------------------------===//
// Philox4x32-10 in arith ops (runtime/include/sinter/runtime/Philox.h)
//===----------------------------------------------------------------------===//

struct Philox {
  /// The round keys (k0, k1) of each of the 10 rounds.
  SmallVector<std::pair<Value, Value>> keys;
  Value stream0, stream1, mul0, mul1, shift32;
};

/// The loop-invariant part, built before the generic: the round keys from
/// the 0-d seed tensor and the constants.
Philox philoxSetup(OpBuilder &b, Location loc, Value seedTensor,
                   uint64_t stream) {
  Type i32 = b.getI32Type(), i64 = b.getI64Type();
  Philox p;
  Value seed = tensor::ExtractOp::create(b, loc, seedTensor, ValueRange{});
  p.shift32 = constI(b, loc, i64, uint64_t(32));
  Value k0 = arith::TruncIOp::create(b, loc, i32, seed);
  Value k1 = arith::TruncIOp::create(
      b, loc, i32, arith::ShRUIOp::create(b, loc, seed, p.shift32));
  Value weyl0 = constI(b, loc, i32, uint64_t(0x9E3779B9u));
  Value weyl1 = constI(b, loc, i32, uint64_t(0xBB67AE85u));
  for (int round = 0; round < 10; ++round) {
    if (round > 0) {
      k0 = arith::AddIOp::create(b, loc, k0, weyl0);
      k1 = arith::AddIOp::create(b, loc, k1, weyl1);
    }
    p.keys.push_back({k0, k1});
  }
  p.stream0 = constI(b, loc, i32, uint64_t(uint32_t(stream)));
  p.stream1 = constI(b, loc, i32, uint64_t(uint32_t(stream >> 32)));
  p.mul0 = constI(b, loc, i32, uint64_t(0xD2511F53u));
  p.mul1 = constI(b, loc, i32, uint64_t(0xCD9E8D57u));
  return p;
}

/// The four words of element `index` (i64).
SmallVector<Value, 4> philoxWords(OpBuilder &b, Location loc, const Philox &p,
                                  Value index) {
  Type i32 = b.getI32Type();
  Value c0 = arith::TruncIOp::create(b, loc, i32, index);
  Value c1 = arith::TruncIOp::create(
      b, loc, i32, arith::ShRUIOp::create(b, loc, index, p.shift32));
  Value c2 = p.stream0, c3 = p.stream1;
  for (auto [k0, k1] : p.keys) {
    auto p0 = arith::MulUIExtendedOp::create(b, loc, p.mul0, c0);
    auto p1 = arith::MulUIExtendedOp::create(b, loc, p.mul1, c2);
    Value n0 = arith::XOrIOp::create(
        b, loc, arith::XOrIOp::create(b, loc, p1.getHigh(), c1), k0);
    Value n2 = arith::XOrIOp::create(
        b, loc, arith::XOrIOp::create(b, loc, p0.getHigh(), c3), k1);
    c0 = n0;
    c1 = p1.getLow();
    c2 = n2;
    c3 = p0.getLow();
  }
  return {c0, c1, c2, c3};
}

/// uniformUnitF32(w) widened to f64: (w >> 8) * 2^-24.
Value unitF32AsF64(OpBuilder &b, Location loc, Value w) {
  Type i32 = b.getI32Type(), f32 = b.getF32Type();
  Value bits = arith::ShRUIOp::create(b, loc, w, constI(b, loc, i32, 8));
  Value u = arith::MulFOp::create(b, loc,
                                  arith::UIToFPOp::create(b, loc, f32, bits),
                                  constF(b, loc, f32, 1.0 / 16777216.0));
  return toF64(b, loc, u);
}

/// uniformUnitF64(w0, w1): ((w0 >> 5) * 2^26 + (w1 >> 6)) * 2^-53.
Value unitF64(OpBuilder &b, Location loc, Value w0, Value w1) {
  Type i32 = b.getI32Type(), f64 = b.getF64Type();
  Value a = arith::UIToFPOp::create(
      b, loc, f64, arith::ShRUIOp::create(b, loc, w0, constI(b, loc, i32, 5)));
  Value c = arith::UIToFPOp::create(
      b, loc, f64, arith::ShRUIOp::create(b, loc, w1, constI(b, loc, i32, 6)));
  Value sum = arith::AddFOp::create(
      b, loc, arith::MulFOp::create(b, loc, a, constF(b, loc, f64, 67108864.0)),
      c);
  return arith::MulFOp::create(b, loc, sum,
                               constF(b, loc, f64, 1.0 / 9007199254740992.0));
}

/// The row-major linear index (i64) of the current element of a generic
/// over the loop dimensions `dims` (all of them when empty) whose sizes are
/// `sizes` (index values defined outside the generic).
Value linearIndex(OpBuilder &b, Location loc, ArrayRef<Value> sizes,
                  ArrayRef<int64_t> dims = {}) {
  Value linear;
  for (size_t k = 0; k < sizes.size(); ++k) {
    Value i = linalg::IndexOp::create(b, loc, dims.empty() ? uint64_t(k)
                                                           : uint64_t(dims[k]));
    linear = linear ? arith::AddIOp::create(
                          b, loc,
                          arith::MulIOp::create(b, loc, linear, sizes[k]), i)
                          .getResult()
                    : i;
  }
  if (!linear)
    return constI(b, loc, b.getI64Type(), uint64_t(0));
  return arith::IndexCastUIOp::create(b, loc, b.getI64Type(), linear);
}

//===----------------------------------------------------------------------===//
// Elementwise patterns
//===----------------------------------------------------------------------===//

/// Every elementwise op: one linalg.generic whose body `fn` builds from the
/// op and the (broadcast) operand elements.
template <typename OpTy>
class MapPattern : public OpConversionPattern<OpTy> {
public:
  using Fn = std::function<Value(OpBuilder &, Location, OpTy, ValueRange)>;
  MapPattern(MLIRContext *context, Fn fn)
      : OpConversionPattern<OpTy>(context), fn(std::move(fn)) {}

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
    Value result = mapElements(
        rewriter, op.getLoc(), resultType, adaptor.getOperands(),
        [&](OpBuilder &b, Location loc, ValueRange args) {
          return fn(b, loc, op, args);
        });
    rewriter.replaceOp(op, result);
    return success();
  }

private:
  Fn fn;
};

template <typename OpTy>
void addMap(RewritePatternSet &patterns, typename MapPattern<OpTy>::Fn fn) {
  patterns.add<MapPattern<OpTy>>(patterns.getContext(), std::move(fn));
}

/// A binary arithmetic op: `floatOp` on floats, `intOp` on integers.
template <typename OpTy, typename FloatOp, typename IntOp>
void addArithmetic(RewritePatternSet &patterns) {
  addMap<OpTy>(patterns, [](OpBuilder &b, Location loc, OpTy,
                            ValueRange args) -> Value {
    if (isFloat(args[0].getType()))
      return FloatOp::create(b, loc, args[0], args[1]);
    return IntOp::create(b, loc, args[0], args[1]);
  });
}

template <typename OpTy>
void addCompare(RewritePatternSet &patterns, arith::CmpFPredicate f,
                arith::CmpIPredicate i) {
  addMap<OpTy>(patterns, [f, i](OpBuilder &b, Location loc, OpTy,
                                ValueRange args) -> Value {
    if (isFloat(args[0].getType()))
      return cmpF(b, loc, f, args[0], args[1]);
    return cmpI(b, loc, i, args[0], args[1]);
  });
}

/// A unary math op on floats, in the element type.
template <typename OpTy, typename MathOp>
void addMath(RewritePatternSet &patterns) {
  addMap<OpTy>(patterns, [](OpBuilder &b, Location loc, OpTy,
                            ValueRange args) -> Value {
    return MathOp::create(b, loc, args[0]);
  });
}

void addUnaryPatterns(RewritePatternSet &patterns) {
  addMap<NegOp>(patterns,
                [](OpBuilder &b, Location loc, NegOp, ValueRange args) -> Value {
                  Type t = args[0].getType();
                  if (isFloat(t))
                    return arith::NegFOp::create(b, loc, args[0]);
                  return arith::SubIOp::create(
                      b, loc, constI(b, loc, t, uint64_t(0)), args[0]);
                });
  addMath<ExpOp, math::ExpOp>(patterns);
  addMath<LogOp, math::LogOp>(patterns);
  addMath<SqrtOp, math::SqrtOp>(patterns);
  addMath<TanhOp, math::TanhOp>(patterns);
  // 1 / sqrt(double(x)), rounded once, as the interpreter.
  addMap<RsqrtOp>(patterns, [](OpBuilder &b, Location loc, RsqrtOp,
                               ValueRange args) -> Value {
    Type t = args[0].getType();
    Value x = toF64(b, loc, args[0]);
    Value r = arith::DivFOp::create(b, loc, constF(b, loc, b.getF64Type(), 1.0),
                                    math::SqrtOp::create(b, loc, x));
    return fromF64(b, loc, r, t);
  });
  // x >= 0 ? 1 / (1 + exp(-x)) : e / (1 + e) with e = exp(x), in double:
  // neither branch's exp overflows.
  addMap<SigmoidOp>(patterns, [](OpBuilder &b, Location loc, SigmoidOp,
                                 ValueRange args) -> Value {
    Type t = args[0].getType(), f64 = b.getF64Type();
    Value x = toF64(b, loc, args[0]);
    Value one = constF(b, loc, f64, 1.0);
    Value nonNegative =
        cmpF(b, loc, arith::CmpFPredicate::OGE, x, constF(b, loc, f64, 0.0));
    // exp(-|x|) serves both branches: exp(-x) for x >= 0, exp(x) otherwise.
    Value e = math::ExpOp::create(
        b, loc, arith::NegFOp::create(b, loc, math::AbsFOp::create(b, loc, x)));
    Value denominator = arith::AddFOp::create(b, loc, one, e);
    Value numerator = select(b, loc, nonNegative, one, e);
    return fromF64(b, loc,
                   arith::DivFOp::create(b, loc, numerator, denominator), t);
  });
  // max(x, 0) with NaN kept: x < 0 ? 0 : x.
  addMap<ReluOp>(patterns, [](OpBuilder &b, Location loc, ReluOp,
                              ValueRange args) -> Value {
    Type t = args[0].getType();
    if (isFloat(t)) {
      Value zero = constF(b, loc, t, 0.0);
      return select(b, loc,
                    cmpF(b, loc, arith::CmpFPredicate::OLT, args[0], zero),
                    zero, args[0]);
    }
    return arith::MaxSIOp::create(b, loc, args[0],
                                  constI(b, loc, t, uint64_t(0)));
  });
  // std::pow(double(x), exponent), rounded once; x * x for 2 (the same
  // value: the double product of two floats is exact).
  addMap<PowOp>(patterns, [](OpBuilder &b, Location loc, PowOp op,
                             ValueRange args) -> Value {
    double exponent = op.getExponentAttr().getValueAsDouble();
    Type t = args[0].getType();
    if (exponent == 1.0)
      return args[0];
    if (exponent == 2.0)
      return arith::MulFOp::create(b, loc, args[0], args[0]);
    Value x = toF64(b, loc, args[0]);
    Value r = math::PowFOp::create(
        b, loc, x, constF(b, loc, b.getF64Type(), exponent));
    return fromF64(b, loc, r, t);
  });
  addMap<CastOp>(patterns, [](OpBuilder &b, Location loc, CastOp op,
                              ValueRange args) -> Value {
    Type to = cast<RankedTensorType>(op.getType()).getElementType();
    return castScalar(b, loc, args[0], to);
  });
}

void addBinaryPatterns(RewritePatternSet &patterns) {
  addArithmetic<AddOp, arith::AddFOp, arith::AddIOp>(patterns);
  addArithmetic<SubOp, arith::SubFOp, arith::SubIOp>(patterns);
  addArithmetic<MulOp, arith::MulFOp, arith::MulIOp>(patterns);
  addArithmetic<DivOp, arith::DivFOp, arith::DivSIOp>(patterns);
  addArithmetic<MaximumOp, arith::MaximumFOp, arith::MaxSIOp>(patterns);
  addArithmetic<MinimumOp, arith::MinimumFOp, arith::MinSIOp>(patterns);
  using F = arith::CmpFPredicate;
  using I = arith::CmpIPredicate;
  addCompare<GtOp>(patterns, F::OGT, I::sgt);
  addCompare<GeOp>(patterns, F::OGE, I::sge);
  addCompare<LtOp>(patterns, F::OLT, I::slt);
  addCompare<LeOp>(patterns, F::OLE, I::sle);
  addCompare<EqOp>(patterns, F::OEQ, I::eq);
  addMap<WhereOp>(patterns, [](OpBuilder &b, Location loc, WhereOp,
                               ValueRange args) -> Value {
    return select(b, loc, args[0], args[1], args[2]);
  });
}

//===----------------------------------------------------------------------===//
// Softmax family
//===----------------------------------------------------------------------===//

/// The maximum along `dim` (NaN ignored, as std::max in the interpreter;
/// set to 0 when infinite), the sum of exp(x - max) in double, then each
/// element; all in double, rounded once.
template <typename OpTy>
class SoftmaxPattern : public OpConversionPattern<OpTy> {
public:
  SoftmaxPattern(MLIRContext *context, bool logarithm)
      : OpConversionPattern<OpTy>(context), logarithm(logarithm) {}

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = adaptor.getInput();
    auto type = cast<RankedTensorType>(x.getType());
    Type t = type.getElementType(), f64 = rewriter.getF64Type();
    int64_t rank = type.getRank();
    SmallVector<int64_t> reduced;
    if (rank > 0) {
      std::string error;
      FailureOr<int64_t> d =
          shape::normalizeDim(int64_t(op.getDim()), rank, error);
      if (failed(d))
        return rewriter.notifyMatchFailure(op, error);
      reduced.push_back(*d);
    }
    Value maxValue =
        reduceDims(rewriter, loc, x, {}, reduced,
                   {constF(rewriter, loc, t,
                           -std::numeric_limits<double>::infinity())},
                   [](OpBuilder &b, Location loc, ValueRange args) {
                     return SmallVector<Value>{
                         arith::MaxNumFOp::create(b, loc, args[1], args[0])};
                   })
            .front();
    // The shift: the maximum in double, 0 when it is infinite.
    auto shift = [](OpBuilder &b, Location loc, Value m) {
      Value md = toF64(b, loc, m);
      Value inf = constF(b, loc, md.getType(),
                         std::numeric_limits<double>::infinity());
      Value isInf = cmpF(b, loc, arith::CmpFPredicate::OEQ,
                         math::AbsFOp::create(b, loc, md), inf);
      return select(b, loc, isInf, constF(b, loc, md.getType(), 0.0), md);
    };
    Value sum =
        reduceDims(rewriter, loc, x, {maxValue}, reduced,
                   {constF(rewriter, loc, f64, 0.0)},
                   [&](OpBuilder &b, Location loc, ValueRange args) {
                     Value shifted = arith::SubFOp::create(
                         b, loc, toF64(b, loc, args[0]), shift(b, loc, args[1]));
                     Value e = math::ExpOp::create(b, loc, shifted);
                     return SmallVector<Value>{
                         arith::AddFOp::create(b, loc, args[2], e)};
                   })
            .front();
    MLIRContext *context = rewriter.getContext();
    AffineMap identity = rewriter.getMultiDimIdentityMap(rank);
    AffineMap projection = keptMap(context, rank, reduced);
    Value init = emptyFromDims(rewriter, loc, x,
                               llvm::to_vector(llvm::seq<int64_t>(0, rank)), t);
    bool log = logarithm;
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{type}, ValueRange{x, maxValue, sum},
        ValueRange{init},
        ArrayRef<AffineMap>{identity, projection, projection, identity},
        iterators(rank), [&](OpBuilder &b, Location loc, ValueRange args) {
          Value shifted = arith::SubFOp::create(
              b, loc, toF64(b, loc, args[0]), shift(b, loc, args[1]));
          Value r =
              log ? arith::SubFOp::create(b, loc, shifted,
                                          math::LogOp::create(b, loc, args[2]))
                        .getResult()
                  : arith::DivFOp::create(
                        b, loc, math::ExpOp::create(b, loc, shifted), args[2])
                        .getResult();
          linalg::YieldOp::create(b, loc, fromF64(b, loc, r, t));
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }

private:
  bool logarithm;
};

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

enum class ReduceKind { Sum, Mean, Max, Min };

/// sum/mean accumulate floats in double (as the interpreter) and round at
/// the end; the additions may be reassociated (fastmath<reassoc>) so that
/// LLVM can vectorise them: in double, a float sum's reordering changes it
/// by ~1e-16 relative, far inside the 1e-5 (f32) / 1e-10 (f64) the
/// interpreter and PyTorch comparisons allow. Integers wrap in their own
/// type. max/min
/// start from -inf/+inf (INT_MIN/INT_MAX) and propagate NaN.
template <typename OpTy>
class ReducePattern : public OpConversionPattern<OpTy> {
public:
  ReducePattern(MLIRContext *context, ReduceKind kind)
      : OpConversionPattern<OpTy>(context), kind(kind) {}

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = adaptor.getInput();
    auto type = cast<RankedTensorType>(x.getType());
    auto resultType = cast<RankedTensorType>(op.getType());
    Type t = type.getElementType();
    int64_t rank = type.getRank();
    FailureOr<SmallVector<int64_t>> reduced =
        reducedDims(op.getDims(), rank);
    if (failed(reduced))
      return rewriter.notifyMatchFailure(op, "bad dims");
    bool floating = isFloat(t);
    Value result;
    if (kind == ReduceKind::Sum || kind == ReduceKind::Mean) {
      Type acc = floating ? rewriter.getF64Type() : t;
      Value zero = floating ? constF(rewriter, loc, acc, 0.0)
                            : constI(rewriter, loc, acc, uint64_t(0));
      result = reduceDims(rewriter, loc, x, {}, *reduced, {zero},
                          [&](OpBuilder &b, Location loc, ValueRange args) {
                            Value v = args[0];
                            if (!floating)
                              return SmallVector<Value>{
                                  arith::AddIOp::create(b, loc, args[1], v)};
                            return SmallVector<Value>{arith::AddFOp::create(
                                b, loc, args[1], toF64(b, loc, v),
                                arith::FastMathFlags::reassoc)};
                          })
                   .front();
      if (floating && (kind == ReduceKind::Mean || !t.isF64())) {
        Value count;
        if (kind == ReduceKind::Mean) {
          int64_t staticCount = 1;
          Value dynamicCount;
          for (int64_t d : *reduced) {
            if (!type.isDynamicDim(d)) {
              staticCount *= type.getDimSize(d);
              continue;
            }
            Value size = tensor::DimOp::create(rewriter, loc, x, d);
            dynamicCount = dynamicCount ? arith::MulIOp::create(
                                              rewriter, loc, dynamicCount, size)
                                              .getResult()
                                        : size;
          }
          count = constF(rewriter, loc, acc, double(staticCount));
          if (dynamicCount) {
            Value n = arith::IndexCastUIOp::create(
                rewriter, loc, rewriter.getI64Type(), dynamicCount);
            count = arith::MulFOp::create(
                rewriter, loc, count,
                arith::UIToFPOp::create(rewriter, loc, acc, n));
          }
        }
        auto sumType = cast<RankedTensorType>(result.getType());
        result = mapElements(
            rewriter, loc, RankedTensorType::get(sumType.getShape(), t),
            ValueRange{result}, [&](OpBuilder &b, Location loc, ValueRange args) {
              Value v = args[0];
              if (count)
                v = arith::DivFOp::create(b, loc, v, count);
              return fromF64(b, loc, v, t);
            });
      }
    } else {
      bool isMax = kind == ReduceKind::Max;
      Value init;
      if (floating) {
        double inf = std::numeric_limits<double>::infinity();
        init = constF(rewriter, loc, t, isMax ? -inf : inf);
      } else {
        unsigned width = t.getIntOrFloatBitWidth();
        init = constI(rewriter, loc, t,
                      isMax ? APInt::getSignedMinValue(width)
                            : APInt::getSignedMaxValue(width));
      }
      result =
          reduceDims(rewriter, loc, x, {}, *reduced, {init},
                     [&](OpBuilder &b, Location loc, ValueRange args) {
                       Value v = args[0], acc = args[1], r;
                       if (floating)
                         r = isMax ? arith::MaximumFOp::create(b, loc, acc, v)
                                         .getResult()
                                   : arith::MinimumFOp::create(b, loc, acc, v)
                                         .getResult();
                       else
                         r = isMax ? arith::MaxSIOp::create(b, loc, acc, v)
                                         .getResult()
                                   : arith::MinSIOp::create(b, loc, acc, v)
                                         .getResult();
                       return SmallVector<Value>{r};
                     })
              .front();
    }
    rewriter.replaceOp(
        op, expandKeepdim(rewriter, loc, result, resultType, *reduced));
    return success();
  }

private:
  ReduceKind kind;
};

/// The first index of the maximum; NaN counts as the maximum (the first
/// NaN wins). Without `dim`, over all dimensions, as a row-major index.
class ArgmaxPattern : public OpConversionPattern<ArgmaxOp> {
public:
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ArgmaxOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = adaptor.getInput();
    auto type = cast<RankedTensorType>(x.getType());
    auto resultType = cast<RankedTensorType>(op.getType());
    Type t = type.getElementType(), i64 = rewriter.getI64Type();
    int64_t rank = type.getRank();
    // The reduced dimensions: `dim`, or all of them (the index is then
    // the row-major index into the flattened input).
    SmallVector<int64_t> reduced;
    if (op.getDim()) {
      std::string error;
      FailureOr<int64_t> normalized =
          shape::normalizeDim(int64_t(*op.getDim()), rank, error);
      if (failed(normalized))
        return rewriter.notifyMatchFailure(op, error);
      reduced.push_back(*normalized);
    } else {
      reduced = llvm::to_vector(llvm::seq<int64_t>(0, rank));
    }
    SmallVector<Value> sizes;
    for (int64_t d : reduced)
      sizes.push_back(dimSize(rewriter, loc, x, d));
    bool floating = isFloat(t);
    Value init =
        floating
            ? constF(rewriter, loc, t, -std::numeric_limits<double>::infinity())
            : constI(rewriter, loc, t,
                     APInt::getSignedMinValue(t.getIntOrFloatBitWidth()));
    SmallVector<Value> results = reduceDims(
        rewriter, loc, x, {}, reduced,
        {init, constI(rewriter, loc, i64, uint64_t(0))},
        [&](OpBuilder &b, Location loc, ValueRange args) {
          Value v = args[0], best = args[1], bestIndex = args[2];
          Value better;
          if (floating) {
            better = arith::OrIOp::create(
                b, loc, cmpF(b, loc, arith::CmpFPredicate::OGT, v, best),
                arith::AndIOp::create(
                    b, loc, isNaN(b, loc, v),
                    cmpF(b, loc, arith::CmpFPredicate::ORD, best, best)));
          } else {
            better = cmpI(b, loc, arith::CmpIPredicate::sgt, v, best);
          }
          Value j = linearIndex(b, loc, sizes, reduced);
          return SmallVector<Value>{select(b, loc, better, v, best),
                                    select(b, loc, better, j, bestIndex)};
        });
    rewriter.replaceOp(
        op, expandKeepdim(rewriter, loc, results[1], resultType, reduced));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Constants
//===----------------------------------------------------------------------===//

class ConstantPattern : public OpConversionPattern<ConstantOp> {
public:
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ConstantOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto value = dyn_cast<TypedAttr>(Attribute(op.getValue()));
    if (!value || value.getType() != op.getType())
      return rewriter.notifyMatchFailure(op, "untyped or mistyped value");
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(op, op.getType(), value);
    return success();
  }
};

/// A linalg.fill of tensor.empty (a splat constant would be materialised
/// in full as a global).
class FullPattern : public OpConversionPattern<FullOp> {
public:
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(FullOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getType());
    Type t = type.getElementType();
    Attribute attr = op.getValue();
    Value scalar;
    if (auto typed = dyn_cast<TypedAttr>(attr); typed && typed.getType() == t)
      scalar = arith::ConstantOp::create(rewriter, loc, t, typed);
    else if (auto f = dyn_cast<FloatAttr>(attr))
      scalar = castScalar(rewriter, loc,
                          constF(rewriter, loc, rewriter.getF64Type(),
                                 f.getValueAsDouble()),
                          t);
    else if (auto i = dyn_cast<IntegerAttr>(attr))
      scalar = castScalar(
          rewriter, loc,
          constI(rewriter, loc, rewriter.getI64Type(),
                 i.getType().isInteger(1)
                     ? uint64_t(i.getValue().getBoolValue())
                     : uint64_t(i.getValue().getSExtValue())),
          t);
    else
      return rewriter.notifyMatchFailure(op, "fill value is not a number");
    Value init = tensor::EmptyOp::create(rewriter, loc, type.getShape(), t);
    rewriter.replaceOp(op, fill(rewriter, loc, scalar, init));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Random numbers and dropout
//===----------------------------------------------------------------------===//

template <typename OpTy>
class RandomPattern : public OpConversionPattern<OpTy> {
public:
  using OpConversionPattern<OpTy>::OpConversionPattern;

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    constexpr bool normal = std::is_same_v<OpTy, NormalOp>;
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getType());
    if (!type.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "dynamic random shape");
    Type t = type.getElementType(), f64 = rewriter.getF64Type();
    double a, c;
    if constexpr (normal) {
      a = op.getMeanAttr().getValueAsDouble();
      c = op.getStdAttr().getValueAsDouble();
    } else {
      a = op.getLowAttr().getValueAsDouble();
      c = op.getHighAttr().getValueAsDouble() - a;
    }
    Philox philox =
        philoxSetup(rewriter, loc, adaptor.getSeed(), uint64_t(op.getStream()));
    SmallVector<Value> sizes;
    for (int64_t size : type.getShape())
      sizes.push_back(arith::ConstantIndexOp::create(rewriter, loc, size));
    Value init = tensor::EmptyOp::create(rewriter, loc, type.getShape(), t);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{type}, ValueRange{}, ValueRange{init},
        ArrayRef<AffineMap>{rewriter.getMultiDimIdentityMap(type.getRank())},
        iterators(type.getRank()),
        [&](OpBuilder &b, Location loc, ValueRange) {
          Value index = linearIndex(b, loc, sizes);
          SmallVector<Value, 4> w = philoxWords(b, loc, philox, index);
          Value r;
          if (normal) {
            Value u1, u2;
            if (t.isF64()) {
              u1 = unitF64(b, loc, w[0], w[1]);
              u2 = unitF64(b, loc, w[2], w[3]);
            } else {
              u1 = unitF32AsF64(b, loc, w[0]);
              u2 = unitF32AsF64(b, loc, w[2]);
            }
            u1 = arith::SubFOp::create(b, loc, constF(b, loc, f64, 1.0), u1);
            // mean + std * sqrt(-2 log u1) * cos(2 pi u2), left to right.
            Value radius = math::SqrtOp::create(
                b, loc,
                arith::MulFOp::create(b, loc, constF(b, loc, f64, -2.0),
                                      math::LogOp::create(b, loc, u1)));
            Value angle = math::CosOp::create(
                b, loc,
                arith::MulFOp::create(
                    b, loc, constF(b, loc, f64, 6.283185307179586), u2));
            Value scaled = arith::MulFOp::create(
                b, loc,
                arith::MulFOp::create(b, loc, constF(b, loc, f64, c), radius),
                angle);
            r = arith::AddFOp::create(b, loc, constF(b, loc, f64, a), scaled);
          } else {
            Value u = t.isF64() ? unitF64(b, loc, w[0], w[1])
                                : unitF32AsF64(b, loc, w[0]);
            r = arith::AddFOp::create(
                b, loc, constF(b, loc, f64, a),
                arith::MulFOp::create(b, loc, constF(b, loc, f64, c), u));
          }
          linalg::YieldOp::create(b, loc, fromF64(b, loc, r, t));
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

/// Element i is kept, scaled by 1 / (1 - p), when its f32 uniform unit is at
/// least p; p = 1 zeroes everything.
class DropoutPattern : public OpConversionPattern<DropoutOp> {
public:
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(DropoutOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = adaptor.getInput();
    auto type = cast<RankedTensorType>(x.getType());
    Type t = type.getElementType(), f64 = rewriter.getF64Type();
    int64_t rank = type.getRank();
    double p = op.getPAttr().getValueAsDouble();
    Value init = emptyFromDims(rewriter, loc, x,
                               llvm::to_vector(llvm::seq<int64_t>(0, rank)), t);
    if (!(p < 1)) {
      rewriter.replaceOp(op, fill(rewriter, loc, constF(rewriter, loc, t, 0.0),
                                  init));
      return success();
    }
    Philox philox =
        philoxSetup(rewriter, loc, adaptor.getSeed(), uint64_t(op.getStream()));
    SmallVector<Value> sizes;
    for (int64_t d = 0; d < rank; ++d)
      sizes.push_back(dimSize(rewriter, loc, x, d));
    Value scale = constF(rewriter, loc, t, 1.0 / (1.0 - p));
    Value zero = constF(rewriter, loc, t, 0.0);
    Value probability = constF(rewriter, loc, f64, p);
    AffineMap identity = rewriter.getMultiDimIdentityMap(rank);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{type}, ValueRange{x}, ValueRange{init},
        ArrayRef<AffineMap>{identity, identity}, iterators(rank),
        [&](OpBuilder &b, Location loc, ValueRange args) {
          Value index = linearIndex(b, loc, sizes);
          SmallVector<Value, 4> w = philoxWords(b, loc, philox, index);
          Value keep = cmpF(b, loc, arith::CmpFPredicate::OGE,
                            unitF32AsF64(b, loc, w[0]), probability);
          Value scaled = arith::MulFOp::create(b, loc, args[0], scale);
          linalg::YieldOp::create(b, loc, select(b, loc, keep, scaled, zero));
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

} // namespace

void mlir::sinter::populateElementwiseLoweringPatterns(
    RewritePatternSet &patterns) {
  MLIRContext *context = patterns.getContext();
  addBinaryPatterns(patterns);
  addUnaryPatterns(patterns);
  patterns.add<SoftmaxPattern<SoftmaxOp>>(context, /*logarithm=*/false);
  patterns.add<SoftmaxPattern<LogSoftmaxOp>>(context, /*logarithm=*/true);
  patterns.add<ReducePattern<SumOp>>(context, ReduceKind::Sum);
  patterns.add<ReducePattern<MeanOp>>(context, ReduceKind::Mean);
  patterns.add<ReducePattern<MaxOp>>(context, ReduceKind::Max);
  patterns.add<ReducePattern<MinOp>>(context, ReduceKind::Min);
  patterns.add<ArgmaxPattern, ConstantPattern, FullPattern, DropoutPattern,
               RandomPattern<UniformOp>, RandomPattern<NormalOp>>(context);
}
