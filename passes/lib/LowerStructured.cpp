//===- LowerStructured.cpp - Lowering of products, shapes, nn and losses --===//
//
// matmul and linear become linalg contractions (linalg.matmul, batch_matmul,
// or a generic with broadcast batch maps); transpose/permute
// linalg.transpose; the shape ops tensor.collapse_shape/expand_shape,
// extract_slice and insert_slice; embedding, one_hot and the losses
// linalg.generic ops; embedding_dense_backward (a scatter-add) scf.for
// loops. The semantics are the reference interpreter's
// (codegen/interp/lib/Interpreter.cpp): the losses and embedding's backward
// compute each value and accumulate in f64 as the interpreter does (the
// additions marked reassociable, so that they vectorise), and round once at
// the end; matrix products accumulate in the element type.
//
// Compiled code cannot report run-time errors: an embedding index or a
// class target out of range is clamped into range (embedding, cross_entropy,
// nll_loss); a one_hot index out of range gives a row of zeros;
// embedding_dense_backward skips it. So the callers check the entry points'
// index arguments against these bounds before a call (CpuProgram::invoke,
// the sinterc header and trainer: EntryPoint::indexBounds) and report an
// index out of range as the interpreter does.
//
//===----------------------------------------------------------------------===//
#include "sinter/passes/Lowering.h"

#include "sinter/ir/ShapeRules.h"
#include "sinter/ir/SinterOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"
#include "mlir/Transforms/DialectConversion.h"

#include <limits>

using namespace mlir;
using namespace mlir::sinter;

namespace {

using utils::IteratorType;

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

RankedTensorType tensorType(Value v) {
  return cast<RankedTensorType>(v.getType());
}

/// Size `d` of `v`: an attribute when static, tensor.dim otherwise.
OpFoldResult dimOf(OpBuilder &b, Location loc, Value v, int64_t d) {
  RankedTensorType type = tensorType(v);
  if (!type.isDynamicDim(d))
    return b.getIndexAttr(type.getDimSize(d));
  return tensor::DimOp::create(b, loc, v, d).getResult();
}

SmallVector<OpFoldResult> sizesOf(OpBuilder &b, Location loc, Value v) {
  SmallVector<OpFoldResult> sizes;
  for (int64_t d = 0; d < tensorType(v).getRank(); ++d)
    sizes.push_back(dimOf(b, loc, v, d));
  return sizes;
}

Value indexValue(OpBuilder &b, Location loc, OpFoldResult ofr) {
  return getValueOrCreateConstantIndexOp(b, loc, ofr);
}

/// `a * c` on index sizes, folded when both are static.
OpFoldResult mulSizes(OpBuilder &b, Location loc, OpFoldResult a,
                      OpFoldResult c) {
  std::optional<int64_t> ca = getConstantIntValue(a),
                         cc = getConstantIntValue(c);
  if (ca && cc)
    return b.getIndexAttr(*ca * *cc);
  if (ca && *ca == 1)
    return c;
  if (cc && *cc == 1)
    return a;
  return arith::MulIOp::create(b, loc, indexValue(b, loc, a),
                               indexValue(b, loc, c))
      .getResult();
}

OpFoldResult addSizes(OpBuilder &b, Location loc, OpFoldResult a,
                      OpFoldResult c) {
  std::optional<int64_t> ca = getConstantIntValue(a),
                         cc = getConstantIntValue(c);
  if (ca && cc)
    return b.getIndexAttr(*ca + *cc);
  if (ca && *ca == 0)
    return c;
  if (cc && *cc == 0)
    return a;
  return arith::AddIOp::create(b, loc, indexValue(b, loc, a),
                               indexValue(b, loc, c))
      .getResult();
}

OpFoldResult productOf(OpBuilder &b, Location loc, ArrayRef<OpFoldResult> s) {
  OpFoldResult p = b.getIndexAttr(1);
  for (OpFoldResult x : s)
    p = mulSizes(b, loc, p, x);
  return p;
}

/// tensor.empty of `type`; `sizes` gives every dimension (only the dynamic
/// ones are used).
Value emptyOf(OpBuilder &b, Location loc, RankedTensorType type,
              ArrayRef<OpFoldResult> sizes) {
  SmallVector<Value> dynamic;
  for (int64_t d = 0; d < type.getRank(); ++d)
    if (type.isDynamicDim(d))
      dynamic.push_back(indexValue(b, loc, sizes[d]));
  return tensor::EmptyOp::create(b, loc, type.getShape(), type.getElementType(),
                                 dynamic);
}

/// A tensor of `type` filled with `value`.
Value filled(OpBuilder &b, Location loc, RankedTensorType type,
             ArrayRef<OpFoldResult> sizes, double value) {
  Value init = emptyOf(b, loc, type, sizes);
  Value scalar = lowering::scalarConstant(b, loc, type.getElementType(), value);
  return linalg::FillOp::create(b, loc, ValueRange{scalar}, ValueRange{init})
      .getResult(0);
}

SmallVector<IteratorType> parallelLoops(int64_t n) {
  return SmallVector<IteratorType>(n, IteratorType::parallel);
}

/// The static shape of `sizes` (kDynamic where not constant).
SmallVector<int64_t> staticShapeOf(ArrayRef<OpFoldResult> sizes) {
  SmallVector<int64_t> shape;
  for (OpFoldResult s : sizes)
    shape.push_back(getConstantIntValue(s).value_or(ShapedType::kDynamic));
  return shape;
}

/// Clamp an integer index (i32/i64) into [0, size) and make it an index.
Value clampedIndex(OpBuilder &b, Location loc, Value index, Value size) {
  Value i = arith::IndexCastOp::create(b, loc, b.getIndexType(), index);
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  Value last = arith::SubIOp::create(b, loc, size, one);
  i = arith::MinSIOp::create(b, loc, i, last);
  return arith::MaxSIOp::create(b, loc, i, zero);
}

//===----------------------------------------------------------------------===//
// Reshapes: collapse_shape / expand_shape
//===----------------------------------------------------------------------===//

/// Whether `reassociation` groups the dimensions of the higher-rank `high`
/// into those of `low` consistently: a group is dynamic on one side exactly
/// when it is on the other, static groups have equal products, and (when
/// `expanding`) a dynamic group has one dynamic dimension in `high`.
bool validGrouping(ArrayRef<int64_t> high, ArrayRef<int64_t> low,
                   ArrayRef<ReassociationIndices> reassociation,
                   bool expanding) {
  if (reassociation.size() != low.size())
    return false;
  for (auto [l, group] : llvm::zip(low, reassociation)) {
    int64_t dynamicCount = 0, product = 1;
    for (int64_t h : group) {
      if (ShapedType::isDynamic(high[h]))
        ++dynamicCount;
      else
        product *= high[h];
    }
    if (ShapedType::isDynamic(l)) {
      if (dynamicCount == 0 || (expanding && dynamicCount != 1))
        return false;
    } else if (dynamicCount != 0 || product != l) {
      return false;
    }
  }
  return true;
}

/// The output shape of expanding `input` to `resultType` along
/// `reassociation`: each dynamic result dimension is the input dimension of
/// its group divided by the static sizes of the group.
SmallVector<OpFoldResult>
expandedSizes(OpBuilder &b, Location loc, Value input,
              RankedTensorType resultType,
              ArrayRef<ReassociationIndices> reassociation) {
  SmallVector<OpFoldResult> sizes;
  for (int64_t d : resultType.getShape())
    sizes.push_back(b.getIndexAttr(ShapedType::isDynamic(d) ? 0 : d));
  for (auto [source, group] : llvm::enumerate(reassociation)) {
    int64_t staticProduct = 1;
    for (int64_t d : group) {
      if (!resultType.isDynamicDim(d)) {
        sizes[d] = b.getIndexAttr(resultType.getDimSize(d));
        staticProduct *= resultType.getDimSize(d);
      }
    }
    for (int64_t d : group) {
      if (!resultType.isDynamicDim(d))
        continue;
      Value size = indexValue(b, loc, dimOf(b, loc, input, source));
      if (staticProduct != 1)
        size = arith::DivUIOp::create(
            b, loc, size,
            arith::ConstantIndexOp::create(b, loc, staticProduct));
      sizes[d] = size;
    }
  }
  return sizes;
}

/// `input` collapsed or expanded to `resultType` along `reassociation`
/// (which groups the dimensions of the higher-rank side).
Value regroup(OpBuilder &b, Location loc, Value input,
              RankedTensorType resultType,
              ArrayRef<ReassociationIndices> reassociation) {
  RankedTensorType inputType = tensorType(input);
  if (inputType == resultType)
    return input;
  if (inputType.getRank() > resultType.getRank())
    return tensor::CollapseShapeOp::create(b, loc, resultType, input,
                                           reassociation);
  return tensor::ExpandShapeOp::create(
      b, loc, resultType, input, reassociation,
      expandedSizes(b, loc, input, resultType, reassociation));
}

/// The sizes of `resultType` for the elements of `input`: static ones from
/// the type; the dynamic one (there is at most one, reshape's -1) is the
/// element count over the static sizes.
SmallVector<OpFoldResult> reshapedSizes(OpBuilder &b, Location loc, Value input,
                                        RankedTensorType resultType) {
  SmallVector<OpFoldResult> sizes;
  int64_t known = 1;
  for (int64_t d : resultType.getShape())
    if (!ShapedType::isDynamic(d))
      known *= d;
  for (int64_t d : resultType.getShape()) {
    if (!ShapedType::isDynamic(d)) {
      sizes.push_back(b.getIndexAttr(d));
      continue;
    }
    Value count = indexValue(b, loc, productOf(b, loc, sizesOf(b, loc, input)));
    if (known != 1)
      count = arith::DivUIOp::create(
          b, loc, count, arith::ConstantIndexOp::create(b, loc, known));
    sizes.push_back(count);
  }
  return sizes;
}

/// The elements of `input` in row-major order, in `resultType` (at most one
/// dynamic dimension). One collapse or expand when the shapes allow it;
/// otherwise a collapse to one dimension and an expand from it.
Value reshapeTo(OpBuilder &b, Location loc, Value input,
                RankedTensorType resultType) {
  RankedTensorType inputType = tensorType(input);
  if (inputType == resultType)
    return input;
  int64_t inRank = inputType.getRank(), outRank = resultType.getRank();
  if (inRank != outRank) {
    bool expanding = inRank < outRank;
    RankedTensorType high = expanding ? resultType : inputType;
    RankedTensorType low = expanding ? inputType : resultType;
    std::optional<SmallVector<ReassociationIndices>> reassociation =
        getReassociationIndicesForReshape(inputType, resultType);
    if (reassociation && validGrouping(high.getShape(), low.getShape(),
                                       *reassociation, expanding))
      return regroup(b, loc, input, resultType, *reassociation);
  }
  // Through one dimension.
  Value flat = input;
  auto flatType = RankedTensorType::get({inputType.hasStaticShape()
                                             ? inputType.getNumElements()
                                             : ShapedType::kDynamic},
                                        inputType.getElementType());
  if (inRank == 0) {
    flat = tensor::ExpandShapeOp::create(
        b, loc, flatType, input, ArrayRef<ReassociationIndices>{},
        ArrayRef<OpFoldResult>{b.getIndexAttr(1)});
  } else if (inRank > 1) {
    ReassociationIndices all = llvm::to_vector(llvm::seq<int64_t>(0, inRank));
    flat = tensor::CollapseShapeOp::create(b, loc, flatType, input,
                                           ArrayRef<ReassociationIndices>{all});
  }
  if (resultType.hasStaticShape() && !flatType.hasStaticShape()) {
    flatType = RankedTensorType::get({resultType.getNumElements()},
                                     resultType.getElementType());
    flat = tensor::CastOp::create(b, loc, flatType, flat);
  }
  if (outRank == 0)
    return tensor::CollapseShapeOp::create(b, loc, resultType, flat,
                                           ArrayRef<ReassociationIndices>{});
  if (outRank == 1)
    return flatType == resultType
               ? flat
               : tensor::CastOp::create(b, loc, resultType, flat).getResult();
  ReassociationIndices all = llvm::to_vector(llvm::seq<int64_t>(0, outRank));
  return tensor::ExpandShapeOp::create(
      b, loc, resultType, flat, ArrayRef<ReassociationIndices>{all},
      reshapedSizes(b, loc, input, resultType));
}

/// The reassociation that collapses the dimensions of a rank-`rank` shape
/// where `dropped` is true (unit dimensions) into their neighbours.
SmallVector<ReassociationIndices> unitDimGrouping(ArrayRef<bool> dropped) {
  SmallVector<ReassociationIndices> groups;
  ReassociationIndices pending;
  for (auto [d, drop] : llvm::enumerate(dropped)) {
    pending.push_back(d);
    if (!drop) {
      groups.push_back(pending);
      pending.clear();
    }
  }
  if (!pending.empty() && !groups.empty())
    groups.back().append(pending.begin(), pending.end());
  return groups;
}

//===----------------------------------------------------------------------===//
// Linear algebra
//===----------------------------------------------------------------------===//

/// acc + a * b
Value multiplyAdd(OpBuilder &b, Location loc, Value a, Value c, Value acc) {
  Value product = arith::MulFOp::create(b, loc, a, c);
  return arith::AddFOp::create(b, loc, acc, product);
}

struct MatmulLowering : OpConversionPattern<MatmulOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(MatmulOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value lhs = adaptor.getLhs(), rhs = adaptor.getRhs();
    RankedTensorType lt = tensorType(lhs), rt = tensorType(rhs);
    auto resultType = cast<RankedTensorType>(op.getType());
    int64_t lr = lt.getRank(), rr = rt.getRank(), rank = resultType.getRank();
    int64_t batch = rank - 2;

    // Result sizes: each batch dimension from an operand where it is not
    // stretched, n from lhs, m from rhs.
    SmallVector<OpFoldResult> sizes;
    for (int64_t d = 0; d < batch; ++d) {
      if (!resultType.isDynamicDim(d)) {
        sizes.push_back(rewriter.getIndexAttr(resultType.getDimSize(d)));
        continue;
      }
      int64_t ld = d - (batch - (lr - 2)), rd = d - (batch - (rr - 2));
      if (ld >= 0 && lt.isDynamicDim(ld))
        sizes.push_back(dimOf(rewriter, loc, lhs, ld));
      else
        sizes.push_back(dimOf(rewriter, loc, rhs, rd));
    }
    sizes.push_back(dimOf(rewriter, loc, lhs, lr - 2));
    sizes.push_back(dimOf(rewriter, loc, rhs, rr - 1));

    if (lr == 2 && rr == 2) {
      Value init = filled(rewriter, loc, resultType, sizes, 0.0);
      rewriter.replaceOp(
          op, linalg::MatmulOp::create(rewriter, loc, TypeRange{resultType},
                                       ValueRange{lhs, rhs}, ValueRange{init})
                  .getResult(0));
      return success();
    }

    // [..., n, k] x [k, m]: one matmul of the rows of lhs.
    if (rr == 2) {
      // The batch dimensions are lhs's: rows = batch... * n.
      OpFoldResult rows =
          productOf(rewriter, loc, ArrayRef<OpFoldResult>(sizes).drop_back());
      ReassociationIndices leading =
          llvm::to_vector(llvm::seq<int64_t>(0, lr - 1));
      SmallVector<ReassociationIndices> reassociation = {leading, {lr - 1}};
      auto lhs2Type = RankedTensorType::get(
          {getConstantIntValue(rows).value_or(ShapedType::kDynamic),
           lt.getDimSize(lr - 1)},
          lt.getElementType());
      Value lhs2 = tensor::CollapseShapeOp::create(rewriter, loc, lhs2Type, lhs,
                                                   reassociation);
      auto out2Type = RankedTensorType::get(
          {lhs2Type.getDimSize(0), resultType.getDimSize(rank - 1)},
          resultType.getElementType());
      Value init = filled(rewriter, loc, out2Type, {rows, sizes.back()}, 0.0);
      Value out2 =
          linalg::MatmulOp::create(rewriter, loc, TypeRange{out2Type},
                                   ValueRange{lhs2, rhs}, ValueRange{init})
              .getResult(0);
      rewriter.replaceOp(
          op, tensor::ExpandShapeOp::create(rewriter, loc, resultType, out2,
                                            reassociation, sizes));
      return success();
    }

    // Which batch dimensions of an operand are stretched (static size 1
    // against a result size other than 1).
    auto stretched = [&](RankedTensorType t, int64_t d) {
      int64_t rd = d + (batch - (t.getRank() - 2));
      return t.getDimSize(d) == 1 && resultType.getDimSize(rd) != 1;
    };
    Value init = filled(rewriter, loc, resultType, sizes, 0.0);
    if (lr == 3 && rr == 3 && !stretched(lt, 0) && !stretched(rt, 0)) {
      rewriter.replaceOp(op, linalg::BatchMatmulOp::create(
                                 rewriter, loc, TypeRange{resultType},
                                 ValueRange{lhs, rhs}, ValueRange{init})
                                 .getResult(0));
      return success();
    }

    // General case: a generic over (batch..., i, j, k) with broadcast maps.
    MLIRContext *ctx = rewriter.getContext();
    int64_t loops = rank + 1;
    auto operandMap = [&](RankedTensorType t, int64_t row, int64_t col) {
      SmallVector<AffineExpr> exprs;
      int64_t lead = batch - (t.getRank() - 2);
      for (int64_t d = 0; d < t.getRank() - 2; ++d)
        exprs.push_back(stretched(t, d) ? getAffineConstantExpr(0, ctx)
                                        : getAffineDimExpr(lead + d, ctx));
      exprs.push_back(getAffineDimExpr(row, ctx));
      exprs.push_back(getAffineDimExpr(col, ctx));
      return AffineMap::get(loops, 0, exprs, ctx);
    };
    int64_t i = batch, j = batch + 1, k = batch + 2;
    SmallVector<AffineExpr> outExprs;
    for (int64_t d = 0; d < rank; ++d)
      outExprs.push_back(getAffineDimExpr(d, ctx));
    SmallVector<AffineMap> maps = {operandMap(lt, i, k), operandMap(rt, k, j),
                                   AffineMap::get(loops, 0, outExprs, ctx)};
    SmallVector<IteratorType> iterators = parallelLoops(rank);
    iterators.push_back(IteratorType::reduction);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{resultType}, ValueRange{lhs, rhs},
        ValueRange{init}, maps, iterators,
        [](OpBuilder &b, Location l, ValueRange args) {
          linalg::YieldOp::create(b, l,
                                  multiplyAdd(b, l, args[0], args[1], args[2]));
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

struct LinearLowering : OpConversionPattern<LinearOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(LinearOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput(), weight = adaptor.getWeight(),
          bias = adaptor.getBias();
    RankedTensorType it = tensorType(input);
    auto resultType = cast<RankedTensorType>(op.getType());
    int64_t rank = it.getRank();
    Type element = resultType.getElementType();

    // The input as [rows, in].
    SmallVector<OpFoldResult> inputSizes = sizesOf(rewriter, loc, input);
    OpFoldResult rows = productOf(
        rewriter, loc, ArrayRef<OpFoldResult>(inputSizes).drop_back());
    OpFoldResult outFeatures = dimOf(rewriter, loc, weight, 0);
    int64_t staticRows =
        getConstantIntValue(rows).value_or(ShapedType::kDynamic);
    auto input2Type =
        RankedTensorType::get({staticRows, it.getDimSize(rank - 1)}, element);
    SmallVector<ReassociationIndices> reassociation;
    Value input2 = input;
    if (rank == 1) {
      reassociation = {{0, 1}};
      input2 = tensor::ExpandShapeOp::create(
          rewriter, loc, input2Type, input, reassociation,
          ArrayRef<OpFoldResult>{rewriter.getIndexAttr(1), inputSizes[0]});
    } else if (rank > 2) {
      reassociation = {llvm::to_vector(llvm::seq<int64_t>(0, rank - 1)),
                       {rank - 1}};
      input2 = tensor::CollapseShapeOp::create(rewriter, loc, input2Type, input,
                                               reassociation);
    }
    auto out2Type = RankedTensorType::get(
        {staticRows, resultType.getDimSize(resultType.getRank() - 1)}, element);
    SmallVector<OpFoldResult> out2Sizes = {rows, outFeatures};

    // Start from the bias (as the interpreter does) or zero.
    Value init;
    if (bias) {
      Value empty = emptyOf(rewriter, loc, out2Type, out2Sizes);
      if (tensorType(bias).getDimSize(0) != out2Type.getDimSize(1))
        bias = tensor::CastOp::create(
            rewriter, loc,
            RankedTensorType::get({out2Type.getDimSize(1)}, element), bias);
      init = linalg::BroadcastOp::create(rewriter, loc, bias, empty,
                                         ArrayRef<int64_t>{0})
                 ->getResult(0);
    } else {
      init = filled(rewriter, loc, out2Type, out2Sizes, 0.0);
    }
    Value out2 = linalg::MatmulTransposeBOp::create(
                     rewriter, loc, TypeRange{out2Type},
                     ValueRange{input2, weight}, ValueRange{init})
                     .getResult(0);

    Value result = out2;
    if (rank == 1) {
      result = tensor::CollapseShapeOp::create(rewriter, loc, resultType, out2,
                                               reassociation);
    } else if (rank > 2) {
      SmallVector<OpFoldResult> outSizes(inputSizes.begin(),
                                         inputSizes.end() - 1);
      outSizes.push_back(outFeatures);
      result = tensor::ExpandShapeOp::create(rewriter, loc, resultType, out2,
                                             reassociation, outSizes);
    }
    if (result.getType() != resultType)
      result = tensor::CastOp::create(rewriter, loc, resultType, result);
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// transpose and permute: result dimension i is input dimension perm[i].
LogicalResult lowerPermutation(Operation *op, Value input,
                               ArrayRef<int64_t> perm,
                               ConversionPatternRewriter &rewriter) {
  Location loc = op->getLoc();
  auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
  SmallVector<OpFoldResult> sizes;
  for (int64_t d : perm)
    sizes.push_back(dimOf(rewriter, loc, input, d));
  Value init = emptyOf(rewriter, loc, resultType, sizes);
  rewriter.replaceOp(
      op, linalg::TransposeOp::create(rewriter, loc, input, init, perm)
              ->getResult(0));
  return success();
}

struct TransposeLowering : OpConversionPattern<TransposeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(TransposeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    int64_t rank = tensorType(adaptor.getInput()).getRank();
    std::string error;
    FailureOr<int64_t> d0 =
        shape::normalizeDim(int64_t(op.getDim0()), rank, error);
    FailureOr<int64_t> d1 =
        shape::normalizeDim(int64_t(op.getDim1()), rank, error);
    if (failed(d0) || failed(d1))
      return rewriter.notifyMatchFailure(op, error);
    SmallVector<int64_t> perm = llvm::to_vector(llvm::seq<int64_t>(0, rank));
    std::swap(perm[*d0], perm[*d1]);
    return lowerPermutation(op, adaptor.getInput(), perm, rewriter);
  }
};

struct PermuteLowering : OpConversionPattern<PermuteOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(PermuteOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    int64_t rank = tensorType(adaptor.getInput()).getRank();
    std::string error;
    SmallVector<int64_t> perm;
    for (int64_t d : op.getDims()) {
      FailureOr<int64_t> n = shape::normalizeDim(d, rank, error);
      if (failed(n))
        return rewriter.notifyMatchFailure(op, error);
      perm.push_back(*n);
    }
    return lowerPermutation(op, adaptor.getInput(), perm, rewriter);
  }
};

//===----------------------------------------------------------------------===//
// Shape ops
//===----------------------------------------------------------------------===//

struct ReshapeLowering : OpConversionPattern<ReshapeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ReshapeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, reshapeTo(rewriter, op.getLoc(), adaptor.getInput(),
                                     cast<RankedTensorType>(op.getType())));
    return success();
  }
};

struct SqueezeLowering : OpConversionPattern<SqueezeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(SqueezeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value input = adaptor.getInput();
    RankedTensorType it = tensorType(input);
    auto resultType = cast<RankedTensorType>(op.getType());
    std::string error;
    FailureOr<shape::Shape> dims =
        shape::normalizeDims(op.getDims(), it.getRank(), error);
    if (failed(dims))
      return rewriter.notifyMatchFailure(op, error);
    SmallVector<bool> dropped(it.getRank(), false);
    for (int64_t d : *dims)
      dropped[d] = it.getDimSize(d) == 1;
    rewriter.replaceOp(op, regroup(rewriter, op.getLoc(), input, resultType,
                                   unitDimGrouping(dropped)));
    return success();
  }
};

struct UnsqueezeLowering : OpConversionPattern<UnsqueezeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(UnsqueezeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto resultType = cast<RankedTensorType>(op.getType());
    int64_t rank = resultType.getRank();
    int64_t dim = int64_t(op.getDim());
    if (dim < 0)
      dim += rank;
    SmallVector<bool> inserted(rank, false);
    inserted[dim] = true;
    rewriter.replaceOp(op, regroup(rewriter, op.getLoc(), adaptor.getInput(),
                                   resultType, unitDimGrouping(inserted)));
    return success();
  }
};

struct FlattenLowering : OpConversionPattern<FlattenOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(FlattenOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value input = adaptor.getInput();
    int64_t rank = tensorType(input).getRank();
    auto resultType = cast<RankedTensorType>(op.getType());
    if (rank == 0) {
      rewriter.replaceOp(op,
                         regroup(rewriter, op.getLoc(), input, resultType, {}));
      return success();
    }
    std::string error;
    FailureOr<int64_t> s =
        shape::normalizeDim(int64_t(op.getStartDim()), rank, error);
    FailureOr<int64_t> e =
        shape::normalizeDim(int64_t(op.getEndDim()), rank, error);
    if (failed(s) || failed(e))
      return rewriter.notifyMatchFailure(op, error);
    SmallVector<ReassociationIndices> groups;
    for (int64_t d = 0; d < *s; ++d)
      groups.push_back({d});
    groups.push_back(llvm::to_vector(llvm::seq<int64_t>(*s, *e + 1)));
    for (int64_t d = *e + 1; d < rank; ++d)
      groups.push_back({d});
    rewriter.replaceOp(
        op, regroup(rewriter, op.getLoc(), input, resultType, groups));
    return success();
  }
};

struct BroadcastToLowering : OpConversionPattern<BroadcastToOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(BroadcastToOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    RankedTensorType it = tensorType(input);
    auto resultType = cast<RankedTensorType>(op.getType());
    MLIRContext *ctx = rewriter.getContext();
    int64_t rank = resultType.getRank(), lead = rank - it.getRank();

    SmallVector<OpFoldResult> sizes;
    for (int64_t d = 0; d < rank; ++d)
      sizes.push_back(resultType.isDynamicDim(d)
                          ? dimOf(rewriter, loc, input, d - lead)
                          : rewriter.getIndexAttr(resultType.getDimSize(d)));
    Value init = emptyOf(rewriter, loc, resultType, sizes);

    // A dynamic input dimension broadcast to a static size may be 1 at run
    // time: read it through a select.
    bool runtimeStretch = false;
    for (int64_t d = 0; d < it.getRank(); ++d)
      runtimeStretch |= it.isDynamicDim(d) &&
                        !resultType.isDynamicDim(lead + d) &&
                        resultType.getDimSize(lead + d) != 1;
    if (!runtimeStretch) {
      SmallVector<AffineMap> maps = {
          lowering::broadcastMap(ctx, it, resultType),
          rewriter.getMultiDimIdentityMap(rank)};
      auto generic = linalg::GenericOp::create(
          rewriter, loc, TypeRange{resultType}, ValueRange{input},
          ValueRange{init}, maps, parallelLoops(rank),
          [](OpBuilder &b, Location l, ValueRange args) {
            linalg::YieldOp::create(b, l, args[0]);
          });
      rewriter.replaceOp(op, generic.getResult(0));
      return success();
    }
    SmallVector<Value> inputDims;
    for (int64_t d = 0; d < it.getRank(); ++d)
      inputDims.push_back(
          it.isDynamicDim(d)
              ? tensor::DimOp::create(rewriter, loc, input, d).getResult()
              : Value());
    SmallVector<AffineMap> maps = {rewriter.getMultiDimIdentityMap(rank)};
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{resultType}, ValueRange{}, ValueRange{init},
        maps, parallelLoops(rank), [&](OpBuilder &b, Location l, ValueRange) {
          SmallVector<Value> indices;
          Value zero = arith::ConstantIndexOp::create(b, l, 0);
          Value one = arith::ConstantIndexOp::create(b, l, 1);
          for (int64_t d = 0; d < it.getRank(); ++d) {
            int64_t rd = lead + d;
            bool resultUnit =
                !resultType.isDynamicDim(rd) && resultType.getDimSize(rd) == 1;
            if (it.getDimSize(d) == 1) {
              indices.push_back(zero);
            } else if (it.isDynamicDim(d) && !resultType.isDynamicDim(rd) &&
                       !resultUnit) {
              Value isUnit = arith::CmpIOp::create(
                  b, l, arith::CmpIPredicate::eq, inputDims[d], one);
              indices.push_back(arith::SelectOp::create(
                  b, l, isUnit, zero, linalg::IndexOp::create(b, l, rd)));
            } else {
              indices.push_back(linalg::IndexOp::create(b, l, rd));
            }
          }
          linalg::YieldOp::create(
              b, l,
              tensor::ExtractOp::create(b, l, input, indices).getResult());
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

struct ConcatLowering : OpConversionPattern<ConcatOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ConcatOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ValueRange inputs = adaptor.getInputs();
    auto resultType = cast<RankedTensorType>(op.getType());
    int64_t rank = resultType.getRank();
    std::string error;
    FailureOr<int64_t> dim =
        shape::normalizeDim(int64_t(op.getDim()), rank, error);
    if (failed(dim))
      return rewriter.notifyMatchFailure(op, error);
    if (inputs.size() == 1) {
      Value only = inputs[0];
      if (only.getType() != resultType)
        only = tensor::CastOp::create(rewriter, loc, resultType, only);
      rewriter.replaceOp(op, only);
      return success();
    }
    SmallVector<SmallVector<OpFoldResult>> inputSizes;
    for (Value in : inputs)
      inputSizes.push_back(sizesOf(rewriter, loc, in));
    SmallVector<OpFoldResult> sizes;
    for (int64_t d = 0; d < rank; ++d) {
      if (!resultType.isDynamicDim(d)) {
        sizes.push_back(rewriter.getIndexAttr(resultType.getDimSize(d)));
      } else if (d == *dim) {
        OpFoldResult total = rewriter.getIndexAttr(0);
        for (auto &s : inputSizes)
          total = addSizes(rewriter, loc, total, s[d]);
        sizes.push_back(total);
      } else {
        sizes.push_back(inputSizes[0][d]);
      }
    }
    Value result = emptyOf(rewriter, loc, resultType, sizes);
    OpFoldResult offset = rewriter.getIndexAttr(0);
    for (auto [n, in] : llvm::enumerate(inputs)) {
      ArrayRef<OpFoldResult> inSizes = inputSizes[n];
      SmallVector<OpFoldResult> offsets(rank, rewriter.getIndexAttr(0));
      SmallVector<OpFoldResult> strides(rank, rewriter.getIndexAttr(1));
      offsets[*dim] = offset;
      // Copied into the slice of the result it fills (linalg.copy between
      // a matching extract_slice/insert_slice pair bufferizes in place to a
      // copy loop, where an insert_slice of the input would become a
      // strided memref.copy).
      auto sliceType = RankedTensorType::get(staticShapeOf(inSizes),
                                             resultType.getElementType());
      Value slot = tensor::ExtractSliceOp::create(
          rewriter, loc, sliceType, result, offsets, inSizes, strides);
      Value copied = linalg::CopyOp::create(rewriter, loc, TypeRange{sliceType},
                                            ValueRange{in}, ValueRange{slot})
                         .getResult(0);
      result = tensor::InsertSliceOp::create(rewriter, loc, copied, result,
                                             offsets, inSizes, strides);
      if (n + 1 < inputs.size())
        offset = addSizes(rewriter, loc, offset, inSizes[*dim]);
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct SliceLowering : OpConversionPattern<SliceOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(SliceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    RankedTensorType it = tensorType(input);
    auto resultType = cast<RankedTensorType>(op.getType());
    int64_t rank = it.getRank();
    std::string error;
    FailureOr<int64_t> dim =
        shape::normalizeDim(int64_t(op.getDim()), rank, error);
    if (failed(dim))
      return rewriter.notifyMatchFailure(op, error);
    int64_t start = op.getStart(), end = op.getEnd(), step = op.getStep();
    if (step <= 0)
      return rewriter.notifyMatchFailure(op, "non-positive step");

    SmallVector<OpFoldResult> offsets(rank, rewriter.getIndexAttr(0));
    SmallVector<OpFoldResult> sizes = sizesOf(rewriter, loc, input);
    SmallVector<OpFoldResult> strides(rank, rewriter.getIndexAttr(1));
    strides[*dim] = rewriter.getIndexAttr(step);
    if (!it.isDynamicDim(*dim)) {
      FailureOr<shape::SliceBounds> bounds =
          shape::sliceBounds(it.getDimSize(*dim), start, end, step, error);
      if (failed(bounds))
        return rewriter.notifyMatchFailure(op, error);
      if (bounds->size == 0) {
        // Nothing to read.
        sizes[*dim] = rewriter.getIndexAttr(0);
        rewriter.replaceOp(op, emptyOf(rewriter, loc, resultType, sizes));
        return success();
      }
      offsets[*dim] = rewriter.getIndexAttr(bounds->start);
      sizes[*dim] = rewriter.getIndexAttr(bounds->size);
    } else {
      // Python's clamping at run time (ShapeRules' sliceBounds).
      Value n = indexValue(rewriter, loc, sizes[*dim]);
      Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
      auto clampIndex = [&](int64_t i) -> Value {
        if (i == std::numeric_limits<int64_t>::max())
          return n; // the default end
        if (i >= 0)
          return arith::MinSIOp::create(
              rewriter, loc, arith::ConstantIndexOp::create(rewriter, loc, i),
              n);
        // i + n, at least 0 (i >= -n is needed for i + n to stay >= 0).
        Value shifted = arith::AddIOp::create(
            rewriter, loc, n, arith::ConstantIndexOp::create(rewriter, loc, i));
        return arith::MaxSIOp::create(rewriter, loc, shifted, zero);
      };
      Value s = clampIndex(start), e = clampIndex(end);
      // ceil(max(e - s, 0) / step)
      Value length = arith::MaxSIOp::create(
          rewriter, loc, arith::SubIOp::create(rewriter, loc, e, s), zero);
      Value size = length;
      if (step != 1) {
        Value stepValue = arith::ConstantIndexOp::create(rewriter, loc, step);
        Value stepMinusOne =
            arith::ConstantIndexOp::create(rewriter, loc, step - 1);
        size = arith::DivUIOp::create(
            rewriter, loc,
            arith::AddIOp::create(rewriter, loc, length, stepMinusOne),
            stepValue);
      }
      offsets[*dim] = s;
      sizes[*dim] = size;
    }
    rewriter.replaceOp(
        op, tensor::ExtractSliceOp::create(rewriter, loc, resultType, input,
                                           offsets, sizes, strides));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// nn
//===----------------------------------------------------------------------===//

struct EmbeddingLowering : OpConversionPattern<EmbeddingOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(EmbeddingOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value indices = adaptor.getIndices(), weight = adaptor.getWeight();
    auto resultType = cast<RankedTensorType>(op.getType());
    int64_t rank = resultType.getRank();
    MLIRContext *ctx = rewriter.getContext();
    SmallVector<OpFoldResult> sizes = sizesOf(rewriter, loc, indices);
    sizes.push_back(dimOf(rewriter, loc, weight, 1));
    Value init = emptyOf(rewriter, loc, resultType, sizes);
    Value rows = indexValue(rewriter, loc, dimOf(rewriter, loc, weight, 0));
    // (d0, .., dr) -> (d0, .., dr-1) for the indices.
    SmallVector<AffineMap> maps = {
        AffineMap::get(
            rank, 0,
            AffineMap::getMultiDimIdentityMap(rank - 1, ctx).getResults(), ctx),
        rewriter.getMultiDimIdentityMap(rank)};
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{resultType}, ValueRange{indices},
        ValueRange{init}, maps, parallelLoops(rank),
        [&](OpBuilder &b, Location l, ValueRange args) {
          // Out-of-range indices are clamped: no run-time errors yet.
          Value row = clampedIndex(b, l, args[0], rows);
          Value col = linalg::IndexOp::create(b, l, rank - 1);
          linalg::YieldOp::create(
              b, l,
              tensor::ExtractOp::create(b, l, weight, ValueRange{row, col})
                  .getResult());
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

struct OneHotLowering : OpConversionPattern<OneHotOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OneHotOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value indices = adaptor.getIndices();
    auto resultType = cast<RankedTensorType>(op.getType());
    int64_t rank = resultType.getRank();
    MLIRContext *ctx = rewriter.getContext();
    SmallVector<OpFoldResult> sizes = sizesOf(rewriter, loc, indices);
    sizes.push_back(rewriter.getIndexAttr(int64_t(op.getNumClasses())));
    Value init = emptyOf(rewriter, loc, resultType, sizes);
    SmallVector<AffineMap> maps = {
        AffineMap::get(
            rank, 0,
            AffineMap::getMultiDimIdentityMap(rank - 1, ctx).getResults(), ctx),
        rewriter.getMultiDimIdentityMap(rank)};
    Type i64 = resultType.getElementType();
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{resultType}, ValueRange{indices},
        ValueRange{init}, maps, parallelLoops(rank),
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value index = args[0];
          if (index.getType() != i64)
            index = arith::ExtSIOp::create(b, l, i64, index);
          Value c = arith::IndexCastOp::create(
              b, l, i64, linalg::IndexOp::create(b, l, rank - 1));
          Value hit =
              arith::CmpIOp::create(b, l, arith::CmpIPredicate::eq, index, c);
          linalg::YieldOp::create(
              b, l, arith::ExtUIOp::create(b, l, i64, hit).getResult());
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

Value toF64(OpBuilder &b, Location loc, Value v) {
  if (v.getType().isF64())
    return v;
  return arith::ExtFOp::create(b, loc, b.getF64Type(), v);
}

Value fromF64(OpBuilder &b, Location loc, Value v, Type type) {
  if (type.isF64())
    return v;
  return arith::TruncFOp::create(b, loc, type, v);
}

/// embedding's backward: row n of grad added into row indices[n] of a zero
/// table, in index order, accumulated in f64 and rounded once (as the
/// interpreter). A scatter-add, so loops: scf.for over the indices with
/// tensor.insert into the accumulator (in place after bufferization). An
/// index out of range is skipped (the interpreter reports it; compiled code
/// cannot report errors yet).
struct EmbeddingDenseBackwardLowering
    : OpConversionPattern<EmbeddingDenseBackwardOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(EmbeddingDenseBackwardOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value grad = adaptor.getGrad(), indices = adaptor.getIndices();
    auto resultType = cast<RankedTensorType>(op.getType());
    RankedTensorType gt = tensorType(grad), it = tensorType(indices);
    Type element = resultType.getElementType();
    int64_t rank = it.getRank();

    // grad as [N, dim] and indices as [N].
    SmallVector<OpFoldResult> indexSizes = sizesOf(rewriter, loc, indices);
    OpFoldResult count = productOf(rewriter, loc, indexSizes);
    int64_t staticCount =
        getConstantIntValue(count).value_or(ShapedType::kDynamic);
    int64_t dim = gt.getDimSize(rank);
    auto grad2Type = RankedTensorType::get({staticCount, dim}, element);
    auto indices1Type =
        RankedTensorType::get({staticCount}, it.getElementType());
    Value grad2 = grad, indices1 = indices;
    if (rank == 0) {
      grad2 = tensor::ExpandShapeOp::create(
          rewriter, loc, grad2Type, grad,
          ArrayRef<ReassociationIndices>{{0, 1}},
          ArrayRef<OpFoldResult>{rewriter.getIndexAttr(1),
                                 dimOf(rewriter, loc, grad, 0)});
      indices1 = tensor::ExpandShapeOp::create(
          rewriter, loc, indices1Type, indices,
          ArrayRef<ReassociationIndices>{},
          ArrayRef<OpFoldResult>{rewriter.getIndexAttr(1)});
    } else if (rank > 1) {
      ReassociationIndices leading =
          llvm::to_vector(llvm::seq<int64_t>(0, rank));
      grad2 = tensor::CollapseShapeOp::create(
          rewriter, loc, grad, ArrayRef<ReassociationIndices>{leading, {rank}});
      indices1 = tensor::CollapseShapeOp::create(
          rewriter, loc, indices, ArrayRef<ReassociationIndices>{leading});
    }

    auto accType =
        RankedTensorType::get(resultType.getShape(), rewriter.getF64Type());
    SmallVector<OpFoldResult> sizes = {
        rewriter.getIndexAttr(int64_t(op.getNumWeights())),
        dimOf(rewriter, loc, grad, rank)};
    Value acc = filled(rewriter, loc, accType, sizes, 0.0);
    Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
    Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
    Value rows = arith::ConstantIndexOp::create(rewriter, loc,
                                                int64_t(op.getNumWeights()));
    Value cols = indexValue(rewriter, loc, sizes[1]);
    Value n = indexValue(rewriter, loc, count);
    auto loop = scf::ForOp::create(
        rewriter, loc, zero, n, one, ValueRange{acc},
        [&](OpBuilder &b, Location l, Value i, ValueRange args) {
          Value index = tensor::ExtractOp::create(b, l, indices1, i);
          Value row = arith::IndexCastOp::create(b, l, b.getIndexType(), index);
          Value inRange = arith::AndIOp::create(
              b, l,
              arith::CmpIOp::create(b, l, arith::CmpIPredicate::sge, row, zero),
              arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, row,
                                    rows));
          auto addRow = scf::IfOp::create(
              b, l, inRange,
              [&](OpBuilder &tb, Location tl) {
                auto inner = scf::ForOp::create(
                    tb, tl, zero, cols, one, ValueRange{args[0]},
                    [&](OpBuilder &ib, Location il, Value j,
                        ValueRange innerArgs) {
                      Value v = toF64(ib, il,
                                      tensor::ExtractOp::create(
                                          ib, il, grad2, ValueRange{i, j}));
                      Value old = tensor::ExtractOp::create(
                          ib, il, innerArgs[0], ValueRange{row, j});
                      Value sum = arith::AddFOp::create(ib, il, old, v);
                      scf::YieldOp::create(
                          ib, il,
                          tensor::InsertOp::create(ib, il, sum, innerArgs[0],
                                                   ValueRange{row, j})
                              .getResult());
                    });
                scf::YieldOp::create(tb, tl, inner.getResult(0));
              },
              [&](OpBuilder &eb, Location el) {
                scf::YieldOp::create(eb, el, args[0]);
              });
          scf::YieldOp::create(b, l, addRow.getResult(0));
        });
    Value result = loop.getResult(0);
    if (!element.isF64()) {
      SmallVector<AffineMap> maps(2, rewriter.getMultiDimIdentityMap(2));
      result =
          linalg::GenericOp::create(
              rewriter, loc, TypeRange{resultType}, ValueRange{result},
              ValueRange{emptyOf(rewriter, loc, resultType, sizes)}, maps,
              parallelLoops(2),
              [&](OpBuilder &b, Location l, ValueRange args) {
                linalg::YieldOp::create(b, l, fromF64(b, l, args[0], element));
              })
              .getResult(0);
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Losses
//===----------------------------------------------------------------------===//

using LossFn = function_ref<Value(OpBuilder &, Location, ValueRange)>;

/// The loss of each point of the iteration space of `inputs` (all of one
/// shape, read with identity maps), given by `fn` in f64 from the elements
/// of `inputs`, then reduced by `reduction`: without reduction a tensor of
/// `element` and the shape of the inputs; otherwise a 0-d tensor of the sum
/// (accumulated in f64) or the mean.
Value emitLoss(OpBuilder &b, Location loc, ValueRange inputs, Type element,
               Reduction reduction, LossFn fn) {
  RankedTensorType shapeType = tensorType(inputs[0]);
  int64_t rank = shapeType.getRank();
  MLIRContext *ctx = b.getContext();
  SmallVector<OpFoldResult> sizes = sizesOf(b, loc, inputs[0]);
  SmallVector<AffineMap> maps(inputs.size(),
                              AffineMap::getMultiDimIdentityMap(rank, ctx));
  if (reduction == Reduction::None) {
    auto type = RankedTensorType::get(shapeType.getShape(), element);
    maps.push_back(AffineMap::getMultiDimIdentityMap(rank, ctx));
    return linalg::GenericOp::create(
               b, loc, TypeRange{type}, inputs,
               ValueRange{emptyOf(b, loc, type, sizes)}, maps,
               parallelLoops(rank),
               [&](OpBuilder &nb, Location l, ValueRange args) {
                 Value v = fn(nb, l, args.drop_back());
                 linalg::YieldOp::create(nb, l, fromF64(nb, l, v, element));
               })
        .getResult(0);
  }
  auto sumType = RankedTensorType::get({}, b.getF64Type());
  Value zero = filled(b, loc, sumType, {}, 0.0);
  maps.push_back(AffineMap::get(rank, 0, {}, ctx));
  Value sum =
      linalg::GenericOp::create(
          b, loc, TypeRange{sumType}, inputs, ValueRange{zero}, maps,
          SmallVector<IteratorType>(rank, IteratorType::reduction),
          [&](OpBuilder &nb, Location l, ValueRange args) {
            Value v = fn(nb, l, args.drop_back());
            linalg::YieldOp::create(
                nb, l,
                arith::AddFOp::create(nb, l, args.back(), v,
                                      arith::FastMathFlags::reassoc)
                    .getResult());
          })
          .getResult(0);
  Value count;
  if (reduction == Reduction::Mean) {
    // The element count, read at run time when dynamic; 0/0 is NaN, as in
    // PyTorch.
    OpFoldResult n = productOf(b, loc, sizes);
    if (std::optional<int64_t> c = getConstantIntValue(n)) {
      count = lowering::scalarConstant(b, loc, b.getF64Type(), double(*c));
    } else {
      Value i64 = arith::IndexCastOp::create(b, loc, b.getI64Type(),
                                             indexValue(b, loc, n));
      count = arith::SIToFPOp::create(b, loc, b.getF64Type(), i64);
    }
  }
  if (!count && element.isF64())
    return sum;
  auto resultType = RankedTensorType::get({}, element);
  AffineMap scalarMap = AffineMap::get(0, 0, {}, ctx);
  return linalg::GenericOp::create(
             b, loc, TypeRange{resultType}, ValueRange{sum},
             ValueRange{emptyOf(b, loc, resultType, {})},
             ArrayRef<AffineMap>{scalarMap, scalarMap},
             ArrayRef<IteratorType>{},
             [&](OpBuilder &nb, Location l, ValueRange args) {
               Value v = args[0];
               if (count)
                 v = arith::DivFOp::create(nb, l, v, count);
               linalg::YieldOp::create(nb, l, fromF64(nb, l, v, element));
             })
      .getResult(0);
}

Value f64Constant(OpBuilder &b, Location loc, double v) {
  return lowering::scalarConstant(b, loc, b.getF64Type(), v);
}

/// log(1 + u) in f64 as precise as std::log1p for the u the losses use
/// (u >= -1, finite): math.log1p is lowered to log(1 + u), which loses the
/// low bits of a small u. u · log(w) / (w - 1), with w = 1 + u rounded,
/// cancels the rounding of w (Goldberg's correction).
Value log1p(OpBuilder &b, Location l, Value u) {
  Value one = f64Constant(b, l, 1.0), zero = f64Constant(b, l, 0.0);
  Value w = arith::AddFOp::create(b, l, one, u);
  Value wMinusOne = arith::SubFOp::create(b, l, w, one);
  Value exact =
      arith::CmpFOp::create(b, l, arith::CmpFPredicate::OEQ, wMinusOne, zero);
  Value corrected = arith::DivFOp::create(
      b, l, arith::MulFOp::create(b, l, math::LogOp::create(b, l, w), u),
      wMinusOne);
  return arith::SelectOp::create(b, l, exact, u, corrected);
}

template <typename OpTy>
struct ElementwiseLossLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  using OpAdaptor = typename OpTy::Adaptor;
  LogicalResult
  matchAndRewrite(OpTy op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(op.getType());
    Value input = adaptor.getInput(), target = adaptor.getTarget();
    // The interpreter lets the shapes merge (? against a size); align the
    // target's type with the input's.
    if (target.getType() != input.getType())
      target = tensor::CastOp::create(rewriter, loc, input.getType(), target);
    Value result =
        emitLoss(rewriter, loc, ValueRange{input, target},
                 resultType.getElementType(), op.getReduction(),
                 [](OpBuilder &b, Location l, ValueRange args) -> Value {
                   Value x = toF64(b, l, args[0]), t = toF64(b, l, args[1]);
                   return elementLoss(b, l, x, t);
                 });
    if (result.getType() != resultType)
      result = tensor::CastOp::create(rewriter, loc, resultType, result);
    rewriter.replaceOp(op, result);
    return success();
  }
  static Value elementLoss(OpBuilder &b, Location l, Value x, Value t);
};

// (x - t)²
template <>
Value ElementwiseLossLowering<MseLossOp>::elementLoss(OpBuilder &b, Location l,
                                                      Value x, Value t) {
  Value d = arith::SubFOp::create(b, l, x, t);
  return arith::MulFOp::create(b, l, d, d);
}

// -(t·max(log p, -100) + (1 - t)·max(log1p(-p), -100))
template <>
Value ElementwiseLossLowering<BinaryCrossEntropyOp>::elementLoss(OpBuilder &b,
                                                                 Location l,
                                                                 Value p,
                                                                 Value t) {
  Value floor = f64Constant(b, l, -100.0), one = f64Constant(b, l, 1.0);
  Value logP =
      arith::MaximumFOp::create(b, l, math::LogOp::create(b, l, p), floor);
  Value log1mP = arith::MaximumFOp::create(
      b, l, log1p(b, l, arith::NegFOp::create(b, l, p)), floor);
  Value oneMinusT = arith::SubFOp::create(b, l, one, t);
  Value sum =
      arith::AddFOp::create(b, l, arith::MulFOp::create(b, l, t, logP),
                            arith::MulFOp::create(b, l, oneMinusT, log1mP));
  return arith::NegFOp::create(b, l, sum);
}

// max(x, 0) - x·t + log1p(exp(-|x|))
template <>
Value ElementwiseLossLowering<BinaryCrossEntropyWithLogitsOp>::elementLoss(
    OpBuilder &b, Location l, Value x, Value t) {
  Value zero = f64Constant(b, l, 0.0);
  Value relu = arith::MaximumFOp::create(b, l, x, zero);
  Value xt = arith::MulFOp::create(b, l, x, t);
  Value negAbs = arith::NegFOp::create(b, l, math::AbsFOp::create(b, l, x));
  Value softplus = log1p(b, l, math::ExpOp::create(b, l, negAbs));
  return arith::AddFOp::create(b, l, arith::SubFOp::create(b, l, relu, xt),
                               softplus);
}

/// cross_entropy (logSoftmax) and nll_loss.
template <typename OpTy, bool logSoftmax>
struct ClassLossLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  using OpAdaptor = typename OpTy::Adaptor;
  LogicalResult
  matchAndRewrite(OpTy op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(op.getType());
    Value input = adaptor.getInput(), target = adaptor.getTarget();
    RankedTensorType it = tensorType(input), tt = tensorType(target);
    Type element = it.getElementType();
    MLIRContext *ctx = rewriter.getContext();

    // One sample without a batch dimension: [C] and 0-d as [1, C] and [1].
    bool unbatched = it.getRank() == 1;
    if (unbatched) {
      input = tensor::ExpandShapeOp::create(
          rewriter, loc, RankedTensorType::get({1, it.getDimSize(0)}, element),
          input, ArrayRef<ReassociationIndices>{{0, 1}},
          ArrayRef<OpFoldResult>{rewriter.getIndexAttr(1),
                                 dimOf(rewriter, loc, input, 0)});
      target = tensor::ExpandShapeOp::create(
          rewriter, loc, RankedTensorType::get({1}, tt.getElementType()),
          target, ArrayRef<ReassociationIndices>{},
          ArrayRef<OpFoldResult>{rewriter.getIndexAttr(1)});
      it = tensorType(input);
      tt = tensorType(target);
    }
    // The batch sizes merge (? against a size): give target the input's.
    if (tt.getDimSize(0) != it.getDimSize(0)) {
      target = tensor::CastOp::create(
          rewriter, loc,
          RankedTensorType::get({it.getDimSize(0)}, tt.getElementType()),
          target);
      tt = tensorType(target);
    }
    Value classes = indexValue(rewriter, loc, dimOf(rewriter, loc, input, 1));

    SmallVector<Value> perSample = {target};
    if (logSoftmax) {
      // The row maximum and the sum of exp(x - max) (in f64), as the
      // interpreter computes logsumexp.
      AffineMap rowMap = AffineMap::getMultiDimIdentityMap(2, ctx);
      AffineMap sampleMap =
          AffineMap::get(2, 0, {getAffineDimExpr(0, ctx)}, ctx);
      SmallVector<IteratorType> iterators = {IteratorType::parallel,
                                             IteratorType::reduction};
      SmallVector<OpFoldResult> samples = {dimOf(rewriter, loc, input, 0)};
      auto maxType = RankedTensorType::get({it.getDimSize(0)}, element);
      Value maxInit = filled(rewriter, loc, maxType, samples,
                             -std::numeric_limits<double>::infinity());
      Value rowMax = linalg::GenericOp::create(
                         rewriter, loc, TypeRange{maxType}, ValueRange{input},
                         ValueRange{maxInit},
                         ArrayRef<AffineMap>{rowMap, sampleMap}, iterators,
                         [](OpBuilder &b, Location l, ValueRange args) {
                           linalg::YieldOp::create(
                               b, l,
                               arith::MaxNumFOp::create(b, l, args[1], args[0])
                                   .getResult());
                         })
                         .getResult(0);
      auto sumType =
          RankedTensorType::get({it.getDimSize(0)}, rewriter.getF64Type());
      Value sumInit = filled(rewriter, loc, sumType, samples, 0.0);
      Value sumExp =
          linalg::GenericOp::create(
              rewriter, loc, TypeRange{sumType}, ValueRange{input, rowMax},
              ValueRange{sumInit},
              ArrayRef<AffineMap>{rowMap, sampleMap, sampleMap}, iterators,
              [](OpBuilder &b, Location l, ValueRange args) {
                Value shifted = arith::SubFOp::create(
                    b, l, toF64(b, l, args[0]), toF64(b, l, args[1]));
                Value e = math::ExpOp::create(b, l, shifted);
                linalg::YieldOp::create(
                    b, l, arith::AddFOp::create(b, l, args[2], e).getResult());
              })
              .getResult(0);
      perSample.push_back(rowMax);
      perSample.push_back(sumExp);
    }

    Value result = emitLoss(
        rewriter, loc, perSample, element, op.getReduction(),
        [&](OpBuilder &b, Location l, ValueRange args) -> Value {
          // Out-of-range targets are clamped: no run-time errors yet.
          Value n = linalg::IndexOp::create(b, l, 0);
          Value c = clampedIndex(b, l, args[0], classes);
          Value picked = toF64(
              b, l, tensor::ExtractOp::create(b, l, input, ValueRange{n, c}));
          Value loss = arith::NegFOp::create(b, l, picked);
          if (logSoftmax) {
            // -log_softmax(x)[t] = max + log(sum exp(x - max)) - x[t]
            Value lse = arith::AddFOp::create(
                b, l, toF64(b, l, args[1]), math::LogOp::create(b, l, args[2]));
            loss = arith::AddFOp::create(b, l, loss, lse);
          }
          return loss;
        });
    if (unbatched && op.getReduction() == Reduction::None)
      result = tensor::CollapseShapeOp::create(
          rewriter, loc, RankedTensorType::get({}, element), result,
          ArrayRef<ReassociationIndices>{});
    if (result.getType() != resultType)
      result = tensor::CastOp::create(rewriter, loc, resultType, result);
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void mlir::sinter::populateStructuredLoweringPatterns(
    RewritePatternSet &patterns) {
  patterns
      .add<MatmulLowering, LinearLowering, TransposeLowering, PermuteLowering,
           ReshapeLowering, SqueezeLowering, UnsqueezeLowering, FlattenLowering,
           BroadcastToLowering, ConcatLowering, SliceLowering,
           EmbeddingLowering, OneHotLowering, EmbeddingDenseBackwardLowering,
           ElementwiseLossLowering<MseLossOp>,
           ElementwiseLossLowering<BinaryCrossEntropyOp>,
           ElementwiseLossLowering<BinaryCrossEntropyWithLogitsOp>,
           ClassLossLowering<CrossEntropyOp, true>,
           ClassLossLowering<NllLossOp, false>>(patterns.getContext());
}
