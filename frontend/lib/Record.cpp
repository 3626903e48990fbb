//===- Record.cpp - Tensors and the functional API, recorded as sinter ops ===//
//
// Every DSL call that records an op goes through prepare() (operands are
// values of the function being recorded, no earlier error) and emit<OpTy>()
// (inference and verification before the op is kept; see Graph.h).
//
//===----------------------------------------------------------------------===//
#include "Graph.h"

#include "sinter/ir/HostTypes.h"
#include "sinter/ir/ShapeRules.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/Support/raw_ostream.h"

#include <atomic>
#include <cmath>
#include <ostream>

using namespace mlir;
namespace S = mlir::sinter;

namespace sinter {
namespace nn {
namespace detail {

//===----------------------------------------------------------------------===//
// Recording and Graph
//===----------------------------------------------------------------------===//

Recording::Recording() : program(std::make_shared<ProgramImpl>()) {
  program->context =
      std::make_unique<MLIRContext>(MLIRContext::Threading::DISABLED);
  MLIRContext *ctx = program->context.get();
  ctx->loadDialect<S::SinterDialect, func::FuncDialect>();
  program->module = ModuleOp::create(UnknownLoc::get(ctx));
  handler_ = std::make_unique<ScopedDiagnosticHandler>(
      ctx, [this](Diagnostic &diag) {
        if (diag.getSeverity() == DiagnosticSeverity::Error &&
            diagnostic.empty())
          diagnostic = diag.str();
        return success();
      });
}

Recording::~Recording() = default;

void Recording::fail(SourceLoc loc, const std::string &message) {
  if (error.empty())
    error = formatError(loc, message);
}

void Recording::failWithDiagnostic(SourceLoc loc,
                                   const std::string &fallback) {
  std::string message = diagnostic.empty() ? fallback : diagnostic;
  // One line: the diagnostic's own text has none, but be safe.
  for (char &c : message)
    if (c == '\n')
      c = ' ';
  fail(loc, message);
}

Location Recording::location(SourceLoc loc) const {
  if (!loc.file)
    return UnknownLoc::get(context());
  return FileLineColLoc::get(context(), loc.file,
                             static_cast<unsigned>(loc.line), 0);
}

static std::atomic<uint64_t> nextGraphId{1};
static thread_local Graph *currentGraph = nullptr;

Graph::Graph(Recording &rec, func::FuncOp func, bool training,
             unsigned seedPosition)
    : id(nextGraphId++), rec(rec), func(func), builder(rec.context()),
      training(training), seedPosition_(seedPosition) {
  builder.setInsertionPointToEnd(&func.getBody().front());
}

Value Graph::seed(Location loc) {
  if (!seed_)
    seed_ = func.getBody().front().insertArgument(
        seedPosition_, RankedTensorType::get({}, builder.getI64Type()), loc);
  return seed_;
}

Graph *Graph::current() { return currentGraph; }

GraphScope::GraphScope(Graph *graph) : previous_(currentGraph) {
  currentGraph = graph;
}
GraphScope::~GraphScope() { currentGraph = previous_; }

void recordError(SourceLoc loc, const std::string &message) {
  if (Graph *g = Graph::current())
    g->rec.fail(loc, message);
}

//===----------------------------------------------------------------------===//
// Types and values
//===----------------------------------------------------------------------===//

Type elementType(MLIRContext *ctx, DType dtype) {
  return mlir::sinter::elementTypeOf(ctx, dtype);
}

DType dtypeOf(Type type) {
  // The verifier admits only Sinter's element types; f32 is a fallback.
  return mlir::sinter::dtypeOf(type).value_or(DType::F32);
}

const char *dtypeShortName(DType dtype) {
  return mlir::sinter::mlirSpelling(dtype);
}

std::vector<int64_t> sizesOf(Type type) {
  std::vector<int64_t> sizes;
  if (auto ranked = dyn_cast<RankedTensorType>(type))
    for (int64_t d : ranked.getShape())
      sizes.push_back(ShapedType::isDynamic(d) ? Tensor::kDynamic : d);
  return sizes;
}

Tensor wrap(Graph &graph, Value value) {
  auto node = std::make_shared<TensorNode>();
  node->graph = graph.id;
  node->value = value.getAsOpaquePointer();
  node->sizes = sizesOf(value.getType());
  node->dtype = dtypeOf(value.getType());
  return Tensor(std::move(node));
}

Value unwrap(const Tensor &tensor) {
  if (!tensor.node() || !tensor.node()->value)
    return Value();
  return Value::getFromOpaquePointer(tensor.node()->value);
}

void bind(const Tensor &tensor, Graph *graph, Value value) {
  TensorNode *node = tensor.node().get();
  if (!node)
    return;
  node->graph = graph ? graph->id : 0;
  node->value = graph ? value.getAsOpaquePointer() : nullptr;
}

Tensor makeParameterTensor(const std::vector<int64_t> &sizes, DType dtype) {
  auto node = std::make_shared<TensorNode>();
  node->sizes = sizes;
  node->dtype = dtype;
  return Tensor(std::move(node));
}

void setParameterDType(const Tensor &parameter, DType dtype) {
  if (parameter.node())
    parameter.node()->dtype = dtype;
}

Graph *prepare(SourceLoc loc, std::initializer_list<const Tensor *> operands,
               const char *what) {
  Graph *g = Graph::current();
  if (!g || g->rec.failed())
    return nullptr;
  for (const Tensor *t : operands) {
    if (!t->node()) {
      g->rec.fail(loc, std::string(what) + ": an operand is an undefined "
                                           "tensor");
      return nullptr;
    }
    if (t->node()->graph != g->id || !t->node()->value) {
      g->rec.fail(loc, std::string(what) +
                           ": an operand is not a value of the function "
                           "being traced (a tensor kept from another "
                           "function, or a parameter used outside trace())");
      return nullptr;
    }
  }
  return g;
}

} // namespace detail

using detail::emit;
using detail::Graph;
using detail::prepare;
using detail::unwrap;

//===----------------------------------------------------------------------===//
// Tensor
//===----------------------------------------------------------------------===//

bool Tensor::defined() const { return node_ && node_->value; }

const std::vector<int64_t> &Tensor::sizes() const {
  static const std::vector<int64_t> none;
  return node_ ? node_->sizes : none;
}

int64_t Tensor::size(int64_t d) const {
  int64_t rank = dim();
  if (d < 0)
    d += rank;
  if (d < 0 || d >= rank)
    return 0;
  return sizes()[static_cast<size_t>(d)];
}

DType Tensor::dtype() const { return node_ ? node_->dtype : DType::F32; }

bool Tensor::is_floating_point() const {
  return dtype() == DType::F32 || dtype() == DType::F64;
}

std::string Tensor::toString() const {
  if (!node_)
    return "undefined";
  std::string s = detail::dtypeShortName(dtype());
  s += "[";
  for (size_t i = 0; i < sizes().size(); ++i) {
    if (i)
      s += ", ";
    s += sizes()[i] == kDynamic ? std::string("?")
                                : std::to_string(sizes()[i]);
  }
  return s + "]";
}

std::ostream &operator<<(std::ostream &os, const Tensor &tensor) {
  return os << "Tensor(" << tensor.toString() << ")";
}

Tensor Tensor::relu(SourceLoc loc) const { return F::relu(*this, loc); }
Tensor Tensor::sigmoid(SourceLoc loc) const { return F::sigmoid(*this, loc); }
Tensor Tensor::tanh(SourceLoc loc) const { return F::tanh(*this, loc); }
Tensor Tensor::exp(SourceLoc loc) const { return F::exp(*this, loc); }
Tensor Tensor::log(SourceLoc loc) const { return F::log(*this, loc); }
Tensor Tensor::sqrt(SourceLoc loc) const { return F::sqrt(*this, loc); }
Tensor Tensor::rsqrt(SourceLoc loc) const { return F::rsqrt(*this, loc); }
Tensor Tensor::neg(SourceLoc loc) const { return F::neg(*this, loc); }
Tensor Tensor::pow(double e, SourceLoc loc) const {
  return F::pow(*this, e, loc);
}
Tensor Tensor::softmax(int64_t d, SourceLoc loc) const {
  return F::softmax(*this, d, loc);
}
Tensor Tensor::log_softmax(int64_t d, SourceLoc loc) const {
  return F::log_softmax(*this, d, loc);
}
Tensor Tensor::matmul(const Tensor &other, SourceLoc loc) const {
  return F::matmul(*this, other, loc);
}
Tensor Tensor::transpose(int64_t d0, int64_t d1, SourceLoc loc) const {
  return F::transpose(*this, d0, d1, loc);
}
Tensor Tensor::t(SourceLoc loc) const { return F::transpose(*this, 0, 1, loc); }
Tensor Tensor::permute(IntList dims, SourceLoc loc) const {
  return F::permute(*this, std::move(dims), loc);
}
Tensor Tensor::reshape(IntList shape, SourceLoc loc) const {
  return F::reshape(*this, std::move(shape), loc);
}
Tensor Tensor::view(IntList shape, SourceLoc loc) const {
  return F::reshape(*this, std::move(shape), loc);
}
Tensor Tensor::expand(IntList shape, SourceLoc loc) const {
  return F::broadcast_to(*this, std::move(shape), loc);
}
Tensor Tensor::squeeze(IntList dims, SourceLoc loc) const {
  return F::squeeze(*this, std::move(dims), loc);
}
Tensor Tensor::unsqueeze(int64_t d, SourceLoc loc) const {
  return F::unsqueeze(*this, d, loc);
}
Tensor Tensor::slice(int64_t d, int64_t start, int64_t end, int64_t step,
                     SourceLoc loc) const {
  return F::slice(*this, d, start, end, step, loc);
}
Tensor Tensor::flatten(int64_t s, int64_t e, SourceLoc loc) const {
  return F::flatten(*this, s, e, loc);
}
Tensor Tensor::sum(IntList dims, bool keepdim, SourceLoc loc) const {
  return F::sum(*this, std::move(dims), keepdim, loc);
}
Tensor Tensor::mean(IntList dims, bool keepdim, SourceLoc loc) const {
  return F::mean(*this, std::move(dims), keepdim, loc);
}
Tensor Tensor::amax(IntList dims, bool keepdim, SourceLoc loc) const {
  return F::amax(*this, std::move(dims), keepdim, loc);
}
Tensor Tensor::amin(IntList dims, bool keepdim, SourceLoc loc) const {
  return F::amin(*this, std::move(dims), keepdim, loc);
}
Tensor Tensor::argmax(int64_t d, bool keepdim, SourceLoc loc) const {
  return F::argmax(*this, d, keepdim, loc);
}
Tensor Tensor::to(DType dtype, SourceLoc loc) const {
  return F::to(*this, dtype, loc);
}

//===----------------------------------------------------------------------===//
// Constants
//===----------------------------------------------------------------------===//

namespace {

/// The attribute of `value` as an element of `element`, or null (after an
/// error) when it does not fit.
Attribute scalarAttr(Graph &g, SourceLoc loc, Type element, double value,
                     const char *what) {
  if (isa<FloatType>(element))
    return FloatAttr::get(element, value);
  if (std::trunc(value) != value || !std::isfinite(value)) {
    g.rec.fail(loc, std::string(what) + ": the scalar " +
                        detail::pythonFloat(value) +
                        " is not an integer, and the tensor's element type "
                        "is " + detail::dtypeShortName(detail::dtypeOf(element)) +
                        " (cast the tensor first with .to(DType::F32))");
    return Attribute();
  }
  if (element.isSignlessInteger(1))
    return IntegerAttr::get(element, value != 0.0 ? 1 : 0);
  double limit = element.isSignlessInteger(32) ? 2147483648.0
                                               : 9223372036854775808.0;
  if (!(value >= -limit && value < limit)) {
    g.rec.fail(loc, std::string(what) + ": the scalar " +
                        detail::pythonFloat(value) + " does not fit in " +
                        detail::dtypeShortName(detail::dtypeOf(element)));
    return Attribute();
  }
  return IntegerAttr::get(element, static_cast<int64_t>(value));
}

Tensor constantOf(Graph &g, SourceLoc loc, Type element,
                  ArrayRef<double> values, ArrayRef<int64_t> shape,
                  const char *what) {
  SmallVector<Attribute> attrs;
  for (double v : values) {
    Attribute a = scalarAttr(g, loc, element, v, what);
    if (!a)
      return Tensor();
    attrs.push_back(a);
  }
  for (int64_t d : shape)
    if (d < 0) {
      g.rec.fail(loc, std::string(what) + ": shape sizes must be >= 0");
      return Tensor();
    }
  auto type = RankedTensorType::get(shape, element);
  if (type.getNumElements() != static_cast<int64_t>(attrs.size())) {
    g.rec.fail(loc, std::string(what) + ": " + std::to_string(attrs.size()) +
                        " values do not fill shape " +
                        S::shape::format(shape));
    return Tensor();
  }
  auto dense = DenseElementsAttr::get(type, attrs);
  return emit<S::ConstantOp>(g, loc, llvm::cast<ElementsAttr>(dense));
}

/// A 0-d constant of `like`'s element type.
Tensor scalarLike(Graph &g, SourceLoc loc, const Tensor &like, double value,
                  const char *what) {
  return constantOf(g, loc,
                    llvm::cast<ShapedType>(unwrap(like).getType())
                        .getElementType(),
                    {value}, {}, what);
}

enum class Binary { Add, Sub, Mul, Div, Max, Min, Gt, Ge, Lt, Le, Eq };

const char *binaryName(Binary op) {
  switch (op) {
  case Binary::Add:
    return "add";
  case Binary::Sub:
    return "sub";
  case Binary::Mul:
    return "mul";
  case Binary::Div:
    return "div";
  case Binary::Max:
    return "maximum";
  case Binary::Min:
    return "minimum";
  case Binary::Gt:
    return "gt";
  case Binary::Ge:
    return "ge";
  case Binary::Lt:
    return "lt";
  case Binary::Le:
    return "le";
  case Binary::Eq:
    return "eq";
  }
  return "?";
}

Tensor emitBinary(Graph &g, SourceLoc loc, Binary op, Value a, Value b) {
  switch (op) {
  case Binary::Add:
    return emit<S::AddOp>(g, loc, a, b);
  case Binary::Sub:
    return emit<S::SubOp>(g, loc, a, b);
  case Binary::Mul:
    return emit<S::MulOp>(g, loc, a, b);
  case Binary::Div:
    return emit<S::DivOp>(g, loc, a, b);
  case Binary::Max:
    return emit<S::MaximumOp>(g, loc, a, b);
  case Binary::Min:
    return emit<S::MinimumOp>(g, loc, a, b);
  case Binary::Gt:
    return emit<S::GtOp>(g, loc, a, b);
  case Binary::Ge:
    return emit<S::GeOp>(g, loc, a, b);
  case Binary::Lt:
    return emit<S::LtOp>(g, loc, a, b);
  case Binary::Le:
    return emit<S::LeOp>(g, loc, a, b);
  case Binary::Eq:
    return emit<S::EqOp>(g, loc, a, b);
  }
  return Tensor();
}

Tensor binary(Binary op, const Tensor &a, const Tensor &b, SourceLoc loc) {
  Graph *g = prepare(loc, {&a, &b}, binaryName(op));
  if (!g)
    return Tensor();
  return emitBinary(*g, loc, op, unwrap(a), unwrap(b));
}

Tensor binaryScalar(Binary op, const Tensor &a, double b, SourceLoc loc,
                    bool scalarFirst) {
  Graph *g = prepare(loc, {&a}, binaryName(op));
  if (!g)
    return Tensor();
  Tensor c = scalarLike(*g, loc, a, b, binaryName(op));
  if (!c.defined())
    return Tensor();
  return scalarFirst ? emitBinary(*g, loc, op, unwrap(c), unwrap(a))
                     : emitBinary(*g, loc, op, unwrap(a), unwrap(c));
}

S::ReductionAttr reductionAttr(Graph &g, Reduction r) {
  S::Reduction value = r == Reduction::None  ? S::Reduction::None
                       : r == Reduction::Sum ? S::Reduction::Sum
                                             : S::Reduction::Mean;
  return S::ReductionAttr::get(g.builder.getContext(), value);
}

} // namespace

//===----------------------------------------------------------------------===//
// Operators
//===----------------------------------------------------------------------===//

using detail::ScalarArg;
using detail::TensorArg;

Tensor operator+(const Tensor &a, TensorArg b) {
  return binary(Binary::Add, a, b.tensor, b.loc);
}
Tensor operator-(const Tensor &a, TensorArg b) {
  return binary(Binary::Sub, a, b.tensor, b.loc);
}
Tensor operator*(const Tensor &a, TensorArg b) {
  return binary(Binary::Mul, a, b.tensor, b.loc);
}
Tensor operator/(const Tensor &a, TensorArg b) {
  return binary(Binary::Div, a, b.tensor, b.loc);
}
Tensor operator+(const Tensor &a, ScalarArg b) {
  return binaryScalar(Binary::Add, a, b.value, b.loc, false);
}
Tensor operator-(const Tensor &a, ScalarArg b) {
  return binaryScalar(Binary::Sub, a, b.value, b.loc, false);
}
Tensor operator*(const Tensor &a, ScalarArg b) {
  return binaryScalar(Binary::Mul, a, b.value, b.loc, false);
}
Tensor operator/(const Tensor &a, ScalarArg b) {
  return binaryScalar(Binary::Div, a, b.value, b.loc, false);
}
Tensor operator+(ScalarArg a, TensorArg b) {
  return binaryScalar(Binary::Add, b.tensor, a.value, b.loc, true);
}
Tensor operator-(ScalarArg a, TensorArg b) {
  return binaryScalar(Binary::Sub, b.tensor, a.value, b.loc, true);
}
Tensor operator*(ScalarArg a, TensorArg b) {
  return binaryScalar(Binary::Mul, b.tensor, a.value, b.loc, true);
}
Tensor operator/(ScalarArg a, TensorArg b) {
  return binaryScalar(Binary::Div, b.tensor, a.value, b.loc, true);
}
Tensor operator-(TensorArg a) { return F::neg(a.tensor, a.loc); }

Tensor operator>(const Tensor &a, TensorArg b) {
  return binary(Binary::Gt, a, b.tensor, b.loc);
}
Tensor operator>=(const Tensor &a, TensorArg b) {
  return binary(Binary::Ge, a, b.tensor, b.loc);
}
Tensor operator<(const Tensor &a, TensorArg b) {
  return binary(Binary::Lt, a, b.tensor, b.loc);
}
Tensor operator<=(const Tensor &a, TensorArg b) {
  return binary(Binary::Le, a, b.tensor, b.loc);
}
Tensor operator>(const Tensor &a, ScalarArg b) {
  return binaryScalar(Binary::Gt, a, b.value, b.loc, false);
}
Tensor operator>=(const Tensor &a, ScalarArg b) {
  return binaryScalar(Binary::Ge, a, b.value, b.loc, false);
}
Tensor operator<(const Tensor &a, ScalarArg b) {
  return binaryScalar(Binary::Lt, a, b.value, b.loc, false);
}
Tensor operator<=(const Tensor &a, ScalarArg b) {
  return binaryScalar(Binary::Le, a, b.value, b.loc, false);
}

//===----------------------------------------------------------------------===//
// Functional
//===----------------------------------------------------------------------===//

namespace functional {

Tensor add(const Tensor &a, const Tensor &b, SourceLoc loc) {
  return binary(Binary::Add, a, b, loc);
}
Tensor sub(const Tensor &a, const Tensor &b, SourceLoc loc) {
  return binary(Binary::Sub, a, b, loc);
}
Tensor mul(const Tensor &a, const Tensor &b, SourceLoc loc) {
  return binary(Binary::Mul, a, b, loc);
}
Tensor div(const Tensor &a, const Tensor &b, SourceLoc loc) {
  return binary(Binary::Div, a, b, loc);
}
Tensor maximum(const Tensor &a, const Tensor &b, SourceLoc loc) {
  return binary(Binary::Max, a, b, loc);
}
Tensor minimum(const Tensor &a, const Tensor &b, SourceLoc loc) {
  return binary(Binary::Min, a, b, loc);
}
Tensor gt(const Tensor &a, const Tensor &b, SourceLoc loc) {
  return binary(Binary::Gt, a, b, loc);
}
Tensor ge(const Tensor &a, const Tensor &b, SourceLoc loc) {
  return binary(Binary::Ge, a, b, loc);
}
Tensor lt(const Tensor &a, const Tensor &b, SourceLoc loc) {
  return binary(Binary::Lt, a, b, loc);
}
Tensor le(const Tensor &a, const Tensor &b, SourceLoc loc) {
  return binary(Binary::Le, a, b, loc);
}
Tensor eq(const Tensor &a, const Tensor &b, SourceLoc loc) {
  return binary(Binary::Eq, a, b, loc);
}

Tensor where(const Tensor &condition, const Tensor &self, const Tensor &other,
             SourceLoc loc) {
  Graph *g = prepare(loc, {&condition, &self, &other}, "where");
  if (!g)
    return Tensor();
  return emit<S::WhereOp>(*g, loc, unwrap(condition), unwrap(self),
                          unwrap(other));
}

#define SINTER_UNARY(fn, OpTy)                                                 \
  Tensor fn(const Tensor &x, SourceLoc loc) {                                  \
    Graph *g = prepare(loc, {&x}, #fn);                                        \
    if (!g)                                                                    \
      return Tensor();                                                         \
    return emit<S::OpTy>(*g, loc, unwrap(x));                                  \
  }
SINTER_UNARY(neg, NegOp)
SINTER_UNARY(relu, ReluOp)
SINTER_UNARY(sigmoid, SigmoidOp)
SINTER_UNARY(tanh, TanhOp)
SINTER_UNARY(exp, ExpOp)
SINTER_UNARY(log, LogOp)
SINTER_UNARY(sqrt, SqrtOp)
SINTER_UNARY(rsqrt, RsqrtOp)
#undef SINTER_UNARY

Tensor pow(const Tensor &x, double exponent, SourceLoc loc) {
  Graph *g = prepare(loc, {&x}, "pow");
  if (!g)
    return Tensor();
  return emit<S::PowOp>(*g, loc, unwrap(x),
                        g->builder.getF64FloatAttr(exponent));
}

Tensor cast(const Tensor &x, DType dtype, SourceLoc loc) {
  Graph *g = prepare(loc, {&x}, "to");
  if (!g)
    return Tensor();
  return emit<S::CastOp>(
      *g, loc, unwrap(x),
      TypeAttr::get(detail::elementType(g->builder.getContext(), dtype)));
}

Tensor to(const Tensor &x, DType dtype, SourceLoc loc) {
  return cast(x, dtype, loc);
}

Tensor softmax(const Tensor &x, int64_t dim, SourceLoc loc) {
  Graph *g = prepare(loc, {&x}, "softmax");
  if (!g)
    return Tensor();
  return emit<S::SoftmaxOp>(*g, loc, unwrap(x),
                            g->builder.getI64IntegerAttr(dim));
}

Tensor log_softmax(const Tensor &x, int64_t dim, SourceLoc loc) {
  Graph *g = prepare(loc, {&x}, "log_softmax");
  if (!g)
    return Tensor();
  return emit<S::LogSoftmaxOp>(*g, loc, unwrap(x),
                               g->builder.getI64IntegerAttr(dim));
}

Tensor matmul(const Tensor &a, const Tensor &b, SourceLoc loc) {
  Graph *g = prepare(loc, {&a, &b}, "matmul");
  if (!g)
    return Tensor();
  return emit<S::MatmulOp>(*g, loc, unwrap(a), unwrap(b));
}

Tensor linear(const Tensor &x, const Tensor &weight, const Tensor &bias,
              SourceLoc loc) {
  Graph *g = bias.node() ? prepare(loc, {&x, &weight, &bias}, "linear")
                         : prepare(loc, {&x, &weight}, "linear");
  if (!g)
    return Tensor();
  return emit<S::LinearOp>(*g, loc, unwrap(x), unwrap(weight),
                           bias.node() ? unwrap(bias) : Value());
}

Tensor transpose(const Tensor &x, int64_t dim0, int64_t dim1, SourceLoc loc) {
  Graph *g = prepare(loc, {&x}, "transpose");
  if (!g)
    return Tensor();
  return emit<S::TransposeOp>(*g, loc, unwrap(x),
                              g->builder.getI64IntegerAttr(dim0),
                              g->builder.getI64IntegerAttr(dim1));
}

Tensor permute(const Tensor &x, IntList dims, SourceLoc loc) {
  Graph *g = prepare(loc, {&x}, "permute");
  if (!g)
    return Tensor();
  return emit<S::PermuteOp>(*g, loc, unwrap(x),
                            g->builder.getDenseI64ArrayAttr(dims.values));
}

Tensor reshape(const Tensor &x, IntList shape, SourceLoc loc) {
  Graph *g = prepare(loc, {&x}, "reshape");
  if (!g)
    return Tensor();
  return emit<S::ReshapeOp>(*g, loc, unwrap(x),
                            g->builder.getDenseI64ArrayAttr(shape.values));
}

Tensor broadcast_to(const Tensor &x, IntList shape, SourceLoc loc) {
  Graph *g = prepare(loc, {&x}, "broadcast_to");
  if (!g)
    return Tensor();
  return emit<S::BroadcastToOp>(*g, loc, unwrap(x),
                                g->builder.getDenseI64ArrayAttr(shape.values));
}

Tensor squeeze(const Tensor &x, IntList dims, SourceLoc loc) {
  Graph *g = prepare(loc, {&x}, "squeeze");
  if (!g)
    return Tensor();
  return emit<S::SqueezeOp>(*g, loc, unwrap(x),
                            g->builder.getDenseI64ArrayAttr(dims.values));
}

Tensor unsqueeze(const Tensor &x, int64_t dim, SourceLoc loc) {
  Graph *g = prepare(loc, {&x}, "unsqueeze");
  if (!g)
    return Tensor();
  return emit<S::UnsqueezeOp>(*g, loc, unwrap(x),
                              g->builder.getI64IntegerAttr(dim));
}

Tensor cat(const std::vector<Tensor> &tensors, int64_t dim, SourceLoc loc) {
  Graph *g = prepare(loc, {}, "cat");
  if (!g)
    return Tensor();
  if (tensors.empty()) {
    g->rec.fail(loc, "cat: expected a non-empty list of tensors");
    return Tensor();
  }
  SmallVector<Value> values;
  for (const Tensor &t : tensors) {
    if (!prepare(loc, {&t}, "cat"))
      return Tensor();
    values.push_back(unwrap(t));
  }
  return emit<S::ConcatOp>(*g, loc, ValueRange(values),
                           g->builder.getI64IntegerAttr(dim));
}

Tensor slice(const Tensor &x, int64_t dim, int64_t start, int64_t end,
             int64_t step, SourceLoc loc) {
  Graph *g = prepare(loc, {&x}, "slice");
  if (!g)
    return Tensor();
  OpBuilder &b = g->builder;
  return emit<S::SliceOp>(*g, loc, unwrap(x), b.getI64IntegerAttr(dim),
                          b.getI64IntegerAttr(start), b.getI64IntegerAttr(end),
                          b.getI64IntegerAttr(step));
}

Tensor flatten(const Tensor &x, int64_t start_dim, int64_t end_dim,
               SourceLoc loc) {
  Graph *g = prepare(loc, {&x}, "flatten");
  if (!g)
    return Tensor();
  return emit<S::FlattenOp>(*g, loc, unwrap(x),
                            g->builder.getI64IntegerAttr(start_dim),
                            g->builder.getI64IntegerAttr(end_dim));
}

#define SINTER_REDUCTION(fn, OpTy)                                             \
  Tensor fn(const Tensor &x, IntList dims, bool keepdim, SourceLoc loc) {      \
    Graph *g = prepare(loc, {&x}, #fn);                                        \
    if (!g)                                                                    \
      return Tensor();                                                         \
    return emit<S::OpTy>(*g, loc, unwrap(x),                                   \
                         g->builder.getDenseI64ArrayAttr(dims.values),         \
                         g->builder.getBoolAttr(keepdim));                     \
  }
SINTER_REDUCTION(sum, SumOp)
SINTER_REDUCTION(mean, MeanOp)
SINTER_REDUCTION(amax, MaxOp)
SINTER_REDUCTION(amin, MinOp)
#undef SINTER_REDUCTION

Tensor argmax(const Tensor &x, int64_t dim, bool keepdim, SourceLoc loc) {
  Graph *g = prepare(loc, {&x}, "argmax");
  if (!g)
    return Tensor();
  return emit<S::ArgmaxOp>(*g, loc, unwrap(x),
                           g->builder.getI64IntegerAttr(dim),
                           g->builder.getBoolAttr(keepdim));
}

Tensor argmax(const Tensor &x, SourceLoc loc) {
  Graph *g = prepare(loc, {&x}, "argmax");
  if (!g)
    return Tensor();
  return emit<S::ArgmaxOp>(*g, loc, unwrap(x), IntegerAttr(),
                           g->builder.getBoolAttr(false));
}

Tensor embedding(const Tensor &indices, const Tensor &weight, SourceLoc loc) {
  Graph *g = prepare(loc, {&indices, &weight}, "embedding");
  if (!g)
    return Tensor();
  if (indices.dtype() != DType::I64 && indices.dtype() != DType::I32) {
    g->rec.fail(loc, std::string("embedding indices must be i64 or i32, got ") +
                         detail::dtypeShortName(indices.dtype()));
    return Tensor();
  }
  return emit<S::EmbeddingOp>(*g, loc, unwrap(indices), unwrap(weight));
}

Tensor dropout(const Tensor &x, double p, bool training, SourceLoc loc) {
  Graph *g = prepare(loc, {&x}, "dropout");
  if (!g)
    return Tensor();
  if (!(p >= 0.0 && p <= 1.0)) {
    g->rec.fail(loc, "dropout probability has to be between 0 and 1, but "
                     "got " + detail::pythonFloat(p));
    return Tensor();
  }
  if (!training)
    return x;
  Value seed = g->seed(g->rec.location(loc));
  int64_t stream = g->nextStream++;
  return emit<S::DropoutOp>(*g, loc, unwrap(x), seed,
                            g->builder.getF64FloatAttr(p),
                            g->builder.getI64IntegerAttr(stream));
}

Tensor one_hot(const Tensor &indices, int64_t num_classes, SourceLoc loc) {
  Graph *g = prepare(loc, {&indices}, "one_hot");
  if (!g)
    return Tensor();
  return emit<S::OneHotOp>(*g, loc, unwrap(indices),
                           g->builder.getI64IntegerAttr(num_classes));
}

#define SINTER_ELEMENTWISE_LOSS(fn, OpTy)                                      \
  Tensor fn(const Tensor &input, const Tensor &target, Reduction reduction,    \
            SourceLoc loc) {                                                   \
    Graph *g = prepare(loc, {&input, &target}, #fn);                           \
    if (!g)                                                                    \
      return Tensor();                                                         \
    return emit<S::OpTy>(*g, loc, unwrap(input), unwrap(target),               \
                         reductionAttr(*g, reduction));                        \
  }
SINTER_ELEMENTWISE_LOSS(mse_loss, MseLossOp)
SINTER_ELEMENTWISE_LOSS(binary_cross_entropy, BinaryCrossEntropyOp)
SINTER_ELEMENTWISE_LOSS(binary_cross_entropy_with_logits,
                        BinaryCrossEntropyWithLogitsOp)
#undef SINTER_ELEMENTWISE_LOSS

Tensor cross_entropy(const Tensor &input, const Tensor &target,
                     Reduction reduction, SourceLoc loc) {
  return detail::classLoss(detail::ClassLoss::CrossEntropy, input, target,
                           reduction, "cross_entropy", loc);
}

Tensor nll_loss(const Tensor &input, const Tensor &target, Reduction reduction,
                SourceLoc loc) {
  return detail::classLoss(detail::ClassLoss::Nll, input, target, reduction,
                           "nll_loss", loc);
}

Tensor full(IntList shape, double value, DType dtype, SourceLoc loc) {
  Graph *g = prepare(loc, {}, "full");
  if (!g)
    return Tensor();
  Type element = detail::elementType(g->builder.getContext(), dtype);
  Attribute attr = scalarAttr(*g, loc, element, value, "full");
  if (!attr)
    return Tensor();
  return emit<S::FullOp>(*g, loc, g->builder.getDenseI64ArrayAttr(shape.values),
                         llvm::cast<TypedAttr>(attr));
}

Tensor zeros(IntList shape, DType dtype, SourceLoc loc) {
  return full(std::move(shape), 0.0, dtype, loc);
}

Tensor ones(IntList shape, DType dtype, SourceLoc loc) {
  return full(std::move(shape), 1.0, dtype, loc);
}

Tensor constant(const std::vector<double> &values, IntList shape, DType dtype,
                SourceLoc loc) {
  Graph *g = prepare(loc, {}, "constant");
  if (!g)
    return Tensor();
  return constantOf(*g, loc,
                    detail::elementType(g->builder.getContext(), dtype), values,
                    shape.values, "constant");
}

Tensor scalar(double value, DType dtype, SourceLoc loc) {
  return constant({value}, IntList(std::vector<int64_t>{}), dtype, loc);
}

} // namespace functional

Tensor detail::classLoss(ClassLoss kind, const Tensor &input,
                         const Tensor &target, Reduction reduction,
                         const char *who, SourceLoc loc) {
  Graph *g = prepare(loc, {&input, &target}, who);
  if (!g)
    return Tensor();
  if (target.dtype() != DType::I64 && target.dtype() != DType::I32) {
    g->rec.fail(loc, std::string(who) +
                         " target must be i64 or i32 class indices, got " +
                         dtypeShortName(target.dtype()) +
                         " (class-probability targets are not supported)");
    return Tensor();
  }
  if (kind == ClassLoss::CrossEntropy)
    return emit<S::CrossEntropyOp>(*g, loc, unwrap(input), unwrap(target),
                                   reductionAttr(*g, reduction));
  return emit<S::NllLossOp>(*g, loc, unwrap(input), unwrap(target),
                            reductionAttr(*g, reduction));
}

} // namespace nn
} // namespace sinter
