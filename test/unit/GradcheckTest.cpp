//===- GradcheckTest.cpp - Finite-difference checks of every gradient -----===//
//
// Every op with a gradient rule (ir/lib/SinterGradients.cpp), differentiated
// by mlir::sinter::differentiate and run through the reference interpreter
// in f64, against central differences of the forward loss, element by
// element. The typical forward is `loss = sum(op(...) * R)` with R a fixed
// random data input, so that every element of op's result matters; the loss
// ops are also checked as the loss itself. Inputs are drawn from a seeded
// std::mt19937_64, in ranges where the op is differentiable (positive for
// log/sqrt, away from kinks for relu/maximum/amax, probabilities inside
// (0, 1) for binary cross-entropy). Choices at ties (maximum's half split,
// amax's even spread, relu at 0) are checked against PyTorch's values
// directly, since no finite difference exists there.
//
//===----------------------------------------------------------------------===//

#include "sinter/interp/Interpreter.h"
#include "sinter/ir/SinterDialect.h"
#include "sinter/passes/Autodiff.h"
#include "sinter/runtime/Tensor.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <sstream>
#include <string>
#include <vector>

using ::sinter::DType;
using ::sinter::Tensor;

namespace {

//===----------------------------------------------------------------------===//
// IR text helpers
//===----------------------------------------------------------------------===//

/// "tensor<2x?x3xf64>" for {2, -1, 3}; "tensor<f64>" for {}.
std::string ty(std::vector<int64_t> shape, const std::string &element = "f64") {
  std::string s = "tensor<";
  for (int64_t d : shape)
    s += (d < 0 ? std::string("?") : std::to_string(d)) + "x";
  return s + element + ">";
}

/// `%name: type {sinter.param = "name"}`
std::string param(const std::string &name, const std::string &type) {
  return "%" + name + ": " + type + " {sinter.param = \"" + name + "\"}";
}
/// `%name: type {sinter.name = "name"}`
std::string input(const std::string &name, const std::string &type) {
  return "%" + name + ": " + type + " {sinter.name = \"" + name + "\"}";
}

std::string join(const std::vector<std::string> &parts,
                 const std::string &sep = ", ") {
  std::string s;
  for (size_t i = 0; i < parts.size(); ++i)
    s += (i ? sep : "") + parts[i];
  return s;
}

/// A @forward whose loss is sum(%y * %r): `body` defines %y of type `yType`;
/// %r (type `yType`, a data input) is appended to `args`.
std::string weighted(const std::vector<std::string> &args,
                     const std::string &body, const std::string &yType) {
  std::vector<std::string> all = args;
  all.push_back(input("r", yType));
  return "func.func @forward(" + join(all) + ") -> tensor<f64> {\n" + body +
         "\n  %wy = sinter.mul %y, %r : (" + yType + ", " + yType + ") -> " +
         yType + "\n  %loss = sinter.sum %wy : (" + yType +
         ") -> tensor<f64>\n  return %loss : tensor<f64>\n}\n";
}

/// A @forward whose loss is the 0-d f64 %loss that `body` defines.
std::string direct(const std::vector<std::string> &args,
                   const std::string &body) {
  return "func.func @forward(" + join(args) + ") -> tensor<f64> {\n" + body +
         "\n  return %loss : tensor<f64>\n}\n";
}

//===----------------------------------------------------------------------===//
// Fixture
//===----------------------------------------------------------------------===//

struct Options {
  /// Data inputs (sinter.name) to differentiate as well as the parameters.
  std::vector<std::string> wrt;
  double eps = 1e-6;
  double rtol = 1e-6;
  double atol = 1e-7;
  /// Gradients allowed to be all zero (by default an all-zero gradient is a
  /// test bug: it would check nothing).
  bool allowZero = false;
};

struct Gradients {
  bool ok = false;
  /// @forward_grad's results: the forward results, then the gradients.
  std::vector<Tensor> forward;
  std::vector<Tensor> grads;
  /// The finite-difference gradients, one per differentiated argument.
  std::vector<Tensor> numeric;
};

double elementAt(const Tensor &t, int64_t i) {
  return t.dtype() == DType::F64 ? t.data<double>()[i]
                                 : double(t.data<float>()[i]);
}
void setElement(Tensor &t, int64_t i, double v) {
  if (t.dtype() == DType::F64)
    t.data<double>()[i] = v;
  else
    t.data<float>()[i] = float(v);
}

class Gradcheck : public ::testing::Test {
protected:
  Gradcheck() {
    context.loadDialect<mlir::sinter::SinterDialect,
                        mlir::func::FuncDialect>();
  }

  //--- Inputs ---------------------------------------------------------------

  Tensor uniform(std::vector<int64_t> shape, double lo = -1.0,
                 double hi = 1.0) {
    Tensor t(DType::F64, std::move(shape));
    std::uniform_real_distribution<double> dist(lo, hi);
    for (int64_t i = 0; i < t.numElements(); ++i)
      t.data<double>()[i] = dist(rng);
    return t;
  }
  Tensor uniformF32(std::vector<int64_t> shape, double lo = -1.0,
                    double hi = 1.0) {
    Tensor t(DType::F32, std::move(shape));
    std::uniform_real_distribution<double> dist(lo, hi);
    for (int64_t i = 0; i < t.numElements(); ++i)
      t.data<float>()[i] = float(dist(rng));
    return t;
  }
  /// Uniform in [lo, hi] but at least `gap` away from `point` (kinks).
  Tensor awayFrom(std::vector<int64_t> shape, double point, double gap = 0.05,
                  double lo = -1.0, double hi = 1.0) {
    Tensor t(DType::F64, std::move(shape));
    std::uniform_real_distribution<double> dist(lo, hi);
    for (int64_t i = 0; i < t.numElements(); ++i) {
      double v;
      do
        v = dist(rng);
      while (std::fabs(v - point) < gap);
      t.data<double>()[i] = v;
    }
    return t;
  }
  /// Pairwise distinct values (evenly spaced in [lo, hi], shuffled): no
  /// ties for max/min.
  Tensor distinct(std::vector<int64_t> shape, double lo = -1.0,
                  double hi = 1.0) {
    Tensor t(DType::F64, std::move(shape));
    int64_t n = t.numElements();
    std::vector<double> v(n);
    for (int64_t i = 0; i < n; ++i)
      v[i] = n == 1 ? lo : lo + (hi - lo) * double(i) / double(n - 1);
    std::shuffle(v.begin(), v.end(), rng);
    std::copy(v.begin(), v.end(), t.data<double>());
    return t;
  }
  /// `y` at least `gap` away from `x` element by element (same shape).
  Tensor apartFrom(const Tensor &x, double gap = 0.05) {
    Tensor t = uniform(x.shape());
    std::uniform_real_distribution<double> dist(-1.0, 1.0);
    for (int64_t i = 0; i < t.numElements(); ++i)
      while (std::fabs(t.data<double>()[i] - x.data<double>()[i]) < gap)
        t.data<double>()[i] = dist(rng);
    return t;
  }
  /// Class indices in [0, n).
  Tensor classes(std::vector<int64_t> shape, int64_t n,
                 DType dtype = DType::I64) {
    Tensor t(dtype, std::move(shape));
    std::uniform_int_distribution<int64_t> dist(0, n - 1);
    for (int64_t i = 0; i < t.numElements(); ++i) {
      if (dtype == DType::I64)
        t.data<int64_t>()[i] = dist(rng);
      else
        t.data<int32_t>()[i] = int32_t(dist(rng));
    }
    return t;
  }
  /// 0.0 or 1.0.
  Tensor bits(std::vector<int64_t> shape) {
    Tensor t(DType::F64, std::move(shape));
    std::bernoulli_distribution dist(0.5);
    for (int64_t i = 0; i < t.numElements(); ++i)
      t.data<double>()[i] = dist(rng) ? 1.0 : 0.0;
    return t;
  }
  static Tensor values(std::vector<int64_t> shape, std::vector<double> v) {
    Tensor t(DType::F64, std::move(shape));
    EXPECT_EQ(int64_t(v.size()), t.numElements()) << "test bug";
    std::copy(v.begin(), v.begin() + std::min<int64_t>(v.size(), t.numElements()),
              t.data<double>());
    return t;
  }
  static Tensor indices(std::vector<int64_t> shape, std::vector<int64_t> v) {
    Tensor t(DType::I64, std::move(shape));
    EXPECT_EQ(int64_t(v.size()), t.numElements()) << "test bug";
    std::copy(v.begin(), v.begin() + std::min<int64_t>(v.size(), t.numElements()),
              t.data<int64_t>());
    return t;
  }
  static Tensor scalarI64(int64_t v) {
    Tensor t(DType::I64, {});
    t.data<int64_t>()[0] = v;
    return t;
  }

  //--- Diagnostics ----------------------------------------------------------

  std::string diagnostics;
  mlir::ScopedDiagnosticHandler captureDiagnostics() {
    diagnostics.clear();
    return mlir::ScopedDiagnosticHandler(&context, [&](mlir::Diagnostic &d) {
      diagnostics += d.str() + "\n";
      return mlir::success();
    });
  }

  /// Parses `source` into `module`; a parse failure fails the test.
  bool parse(const std::string &source) {
    auto handler = captureDiagnostics();
    module = mlir::parseSourceString<mlir::ModuleOp>(source, &context);
    if (!module)
      ADD_FAILURE() << "the test IR does not parse:\n"
                    << diagnostics << "\n"
                    << source;
    return bool(module);
  }

  mlir::FailureOr<std::vector<Tensor>> interpret(const std::string &name,
                                                 const std::vector<Tensor> &args) {
    auto fn = module->lookupSymbol<mlir::func::FuncOp>(name);
    if (!fn)
      return mlir::failure();
    auto handler = captureDiagnostics();
    auto r = mlir::sinter::interpret(fn, args);
    if (mlir::failed(r))
      ADD_FAILURE() << "interpreting @" << name << " failed:\n" << diagnostics;
    return r;
  }

  /// The IR of the current module, for failure messages.
  std::string moduleText() {
    std::string s;
    llvm::raw_string_ostream os(s);
    module->print(os);
    return s;
  }

  //--- The check ------------------------------------------------------------

  /// Differentiates @forward of `source` (every sinter.param plus
  /// `options.wrt`), runs @forward_grad on `args` and compares every element
  /// of every gradient with central differences of @forward's loss.
  Gradients check(const std::string &source, std::vector<Tensor> args,
                  const Options &options = {}) {
    Gradients out;
    if (!parse(source))
      return out;
    auto forward = module->lookupSymbol<mlir::func::FuncOp>("forward");
    if (!forward) {
      ADD_FAILURE() << "no @forward";
      return out;
    }
    // The differentiated arguments, in result order.
    std::vector<unsigned> wrtArgs;
    std::vector<std::string> wrtNames;
    for (unsigned i = 0; i < forward.getNumArguments(); ++i)
      if (auto n = forward.getArgAttrOfType<mlir::StringAttr>(i, "sinter.param")) {
        wrtArgs.push_back(i);
        wrtNames.push_back(n.str());
      }
    for (const std::string &w : options.wrt)
      for (unsigned i = 0; i < forward.getNumArguments(); ++i)
        if (auto n = forward.getArgAttrOfType<mlir::StringAttr>(i, "sinter.name"))
          if (n.getValue() == w) {
            wrtArgs.push_back(i);
            wrtNames.push_back(w);
          }
    if (wrtArgs.empty()) {
      ADD_FAILURE() << "test bug: nothing to differentiate";
      return out;
    }
    {
      auto handler = captureDiagnostics();
      mlir::FailureOr<mlir::func::FuncOp> grad =
          mlir::sinter::differentiate(forward, options.wrt);
      if (mlir::failed(grad)) {
        ADD_FAILURE() << "differentiate() failed:\n" << diagnostics << source;
        return out;
      }
      if (mlir::failed(mlir::verify(*module))) {
        ADD_FAILURE() << "the differentiated module does not verify:\n"
                      << diagnostics << moduleText();
        return out;
      }
      // The result attributes name the gradients.
      unsigned numForward = forward.getNumResults();
      EXPECT_EQ(grad->getNumResults(), numForward + wrtArgs.size());
      for (size_t k = 0; k < wrtNames.size() &&
                         numForward + k < grad->getNumResults();
           ++k) {
        auto n = grad->getResultAttrOfType<mlir::StringAttr>(
            numForward + k, "sinter.grad");
        EXPECT_TRUE(n && n.getValue() == wrtNames[k])
            << "result " << numForward + k << " should be sinter.grad = \""
            << wrtNames[k] << "\"";
      }
    }

    mlir::FailureOr<std::vector<Tensor>> reference = interpret("forward", args);
    mlir::FailureOr<std::vector<Tensor>> withGrads =
        interpret("forward_grad", args);
    if (mlir::failed(reference) || mlir::failed(withGrads)) {
      ADD_FAILURE() << moduleText();
      return out;
    }
    size_t numForward = reference->size();
    if (withGrads->size() != numForward + wrtArgs.size()) {
      ADD_FAILURE() << "@forward_grad returned " << withGrads->size()
                    << " results, expected " << numForward + wrtArgs.size();
      return out;
    }
    // @forward_grad recomputes @forward's results exactly.
    for (size_t k = 0; k < numForward; ++k)
      EXPECT_TRUE((*withGrads)[k].identical((*reference)[k]))
          << "forward result " << k << " differs in @forward_grad";

    auto lossOf = [&](const std::vector<Tensor> &a, bool &ok) {
      mlir::FailureOr<std::vector<Tensor>> r = interpret("forward", a);
      ok = mlir::succeeded(r);
      return ok ? elementAt((*r)[0], 0) : 0.0;
    };

    bool allOk = true;
    std::vector<Tensor> perturbed = args;
    for (size_t k = 0; k < wrtArgs.size(); ++k) {
      unsigned a = wrtArgs[k];
      const Tensor &analytic = (*withGrads)[numForward + k];
      const Tensor &arg = args[a];
      Tensor numeric(arg.dtype(), arg.shape());
      out.numeric.push_back(numeric);
      if (analytic.dtype() != arg.dtype() || analytic.shape() != arg.shape()) {
        ADD_FAILURE() << "gradient of '" << wrtNames[k] << "' is "
                      << analytic.typeString() << ", its argument "
                      << arg.typeString();
        allOk = false;
        continue;
      }
      int mismatches = 0;
      std::ostringstream report;
      double largest = 0.0;
      for (int64_t i = 0; i < arg.numElements(); ++i) {
        double v = elementAt(arg, i);
        bool ok1, ok2;
        setElement(perturbed[a], i, v + options.eps);
        double plus = lossOf(perturbed, ok1);
        setElement(perturbed[a], i, v - options.eps);
        double minus = lossOf(perturbed, ok2);
        setElement(perturbed[a], i, v);
        if (!ok1 || !ok2)
          return out;
        double fd = (plus - minus) / (2.0 * options.eps);
        setElement(out.numeric.back(), i, fd);
        double an = elementAt(analytic, i);
        largest = std::max({largest, std::fabs(fd), std::fabs(an)});
        double tol = options.atol +
                     options.rtol * std::max(std::fabs(fd), std::fabs(an));
        if (!(std::fabs(an - fd) <= tol)) {
          if (mismatches < 8)
            report << "  element " << i << ": analytic " << an
                   << ", finite difference " << fd << "\n";
          ++mismatches;
        }
      }
      if (mismatches) {
        allOk = false;
        ADD_FAILURE() << "gradient of '" << wrtNames[k] << "' "
                      << arg.typeString() << ": " << mismatches << " of "
                      << arg.numElements() << " elements differ\n"
                      << report.str() << moduleText();
      }
      if (!options.allowZero && largest == 0.0 && arg.numElements() > 0) {
        allOk = false;
        ADD_FAILURE() << "gradient of '" << wrtNames[k]
                      << "' is all zeros: the check checks nothing";
      }
    }
    out.forward.assign(withGrads->begin(), withGrads->begin() + numForward);
    out.grads.assign(withGrads->begin() + numForward, withGrads->end());
    out.ok = allOk;
    return out;
  }

  /// check() of a weighted forward: adds the random R of shape `yShape`.
  Gradients checkWeighted(const std::vector<std::string> &argDecls,
                          const std::string &body, const std::string &yType,
                          std::vector<Tensor> args,
                          std::vector<int64_t> yShape,
                          const Options &options = {}) {
    args.push_back(uniform(std::move(yShape)));
    return check(weighted(argDecls, body, yType), std::move(args), options);
  }

  /// A one-op forward: `%y = sinter.<op> %x attrs : (xType) -> yType` with
  /// %x the parameter.
  Gradients checkUnary(const std::string &op, const std::string &attrs,
                       Tensor x, std::vector<int64_t> yShape,
                       const Options &options = {}) {
    std::string xType = ty(x.shape()), yType = ty(yShape);
    std::string body = "  %y = sinter." + op + " %x " + attrs + " : (" +
                       xType + ") -> " + yType;
    return checkWeighted({param("x", xType)}, body, yType, {std::move(x)},
                         std::move(yShape), options);
  }

  /// A two-operand forward, both operands parameters.
  Gradients checkBinary(const std::string &op, Tensor a, Tensor b,
                        std::vector<int64_t> yShape,
                        const std::string &attrs = "",
                        const Options &options = {}) {
    std::string aType = ty(a.shape()), bType = ty(b.shape()),
                yType = ty(yShape);
    std::string body = "  %y = sinter." + op + " %a, %b " + attrs + " : (" +
                       aType + ", " + bType + ") -> " + yType;
    return checkWeighted({param("a", aType), param("b", bType)}, body, yType,
                         {std::move(a), std::move(b)}, std::move(yShape),
                         options);
  }

  mlir::MLIRContext context;
  mlir::OwningOpRef<mlir::ModuleOp> module;
  std::mt19937_64 rng{0x5137e2};
};

void expectValues(const Tensor &t, std::vector<double> expected,
                  double tol = 1e-12) {
  ASSERT_EQ(t.numElements(), int64_t(expected.size())) << t.typeString();
  for (size_t i = 0; i < expected.size(); ++i)
    EXPECT_NEAR(elementAt(t, int64_t(i)), expected[i], tol) << "element " << i;
}

//===----------------------------------------------------------------------===//
// Elementwise binary ops, with broadcasting
//===----------------------------------------------------------------------===//

struct BroadcastCase {
  std::vector<int64_t> a, b, y;
};
const BroadcastCase broadcastCases[] = {
    {{2, 3}, {2, 3}, {2, 3}},
    {{2, 3}, {3}, {2, 3}},
    {{3}, {2, 3}, {2, 3}},
    {{2, 1}, {1, 3}, {2, 3}},
    {{}, {4}, {4}},
    {{4}, {}, {4}},
    {{2, 1, 4}, {3, 1}, {2, 3, 4}},
};

TEST_F(Gradcheck, Add) {
  for (const BroadcastCase &c : broadcastCases) {
    SCOPED_TRACE(ty(c.a) + " + " + ty(c.b));
    checkBinary("add", uniform(c.a), uniform(c.b), c.y);
  }
}

TEST_F(Gradcheck, Sub) {
  for (const BroadcastCase &c : broadcastCases) {
    SCOPED_TRACE(ty(c.a) + " - " + ty(c.b));
    checkBinary("sub", uniform(c.a), uniform(c.b), c.y);
  }
}

TEST_F(Gradcheck, Mul) {
  for (const BroadcastCase &c : broadcastCases) {
    SCOPED_TRACE(ty(c.a) + " * " + ty(c.b));
    checkBinary("mul", uniform(c.a), uniform(c.b), c.y);
  }
}

TEST_F(Gradcheck, Div) {
  for (const BroadcastCase &c : broadcastCases) {
    SCOPED_TRACE(ty(c.a) + " / " + ty(c.b));
    // Divisors away from 0: |b| in [0.5, 1.5].
    Tensor b = uniform(c.b, 0.5, 1.5);
    std::bernoulli_distribution sign(0.5);
    for (int64_t i = 0; i < b.numElements(); ++i)
      if (sign(rng))
        b.data<double>()[i] = -b.data<double>()[i];
    checkBinary("div", uniform(c.a), std::move(b), c.y);
  }
}

TEST_F(Gradcheck, MaximumMinimum) {
  for (const char *op : {"maximum", "minimum"})
    for (const BroadcastCase &c : broadcastCases) {
      SCOPED_TRACE(std::string(op) + " " + ty(c.a) + ", " + ty(c.b));
      // Distinct values across both operands: no ties anywhere. A 0-d
      // operand takes the median, so that it wins some elements and loses
      // others.
      Tensor a(DType::F64, c.a), b(DType::F64, c.b);
      int64_t n = a.numElements() + b.numElements();
      std::vector<double> v(n);
      for (int64_t i = 0; i < n; ++i)
        v[i] = -1.0 + 2.0 * double(i) / double(n - 1);
      if (a.rank() == 0 || b.rank() == 0) {
        Tensor &scalar = a.rank() == 0 ? a : b;
        scalar.data<double>()[0] = v[n / 2];
        v.erase(v.begin() + n / 2);
      }
      std::shuffle(v.begin(), v.end(), rng);
      size_t next = 0;
      for (Tensor *t : {&a, &b})
        if (t->rank() != 0 || (a.rank() != 0 && b.rank() != 0))
          for (int64_t i = 0; i < t->numElements(); ++i)
            t->data<double>()[i] = v[next++];
      checkBinary(op, std::move(a), std::move(b), c.y);
    }
}

// At a tie PyTorch gives each operand half of the gradient.
TEST_F(Gradcheck, MaximumMinimumTieSplitsInHalf) {
  for (const char *op : {"maximum", "minimum"}) {
    SCOPED_TRACE(op);
    std::string t = ty({4});
    std::string body = "  %y = sinter." + std::string(op) +
                       " %a, %b : (" + t + ", " + t + ") -> " + t;
    Tensor a = values({4}, {1.0, -2.0, 0.5, 3.0});
    Tensor b = values({4}, {1.0, 5.0, 0.5, -1.0});
    Tensor r = values({4}, {2.0, 3.0, -4.0, 5.0});
    ASSERT_TRUE(parse(weighted({param("a", t), param("b", t)}, body, t)));
    auto fwd = module->lookupSymbol<mlir::func::FuncOp>("forward");
    ASSERT_TRUE(mlir::succeeded(mlir::sinter::differentiate(fwd)));
    auto res = interpret("forward_grad", {a, b, r});
    ASSERT_TRUE(mlir::succeeded(res));
    bool isMax = std::string(op) == "maximum";
    // Elements 0 and 2 tie; 1: b wins max / a wins min; 3: a wins max.
    expectValues((*res)[1], {1.0, isMax ? 0.0 : 3.0, -2.0, isMax ? 5.0 : 0.0});
    expectValues((*res)[2], {1.0, isMax ? 3.0 : 0.0, -2.0, isMax ? 0.0 : 5.0});
  }
}

// A tie against a broadcast operand: the halves are summed back.
TEST_F(Gradcheck, MaximumTieWithBroadcastScalar) {
  std::string t = ty({3}), s = ty({});
  std::string body = "  %y = sinter.maximum %a, %b : (" + t + ", " + s +
                     ") -> " + t;
  ASSERT_TRUE(parse(weighted({param("a", t), param("b", s)}, body, t)));
  auto fwd = module->lookupSymbol<mlir::func::FuncOp>("forward");
  ASSERT_TRUE(mlir::succeeded(mlir::sinter::differentiate(fwd)));
  auto res = interpret("forward_grad",
                       {values({3}, {0.0, 1.0, -1.0}), values({}, {0.0}),
                        values({3}, {2.0, 3.0, 4.0})});
  ASSERT_TRUE(mlir::succeeded(res));
  expectValues((*res)[1], {1.0, 3.0, 0.0});
  expectValues((*res)[2], {1.0 + 4.0});
}

TEST_F(Gradcheck, Where) {
  // The condition is a data input; both branches are parameters, one of
  // them broadcast.
  std::string c = ty({2, 3}, "i1"), t = ty({2, 3}), s = ty({3});
  std::string body = "  %y = sinter.where %c, %a, %b : (" + c + ", " + t +
                     ", " + s + ") -> " + t;
  Tensor cond(DType::I1, {2, 3});
  for (int64_t i = 0; i < 6; ++i)
    cond.data<uint8_t>()[i] = (i % 4 == 0) ? 1 : 0; // 1 0 0 | 0 1 0
  checkWeighted({input("c", c), param("a", t), param("b", s)}, body, t,
                {cond, uniform({2, 3}), uniform({3})}, {2, 3});
  // The condition broadcasts both branches: [2, 1] and 0-d against [2, 3].
  std::string col = ty({2, 1}), z = ty({});
  std::string body2 = "  %y = sinter.where %c, %a, %b : (" + c + ", " + col +
                      ", " + z + ") -> " + t;
  checkWeighted({input("c", c), param("a", col), param("b", z)}, body2, t,
                {cond, uniform({2, 1}), uniform({})}, {2, 3});
}

//===----------------------------------------------------------------------===//
// Elementwise unary ops
//===----------------------------------------------------------------------===//

TEST_F(Gradcheck, Neg) { checkUnary("neg", "", uniform({2, 3}), {2, 3}); }
TEST_F(Gradcheck, Exp) { checkUnary("exp", "", uniform({2, 3}), {2, 3}); }
TEST_F(Gradcheck, Log) {
  checkUnary("log", "", uniform({2, 3}, 0.2, 3.0), {2, 3});
}
TEST_F(Gradcheck, Sqrt) {
  checkUnary("sqrt", "", uniform({2, 3}, 0.2, 3.0), {2, 3});
}
TEST_F(Gradcheck, Rsqrt) {
  checkUnary("rsqrt", "", uniform({2, 3}, 0.2, 3.0), {2, 3});
}
TEST_F(Gradcheck, Sigmoid) {
  checkUnary("sigmoid", "", uniform({2, 3}, -4.0, 4.0), {2, 3});
}
TEST_F(Gradcheck, Tanh) {
  checkUnary("tanh", "", uniform({2, 3}, -2.0, 2.0), {2, 3});
}
TEST_F(Gradcheck, Relu) {
  checkUnary("relu", "", awayFrom({3, 4}, 0.0), {3, 4});
}

// PyTorch's threshold_backward: the gradient at exactly 0 is 0.
TEST_F(Gradcheck, ReluAtZeroHasZeroGradient) {
  std::string t = ty({4});
  ASSERT_TRUE(parse(weighted({param("x", t)},
                             "  %y = sinter.relu %x : (" + t + ") -> " + t, t)));
  auto fwd = module->lookupSymbol<mlir::func::FuncOp>("forward");
  ASSERT_TRUE(mlir::succeeded(mlir::sinter::differentiate(fwd)));
  auto res = interpret("forward_grad", {values({4}, {0.0, 1.0, -1.0, 0.0}),
                                        values({4}, {2.0, 3.0, 4.0, 5.0})});
  ASSERT_TRUE(mlir::succeeded(res));
  expectValues((*res)[1], {0.0, 3.0, 0.0, 0.0});
}

TEST_F(Gradcheck, Pow) {
  for (double e : {2.0, 3.0, 0.5, -1.0, 1.0, -0.5, 1.5}) {
    SCOPED_TRACE("exponent " + std::to_string(e));
    std::ostringstream attrs;
    attrs.precision(17);
    attrs << "{exponent = " << std::scientific << e << " : f64}";
    // Fractional and negative exponents on positive inputs.
    bool integral = e == std::floor(e) && e > 0;
    Tensor x = integral ? uniform({2, 3}) : uniform({2, 3}, 0.3, 2.0);
    checkUnary("pow", attrs.str(), std::move(x), {2, 3});
    // Integral negative exponents are defined for negative inputs too.
    if (e == -1.0)
      checkUnary("pow", attrs.str(), uniform({2, 3}, -2.0, -0.3), {2, 3});
  }
}

// x ** 0 is 1 everywhere: the gradient is zero (PyTorch's pow_backward).
TEST_F(Gradcheck, PowZeroExponent) {
  Options o;
  o.allowZero = true;
  Gradients g = checkUnary("pow", "{exponent = 0.0 : f64}", uniform({2, 3}),
                           {2, 3}, o);
  ASSERT_EQ(g.grads.size(), 1u);
  expectValues(g.grads[0], std::vector<double>(6, 0.0), 0.0);
}

TEST_F(Gradcheck, CastF64ToF64) {
  checkUnary("cast", "{dtype = f64}", uniform({2, 3}), {2, 3});
}

// f64 -> f32 -> f64: the gradient passes through both casts (cast back to
// each input's type). Finite differences through an f32 rounding need a
// large step and a loose tolerance.
TEST_F(Gradcheck, CastThroughF32) {
  std::string t64 = ty({2, 3}), t32 = ty({2, 3}, "f32");
  std::string body = "  %h = sinter.cast %x {dtype = f32} : (" + t64 +
                     ") -> " + t32 + "\n  %y = sinter.cast %h {dtype = f64} : (" +
                     t32 + ") -> " + t64;
  Options o;
  o.eps = 1e-2;
  o.rtol = 1e-4;
  o.atol = 1e-5;
  checkWeighted({param("x", t64)}, body, t64, {uniform({2, 3})}, {2, 3}, o);
}

// A whole f32 program: the gradient is f32; finite differences in f32.
TEST_F(Gradcheck, F32Program) {
  std::string t = ty({2, 3}, "f32"), s = ty({}, "f32");
  std::string source =
      "func.func @forward(" + param("x", t) + ", " + input("r", t) +
      ") -> tensor<f32> {\n"
      "  %e = sinter.tanh %x : (" + t + ") -> " + t + "\n"
      "  %m = sinter.mul %e, %r : (" + t + ", " + t + ") -> " + t + "\n"
      "  %loss = sinter.sum %m : (" + t + ") -> " + s + "\n"
      "  return %loss : " + s + "\n}\n";
  Options o;
  o.eps = 1e-2;
  o.rtol = 2e-3;
  o.atol = 2e-3;
  check(source, {uniformF32({2, 3}), uniformF32({2, 3})}, o);
}

//===----------------------------------------------------------------------===//
// Softmax family
//===----------------------------------------------------------------------===//

TEST_F(Gradcheck, Softmax) {
  for (int64_t dim : {0, 1, -1}) {
    SCOPED_TRACE("dim " + std::to_string(dim));
    checkUnary("softmax", "{dim = " + std::to_string(dim) + " : i64}",
               uniform({3, 4}, -2.0, 2.0), {3, 4});
  }
  checkUnary("softmax", "{dim = 1 : i64}", uniform({2, 3, 4}, -2.0, 2.0),
             {2, 3, 4});
  checkUnary("softmax", "{dim = 0 : i64}", uniform({5}, -2.0, 2.0), {5});
}

TEST_F(Gradcheck, LogSoftmax) {
  for (int64_t dim : {0, 1, -1}) {
    SCOPED_TRACE("dim " + std::to_string(dim));
    checkUnary("log_softmax", "{dim = " + std::to_string(dim) + " : i64}",
               uniform({3, 4}, -2.0, 2.0), {3, 4});
  }
  checkUnary("log_softmax", "{dim = -2 : i64}", uniform({2, 3, 4}, -2.0, 2.0),
             {2, 3, 4});
}

//===----------------------------------------------------------------------===//
// Linear algebra
//===----------------------------------------------------------------------===//

TEST_F(Gradcheck, Matmul) {
  struct Case {
    std::vector<int64_t> a, b, y;
  } cases[] = {
      {{3, 5}, {5, 7}, {3, 7}},          // 2-D, odd sizes
      {{2, 3, 4}, {2, 4, 5}, {2, 3, 5}}, // batched
      {{1, 3, 4}, {2, 4, 5}, {2, 3, 5}}, // broadcast batch
      {{2, 3, 4}, {4, 5}, {2, 3, 5}},    // 2-D rhs against a batch
      {{3, 4}, {2, 4, 5}, {2, 3, 5}},    // 2-D lhs against a batch
      {{2, 1, 3, 4}, {3, 4, 2}, {2, 3, 3, 2}},
  };
  for (const Case &c : cases) {
    SCOPED_TRACE(ty(c.a) + " x " + ty(c.b));
    checkBinary("matmul", uniform(c.a), uniform(c.b), c.y);
  }
}

TEST_F(Gradcheck, Linear) {
  for (std::vector<int64_t> xShape :
       {std::vector<int64_t>{3}, {4, 3}, {2, 4, 3}}) {
    for (bool bias : {true, false}) {
      SCOPED_TRACE(ty(xShape) + (bias ? " with bias" : " without bias"));
      std::vector<int64_t> yShape = xShape;
      yShape.back() = 5;
      std::string xT = ty(xShape), wT = ty({5, 3}), bT = ty({5}),
                  yT = ty(yShape);
      std::vector<std::string> args = {param("x", xT), param("w", wT)};
      std::vector<Tensor> values = {uniform(xShape), uniform({5, 3})};
      std::string body;
      if (bias) {
        args.push_back(param("b", bT));
        values.push_back(uniform({5}));
        body = "  %y = sinter.linear %x, %w, %b : (" + xT + ", " + wT + ", " +
               bT + ") -> " + yT;
      } else {
        body = "  %y = sinter.linear %x, %w : (" + xT + ", " + wT + ") -> " +
               yT;
      }
      checkWeighted(args, body, yT, std::move(values), yShape);
    }
  }
}

//===----------------------------------------------------------------------===//
// Shape ops
//===----------------------------------------------------------------------===//

TEST_F(Gradcheck, Transpose) {
  checkUnary("transpose", "{dim0 = 0 : i64, dim1 = 1 : i64}", uniform({3, 5}),
             {5, 3});
  checkUnary("transpose", "{dim0 = 0 : i64, dim1 = 2 : i64}",
             uniform({2, 3, 4}), {4, 3, 2});
  checkUnary("transpose", "{dim0 = -1 : i64, dim1 = -2 : i64}",
             uniform({2, 3, 4}), {2, 4, 3});
}

TEST_F(Gradcheck, Permute) {
  checkUnary("permute", "{dims = array<i64: 2, 0, 1>}", uniform({2, 3, 4}),
             {4, 2, 3});
  checkUnary("permute", "{dims = array<i64: 1, -1, 0>}", uniform({2, 3, 4}),
             {3, 4, 2});
  checkUnary("permute", "{dims = array<i64: 1, 3, 0, 2>}",
             uniform({2, 3, 4, 5}), {3, 5, 2, 4});
}

TEST_F(Gradcheck, Reshape) {
  checkUnary("reshape", "{shape = array<i64: 4, 6>}", uniform({2, 3, 4}),
             {4, 6});
  checkUnary("reshape", "{shape = array<i64: -1, 3>}", uniform({2, 3, 4}),
             {8, 3});
  checkUnary("reshape", "{shape = array<i64: 2, -1, 2>}", uniform({6, 2}),
             {2, 3, 2});
  checkUnary("reshape", "{shape = array<i64: -1>}", uniform({2, 3}), {6});
}

TEST_F(Gradcheck, BroadcastTo) {
  checkUnary("broadcast_to", "{shape = array<i64: 4, 3>}", uniform({3}),
             {4, 3});
  checkUnary("broadcast_to", "{shape = array<i64: 2, -1, 5>}", uniform({4, 1}),
             {2, 4, 5});
  checkUnary("broadcast_to", "{shape = array<i64: 2, 3>}", uniform({}),
             {2, 3});
  checkUnary("broadcast_to", "{shape = array<i64: 3, 2, 4>}", uniform({1, 2, 1}),
             {3, 2, 4});
}

TEST_F(Gradcheck, Squeeze) {
  checkUnary("squeeze", "{dims = array<i64: 1>}", uniform({4, 1, 3}), {4, 3});
  checkUnary("squeeze", "", uniform({1, 2, 1}), {2});
  checkUnary("squeeze", "{dims = array<i64: -1, 0>}", uniform({1, 2, 1}), {2});
  // A listed dimension that is not 1 stays.
  checkUnary("squeeze", "{dims = array<i64: 0, 1>}", uniform({4, 1, 3}),
             {4, 3});
}

TEST_F(Gradcheck, Unsqueeze) {
  checkUnary("unsqueeze", "{dim = 0 : i64}", uniform({2, 3}), {1, 2, 3});
  checkUnary("unsqueeze", "{dim = 1 : i64}", uniform({2, 3}), {2, 1, 3});
  checkUnary("unsqueeze", "{dim = 2 : i64}", uniform({2, 3}), {2, 3, 1});
  checkUnary("unsqueeze", "{dim = -1 : i64}", uniform({2, 3}), {2, 3, 1});
  checkUnary("unsqueeze", "{dim = -3 : i64}", uniform({2, 3}), {1, 2, 3});
  checkUnary("unsqueeze", "{dim = 0 : i64}", uniform({}), {1});
}

TEST_F(Gradcheck, Flatten) {
  checkUnary("flatten", "{start_dim = 1 : i64}", uniform({2, 3, 4}), {2, 12});
  checkUnary("flatten", "", uniform({2, 3, 4}), {24});
  checkUnary("flatten", "{start_dim = 0 : i64, end_dim = 1 : i64}",
             uniform({2, 3, 4}), {6, 4});
  checkUnary("flatten", "{start_dim = -2 : i64}", uniform({2, 3, 4}), {2, 12});
}

TEST_F(Gradcheck, Concat) {
  // Three inputs along each dimension, all three parameters.
  struct Case {
    int64_t dim;
    std::vector<std::vector<int64_t>> in;
    std::vector<int64_t> y;
  } cases[] = {
      {1, {{2, 1}, {2, 3}, {2, 2}}, {2, 6}},
      {0, {{1, 3}, {2, 3}, {3, 3}}, {6, 3}},
      {-1, {{2, 2, 1}, {2, 2, 2}, {2, 2, 3}}, {2, 2, 6}},
      {1, {{2, 1, 2}, {2, 2, 2}, {2, 1, 2}}, {2, 4, 2}},
  };
  for (const Case &c : cases) {
    SCOPED_TRACE("dim " + std::to_string(c.dim));
    std::vector<std::string> args, names = {"a", "b", "c"};
    std::vector<Tensor> vals;
    std::string types;
    for (size_t i = 0; i < 3; ++i) {
      args.push_back(param(names[i], ty(c.in[i])));
      vals.push_back(uniform(c.in[i]));
      types += (i ? ", " : "") + ty(c.in[i]);
    }
    std::string yT = ty(c.y);
    std::string body = "  %y = sinter.concat %a, %b, %c {dim = " +
                       std::to_string(c.dim) + " : i64} : (" + types +
                       ") -> " + yT;
    checkWeighted(args, body, yT, std::move(vals), c.y);
  }
}

TEST_F(Gradcheck, Slice) {
  struct Case {
    std::string attrs;
    std::vector<int64_t> x, y;
  } cases[] = {
      {"{dim = 1 : i64, start = 1 : i64, end = 5 : i64}", {3, 7}, {3, 4}},
      {"{dim = 1 : i64, start = 0 : i64, end = 7 : i64}", {3, 7}, {3, 7}},
      {"{dim = 1 : i64, start = 1 : i64, end = 6 : i64, step = 2 : i64}",
       {3, 7},
       {3, 3}},
      {"{dim = 1 : i64, start = 0 : i64, end = 7 : i64, step = 2 : i64}",
       {3, 7},
       {3, 4}},
      {"{dim = 1 : i64, start = 1 : i64, end = 7 : i64, step = 3 : i64}",
       {3, 7},
       {3, 2}},
      {"{dim = 0 : i64, start = 2 : i64, step = 3 : i64}", {8, 2}, {2, 2}},
      {"{dim = 0 : i64, start = 0 : i64, end = 8 : i64, step = 3 : i64}",
       {8, 2},
       {3, 2}},
      // Negative start, clamped end.
      {"{dim = -1 : i64, start = -4 : i64, end = 100 : i64}", {3, 7}, {3, 4}},
      {"{dim = 1 : i64, start = -5 : i64, end = 100 : i64, step = 2 : i64}",
       {3, 7},
       {3, 3}},
      {"{dim = 1 : i64, start = -100 : i64, end = -2 : i64, step = 2 : i64}",
       {3, 7},
       {3, 3}},
      {"{dim = 1 : i64, start = 2 : i64, end = 3 : i64}", {2, 4, 3}, {2, 1, 3}},
      // Zeros before, and the interleaved span cut at the end.
      {"{dim = 0 : i64, start = 1 : i64, step = 3 : i64}", {8, 2}, {3, 2}},
      // A step larger than the dimension: one element.
      {"{dim = 1 : i64, start = 2 : i64, step = 10 : i64}", {3, 7}, {3, 1}},
  };
  for (const Case &c : cases) {
    SCOPED_TRACE(c.attrs + " on " + ty(c.x));
    checkUnary("slice", c.attrs, uniform(c.x), c.y);
  }
}

// An empty slice: the gradient is zero.
TEST_F(Gradcheck, EmptySlice) {
  std::string x = ty({3, 4}), y = ty({3, 0});
  std::string source =
      "func.func @forward(" + param("x", x) + ", " + param("w", x) +
      ") -> tensor<f64> {\n"
      "  %s = sinter.slice %x {dim = 1 : i64, start = 3 : i64, end = 1 : i64} : (" +
      x + ") -> " + y + "\n"
      "  %a = sinter.sum %s : (" + y + ") -> tensor<f64>\n"
      "  %b = sinter.sum %w : (" + x + ") -> tensor<f64>\n"
      "  %loss = sinter.add %a, %b : (tensor<f64>, tensor<f64>) -> tensor<f64>\n"
      "  return %loss : tensor<f64>\n}\n";
  Options o;
  o.allowZero = true;
  Gradients g = check(source, {uniform({3, 4}), uniform({3, 4})}, o);
  ASSERT_EQ(g.grads.size(), 2u);
  expectValues(g.grads[0], std::vector<double>(12, 0.0), 0.0);
  expectValues(g.grads[1], std::vector<double>(12, 1.0), 0.0);
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

struct ReductionCase {
  std::string dims; // the attribute text, empty for all dims
  bool keepdim;
  std::vector<int64_t> y;
};
std::vector<ReductionCase> reductionCases() {
  // Over x of shape [2, 3, 4].
  return {
      {"0", false, {3, 4}},  {"0", true, {1, 3, 4}}, {"1", false, {2, 4}},
      {"1", true, {2, 1, 4}}, {"2", false, {2, 3}},  {"2", true, {2, 3, 1}},
      {"-1", false, {2, 3}}, {"0, 2", false, {3}},   {"2, 0", true, {1, 3, 1}},
      {"", false, {}},       {"", true, {1, 1, 1}},  {"0, 1, 2", false, {}},
  };
}
std::string reductionAttrs(const ReductionCase &c) {
  std::vector<std::string> parts;
  if (!c.dims.empty())
    parts.push_back("dims = array<i64: " + c.dims + ">");
  if (c.keepdim)
    parts.push_back("keepdim = true");
  return parts.empty() ? "" : "{" + join(parts) + "}";
}

TEST_F(Gradcheck, Reductions) {
  for (const char *op : {"sum", "mean", "max", "min"})
    for (const ReductionCase &c : reductionCases()) {
      SCOPED_TRACE(std::string(op) + " " + reductionAttrs(c));
      // Distinct values: no ties for max/min.
      checkUnary(op, reductionAttrs(c), distinct({2, 3, 4}), c.y);
    }
}

// amax/amin spread the gradient evenly over tied extrema, as PyTorch does.
TEST_F(Gradcheck, MaxMinTiesShareTheGradient) {
  for (const char *op : {"max", "min"}) {
    SCOPED_TRACE(op);
    bool isMax = std::string(op) == "max";
    std::string x = ty({2, 3}), y = ty({2});
    ASSERT_TRUE(parse(weighted({param("x", x)},
                               "  %y = sinter." + std::string(op) +
                                   " %x {dims = array<i64: 1>} : (" + x +
                                   ") -> " + y,
                               y)));
    auto fwd = module->lookupSymbol<mlir::func::FuncOp>("forward");
    ASSERT_TRUE(mlir::succeeded(mlir::sinter::differentiate(fwd)));
    Tensor xv = isMax ? values({2, 3}, {1.0, 3.0, 3.0, 2.0, 2.0, 2.0})
                      : values({2, 3}, {3.0, 1.0, 1.0, 2.0, 2.0, 2.0});
    auto res = interpret("forward_grad", {xv, values({2}, {4.0, 6.0})});
    ASSERT_TRUE(mlir::succeeded(res));
    expectValues((*res)[1], {0.0, 2.0, 2.0, 2.0, 2.0, 2.0});
    // All dims: one value shared by three maxima.
    ASSERT_TRUE(parse(weighted({param("x", x)},
                               "  %y = sinter." + std::string(op) + " %x : (" +
                                   x + ") -> tensor<f64>",
                               "tensor<f64>")));
    fwd = module->lookupSymbol<mlir::func::FuncOp>("forward");
    ASSERT_TRUE(mlir::succeeded(mlir::sinter::differentiate(fwd)));
    Tensor xa = isMax ? values({2, 3}, {5.0, 1.0, 5.0, 5.0, 2.0, 0.0})
                      : values({2, 3}, {-5.0, 1.0, -5.0, -5.0, 2.0, 0.0});
    res = interpret("forward_grad", {xa, values({}, {3.0})});
    ASSERT_TRUE(mlir::succeeded(res));
    expectValues((*res)[1], {1.0, 0.0, 1.0, 1.0, 0.0, 0.0});
  }
}

//===----------------------------------------------------------------------===//
// nn
//===----------------------------------------------------------------------===//

TEST_F(Gradcheck, EmbeddingDenseBackward) {
  // Linear in grad: the gradient gathers rows back (double backward).
  std::string g = ty({5, 3}), i = ty({5}, "i64"), y = ty({4, 3});
  checkWeighted({input("idx", i), param("g", g)},
                "  %y = sinter.embedding_dense_backward %g, %idx "
                "{num_weights = 4 : i64} : (" +
                    g + ", " + i + ") -> " + y,
                y, {indices({5}, {1, 3, 1, 0, 1}), uniform({5, 3})}, {4, 3});
}

TEST_F(Gradcheck, Embedding) {
  std::string w = ty({4, 3});
  // Duplicate indices accumulate into their row; row 2 is never used.
  {
    std::string i = ty({5}, "i64"), y = ty({5, 3});
    Gradients g = checkWeighted(
        {input("idx", i), param("w", w)},
        "  %y = sinter.embedding %idx, %w : (" + i + ", " + w + ") -> " + y, y,
        {indices({5}, {1, 3, 1, 0, 1}), uniform({4, 3})}, {5, 3});
    ASSERT_EQ(g.grads.size(), 1u);
    for (int64_t c = 0; c < 3; ++c)
      EXPECT_EQ(g.grads[0].data<double>()[2 * 3 + c], 0.0);
  }
  // 2-D indices.
  {
    std::string i = ty({2, 3}, "i64"), y = ty({2, 3, 3});
    checkWeighted({input("idx", i), param("w", w)},
                  "  %y = sinter.embedding %idx, %w : (" + i + ", " + w +
                      ") -> " + y,
                  y, {indices({2, 3}, {0, 2, 2, 3, 0, 2}), uniform({4, 3})},
                  {2, 3, 3});
  }
  // A 0-d index, and i32 indices.
  {
    std::string i = ty({}, "i64"), y = ty({3});
    checkWeighted({input("idx", i), param("w", w)},
                  "  %y = sinter.embedding %idx, %w : (" + i + ", " + w +
                      ") -> " + y,
                  y, {indices({}, {2}), uniform({4, 3})}, {3});
  }
  {
    std::string i = ty({4}, "i32"), y = ty({4, 3});
    checkWeighted({input("idx", i), param("w", w)},
                  "  %y = sinter.embedding %idx, %w : (" + i + ", " + w +
                      ") -> " + y,
                  y, {classes({4}, 4, DType::I32), uniform({4, 3})}, {4, 3});
  }
}

// The mask is fixed by (seed, stream, shape): finite differences see a
// linear function, and the gradient is R * mask / (1 - p).
TEST_F(Gradcheck, Dropout) {
  std::string x = ty({6, 5});
  std::string source =
      "func.func @forward(" + param("x", x) + ", " +
      "%seed: tensor<i64> {sinter.rng}, " + input("r", x) +
      ") -> (tensor<f64>, " + x + ") {\n"
      "  %y = sinter.dropout %x, %seed {p = 3.000000e-01 : f64, stream = 2 : i64} : (" +
      x + ", tensor<i64>) -> " + x + "\n"
      "  %m = sinter.mul %y, %r : (" + x + ", " + x + ") -> " + x + "\n"
      "  %loss = sinter.sum %m : (" + x + ") -> tensor<f64>\n"
      "  return %loss, %y : tensor<f64>, " + x + "\n}\n";
  Tensor xv = awayFrom({6, 5}, 0.0), r = uniform({6, 5});
  Gradients g = check(source, {xv, scalarI64(1234), r});
  ASSERT_EQ(g.grads.size(), 1u);
  ASSERT_EQ(g.forward.size(), 2u);
  const Tensor &y = g.forward[1];
  int64_t kept = 0;
  for (int64_t i = 0; i < 30; ++i) {
    double xi = xv.data<double>()[i], yi = y.data<double>()[i];
    bool keep = yi != 0.0;
    kept += keep;
    if (keep) {
      EXPECT_NEAR(yi, xi / 0.7, 1e-12) << "element " << i;
    }
    EXPECT_NEAR(g.grads[0].data<double>()[i],
                keep ? r.data<double>()[i] / 0.7 : 0.0, 1e-12)
        << "element " << i;
  }
  // Some kept, some dropped: the check is not vacuous.
  EXPECT_GT(kept, 0);
  EXPECT_LT(kept, 30);
}

//===----------------------------------------------------------------------===//
// Losses
//===----------------------------------------------------------------------===//

const char *const reductions[] = {"mean", "sum", "none"};

/// A @forward applying `loss` to %x and %t (both of type `type`, both
/// parameters when `targetIsParam`): the loss itself for mean/sum, its
/// weighted sum for none.
std::string elementwiseLoss(const std::string &loss, const std::string &type,
                            const std::string &reduction, bool targetIsParam) {
  std::vector<std::string> args = {
      param("x", type), targetIsParam ? param("t", type) : input("t", type)};
  std::string attrs = "{reduction = #sinter.reduction<" + reduction + ">}";
  if (reduction == "none")
    return weighted(args,
                    "  %y = sinter." + loss + " %x, %t " + attrs + " : (" +
                        type + ", " + type + ") -> " + type,
                    type);
  return direct(args, "  %loss = sinter." + loss + " %x, %t " + attrs + " : (" +
                          type + ", " + type + ") -> tensor<f64>");
}

TEST_F(Gradcheck, MseLoss) {
  for (const char *red : reductions)
    for (std::vector<int64_t> shape : {std::vector<int64_t>{3, 4}, {5}, {}}) {
      SCOPED_TRACE(std::string(red) + " " + ty(shape));
      std::vector<Tensor> args = {uniform(shape), uniform(shape)};
      if (std::string(red) == "none")
        args.push_back(uniform(shape));
      check(elementwiseLoss("mse_loss", ty(shape), red, true), args);
    }
}

TEST_F(Gradcheck, BinaryCrossEntropy) {
  for (const char *red : reductions) {
    // Hard targets in {0, 1} (a data input), then soft targets in [0, 1]
    // differentiated too (d/dt = log(1-p) - log(p)).
    for (bool soft : {false, true}) {
      SCOPED_TRACE(std::string(red) + (soft ? " soft targets" : " hard targets"));
      std::vector<int64_t> shape = {3, 4};
      std::vector<Tensor> args = {uniform(shape, 0.05, 0.95),
                                  soft ? uniform(shape, 0.0, 1.0) : bits(shape)};
      if (std::string(red) == "none")
        args.push_back(uniform(shape));
      check(elementwiseLoss("binary_cross_entropy", ty(shape), red, soft),
            args);
    }
  }
}

// Beyond the loss's -100 clamps, PyTorch's target gradient is still
// -logit(p) (binary_cross_entropy_target_backward), not the derivative of
// the clamped loss; the input gradient divides by max((1 - p) p, 1e-12).
TEST_F(Gradcheck, BinaryCrossEntropyExtremeProbabilities) {
  std::string t = ty({4});
  ASSERT_TRUE(parse(elementwiseLoss("binary_cross_entropy", t, "sum", true)));
  auto fwd = module->lookupSymbol<mlir::func::FuncOp>("forward");
  ASSERT_TRUE(mlir::succeeded(mlir::sinter::differentiate(fwd)));
  std::vector<double> p = {1e-50, 1.0 - 1e-12, 0.5, 1e-3};
  std::vector<double> tv = {0.25, 0.75, 1.0, 0.0};
  auto res = interpret("forward_grad", {values({4}, p), values({4}, tv)});
  ASSERT_TRUE(mlir::succeeded(res));
  std::vector<double> dp(4), dt(4);
  for (int i = 0; i < 4; ++i) {
    dp[i] = (p[i] - tv[i]) / std::max((1.0 - p[i]) * p[i], 1e-12);
    dt[i] = std::log1p(-p[i]) - std::log(p[i]);
  }
  for (int i = 0; i < 4; ++i) {
    EXPECT_NEAR(elementAt((*res)[1], i), dp[i], 1e-9 * std::fabs(dp[i]))
        << "d/dp element " << i;
    EXPECT_NEAR(elementAt((*res)[2], i), dt[i], 1e-6 * std::fabs(dt[i]) + 1e-12)
        << "d/dt element " << i;
  }
  // The first element is past the clamp: 115.1, where the clamped loss's
  // own slope would be 100.
  EXPECT_GT(elementAt((*res)[2], 0), 115.0);
}

TEST_F(Gradcheck, BinaryCrossEntropyWithLogits) {
  for (const char *red : reductions)
    for (bool soft : {false, true}) {
      SCOPED_TRACE(std::string(red) + (soft ? " soft targets" : " hard targets"));
      std::vector<int64_t> shape = {4, 3};
      std::vector<Tensor> args = {uniform(shape, -3.0, 3.0),
                                  soft ? uniform(shape, 0.0, 1.0) : bits(shape)};
      if (std::string(red) == "none")
        args.push_back(uniform(shape));
      check(elementwiseLoss("binary_cross_entropy_with_logits", ty(shape), red,
                            soft),
            args);
    }
}

/// A @forward applying the class loss `loss` to %x [xShape] (a parameter)
/// and the integer %t [tShape].
std::string classLoss(const std::string &loss, std::vector<int64_t> xShape,
                      std::vector<int64_t> tShape,
                      const std::string &reduction,
                      const std::string &targetElement = "i64") {
  std::string x = ty(xShape), t = ty(tShape, targetElement);
  std::vector<std::string> args = {param("x", x), input("t", t)};
  std::string attrs = "{reduction = #sinter.reduction<" + reduction + ">}";
  if (reduction == "none") {
    std::string y = ty(tShape);
    return weighted(args,
                    "  %y = sinter." + loss + " %x, %t " + attrs + " : (" + x +
                        ", " + t + ") -> " + y,
                    y);
  }
  return direct(args, "  %loss = sinter." + loss + " %x, %t " + attrs + " : (" +
                          x + ", " + t + ") -> tensor<f64>");
}

TEST_F(Gradcheck, CrossEntropyAndNllLoss) {
  for (const char *loss : {"cross_entropy", "nll_loss"})
    for (const char *red : reductions) {
      bool none = std::string(red) == "none";
      // Batched [N, C] with [N] targets.
      {
        SCOPED_TRACE(std::string(loss) + " " + red + " batched");
        std::vector<Tensor> args = {uniform({4, 5}, -2.0, 2.0),
                                    indices({4}, {0, 4, 2, 4})};
        if (none)
          args.push_back(uniform({4}));
        check(classLoss(loss, {4, 5}, {4}, red), args);
      }
      // i32 targets.
      {
        SCOPED_TRACE(std::string(loss) + " " + red + " i32 targets");
        std::vector<Tensor> args = {uniform({3, 6}, -2.0, 2.0),
                                    classes({3}, 6, DType::I32)};
        if (none)
          args.push_back(uniform({3}));
        check(classLoss(loss, {3, 6}, {3}, red, "i32"), args);
      }
      // Unbatched: [C] with a 0-d target.
      {
        SCOPED_TRACE(std::string(loss) + " " + red + " unbatched");
        std::vector<Tensor> args = {uniform({5}, -2.0, 2.0), indices({}, {3})};
        if (none)
          args.push_back(uniform({}));
        check(classLoss(loss, {5}, {}, red), args);
      }
    }
}

// nll_loss of log_softmax is cross_entropy: same loss, same gradient.
TEST_F(Gradcheck, NllLossOfLogSoftmaxIsCrossEntropy) {
  std::string x = ty({4, 5}), t = ty({4}, "i64");
  std::string source = direct(
      {param("x", x), input("t", t)},
      "  %lp = sinter.log_softmax %x {dim = 1 : i64} : (" + x + ") -> " + x +
          "\n  %loss = sinter.nll_loss %lp, %t : (" + x + ", " + t +
          ") -> tensor<f64>");
  Tensor xv = uniform({4, 5}, -2.0, 2.0), tv = classes({4}, 5);
  Gradients viaNll = check(source, {xv, tv});
  Gradients viaCe = check(classLoss("cross_entropy", {4, 5}, {4}, "mean"),
                          {xv, tv});
  ASSERT_TRUE(viaNll.ok && viaCe.ok);
  EXPECT_NEAR(elementAt(viaNll.forward[0], 0), elementAt(viaCe.forward[0], 0),
              1e-12);
  for (int64_t i = 0; i < 20; ++i)
    EXPECT_NEAR(elementAt(viaNll.grads[0], i), elementAt(viaCe.grads[0], i),
                1e-12);
}

//===----------------------------------------------------------------------===//
// Dynamic batch: one gradient program for every batch size
//===----------------------------------------------------------------------===//

// x: [?, 3] (a data input), w: [2, 3], b: [2]; `head` turns %h = linear(x)
// ([?, 2]) into %loss. Checked at batch 1 and 5, so that a mean over the
// batch must use the run-time count.
struct DynamicCase {
  const char *name;
  std::string head;
  std::vector<std::string> extraArgs;
};

TEST_F(Gradcheck, DynamicBatch) {
  std::string x = ty({-1, 3}), h = ty({-1, 2}), w = ty({2, 3}), b = ty({2});
  std::string lin = "  %h = sinter.linear %x, %w, %b : (" + x + ", " + w +
                    ", " + b + ") -> " + h + "\n";
  const DynamicCase cases[] = {
      {"mse_loss mean",
       "  %loss = sinter.mse_loss %h, %t : (" + h + ", " + h +
           ") -> tensor<f64>",
       {input("t", h)}},
      {"mse_loss sum",
       "  %loss = sinter.mse_loss %h, %t {reduction = #sinter.reduction<sum>} : (" +
           h + ", " + h + ") -> tensor<f64>",
       {input("t", h)}},
      {"cross_entropy mean",
       "  %loss = sinter.cross_entropy %h, %l : (" + h + ", " +
           ty({-1}, "i64") + ") -> tensor<f64>",
       {input("l", ty({-1}, "i64"))}},
      {"nll_loss mean",
       "  %loss = sinter.nll_loss %h, %l : (" + h + ", " + ty({-1}, "i64") +
           ") -> tensor<f64>",
       {input("l", ty({-1}, "i64"))}},
      {"binary_cross_entropy mean",
       "  %p = sinter.sigmoid %h : (" + h + ") -> " + h +
           "\n  %loss = sinter.binary_cross_entropy %p, %t : (" + h + ", " + h +
           ") -> tensor<f64>",
       {input("t", h)}},
      {"binary_cross_entropy_with_logits mean",
       "  %loss = sinter.binary_cross_entropy_with_logits %h, %t : (" + h +
           ", " + h + ") -> tensor<f64>",
       {input("t", h)}},
      {"mean over the batch, weighted",
       "  %m = sinter.mean %h {dims = array<i64: 0>} : (" + h + ") -> " +
           ty({2}) +
           "\n  %mr = sinter.mul %m, %r : (" + ty({2}) + ", " + ty({2}) +
           ") -> " + ty({2}) + "\n  %loss = sinter.sum %mr : (" + ty({2}) +
           ") -> tensor<f64>",
       {input("r", ty({2}))}},
      {"mean of everything",
       "  %s = sinter.tanh %h : (" + h + ") -> " + h +
           "\n  %loss = sinter.mean %s : (" + h + ") -> tensor<f64>",
       {}},
      {"sum over the batch, keepdim",
       "  %s = sinter.sum %h {dims = array<i64: 0>, keepdim = true} : (" + h +
           ") -> " + ty({1, 2}) + "\n  %q = sinter.pow %s {exponent = 2.0 : f64} : (" +
           ty({1, 2}) + ") -> " + ty({1, 2}) +
           "\n  %loss = sinter.sum %q : (" + ty({1, 2}) + ") -> tensor<f64>",
       {}},
      {"max over the batch",
       "  %m = sinter.max %h {dims = array<i64: 0>} : (" + h + ") -> " +
           ty({2}) + "\n  %e = sinter.exp %m : (" + ty({2}) + ") -> " +
           ty({2}) + "\n  %loss = sinter.sum %e : (" + ty({2}) +
           ") -> tensor<f64>",
       {}},
      {"softmax, slice, concat, reshape",
       "  %s = sinter.softmax %h {dim = 1 : i64} : (" + h + ") -> " + h +
           "\n  %c = sinter.slice %s {dim = 1 : i64, start = 1 : i64} : (" + h +
           ") -> " + ty({-1, 1}) +
           "\n  %j = sinter.concat %h, %c, %s {dim = 1 : i64} : (" + h + ", " +
           ty({-1, 1}) + ", " + h + ") -> " + ty({-1, 5}) +
           "\n  %k = sinter.reshape %j {shape = array<i64: -1>} : (" +
           ty({-1, 5}) + ") -> " + ty({-1}) +
           "\n  %q = sinter.mul %k, %k : (" + ty({-1}) + ", " + ty({-1}) +
           ") -> " + ty({-1}) + "\n  %loss = sinter.mean %q : (" + ty({-1}) +
           ") -> tensor<f64>",
       {}},
  };
  for (const DynamicCase &c : cases)
    for (int64_t batch : {1, 5}) {
      SCOPED_TRACE(std::string(c.name) + ", batch " + std::to_string(batch));
      std::vector<std::string> args = {input("x", x), param("w", w),
                                       param("b", b)};
      args.insert(args.end(), c.extraArgs.begin(), c.extraArgs.end());
      std::vector<Tensor> vals = {uniform({batch, 3}), uniform({2, 3}),
                                  uniform({2})};
      for (const std::string &extra : c.extraArgs) {
        if (extra.rfind("%t", 0) == 0)
          vals.push_back(std::string(c.name).find("binary") != std::string::npos
                             ? bits({batch, 2})
                             : uniform({batch, 2}));
        else if (extra.rfind("%l", 0) == 0)
          vals.push_back(classes({batch}, 2));
        else
          vals.push_back(uniform({2}));
      }
      Options o;
      o.wrt = {"x"};
      check(direct(args, lin + c.head), vals, o);
    }
}

// More ops on a dynamic batch: embedding of [?, 2] indices, 3-D linear,
// dropout, broadcasting against a parameter, where, amax and a squeeze.
TEST_F(Gradcheck, DynamicBatchMoreOps) {
  std::string i = ty({-1, 2}, "i64"), e = ty({-1, 2, 3}), w = ty({4, 3}),
              lw = ty({5, 3}), h = ty({-1, 2, 5}), v = ty({5}),
              m = ty({-1, 2, 5}, "i1"), r = ty({-1, 2}), k = ty({-1, 1, 5});
  std::string body =
      "  %e = sinter.embedding %idx, %table : (" + i + ", " + w + ") -> " + e + "\n"
      "  %h = sinter.linear %e, %lw : (" + e + ", " + lw + ") -> " + h + "\n"
      "  %d = sinter.dropout %h, %seed {p = 2.500000e-01 : f64} : (" + h +
      ", tensor<i64>) -> " + h + "\n"
      "  %mx = sinter.maximum %d, %v : (" + h + ", " + v + ") -> " + h + "\n"
      "  %zero = sinter.constant dense<0.0> : tensor<f64>\n"
      "  %pos = sinter.gt %h, %zero : (" + h + ", tensor<f64>) -> " + m + "\n"
      "  %sel = sinter.where %pos, %mx, %v : (" + m + ", " + h + ", " + v +
      ") -> " + h + "\n"
      "  %am = sinter.max %sel {dims = array<i64: 1>, keepdim = true} : (" + h +
      ") -> " + k + "\n"
      "  %sq = sinter.squeeze %am {dims = array<i64: 1>} : (" + k + ") -> " +
      ty({-1, 5}) + "\n"
      "  %s = sinter.sum %sel {dims = array<i64: 2>} : (" + h + ") -> " + r + "\n"
      "  %rs = sinter.mul %s, %r : (" + r + ", " + r + ") -> " + r + "\n"
      "  %a = sinter.mean %rs : (" + r + ") -> tensor<f64>\n"
      "  %b = sinter.mean %sq : (" + ty({-1, 5}) + ") -> tensor<f64>\n"
      "  %loss = sinter.add %a, %b : (tensor<f64>, tensor<f64>) -> tensor<f64>";
  for (int64_t batch : {1, 5}) {
    SCOPED_TRACE("batch " + std::to_string(batch));
    // v away from 0, where dropout's zeros would tie with it.
    Tensor vv = values({5}, {0.1, -0.35, 0.25, -0.2, 0.4});
    check(direct({input("idx", i), param("table", w), param("lw", lw),
                  param("v", v), "%seed: tensor<i64> {sinter.rng}",
                  input("r", r)},
                 body),
          {classes({batch, 2}, 4), uniform({4, 3}, -2.0, 2.0),
           uniform({5, 3}, -2.0, 2.0), vv, scalarI64(7),
           uniform({batch, 2})});
  }
}

//===----------------------------------------------------------------------===//
// Whole programs and the walk itself
//===----------------------------------------------------------------------===//

// linear - relu - linear - cross_entropy, every parameter checked.
TEST_F(Gradcheck, TwoLayerMlp) {
  for (int64_t batch : {4, 1}) {
    SCOPED_TRACE("batch " + std::to_string(batch));
    std::string x = ty({-1, 3}), l = ty({-1}, "i64"), w1 = ty({5, 3}),
                b1 = ty({5}), w2 = ty({4, 5}), b2 = ty({4}), h = ty({-1, 5}),
                o = ty({-1, 4});
    std::string source =
        "func.func @forward(" +
        join({input("x", x), input("labels", l), param("fc1.weight", w1),
              param("fc1.bias", b1), param("fc2.weight", w2),
              param("fc2.bias", b2)}) +
        ") -> (tensor<f64>, " + o + ") {\n"
        "  %h = sinter.linear %x, %fc1.weight, %fc1.bias : (" + x + ", " + w1 +
        ", " + b1 + ") -> " + h + "\n"
        "  %a = sinter.relu %h : (" + h + ") -> " + h + "\n"
        "  %o = sinter.linear %a, %fc2.weight, %fc2.bias : (" + h + ", " + w2 +
        ", " + b2 + ") -> " + o + "\n"
        "  %loss = sinter.cross_entropy %o, %labels : (" + o + ", " + l +
        ") -> tensor<f64>\n"
        "  return %loss, %o : tensor<f64>, " + o + "\n}\n";
    Gradients g = check(source,
                        {uniform({batch, 3}, -2.0, 2.0), classes({batch}, 4),
                         uniform({5, 3}), uniform({5}), uniform({4, 5}),
                         uniform({4})});
    EXPECT_TRUE(g.ok);
    EXPECT_EQ(g.grads.size(), 4u);
  }
}

// One value read by several ops: the contributions add up.
TEST_F(Gradcheck, ValueUsedTwiceAccumulates) {
  std::string t = ty({2, 3}), v = ty({3});
  std::string body =
      "  %sq = sinter.mul %x, %x : (" + t + ", " + t + ") -> " + t + "\n"
      "  %e = sinter.exp %x : (" + t + ") -> " + t + "\n"
      "  %s = sinter.add %sq, %e : (" + t + ", " + t + ") -> " + t + "\n"
      "  %wx = sinter.mul %s, %w : (" + t + ", " + v + ") -> " + t + "\n"
      "  %y = sinter.sub %wx, %w : (" + t + ", " + v + ") -> " + t;
  checkWeighted({param("x", t), param("w", v)}, body, t,
                {uniform({2, 3}), uniform({3})}, {2, 3});
  // x + x + x: exactly 3 R.
  std::string body3 =
      "  %a = sinter.add %x, %x : (" + t + ", " + t + ") -> " + t + "\n"
      "  %y = sinter.add %a, %x : (" + t + ", " + t + ") -> " + t;
  Tensor xv = uniform({2, 3}), r = uniform({2, 3});
  Gradients g = check(weighted({param("x", t)}, body3, t), {xv, r});
  ASSERT_EQ(g.grads.size(), 1u);
  for (int64_t i = 0; i < 6; ++i)
    EXPECT_NEAR(g.grads[0].data<double>()[i], 3.0 * r.data<double>()[i],
                1e-15);
}

// A parameter the loss does not depend on gets a zero gradient of its
// shape; so does one that only reaches a non-loss result.
TEST_F(Gradcheck, UnusedParameterHasZeroGradient) {
  std::string t = ty({2, 3}), u = ty({4, 1});
  std::string source =
      "func.func @forward(" +
      join({param("x", t), param("unused", u), param("aside", t)}) +
      ") -> (tensor<f64>, " + t + ") {\n"
      "  %e = sinter.exp %x : (" + t + ") -> " + t + "\n"
      "  %loss = sinter.sum %e : (" + t + ") -> tensor<f64>\n"
      "  %other = sinter.mul %aside, %x : (" + t + ", " + t + ") -> " + t + "\n"
      "  return %loss, %other : tensor<f64>, " + t + "\n}\n";
  Options o;
  o.allowZero = true;
  Tensor xv = uniform({2, 3});
  Gradients g = check(source, {xv, uniform({4, 1}), uniform({2, 3})}, o);
  ASSERT_EQ(g.grads.size(), 3u);
  EXPECT_EQ(g.grads[1].shape(), (std::vector<int64_t>{4, 1}));
  expectValues(g.grads[1], std::vector<double>(4, 0.0), 0.0);
  expectValues(g.grads[2], std::vector<double>(6, 0.0), 0.0);
  // x's gradient is exp(x).
  for (int64_t i = 0; i < 6; ++i)
    EXPECT_NEAR(g.grads[0].data<double>()[i],
                std::exp(xv.data<double>()[i]), 1e-15);
}

// One value as several operands of one op: concat(x, x), x·xᵀ, x - x.
TEST_F(Gradcheck, SameValueAsSeveralOperands) {
  std::string t = ty({2, 3}), c = ty({2, 6}), g = ty({2, 2}), u = ty({3, 2});
  checkWeighted({param("x", t)},
                "  %y = sinter.concat %x, %x {dim = 1 : i64} : (" + t + ", " +
                    t + ") -> " + c,
                c, {uniform({2, 3})}, {2, 6});
  checkWeighted({param("x", t)},
                "  %xt = sinter.transpose %x {dim0 = 0 : i64, dim1 = 1 : i64} : (" +
                    t + ") -> " + u +
                    "\n  %y = sinter.matmul %x, %xt : (" + t + ", " + u +
                    ") -> " + g,
                g, {uniform({2, 3})}, {2, 2});
  Options o;
  o.allowZero = true;
  Gradients z = checkWeighted(
      {param("x", t)},
      "  %y = sinter.sub %x, %x : (" + t + ", " + t + ") -> " + t, t,
      {uniform({2, 3})}, {2, 3}, o);
  ASSERT_EQ(z.grads.size(), 1u);
  expectValues(z.grads[0], std::vector<double>(6, 0.0), 0.0);
}

// Ops without a gradient (comparisons, argmax, one_hot, casts to integers)
// on the way: the gradient flows only through the differentiable operands.
TEST_F(Gradcheck, NonDifferentiableOpsOnThePath) {
  std::string t = ty({3, 4}), m = ty({3, 4}, "i1"), a = ty({3}, "i64"),
              oh = ty({3, 4}, "i64");
  std::string body =
      "  %zero = sinter.constant dense<0.0> : tensor<f64>\n"
      "  %pos = sinter.gt %x, %zero : (" + t + ", tensor<f64>) -> " + m + "\n"
      "  %sel = sinter.where %pos, %x, %zero : (" + m + ", " + t +
      ", tensor<f64>) -> " + t + "\n"
      "  %am = sinter.argmax %x {dim = 1 : i64} : (" + t + ") -> " + a + "\n"
      "  %oh = sinter.one_hot %am {num_classes = 4 : i64} : (" + a + ") -> " +
      oh + "\n"
      "  %ohf = sinter.cast %oh {dtype = f64} : (" + oh + ") -> " + t + "\n"
      "  %xi = sinter.cast %x {dtype = i64} : (" + t + ") -> " + oh + "\n"
      "  %xif = sinter.cast %xi {dtype = f64} : (" + oh + ") -> " + t + "\n"
      "  %p = sinter.mul %sel, %ohf : (" + t + ", " + t + ") -> " + t + "\n"
      "  %q = sinter.add %p, %xif : (" + t + ", " + t + ") -> " + t + "\n"
      "  %y = sinter.add %q, %x : (" + t + ", " + t + ") -> " + t;
  // Distinct values away from 0 and from the integers' truncation points.
  Tensor x = distinct({3, 4}, -0.9, 0.8);
  for (int64_t i = 0; i < 12; ++i)
    if (std::fabs(x.data<double>()[i]) < 0.05)
      x.data<double>()[i] = 0.07;
  checkWeighted({param("x", t)}, body, t, {x}, {3, 4});
}

// Data inputs asked for by name get gradients after the parameters.
TEST_F(Gradcheck, WrtInputs) {
  std::string x = ty({4, 3}), w = ty({2, 3}), y = ty({4, 2}), t = ty({4, 2});
  std::string source = direct(
      {input("x", x), param("w", w), input("t", t), input("scale", ty({}))},
      "  %h = sinter.linear %x, %w : (" + x + ", " + w + ") -> " + y +
          "\n  %hs = sinter.mul %h, %scale : (" + y + ", tensor<f64>) -> " + y +
          "\n  %loss = sinter.mse_loss %hs, %t : (" + y + ", " + t +
          ") -> tensor<f64>");
  std::vector<Tensor> vals = {uniform({4, 3}), uniform({2, 3}), uniform({4, 2}),
                              uniform({}, 0.5, 2.0)};
  Options o;
  o.wrt = {"x", "t", "scale"};
  Gradients g = check(source, vals, o);
  EXPECT_EQ(g.grads.size(), 4u);
  // Inputs only, no parameter.
  std::string noParams = direct(
      {input("x", x), input("t", t)},
      "  %e = sinter.tanh %x : (" + x + ") -> " + x +
          "\n  %loss = sinter.sum %e : (" + x + ") -> tensor<f64>");
  Options o2;
  o2.wrt = {"x"};
  check(noParams, {uniform({4, 3}), uniform({4, 2})}, o2);
}

// The loss is a parameter itself: d loss / d loss = 1.
TEST_F(Gradcheck, LossIsAParameter) {
  std::string source = "func.func @forward(" + param("l", ty({})) +
                       ") -> tensor<f64> {\n  return %l : tensor<f64>\n}\n";
  Gradients g = check(source, {uniform({})});
  ASSERT_EQ(g.grads.size(), 1u);
  expectValues(g.grads[0], {1.0}, 0.0);
}

//===----------------------------------------------------------------------===//
// Error paths: a diagnostic, failure(), and no @forward_grad left behind
//===----------------------------------------------------------------------===//

class DifferentiateErrors : public Gradcheck {
protected:
  /// differentiate(@forward, wrt) on `source`, expecting failure with a
  /// diagnostic containing `message`.
  void expectFailure(const std::string &source, const std::string &message,
                     std::vector<std::string> wrt = {}) {
    ASSERT_TRUE(parse(source));
    auto forward = module->lookupSymbol<mlir::func::FuncOp>("forward");
    ASSERT_TRUE(forward);
    bool hadGrad = bool(module->lookupSymbol("forward_grad"));
    auto handler = captureDiagnostics();
    mlir::FailureOr<mlir::func::FuncOp> grad =
        mlir::sinter::differentiate(forward, wrt);
    EXPECT_TRUE(mlir::failed(grad));
    EXPECT_NE(diagnostics.find(message), std::string::npos)
        << "diagnostics:\n"
        << diagnostics << "expected to contain: " << message;
    if (!hadGrad) {
      EXPECT_FALSE(module->lookupSymbol("forward_grad"))
          << "a failed differentiate() left @forward_grad behind";
    }
    EXPECT_TRUE(mlir::succeeded(mlir::verify(*module)));
  }
};

TEST_F(DifferentiateErrors, LossNotZeroD) {
  std::string t = ty({3});
  expectFailure("func.func @forward(" + param("x", t) + ") -> " + t +
                    " {\n  return %x : " + t + "\n}\n",
                "the loss (first result) must be a 0-d floating-point "
                "tensor, got 'tensor<3xf64>'");
}

TEST_F(DifferentiateErrors, LossNotFloat) {
  std::string t = ty({3});
  expectFailure("func.func @forward(" + param("x", t) + ", " +
                    input("n", ty({}, "i64")) +
                    ") -> tensor<i64> {\n  return %n : tensor<i64>\n}\n",
                "must be a 0-d floating-point tensor, got 'tensor<i64>'");
}

TEST_F(DifferentiateErrors, NoResult) {
  expectFailure("func.func @forward(" + param("x", ty({3})) +
                    ") {\n  return\n}\n",
                "must return the loss as its first result");
}

TEST_F(DifferentiateErrors, UnknownWrtInput) {
  std::string t = ty({});
  expectFailure("func.func @forward(" + param("x", t) + ", " + input("y", t) +
                    ") -> " + t + " {\n  return %x : " + t + "\n}\n",
                "no input named 'nope' (sinter.name) to differentiate for",
                {"nope"});
}

TEST_F(DifferentiateErrors, IntegerWrtInput) {
  std::string t = ty({});
  expectFailure("func.func @forward(" + param("x", t) + ", " +
                    input("labels", ty({4}, "i64")) + ") -> " + t +
                    " {\n  return %x : " + t + "\n}\n",
                "input 'labels' is not a floating-point tensor", {"labels"});
}

TEST_F(DifferentiateErrors, IntegerParameter) {
  std::string t = ty({});
  expectFailure("func.func @forward(" + param("x", t) + ", " +
                    param("steps", ty({}, "i64")) + ") -> " + t +
                    " {\n  return %x : " + t + "\n}\n",
                "parameter 'steps' must be a floating-point tensor");
}

TEST_F(DifferentiateErrors, GradientFunctionExists) {
  std::string t = ty({});
  expectFailure("func.func @forward(" + param("x", t) + ") -> " + t +
                    " {\n  return %x : " + t + "\n}\n"
                    "func.func @forward_grad() {\n  return\n}\n",
                "cannot differentiate @forward: @forward_grad already exists");
}

TEST_F(DifferentiateErrors, CallNotInlined) {
  std::string t = ty({3});
  expectFailure("func.func @g(%a: " + t + ") -> tensor<f64> {\n"
                "  %s = sinter.sum %a : (" + t + ") -> tensor<f64>\n"
                "  return %s : tensor<f64>\n}\n"
                "func.func @forward(" + param("x", t) + ") -> tensor<f64> {\n"
                "  %l = func.call @g(%x) : (" + t + ") -> tensor<f64>\n"
                "  return %l : tensor<f64>\n}\n",
                "cannot differentiate 'func.call' (inline calls first: "
                "--inline)");
}

TEST_F(DifferentiateErrors, SliceAlongDynamicDimension) {
  std::string t = ty({-1, 3}), s = ty({-1, 3});
  expectFailure(direct({param("x", t)},
                       "  %s = sinter.slice %x {dim = 0 : i64, start = 1 : i64} : (" +
                           t + ") -> " + s +
                           "\n  %loss = sinter.sum %s : (" + s +
                           ") -> tensor<f64>"),
                "cannot differentiate a slice along dynamic dimension 0");
}

TEST_F(DifferentiateErrors, ReshapeOfTwoDynamicDimensions) {
  std::string t = ty({-1, -1}), s = ty({-1});
  expectFailure(direct({param("x", t)},
                       "  %s = sinter.reshape %x {shape = array<i64: -1>} : (" +
                           t + ") -> " + s +
                           "\n  %loss = sinter.sum %s : (" + s +
                           ") -> tensor<f64>"),
                "has more than one dynamic dimension");
}

} // namespace
