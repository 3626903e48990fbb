//===- Interpreter.cpp - The reference interpreter ------------------------===//
//
// One evaluation function per op, written for clarity: index arithmetic is
// spelled out, floating-point accumulations run in double, and shapes come
// from the same ShapeRules functions that result-type inference uses, so a
// dynamic size that breaks a rule at run time is reported in the words the
// verifier would use for a static one.
//
// Data-movement ops (reshape, permute, slice, concat, ...) work on bytes and
// so serve every element type; arithmetic ops dispatch on the element type
// to a template.
//
//===----------------------------------------------------------------------===//

#include "sinter/interp/Interpreter.h"

#include "sinter/ir/HostTypes.h"
#include "sinter/ir/ShapeRules.h"
#include "sinter/ir/SinterDialect.h"
#include "sinter/ir/SinterOps.h"
#include "sinter/runtime/Philox.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MLProgram/IR/MLProgram.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/TypeSwitch.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <type_traits>

using namespace mlir;
using namespace mlir::sinter;
using ::sinter::DType;
using ::sinter::Tensor;

namespace {

/// Interpreted tensors above this size are refused rather than allocated:
/// a typo in a shape attribute should be an error, not an out-of-memory
/// abort.
constexpr int64_t kMaxTensorBytes = int64_t(16) << 30;
/// Deeper func.call nesting is taken to be runaway recursion.
constexpr int kMaxCallDepth = 256;

//===----------------------------------------------------------------------===//
// Element types and indexing
//===----------------------------------------------------------------------===//

/// Calls `fn` with a value of the C++ type that stores `dtype` (i1 is
/// uint8_t), so that `decltype` of the argument names the element type.
template <typename Fn> void visitDType(DType dtype, Fn &&fn) {
  switch (dtype) {
  case DType::F32:
    return fn(float{});
  case DType::F64:
    return fn(double{});
  case DType::I64:
    return fn(int64_t{});
  case DType::I32:
    return fn(int32_t{});
  case DType::I1:
    return fn(uint8_t{});
  }
}

/// As visitDType for ops whose operands the verifier restricts to f32/f64.
template <typename Fn> void visitFloat(DType dtype, Fn &&fn) {
  if (dtype == DType::F64)
    fn(double{});
  else
    fn(float{});
}

/// Integer arithmetic wraps around, as PyTorch's does, instead of being
/// undefined behaviour on overflow.
template <typename T> T wrapAdd(T a, T b) {
  if constexpr (std::is_integral_v<T>)
    return T(std::make_unsigned_t<T>(a) + std::make_unsigned_t<T>(b));
  else
    return a + b;
}
template <typename T> T wrapSub(T a, T b) {
  if constexpr (std::is_integral_v<T>)
    return T(std::make_unsigned_t<T>(a) - std::make_unsigned_t<T>(b));
  else
    return a - b;
}
template <typename T> T wrapMul(T a, T b) {
  if constexpr (std::is_integral_v<T>)
    return T(std::make_unsigned_t<T>(a) * std::make_unsigned_t<T>(b));
  else
    return a * b;
}
template <typename T> bool isNaN(T v) {
  if constexpr (std::is_floating_point_v<T>)
    return std::isnan(v);
  else
    return false;
}

/// Converts one element as Tensor.to(dtype) does. Float to integer truncates
/// toward zero; NaN becomes 0 and out-of-range values saturate, where C++
/// would leave the result undefined.
template <typename To, typename From> To convertElement(From v) {
  if constexpr (std::is_same_v<To, uint8_t>) {
    return v != From(0) ? 1 : 0;
  } else if constexpr (std::is_integral_v<To> &&
                       std::is_floating_point_v<From>) {
    if (std::isnan(v))
      return 0;
    double t = std::trunc(double(v));
    if (t <= double(std::numeric_limits<To>::min()))
      return std::numeric_limits<To>::min();
    if (t >= double(std::numeric_limits<To>::max()))
      return std::numeric_limits<To>::max();
    return To(t);
  } else {
    return To(v);
  }
}

SmallVector<int64_t> rowMajorStrides(ArrayRef<int64_t> shape) {
  SmallVector<int64_t> strides(shape.size(), 1);
  for (int64_t i = int64_t(shape.size()) - 2; i >= 0; --i)
    strides[i] = strides[i + 1] * shape[i + 1];
  return strides;
}

int64_t product(ArrayRef<int64_t> dims) {
  int64_t n = 1;
  for (int64_t d : dims)
    n *= d;
  return n;
}

/// Calls `fn(linearIndex, multiIndex)` for every element of `shape` in
/// row-major order.
template <typename Fn> void forEachIndex(ArrayRef<int64_t> shape, Fn &&fn) {
  int64_t count = product(shape);
  SmallVector<int64_t> index(shape.size(), 0);
  for (int64_t linear = 0; linear < count; ++linear) {
    fn(linear, ArrayRef<int64_t>(index));
    for (int64_t d = int64_t(shape.size()) - 1; d >= 0; --d) {
      if (++index[d] < shape[d])
        break;
      index[d] = 0;
    }
  }
}

/// For every element of `outShape`, the linear index of the element of a
/// tensor of shape `inShape` that broadcasting reads: dimensions align from
/// the right and a dimension of size 1 repeats.
std::vector<int64_t> broadcastSources(ArrayRef<int64_t> outShape,
                                      ArrayRef<int64_t> inShape) {
  SmallVector<int64_t> inStrides = rowMajorStrides(inShape);
  size_t lead = outShape.size() - inShape.size();
  std::vector<int64_t> sources(product(outShape));
  forEachIndex(outShape, [&](int64_t linear, ArrayRef<int64_t> index) {
    int64_t source = 0;
    for (size_t d = 0; d < inShape.size(); ++d)
      if (inShape[d] != 1)
        source += index[lead + d] * inStrides[d];
    sources[linear] = source;
  });
  return sources;
}

ArrayRef<int64_t> shapeOf(const Tensor &t) { return t.shape(); }

int64_t readIndex(const Tensor &t, int64_t i) {
  return t.dtype() == DType::I32 ? int64_t(t.data<int32_t>()[i])
                                 : t.data<int64_t>()[i];
}

std::string argumentName(func::FuncOp func, unsigned i) {
  if (auto name = func.getArgAttrOfType<StringAttr>(i, "sinter.name"))
    return name.str();
  return "arg" + std::to_string(i);
}

std::string describe(const Tensor &t) { return t.typeString(); }

//===----------------------------------------------------------------------===//
// The evaluation of one function call
//===----------------------------------------------------------------------===//

class FunctionRun {
public:
  FunctionRun(int depth, ProgramState *state) : depth(depth), state(state) {}

  FailureOr<std::vector<Tensor>> run(func::FuncOp func,
                                     ArrayRef<Tensor> arguments);

private:
  LogicalResult bindArguments(func::FuncOp func, ArrayRef<Tensor> arguments);
  LogicalResult evaluate(Operation *op);

  const Tensor &get(Value v) const { return values.find(v)->second; }
  /// Records `t` as the value of `result`, checking it against the result
  /// type (element type and every static dimension).
  LogicalResult set(Value result, Tensor t);
  LogicalResult fail(Operation *op, const Twine &message) {
    return op->emitOpError() << message;
  }
  /// A zero-filled tensor for `result`'s element type and `shape`.
  FailureOr<Tensor> makeResult(Operation *op, Value result,
                               ArrayRef<int64_t> shape);
  FailureOr<Tensor> makeTensor(Operation *op, DType dtype,
                               ArrayRef<int64_t> shape);
  /// Unwraps a shape rule's result, turning its error into a diagnostic.
  FailureOr<shape::Shape> checked(Operation *op, FailureOr<shape::Shape> s,
                                  const std::string &error) {
    if (failed(s)) {
      (void)fail(op, error);
      return failure();
    }
    return s;
  }

  // Op families.
  template <typename Fn> LogicalResult binary(Operation *op, Fn fn);
  template <typename Fn> LogicalResult unary(Operation *op, Fn fn);
  LogicalResult where(WhereOp op);
  LogicalResult castElements(CastOp op);
  LogicalResult softmax(Operation *op, int64_t dim, bool logarithm);
  LogicalResult matmul(MatmulOp op);
  LogicalResult linear(LinearOp op);
  LogicalResult permute(Operation *op, ArrayRef<int64_t> dims);
  LogicalResult sameBytes(Operation *op, FailureOr<shape::Shape> s,
                          const std::string &error);
  LogicalResult broadcastTo(BroadcastToOp op);
  LogicalResult concat(ConcatOp op);
  LogicalResult slice(SliceOp op);
  enum class ReduceKind { Sum, Mean, Max, Min };
  LogicalResult reduce(Operation *op, ArrayRef<int64_t> dims, bool keepdim,
                       ReduceKind kind);
  LogicalResult argmax(ArgmaxOp op);
  LogicalResult embedding(EmbeddingOp op);
  LogicalResult embeddingBackward(EmbeddingDenseBackwardOp op);
  LogicalResult dropout(DropoutOp op);
  LogicalResult oneHot(OneHotOp op);
  template <typename Fn>
  LogicalResult elementwiseLoss(Operation *op, Reduction reduction, Fn fn);
  LogicalResult classLoss(Operation *op, Reduction reduction, bool logSoftmax);
  template <typename OpTy> LogicalResult random(OpTy op, bool normal);
  LogicalResult constant(ConstantOp op);
  LogicalResult full(FullOp op);
  LogicalResult call(func::CallOp op);
  LogicalResult globalLoad(ml_program::GlobalLoadOp op);
  LogicalResult globalStore(ml_program::GlobalStoreOp op);

  DenseMap<Value, Tensor> values;
  std::vector<Tensor> results;
  int depth;
  ProgramState *state;
};

FailureOr<Tensor> FunctionRun::makeTensor(Operation *op, DType dtype,
                                          ArrayRef<int64_t> shape) {
  std::vector<int64_t> dims(shape.begin(), shape.end());
  int64_t count = ::sinter::shapeNumElements(dims);
  if (count < 0 ||
      count > kMaxTensorBytes / int64_t(::sinter::dtypeSize(dtype))) {
    (void)fail(op, "a result of shape " + shape::format(shape) +
                       " is too large for the interpreter");
    return failure();
  }
  return Tensor(dtype, std::move(dims));
}

FailureOr<Tensor> FunctionRun::makeResult(Operation *op, Value result,
                                          ArrayRef<int64_t> shape) {
  auto type = cast<RankedTensorType>(result.getType());
  return makeTensor(op, *dtypeOf(type.getElementType()), shape);
}

LogicalResult FunctionRun::set(Value result, Tensor t) {
  auto type = cast<RankedTensorType>(result.getType());
  Operation *op = result.getDefiningOp();
  bool matches = dtypeOf(type.getElementType()) == t.dtype() &&
                 type.getRank() == t.rank();
  for (int64_t i = 0; matches && i < type.getRank(); ++i)
    matches = type.isDynamicDim(i) || type.getDimSize(i) == t.dim(i);
  if (!matches)
    return fail(op, "computed a " + describe(t) +
                        " result that does not match its type");
  values[result] = std::move(t);
  return success();
}

LogicalResult FunctionRun::bindArguments(func::FuncOp func,
                                         ArrayRef<Tensor> arguments) {
  FunctionType type = func.getFunctionType();
  if (arguments.size() != type.getNumInputs())
    return func.emitError() << "@" << func.getSymName() << " takes "
                            << type.getNumInputs() << " arguments, got "
                            << arguments.size();
  for (auto [i, argType] : llvm::enumerate(type.getInputs())) {
    auto tensorType = dyn_cast<RankedTensorType>(argType);
    std::optional<DType> dtype =
        tensorType ? dtypeOf(tensorType.getElementType()) : std::nullopt;
    if (!dtype)
      return func.emitError()
             << "argument '" << argumentName(func, i) << "' has type "
             << argType << ", which the interpreter does not evaluate";
    const Tensor &t = arguments[i];
    bool matches = *dtype == t.dtype() && tensorType.getRank() == t.rank();
    for (int64_t d = 0; matches && d < tensorType.getRank(); ++d)
      matches = tensorType.isDynamicDim(d) || tensorType.getDimSize(d) == t.dim(d);
    if (!matches)
      return func.emitError()
             << "argument '" << argumentName(func, i) << "' must be "
             << argType << ", got " << describe(t);
    values[func.getArgument(i)] = t;
  }
  return success();
}

FailureOr<std::vector<Tensor>> FunctionRun::run(func::FuncOp func,
                                                ArrayRef<Tensor> arguments) {
  if (func.isExternal()) {
    func.emitError() << "@" << func.getSymName()
                     << " has no body to interpret";
    return failure();
  }
  if (!func.getBody().hasOneBlock()) {
    func.emitError() << "the interpreter evaluates single-block functions; @"
                     << func.getSymName() << " has "
                     << func.getBody().getBlocks().size() << " blocks";
    return failure();
  }
  if (failed(bindArguments(func, arguments)))
    return failure();
  for (Operation &op : func.getBody().front())
    if (failed(evaluate(&op)))
      return failure();
  return std::move(results);
}

LogicalResult FunctionRun::evaluate(Operation *op) {
  return llvm::TypeSwitch<Operation *, LogicalResult>(op)
      // Elementwise binary.
      .Case([&](AddOp) {
        return binary(op, [](auto a, auto b) { return wrapAdd(a, b); });
      })
      .Case([&](SubOp) {
        return binary(op, [](auto a, auto b) { return wrapSub(a, b); });
      })
      .Case([&](MulOp) {
        return binary(op, [](auto a, auto b) { return wrapMul(a, b); });
      })
      .Case([&](DivOp) {
        return binary(op, [](auto a, auto b) { return a / b; });
      })
      .Case([&](MaximumOp) {
        return binary(op, [](auto a, auto b) {
          return isNaN(a) || isNaN(b) ? a + b : std::max(a, b);
        });
      })
      .Case([&](MinimumOp) {
        return binary(op, [](auto a, auto b) {
          return isNaN(a) || isNaN(b) ? a + b : std::min(a, b);
        });
      })
      .Case([&](GtOp) {
        return binary(op, [](auto a, auto b) { return a > b; });
      })
      .Case([&](GeOp) {
        return binary(op, [](auto a, auto b) { return a >= b; });
      })
      .Case([&](LtOp) {
        return binary(op, [](auto a, auto b) { return a < b; });
      })
      .Case([&](LeOp) {
        return binary(op, [](auto a, auto b) { return a <= b; });
      })
      .Case([&](EqOp) {
        return binary(op, [](auto a, auto b) { return a == b; });
      })
      .Case([&](WhereOp o) { return where(o); })
      // Elementwise unary.
      .Case([&](NegOp) {
        return unary(op, [](auto x) { return wrapSub(decltype(x)(0), x); });
      })
      .Case([&](ExpOp) {
        return unary(op, [](auto x) { return std::exp(x); });
      })
      .Case([&](LogOp) {
        return unary(op, [](auto x) { return std::log(x); });
      })
      .Case([&](SqrtOp) {
        return unary(op, [](auto x) { return std::sqrt(x); });
      })
      .Case([&](RsqrtOp) {
        return unary(op, [](auto x) { return 1.0 / std::sqrt(double(x)); });
      })
      .Case([&](SigmoidOp) {
        // Written so that neither branch's exp overflows.
        return unary(op, [](auto x) {
          double v = double(x);
          if (v >= 0)
            return 1.0 / (1.0 + std::exp(-v));
          double e = std::exp(v);
          return e / (1.0 + e);
        });
      })
      .Case([&](TanhOp) {
        return unary(op, [](auto x) { return std::tanh(x); });
      })
      .Case([&](ReluOp) {
        return unary(op, [](auto x) {
          return isNaN(x) ? x : std::max(x, decltype(x)(0));
        });
      })
      .Case([&](PowOp o) {
        double exponent = o.getExponentAttr().getValueAsDouble();
        return unary(op, [exponent](auto x) {
          return std::pow(double(x), exponent);
        });
      })
      .Case([&](CastOp o) { return castElements(o); })
      // Softmax family.
      .Case([&](SoftmaxOp o) {
        return softmax(op, int64_t(o.getDim()), /*logarithm=*/false);
      })
      .Case([&](LogSoftmaxOp o) {
        return softmax(op, int64_t(o.getDim()), /*logarithm=*/true);
      })
      // Linear algebra.
      .Case([&](MatmulOp o) { return matmul(o); })
      .Case([&](LinearOp o) { return linear(o); })
      .Case([&](TransposeOp o) {
        std::string error;
        int64_t rank = get(o.getInput()).rank();
        FailureOr<int64_t> d0 = shape::normalizeDim(o.getDim0(), rank, error);
        if (failed(d0))
          return fail(op, error);
        FailureOr<int64_t> d1 = shape::normalizeDim(o.getDim1(), rank, error);
        if (failed(d1))
          return fail(op, error);
        SmallVector<int64_t> dims = llvm::to_vector(llvm::seq<int64_t>(0, rank));
        std::swap(dims[*d0], dims[*d1]);
        return permute(op, dims);
      })
      .Case([&](PermuteOp o) {
        std::string error;
        int64_t rank = get(o.getInput()).rank();
        if (failed(shape::permute(get(o.getInput()).shape(), o.getDims(),
                                  error)))
          return fail(op, error);
        SmallVector<int64_t> dims;
        for (int64_t d : o.getDims())
          dims.push_back(*shape::normalizeDim(d, rank, error));
        return permute(op, dims);
      })
      // Shape ops.
      .Case([&](ReshapeOp o) {
        std::string error;
        return sameBytes(op,
                         shape::reshape(get(o.getInput()).shape(),
                                        o.getShape(), error),
                         error);
      })
      .Case([&](SqueezeOp o) {
        std::string error;
        return sameBytes(op,
                         shape::squeeze(get(o.getInput()).shape(),
                                        o.getDims(), error),
                         error);
      })
      .Case([&](UnsqueezeOp o) {
        std::string error;
        return sameBytes(op,
                         shape::unsqueeze(get(o.getInput()).shape(),
                                          int64_t(o.getDim()), error),
                         error);
      })
      .Case([&](FlattenOp o) {
        std::string error;
        return sameBytes(op,
                         shape::flatten(get(o.getInput()).shape(),
                                        int64_t(o.getStartDim()),
                                        int64_t(o.getEndDim()), error),
                         error);
      })
      .Case([&](BroadcastToOp o) { return broadcastTo(o); })
      .Case([&](ConcatOp o) { return concat(o); })
      .Case([&](SliceOp o) { return slice(o); })
      // Reductions.
      .Case([&](SumOp o) {
        return reduce(op, o.getDims(), o.getKeepdim(), ReduceKind::Sum);
      })
      .Case([&](MeanOp o) {
        return reduce(op, o.getDims(), o.getKeepdim(), ReduceKind::Mean);
      })
      .Case([&](MaxOp o) {
        return reduce(op, o.getDims(), o.getKeepdim(), ReduceKind::Max);
      })
      .Case([&](MinOp o) {
        return reduce(op, o.getDims(), o.getKeepdim(), ReduceKind::Min);
      })
      .Case([&](ArgmaxOp o) { return argmax(o); })
      // nn.
      .Case([&](EmbeddingOp o) { return embedding(o); })
      .Case([&](EmbeddingDenseBackwardOp o) { return embeddingBackward(o); })
      .Case([&](DropoutOp o) { return dropout(o); })
      .Case([&](OneHotOp o) { return oneHot(o); })
      // Losses.
      .Case([&](MseLossOp o) {
        return elementwiseLoss(op, o.getReduction(), [](double x, double t) {
          return (x - t) * (x - t);
        });
      })
      .Case([&](BinaryCrossEntropyOp o) {
        // PyTorch clamps each log below at -100 so that p = 0 or 1 gives a
        // finite loss.
        return elementwiseLoss(op, o.getReduction(), [](double p, double t) {
          double logP = std::max(std::log(p), -100.0);
          double log1mP = std::max(std::log1p(-p), -100.0);
          return -(t * logP + (1 - t) * log1mP);
        });
      })
      .Case([&](BinaryCrossEntropyWithLogitsOp o) {
        return elementwiseLoss(op, o.getReduction(), [](double x, double t) {
          return std::max(x, 0.0) - x * t + std::log1p(std::exp(-std::abs(x)));
        });
      })
      .Case([&](CrossEntropyOp o) {
        return classLoss(op, o.getReduction(), /*logSoftmax=*/true);
      })
      .Case([&](NllLossOp o) {
        return classLoss(op, o.getReduction(), /*logSoftmax=*/false);
      })
      // Random numbers and constants.
      .Case([&](UniformOp o) { return random(o, /*normal=*/false); })
      .Case([&](NormalOp o) { return random(o, /*normal=*/true); })
      .Case([&](ConstantOp o) { return constant(o); })
      .Case([&](FullOp o) { return full(o); })
      // Functions.
      .Case([&](func::ReturnOp o) {
        for (Value v : o.getOperands())
          results.push_back(get(v));
        return success();
      })
      .Case([&](func::CallOp o) { return call(o); })
      .Case([&](ml_program::GlobalLoadOp o) { return globalLoad(o); })
      .Case([&](ml_program::GlobalStoreOp o) { return globalStore(o); })
      .Default([&](Operation *) {
        return op->emitError() << "the interpreter does not evaluate '"
                               << op->getName() << "'";
      });
}

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

template <typename Fn> LogicalResult FunctionRun::binary(Operation *op, Fn fn) {
  const Tensor &a = get(op->getOperand(0)), &b = get(op->getOperand(1));
  std::string error;
  FailureOr<shape::Shape> s =
      checked(op, shape::broadcast(a.shape(), b.shape(), error), error);
  if (failed(s))
    return failure();
  FailureOr<Tensor> out = makeResult(op, op->getResult(0), *s);
  if (failed(out))
    return failure();
  std::vector<int64_t> fromA = broadcastSources(*s, a.shape());
  std::vector<int64_t> fromB = broadcastSources(*s, b.shape());
  visitDType(a.dtype(), [&](auto tag) {
    using T = decltype(tag);
    // Comparisons give i1, stored as uint8_t; arithmetic keeps T.
    using Out = std::conditional_t<
        std::is_same_v<decltype(fn(T(), T())), bool>, uint8_t, T>;
    const T *pa = a.data<T>(), *pb = b.data<T>();
    Out *po = out->data<Out>();
    for (size_t i = 0; i < fromA.size(); ++i)
      po[i] = Out(fn(pa[fromA[i]], pb[fromB[i]]));
  });
  return set(op->getResult(0), std::move(*out));
}

template <typename Fn> LogicalResult FunctionRun::unary(Operation *op, Fn fn) {
  const Tensor &x = get(op->getOperand(0));
  Tensor out(x.dtype(), x.shape());
  visitDType(x.dtype(), [&](auto tag) {
    using T = decltype(tag);
    const T *px = x.data<T>();
    T *po = out.data<T>();
    for (int64_t i = 0; i < x.numElements(); ++i)
      po[i] = T(fn(px[i]));
  });
  return set(op->getResult(0), std::move(out));
}

LogicalResult FunctionRun::where(WhereOp op) {
  const Tensor &c = get(op.getCondition()), &a = get(op.getSelf()),
               &b = get(op.getOther());
  std::string error;
  FailureOr<shape::Shape> ab = shape::broadcast(a.shape(), b.shape(), error);
  FailureOr<shape::Shape> s = checked(
      op, failed(ab) ? ab : shape::broadcast(c.shape(), *ab, error), error);
  if (failed(s))
    return failure();
  FailureOr<Tensor> out = makeResult(op, op.getResult(), *s);
  if (failed(out))
    return failure();
  std::vector<int64_t> fromC = broadcastSources(*s, c.shape()),
                       fromA = broadcastSources(*s, a.shape()),
                       fromB = broadcastSources(*s, b.shape());
  size_t size = ::sinter::dtypeSize(a.dtype());
  const uint8_t *pc = c.data<uint8_t>();
  for (size_t i = 0; i < fromC.size(); ++i) {
    const std::byte *src = pc[fromC[i]] ? a.bytes() + fromA[i] * size
                                        : b.bytes() + fromB[i] * size;
    std::memcpy(out->bytes() + i * size, src, size);
  }
  return set(op.getResult(), std::move(*out));
}

LogicalResult FunctionRun::castElements(CastOp op) {
  const Tensor &x = get(op.getInput());
  FailureOr<Tensor> out = makeResult(op, op.getResult(), x.shape());
  if (failed(out))
    return failure();
  visitDType(x.dtype(), [&](auto fromTag) {
    using From = decltype(fromTag);
    visitDType(out->dtype(), [&](auto toTag) {
      using To = decltype(toTag);
      const From *px = x.data<From>();
      To *po = out->data<To>();
      for (int64_t i = 0; i < x.numElements(); ++i) {
        // i1 is stored as uint8_t 0/1: a plain conversion reads it right.
        po[i] = convertElement<To>(px[i]);
      }
    });
  });
  return set(op.getResult(), std::move(*out));
}

LogicalResult FunctionRun::softmax(Operation *op, int64_t dim,
                                   bool logarithm) {
  const Tensor &x = get(op->getOperand(0));
  std::string error;
  FailureOr<int64_t> d = shape::normalizeDim(dim, std::max<int64_t>(x.rank(), 1), error);
  if (failed(d))
    return fail(op, error);
  ArrayRef<int64_t> s = x.shape();
  // A 0-d input is one element along its only "dimension", as in PyTorch.
  int64_t outer = x.rank() ? product(s.take_front(*d)) : 1;
  int64_t n = x.rank() ? s[*d] : 1;
  int64_t inner = x.rank() ? product(s.drop_front(*d + 1)) : 1;
  Tensor out(x.dtype(), x.shape());
  visitFloat(x.dtype(), [&](auto tag) {
    using T = decltype(tag);
    const T *px = x.data<T>();
    T *po = out.data<T>();
    for (int64_t o = 0; o < outer; ++o) {
      for (int64_t in = 0; in < inner; ++in) {
        auto at = [&](int64_t j) { return (o * n + j) * inner + in; };
        // Subtracting the maximum first keeps exp from overflowing.
        double maxValue = -std::numeric_limits<double>::infinity();
        for (int64_t j = 0; j < n; ++j)
          maxValue = std::max(maxValue, double(px[at(j)]));
        if (std::isinf(maxValue))
          maxValue = 0; // all -inf (or +inf): let the arithmetic give NaN/0.
        double sum = 0;
        for (int64_t j = 0; j < n; ++j)
          sum += std::exp(double(px[at(j)]) - maxValue);
        for (int64_t j = 0; j < n; ++j) {
          double shifted = double(px[at(j)]) - maxValue;
          po[at(j)] = T(logarithm ? shifted - std::log(sum)
                                  : std::exp(shifted) / sum);
        }
      }
    }
  });
  return set(op->getResult(0), std::move(out));
}

//===----------------------------------------------------------------------===//
// Linear algebra
//===----------------------------------------------------------------------===//

LogicalResult FunctionRun::matmul(MatmulOp op) {
  const Tensor &a = get(op.getLhs()), &b = get(op.getRhs());
  std::string error;
  FailureOr<shape::Shape> s =
      checked(op, shape::matmul(a.shape(), b.shape(), error), error);
  if (failed(s))
    return failure();
  FailureOr<Tensor> out = makeResult(op, op.getResult(), *s);
  if (failed(out))
    return failure();
  ArrayRef<int64_t> as = a.shape(), bs = b.shape(), os = *s;
  int64_t n = as[as.size() - 2], k = as.back(), m = bs.back();
  // Batch dimensions broadcast: map each result batch to its operands'.
  ArrayRef<int64_t> batch = os.drop_back(2);
  std::vector<int64_t> fromA = broadcastSources(batch, as.drop_back(2));
  std::vector<int64_t> fromB = broadcastSources(batch, bs.drop_back(2));
  visitFloat(a.dtype(), [&](auto tag) {
    using T = decltype(tag);
    for (size_t bi = 0; bi < fromA.size(); ++bi) {
      const T *pa = a.data<T>() + fromA[bi] * n * k;
      const T *pb = b.data<T>() + fromB[bi] * k * m;
      T *po = out->data<T>() + bi * n * m;
      for (int64_t i = 0; i < n; ++i)
        for (int64_t j = 0; j < m; ++j) {
          double acc = 0;
          for (int64_t p = 0; p < k; ++p)
            acc += double(pa[i * k + p]) * double(pb[p * m + j]);
          po[i * m + j] = T(acc);
        }
    }
  });
  return set(op.getResult(), std::move(*out));
}

LogicalResult FunctionRun::linear(LinearOp op) {
  const Tensor &x = get(op.getInput()), &w = get(op.getWeight());
  const Tensor *bias = op.getBias() ? &get(op.getBias()) : nullptr;
  std::string error;
  std::optional<ArrayRef<int64_t>> biasShape;
  if (bias)
    biasShape = bias->shape();
  FailureOr<shape::Shape> s = checked(
      op, shape::linear(x.shape(), w.shape(), biasShape, error), error);
  if (failed(s))
    return failure();
  FailureOr<Tensor> out = makeResult(op, op.getResult(), *s);
  if (failed(out))
    return failure();
  int64_t inFeatures = w.dim(1), outFeatures = w.dim(0);
  int64_t rows = inFeatures ? x.numElements() / inFeatures
                            : product(shapeOf(x).drop_back());
  visitFloat(x.dtype(), [&](auto tag) {
    using T = decltype(tag);
    const T *px = x.data<T>(), *pw = w.data<T>();
    T *po = out->data<T>();
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t o = 0; o < outFeatures; ++o) {
        double acc = bias ? double(bias->data<T>()[o]) : 0.0;
        for (int64_t i = 0; i < inFeatures; ++i)
          acc += double(px[r * inFeatures + i]) * double(pw[o * inFeatures + i]);
        po[r * outFeatures + o] = T(acc);
      }
  });
  return set(op.getResult(), std::move(*out));
}

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

LogicalResult FunctionRun::permute(Operation *op, ArrayRef<int64_t> dims) {
  const Tensor &x = get(op->getOperand(0));
  SmallVector<int64_t> outShape, sourceStrides;
  SmallVector<int64_t> inStrides = rowMajorStrides(x.shape());
  for (int64_t d : dims) {
    outShape.push_back(x.dim(d));
    sourceStrides.push_back(inStrides[d]);
  }
  Tensor out(x.dtype(), std::vector<int64_t>(outShape.begin(), outShape.end()));
  size_t size = ::sinter::dtypeSize(x.dtype());
  forEachIndex(outShape, [&](int64_t linear, ArrayRef<int64_t> index) {
    int64_t source = 0;
    for (size_t d = 0; d < index.size(); ++d)
      source += index[d] * sourceStrides[d];
    std::memcpy(out.bytes() + linear * size, x.bytes() + source * size, size);
  });
  return set(op->getResult(0), std::move(out));
}

LogicalResult FunctionRun::sameBytes(Operation *op, FailureOr<shape::Shape> s,
                                     const std::string &error) {
  if (failed(checked(op, s, error)))
    return failure();
  const Tensor &x = get(op->getOperand(0));
  Tensor out(x.dtype(), std::vector<int64_t>(s->begin(), s->end()));
  if (out.byteSize() != x.byteSize())
    return fail(op, "cannot view " + describe(x) + " as shape " +
                        shape::format(*s));
  std::memcpy(out.bytes(), x.bytes(), x.byteSize());
  return set(op->getResult(0), std::move(out));
}

LogicalResult FunctionRun::broadcastTo(BroadcastToOp op) {
  const Tensor &x = get(op.getInput());
  std::string error;
  FailureOr<shape::Shape> s = checked(
      op, shape::broadcastTo(x.shape(), op.getShape(), error), error);
  if (failed(s))
    return failure();
  FailureOr<Tensor> out = makeResult(op, op.getResult(), *s);
  if (failed(out))
    return failure();
  size_t size = ::sinter::dtypeSize(x.dtype());
  std::vector<int64_t> sources = broadcastSources(*s, x.shape());
  for (size_t i = 0; i < sources.size(); ++i)
    std::memcpy(out->bytes() + i * size, x.bytes() + sources[i] * size, size);
  return set(op.getResult(), std::move(*out));
}

LogicalResult FunctionRun::concat(ConcatOp op) {
  SmallVector<shape::Shape> shapes;
  for (Value v : op.getInputs())
    shapes.push_back(shape::Shape(shapeOf(get(v))));
  std::string error;
  FailureOr<shape::Shape> s =
      checked(op, shape::concat(shapes, int64_t(op.getDim()), error), error);
  if (failed(s))
    return failure();
  int64_t d = *shape::normalizeDim(int64_t(op.getDim()), s->size(), error);
  FailureOr<Tensor> out = makeResult(op, op.getResult(), *s);
  if (failed(out))
    return failure();
  size_t size = ::sinter::dtypeSize(out->dtype());
  int64_t outer = product(ArrayRef<int64_t>(*s).take_front(d));
  int64_t inner = product(ArrayRef<int64_t>(*s).drop_front(d + 1));
  int64_t outRow = (*s)[d] * inner * size;
  int64_t offset = 0;
  for (Value v : op.getInputs()) {
    const Tensor &x = get(v);
    int64_t row = x.dim(d) * inner * size;
    for (int64_t o = 0; o < outer; ++o)
      std::memcpy(out->bytes() + o * outRow + offset, x.bytes() + o * row, row);
    offset += row;
  }
  return set(op.getResult(), std::move(*out));
}

LogicalResult FunctionRun::slice(SliceOp op) {
  const Tensor &x = get(op.getInput());
  std::string error;
  FailureOr<shape::Shape> s = checked(
      op,
      shape::slice(x.shape(), int64_t(op.getDim()), int64_t(op.getStart()),
                   int64_t(op.getEnd()), int64_t(op.getStep()), error),
      error);
  if (failed(s))
    return failure();
  int64_t d = *shape::normalizeDim(int64_t(op.getDim()), x.rank(), error);
  shape::SliceBounds bounds =
      *shape::sliceBounds(x.dim(d), int64_t(op.getStart()),
                          int64_t(op.getEnd()), int64_t(op.getStep()), error);
  Tensor out(x.dtype(), std::vector<int64_t>(s->begin(), s->end()));
  size_t size = ::sinter::dtypeSize(x.dtype());
  int64_t outer = product(shapeOf(x).take_front(d));
  int64_t inner = product(shapeOf(x).drop_front(d + 1)) * size;
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t j = 0; j < bounds.size; ++j) {
      int64_t source = o * x.dim(d) + bounds.start + j * bounds.step;
      std::memcpy(out.bytes() + (o * bounds.size + j) * inner,
                  x.bytes() + source * inner, inner);
    }
  return set(op.getResult(), std::move(out));
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

LogicalResult FunctionRun::reduce(Operation *op, ArrayRef<int64_t> dims,
                                  bool keepdim, ReduceKind kind) {
  const Tensor &x = get(op->getOperand(0));
  std::string error;
  FailureOr<shape::Shape> s =
      checked(op, shape::reduce(x.shape(), dims, keepdim, error), error);
  if (failed(s))
    return failure();
  shape::Shape reduced = *shape::normalizeDims(dims, x.rank(), error);
  FailureOr<Tensor> out = makeResult(op, op->getResult(0), *s);
  if (failed(out))
    return failure();
  // Each input element's destination: the row-major index over the kept
  // dimensions.
  SmallVector<int64_t> keptShape, keptDims;
  int64_t count = 1;
  for (int64_t d = 0; d < x.rank(); ++d) {
    if (llvm::is_contained(reduced, d)) {
      count *= x.dim(d);
    } else {
      keptShape.push_back(x.dim(d));
      keptDims.push_back(d);
    }
  }
  SmallVector<int64_t> keptStrides = rowMajorStrides(keptShape);
  std::vector<int64_t> destination(x.numElements());
  forEachIndex(x.shape(), [&](int64_t linear, ArrayRef<int64_t> index) {
    int64_t dest = 0;
    for (size_t k = 0; k < keptDims.size(); ++k)
      dest += index[keptDims[k]] * keptStrides[k];
    destination[linear] = dest;
  });
  int64_t outCount = out->numElements();
  if (count == 0 && outCount > 0 &&
      (kind == ReduceKind::Max || kind == ReduceKind::Min))
    return fail(op, "cannot take the " +
                        std::string(kind == ReduceKind::Max ? "max" : "min") +
                        " of zero elements: a reduced dimension of " +
                        describe(x) + " has size 0");
  visitDType(x.dtype(), [&](auto tag) {
    using T = decltype(tag);
    const T *px = x.data<T>();
    T *po = out->data<T>();
    if (kind == ReduceKind::Max || kind == ReduceKind::Min) {
      std::vector<bool> seen(outCount, false);
      for (int64_t i = 0; i < x.numElements(); ++i) {
        T v = px[i], &acc = po[destination[i]];
        bool better = kind == ReduceKind::Max ? v > acc : v < acc;
        // NaN wins, as in torch.amax.
        if (!seen[destination[i]] || (isNaN(v) && !isNaN(acc)) ||
            (!isNaN(acc) && better))
          acc = v;
        seen[destination[i]] = true;
      }
      return;
    }
    // Floats accumulate in double, integers in int64 (wrapping).
    using Acc = std::conditional_t<std::is_floating_point_v<T>, double, int64_t>;
    std::vector<Acc> sums(outCount, 0);
    for (int64_t i = 0; i < x.numElements(); ++i)
      sums[destination[i]] = wrapAdd(sums[destination[i]], Acc(px[i]));
    for (int64_t o = 0; o < outCount; ++o)
      po[o] = kind == ReduceKind::Mean ? T(double(sums[o]) / double(count))
                                       : T(sums[o]);
  });
  return set(op->getResult(0), std::move(*out));
}

LogicalResult FunctionRun::argmax(ArgmaxOp op) {
  const Tensor &x = get(op.getInput());
  std::optional<int64_t> dim;
  if (op.getDim())
    dim = int64_t(*op.getDim());
  std::string error;
  FailureOr<shape::Shape> s = checked(
      op, shape::argmax(x.shape(), dim, op.getKeepdim(), error), error);
  if (failed(s))
    return failure();
  FailureOr<Tensor> out = makeResult(op, op.getResult(), *s);
  if (failed(out))
    return failure();
  int64_t outer = 1, n = x.numElements(), inner = 1;
  if (dim) {
    int64_t d = *shape::normalizeDim(*dim, x.rank(), error);
    outer = product(shapeOf(x).take_front(d));
    n = x.dim(d);
    inner = product(shapeOf(x).drop_front(d + 1));
  }
  visitDType(x.dtype(), [&](auto tag) {
    using T = decltype(tag);
    const T *px = x.data<T>();
    int64_t *po = out->data<int64_t>();
    for (int64_t o = 0; o < outer; ++o)
      for (int64_t in = 0; in < inner; ++in) {
        int64_t best = 0;
        T bestValue = px[o * n * inner + in];
        for (int64_t j = 1; j < n; ++j) {
          T v = px[(o * n + j) * inner + in];
          // The first maximum wins; NaN counts as the maximum.
          if (isNaN(bestValue))
            break;
          if (isNaN(v) || v > bestValue) {
            best = j;
            bestValue = v;
          }
        }
        po[o * inner + in] = best;
      }
  });
  return set(op.getResult(), std::move(*out));
}

//===----------------------------------------------------------------------===//
// nn
//===----------------------------------------------------------------------===//

LogicalResult FunctionRun::embedding(EmbeddingOp op) {
  const Tensor &indices = get(op.getIndices()), &w = get(op.getWeight());
  std::string error;
  FailureOr<shape::Shape> s = checked(
      op, shape::embedding(indices.shape(), w.shape(), error), error);
  if (failed(s))
    return failure();
  FailureOr<Tensor> out = makeResult(op, op.getResult(), *s);
  if (failed(out))
    return failure();
  int64_t rows = w.dim(0);
  size_t rowBytes = w.dim(1) * ::sinter::dtypeSize(w.dtype());
  for (int64_t i = 0; i < indices.numElements(); ++i) {
    int64_t index = readIndex(indices, i);
    if (index < 0 || index >= rows)
      return fail(op, "index " + std::to_string(index) + " (element " +
                          std::to_string(i) +
                          " of the indices) is out of range for an "
                          "embedding table of " +
                          std::to_string(rows) + " rows");
    std::memcpy(out->bytes() + i * rowBytes, w.bytes() + index * rowBytes,
                rowBytes);
  }
  return set(op.getResult(), std::move(*out));
}

LogicalResult FunctionRun::embeddingBackward(EmbeddingDenseBackwardOp op) {
  const Tensor &g = get(op.getGrad()), &indices = get(op.getIndices());
  int64_t rows = int64_t(op.getNumWeights());
  std::string error;
  FailureOr<shape::Shape> s = checked(
      op,
      shape::embeddingDenseBackward(g.shape(), indices.shape(), rows, error),
      error);
  if (failed(s))
    return failure();
  FailureOr<Tensor> out = makeResult(op, op.getResult(), *s);
  if (failed(out))
    return failure();
  int64_t dim = g.shape().back();
  visitFloat(g.dtype(), [&](auto tag) {
    using T = decltype(tag);
    // Accumulated in double, rounded once, as the interpreter's sums are.
    std::vector<double> sums(rows * dim, 0.0);
    for (int64_t n = 0; n < indices.numElements(); ++n) {
      int64_t r = readIndex(indices, n);
      if (r < 0 || r >= rows)
        continue; // reported below, before any result is used
      for (int64_t d = 0; d < dim; ++d)
        sums[r * dim + d] += double(g.data<T>()[n * dim + d]);
    }
    for (int64_t i = 0; i < rows * dim; ++i)
      out->data<T>()[i] = T(sums[i]);
  });
  for (int64_t n = 0; n < indices.numElements(); ++n) {
    int64_t r = readIndex(indices, n);
    if (r < 0 || r >= rows)
      return fail(op, "index " + std::to_string(r) + " (element " +
                          std::to_string(n) +
                          " of the indices) is out of range for an "
                          "embedding table of " +
                          std::to_string(rows) + " rows");
  }
  return set(op.getResult(), std::move(*out));
}

LogicalResult FunctionRun::dropout(DropoutOp op) {
  const Tensor &x = get(op.getInput());
  uint64_t seed = uint64_t(get(op.getSeed()).data<int64_t>()[0]);
  uint64_t stream = op.getStream();
  double p = op.getPAttr().getValueAsDouble();
  if (!(p >= 0 && p <= 1))
    return fail(op, "dropout probability must be in [0, 1], got " +
                        std::to_string(p));
  Tensor out(x.dtype(), x.shape());
  visitFloat(x.dtype(), [&](auto tag) {
    using T = decltype(tag);
    const T *px = x.data<T>();
    T *po = out.data<T>();
    T scale = p < 1 ? T(1.0 / (1.0 - p)) : T(0);
    for (int64_t i = 0; i < x.numElements(); ++i)
      po[i] = p < 1 && ::sinter::dropoutKeeps(seed, stream, uint64_t(i), p)
                  ? px[i] * scale
                  : T(0);
  });
  return set(op.getResult(), std::move(out));
}

LogicalResult FunctionRun::oneHot(OneHotOp op) {
  const Tensor &indices = get(op.getIndices());
  int64_t classes = int64_t(op.getNumClasses());
  std::string error;
  FailureOr<shape::Shape> s = checked(
      op, shape::oneHot(indices.shape(), classes, error), error);
  if (failed(s))
    return failure();
  FailureOr<Tensor> out = makeResult(op, op.getResult(), *s);
  if (failed(out))
    return failure();
  for (int64_t i = 0; i < indices.numElements(); ++i) {
    int64_t index = readIndex(indices, i);
    if (index < 0 || index >= classes)
      return fail(op, "class index " + std::to_string(index) + " (element " +
                          std::to_string(i) + ") is out of range for " +
                          std::to_string(classes) + " classes");
    out->data<int64_t>()[i * classes + index] = 1;
  }
  return set(op.getResult(), std::move(*out));
}

//===----------------------------------------------------------------------===//
// Losses
//===----------------------------------------------------------------------===//

template <typename Fn>
LogicalResult FunctionRun::elementwiseLoss(Operation *op, Reduction reduction,
                                           Fn fn) {
  const Tensor &x = get(op->getOperand(0)), &t = get(op->getOperand(1));
  bool reduced = reduction != Reduction::None;
  std::string error;
  FailureOr<shape::Shape> s = checked(
      op, shape::elementwiseLoss(x.shape(), t.shape(), reduced, error), error);
  if (failed(s))
    return failure();
  FailureOr<Tensor> out = makeResult(op, op->getResult(0), *s);
  if (failed(out))
    return failure();
  visitFloat(x.dtype(), [&](auto tag) {
    using T = decltype(tag);
    const T *px = x.data<T>(), *pt = t.data<T>();
    T *po = out->data<T>();
    double sum = 0;
    for (int64_t i = 0; i < x.numElements(); ++i) {
      double loss = fn(double(px[i]), double(pt[i]));
      if (reduced)
        sum += loss;
      else
        po[i] = T(loss);
    }
    if (reduction == Reduction::Sum)
      po[0] = T(sum);
    else if (reduction == Reduction::Mean)
      po[0] = T(sum / double(x.numElements())); // 0/0 = NaN, as in PyTorch.
  });
  return set(op->getResult(0), std::move(*out));
}

LogicalResult FunctionRun::classLoss(Operation *op, Reduction reduction,
                                     bool logSoftmax) {
  const Tensor &x = get(op->getOperand(0)), &t = get(op->getOperand(1));
  bool reduced = reduction != Reduction::None;
  std::string error;
  FailureOr<shape::Shape> s = checked(
      op, shape::classLoss(x.shape(), t.shape(), reduced, error), error);
  if (failed(s))
    return failure();
  FailureOr<Tensor> out = makeResult(op, op->getResult(0), *s);
  if (failed(out))
    return failure();
  int64_t samples = x.rank() == 2 ? x.dim(0) : 1;
  int64_t classes = x.shape().back();
  for (int64_t n = 0; n < samples; ++n) {
    int64_t target = readIndex(t, n);
    if (target < 0 || target >= classes)
      return fail(op, "target " + std::to_string(target) + " of sample " +
                          std::to_string(n) + " is out of range for " +
                          std::to_string(classes) + " classes");
  }
  visitFloat(x.dtype(), [&](auto tag) {
    using T = decltype(tag);
    const T *px = x.data<T>();
    T *po = out->data<T>();
    double sum = 0;
    for (int64_t n = 0; n < samples; ++n) {
      const T *row = px + n * classes;
      double loss = -double(row[readIndex(t, n)]);
      if (logSoftmax) {
        // -log_softmax(x)[t] = logsumexp(x) - x[t], computed stably.
        double maxValue = -std::numeric_limits<double>::infinity();
        for (int64_t c = 0; c < classes; ++c)
          maxValue = std::max(maxValue, double(row[c]));
        double sumExp = 0;
        for (int64_t c = 0; c < classes; ++c)
          sumExp += std::exp(double(row[c]) - maxValue);
        loss += maxValue + std::log(sumExp);
      }
      if (reduced)
        sum += loss;
      else
        po[n] = T(loss);
    }
    if (reduction == Reduction::Sum)
      po[0] = T(sum);
    else if (reduction == Reduction::Mean)
      po[0] = T(sum / double(samples));
  });
  return set(op->getResult(0), std::move(*out));
}

//===----------------------------------------------------------------------===//
// Random numbers and constants
//===----------------------------------------------------------------------===//

template <typename OpTy>
LogicalResult FunctionRun::random(OpTy op, bool normal) {
  FailureOr<Tensor> out = makeResult(op, op.getResult(), op.getShape());
  if (failed(out))
    return failure();
  uint64_t seed = uint64_t(get(op.getSeed()).template data<int64_t>()[0]);
  uint64_t stream = op.getStream();
  double a, b;
  if constexpr (std::is_same_v<OpTy, NormalOp>) {
    a = op.getMeanAttr().getValueAsDouble();
    b = op.getStdAttr().getValueAsDouble();
  } else {
    a = op.getLowAttr().getValueAsDouble();
    b = op.getHighAttr().getValueAsDouble();
  }
  for (int64_t i = 0; i < out->numElements(); ++i) {
    uint64_t index = uint64_t(i);
    if (out->dtype() == DType::F64)
      out->template data<double>()[i] =
          normal ? ::sinter::normalF64(seed, stream, index, a, b)
                 : ::sinter::uniformF64(seed, stream, index, a, b);
    else
      out->template data<float>()[i] =
          normal ? ::sinter::normalF32(seed, stream, index, a, b)
                 : ::sinter::uniformF32(seed, stream, index, a, b);
  }
  return set(op.getResult(), std::move(*out));
}

/// Stores a scalar given as an APFloat or APInt into element `i` of `t`.
void storeScalar(Tensor &t, int64_t i, double f, int64_t n, bool isFloat) {
  visitDType(t.dtype(), [&](auto tag) {
    using T = decltype(tag);
    if constexpr (std::is_floating_point_v<T>)
      t.data<T>()[i] = T(isFloat ? f : double(n));
    else if constexpr (std::is_same_v<T, uint8_t>)
      t.data<T>()[i] = (isFloat ? f != 0 : n != 0) ? 1 : 0;
    else
      t.data<T>()[i] = isFloat ? convertElement<T>(f) : T(n);
  });
}

LogicalResult FunctionRun::constant(ConstantOp op) {
  auto dense = dyn_cast<DenseElementsAttr>(op.getValue());
  if (!dense)
    return fail(op, "the interpreter evaluates dense element attributes "
                    "only");
  auto type = cast<RankedTensorType>(op.getResult().getType());
  FailureOr<Tensor> out = makeResult(op, op.getResult(), type.getShape());
  if (failed(out))
    return failure();
  int64_t i = 0;
  if (isa<FloatType>(type.getElementType())) {
    for (const APFloat &v : dense.getValues<APFloat>())
      storeScalar(*out, i++, v.convertToDouble(), 0, true);
  } else {
    bool isBool = type.getElementType().isInteger(1);
    for (const APInt &v : dense.getValues<APInt>())
      storeScalar(*out, i++, 0,
                  isBool ? int64_t(v.getBoolValue()) : v.getSExtValue(),
                  false);
  }
  return set(op.getResult(), std::move(*out));
}

LogicalResult FunctionRun::full(FullOp op) {
  FailureOr<Tensor> out = makeResult(op, op.getResult(), op.getShape());
  if (failed(out))
    return failure();
  double f = 0;
  int64_t n = 0;
  bool isFloat = false;
  if (auto floatAttr = dyn_cast<FloatAttr>(op.getValue())) {
    f = floatAttr.getValueAsDouble();
    isFloat = true;
  } else if (auto intAttr = dyn_cast<IntegerAttr>(op.getValue())) {
    n = intAttr.getType().isInteger(1) ? int64_t(intAttr.getValue().getBoolValue())
                                       : intAttr.getValue().getSExtValue();
  } else {
    return fail(op, "the fill value must be a float or integer attribute");
  }
  for (int64_t i = 0; i < out->numElements(); ++i)
    storeScalar(*out, i, f, n, isFloat);
  return set(op.getResult(), std::move(*out));
}

LogicalResult FunctionRun::call(func::CallOp op) {
  auto callee =
      SymbolTable::lookupNearestSymbolFrom<func::FuncOp>(op, op.getCalleeAttr());
  if (!callee)
    return op.emitError() << "no function @" << op.getCallee() << " to call";
  if (depth + 1 > kMaxCallDepth)
    return op.emitError() << "calls nest deeper than " << kMaxCallDepth
                          << " (recursion?)";
  std::vector<Tensor> arguments;
  for (Value v : op.getOperands())
    arguments.push_back(get(v));
  FunctionRun inner(depth + 1, state);
  FailureOr<std::vector<Tensor>> calleeResults = inner.run(callee, arguments);
  if (failed(calleeResults))
    return op.emitError() << "in this call of @" << op.getCallee();
  for (auto [result, value] : llvm::zip(op.getResults(), *calleeResults))
    values[result] = std::move(value);
  return success();
}

/// Reads a dense elements attribute into a host tensor of its type.
FailureOr<Tensor> tensorFromAttribute(Operation *op, Attribute value,
                                      Type type);

LogicalResult FunctionRun::globalLoad(ml_program::GlobalLoadOp op) {
  std::string name = op.getGlobal().getLeafReference().str();
  if (!state)
    return op.emitError() << "reads global @" << name
                          << ", but no program state was given";
  auto it = state->globals.find(name);
  if (it == state->globals.end())
    return op.emitError() << "global @" << name
                          << " is read before it is set (run the program's "
                             "init, or load it with --state)";
  return set(op.getResult(), it->second);
}

LogicalResult FunctionRun::globalStore(ml_program::GlobalStoreOp op) {
  std::string name = op.getGlobal().getLeafReference().str();
  if (!state)
    return op.emitError() << "writes global @" << name
                          << ", but no program state was given";
  state->globals[name] = get(op.getValue());
  return success();
}

FailureOr<Tensor> tensorFromAttribute(Operation *op, Attribute value,
                                      Type type) {
  auto dense = dyn_cast<DenseElementsAttr>(value);
  auto tensorType = dyn_cast<RankedTensorType>(type);
  if (!dense || !tensorType || !tensorType.hasStaticShape() ||
      !dtypeOf(tensorType.getElementType()))
    return op->emitError() << "the interpreter reads dense initial values of "
                              "static tensor types only";
  std::optional<DType> dtype = dtypeOf(tensorType.getElementType());
  Tensor out(*dtype, std::vector<int64_t>(tensorType.getShape().begin(),
                                          tensorType.getShape().end()));
  int64_t i = 0;
  if (isa<FloatType>(tensorType.getElementType())) {
    for (const APFloat &v : dense.getValues<APFloat>())
      storeScalar(out, i++, v.convertToDouble(), 0, true);
  } else {
    bool isBool = tensorType.getElementType().isInteger(1);
    for (const APInt &v : dense.getValues<APInt>())
      storeScalar(out, i++, 0,
                  isBool ? int64_t(v.getBoolValue()) : v.getSExtValue(),
                  false);
  }
  return out;
}

} // namespace

LogicalResult mlir::sinter::initializeGlobals(ModuleOp module,
                                              ProgramState &state) {
  for (auto global : module.getOps<ml_program::GlobalOp>()) {
    std::optional<Attribute> value = global.getValue();
    std::string name = global.getSymName().str();
    if (!value || state.globals.count(name))
      continue;
    FailureOr<Tensor> t = tensorFromAttribute(global, *value, global.getType());
    if (failed(t))
      return failure();
    state.globals[name] = std::move(*t);
  }
  return success();
}

FailureOr<std::vector<Tensor>>
mlir::sinter::interpret(func::FuncOp func, ArrayRef<Tensor> arguments,
                        ProgramState *state) {
  // Ops built in C++ have not met the verifier yet; the evaluation below
  // relies on every invariant it checks (operand element types, attribute
  // ranges, the inferred result types).
  Operation *scope = func->getParentOp() ? func->getParentOp() : func;
  if (failed(mlir::verify(scope)))
    return failure();
  return FunctionRun(0, state).run(func, arguments);
}
