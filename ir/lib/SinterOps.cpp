//===- SinterOps.cpp - sinter dialect ops ---------------------------------===//
//
// Result-type inference (which is also the verifier of every shape rule),
// folders and canonicalization patterns.
//
//===----------------------------------------------------------------------===//
#include "sinter/ir/SinterOps.h"
#include "sinter/ir/ShapeRules.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/TypeUtilities.h"

#include <cmath>

using namespace mlir;
using namespace mlir::sinter;

namespace mlir::sinter {
namespace {

/// Everything one inference needs to report an error: where, and which op.
struct InferContext {
  std::optional<Location> loc;
  StringRef opName;

  LogicalResult error(const Twine &message) const {
    return emitOptionalError(loc, "'", opName, "' op ", message);
  }
};

FailureOr<RankedTensorType> tensorOf(const InferContext &ctx, Value value,
                                     StringRef what) {
  auto type = dyn_cast_or_null<RankedTensorType>(value ? value.getType()
                                                       : Type());
  if (!type) {
    (void)ctx.error(Twine(what) + " must be a ranked tensor");
    return failure();
  }
  return type;
}

LogicalResult sameElementType(const InferContext &ctx, RankedTensorType a,
                              StringRef aName, RankedTensorType b,
                              StringRef bName) {
  if (a.getElementType() == b.getElementType())
    return success();
  std::string message;
  llvm::raw_string_ostream os(message);
  os << "element types differ: " << aName << " is " << a.getElementType()
     << ", " << bName << " is " << b.getElementType()
     << " (insert sinter.cast)";
  return ctx.error(message);
}

/// Pushes `tensor<shape x elementType>` or reports the shape rule's error.
LogicalResult pushResult(const InferContext &ctx,
                         SmallVectorImpl<Type> &types,
                         FailureOr<shape::Shape> shape, Type elementType,
                         const std::string &error) {
  if (failed(shape))
    return ctx.error(error);
  types.push_back(RankedTensorType::get(*shape, elementType));
  return success();
}

bool isFloat(Type type) { return isa<Float32Type, Float64Type>(type); }
bool isIndexInteger(Type type) {
  return type.isSignlessInteger(64) || type.isSignlessInteger(32);
}

} // namespace

// Each inference rule below serves one op family; SinterOps.td names the
// rule of each op. The Adaptor gives the operands and attributes.

template <typename Adaptor>
static LogicalResult inferArithmeticBinary(MLIRContext *, std::optional<Location> loc,
                                           Adaptor adaptor,
                                           SmallVectorImpl<Type> &types,
                                           StringRef opName) {
  InferContext ctx{loc, opName};
  auto lhs = tensorOf(ctx, adaptor.getLhs(), "lhs");
  auto rhs = tensorOf(ctx, adaptor.getRhs(), "rhs");
  if (failed(lhs) || failed(rhs) ||
      failed(sameElementType(ctx, *lhs, "lhs", *rhs, "rhs")))
    return failure();
  std::string error;
  return pushResult(ctx, types,
                    shape::broadcast(lhs->getShape(), rhs->getShape(), error),
                    lhs->getElementType(), error);
}

template <typename Adaptor>
static LogicalResult inferCompareBinary(MLIRContext *context,
                                        std::optional<Location> loc,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &types,
                                        StringRef opName) {
  if (failed(inferArithmeticBinary(context, loc, adaptor, types, opName)))
    return failure();
  auto result = cast<RankedTensorType>(types.back());
  types.back() = result.clone(IntegerType::get(context, 1));
  return success();
}

template <typename Adaptor>
static LogicalResult inferWhere(MLIRContext *, std::optional<Location> loc,
                                Adaptor adaptor, SmallVectorImpl<Type> &types,
                                StringRef opName) {
  InferContext ctx{loc, opName};
  auto cond = tensorOf(ctx, adaptor.getCondition(), "condition");
  auto self = tensorOf(ctx, adaptor.getSelf(), "self");
  auto other = tensorOf(ctx, adaptor.getOther(), "other");
  if (failed(cond) || failed(self) || failed(other) ||
      failed(sameElementType(ctx, *self, "self", *other, "other")))
    return failure();
  std::string error;
  FailureOr<shape::Shape> shape =
      shape::broadcast(cond->getShape(), self->getShape(), error);
  if (succeeded(shape))
    shape = shape::broadcast(*shape, other->getShape(), error);
  return pushResult(ctx, types, shape, self->getElementType(), error);
}

template <typename Adaptor>
static LogicalResult inferSameAsInput(MLIRContext *, std::optional<Location> loc,
                                      Adaptor adaptor,
                                      SmallVectorImpl<Type> &types,
                                      StringRef opName) {
  InferContext ctx{loc, opName};
  auto input = tensorOf(ctx, adaptor.getInput(), "input");
  if (failed(input))
    return failure();
  types.push_back(*input);
  return success();
}

template <typename Adaptor>
static LogicalResult inferCast(MLIRContext *, std::optional<Location> loc,
                               Adaptor adaptor, SmallVectorImpl<Type> &types,
                               StringRef opName) {
  InferContext ctx{loc, opName};
  auto input = tensorOf(ctx, adaptor.getInput(), "input");
  if (failed(input))
    return failure();
  types.push_back(input->clone(adaptor.getDtype()));
  return success();
}

template <typename Adaptor>
static LogicalResult inferDimPreserving(MLIRContext *,
                                        std::optional<Location> loc,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &types,
                                        StringRef opName) {
  InferContext ctx{loc, opName};
  auto input = tensorOf(ctx, adaptor.getInput(), "input");
  if (failed(input))
    return failure();
  std::string error;
  if (failed(shape::normalizeDim(static_cast<int64_t>(adaptor.getDim()),
                                 input->getRank(), error)))
    return ctx.error(error);
  types.push_back(*input);
  return success();
}

template <typename Adaptor>
static LogicalResult inferMatmul(MLIRContext *, std::optional<Location> loc,
                                 Adaptor adaptor, SmallVectorImpl<Type> &types,
                                 StringRef opName) {
  InferContext ctx{loc, opName};
  auto lhs = tensorOf(ctx, adaptor.getLhs(), "lhs");
  auto rhs = tensorOf(ctx, adaptor.getRhs(), "rhs");
  if (failed(lhs) || failed(rhs) ||
      failed(sameElementType(ctx, *lhs, "lhs", *rhs, "rhs")))
    return failure();
  std::string error;
  return pushResult(ctx, types,
                    shape::matmul(lhs->getShape(), rhs->getShape(), error),
                    lhs->getElementType(), error);
}

template <typename Adaptor>
static LogicalResult inferLinear(MLIRContext *, std::optional<Location> loc,
                                 Adaptor adaptor, SmallVectorImpl<Type> &types,
                                 StringRef opName) {
  InferContext ctx{loc, opName};
  auto input = tensorOf(ctx, adaptor.getInput(), "input");
  auto weight = tensorOf(ctx, adaptor.getWeight(), "weight");
  if (failed(input) || failed(weight) ||
      failed(sameElementType(ctx, *input, "input", *weight, "weight")))
    return failure();
  std::optional<ArrayRef<int64_t>> biasShape;
  if (Value biasValue = adaptor.getBias()) {
    auto bias = tensorOf(ctx, biasValue, "bias");
    if (failed(bias) ||
        failed(sameElementType(ctx, *input, "input", *bias, "bias")))
      return failure();
    biasShape = bias->getShape();
  }
  std::string error;
  return pushResult(
      ctx, types,
      shape::linear(input->getShape(), weight->getShape(), biasShape, error),
      input->getElementType(), error);
}

template <typename Adaptor>
static LogicalResult inferTranspose(MLIRContext *, std::optional<Location> loc,
                                    Adaptor adaptor,
                                    SmallVectorImpl<Type> &types,
                                    StringRef opName) {
  InferContext ctx{loc, opName};
  auto input = tensorOf(ctx, adaptor.getInput(), "input");
  if (failed(input))
    return failure();
  std::string error;
  return pushResult(
      ctx, types,
      shape::transpose(input->getShape(),
                       static_cast<int64_t>(adaptor.getDim0()),
                       static_cast<int64_t>(adaptor.getDim1()), error),
      input->getElementType(), error);
}

template <typename Adaptor>
static LogicalResult inferPermute(MLIRContext *, std::optional<Location> loc,
                                  Adaptor adaptor,
                                  SmallVectorImpl<Type> &types,
                                  StringRef opName) {
  InferContext ctx{loc, opName};
  auto input = tensorOf(ctx, adaptor.getInput(), "input");
  if (failed(input))
    return failure();
  std::string error;
  return pushResult(ctx, types,
                    shape::permute(input->getShape(), adaptor.getDims(), error),
                    input->getElementType(), error);
}

template <typename Adaptor>
static LogicalResult inferReshape(MLIRContext *, std::optional<Location> loc,
                                  Adaptor adaptor,
                                  SmallVectorImpl<Type> &types,
                                  StringRef opName) {
  InferContext ctx{loc, opName};
  auto input = tensorOf(ctx, adaptor.getInput(), "input");
  if (failed(input))
    return failure();
  std::string error;
  return pushResult(
      ctx, types, shape::reshape(input->getShape(), adaptor.getShape(), error),
      input->getElementType(), error);
}

template <typename Adaptor>
static LogicalResult inferBroadcastTo(MLIRContext *,
                                      std::optional<Location> loc,
                                      Adaptor adaptor,
                                      SmallVectorImpl<Type> &types,
                                      StringRef opName) {
  InferContext ctx{loc, opName};
  auto input = tensorOf(ctx, adaptor.getInput(), "input");
  if (failed(input))
    return failure();
  std::string error;
  return pushResult(
      ctx, types,
      shape::broadcastTo(input->getShape(), adaptor.getShape(), error),
      input->getElementType(), error);
}

template <typename Adaptor>
static LogicalResult inferSqueeze(MLIRContext *, std::optional<Location> loc,
                                  Adaptor adaptor,
                                  SmallVectorImpl<Type> &types,
                                  StringRef opName) {
  InferContext ctx{loc, opName};
  auto input = tensorOf(ctx, adaptor.getInput(), "input");
  if (failed(input))
    return failure();
  std::string error;
  return pushResult(ctx, types,
                    shape::squeeze(input->getShape(), adaptor.getDims(), error),
                    input->getElementType(), error);
}

template <typename Adaptor>
static LogicalResult inferUnsqueeze(MLIRContext *, std::optional<Location> loc,
                                    Adaptor adaptor,
                                    SmallVectorImpl<Type> &types,
                                    StringRef opName) {
  InferContext ctx{loc, opName};
  auto input = tensorOf(ctx, adaptor.getInput(), "input");
  if (failed(input))
    return failure();
  std::string error;
  return pushResult(
      ctx, types,
      shape::unsqueeze(input->getShape(),
                       static_cast<int64_t>(adaptor.getDim()), error),
      input->getElementType(), error);
}

template <typename Adaptor>
static LogicalResult inferConcat(MLIRContext *, std::optional<Location> loc,
                                 Adaptor adaptor, SmallVectorImpl<Type> &types,
                                 StringRef opName) {
  InferContext ctx{loc, opName};
  SmallVector<shape::Shape> shapes;
  RankedTensorType first;
  for (Value value : adaptor.getInputs()) {
    auto input = tensorOf(ctx, value, "every input");
    if (failed(input))
      return failure();
    if (!first)
      first = *input;
    else if (failed(sameElementType(ctx, first, "input 0", *input,
                                    "input " + std::to_string(shapes.size()))))
      return failure();
    shapes.emplace_back(input->getShape());
  }
  std::string error;
  FailureOr<shape::Shape> shape =
      shape::concat(shapes, static_cast<int64_t>(adaptor.getDim()), error);
  if (failed(shape))
    return ctx.error(error);
  types.push_back(RankedTensorType::get(*shape, first.getElementType()));
  return success();
}

template <typename Adaptor>
static LogicalResult inferSlice(MLIRContext *, std::optional<Location> loc,
                                Adaptor adaptor, SmallVectorImpl<Type> &types,
                                StringRef opName) {
  InferContext ctx{loc, opName};
  auto input = tensorOf(ctx, adaptor.getInput(), "input");
  if (failed(input))
    return failure();
  std::string error;
  return pushResult(
      ctx, types,
      shape::slice(input->getShape(), static_cast<int64_t>(adaptor.getDim()),
                   static_cast<int64_t>(adaptor.getStart()),
                   static_cast<int64_t>(adaptor.getEnd()),
                   static_cast<int64_t>(adaptor.getStep()), error),
      input->getElementType(), error);
}

template <typename Adaptor>
static LogicalResult inferFlatten(MLIRContext *, std::optional<Location> loc,
                                  Adaptor adaptor,
                                  SmallVectorImpl<Type> &types,
                                  StringRef opName) {
  InferContext ctx{loc, opName};
  auto input = tensorOf(ctx, adaptor.getInput(), "input");
  if (failed(input))
    return failure();
  std::string error;
  return pushResult(
      ctx, types,
      shape::flatten(input->getShape(),
                     static_cast<int64_t>(adaptor.getStartDim()),
                     static_cast<int64_t>(adaptor.getEndDim()), error),
      input->getElementType(), error);
}

template <typename Adaptor>
static LogicalResult inferReduction(MLIRContext *, std::optional<Location> loc,
                                    Adaptor adaptor,
                                    SmallVectorImpl<Type> &types,
                                    StringRef opName) {
  InferContext ctx{loc, opName};
  auto input = tensorOf(ctx, adaptor.getInput(), "input");
  if (failed(input))
    return failure();
  std::string error;
  return pushResult(ctx, types,
                    shape::reduce(input->getShape(), adaptor.getDims(),
                                  adaptor.getKeepdim(), error),
                    input->getElementType(), error);
}

template <typename Adaptor>
static LogicalResult inferArgmax(MLIRContext *context,
                                 std::optional<Location> loc, Adaptor adaptor,
                                 SmallVectorImpl<Type> &types,
                                 StringRef opName) {
  InferContext ctx{loc, opName};
  auto input = tensorOf(ctx, adaptor.getInput(), "input");
  if (failed(input))
    return failure();
  std::optional<int64_t> dim;
  if (auto d = adaptor.getDim())
    dim = static_cast<int64_t>(*d);
  std::string error;
  return pushResult(
      ctx, types,
      shape::argmax(input->getShape(), dim, adaptor.getKeepdim(), error),
      IntegerType::get(context, 64), error);
}

template <typename Adaptor>
static LogicalResult inferEmbedding(MLIRContext *, std::optional<Location> loc,
                                    Adaptor adaptor,
                                    SmallVectorImpl<Type> &types,
                                    StringRef opName) {
  InferContext ctx{loc, opName};
  auto indices = tensorOf(ctx, adaptor.getIndices(), "indices");
  auto weight = tensorOf(ctx, adaptor.getWeight(), "weight");
  if (failed(indices) || failed(weight))
    return failure();
  std::string error;
  return pushResult(
      ctx, types,
      shape::embedding(indices->getShape(), weight->getShape(), error),
      weight->getElementType(), error);
}

template <typename Adaptor>
static LogicalResult
inferEmbeddingDenseBackward(MLIRContext *, std::optional<Location> loc,
                            Adaptor adaptor, SmallVectorImpl<Type> &types,
                            StringRef opName) {
  InferContext ctx{loc, opName};
  auto grad = tensorOf(ctx, adaptor.getGrad(), "grad");
  auto indices = tensorOf(ctx, adaptor.getIndices(), "indices");
  if (failed(grad) || failed(indices))
    return failure();
  std::string error;
  return pushResult(ctx, types,
                    shape::embeddingDenseBackward(
                        grad->getShape(), indices->getShape(),
                        int64_t(adaptor.getNumWeights()), error),
                    grad->getElementType(), error);
}

template <typename Adaptor>
static LogicalResult inferDropout(MLIRContext *, std::optional<Location> loc,
                                  Adaptor adaptor,
                                  SmallVectorImpl<Type> &types,
                                  StringRef opName) {
  InferContext ctx{loc, opName};
  auto input = tensorOf(ctx, adaptor.getInput(), "input");
  if (failed(input))
    return failure();
  double p = adaptor.getP().convertToDouble();
  if (!(p >= 0.0 && p <= 1.0))
    return ctx.error("dropout probability must be in [0, 1], got " +
                     std::to_string(p));
  types.push_back(*input);
  return success();
}

template <typename Adaptor>
static LogicalResult inferOneHot(MLIRContext *context,
                                 std::optional<Location> loc, Adaptor adaptor,
                                 SmallVectorImpl<Type> &types,
                                 StringRef opName) {
  InferContext ctx{loc, opName};
  auto indices = tensorOf(ctx, adaptor.getIndices(), "indices");
  if (failed(indices))
    return failure();
  std::string error;
  return pushResult(
      ctx, types,
      shape::oneHot(indices->getShape(),
                    static_cast<int64_t>(adaptor.getNumClasses()), error),
      IntegerType::get(context, 64), error);
}

template <typename Adaptor>
static LogicalResult inferElementwiseLoss(MLIRContext *,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &types,
                                          StringRef opName) {
  InferContext ctx{loc, opName};
  auto input = tensorOf(ctx, adaptor.getInput(), "input");
  auto target = tensorOf(ctx, adaptor.getTarget(), "target");
  if (failed(input) || failed(target) ||
      failed(sameElementType(ctx, *input, "input", *target, "target")))
    return failure();
  std::string error;
  return pushResult(ctx, types,
                    shape::elementwiseLoss(input->getShape(),
                                           target->getShape(),
                                           adaptor.getReduction() !=
                                               Reduction::None,
                                           error),
                    input->getElementType(), error);
}

template <typename Adaptor>
static LogicalResult inferClassLoss(MLIRContext *, std::optional<Location> loc,
                                    Adaptor adaptor,
                                    SmallVectorImpl<Type> &types,
                                    StringRef opName) {
  InferContext ctx{loc, opName};
  auto input = tensorOf(ctx, adaptor.getInput(), "input");
  auto target = tensorOf(ctx, adaptor.getTarget(), "target");
  if (failed(input) || failed(target))
    return failure();
  if (!isIndexInteger(target->getElementType())) {
    std::string message;
    llvm::raw_string_ostream os(message);
    os << "expects class-index targets of type i64 or i32, got "
       << target->getElementType();
    return ctx.error(message);
  }
  std::string error;
  return pushResult(ctx, types,
                    shape::classLoss(input->getShape(), target->getShape(),
                                     adaptor.getReduction() !=
                                         Reduction::None,
                                     error),
                    input->getElementType(), error);
}

template <typename Adaptor>
static LogicalResult inferRandom(MLIRContext *, std::optional<Location> loc,
                                 Adaptor adaptor, SmallVectorImpl<Type> &types,
                                 StringRef opName) {
  InferContext ctx{loc, opName};
  Type dtype = adaptor.getDtype();
  if (!isFloat(dtype))
    return ctx.error("dtype must be f32 or f64");
  std::string error;
  if (failed(shape::staticShape(adaptor.getShape(), error)))
    return ctx.error(error);
  types.push_back(RankedTensorType::get(adaptor.getShape(), dtype));
  return success();
}

template <typename Adaptor>
static LogicalResult inferConstant(MLIRContext *, std::optional<Location> loc,
                                   Adaptor adaptor,
                                   SmallVectorImpl<Type> &types,
                                   StringRef opName) {
  InferContext ctx{loc, opName};
  auto type = dyn_cast<RankedTensorType>(adaptor.getValue().getType());
  if (!type || !type.hasStaticShape())
    return ctx.error("value must be a statically shaped tensor");
  types.push_back(type);
  return success();
}

template <typename Adaptor>
static LogicalResult inferFull(MLIRContext *, std::optional<Location> loc,
                               Adaptor adaptor, SmallVectorImpl<Type> &types,
                               StringRef opName) {
  InferContext ctx{loc, opName};
  TypedAttr value = adaptor.getValue();
  if (!isa<FloatAttr, IntegerAttr>(value))
    return ctx.error("value must be a float or integer attribute");
  Type element = value.getType();
  if (!(isFloat(element) || isIndexInteger(element) ||
        element.isSignlessInteger(1))) {
    std::string message;
    llvm::raw_string_ostream os(message);
    os << "value must be of type f32, f64, i64, i32 or i1, got " << element;
    return ctx.error(message);
  }
  std::string error;
  if (failed(shape::staticShape(adaptor.getShape(), error)))
    return ctx.error(error);
  types.push_back(RankedTensorType::get(adaptor.getShape(), value.getType()));
  return success();
}

} // namespace mlir::sinter

#define GET_OP_CLASSES
#include "sinter/ir/SinterOps.cpp.inc"

//===----------------------------------------------------------------------===//
// Verifiers
//===----------------------------------------------------------------------===//

LogicalResult ConstantOp::verify() {
  auto type = dyn_cast<RankedTensorType>(getValue().getType());
  Type element = type ? type.getElementType() : Type();
  if (!element || !(isFloat(element) || isIndexInteger(element) ||
                    element.isSignlessInteger(1)))
    return emitOpError("value must be a tensor of f32, f64, i64, i32 or i1, "
                       "got ")
           << getValue().getType();
  return success();
}

// The distribution parameters, as torch's uniform_ and normal_ check them
// (they also reject infinities, which give NaN or infinite samples).
LogicalResult UniformOp::verify() {
  double low = getLow().convertToDouble(), high = getHigh().convertToDouble();
  if (!std::isfinite(low) || !std::isfinite(high) || !(low <= high))
    return emitOpError("expects finite low <= high, got low = ")
           << low << ", high = " << high;
  return success();
}

LogicalResult NormalOp::verify() {
  double mean = getMean().convertToDouble(), std = getStd().convertToDouble();
  if (!std::isfinite(mean) || !std::isfinite(std) || !(std >= 0.0))
    return emitOpError("expects a finite mean and a finite std >= 0, got "
                       "mean = ")
           << mean << ", std = " << std;
  return success();
}

//===----------------------------------------------------------------------===//
// Folders
//===----------------------------------------------------------------------===//

/// True when `attr` is a splat constant whose every element equals `value`.
static bool isSplatOf(Attribute attr, double value) {
  auto splat = dyn_cast_or_null<SplatElementsAttr>(attr);
  if (!splat)
    return false;
  Type element = splat.getElementType();
  if (isa<FloatType>(element))
    return splat.getSplatValue<APFloat>().convertToDouble() == value;
  if (element.isSignlessInteger() && element.getIntOrFloatBitWidth() > 1)
    return static_cast<double>(splat.getSplatValue<APInt>().getSExtValue()) ==
           value;
  return false;
}

/// `x op c` is `x` when `c` is the identity element and broadcasting does not
/// change x's type.
static OpFoldResult foldRightIdentity(Operation *op, Value lhs,
                                      Attribute rhsConst, double identity) {
  if (lhs.getType() == op->getResult(0).getType() &&
      isSplatOf(rhsConst, identity))
    return lhs;
  return {};
}

OpFoldResult AddOp::fold(FoldAdaptor adaptor) {
  if (OpFoldResult r = foldRightIdentity(*this, getLhs(), adaptor.getRhs(), 0))
    return r;
  return foldRightIdentity(*this, getRhs(), adaptor.getLhs(), 0);
}

OpFoldResult SubOp::fold(FoldAdaptor adaptor) {
  return foldRightIdentity(*this, getLhs(), adaptor.getRhs(), 0);
}

OpFoldResult MulOp::fold(FoldAdaptor adaptor) {
  if (OpFoldResult r = foldRightIdentity(*this, getLhs(), adaptor.getRhs(), 1))
    return r;
  return foldRightIdentity(*this, getRhs(), adaptor.getLhs(), 1);
}

OpFoldResult DivOp::fold(FoldAdaptor adaptor) {
  return foldRightIdentity(*this, getLhs(), adaptor.getRhs(), 1);
}

OpFoldResult MaximumOp::fold(FoldAdaptor) {
  return getLhs() == getRhs() ? OpFoldResult(getLhs()) : OpFoldResult();
}

OpFoldResult MinimumOp::fold(FoldAdaptor) {
  return getLhs() == getRhs() ? OpFoldResult(getLhs()) : OpFoldResult();
}

OpFoldResult NegOp::fold(FoldAdaptor) {
  if (auto inner = getInput().getDefiningOp<NegOp>())
    return inner.getInput();
  return {};
}

OpFoldResult PowOp::fold(FoldAdaptor) {
  return getExponent().convertToDouble() == 1.0 ? OpFoldResult(getInput())
                                                : OpFoldResult();
}

/// Ops that only move or relabel elements are the identity when their result
/// type equals their input type (and, for the dynamic cases, the caller has
/// checked that no run-time size could change that).
static OpFoldResult foldSameType(Operation *op, Value input) {
  return input.getType() == op->getResult(0).getType() ? OpFoldResult(input)
                                                       : OpFoldResult();
}

OpFoldResult CastOp::fold(FoldAdaptor) { return foldSameType(*this, getInput()); }

OpFoldResult TransposeOp::fold(FoldAdaptor) {
  int64_t rank = getInput().getType().getRank();
  auto normalize = [rank](uint64_t d) {
    int64_t dim = static_cast<int64_t>(d);
    return dim < 0 ? dim + rank : dim;
  };
  int64_t d0 = normalize(getDim0()), d1 = normalize(getDim1());
  if (d0 == d1)
    return getInput();
  // transpose(transpose(x, a, b), a, b) == x, in either order of a and b.
  if (auto inner = getInput().getDefiningOp<TransposeOp>()) {
    int64_t i0 = normalize(inner.getDim0()), i1 = normalize(inner.getDim1());
    if (std::minmax(d0, d1) == std::minmax(i0, i1))
      return inner.getInput();
  }
  return {};
}

OpFoldResult PermuteOp::fold(FoldAdaptor) {
  int64_t rank = getInput().getType().getRank();
  for (auto [i, d] : llvm::enumerate(getDims()))
    if ((d < 0 ? d + rank : d) != static_cast<int64_t>(i))
      return {};
  return getInput();
}

OpFoldResult ReshapeOp::fold(FoldAdaptor) {
  // Reshaping keeps row-major order, so a chain of reshapes is one reshape,
  // provided that reshaping the inner input directly gives this result type
  // (with a dynamic input it may not: a reshape of tensor<?x4xf32> to [-1, 2]
  // then to [6] is valid op by op, but [6] is not a multiple of 4).
  if (auto inner = getInput().getDefiningOp<ReshapeOp>()) {
    std::string error;
    FailureOr<shape::Shape> direct = shape::reshape(
        inner.getInput().getType().getShape(), getShape(), error);
    if (succeeded(direct) &&
        ArrayRef<int64_t>(*direct) == getType().getShape()) {
      getInputMutable().assign(inner.getInput());
      return getResult();
    }
  }
  // With at most one dynamic dimension, equal types mean equal shapes.
  if (getInput().getType().getNumDynamicDims() <= 1)
    return foldSameType(*this, getInput());
  return {};
}

OpFoldResult BroadcastToOp::fold(FoldAdaptor) {
  return foldSameType(*this, getInput());
}

OpFoldResult SqueezeOp::fold(FoldAdaptor) {
  return foldSameType(*this, getInput());
}

OpFoldResult UnsqueezeOp::fold(FoldAdaptor) {
  // unsqueeze(squeeze(x)) is x when it restores x's type: the squeeze dropped
  // exactly the dimension this unsqueeze puts back.
  if (auto squeeze = getInput().getDefiningOp<SqueezeOp>())
    return foldSameType(*this, squeeze.getInput());
  return {};
}

OpFoldResult ConcatOp::fold(FoldAdaptor) {
  return getInputs().size() == 1 ? OpFoldResult(getInputs().front())
                                 : OpFoldResult();
}

OpFoldResult SliceOp::fold(FoldAdaptor) {
  // A slice with as many elements as its (static) dimension takes them all.
  RankedTensorType type = getInput().getType();
  int64_t dim = static_cast<int64_t>(getDim());
  if (dim < 0)
    dim += type.getRank();
  if (dim < 0 || dim >= type.getRank() || type.isDynamicDim(dim))
    return {};
  return foldSameType(*this, getInput());
}

OpFoldResult FlattenOp::fold(FoldAdaptor) {
  return foldSameType(*this, getInput());
}

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }

OpFoldResult FullOp::fold(FoldAdaptor) {
  return DenseElementsAttr::get(cast<ShapedType>(getType()), getValue());
}

//===----------------------------------------------------------------------===//
// Canonicalization: non-negative, sorted dims
//===----------------------------------------------------------------------===//

template <typename OpTy>
static LogicalResult normalizeSingleDim(OpTy op, PatternRewriter &rewriter) {
  int64_t dim = static_cast<int64_t>(op.getDim());
  if (dim >= 0)
    return failure();
  int64_t rank = op.getInput().getType().getRank();
  rewriter.modifyOpInPlace(op, [&] { op.setDim(dim + rank); });
  return success();
}

void SoftmaxOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                            MLIRContext *) {
  results.add(normalizeSingleDim<SoftmaxOp>);
}

void LogSoftmaxOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                               MLIRContext *) {
  results.add(normalizeSingleDim<LogSoftmaxOp>);
}

template <typename OpTy>
static LogicalResult normalizeReductionDims(OpTy op,
                                            PatternRewriter &rewriter) {
  ArrayRef<int64_t> dims = op.getDims();
  int64_t rank = op.getInput().getType().getRank();
  std::string error;
  FailureOr<shape::Shape> normalized = shape::normalizeDims(dims, rank, error);
  // Reducing over every dim is spelled with no dims.
  if (succeeded(normalized) && !dims.empty() &&
      static_cast<int64_t>(normalized->size()) == rank) {
    rewriter.modifyOpInPlace(op, [&] { op.setDims(ArrayRef<int64_t>{}); });
    return success();
  }
  if (failed(normalized) || ArrayRef<int64_t>(*normalized) == dims ||
      dims.empty())
    return failure();
  rewriter.modifyOpInPlace(op, [&] { op.setDims(*normalized); });
  return success();
}

#define SINTER_REDUCTION_CANONICALIZER(OpTy)                                   \
  void OpTy::getCanonicalizationPatterns(RewritePatternSet &results,           \
                                         MLIRContext *) {                      \
    results.add(normalizeReductionDims<OpTy>);                                 \
  }
SINTER_REDUCTION_CANONICALIZER(SumOp)
SINTER_REDUCTION_CANONICALIZER(MeanOp)
SINTER_REDUCTION_CANONICALIZER(MaxOp)
SINTER_REDUCTION_CANONICALIZER(MinOp)
#undef SINTER_REDUCTION_CANONICALIZER
