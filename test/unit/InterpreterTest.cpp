//===- InterpreterTest.cpp - The reference interpreter, op by op ----------===//
//
// Every sinter op run through mlir::sinter::interpret on small inputs and
// compared with values computed by hand (or by plain loops here, never by
// interpreter code), following the op descriptions in SinterOps.td, which
// follow PyTorch. Error cases check both failure() and the diagnostic text.
//
//===----------------------------------------------------------------------===//

#include "sinter/interp/Interpreter.h"
#include "sinter/ir/SinterDialect.h"
#include "sinter/runtime/Philox.h"
#include "sinter/runtime/Tensor.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

using ::sinter::DType;
using ::sinter::Tensor;

namespace {

//===----------------------------------------------------------------------===//
// Tensor helpers
//===----------------------------------------------------------------------===//

template <typename T>
Tensor make(DType dtype, std::vector<int64_t> shape, std::vector<T> values) {
  Tensor t(dtype, std::move(shape));
  EXPECT_EQ(static_cast<int64_t>(values.size()), t.numElements())
      << "test bug: value count does not match the shape";
  for (size_t i = 0; i < values.size() && i < size_t(t.numElements()); ++i)
    t.data<T>()[i] = values[i];
  return t;
}

Tensor f32(std::vector<int64_t> shape, std::vector<float> v) {
  return make<float>(DType::F32, std::move(shape), std::move(v));
}
Tensor f64(std::vector<int64_t> shape, std::vector<double> v) {
  return make<double>(DType::F64, std::move(shape), std::move(v));
}
Tensor i64(std::vector<int64_t> shape, std::vector<int64_t> v) {
  return make<int64_t>(DType::I64, std::move(shape), std::move(v));
}
Tensor i32(std::vector<int64_t> shape, std::vector<int32_t> v) {
  return make<int32_t>(DType::I32, std::move(shape), std::move(v));
}
Tensor i1(std::vector<int64_t> shape, std::vector<uint8_t> v) {
  return make<uint8_t>(DType::I1, std::move(shape), std::move(v));
}
Tensor seed(int64_t s) { return i64({}, {s}); }

/// 0, 1, 2, ... (times `scale`, plus `offset`) in `shape`.
Tensor iotaF32(std::vector<int64_t> shape, float scale = 1.0f,
               float offset = 0.0f) {
  Tensor t(DType::F32, std::move(shape));
  for (int64_t i = 0; i < t.numElements(); ++i)
    t.data<float>()[i] = offset + scale * float(i);
  return t;
}

std::vector<float> valuesF32(const Tensor &t) {
  return std::vector<float>(t.data<float>(),
                            t.data<float>() + t.numElements());
}

::testing::AssertionResult hasShape(const Tensor &t,
                                    const std::vector<int64_t> &shape) {
  if (t.shape() == shape)
    return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "shape " << ::sinter::shapeToString(t.shape()) << ", expected "
         << ::sinter::shapeToString(shape);
}

#define EXPECT_TENSOR_META(t, dt, ...)                                         \
  do {                                                                         \
    EXPECT_EQ((t).dtype(), dt) << "dtype " << ::sinter::dtypeName((t).dtype());\
    EXPECT_TRUE(hasShape((t), std::vector<int64_t>__VA_ARGS__));               \
  } while (0)

void expectF32(const Tensor &t, std::vector<int64_t> shape,
               std::vector<float> expected, float tol = 1e-5f) {
  EXPECT_EQ(t.dtype(), DType::F32) << ::sinter::dtypeName(t.dtype());
  EXPECT_TRUE(hasShape(t, shape));
  if (t.dtype() != DType::F32 || t.numElements() != int64_t(expected.size())) {
    ADD_FAILURE() << "cannot compare values";
    return;
  }
  for (size_t i = 0; i < expected.size(); ++i) {
    float got = t.data<float>()[i], want = expected[i];
    if (std::isnan(want))
      EXPECT_TRUE(std::isnan(got)) << "element " << i << " is " << got;
    else if (std::isinf(want))
      EXPECT_EQ(got, want) << "element " << i;
    else
      EXPECT_NEAR(got, want, tol * std::max(1.0f, std::fabs(want)))
          << "element " << i;
  }
}

void expectF64(const Tensor &t, std::vector<int64_t> shape,
               std::vector<double> expected, double tol = 1e-12) {
  EXPECT_EQ(t.dtype(), DType::F64) << ::sinter::dtypeName(t.dtype());
  EXPECT_TRUE(hasShape(t, shape));
  if (t.dtype() != DType::F64 || t.numElements() != int64_t(expected.size())) {
    ADD_FAILURE() << "cannot compare values";
    return;
  }
  for (size_t i = 0; i < expected.size(); ++i) {
    double got = t.data<double>()[i], want = expected[i];
    if (std::isnan(want))
      EXPECT_TRUE(std::isnan(got)) << "element " << i << " is " << got;
    else
      EXPECT_NEAR(got, want, tol * std::max(1.0, std::fabs(want)))
          << "element " << i;
  }
}

template <typename T>
void expectExact(const Tensor &t, DType dtype, std::vector<int64_t> shape,
                 std::vector<T> expected) {
  EXPECT_EQ(t.dtype(), dtype) << ::sinter::dtypeName(t.dtype());
  EXPECT_TRUE(hasShape(t, shape));
  if (t.dtype() != dtype || t.numElements() != int64_t(expected.size())) {
    ADD_FAILURE() << "cannot compare values";
    return;
  }
  for (size_t i = 0; i < expected.size(); ++i)
    EXPECT_EQ(t.data<T>()[i], expected[i]) << "element " << i;
}
void expectI64(const Tensor &t, std::vector<int64_t> shape,
               std::vector<int64_t> expected) {
  expectExact<int64_t>(t, DType::I64, std::move(shape), std::move(expected));
}
void expectI32(const Tensor &t, std::vector<int64_t> shape,
               std::vector<int32_t> expected) {
  expectExact<int32_t>(t, DType::I32, std::move(shape), std::move(expected));
}
void expectI1(const Tensor &t, std::vector<int64_t> shape,
              std::vector<uint8_t> expected) {
  expectExact<uint8_t>(t, DType::I1, std::move(shape), std::move(expected));
}

//===----------------------------------------------------------------------===//
// IR text helpers
//===----------------------------------------------------------------------===//

/// func.func @f(%a: lhs, %b: rhs) -> res { %y = sinter.op %a, %b ... }
std::string binaryFn(const std::string &op, const std::string &lhs,
                     const std::string &rhs, const std::string &res,
                     const std::string &attrs = "") {
  return "func.func @f(%a: " + lhs + ", %b: " + rhs + ") -> " + res +
         " {\n  %y = sinter." + op + " %a, %b " + attrs + " : (" + lhs +
         ", " + rhs + ") -> " + res + "\n  return %y : " + res + "\n}\n";
}

/// func.func @f(%a: in) -> res { %y = sinter.op %a {attrs} ... }
std::string unaryFn(const std::string &op, const std::string &in,
                    const std::string &res, const std::string &attrs = "") {
  return "func.func @f(%a: " + in + ") -> " + res + " {\n  %y = sinter." +
         op + " %a " + attrs + " : (" + in + ") -> " + res +
         "\n  return %y : " + res + "\n}\n";
}

//===----------------------------------------------------------------------===//
// Fixture
//===----------------------------------------------------------------------===//

class InterpTest : public ::testing::Test {
protected:
  InterpTest() {
    context.loadDialect<mlir::sinter::SinterDialect, mlir::func::FuncDialect>();
  }

  /// Parses `source` (a module body), looks up `name` and interprets it.
  /// Diagnostics, from the parser/verifier or the interpreter, land in
  /// `diagnostics`.
  mlir::FailureOr<std::vector<Tensor>> run(const std::string &source,
                                           std::vector<Tensor> args,
                                           const std::string &name = "f") {
    diagnostics.clear();
    mlir::ScopedDiagnosticHandler handler(
        &context, [&](mlir::Diagnostic &diag) {
          diagnostics += diag.str();
          for (const mlir::Diagnostic &note : diag.getNotes())
            diagnostics += "\n  note: " + note.str();
          diagnostics += "\n";
          return mlir::success();
        });
    module = mlir::parseSourceString<mlir::ModuleOp>(source, &context);
    if (!module) {
      ADD_FAILURE() << "the test IR does not parse:\n"
                    << diagnostics << "\n"
                    << source;
      return mlir::failure();
    }
    auto func = module->lookupSymbol<mlir::func::FuncOp>(name);
    if (!func) {
      ADD_FAILURE() << "no function @" << name;
      return mlir::failure();
    }
    return mlir::sinter::interpret(func, args);
  }

  /// run() expecting success; returns the results (empty on failure).
  std::vector<Tensor> ok(const std::string &source, std::vector<Tensor> args,
                         const std::string &name = "f") {
    mlir::FailureOr<std::vector<Tensor>> r = run(source, std::move(args), name);
    EXPECT_TRUE(mlir::succeeded(r)) << "interpret failed:\n" << diagnostics;
    if (mlir::failed(r))
      return {};
    return std::move(*r);
  }

  /// ok() for a single-result function; returns an empty tensor on failure.
  Tensor one(const std::string &source, std::vector<Tensor> args,
             const std::string &name = "f") {
    std::vector<Tensor> r = ok(source, std::move(args), name);
    EXPECT_EQ(r.size(), 1u);
    return r.empty() ? Tensor() : std::move(r[0]);
  }

  /// run() expecting failure; returns the diagnostics.
  std::string fails(const std::string &source, std::vector<Tensor> args,
                    const std::string &name = "f") {
    mlir::FailureOr<std::vector<Tensor>> r = run(source, std::move(args), name);
    EXPECT_TRUE(mlir::failed(r)) << "interpret unexpectedly succeeded";
    EXPECT_FALSE(diagnostics.empty()) << "failure without a diagnostic";
    return diagnostics;
  }

  mlir::MLIRContext context;
  mlir::OwningOpRef<mlir::ModuleOp> module;
  std::string diagnostics;
};

#define EXPECT_CONTAINS(haystack, needle)                                      \
  EXPECT_NE(std::string(haystack).find(needle), std::string::npos)             \
      << "expected \"" << (needle) << "\" in:\n"                               \
      << (haystack)

//===----------------------------------------------------------------------===//
// Elementwise arithmetic
//===----------------------------------------------------------------------===//

TEST_F(InterpTest, AddBroadcastsRowVector) {
  Tensor y = one(binaryFn("add", "tensor<2x3xf32>", "tensor<3xf32>",
                          "tensor<2x3xf32>"),
                 {f32({2, 3}, {1, 2, 3, 4, 5, 6}), f32({3}, {10, 20, 30})});
  expectF32(y, {2, 3}, {11, 22, 33, 14, 25, 36});
}

TEST_F(InterpTest, MulBroadcastsColumnTimesRow) {
  Tensor y = one(binaryFn("mul", "tensor<2x1xf32>", "tensor<1x3xf32>",
                          "tensor<2x3xf32>"),
                 {f32({2, 1}, {2, -3}), f32({1, 3}, {1, 10, 100})});
  expectF32(y, {2, 3}, {2, 20, 200, -3, -30, -300});
}

TEST_F(InterpTest, AddScalarZeroDim) {
  Tensor y = one(
      binaryFn("add", "tensor<f32>", "tensor<4xf32>", "tensor<4xf32>"),
      {f32({}, {0.5f}), f32({4}, {1, 2, 3, 4})});
  expectF32(y, {4}, {1.5f, 2.5f, 3.5f, 4.5f});
}

TEST_F(InterpTest, SubOddSizesBroadcastMiddle) {
  // [3,5,7] - [5,1]: rhs[j,0] is subtracted from every a[i,j,k].
  Tensor a = iotaF32({3, 5, 7}, 0.5f);
  Tensor b = f32({5, 1}, {1, -2, 3, -4, 5});
  Tensor y = one(binaryFn("sub", "tensor<3x5x7xf32>", "tensor<5x1xf32>",
                          "tensor<3x5x7xf32>"),
                 {a, b});
  std::vector<float> want;
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 5; ++j)
      for (int k = 0; k < 7; ++k)
        want.push_back(0.5f * float(i * 35 + j * 7 + k) - b.data<float>()[j]);
  expectF32(y, {3, 5, 7}, want);
}

TEST_F(InterpTest, BroadcastBothSidesRank3) {
  // [3,1,7] + [5,1] -> [3,5,7]
  Tensor a = iotaF32({3, 1, 7});
  Tensor b = iotaF32({5, 1}, 100.0f);
  Tensor y = one(binaryFn("add", "tensor<3x1x7xf32>", "tensor<5x1xf32>",
                          "tensor<3x5x7xf32>"),
                 {a, b});
  std::vector<float> want;
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 5; ++j)
      for (int k = 0; k < 7; ++k)
        want.push_back(float(i * 7 + k) + 100.0f * float(j));
  expectF32(y, {3, 5, 7}, want);
}

TEST_F(InterpTest, DivF32AndScalar) {
  Tensor y = one(
      binaryFn("div", "tensor<2x2xf32>", "tensor<f32>", "tensor<2x2xf32>"),
      {f32({2, 2}, {1, -3, 5, 0}), f32({}, {4})});
  expectF32(y, {2, 2}, {0.25f, -0.75f, 1.25f, 0.0f});
}

TEST_F(InterpTest, DivByZeroGivesInfAndNaN) {
  Tensor y = one(binaryFn("div", "tensor<3xf32>", "tensor<3xf32>",
                          "tensor<3xf32>"),
                 {f32({3}, {1, -1, 0}), f32({3}, {0, 0, 0})});
  float inf = std::numeric_limits<float>::infinity();
  expectF32(y, {3}, {inf, -inf, NAN});
}

TEST_F(InterpTest, ArithmeticF64) {
  std::string src =
      binaryFn("div", "tensor<3xf64>", "tensor<3xf64>", "tensor<3xf64>");
  Tensor y = one(src, {f64({3}, {1, 2, 10}), f64({3}, {3, 7, -4})});
  expectF64(y, {3}, {1.0 / 3.0, 2.0 / 7.0, -2.5}, 1e-15);

  Tensor z = one(binaryFn("mul", "tensor<2xf64>", "tensor<f64>",
                          "tensor<2xf64>"),
                 {f64({2}, {0.1, 1e200}), f64({}, {3.0})});
  expectF64(z, {2}, {0.1 * 3.0, 3e200}, 1e-15);
}

TEST_F(InterpTest, ArithmeticI64) {
  Tensor a = i64({2, 2}, {5, -7, 3000000000LL, 1});
  Tensor b = i64({2}, {3, -2});
  expectI64(one(binaryFn("add", "tensor<2x2xi64>", "tensor<2xi64>",
                         "tensor<2x2xi64>"),
                {a, b}),
            {2, 2}, {8, -9, 3000000003LL, -1});
  expectI64(one(binaryFn("sub", "tensor<2x2xi64>", "tensor<2xi64>",
                         "tensor<2x2xi64>"),
                {a, b}),
            {2, 2}, {2, -5, 2999999997LL, 3});
  expectI64(one(binaryFn("mul", "tensor<2x2xi64>", "tensor<2xi64>",
                         "tensor<2x2xi64>"),
                {a, b}),
            {2, 2}, {15, 14, 9000000000LL, -2});
}

TEST_F(InterpTest, ArithmeticI32) {
  Tensor a = i32({3}, {5, -7, 100000});
  Tensor b = i32({}, {-3});
  expectI32(one(binaryFn("mul", "tensor<3xi32>", "tensor<i32>",
                         "tensor<3xi32>"),
                {a, b}),
            {3}, {-15, 21, -300000});
  expectI32(one(binaryFn("sub", "tensor<3xi32>", "tensor<i32>",
                         "tensor<3xi32>"),
                {a, b}),
            {3}, {8, -4, 100003});
  expectI32(one(binaryFn("maximum", "tensor<3xi32>", "tensor<i32>",
                         "tensor<3xi32>"),
                {a, b}),
            {3}, {5, -3, 100000});
}

TEST_F(InterpTest, MaximumMinimumF32WithBroadcast) {
  Tensor a = f32({2, 3}, {-1, 0.5f, 2, 3, -4, 0});
  Tensor zero = f32({}, {0});
  expectF32(one(binaryFn("maximum", "tensor<2x3xf32>", "tensor<f32>",
                         "tensor<2x3xf32>"),
                {a, zero}),
            {2, 3}, {0, 0.5f, 2, 3, 0, 0});
  expectF32(one(binaryFn("minimum", "tensor<2x3xf32>", "tensor<f32>",
                         "tensor<2x3xf32>"),
                {a, zero}),
            {2, 3}, {-1, 0, 0, 0, -4, 0});
}

TEST_F(InterpTest, MaximumMinimumPropagateNaN) {
  // torch.maximum/minimum: NaN if either operand is NaN, on either side.
  Tensor a = f32({4}, {NAN, 1, NAN, -5});
  Tensor b = f32({4}, {1, NAN, NAN, 2});
  expectF32(one(binaryFn("maximum", "tensor<4xf32>", "tensor<4xf32>",
                         "tensor<4xf32>"),
                {a, b}),
            {4}, {NAN, NAN, NAN, 2});
  expectF32(one(binaryFn("minimum", "tensor<4xf32>", "tensor<4xf32>",
                         "tensor<4xf32>"),
                {a, b}),
            {4}, {NAN, NAN, NAN, -5});
}

TEST_F(InterpTest, MaximumMinimumI64) {
  Tensor a = i64({3}, {-5, 7, 0});
  Tensor b = i64({3}, {-6, 8, 0});
  expectI64(one(binaryFn("maximum", "tensor<3xi64>", "tensor<3xi64>",
                         "tensor<3xi64>"),
                {a, b}),
            {3}, {-5, 8, 0});
  expectI64(one(binaryFn("minimum", "tensor<3xi64>", "tensor<3xi64>",
                         "tensor<3xi64>"),
                {a, b}),
            {3}, {-6, 7, 0});
}

//===----------------------------------------------------------------------===//
// Comparisons and where
//===----------------------------------------------------------------------===//

TEST_F(InterpTest, ComparisonsF32GiveI1) {
  Tensor a = f32({5}, {-1, 0, 1, 2, NAN});
  Tensor b = f32({}, {1});
  auto cmp = [&](const char *op) {
    return one(binaryFn(op, "tensor<5xf32>", "tensor<f32>", "tensor<5xi1>"),
               {a, b});
  };
  expectI1(cmp("gt"), {5}, {0, 0, 0, 1, 0});
  expectI1(cmp("ge"), {5}, {0, 0, 1, 1, 0});
  expectI1(cmp("lt"), {5}, {1, 1, 0, 0, 0});
  expectI1(cmp("le"), {5}, {1, 1, 1, 0, 0});
  expectI1(cmp("eq"), {5}, {0, 0, 1, 0, 0});
}

TEST_F(InterpTest, ComparisonsI64Broadcast) {
  // [2,1] vs [3] -> [2,3]
  Tensor a = i64({2, 1}, {1, 3});
  Tensor b = i64({3}, {0, 1, 3});
  expectI1(one(binaryFn("eq", "tensor<2x1xi64>", "tensor<3xi64>",
                        "tensor<2x3xi1>"),
               {a, b}),
           {2, 3}, {0, 1, 0, 0, 0, 1});
  expectI1(one(binaryFn("gt", "tensor<2x1xi64>", "tensor<3xi64>",
                        "tensor<2x3xi1>"),
               {a, b}),
           {2, 3}, {1, 0, 0, 1, 1, 0});
}

TEST_F(InterpTest, ComparisonI32) {
  expectI1(one(binaryFn("le", "tensor<3xi32>", "tensor<3xi32>",
                        "tensor<3xi1>"),
               {i32({3}, {1, 5, -2}), i32({3}, {1, 4, -1})}),
           {3}, {1, 0, 1});
}

TEST_F(InterpTest, WhereBroadcastsAllThree) {
  std::string src = R"(
func.func @f(%c: tensor<2x1xi1>, %x: tensor<2x3xf32>, %z: tensor<f32>) -> tensor<2x3xf32> {
  %y = sinter.where %c, %x, %z : (tensor<2x1xi1>, tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}
)";
  Tensor y = one(src, {i1({2, 1}, {1, 0}), f32({2, 3}, {1, 2, 3, 4, 5, 6}),
                       f32({}, {-9})});
  expectF32(y, {2, 3}, {1, 2, 3, -9, -9, -9});
}

TEST_F(InterpTest, WhereConditionFromComparisonI64) {
  // relu by hand on i64: where(x > 0, x, 0)
  std::string src = R"(
func.func @f(%x: tensor<4xi64>) -> tensor<4xi64> {
  %zero = sinter.constant dense<0> : tensor<i64>
  %m = sinter.gt %x, %zero : (tensor<4xi64>, tensor<i64>) -> tensor<4xi1>
  %y = sinter.where %m, %x, %zero : (tensor<4xi1>, tensor<4xi64>, tensor<i64>) -> tensor<4xi64>
  return %y : tensor<4xi64>
}
)";
  expectI64(one(src, {i64({4}, {-3, 0, 2, 9})}), {4}, {0, 0, 2, 9});
}

//===----------------------------------------------------------------------===//
// Elementwise unary
//===----------------------------------------------------------------------===//

TEST_F(InterpTest, NegF32AndI64) {
  expectF32(one(unaryFn("neg", "tensor<3xf32>", "tensor<3xf32>"),
                {f32({3}, {1.5f, -2, 0})}),
            {3}, {-1.5f, 2, 0});
  expectI64(one(unaryFn("neg", "tensor<3xi64>", "tensor<3xi64>"),
                {i64({3}, {4, -5, 0})}),
            {3}, {-4, 5, 0});
}

TEST_F(InterpTest, ExpLog) {
  expectF32(one(unaryFn("exp", "tensor<4xf32>", "tensor<4xf32>"),
                {f32({4}, {0, 1, -2, 3.5f})}),
            {4}, {1.0f, std::exp(1.0f), std::exp(-2.0f), std::exp(3.5f)});
  float inf = std::numeric_limits<float>::infinity();
  expectF32(one(unaryFn("log", "tensor<4xf32>", "tensor<4xf32>"),
                {f32({4}, {1, 2.718281828f, 0, -1})}),
            {4}, {0.0f, 1.0f, -inf, NAN});
}

TEST_F(InterpTest, SqrtRsqrt) {
  expectF32(one(unaryFn("sqrt", "tensor<3xf32>", "tensor<3xf32>"),
                {f32({3}, {4, 2, 0})}),
            {3}, {2.0f, std::sqrt(2.0f), 0.0f});
  float inf = std::numeric_limits<float>::infinity();
  expectF32(one(unaryFn("rsqrt", "tensor<3xf32>", "tensor<3xf32>"),
                {f32({3}, {4, 0.25f, 0})}),
            {3}, {0.5f, 2.0f, inf});
}

TEST_F(InterpTest, SigmoidIncludingExtremes) {
  Tensor y = one(unaryFn("sigmoid", "tensor<7xf32>", "tensor<7xf32>"),
                 {f32({7}, {0, 1, -1, 100, -100, 1000, -1000})});
  float s1 = 1.0f / (1.0f + std::exp(-1.0f));
  expectF32(y, {7}, {0.5f, s1, 1.0f - s1, 1.0f, 0.0f, 1.0f, 0.0f}, 1e-6f);
  for (float v : valuesF32(y))
    EXPECT_FALSE(std::isnan(v));
}

TEST_F(InterpTest, SigmoidF64Extremes) {
  Tensor y = one(unaryFn("sigmoid", "tensor<4xf64>", "tensor<4xf64>"),
                 {f64({4}, {2, -2, 800, -800})});
  expectF64(y, {4},
            {1.0 / (1.0 + std::exp(-2.0)), 1.0 / (1.0 + std::exp(2.0)), 1.0,
             0.0},
            1e-14);
}

TEST_F(InterpTest, Tanh) {
  expectF32(one(unaryFn("tanh", "tensor<4xf32>", "tensor<4xf32>"),
                {f32({4}, {0, 0.5f, -2, 50})}),
            {4}, {0.0f, std::tanh(0.5f), std::tanh(-2.0f), 1.0f}, 1e-6f);
}

TEST_F(InterpTest, ReluF32KeepsNaNAndI64) {
  expectF32(one(unaryFn("relu", "tensor<4xf32>", "tensor<4xf32>"),
                {f32({4}, {-1, 0, 2.5f, NAN})}),
            {4}, {0, 0, 2.5f, NAN});
  expectI64(one(unaryFn("relu", "tensor<3xi64>", "tensor<3xi64>"),
                {i64({3}, {-7, 0, 7})}),
            {3}, {0, 0, 7});
}

TEST_F(InterpTest, PowScalarExponents) {
  Tensor x = f32({4}, {2, -2, 9, 0.5f});
  expectF32(one(unaryFn("pow", "tensor<4xf32>", "tensor<4xf32>",
                        "{exponent = 2.0 : f64}"),
                {x}),
            {4}, {4, 4, 81, 0.25f});
  expectF32(one(unaryFn("pow", "tensor<4xf32>", "tensor<4xf32>",
                        "{exponent = 3.0 : f64}"),
                {x}),
            {4}, {8, -8, 729, 0.125f});
  // A fractional power of a negative number is NaN, as in PyTorch.
  expectF32(one(unaryFn("pow", "tensor<4xf32>", "tensor<4xf32>",
                        "{exponent = 5.000000e-01 : f64}"),
                {x}),
            {4}, {std::sqrt(2.0f), NAN, 3, std::sqrt(0.5f)});
  expectF32(one(unaryFn("pow", "tensor<4xf32>", "tensor<4xf32>",
                        "{exponent = -1.0 : f64}"),
                {x}),
            {4}, {0.5f, -0.5f, 1.0f / 9.0f, 2.0f});
}

TEST_F(InterpTest, UnaryF64) {
  expectF64(one(unaryFn("exp", "tensor<2xf64>", "tensor<2xf64>"),
                {f64({2}, {1, -0.5})}),
            {2}, {std::exp(1.0), std::exp(-0.5)}, 1e-15);
  expectF64(one(unaryFn("log", "tensor<2xf64>", "tensor<2xf64>"),
                {f64({2}, {10, 0.5})}),
            {2}, {std::log(10.0), std::log(0.5)}, 1e-15);
  expectF64(one(unaryFn("rsqrt", "tensor<1xf64>", "tensor<1xf64>"),
                {f64({1}, {2})}),
            {1}, {1.0 / std::sqrt(2.0)}, 1e-15);
}

//===----------------------------------------------------------------------===//
// Cast
//===----------------------------------------------------------------------===//

TEST_F(InterpTest, CastF32ToI64TruncatesTowardZero) {
  expectI64(one(unaryFn("cast", "tensor<6xf32>", "tensor<6xi64>",
                        "{dtype = i64}"),
                {f32({6}, {2.7f, -2.7f, 0.5f, -0.5f, 3, -1e9f})}),
            {6}, {2, -2, 0, 0, 3, -1000000000LL});
}

TEST_F(InterpTest, CastF64ToI32) {
  expectI32(one(unaryFn("cast", "tensor<3xf64>", "tensor<3xi32>",
                        "{dtype = i32}"),
                {f64({3}, {9.99, -9.99, 123456.5})}),
            {3}, {9, -9, 123456});
}

TEST_F(InterpTest, CastI64ToF32) {
  expectF32(one(unaryFn("cast", "tensor<3xi64>", "tensor<3xf32>",
                        "{dtype = f32}"),
                {i64({3}, {-3, 0, 16777216})}),
            {3}, {-3, 0, 16777216.0f});
}

TEST_F(InterpTest, CastToI1IsNonZero) {
  expectI1(one(unaryFn("cast", "tensor<5xf32>", "tensor<5xi1>",
                       "{dtype = i1}"),
               {f32({5}, {0, 0.1f, -2, -0.0f, NAN})}),
           {5}, {0, 1, 1, 0, 1});
  expectI1(one(unaryFn("cast", "tensor<3xi64>", "tensor<3xi1>",
                       "{dtype = i1}"),
               {i64({3}, {0, 5, -1})}),
           {3}, {0, 1, 1});
}

TEST_F(InterpTest, CastI1ToNumbers) {
  Tensor m = i1({3}, {1, 0, 1});
  expectF32(one(unaryFn("cast", "tensor<3xi1>", "tensor<3xf32>",
                        "{dtype = f32}"),
                {m}),
            {3}, {1, 0, 1});
  expectI64(one(unaryFn("cast", "tensor<3xi1>", "tensor<3xi64>",
                        "{dtype = i64}"),
                {m}),
            {3}, {1, 0, 1});
}

TEST_F(InterpTest, CastF32ToF64AndI32ToI64) {
  expectF64(one(unaryFn("cast", "tensor<2xf32>", "tensor<2xf64>",
                        "{dtype = f64}"),
                {f32({2}, {0.1f, -3})}),
            {2}, {double(0.1f), -3.0}, 0);
  expectI64(one(unaryFn("cast", "tensor<2xi32>", "tensor<2xi64>",
                        "{dtype = i64}"),
                {i32({2}, {-2147483647 - 1, 7})}),
            {2}, {-2147483648LL, 7});
}

//===----------------------------------------------------------------------===//
// Softmax family
//===----------------------------------------------------------------------===//

/// Reference softmax / log_softmax of a [rows, cols] row-major matrix along
/// `dim` (0 or 1), in double.
std::vector<float> refSoftmax2D(const std::vector<float> &x, int rows,
                                int cols, int dim, bool log) {
  std::vector<float> out(x.size());
  int outer = dim == 1 ? rows : cols, inner = dim == 1 ? cols : rows;
  for (int o = 0; o < outer; ++o) {
    auto at = [&](int i) {
      return dim == 1 ? size_t(o * cols + i) : size_t(i * cols + o);
    };
    double m = -INFINITY;
    for (int i = 0; i < inner; ++i)
      m = std::max(m, double(x[at(i)]));
    double s = 0;
    for (int i = 0; i < inner; ++i)
      s += std::exp(double(x[at(i)]) - m);
    for (int i = 0; i < inner; ++i) {
      double z = double(x[at(i)]) - m;
      out[at(i)] = float(log ? z - std::log(s) : std::exp(z) / s);
    }
  }
  return out;
}

TEST_F(InterpTest, SoftmaxDim1) {
  std::vector<float> x = {1, 2, 3, -1, 0, 4};
  Tensor y = one(unaryFn("softmax", "tensor<2x3xf32>", "tensor<2x3xf32>",
                         "{dim = 1 : i64}"),
                 {f32({2, 3}, x)});
  expectF32(y, {2, 3}, refSoftmax2D(x, 2, 3, 1, false), 1e-6f);
  // Rows sum to one.
  EXPECT_NEAR(y.data<float>()[0] + y.data<float>()[1] + y.data<float>()[2],
              1.0f, 1e-6f);
}

TEST_F(InterpTest, SoftmaxDim0) {
  std::vector<float> x = {1, 2, 3, -1, 0, 4};
  Tensor y = one(unaryFn("softmax", "tensor<2x3xf32>", "tensor<2x3xf32>",
                         "{dim = 0 : i64}"),
                 {f32({2, 3}, x)});
  // Column 0: softmax(1, -1) = (e^2/(e^2+1), 1/(e^2+1)).
  float e2 = std::exp(2.0f);
  EXPECT_NEAR(y.data<float>()[0], e2 / (e2 + 1), 1e-6f);
  EXPECT_NEAR(y.data<float>()[3], 1 / (e2 + 1), 1e-6f);
  expectF32(y, {2, 3}, refSoftmax2D(x, 2, 3, 0, false), 1e-6f);
}

TEST_F(InterpTest, SoftmaxNegativeDimIsLast) {
  std::vector<float> x = {0.5f, -0.5f, 2, 2, 7, -3};
  Tensor y = one(unaryFn("softmax", "tensor<2x3xf32>", "tensor<2x3xf32>",
                         "{dim = -1 : i64}"),
                 {f32({2, 3}, x)});
  expectF32(y, {2, 3}, refSoftmax2D(x, 2, 3, 1, false), 1e-6f);
}

TEST_F(InterpTest, SoftmaxMiddleDimOfRank3) {
  // [2,3,2] along dim 1: each (i, k) fibre of 3 sums to one.
  Tensor x = iotaF32({2, 3, 2}, 0.7f, -2.0f);
  Tensor y = one(unaryFn("softmax", "tensor<2x3x2xf32>", "tensor<2x3x2xf32>",
                         "{dim = 1 : i64}"),
                 {x});
  std::vector<float> want(12);
  for (int i = 0; i < 2; ++i)
    for (int k = 0; k < 2; ++k) {
      double s = 0;
      for (int j = 0; j < 3; ++j)
        s += std::exp(double(x.data<float>()[i * 6 + j * 2 + k]));
      for (int j = 0; j < 3; ++j)
        want[i * 6 + j * 2 + k] =
            float(std::exp(double(x.data<float>()[i * 6 + j * 2 + k])) / s);
    }
  expectF32(y, {2, 3, 2}, want, 1e-6f);
}

TEST_F(InterpTest, SoftmaxIsStableForLargeValues) {
  Tensor y = one(unaryFn("softmax", "tensor<1x2xf32>", "tensor<1x2xf32>",
                         "{dim = 1 : i64}"),
                 {f32({1, 2}, {1000, 1001})});
  float e = std::exp(1.0f);
  expectF32(y, {1, 2}, {1 / (1 + e), e / (1 + e)}, 1e-6f);
  Tensor z = one(unaryFn("softmax", "tensor<3xf32>", "tensor<3xf32>",
                         "{dim = 0 : i64}"),
                 {f32({3}, {-1000, -1000, -1001})});
  expectF32(z, {3}, {e / (2 * e + 1), e / (2 * e + 1), 1 / (2 * e + 1)},
            1e-6f);
}

TEST_F(InterpTest, LogSoftmaxDims) {
  std::vector<float> x = {1, 2, 3, -1, 0, 4};
  expectF32(one(unaryFn("log_softmax", "tensor<2x3xf32>", "tensor<2x3xf32>",
                        "{dim = 1 : i64}"),
                {f32({2, 3}, x)}),
            {2, 3}, refSoftmax2D(x, 2, 3, 1, true), 1e-6f);
  expectF32(one(unaryFn("log_softmax", "tensor<2x3xf32>", "tensor<2x3xf32>",
                        "{dim = 0 : i64}"),
                {f32({2, 3}, x)}),
            {2, 3}, refSoftmax2D(x, 2, 3, 0, true), 1e-6f);
  expectF32(one(unaryFn("log_softmax", "tensor<2x3xf32>", "tensor<2x3xf32>",
                        "{dim = -2 : i64}"),
                {f32({2, 3}, x)}),
            {2, 3}, refSoftmax2D(x, 2, 3, 0, true), 1e-6f);
}

TEST_F(InterpTest, LogSoftmaxIsStableForLargeValues) {
  // log_softmax([1000, 1001]) = [-log(1+e), 1 - log(1+e)]; also a -inf-free
  // answer for a value far below the maximum.
  Tensor y = one(unaryFn("log_softmax", "tensor<3xf32>", "tensor<3xf32>",
                         "{dim = -1 : i64}"),
                 {f32({3}, {1000, 1001, -1000})});
  double lse = 1001 + std::log(1 + std::exp(-1.0) + std::exp(-2001.0));
  expectF32(y, {3}, {float(1000 - lse), float(1001 - lse), float(-1000 - lse)},
            1e-5f);
}

TEST_F(InterpTest, SoftmaxF64) {
  Tensor y = one(unaryFn("softmax", "tensor<2xf64>", "tensor<2xf64>",
                         "{dim = 0 : i64}"),
                 {f64({2}, {0, std::log(3.0)})});
  expectF64(y, {2}, {0.25, 0.75}, 1e-15);
}

//===----------------------------------------------------------------------===//
// Matmul and linear
//===----------------------------------------------------------------------===//

/// Reference [n,k] x [k,m] in double.
std::vector<float> refMatmul(const float *a, const float *b, int n, int k,
                             int m) {
  std::vector<float> c(size_t(n) * m);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < m; ++j) {
      double s = 0;
      for (int p = 0; p < k; ++p)
        s += double(a[i * k + p]) * double(b[p * m + j]);
      c[size_t(i) * m + j] = float(s);
    }
  return c;
}

TEST_F(InterpTest, Matmul2DSmallByHand) {
  // [[1,2],[3,4]] x [[5,6],[7,8]] = [[19,22],[43,50]]
  Tensor y = one(binaryFn("matmul", "tensor<2x2xf32>", "tensor<2x2xf32>",
                          "tensor<2x2xf32>"),
                 {f32({2, 2}, {1, 2, 3, 4}), f32({2, 2}, {5, 6, 7, 8})});
  expectF32(y, {2, 2}, {19, 22, 43, 50});
}

TEST_F(InterpTest, Matmul2DOddSizes) {
  Tensor a = iotaF32({3, 5}, 0.5f, -3.0f);
  Tensor b = iotaF32({5, 7}, -0.25f, 2.0f);
  Tensor y = one(binaryFn("matmul", "tensor<3x5xf32>", "tensor<5x7xf32>",
                          "tensor<3x7xf32>"),
                 {a, b});
  expectF32(y, {3, 7}, refMatmul(a.data<float>(), b.data<float>(), 3, 5, 7),
            1e-5f);
}

TEST_F(InterpTest, MatmulBatchedTimes2D) {
  // [2,3,4] x [4,5]: the matrix applies to both batches.
  Tensor a = iotaF32({2, 3, 4}, 0.1f);
  Tensor b = iotaF32({4, 5}, -0.2f, 1.0f);
  Tensor y = one(binaryFn("matmul", "tensor<2x3x4xf32>", "tensor<4x5xf32>",
                          "tensor<2x3x5xf32>"),
                 {a, b});
  std::vector<float> want =
      refMatmul(a.data<float>(), b.data<float>(), 3, 4, 5);
  std::vector<float> w2 =
      refMatmul(a.data<float>() + 12, b.data<float>(), 3, 4, 5);
  want.insert(want.end(), w2.begin(), w2.end());
  expectF32(y, {2, 3, 5}, want, 1e-5f);
}

TEST_F(InterpTest, MatmulBatchedBothSides) {
  Tensor a = iotaF32({2, 3, 4}, 0.3f, -1.0f);
  Tensor b = iotaF32({2, 4, 5}, 0.1f, -2.0f);
  Tensor y = one(binaryFn("matmul", "tensor<2x3x4xf32>", "tensor<2x4x5xf32>",
                          "tensor<2x3x5xf32>"),
                 {a, b});
  std::vector<float> want =
      refMatmul(a.data<float>(), b.data<float>(), 3, 4, 5);
  std::vector<float> w2 =
      refMatmul(a.data<float>() + 12, b.data<float>() + 20, 3, 4, 5);
  want.insert(want.end(), w2.begin(), w2.end());
  expectF32(y, {2, 3, 5}, want, 1e-5f);
}

TEST_F(InterpTest, MatmulBroadcastsBatchOfOne) {
  // [1,3,4] x [2,4,5] -> [2,3,5]: the lhs matrix is reused for both batches.
  Tensor a = iotaF32({1, 3, 4}, 0.5f, -2.0f);
  Tensor b = iotaF32({2, 4, 5}, -0.1f, 1.0f);
  Tensor y = one(binaryFn("matmul", "tensor<1x3x4xf32>", "tensor<2x4x5xf32>",
                          "tensor<2x3x5xf32>"),
                 {a, b});
  std::vector<float> want =
      refMatmul(a.data<float>(), b.data<float>(), 3, 4, 5);
  std::vector<float> w2 =
      refMatmul(a.data<float>(), b.data<float>() + 20, 3, 4, 5);
  want.insert(want.end(), w2.begin(), w2.end());
  expectF32(y, {2, 3, 5}, want, 1e-5f);
}

TEST_F(InterpTest, MatmulRank4BroadcastsAcrossBatchDims) {
  // [2,1,2,3] x [3,3,2] -> [2,3,2,2]
  Tensor a = iotaF32({2, 1, 2, 3}, 1.0f, -5.0f);
  Tensor b = iotaF32({3, 3, 2}, 0.5f);
  Tensor y = one(binaryFn("matmul", "tensor<2x1x2x3xf32>",
                          "tensor<3x3x2xf32>", "tensor<2x3x2x2xf32>"),
                 {a, b});
  std::vector<float> want;
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 3; ++j) {
      std::vector<float> c = refMatmul(a.data<float>() + i * 6,
                                       b.data<float>() + j * 6, 2, 3, 2);
      want.insert(want.end(), c.begin(), c.end());
    }
  expectF32(y, {2, 3, 2, 2}, want, 1e-5f);
}

TEST_F(InterpTest, MatmulF64) {
  Tensor y = one(binaryFn("matmul", "tensor<1x3xf64>", "tensor<3x1xf64>",
                          "tensor<1x1xf64>"),
                 {f64({1, 3}, {0.1, 0.2, 0.3}), f64({3, 1}, {10, 20, 30})});
  expectF64(y, {1, 1}, {0.1 * 10 + 0.2 * 20 + 0.3 * 30}, 1e-14);
}

TEST_F(InterpTest, LinearWithBias) {
  // x [2,3], W [2,3] (out=2, in=3), b [2]: y = x W^T + b
  std::string src = R"(
func.func @f(%x: tensor<2x3xf32>, %w: tensor<2x3xf32>, %b: tensor<2xf32>) -> tensor<2x2xf32> {
  %y = sinter.linear %x, %w, %b : (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}
)";
  Tensor y = one(src, {f32({2, 3}, {1, 2, 3, 4, 5, 6}),
                       f32({2, 3}, {1, 0, -1, 0.5f, 0.5f, 0.5f}),
                       f32({2}, {10, -10})});
  // row 0: [1-3, 3] + b = [8, -7]; row 1: [4-6, 7.5] + b = [8, -2.5]
  expectF32(y, {2, 2}, {8, -7, 8, -2.5f});
}

TEST_F(InterpTest, LinearWithoutBias) {
  std::string src = R"(
func.func @f(%x: tensor<1x2xf32>, %w: tensor<3x2xf32>) -> tensor<1x3xf32> {
  %y = sinter.linear %x, %w : (tensor<1x2xf32>, tensor<3x2xf32>) -> tensor<1x3xf32>
  return %y : tensor<1x3xf32>
}
)";
  Tensor y = one(src, {f32({1, 2}, {2, -1}),
                       f32({3, 2}, {1, 1, 2, 3, -1, 0})});
  expectF32(y, {1, 3}, {1, 1, -2});
}

TEST_F(InterpTest, Linear3DInput) {
  // x [2,3,4], W [5,4], b [5] -> [2,3,5]
  std::string src = R"(
func.func @f(%x: tensor<2x3x4xf32>, %w: tensor<5x4xf32>, %b: tensor<5xf32>) -> tensor<2x3x5xf32> {
  %y = sinter.linear %x, %w, %b : (tensor<2x3x4xf32>, tensor<5x4xf32>, tensor<5xf32>) -> tensor<2x3x5xf32>
  return %y : tensor<2x3x5xf32>
}
)";
  Tensor x = iotaF32({2, 3, 4}, 0.25f, -1.0f);
  Tensor w = iotaF32({5, 4}, -0.1f, 0.7f);
  Tensor b = f32({5}, {1, 2, 3, 4, 5});
  Tensor y = one(src, {x, w, b});
  std::vector<float> want;
  for (int r = 0; r < 6; ++r)
    for (int o = 0; o < 5; ++o) {
      double s = b.data<float>()[o];
      for (int p = 0; p < 4; ++p)
        s += double(x.data<float>()[r * 4 + p]) * double(w.data<float>()[o * 4 + p]);
      want.push_back(float(s));
    }
  expectF32(y, {2, 3, 5}, want, 1e-5f);
}

//===----------------------------------------------------------------------===//
// Shape ops
//===----------------------------------------------------------------------===//

TEST_F(InterpTest, Transpose2D) {
  Tensor y = one(unaryFn("transpose", "tensor<2x3xf32>", "tensor<3x2xf32>",
                         "{dim0 = 0 : i64, dim1 = 1 : i64}"),
                 {f32({2, 3}, {1, 2, 3, 4, 5, 6})});
  expectF32(y, {3, 2}, {1, 4, 2, 5, 3, 6});
}

TEST_F(InterpTest, Transpose3DNegativeDims) {
  // [2,3,4] swap dims -1 and 0 -> [4,3,2]; y[k,j,i] = x[i,j,k]
  Tensor x = iotaF32({2, 3, 4});
  Tensor y = one(unaryFn("transpose", "tensor<2x3x4xf32>",
                         "tensor<4x3x2xf32>",
                         "{dim0 = -1 : i64, dim1 = 0 : i64}"),
                 {x});
  std::vector<float> want;
  for (int k = 0; k < 4; ++k)
    for (int j = 0; j < 3; ++j)
      for (int i = 0; i < 2; ++i)
        want.push_back(float(i * 12 + j * 4 + k));
  expectF32(y, {4, 3, 2}, want, 0);
}

TEST_F(InterpTest, Permute3D) {
  // dims (2, 0, 1): y[k,i,j] = x[i,j,k]
  Tensor x = iotaF32({2, 3, 4});
  Tensor y = one(unaryFn("permute", "tensor<2x3x4xf32>", "tensor<4x2x3xf32>",
                         "{dims = array<i64: 2, 0, 1>}"),
                 {x});
  std::vector<float> want;
  for (int k = 0; k < 4; ++k)
    for (int i = 0; i < 2; ++i)
      for (int j = 0; j < 3; ++j)
        want.push_back(float(i * 12 + j * 4 + k));
  expectF32(y, {4, 2, 3}, want, 0);
}

TEST_F(InterpTest, PermuteI64WithNegativeDims) {
  // dims (1, -1, 0) of [2,3,4] -> [3,4,2]; y[j,k,i] = x[i,j,k]
  Tensor x(DType::I64, {2, 3, 4});
  for (int64_t i = 0; i < 24; ++i)
    x.data<int64_t>()[i] = i * 10;
  Tensor y = one(unaryFn("permute", "tensor<2x3x4xi64>", "tensor<3x4x2xi64>",
                         "{dims = array<i64: 1, -1, 0>}"),
                 {x});
  std::vector<int64_t> want;
  for (int j = 0; j < 3; ++j)
    for (int k = 0; k < 4; ++k)
      for (int i = 0; i < 2; ++i)
        want.push_back(10 * (i * 12 + j * 4 + k));
  expectI64(y, {3, 4, 2}, want);
}

TEST_F(InterpTest, ReshapeWithMinusOne) {
  Tensor y = one(unaryFn("reshape", "tensor<2x6xf32>", "tensor<3x4xf32>",
                         "{shape = array<i64: -1, 4>}"),
                 {iotaF32({2, 6})});
  expectF32(y, {3, 4}, valuesF32(iotaF32({12})), 0);
}

TEST_F(InterpTest, ReshapeDynamicBatch) {
  std::string src = unaryFn("reshape", "tensor<?x2x3xf32>", "tensor<?x6xf32>",
                            "{shape = array<i64: -1, 6>}");
  Tensor y = one(src, {iotaF32({3, 2, 3})});
  expectF32(y, {3, 6}, valuesF32(iotaF32({18})), 0);
}

TEST_F(InterpTest, BroadcastTo) {
  Tensor y = one(unaryFn("broadcast_to", "tensor<3xf32>", "tensor<2x3xf32>",
                         "{shape = array<i64: 2, 3>}"),
                 {f32({3}, {1, 2, 3})});
  expectF32(y, {2, 3}, {1, 2, 3, 1, 2, 3}, 0);
  // Stretching a middle 1 and keeping -1.
  Tensor z = one(unaryFn("broadcast_to", "tensor<2x1xf32>",
                         "tensor<4x2x3xf32>",
                         "{shape = array<i64: 4, -1, 3>}"),
                 {f32({2, 1}, {7, 8})});
  std::vector<float> want;
  for (int r = 0; r < 4; ++r)
    for (float v : {7.0f, 8.0f})
      for (int c = 0; c < 3; ++c)
        want.push_back(v);
  expectF32(z, {4, 2, 3}, want, 0);
}

TEST_F(InterpTest, SqueezeAllOnes) {
  Tensor y = one(unaryFn("squeeze", "tensor<1x3x1x2xf32>", "tensor<3x2xf32>"),
                 {iotaF32({1, 3, 1, 2})});
  expectF32(y, {3, 2}, {0, 1, 2, 3, 4, 5}, 0);
}

TEST_F(InterpTest, SqueezeListedDims) {
  // dims (0, 1) of [1,3,1]: dim 0 goes, dim 1 (size 3) stays, dim 2 stays.
  Tensor y = one(unaryFn("squeeze", "tensor<1x3x1xf32>", "tensor<3x1xf32>",
                         "{dims = array<i64: 0, 1>}"),
                 {f32({1, 3, 1}, {4, 5, 6})});
  expectF32(y, {3, 1}, {4, 5, 6}, 0);
  Tensor z = one(unaryFn("squeeze", "tensor<1x3x1xf32>", "tensor<1x3xf32>",
                         "{dims = array<i64: -1>}"),
                 {f32({1, 3, 1}, {4, 5, 6})});
  expectF32(z, {1, 3}, {4, 5, 6}, 0);
}

TEST_F(InterpTest, UnsqueezeNegativeDim) {
  // dim -1 of a [2,3] appends: [2,3,1]; dim -3 prepends: [1,2,3].
  Tensor x = iotaF32({2, 3});
  expectF32(one(unaryFn("unsqueeze", "tensor<2x3xf32>", "tensor<2x3x1xf32>",
                        "{dim = -1 : i64}"),
                {x}),
            {2, 3, 1}, valuesF32(x), 0);
  expectF32(one(unaryFn("unsqueeze", "tensor<2x3xf32>", "tensor<1x2x3xf32>",
                        "{dim = -3 : i64}"),
                {x}),
            {1, 2, 3}, valuesF32(x), 0);
  expectF32(one(unaryFn("unsqueeze", "tensor<2x3xf32>", "tensor<2x1x3xf32>",
                        "{dim = 1 : i64}"),
                {x}),
            {2, 1, 3}, valuesF32(x), 0);
}

TEST_F(InterpTest, ConcatThreeInputsDim1) {
  std::string src = R"(
func.func @f(%a: tensor<2x1xf32>, %b: tensor<2x2xf32>, %c: tensor<2x3xf32>) -> tensor<2x6xf32> {
  %y = sinter.concat %a, %b, %c {dim = 1 : i64} : (tensor<2x1xf32>, tensor<2x2xf32>, tensor<2x3xf32>) -> tensor<2x6xf32>
  return %y : tensor<2x6xf32>
}
)";
  Tensor y = one(src, {f32({2, 1}, {1, 2}), f32({2, 2}, {10, 11, 20, 21}),
                       f32({2, 3}, {100, 101, 102, 200, 201, 202})});
  expectF32(y, {2, 6}, {1, 10, 11, 100, 101, 102, 2, 20, 21, 200, 201, 202},
            0);
}

TEST_F(InterpTest, ConcatDim0I64AndNegativeDim) {
  std::string src = R"(
func.func @f(%a: tensor<1x2xi64>, %b: tensor<2x2xi64>) -> tensor<3x2xi64> {
  %y = sinter.concat %a, %b {dim = -2 : i64} : (tensor<1x2xi64>, tensor<2x2xi64>) -> tensor<3x2xi64>
  return %y : tensor<3x2xi64>
}
)";
  expectI64(one(src, {i64({1, 2}, {1, 2}), i64({2, 2}, {3, 4, 5, 6})}),
            {3, 2}, {1, 2, 3, 4, 5, 6});
}

TEST_F(InterpTest, SliceNegativeStartStepClampedEnd) {
  // x[:, -5:100:2] on 7 columns: indices 2, 4, 6.
  Tensor x = iotaF32({2, 7});
  Tensor y = one(unaryFn("slice", "tensor<2x7xf32>", "tensor<2x3xf32>",
                         "{dim = 1 : i64, start = -5 : i64, end = 100 : i64, "
                         "step = 2 : i64}"),
                 {x});
  expectF32(y, {2, 3}, {2, 4, 6, 9, 11, 13}, 0);
}

TEST_F(InterpTest, SliceDefaultsAndNegativeEnd) {
  // x[1:-1] on 5 rows: rows 1..3.
  Tensor x = iotaF32({5, 2});
  Tensor y = one(unaryFn("slice", "tensor<5x2xf32>", "tensor<3x2xf32>",
                         "{dim = 0 : i64, start = 1 : i64, end = -1 : i64}"),
                 {x});
  expectF32(y, {3, 2}, {2, 3, 4, 5, 6, 7}, 0);
  // x[::3] on 5 rows: rows 0 and 3.
  Tensor z = one(unaryFn("slice", "tensor<5x2xf32>", "tensor<2x2xf32>",
                         "{dim = 0 : i64, step = 3 : i64}"),
                 {x});
  expectF32(z, {2, 2}, {0, 1, 6, 7}, 0);
}

TEST_F(InterpTest, SliceMiddleDimOfRank3) {
  // x[:, 1:3, :] of [2,4,2]
  Tensor x = iotaF32({2, 4, 2});
  Tensor y = one(unaryFn("slice", "tensor<2x4x2xf32>", "tensor<2x2x2xf32>",
                         "{dim = 1 : i64, start = 1 : i64, end = 3 : i64}"),
                 {x});
  expectF32(y, {2, 2, 2}, {2, 3, 4, 5, 10, 11, 12, 13}, 0);
}

TEST_F(InterpTest, Flatten) {
  Tensor x = iotaF32({2, 3, 4});
  expectF32(one(unaryFn("flatten", "tensor<2x3x4xf32>", "tensor<2x12xf32>",
                        "{start_dim = 1 : i64}"),
                {x}),
            {2, 12}, valuesF32(x), 0);
  expectF32(one(unaryFn("flatten", "tensor<2x3x4xf32>", "tensor<6x4xf32>",
                        "{end_dim = 1 : i64}"),
                {x}),
            {6, 4}, valuesF32(x), 0);
  expectF32(one(unaryFn("flatten", "tensor<2x3x4xf32>", "tensor<24xf32>"),
                {x}),
            {24}, valuesF32(x), 0);
}

TEST_F(InterpTest, FlattenDynamicBatch) {
  std::string src = unaryFn("flatten", "tensor<?x2x2xf32>", "tensor<?x4xf32>",
                            "{start_dim = 1 : i64}");
  Tensor x = iotaF32({3, 2, 2});
  expectF32(one(src, {x}), {3, 4}, valuesF32(x), 0);
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

TEST_F(InterpTest, SumOverDims) {
  // [[1,2,3],[4,5,6]]
  Tensor x = f32({2, 3}, {1, 2, 3, 4, 5, 6});
  expectF32(one(unaryFn("sum", "tensor<2x3xf32>", "tensor<2xf32>",
                        "{dims = array<i64: 1>}"),
                {x}),
            {2}, {6, 15});
  expectF32(one(unaryFn("sum", "tensor<2x3xf32>", "tensor<3xf32>",
                        "{dims = array<i64: 0>}"),
                {x}),
            {3}, {5, 7, 9});
  expectF32(one(unaryFn("sum", "tensor<2x3xf32>", "tensor<3xf32>",
                        "{dims = array<i64: -2>}"),
                {x}),
            {3}, {5, 7, 9});
}

TEST_F(InterpTest, SumKeepdim) {
  Tensor x = f32({2, 3}, {1, 2, 3, 4, 5, 6});
  expectF32(one(unaryFn("sum", "tensor<2x3xf32>", "tensor<2x1xf32>",
                        "{dims = array<i64: -1>, keepdim = true}"),
                {x}),
            {2, 1}, {6, 15});
  expectF32(one(unaryFn("sum", "tensor<2x3xf32>", "tensor<1x1xf32>",
                        "{dims = array<i64: 0, 1>, keepdim = true}"),
                {x}),
            {1, 1}, {21});
}

TEST_F(InterpTest, SumAllDimsGivesZeroD) {
  Tensor x = f32({2, 3}, {1, 2, 3, 4, 5, 6});
  expectF32(one(unaryFn("sum", "tensor<2x3xf32>", "tensor<f32>"), {x}), {},
            {21});
  expectF32(one(unaryFn("sum", "tensor<2x3xf32>", "tensor<f32>",
                        "{dims = array<i64: 1, 0>}"),
                {x}),
            {}, {21});
}

TEST_F(InterpTest, SumOuterAndInnerDimsOfRank3) {
  // [2,3,4] over dims (0, 2) -> [3]
  Tensor x = iotaF32({2, 3, 4});
  Tensor y = one(unaryFn("sum", "tensor<2x3x4xf32>", "tensor<3xf32>",
                         "{dims = array<i64: 0, -1>}"),
                 {x});
  std::vector<float> want(3, 0);
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 3; ++j)
      for (int k = 0; k < 4; ++k)
        want[j] += float(i * 12 + j * 4 + k);
  expectF32(y, {3}, want);
}

TEST_F(InterpTest, SumI64AndI32) {
  Tensor x = i64({2, 3}, {1, -2, 3, 4000000000LL, 5, 6});
  expectI64(one(unaryFn("sum", "tensor<2x3xi64>", "tensor<3xi64>",
                        "{dims = array<i64: 0>}"),
                {x}),
            {3}, {4000000001LL, 3, 9});
  expectI64(one(unaryFn("sum", "tensor<2x3xi64>", "tensor<i64>"), {x}), {},
            {4000000013LL});
  expectI32(one(unaryFn("sum", "tensor<2x2xi32>", "tensor<2xi32>",
                        "{dims = array<i64: 1>}"),
                {i32({2, 2}, {1, 2, -3, -4})}),
            {2}, {3, -7});
}

TEST_F(InterpTest, MeanOverDims) {
  Tensor x = f32({2, 3}, {1, 2, 3, 4, 5, 9});
  expectF32(one(unaryFn("mean", "tensor<2x3xf32>", "tensor<2xf32>",
                        "{dims = array<i64: 1>}"),
                {x}),
            {2}, {2, 6});
  expectF32(one(unaryFn("mean", "tensor<2x3xf32>", "tensor<1x3xf32>",
                        "{dims = array<i64: 0>, keepdim = true}"),
                {x}),
            {1, 3}, {2.5f, 3.5f, 6});
  expectF32(one(unaryFn("mean", "tensor<2x3xf32>", "tensor<f32>"), {x}), {},
            {4});
  expectF64(one(unaryFn("mean", "tensor<3xf64>", "tensor<f64>"),
                {f64({3}, {0.1, 0.2, 0.4})}),
            {}, {0.7 / 3}, 1e-15);
}

TEST_F(InterpTest, MaxMinOverDims) {
  Tensor x = f32({2, 3}, {1, -5, 3, 4, 0, -6});
  expectF32(one(unaryFn("max", "tensor<2x3xf32>", "tensor<2xf32>",
                        "{dims = array<i64: 1>}"),
                {x}),
            {2}, {3, 4});
  expectF32(one(unaryFn("min", "tensor<2x3xf32>", "tensor<3xf32>",
                        "{dims = array<i64: 0>}"),
                {x}),
            {3}, {1, -5, -6});
  expectF32(one(unaryFn("max", "tensor<2x3xf32>", "tensor<f32>"), {x}), {},
            {4});
  expectF32(one(unaryFn("min", "tensor<2x3xf32>", "tensor<2x1xf32>",
                        "{dims = array<i64: -1>, keepdim = true}"),
                {x}),
            {2, 1}, {-5, -6});
  // All-negative row: the maximum is not 0.
  expectF32(one(unaryFn("max", "tensor<1x3xf32>", "tensor<1xf32>",
                        "{dims = array<i64: 1>}"),
                {f32({1, 3}, {-7, -2, -9})}),
            {1}, {-2});
}

TEST_F(InterpTest, MaxPropagatesNaN) {
  // torch.amax / amin propagate NaN.
  Tensor x = f32({2, 3}, {1, NAN, 3, 4, 5, 6});
  expectF32(one(unaryFn("max", "tensor<2x3xf32>", "tensor<2xf32>",
                        "{dims = array<i64: 1>}"),
                {x}),
            {2}, {NAN, 6});
  expectF32(one(unaryFn("min", "tensor<2x3xf32>", "tensor<2xf32>",
                        "{dims = array<i64: 1>}"),
                {x}),
            {2}, {NAN, 4});
}

TEST_F(InterpTest, MaxMinI64) {
  Tensor x = i64({2, 2}, {-9, 7, 3, -1});
  expectI64(one(unaryFn("max", "tensor<2x2xi64>", "tensor<2xi64>",
                        "{dims = array<i64: 0>}"),
                {x}),
            {2}, {3, 7});
  expectI64(one(unaryFn("min", "tensor<2x2xi64>", "tensor<i64>"), {x}), {},
            {-9});
}

TEST_F(InterpTest, ArgmaxAlongDimTiesPickFirst) {
  Tensor x = f32({3, 4}, {1, 5, 5, 2,   //
                          -1, -3, -1, -2, //
                          0, 0, 0, 9});
  expectI64(one(unaryFn("argmax", "tensor<3x4xf32>", "tensor<3xi64>",
                        "{dim = 1 : i64}"),
                {x}),
            {3}, {1, 0, 3});
  expectI64(one(unaryFn("argmax", "tensor<3x4xf32>", "tensor<4xi64>",
                        "{dim = 0 : i64}"),
                {x}),
            {4}, {0, 0, 0, 2});
  expectI64(one(unaryFn("argmax", "tensor<3x4xf32>", "tensor<3x1xi64>",
                        "{dim = -1 : i64, keepdim = true}"),
                {x}),
            {3, 1}, {1, 0, 3});
}

TEST_F(InterpTest, ArgmaxWithoutDimIsFlatIndex) {
  Tensor x = f32({2, 3}, {1, 8, 3, 8, 0, 2});
  expectI64(one(unaryFn("argmax", "tensor<2x3xf32>", "tensor<i64>"), {x}), {},
            {1});
  Tensor z = f32({2, 3}, {1, 2, 3, 4, 0, 7});
  expectI64(one(unaryFn("argmax", "tensor<2x3xf32>", "tensor<i64>"), {z}), {},
            {5});
}

TEST_F(InterpTest, ArgmaxI64Input) {
  expectI64(one(unaryFn("argmax", "tensor<2x3xi64>", "tensor<2xi64>",
                        "{dim = 1 : i64}"),
                {i64({2, 3}, {-5, -2, -2, 10, 11, 11})}),
            {2}, {1, 1});
}

//===----------------------------------------------------------------------===//
// Embedding and one_hot
//===----------------------------------------------------------------------===//

TEST_F(InterpTest, EmbeddingI64Indices) {
  Tensor table = f32({4, 2}, {0, 1, 10, 11, 20, 21, 30, 31});
  Tensor y = one(binaryFn("embedding", "tensor<3xi64>", "tensor<4x2xf32>",
                          "tensor<3x2xf32>"),
                 {i64({3}, {3, 0, 3}), table});
  expectF32(y, {3, 2}, {30, 31, 0, 1, 30, 31}, 0);
}

TEST_F(InterpTest, EmbeddingI32Indices2D) {
  Tensor table = f32({4, 3}, {0, 1, 2, 10, 11, 12, 20, 21, 22, 30, 31, 32});
  Tensor y = one(binaryFn("embedding", "tensor<2x2xi32>", "tensor<4x3xf32>",
                          "tensor<2x2x3xf32>"),
                 {i32({2, 2}, {1, 2, 0, 1}), table});
  expectF32(y, {2, 2, 3}, {10, 11, 12, 20, 21, 22, 0, 1, 2, 10, 11, 12}, 0);
}

TEST_F(InterpTest, EmbeddingDynamicBatchF64) {
  std::string src = binaryFn("embedding", "tensor<?x2xi64>",
                             "tensor<3x1xf64>", "tensor<?x2x1xf64>");
  Tensor y = one(src, {i64({3, 2}, {2, 1, 0, 0, 1, 2}),
                       f64({3, 1}, {0.5, 1.5, 2.5})});
  expectF64(y, {3, 2, 1}, {2.5, 1.5, 0.5, 0.5, 1.5, 2.5}, 0);
}

TEST_F(InterpTest, EmbeddingIndexOutOfRangeIsAnError) {
  std::string src = binaryFn("embedding", "tensor<3xi64>", "tensor<4x2xf32>",
                             "tensor<3x2xf32>");
  std::string d = fails(src, {i64({3}, {0, 7, 1}), iotaF32({4, 2})});
  EXPECT_CONTAINS(d, "7");
  EXPECT_CONTAINS(d, "index");
  std::string n = fails(src, {i64({3}, {0, 1, -1}), iotaF32({4, 2})});
  EXPECT_CONTAINS(n, "-1");
}

TEST_F(InterpTest, EmbeddingDenseBackwardAccumulatesDuplicates) {
  // Rows of g land on rows 3, 0, 3 of a 4-row table: row 3 gets two.
  std::string src = R"(
func.func @f(%g: tensor<3x2xf32>, %idx: tensor<3xi64>) -> tensor<4x2xf32> {
  %0 = sinter.embedding_dense_backward %g, %idx {num_weights = 4 : i64} : (tensor<3x2xf32>, tensor<3xi64>) -> tensor<4x2xf32>
  return %0 : tensor<4x2xf32>
})";
  Tensor y = one(src, {f32({3, 2}, {1, 2, 10, 20, 100, 200}),
                       i64({3}, {3, 0, 3})});
  expectF32(y, {4, 2}, {10, 20, 0, 0, 0, 0, 101, 202}, 0);
  std::string d = fails(src, {f32({3, 2}, {1, 2, 3, 4, 5, 6}),
                              i64({3}, {0, 4, 1})});
  EXPECT_CONTAINS(d, "index 4");
}

TEST_F(InterpTest, OneHot) {
  Tensor y = one(unaryFn("one_hot", "tensor<3xi64>", "tensor<3x4xi64>",
                         "{num_classes = 4 : i64}"),
                 {i64({3}, {2, 0, 3})});
  expectI64(y, {3, 4}, {0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1});
}

TEST_F(InterpTest, OneHotI32Indices2D) {
  Tensor y = one(unaryFn("one_hot", "tensor<2x1xi32>", "tensor<2x1x3xi64>",
                         "{num_classes = 3 : i64}"),
                 {i32({2, 1}, {1, 2})});
  expectI64(y, {2, 1, 3}, {0, 1, 0, 0, 0, 1});
}

TEST_F(InterpTest, OneHotOutOfRangeIsAnError) {
  std::string d = fails(unaryFn("one_hot", "tensor<2xi64>", "tensor<2x3xi64>",
                                "{num_classes = 3 : i64}"),
                        {i64({2}, {1, 3})});
  EXPECT_CONTAINS(d, "3");
}

//===----------------------------------------------------------------------===//
// Dropout
//===----------------------------------------------------------------------===//

std::string dropoutFn(const std::string &type, const std::string &p,
                      int stream) {
  return "func.func @f(%x: " + type + ", %s: tensor<i64>) -> " + type +
         " {\n  %y = sinter.dropout %x, %s {p = " + p +
         " : f64, stream = " + std::to_string(stream) + " : i64} : (" + type +
         ", tensor<i64>) -> " + type + "\n  return %y : " + type + "\n}\n";
}

TEST_F(InterpTest, DropoutPZeroIsIdentity) {
  Tensor x = iotaF32({3, 5}, 0.5f, -3.0f);
  Tensor y = one(dropoutFn("tensor<3x5xf32>", "0.0", 0), {x, seed(42)});
  expectF32(y, {3, 5}, valuesF32(x), 0);
}

TEST_F(InterpTest, DropoutPOneZeroesEverything) {
  Tensor x = iotaF32({3, 5}, 0.5f, 1.0f);
  Tensor y = one(dropoutFn("tensor<3x5xf32>", "1.0", 0), {x, seed(42)});
  expectF32(y, {3, 5}, std::vector<float>(15, 0.0f), 0);
}

TEST_F(InterpTest, DropoutHalfKeepsAboutHalfAndScales) {
  const int n = 10000;
  const uint64_t s = 1234, stream = 3;
  Tensor x = iotaF32({n}, 0.001f, 1.0f);
  Tensor y = one(dropoutFn("tensor<10000xf32>", "5.000000e-01", 3),
                 {x, seed(int64_t(s))});
  ASSERT_EQ(y.numElements(), n);
  int kept = 0;
  for (int i = 0; i < n; ++i) {
    float v = y.data<float>()[i];
    bool keeps = ::sinter::dropoutKeeps(s, stream, uint64_t(i), 0.5);
    if (keeps) {
      ++kept;
      EXPECT_NEAR(v, x.data<float>()[i] * 2.0f, 1e-5f) << "element " << i;
    } else {
      EXPECT_EQ(v, 0.0f) << "element " << i;
    }
  }
  // Binomial(10000, 0.5): sigma = 50.
  EXPECT_NEAR(kept, n / 2, 150);
}

TEST_F(InterpTest, DropoutQuarterF64MatchesF32Mask) {
  const uint64_t s = 99;
  Tensor x64(DType::F64, {1000});
  Tensor x32(DType::F32, {1000});
  for (int i = 0; i < 1000; ++i) {
    x64.data<double>()[i] = 1.0 + i;
    x32.data<float>()[i] = 1.0f + float(i);
  }
  Tensor y64 =
      one(dropoutFn("tensor<1000xf64>", "2.500000e-01", 5), {x64, seed(99)});
  Tensor y32 =
      one(dropoutFn("tensor<1000xf32>", "2.500000e-01", 5), {x32, seed(99)});
  ASSERT_EQ(y64.numElements(), 1000);
  ASSERT_EQ(y32.numElements(), 1000);
  int kept = 0;
  for (int i = 0; i < 1000; ++i) {
    bool keeps = ::sinter::dropoutKeeps(s, 5, uint64_t(i), 0.25);
    kept += keeps;
    double want = keeps ? (1.0 + i) / 0.75 : 0.0;
    EXPECT_NEAR(y64.data<double>()[i], want, 1e-12 * (1 + i));
    EXPECT_NEAR(y32.data<float>()[i], float(want), 1e-5f * (1 + i));
  }
  // Binomial(1000, 0.75): mean 750, sigma ~13.7.
  EXPECT_NEAR(kept, 750, 45);
}

TEST_F(InterpTest, DropoutSeedAndStreamDetermineTheMask) {
  Tensor x(DType::F32, {256});
  for (int i = 0; i < 256; ++i)
    x.data<float>()[i] = 1.0f;
  auto mask = [&](int64_t s, int stream) {
    Tensor y = one(dropoutFn("tensor<256xf32>", "5.000000e-01", stream),
                   {x, seed(s)});
    std::vector<bool> m;
    for (int64_t i = 0; i < y.numElements(); ++i)
      m.push_back(y.data<float>()[i] != 0.0f);
    return m;
  };
  std::vector<bool> a = mask(7, 0);
  EXPECT_EQ(a.size(), 256u);
  EXPECT_EQ(a, mask(7, 0)) << "same seed and stream, same mask";
  EXPECT_NE(a, mask(7, 1)) << "another stream, another mask";
  EXPECT_NE(a, mask(8, 0)) << "another seed, another mask";
}

//===----------------------------------------------------------------------===//
// Losses
//===----------------------------------------------------------------------===//

std::string lossFn(const std::string &op, const std::string &in,
                   const std::string &target, const std::string &res,
                   const std::string &reduction) {
  std::string attrs =
      reduction.empty() ? "" : "{reduction = #sinter.reduction<" + reduction + ">}";
  return binaryFn(op, in, target, res, attrs);
}

TEST_F(InterpTest, MseLossReductions) {
  Tensor x = f32({2, 2}, {1, 2, 3, 4});
  Tensor t = f32({2, 2}, {0, 2, 5, 3.5f});
  // squared errors: 1, 0, 4, 0.25
  expectF32(one(lossFn("mse_loss", "tensor<2x2xf32>", "tensor<2x2xf32>",
                       "tensor<f32>", ""),
                {x, t}),
            {}, {5.25f / 4});
  expectF32(one(lossFn("mse_loss", "tensor<2x2xf32>", "tensor<2x2xf32>",
                       "tensor<f32>", "mean"),
                {x, t}),
            {}, {5.25f / 4});
  expectF32(one(lossFn("mse_loss", "tensor<2x2xf32>", "tensor<2x2xf32>",
                       "tensor<f32>", "sum"),
                {x, t}),
            {}, {5.25f});
  expectF32(one(lossFn("mse_loss", "tensor<2x2xf32>", "tensor<2x2xf32>",
                       "tensor<2x2xf32>", "none"),
                {x, t}),
            {2, 2}, {1, 0, 4, 0.25f});
}

TEST_F(InterpTest, MseLossF64DynamicBatch) {
  std::string src = lossFn("mse_loss", "tensor<?x1xf64>", "tensor<?x1xf64>",
                           "tensor<f64>", "mean");
  expectF64(one(src, {f64({3, 1}, {0.1, 0.2, 0.3}), f64({3, 1}, {0, 0, 0})}),
            {}, {(0.01 + 0.04 + 0.09) / 3}, 1e-14);
}

TEST_F(InterpTest, BinaryCrossEntropyReductions) {
  Tensor p = f32({4}, {0.9f, 0.2f, 0.6f, 0.5f});
  Tensor t = f32({4}, {1, 0, 0.3f, 1});
  std::vector<double> l = {-std::log(0.9), -std::log(0.8),
                           -(0.3 * std::log(0.6) + 0.7 * std::log(0.4)),
                           -std::log(0.5)};
  double sum = l[0] + l[1] + l[2] + l[3];
  expectF32(one(lossFn("binary_cross_entropy", "tensor<4xf32>",
                       "tensor<4xf32>", "tensor<4xf32>", "none"),
                {p, t}),
            {4}, {float(l[0]), float(l[1]), float(l[2]), float(l[3])});
  expectF32(one(lossFn("binary_cross_entropy", "tensor<4xf32>",
                       "tensor<4xf32>", "tensor<f32>", "sum"),
                {p, t}),
            {}, {float(sum)});
  expectF32(one(lossFn("binary_cross_entropy", "tensor<4xf32>",
                       "tensor<4xf32>", "tensor<f32>", ""),
                {p, t}),
            {}, {float(sum / 4)});
}

TEST_F(InterpTest, BinaryCrossEntropyClampsLogAtMinus100) {
  // p = 0 or 1: each log is clamped below at -100, and 0 * -100 = 0.
  Tensor p = f32({4}, {0, 1, 0, 1});
  Tensor t = f32({4}, {0, 1, 1, 0});
  Tensor y = one(lossFn("binary_cross_entropy", "tensor<4xf32>",
                        "tensor<4xf32>", "tensor<4xf32>", "none"),
                 {p, t});
  expectF32(y, {4}, {0, 0, 100, 100});
  expectF32(one(lossFn("binary_cross_entropy", "tensor<4xf32>",
                       "tensor<4xf32>", "tensor<f32>", "mean"),
                {p, t}),
            {}, {50});
}

TEST_F(InterpTest, BinaryCrossEntropyWithLogitsStable) {
  Tensor x = f32({6}, {0, 2, -3, 100, -100, 100});
  Tensor t = f32({6}, {1, 0, 1, 0, 1, 1});
  auto ref = [](double x, double t) {
    return std::max(x, 0.0) - x * t + std::log1p(std::exp(-std::fabs(x)));
  };
  std::vector<float> want;
  double sum = 0;
  for (int i = 0; i < 6; ++i) {
    double l = ref(x.data<float>()[i], t.data<float>()[i]);
    want.push_back(float(l));
    sum += l;
  }
  // by hand: log 2, 2 + log(1+e^-2), 3 + log(1+e^-3), 100, 100, ~0
  EXPECT_NEAR(want[0], std::log(2.0f), 1e-6f);
  EXPECT_NEAR(want[3], 100.0f, 1e-4f);
  Tensor y = one(lossFn("binary_cross_entropy_with_logits", "tensor<6xf32>",
                        "tensor<6xf32>", "tensor<6xf32>", "none"),
                 {x, t});
  expectF32(y, {6}, want);
  for (float v : valuesF32(y))
    EXPECT_TRUE(std::isfinite(v));
  expectF32(one(lossFn("binary_cross_entropy_with_logits", "tensor<6xf32>",
                       "tensor<6xf32>", "tensor<f32>", "sum"),
                {x, t}),
            {}, {float(sum)});
  expectF32(one(lossFn("binary_cross_entropy_with_logits", "tensor<6xf32>",
                       "tensor<6xf32>", "tensor<f32>", "mean"),
                {x, t}),
            {}, {float(sum / 6)});
}

/// logsumexp(row) - row[target], in double.
double refCrossEntropy(const std::vector<double> &row, int64_t target) {
  double m = -INFINITY;
  for (double v : row)
    m = std::max(m, v);
  double s = 0;
  for (double v : row)
    s += std::exp(v - m);
  return m + std::log(s) - row[size_t(target)];
}

TEST_F(InterpTest, CrossEntropyI64TargetsReductions) {
  Tensor x = f32({2, 3}, {1, 2, 3, 0.5f, -1, 0});
  Tensor t = i64({2}, {2, 0});
  double l0 = refCrossEntropy({1, 2, 3}, 2);
  double l1 = refCrossEntropy({0.5, -1, 0}, 0);
  expectF32(one(lossFn("cross_entropy", "tensor<2x3xf32>", "tensor<2xi64>",
                       "tensor<f32>", ""),
                {x, t}),
            {}, {float((l0 + l1) / 2)});
  expectF32(one(lossFn("cross_entropy", "tensor<2x3xf32>", "tensor<2xi64>",
                       "tensor<f32>", "sum"),
                {x, t}),
            {}, {float(l0 + l1)});
  expectF32(one(lossFn("cross_entropy", "tensor<2x3xf32>", "tensor<2xi64>",
                       "tensor<2xf32>", "none"),
                {x, t}),
            {2}, {float(l0), float(l1)});
}

TEST_F(InterpTest, CrossEntropyI32Targets) {
  Tensor x = f32({3, 2}, {0, 0, 5, -5, -2, 2});
  Tensor t = i32({3}, {1, 1, 1});
  double l0 = std::log(2.0), l1 = refCrossEntropy({5, -5}, 1),
         l2 = refCrossEntropy({-2, 2}, 1);
  expectF32(one(lossFn("cross_entropy", "tensor<3x2xf32>", "tensor<3xi32>",
                       "tensor<3xf32>", "none"),
                {x, t}),
            {3}, {float(l0), float(l1), float(l2)});
  expectF32(one(lossFn("cross_entropy", "tensor<3x2xf32>", "tensor<3xi32>",
                       "tensor<f32>", "mean"),
                {x, t}),
            {}, {float((l0 + l1 + l2) / 3)});
}

TEST_F(InterpTest, CrossEntropyUnbatched) {
  Tensor x = f32({3}, {1, 2, 3});
  double l = refCrossEntropy({1, 2, 3}, 1);
  expectF32(one(lossFn("cross_entropy", "tensor<3xf32>", "tensor<i64>",
                       "tensor<f32>", ""),
                {x, i64({}, {1})}),
            {}, {float(l)});
  expectF32(one(lossFn("cross_entropy", "tensor<3xf32>", "tensor<i64>",
                       "tensor<f32>", "none"),
                {x, i64({}, {1})}),
            {}, {float(l)});
}

TEST_F(InterpTest, CrossEntropyStableForLargeLogits) {
  Tensor x = f32({1, 2}, {1000, 1001});
  double l = std::log(1 + std::exp(1.0)); // target 0: lse - 1000
  Tensor y = one(lossFn("cross_entropy", "tensor<1x2xf32>", "tensor<1xi64>",
                        "tensor<f32>", "sum"),
                 {x, i64({1}, {0})});
  expectF32(y, {}, {float(l)}, 1e-5f);
}

TEST_F(InterpTest, CrossEntropyF64DynamicBatch) {
  std::string src = lossFn("cross_entropy", "tensor<?x2xf64>",
                           "tensor<?xi64>", "tensor<f64>", "mean");
  Tensor x = f64({2, 2}, {0.3, -0.2, 1.0, 2.0});
  double l = (refCrossEntropy({0.3, -0.2}, 0) + refCrossEntropy({1, 2}, 1)) / 2;
  expectF64(one(src, {x, i64({2}, {0, 1})}), {}, {l}, 1e-14);
}

TEST_F(InterpTest, CrossEntropyTargetOutOfRangeIsAnError) {
  std::string src = lossFn("cross_entropy", "tensor<2x3xf32>",
                           "tensor<2xi64>", "tensor<f32>", "");
  std::string d =
      fails(src, {f32({2, 3}, {0, 0, 0, 0, 0, 0}), i64({2}, {0, 3})});
  EXPECT_CONTAINS(d, "3");
  EXPECT_CONTAINS(d, "target");
  fails(src, {f32({2, 3}, {0, 0, 0, 0, 0, 0}), i64({2}, {-1, 0})});
}

TEST_F(InterpTest, NllLossReductions) {
  Tensor x = f32({3, 3}, {-0.1f, -2, -3, -1, -0.5f, -4, -2, -2, -0.2f});
  Tensor t = i64({3}, {0, 1, 2});
  expectF32(one(lossFn("nll_loss", "tensor<3x3xf32>", "tensor<3xi64>",
                       "tensor<3xf32>", "none"),
                {x, t}),
            {3}, {0.1f, 0.5f, 0.2f});
  expectF32(one(lossFn("nll_loss", "tensor<3x3xf32>", "tensor<3xi64>",
                       "tensor<f32>", "sum"),
                {x, t}),
            {}, {0.8f});
  expectF32(one(lossFn("nll_loss", "tensor<3x3xf32>", "tensor<3xi64>",
                       "tensor<f32>", ""),
                {x, t}),
            {}, {0.8f / 3});
}

TEST_F(InterpTest, NllLossI32TargetsAndError) {
  std::string src = lossFn("nll_loss", "tensor<2x2xf32>", "tensor<2xi32>",
                           "tensor<f32>", "sum");
  expectF32(one(src, {f32({2, 2}, {1, 2, 3, 4}), i32({2}, {1, 0})}), {},
            {-5});
  std::string d = fails(src, {f32({2, 2}, {1, 2, 3, 4}), i32({2}, {1, 2})});
  EXPECT_CONTAINS(d, "2");
}

TEST_F(InterpTest, NllLossOfLogSoftmaxEqualsCrossEntropy) {
  std::string src = R"(
func.func @f(%x: tensor<2x4xf32>, %t: tensor<2xi64>) -> (tensor<f32>, tensor<f32>) {
  %lp = sinter.log_softmax %x {dim = 1 : i64} : (tensor<2x4xf32>) -> tensor<2x4xf32>
  %a = sinter.nll_loss %lp, %t : (tensor<2x4xf32>, tensor<2xi64>) -> tensor<f32>
  %b = sinter.cross_entropy %x, %t : (tensor<2x4xf32>, tensor<2xi64>) -> tensor<f32>
  return %a, %b : tensor<f32>, tensor<f32>
}
)";
  std::vector<Tensor> r = ok(src, {iotaF32({2, 4}, 0.3f, -1), i64({2}, {3, 1})});
  ASSERT_EQ(r.size(), 2u);
  double want = (refCrossEntropy({-1, -0.7, -0.4, -0.1}, 3) +
                 refCrossEntropy({0.2, 0.5, 0.8, 1.1}, 1)) /
                2;
  expectF32(r[0], {}, {float(want)});
  expectF32(r[1], {}, {float(want)});
}

//===----------------------------------------------------------------------===//
// Random numbers
//===----------------------------------------------------------------------===//

TEST(PhiloxTest, KnownAnswerVectors) {
  // Random123's kat_vectors for philox4x32_10.
  ::sinter::PhiloxWords zero = ::sinter::philox4x32_10({0, 0, 0, 0}, {0, 0});
  EXPECT_EQ(zero, (::sinter::PhiloxWords{0x6627e8d5u, 0xe169c58du,
                                         0xbc57ac4cu, 0x9b00dbd8u}));
  ::sinter::PhiloxWords ones = ::sinter::philox4x32_10(
      {0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu},
      {0xffffffffu, 0xffffffffu});
  EXPECT_EQ(ones, (::sinter::PhiloxWords{0x408f276du, 0x41c83b0eu,
                                         0xa20bc7c6u, 0x6d5451fdu}));
  ::sinter::PhiloxWords pi = ::sinter::philox4x32_10(
      {0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u},
      {0xa4093822u, 0x299f31d0u});
  EXPECT_EQ(pi, (::sinter::PhiloxWords{0xd16cfe09u, 0x94fdccebu, 0x5001e420u,
                                       0x24126ea1u}));
}

TEST(PhiloxTest, ElementCounterLayout) {
  // counter (lo32(i), hi32(i), lo32(stream), hi32(stream)), key (lo, hi seed)
  uint64_t seed = 0x0123456789abcdefULL, stream = 0xfedcba9876543210ULL,
           index = 0x1122334455667788ULL;
  EXPECT_EQ(::sinter::philoxForElement(seed, stream, index),
            ::sinter::philox4x32_10({0x55667788u, 0x11223344u, 0x76543210u,
                                     0xfedcba98u},
                                    {0x89abcdefu, 0x01234567u}));
}

std::string randomFn(const std::string &op, const std::string &shapeList,
                     const std::string &type, const std::string &dtype,
                     const std::string &extra) {
  return "func.func @f(%s: tensor<i64>) -> " + type + " {\n  %y = sinter." +
         op + " %s {shape = array<i64" +
         (shapeList.empty() ? "" : ": " + shapeList) + ">, dtype = " + dtype +
         extra + "} : (tensor<i64>) -> " + type + "\n  return %y : " + type +
         "\n}\n";
}

TEST_F(InterpTest, UniformMatchesPhiloxDefinition) {
  Tensor y = one(randomFn("uniform", "3, 5", "tensor<3x5xf32>", "f32",
                          ", low = -2.0 : f64, high = 3.0 : f64, "
                          "stream = 7 : i64"),
                 {seed(2024)});
  ASSERT_EQ(y.numElements(), 15);
  EXPECT_TENSOR_META(y, DType::F32, ({3, 5}));
  for (int i = 0; i < 15; ++i) {
    float v = y.data<float>()[i];
    EXPECT_EQ(v, ::sinter::uniformF32(2024, 7, uint64_t(i), -2.0, 3.0))
        << "element " << i;
    EXPECT_GE(v, -2.0f);
    EXPECT_LT(v, 3.0f);
  }
}

TEST_F(InterpTest, UniformByHandFromPhiloxWords) {
  // Element 0 of seed 0, stream 0 is counter 0, key 0: w0 = 0x6627e8d5, so
  // u = (0x6627e8d5 >> 8) * 2^-24 = 0x6627e8 / 2^24.
  Tensor y = one(randomFn("uniform", "1", "tensor<1xf32>", "f32", ""),
                 {seed(0)});
  expectF32(y, {1}, {float(0x6627e8) / 16777216.0f}, 0);
}

TEST_F(InterpTest, UniformUsesHighSeedBits) {
  int64_t big = (int64_t(5) << 32) | 17;
  Tensor a = one(randomFn("uniform", "8", "tensor<8xf32>", "f32", ""),
                 {seed(big)});
  Tensor b = one(randomFn("uniform", "8", "tensor<8xf32>", "f32", ""),
                 {seed(17)});
  ASSERT_EQ(a.numElements(), 8);
  ASSERT_EQ(b.numElements(), 8);
  for (int i = 0; i < 8; ++i)
    EXPECT_EQ(a.data<float>()[i],
              ::sinter::uniformF32(uint64_t(big), 0, uint64_t(i), 0, 1));
  EXPECT_NE(valuesF32(a), valuesF32(b));
}

TEST_F(InterpTest, UniformStatistics) {
  const int n = 20000;
  Tensor y = one(randomFn("uniform", "20000", "tensor<20000xf32>", "f32",
                          ", stream = 1 : i64"),
                 {seed(31337)});
  ASSERT_EQ(y.numElements(), n);
  double sum = 0, sq = 0;
  for (int i = 0; i < n; ++i) {
    double v = y.data<float>()[i];
    ASSERT_GE(v, 0.0);
    ASSERT_LT(v, 1.0);
    sum += v;
    sq += v * v;
  }
  double mean = sum / n, var = sq / n - mean * mean;
  // sd of the mean: sqrt(1/12/n) ~ 0.002; of the variance ~ 0.0005.
  EXPECT_NEAR(mean, 0.5, 0.01);
  EXPECT_NEAR(var, 1.0 / 12, 0.003);
}

TEST_F(InterpTest, UniformF64MatchesDefinition) {
  Tensor y = one(randomFn("uniform", "2, 3", "tensor<2x3xf64>", "f64",
                          ", low = 1.0 : f64, high = 2.0 : f64, "
                          "stream = 2 : i64"),
                 {seed(77)});
  ASSERT_EQ(y.numElements(), 6);
  EXPECT_EQ(y.dtype(), DType::F64);
  for (int i = 0; i < 6; ++i) {
    double v = y.data<double>()[i];
    EXPECT_EQ(v, ::sinter::uniformF64(77, 2, uint64_t(i), 1.0, 2.0));
    EXPECT_GE(v, 1.0);
    EXPECT_LT(v, 2.0);
  }
}

TEST_F(InterpTest, NormalMatchesDefinitionAndStatistics) {
  const int n = 20000;
  Tensor y = one(randomFn("normal", "100, 200", "tensor<100x200xf32>", "f32",
                          ", mean = 2.0 : f64, std = 3.0 : f64, "
                          "stream = 4 : i64"),
                 {seed(5)});
  ASSERT_EQ(y.numElements(), n);
  double sum = 0, sq = 0;
  for (int i = 0; i < n; ++i) {
    float v = y.data<float>()[i];
    if (i < 64) {
      EXPECT_EQ(v, ::sinter::normalF32(5, 4, uint64_t(i), 2.0, 3.0))
          << "element " << i;
    }
    ASSERT_TRUE(std::isfinite(v));
    sum += v;
    sq += double(v) * v;
  }
  double mean = sum / n, var = sq / n - mean * mean;
  // sd of the mean: 3/sqrt(n) ~ 0.021; of the variance: 9*sqrt(2/n) ~ 0.09.
  EXPECT_NEAR(mean, 2.0, 0.1);
  EXPECT_NEAR(var, 9.0, 0.45);
}

TEST_F(InterpTest, NormalF64StandardStatistics) {
  const int n = 20000;
  Tensor y = one(randomFn("normal", "20000", "tensor<20000xf64>", "f64", ""),
                 {seed(123456789)});
  ASSERT_EQ(y.numElements(), n);
  EXPECT_EQ(y.dtype(), DType::F64);
  double sum = 0, sq = 0;
  for (int i = 0; i < n; ++i) {
    double v = y.data<double>()[i];
    if (i < 64) {
      EXPECT_EQ(v, ::sinter::normalF64(123456789, 0, uint64_t(i), 0.0, 1.0));
    }
    sum += v;
    sq += v * v;
  }
  double mean = sum / n, var = sq / n - mean * mean;
  EXPECT_NEAR(mean, 0.0, 0.03);
  EXPECT_NEAR(var, 1.0, 0.05);
}

TEST_F(InterpTest, RandomStreamsDiffer) {
  Tensor a = one(randomFn("normal", "16", "tensor<16xf32>", "f32",
                          ", stream = 1 : i64"),
                 {seed(9)});
  Tensor b = one(randomFn("normal", "16", "tensor<16xf32>", "f32",
                          ", stream = 2 : i64"),
                 {seed(9)});
  Tensor c = one(randomFn("normal", "16", "tensor<16xf32>", "f32",
                          ", stream = 1 : i64"),
                 {seed(9)});
  EXPECT_NE(valuesF32(a), valuesF32(b));
  EXPECT_EQ(valuesF32(a), valuesF32(c));
}

//===----------------------------------------------------------------------===//
// Constants
//===----------------------------------------------------------------------===//

std::string constantFn(const std::string &attr, const std::string &type) {
  return "func.func @f() -> " + type + " {\n  %c = sinter.constant " + attr +
         " : " + type + "\n  return %c : " + type + "\n}\n";
}

TEST_F(InterpTest, ConstantDenseF32) {
  expectF32(one(constantFn("dense<[[1.0, 2.5], [-3.0, 4.0]]>",
                           "tensor<2x2xf32>"),
                {}),
            {2, 2}, {1, 2.5f, -3, 4}, 0);
}

TEST_F(InterpTest, ConstantSplatAndZeroD) {
  expectF32(one(constantFn("dense<2.5>", "tensor<2x3xf32>"), {}), {2, 3},
            std::vector<float>(6, 2.5f), 0);
  expectF64(one(constantFn("dense<0.1>", "tensor<f64>"), {}), {}, {0.1}, 0);
}

TEST_F(InterpTest, ConstantIntegersAndBool) {
  expectI64(one(constantFn("dense<[1, -2, 5000000000]>", "tensor<3xi64>"), {}),
            {3}, {1, -2, 5000000000LL});
  expectI32(one(constantFn("dense<[7, -8]>", "tensor<2xi32>"), {}), {2},
            {7, -8});
  expectI1(one(constantFn("dense<[true, false, true]>", "tensor<3xi1>"), {}),
           {3}, {1, 0, 1});
  expectI1(one(constantFn("dense<true>", "tensor<2x2xi1>"), {}), {2, 2},
           {1, 1, 1, 1});
}

TEST_F(InterpTest, FullFloatAndInt) {
  expectF32(one("func.func @f() -> tensor<2x3xf32> {\n"
                "  %c = sinter.full {shape = array<i64: 2, 3>, value = 1.5 : "
                "f32} : () -> tensor<2x3xf32>\n"
                "  return %c : tensor<2x3xf32>\n}\n",
                {}),
            {2, 3}, std::vector<float>(6, 1.5f), 0);
  expectI64(one("func.func @f() -> tensor<4xi64> {\n"
                "  %c = sinter.full {shape = array<i64: 4>, value = -7 : i64} "
                ": () -> tensor<4xi64>\n"
                "  return %c : tensor<4xi64>\n}\n",
                {}),
            {4}, {-7, -7, -7, -7});
  expectF64(one("func.func @f() -> tensor<f64> {\n"
                "  %c = sinter.full {shape = array<i64>, value = 0.25 : f64} "
                ": () -> tensor<f64>\n"
                "  return %c : tensor<f64>\n}\n",
                {}),
            {}, {0.25}, 0);
}

//===----------------------------------------------------------------------===//
// Functions
//===----------------------------------------------------------------------===//

TEST_F(InterpTest, DynamicBatchRunsOnSeveralSizes) {
  // y = relu(x W^T + b) with x: [?, 3], W: [2, 3], b: [2]
  std::string src = R"(
func.func @f(%x: tensor<?x3xf32>, %w: tensor<2x3xf32>, %b: tensor<2xf32>) -> tensor<?x2xf32> {
  %h = sinter.linear %x, %w, %b : (tensor<?x3xf32>, tensor<2x3xf32>, tensor<2xf32>) -> tensor<?x2xf32>
  %y = sinter.relu %h : (tensor<?x2xf32>) -> tensor<?x2xf32>
  return %y : tensor<?x2xf32>
}
)";
  Tensor w = f32({2, 3}, {1, -1, 0.5f, -2, 0, 1});
  Tensor b = f32({2}, {0.5f, -1});
  for (int64_t n : {1, 2, 5}) {
    SCOPED_TRACE("batch " + std::to_string(n));
    Tensor x = iotaF32({n, 3}, 0.5f, -2.0f);
    std::vector<float> want;
    for (int64_t r = 0; r < n; ++r)
      for (int o = 0; o < 2; ++o) {
        float s = b.data<float>()[o];
        for (int k = 0; k < 3; ++k)
          s += x.data<float>()[r * 3 + k] * w.data<float>()[o * 3 + k];
        want.push_back(std::max(s, 0.0f));
      }
    expectF32(one(src, {x, w, b}), {n, 2}, want);
  }
}

TEST_F(InterpTest, DynamicBatchReductionAndBroadcast) {
  // Centre each column: x - mean(x, 0, keepdim)
  std::string src = R"(
func.func @f(%x: tensor<?x2xf32>) -> tensor<?x2xf32> {
  %m = sinter.mean %x {dims = array<i64: 0>, keepdim = true} : (tensor<?x2xf32>) -> tensor<1x2xf32>
  %y = sinter.sub %x, %m : (tensor<?x2xf32>, tensor<1x2xf32>) -> tensor<?x2xf32>
  return %y : tensor<?x2xf32>
}
)";
  expectF32(one(src, {f32({3, 2}, {1, 10, 2, 20, 3, 60})}), {3, 2},
            {-1, -20, 0, -10, 1, 30});
  expectF32(one(src, {f32({1, 2}, {4, 5})}), {1, 2}, {0, 0});
}

TEST_F(InterpTest, FuncCallToAnotherFunction) {
  std::string src = R"(
func.func @square(%x: tensor<3xf32>) -> tensor<3xf32> {
  %y = sinter.mul %x, %x : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %y : tensor<3xf32>
}
func.func @f(%x: tensor<3xf32>) -> tensor<3xf32> {
  %s = call @square(%x) : (tensor<3xf32>) -> tensor<3xf32>
  %t = call @square(%s) : (tensor<3xf32>) -> tensor<3xf32>
  %y = sinter.add %t, %x : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %y : tensor<3xf32>
}
)";
  // x^4 + x
  expectF32(one(src, {f32({3}, {1, 2, -3})}), {3}, {2, 18, 78});
  // The callee also runs on its own.
  expectF32(one(src, {f32({3}, {1, 2, -3})}, "square"), {3}, {1, 4, 9});
}

TEST_F(InterpTest, FuncCallWithDynamicShapesAndTwoResults) {
  std::string src = R"(
func.func @split(%x: tensor<?x2xf32>) -> (tensor<?xf32>, tensor<?xf32>) {
  %s = sinter.sum %x {dims = array<i64: 1>} : (tensor<?x2xf32>) -> tensor<?xf32>
  %m = sinter.max %x {dims = array<i64: 1>} : (tensor<?x2xf32>) -> tensor<?xf32>
  return %s, %m : tensor<?xf32>, tensor<?xf32>
}
func.func @f(%x: tensor<?x2xf32>) -> tensor<?xf32> {
  %s, %m = call @split(%x) : (tensor<?x2xf32>) -> (tensor<?xf32>, tensor<?xf32>)
  %y = sinter.sub %s, %m : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  return %y : tensor<?xf32>
}
)";
  // sum - max = min of each row of two
  expectF32(one(src, {f32({3, 2}, {1, 5, -2, -7, 4, 4})}), {3}, {1, -7, 4});
}

TEST_F(InterpTest, MultipleResultsInOrder) {
  std::string src = R"(
func.func @f(%x: tensor<2xf32>, %n: tensor<2xi64>) -> (tensor<2xf32>, tensor<2xi64>, tensor<2xf32>, tensor<f32>) {
  %y = sinter.neg %x : (tensor<2xf32>) -> tensor<2xf32>
  %s = sinter.sum %x : (tensor<2xf32>) -> tensor<f32>
  return %y, %n, %x, %s : tensor<2xf32>, tensor<2xi64>, tensor<2xf32>, tensor<f32>
}
)";
  std::vector<Tensor> r = ok(src, {f32({2}, {1.5f, -2}), i64({2}, {3, 4})});
  ASSERT_EQ(r.size(), 4u);
  expectF32(r[0], {2}, {-1.5f, 2}, 0);
  expectI64(r[1], {2}, {3, 4});
  expectF32(r[2], {2}, {1.5f, -2}, 0);
  expectF32(r[3], {}, {-0.5f}, 0);
}

TEST_F(InterpTest, ArgumentsAreNotModified) {
  std::string src = unaryFn("neg", "tensor<3xf32>", "tensor<3xf32>");
  Tensor x = f32({3}, {1, 2, 3});
  Tensor copy = x;
  one(src, {x});
  EXPECT_TRUE(x.identical(copy));
}

TEST_F(InterpTest, SmallMlpForwardAndLoss) {
  // A two-layer network and its cross-entropy, checked by hand.
  std::string src = R"(
func.func @f(%x: tensor<?x2xf32>, %w1: tensor<2x2xf32>, %w2: tensor<2x2xf32>, %t: tensor<?xi64>) -> tensor<f32> {
  %h = sinter.linear %x, %w1 : (tensor<?x2xf32>, tensor<2x2xf32>) -> tensor<?x2xf32>
  %a = sinter.relu %h : (tensor<?x2xf32>) -> tensor<?x2xf32>
  %z = sinter.linear %a, %w2 : (tensor<?x2xf32>, tensor<2x2xf32>) -> tensor<?x2xf32>
  %l = sinter.cross_entropy %z, %t : (tensor<?x2xf32>, tensor<?xi64>) -> tensor<f32>
  return %l : tensor<f32>
}
)";
  // x = [[1, 2]], w1 = I -> h = [1, 2]; w2 = [[1, 0], [0, 0]] -> z = [1, 0]
  // target 1: lse(1, 0) - 0 = log(1 + e)
  Tensor y = one(src, {f32({1, 2}, {1, 2}), f32({2, 2}, {1, 0, 0, 1}),
                       f32({2, 2}, {1, 0, 0, 0}), i64({1}, {1})});
  expectF32(y, {}, {float(std::log(1 + std::exp(1.0)))});
}

//===----------------------------------------------------------------------===//
// Errors
//===----------------------------------------------------------------------===//

TEST_F(InterpTest, WrongNumberOfArguments) {
  std::string src =
      binaryFn("add", "tensor<2xf32>", "tensor<2xf32>", "tensor<2xf32>");
  std::string d = fails(src, {f32({2}, {1, 2})});
  EXPECT_CONTAINS(d, "2 arguments");
  EXPECT_CONTAINS(d, "got 1");
  fails(src, {f32({2}, {1, 2}), f32({2}, {1, 2}), f32({2}, {1, 2})});
}

TEST_F(InterpTest, ArgumentDTypeMismatchNamesTheArgument) {
  std::string src = R"(
func.func @f(%x: tensor<2xf32> {sinter.name = "x"}) -> tensor<2xf32> {
  %y = sinter.neg %x : (tensor<2xf32>) -> tensor<2xf32>
  return %y : tensor<2xf32>
}
)";
  std::string d = fails(src, {i64({2}, {1, 2})});
  EXPECT_CONTAINS(d, "'x'");
  EXPECT_CONTAINS(d, "tensor<2xf32>");
  EXPECT_CONTAINS(d, "int64");
}

TEST_F(InterpTest, ArgumentMismatchUnnamedIsArgN) {
  std::string src =
      binaryFn("add", "tensor<2xf32>", "tensor<2xf32>", "tensor<2xf32>");
  EXPECT_CONTAINS(fails(src, {f64({2}, {1, 2}), f32({2}, {1, 2})}), "arg0");
  EXPECT_CONTAINS(fails(src, {f32({2}, {1, 2}), f64({2}, {1, 2})}), "arg1");
}

TEST_F(InterpTest, StaticDimMismatch) {
  std::string src = unaryFn("neg", "tensor<2x3xf32>", "tensor<2x3xf32>");
  std::string d = fails(src, {iotaF32({2, 4})});
  EXPECT_CONTAINS(d, "arg0");
  EXPECT_CONTAINS(d, "tensor<2x3xf32>");
  EXPECT_CONTAINS(d, "[2, 4]");
  // Rank mismatch too.
  fails(src, {iotaF32({6})});
}

TEST_F(InterpTest, DynamicDimStillChecksStaticOnes) {
  std::string src = unaryFn("neg", "tensor<?x3xf32>", "tensor<?x3xf32>");
  expectF32(one(src, {f32({1, 3}, {1, 2, 3})}), {1, 3}, {-1, -2, -3}, 0);
  fails(src, {iotaF32({3, 2})});
}

TEST_F(InterpTest, DynamicBatchesThatDisagreeAtRunTime) {
  std::string src =
      binaryFn("add", "tensor<?x3xf32>", "tensor<?x3xf32>", "tensor<?x3xf32>");
  // Equal batches, or a batch of 1, broadcast fine.
  expectF32(one(src, {iotaF32({2, 3}), iotaF32({2, 3})}), {2, 3},
            {0, 2, 4, 6, 8, 10}, 0);
  expectF32(one(src, {iotaF32({2, 3}), f32({1, 3}, {1, 1, 1})}), {2, 3},
            {1, 2, 3, 4, 5, 6}, 0);
  std::string d = fails(src, {iotaF32({2, 3}), iotaF32({3, 3})});
  EXPECT_CONTAINS(d, "do not broadcast");
  EXPECT_CONTAINS(d, "[2, 3]");
  EXPECT_CONTAINS(d, "[3, 3]");
}

TEST_F(InterpTest, DynamicBatchLossMismatch) {
  std::string src = lossFn("cross_entropy", "tensor<?x2xf32>",
                           "tensor<?xi64>", "tensor<f32>", "");
  std::string d = fails(src, {iotaF32({2, 2}), i64({3}, {0, 1, 0})});
  EXPECT_CONTAINS(d, "batch sizes differ");
  std::string m = fails(lossFn("mse_loss", "tensor<?x2xf32>",
                               "tensor<?x2xf32>", "tensor<f32>", "sum"),
                        {iotaF32({2, 2}), iotaF32({3, 2})});
  EXPECT_CONTAINS(m, "shapes differ");
}

TEST_F(InterpTest, DynamicReshapeThatDoesNotDivide) {
  std::string src = unaryFn("reshape", "tensor<?x4xf32>", "tensor<?x3xf32>",
                            "{shape = array<i64: -1, 3>}");
  expectF32(one(src, {iotaF32({3, 4})}), {4, 3}, valuesF32(iotaF32({12})), 0);
  std::string d = fails(src, {iotaF32({2, 4})});
  EXPECT_CONTAINS(d, "8");
}

TEST_F(InterpTest, ErrorInsideCalleeIsReported) {
  std::string src = R"(
func.func @g(%i: tensor<1xi64>, %w: tensor<2x2xf32>) -> tensor<1x2xf32> {
  %e = sinter.embedding %i, %w : (tensor<1xi64>, tensor<2x2xf32>) -> tensor<1x2xf32>
  return %e : tensor<1x2xf32>
}
func.func @f(%i: tensor<1xi64>, %w: tensor<2x2xf32>) -> tensor<1x2xf32> {
  %e = call @g(%i, %w) : (tensor<1xi64>, tensor<2x2xf32>) -> tensor<1x2xf32>
  return %e : tensor<1x2xf32>
}
)";
  expectF32(one(src, {i64({1}, {1}), iotaF32({2, 2})}), {1, 2}, {2, 3}, 0);
  std::string d = fails(src, {i64({1}, {5}), iotaF32({2, 2})});
  EXPECT_CONTAINS(d, "5");
}

//===----------------------------------------------------------------------===//
// Edge cases: infinities, empty and 0-d tensors, wrapping casts
//===----------------------------------------------------------------------===//

TEST_F(InterpTest, ExpOverflowsToInfAndSigmoidOfInfinities) {
  float inf = std::numeric_limits<float>::infinity();
  expectF32(one(unaryFn("exp", "tensor<3xf32>", "tensor<3xf32>"),
                {f32({3}, {100, -200, -inf})}),
            {3}, {inf, 0, 0});
  expectF32(one(unaryFn("sigmoid", "tensor<3xf32>", "tensor<3xf32>"),
                {f32({3}, {inf, -inf, NAN})}),
            {3}, {1, 0, NAN});
  expectF32(one(unaryFn("tanh", "tensor<2xf32>", "tensor<2xf32>"),
                {f32({2}, {inf, -inf})}),
            {2}, {1, -1});
}

TEST_F(InterpTest, PowZeroExponentIsOne) {
  // torch.pow(x, 0) is 1 everywhere, 0 and NaN included.
  expectF32(one(unaryFn("pow", "tensor<4xf32>", "tensor<4xf32>",
                        "{exponent = 0.0 : f64}"),
                {f32({4}, {0, -3, NAN, 5})}),
            {4}, {1, 1, 1, 1});
}

TEST_F(InterpTest, SoftmaxWithMinusInfinity) {
  float inf = std::numeric_limits<float>::infinity();
  expectF32(one(unaryFn("softmax", "tensor<3xf32>", "tensor<3xf32>",
                        "{dim = 0 : i64}"),
                {f32({3}, {-inf, 0, 0})}),
            {3}, {0, 0.5f, 0.5f});
  expectF32(one(unaryFn("log_softmax", "tensor<2xf32>", "tensor<2xf32>",
                        "{dim = 0 : i64}"),
                {f32({2}, {-inf, 0})}),
            {2}, {-inf, 0});
}

TEST_F(InterpTest, SoftmaxAlongDimOfSizeOne) {
  expectF32(one(unaryFn("softmax", "tensor<3x1xf32>", "tensor<3x1xf32>",
                        "{dim = 1 : i64}"),
                {f32({3, 1}, {-5, 0, 1000})}),
            {3, 1}, {1, 1, 1});
  expectF32(one(unaryFn("log_softmax", "tensor<3x1xf32>", "tensor<3x1xf32>",
                        "{dim = 1 : i64}"),
                {f32({3, 1}, {-5, 0, 1000})}),
            {3, 1}, {0, 0, 0});
}

TEST_F(InterpTest, CastI64ToI32Wraps) {
  // Tensor.to(torch.int32) keeps the low 32 bits.
  expectI32(one(unaryFn("cast", "tensor<3xi64>", "tensor<3xi32>",
                        "{dtype = i32}"),
                {i64({3}, {4294967297LL, -1, 2147483648LL})}),
            {3}, {1, -1, -2147483647 - 1});
}

TEST_F(InterpTest, CastF64ToF32Rounds) {
  expectF32(one(unaryFn("cast", "tensor<2xf64>", "tensor<2xf32>",
                        "{dtype = f32}"),
                {f64({2}, {0.1, 1e300})}),
            {2}, {0.1f, std::numeric_limits<float>::infinity()}, 0);
}

TEST_F(InterpTest, ZeroDOperandsEverywhere) {
  // 0-d with 0-d, a reduction of a 0-d, and a 0-d through a call chain.
  expectF32(one(binaryFn("mul", "tensor<f32>", "tensor<f32>", "tensor<f32>"),
                {f32({}, {3}), f32({}, {-4})}),
            {}, {-12});
  expectF32(one(unaryFn("sum", "tensor<f32>", "tensor<f32>"), {f32({}, {7})}),
            {}, {7});
  expectI64(one(unaryFn("argmax", "tensor<f32>", "tensor<i64>"),
                {f32({}, {7})}),
            {}, {0});
  expectF32(one(unaryFn("flatten", "tensor<f32>", "tensor<1xf32>"),
                {f32({}, {7})}),
            {1}, {7});
  expectF32(one(unaryFn("reshape", "tensor<1x1xf32>", "tensor<f32>",
                        "{shape = array<i64>}"),
                {f32({1, 1}, {9})}),
            {}, {9});
}

TEST_F(InterpTest, EmptySliceAndEmptyReductions) {
  // x[:, 3:1] is empty; sums over an empty dimension are 0 (torch.sum).
  std::string src = R"(
func.func @f(%x: tensor<2x4xf32>) -> (tensor<2x0xf32>, tensor<2xf32>) {
  %e = sinter.slice %x {dim = 1 : i64, start = 3 : i64, end = 1 : i64} : (tensor<2x4xf32>) -> tensor<2x0xf32>
  %s = sinter.sum %e {dims = array<i64: 1>} : (tensor<2x0xf32>) -> tensor<2xf32>
  return %e, %s : tensor<2x0xf32>, tensor<2xf32>
}
)";
  std::vector<Tensor> r = ok(src, {iotaF32({2, 4})});
  ASSERT_EQ(r.size(), 2u);
  expectF32(r[0], {2, 0}, {});
  expectF32(r[1], {2}, {0, 0});
}

TEST_F(InterpTest, SliceStartPastEndOfDimIsEmpty) {
  expectF32(one(unaryFn("slice", "tensor<3xf32>", "tensor<0xf32>",
                        "{dim = 0 : i64, start = 5 : i64}"),
                {f32({3}, {1, 2, 3})}),
            {0}, {});
  // A start below -size clamps to 0.
  expectF32(one(unaryFn("slice", "tensor<3xf32>", "tensor<2xf32>",
                        "{dim = 0 : i64, start = -10 : i64, end = 2 : i64}"),
                {f32({3}, {1, 2, 3})}),
            {2}, {1, 2});
}

TEST_F(InterpTest, SumKeepdimAllDims) {
  expectF32(one(unaryFn("sum", "tensor<2x3xf32>", "tensor<1x1xf32>",
                        "{keepdim = true}"),
                {iotaF32({2, 3})}),
            {1, 1}, {15});
  expectI64(one(unaryFn("argmax", "tensor<2x3xf32>", "tensor<1x1xi64>",
                        "{keepdim = true}"),
                {f32({2, 3}, {0, 0, 0, 0, 5, 0})}),
            {1, 1}, {4});
}

TEST_F(InterpTest, LinearOneDimensionalInput) {
  // F.linear on a vector: [in] x [out, in]^T + [out] -> [out]
  std::string src = R"(
func.func @f(%x: tensor<3xf32>, %w: tensor<2x3xf32>, %b: tensor<2xf32>) -> tensor<2xf32> {
  %y = sinter.linear %x, %w, %b : (tensor<3xf32>, tensor<2x3xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %y : tensor<2xf32>
}
)";
  expectF32(one(src, {f32({3}, {1, 2, 3}), f32({2, 3}, {1, 1, 1, 0, -1, 2}),
                      f32({2}, {0.5f, 0})}),
            {2}, {6.5f, 4});
}

TEST_F(InterpTest, EmbeddingAndOneHotOfZeroDIndex) {
  expectF32(one(binaryFn("embedding", "tensor<i64>", "tensor<3x2xf32>",
                         "tensor<2xf32>"),
                {i64({}, {2}), iotaF32({3, 2})}),
            {2}, {4, 5}, 0);
  expectI64(one(unaryFn("one_hot", "tensor<i32>", "tensor<3xi64>",
                        "{num_classes = 3 : i64}"),
                {i32({}, {0})}),
            {3}, {1, 0, 0});
}

TEST_F(InterpTest, WhereOnI1AndI64Values) {
  std::string src = R"(
func.func @f(%c: tensor<3xi1>, %a: tensor<3xi1>, %b: tensor<3xi1>) -> tensor<3xi1> {
  %y = sinter.where %c, %a, %b : (tensor<3xi1>, tensor<3xi1>, tensor<3xi1>) -> tensor<3xi1>
  return %y : tensor<3xi1>
}
)";
  expectI1(one(src, {i1({3}, {1, 0, 1}), i1({3}, {1, 1, 0}),
                     i1({3}, {0, 0, 1})}),
           {3}, {1, 0, 0});
}

TEST_F(InterpTest, RandomZeroDAndDegenerateNormal) {
  Tensor u = one(randomFn("uniform", "", "tensor<f32>", "f32", ""),
                 {seed(3)});
  expectF32(u, {}, {::sinter::uniformF32(3, 0, 0, 0, 1)}, 0);
  Tensor n = one(randomFn("normal", "4", "tensor<4xf32>", "f32",
                          ", mean = 1.5 : f64, std = 0.0 : f64"),
                 {seed(3)});
  expectF32(n, {4}, {1.5f, 1.5f, 1.5f, 1.5f}, 0);
}

TEST_F(InterpTest, ExternalFunctionIsAnError) {
  std::string src =
      "func.func private @f(tensor<2xf32>) -> tensor<2xf32>\n";
  std::string d = fails(src, {f32({2}, {1, 2})});
  EXPECT_CONTAINS(d, "no body");
}

TEST_F(InterpTest, UnboundedRecursionIsAnErrorNotACrash) {
  std::string src = R"(
func.func @f(%x: tensor<2xf32>) -> tensor<2xf32> {
  %y = call @f(%x) : (tensor<2xf32>) -> tensor<2xf32>
  return %y : tensor<2xf32>
}
)";
  std::string d = fails(src, {f32({2}, {1, 2})});
  EXPECT_CONTAINS(d, "deeper");
}

TEST_F(InterpTest, ArgmaxTreatsNaNAsTheMaximum) {
  // torch.argmax: NaN compares above everything; the first NaN wins.
  expectI64(one(unaryFn("argmax", "tensor<2x4xf32>", "tensor<2xi64>",
                        "{dim = 1 : i64}"),
                {f32({2, 4}, {1, NAN, 3, NAN, 9, 2, 1, 0})}),
            {2}, {1, 0});
}

TEST_F(InterpTest, MeanOfEmptyIsNaNAndMaxOfEmptyIsAnError) {
  // torch.mean over an empty dimension is NaN; torch.amax raises.
  std::string mean = R"(
func.func @f(%x: tensor<2x3xf32>) -> tensor<2xf32> {
  %e = sinter.slice %x {dim = 1 : i64, start = 3 : i64} : (tensor<2x3xf32>) -> tensor<2x0xf32>
  %m = sinter.mean %e {dims = array<i64: 1>} : (tensor<2x0xf32>) -> tensor<2xf32>
  return %m : tensor<2xf32>
}
)";
  expectF32(one(mean, {iotaF32({2, 3})}), {2}, {NAN, NAN});
  std::string max = R"(
func.func @f(%x: tensor<2x3xf32>) -> tensor<2xf32> {
  %e = sinter.slice %x {dim = 1 : i64, start = 3 : i64} : (tensor<2x3xf32>) -> tensor<2x0xf32>
  %m = sinter.max %e {dims = array<i64: 1>} : (tensor<2x0xf32>) -> tensor<2xf32>
  return %m : tensor<2xf32>
}
)";
  EXPECT_CONTAINS(fails(max, {iotaF32({2, 3})}), "zero elements");
}

} // namespace
