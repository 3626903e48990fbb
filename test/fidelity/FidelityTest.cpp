//===- FidelityTest.cpp - Sinter trains as PyTorch trains -----------------===//
//
// For every golden file written by scripts/make-fidelity-goldens.py: build
// the seed model's training program (sinter-autodiff, then sinter-optimizer
// with the options the golden names), set the same deterministic initial
// weights, run the same 20 steps on the interpreter, and compare the loss of
// every step and the final parameters with PyTorch's: relative norm per
// tensor at most 1e-5 in float32 and 1e-10 in float64.
//
// Each model is trained twice: written in the dialect, as a compiler
// engineer hands it to sinter-opt (suite Fidelity), and written in the C++
// DSL the way the PyTorch tutorials write it, traced and compiled with
// sinter::compile (suite FidelityDsl).
//
//===----------------------------------------------------------------------===//

#include "sinter/Compile.h"
#include "sinter/interp/Interpreter.h"
#include "sinter/nn.h"
#include "SeedModels.h"
#include "sinter/ir/SinterDialect.h"
#include "sinter/passes/Passes.h"
#include "sinter/runtime/Safetensors.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MLProgram/IR/MLProgram.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <map>
#include <regex>

using ::sinter::DType;

using HostTensor = ::sinter::Tensor;

namespace {

//===----------------------------------------------------------------------===//
// The deterministic weights and batches (mirrors the script's `det`)
//===----------------------------------------------------------------------===//

double detUnit(uint64_t i, uint64_t key) {
  return double(((i + 1) * 2654435761ull + key * 40503ull) % 4294967296ull) /
         4294967296.0;
}

HostTensor detReal(std::vector<int64_t> shape, uint64_t key, double low,
               double high, DType dtype) {
  HostTensor t(dtype, shape);
  for (int64_t i = 0; i < t.numElements(); ++i) {
    double v = low + (high - low) * detUnit(i, key);
    if (dtype == DType::F32)
      t.data<float>()[i] = float(v);
    else
      t.data<double>()[i] = v;
  }
  return t;
}

HostTensor detInt(std::vector<int64_t> shape, uint64_t key, int64_t high) {
  HostTensor t(DType::I64, shape);
  for (int64_t i = 0; i < t.numElements(); ++i)
    t.data<int64_t>()[i] = int64_t(detUnit(i, key) * double(high));
  return t;
}

template <typename T> HostTensor toReal(const HostTensor &ints, DType dtype) {
  HostTensor t(dtype, ints.shape());
  for (int64_t i = 0; i < t.numElements(); ++i)
    t.data<T>()[i] = T(ints.data<int64_t>()[i]);
  return t;
}

//===----------------------------------------------------------------------===//
// The seed models
//===----------------------------------------------------------------------===//

struct Param {
  std::string name;
  std::vector<int64_t> shape;
  double bound;
};

struct SeedModel {
  std::string forward; // MLIR with `T` for the element type
  std::vector<Param> params;
  /// The (inputs, target) batch of a step, in the forward's argument order.
  std::function<std::vector<HostTensor>(int step, DType dtype)> batch;
};

std::vector<Param> linear(const std::string &name, int64_t in, int64_t out) {
  double bound = 1.0 / std::sqrt(double(in));
  return {{name + ".weight", {out, in}, bound}, {name + ".bias", {out}, bound}};
}

const std::map<std::string, SeedModel> &seedModels() {
  static const std::map<std::string, SeedModel> models = [] {
    std::map<std::string, SeedModel> m;
    auto concat = [](std::vector<std::vector<Param>> groups) {
      std::vector<Param> all;
      for (auto &g : groups)
        all.insert(all.end(), g.begin(), g.end());
      return all;
    };

    m["regression"] = {R"mlir(
func.func @forward(%x: tensor<16x3xT> {sinter.name = "x"}, %y: tensor<16x3xT> {sinter.name = "y"},
                   %w1: tensor<3x3xT> {sinter.param = "layer1.weight"}, %b1: tensor<3xT> {sinter.param = "layer1.bias"},
                   %w2: tensor<3x3xT> {sinter.param = "layer2.weight"}, %b2: tensor<3xT> {sinter.param = "layer2.bias"},
                   %w3: tensor<3x3xT> {sinter.param = "layer3.weight"}, %b3: tensor<3xT> {sinter.param = "layer3.bias"})
    -> (tensor<T> {sinter.name = "loss"}) {
  %h1 = sinter.linear %x, %w1, %b1 : (tensor<16x3xT>, tensor<3x3xT>, tensor<3xT>) -> tensor<16x3xT>
  %h2 = sinter.linear %h1, %w2, %b2 : (tensor<16x3xT>, tensor<3x3xT>, tensor<3xT>) -> tensor<16x3xT>
  %h3 = sinter.linear %h2, %w3, %b3 : (tensor<16x3xT>, tensor<3x3xT>, tensor<3xT>) -> tensor<16x3xT>
  %l = sinter.mse_loss %h3, %y : (tensor<16x3xT>, tensor<16x3xT>) -> tensor<T>
  return %l : tensor<T>
})mlir",
                       concat({linear("layer1", 3, 3), linear("layer2", 3, 3),
                               linear("layer3", 3, 3)}),
                       [](int step, DType dtype) {
                         HostTensor ints = detInt({16, 3}, 1000 + 10 * step, 100);
                         HostTensor x = dtype == DType::F32
                                        ? toReal<float>(ints, dtype)
                                        : toReal<double>(ints, dtype);
                         HostTensor y(dtype, {16, 3});
                         for (int64_t n = 0; n < 16; ++n) {
                           const int64_t *r = ints.data<int64_t>() + n * 3;
                           double t[3] = {double(r[0]), double(r[0] + r[1]),
                                          double(r[0] + r[1] + r[2])};
                           for (int j = 0; j < 3; ++j) {
                             if (dtype == DType::F32)
                               y.data<float>()[n * 3 + j] = float(t[j]);
                             else
                               y.data<double>()[n * 3 + j] = t[j];
                           }
                         }
                         return std::vector<HostTensor>{x, y};
                       }};

    m["perceptron"] = {R"mlir(
func.func @forward(%x: tensor<16x2xT> {sinter.name = "x"}, %y: tensor<16x1xT> {sinter.name = "y"},
                   %w: tensor<1x2xT> {sinter.param = "fc.weight"}, %b: tensor<1xT> {sinter.param = "fc.bias"})
    -> (tensor<T> {sinter.name = "loss"}) {
  %z = sinter.linear %x, %w, %b : (tensor<16x2xT>, tensor<1x2xT>, tensor<1xT>) -> tensor<16x1xT>
  %p = sinter.sigmoid %z : (tensor<16x1xT>) -> tensor<16x1xT>
  %l = sinter.binary_cross_entropy %p, %y : (tensor<16x1xT>, tensor<16x1xT>) -> tensor<T>
  return %l : tensor<T>
})mlir",
                       linear("fc", 2, 1), [](int step, DType dtype) {
                         HostTensor x = detReal({16, 2}, 1000 + 10 * step, 0.0,
                                            1.0, dtype);
                         HostTensor y(dtype, {16, 1});
                         for (int64_t n = 0; n < 16; ++n) {
                           // The sum in the element type, as PyTorch adds.
                           bool above =
                               dtype == DType::F32
                                   ? x.data<float>()[2 * n] +
                                             x.data<float>()[2 * n + 1] >
                                         1.0f
                                   : x.data<double>()[2 * n] +
                                             x.data<double>()[2 * n + 1] >
                                         1.0;
                           if (dtype == DType::F32)
                             y.data<float>()[n] = above ? 1.0f : 0.0f;
                           else
                             y.data<double>()[n] = above ? 1.0 : 0.0;
                         }
                         return std::vector<HostTensor>{x, y};
                       }};

    m["mlp"] = {R"mlir(
func.func @forward(%x: tensor<8x784xT> {sinter.name = "x"}, %labels: tensor<8xi64> {sinter.name = "labels"},
                   %w1: tensor<256x784xT> {sinter.param = "fc1.weight"}, %b1: tensor<256xT> {sinter.param = "fc1.bias"},
                   %w2: tensor<128x256xT> {sinter.param = "fc2.weight"}, %b2: tensor<128xT> {sinter.param = "fc2.bias"},
                   %w3: tensor<10x128xT> {sinter.param = "fc3.weight"}, %b3: tensor<10xT> {sinter.param = "fc3.bias"})
    -> (tensor<T> {sinter.name = "loss"}) {
  %z1 = sinter.linear %x, %w1, %b1 : (tensor<8x784xT>, tensor<256x784xT>, tensor<256xT>) -> tensor<8x256xT>
  %h1 = sinter.relu %z1 : (tensor<8x256xT>) -> tensor<8x256xT>
  %z2 = sinter.linear %h1, %w2, %b2 : (tensor<8x256xT>, tensor<128x256xT>, tensor<128xT>) -> tensor<8x128xT>
  %h2 = sinter.relu %z2 : (tensor<8x128xT>) -> tensor<8x128xT>
  %z3 = sinter.linear %h2, %w3, %b3 : (tensor<8x128xT>, tensor<10x128xT>, tensor<10xT>) -> tensor<8x10xT>
  %l = sinter.cross_entropy %z3, %labels : (tensor<8x10xT>, tensor<8xi64>) -> tensor<T>
  return %l : tensor<T>
})mlir",
                concat({linear("fc1", 784, 256), linear("fc2", 256, 128),
                        linear("fc3", 128, 10)}),
                [](int step, DType dtype) {
                  uint64_t key = 1000 + 10 * step;
                  return std::vector<HostTensor>{
                      detReal({8, 784}, key, 0.0, 1.0, dtype),
                      detInt({8}, key + 1, 10)};
                }};

    m["embedding"] = {R"mlir(
func.func @forward(%tokens: tensor<8x12xi64> {sinter.name = "tokens"}, %labels: tensor<8xi64> {sinter.name = "labels"},
                   %seed: tensor<i64> {sinter.rng},
                   %e: tensor<1000x16xT> {sinter.param = "embedding.weight"},
                   %w1: tensor<32x16xT> {sinter.param = "fc1.weight"}, %b1: tensor<32xT> {sinter.param = "fc1.bias"},
                   %w2: tensor<3x32xT> {sinter.param = "fc2.weight"}, %b2: tensor<3xT> {sinter.param = "fc2.bias"})
    -> (tensor<T> {sinter.name = "loss"}) {
  %v = sinter.embedding %tokens, %e : (tensor<8x12xi64>, tensor<1000x16xT>) -> tensor<8x12x16xT>
  %h = sinter.mean %v {dims = array<i64: 1>} : (tensor<8x12x16xT>) -> tensor<8x16xT>
  %z1 = sinter.linear %h, %w1, %b1 : (tensor<8x16xT>, tensor<32x16xT>, tensor<32xT>) -> tensor<8x32xT>
  %a1 = sinter.relu %z1 : (tensor<8x32xT>) -> tensor<8x32xT>
  %d1 = sinter.dropout %a1, %seed {p = 0.0 : f64} : (tensor<8x32xT>, tensor<i64>) -> tensor<8x32xT>
  %z2 = sinter.linear %d1, %w2, %b2 : (tensor<8x32xT>, tensor<3x32xT>, tensor<3xT>) -> tensor<8x3xT>
  %l = sinter.cross_entropy %z2, %labels : (tensor<8x3xT>, tensor<8xi64>) -> tensor<T>
  return %l : tensor<T>
})mlir",
                      concat({{{"embedding.weight", {1000, 16}, 1.0}},
                              linear("fc1", 16, 32), linear("fc2", 32, 3)}),
                      [](int step, DType) {
                        uint64_t key = 1000 + 10 * step;
                        return std::vector<HostTensor>{detInt({8, 12}, key, 1000),
                                                   detInt({8}, key + 1, 3)};
                      }};
    return m;
  }();
  return models;
}

//===----------------------------------------------------------------------===//
// The test: one per golden file
//===----------------------------------------------------------------------===//

double relativeDifference(const HostTensor &got, const HostTensor &want) {
  double diff = 0, norm = 0;
  for (int64_t i = 0; i < want.numElements(); ++i) {
    double g = got.dtype() == DType::F32 ? got.data<float>()[i]
                                         : got.data<double>()[i];
    double w = want.dtype() == DType::F32 ? want.data<float>()[i]
                                          : want.data<double>()[i];
    diff += (g - w) * (g - w);
    norm += w * w;
  }
  return norm > 0 ? std::sqrt(diff / norm) : std::sqrt(diff);
}

std::vector<std::string> goldenFiles() {
  std::vector<std::string> files;
  std::error_code ec;
  for (llvm::sys::fs::directory_iterator it(SINTER_FIDELITY_GOLDENS, ec), end;
       it != end && !ec; it.increment(ec))
    if (llvm::StringRef(it->path()).ends_with(".safetensors"))
      files.push_back(llvm::sys::path::filename(it->path()).str());
  std::sort(files.begin(), files.end());
  return files;
}

class Fidelity : public ::testing::TestWithParam<std::string> {};

TEST_P(Fidelity, MatchesPyTorch) {
  std::string path =
      std::string(SINTER_FIDELITY_GOLDENS) + "/" + GetParam();
  ::sinter::SafetensorsFile golden;
  std::string error;
  ASSERT_TRUE(::sinter::readSafetensors(path, golden, error)) << error;
  std::map<std::string, std::string> meta(golden.metadata.begin(),
                                          golden.metadata.end());
  const SeedModel &model = seedModels().at(meta.at("model"));
  bool f32 = meta.at("dtype") == "float32";
  DType dtype = f32 ? DType::F32 : DType::F64;
  double tolerance = f32 ? 1e-5 : 1e-10;
  int steps = std::stoi(meta.at("steps"));

  mlir::MLIRContext context;
  context.loadDialect<mlir::sinter::SinterDialect, mlir::func::FuncDialect,
                      mlir::ml_program::MLProgramDialect>();
  std::string diagnostics;
  mlir::ScopedDiagnosticHandler handler(&context, [&](mlir::Diagnostic &d) {
    diagnostics += d.str() + "\n";
    return mlir::success();
  });
  std::string source = std::regex_replace(model.forward, std::regex("xT>"),
                                          f32 ? "xf32>" : "xf64>");
  source = std::regex_replace(source, std::regex("<T>"),
                              f32 ? "<f32>" : "<f64>");
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceString<mlir::ModuleOp>(source, &context);
  ASSERT_TRUE(module) << diagnostics;

  // The sinter-opt route: the same pipeline a user spells on the command
  // line.
  mlir::sinter::registerSinterPasses();
  mlir::PassManager pm(&context);
  std::string pipeline = "sinter-autodiff,sinter-optimizer{" +
                         meta.at("options") + "}";
  ASSERT_TRUE(mlir::succeeded(mlir::parsePassPipeline(pipeline, pm)))
      << pipeline;
  ASSERT_TRUE(mlir::succeeded(pm.run(*module))) << diagnostics;

  mlir::sinter::ProgramState state;
  ASSERT_TRUE(mlir::succeeded(mlir::sinter::initializeGlobals(*module, state)))
      << diagnostics;
  for (size_t k = 0; k < model.params.size(); ++k) {
    const Param &p = model.params[k];
    state.globals[p.name] =
        detReal(p.shape, 100 + k, -p.bound, p.bound, dtype);
  }
  auto trainStep = module->lookupSymbol<mlir::func::FuncOp>("train_step");
  ASSERT_TRUE(trainStep);

  const HostTensor *losses = golden.find("loss");
  ASSERT_TRUE(losses);
  for (int step = 0; step < steps; ++step) {
    auto results =
        mlir::sinter::interpret(trainStep, model.batch(step, dtype), &state);
    ASSERT_TRUE(mlir::succeeded(results)) << diagnostics;
    double got = f32 ? (*results)[0].data<float>()[0]
                     : (*results)[0].data<double>()[0];
    double want = f32 ? losses->data<float>()[step]
                      : losses->data<double>()[step];
    EXPECT_LE(std::abs(got - want), tolerance * std::max(1.0, std::abs(want)))
        << "loss of step " << step << ": sinter " << got << ", torch " << want;
  }
  for (const Param &p : model.params) {
    const HostTensor *want = golden.find(p.name);
    ASSERT_TRUE(want) << p.name;
    const HostTensor &got = state.globals.at(p.name);
    ASSERT_EQ(got.shape(), want->shape()) << p.name;
    double rel = relativeDifference(got, *want);
    EXPECT_LE(rel, tolerance) << p.name << " after " << steps
                              << " steps: relative difference " << rel;
  }
}

//===----------------------------------------------------------------------===//
// The same models in the C++ DSL
//===----------------------------------------------------------------------===//

namespace nn = ::sinter::nn;
using nn::Tensor;
namespace F = nn::functional;
using seed::MLP;
using seed::Perceptron;
using seed::Regression;
using EmbeddingClassifier = seed::TextClassifier;





nn::Traced traceSeedModel(const std::string &name, DType dtype) {
  using nn::Batch;
  using nn::Input;
  if (name == "regression") {
    Regression model;
    model->to(dtype);
    return nn::trace(model, nn::MSELoss(),
                     {Input("x", {Batch(16), 3}, dtype),
                      Input("y", {Batch(16), 3}, dtype)});
  }
  if (name == "perceptron") {
    Perceptron model;
    model->to(dtype);
    return nn::trace(model, nn::BCELoss(),
                     {Input("x", {Batch(16), 2}, dtype),
                      Input("y", {Batch(16), 1}, dtype)});
  }
  if (name == "mlp") {
    MLP model;
    model->to(dtype);
    return nn::trace(model, nn::CrossEntropyLoss(),
                     {Input("x", {Batch(8), 784}, dtype),
                      Input("labels", {Batch(8)}, DType::I64)});
  }
  EmbeddingClassifier model;
  model->to(dtype);
  return nn::trace(model, nn::CrossEntropyLoss(),
                   {Input("tokens", {Batch(8), 12}, DType::I64),
                    Input("labels", {Batch(8)}, DType::I64)});
}

/// The golden's sinter-optimizer options as an optimizer choice.
struct GoldenOptimizer : ::sinter::optim::Optimizer {
  explicit GoldenOptimizer(const std::string &options)
      : Optimizer(options, 0.0) {}
};

/// Trains the DSL model of golden `file` on `target` and compares with the
/// golden.
void trainDslModel(const std::string &file, const ::sinter::Target &target) {
  std::string path = std::string(SINTER_FIDELITY_GOLDENS) + "/" + file;
  ::sinter::SafetensorsFile golden;
  std::string error;
  ASSERT_TRUE(::sinter::readSafetensors(path, golden, error)) << error;
  std::map<std::string, std::string> meta(golden.metadata.begin(),
                                          golden.metadata.end());
  const std::string &modelName = meta.at("model");
  const SeedModel &model = seedModels().at(modelName);
  bool f32 = meta.at("dtype") == "float32";
  DType dtype = f32 ? DType::F32 : DType::F64;
  double tolerance = f32 ? 1e-5 : 1e-10;
  int steps = std::stoi(meta.at("steps"));

  nn::Traced program = traceSeedModel(modelName, dtype);
  ASSERT_TRUE(program) << program.error();
  auto compiled =
      ::sinter::compile(*program, GoldenOptimizer(meta.at("options")), target);
  ASSERT_TRUE(compiled) << compiled.error();
  ASSERT_TRUE(compiled->init(0)) << "init";

  // The deterministic initial weights, loaded as a checkpoint.
  ::sinter::SafetensorsFile weights;
  for (size_t k = 0; k < model.params.size(); ++k) {
    const Param &p = model.params[k];
    weights.tensors.push_back(
        {p.name, detReal(p.shape, 100 + k, -p.bound, p.bound, dtype)});
  }
  llvm::SmallString<128> checkpoint;
  ASSERT_FALSE(llvm::sys::fs::createTemporaryFile("fidelity", "safetensors",
                                                  checkpoint));
  ASSERT_TRUE(::sinter::writeSafetensors(checkpoint.str().str(), weights,
                                         error))
      << error;
  auto loaded = compiled->load(checkpoint.str().str());
  llvm::sys::fs::remove(checkpoint);
  ASSERT_TRUE(loaded) << loaded.error();

  const HostTensor *losses = golden.find("loss");
  ASSERT_TRUE(losses);
  for (int step = 0; step < steps; ++step) {
    auto loss = compiled->train_step(model.batch(step, dtype));
    ASSERT_TRUE(loss) << loss.error();
    double got = f32 ? loss->data<float>()[0] : loss->data<double>()[0];
    double want = f32 ? losses->data<float>()[step]
                      : losses->data<double>()[step];
    EXPECT_LE(std::abs(got - want), tolerance * std::max(1.0, std::abs(want)))
        << "loss of step " << step << ": sinter " << got << ", torch " << want;
  }
  std::map<std::string, ::sinter::Tensor> state = compiled->state_dict();
  for (const Param &p : model.params) {
    const ::sinter::Tensor *want = golden.find(p.name);
    ASSERT_TRUE(want) << p.name;
    ASSERT_TRUE(state.count(p.name)) << p.name;
    double rel = relativeDifference(state.at(p.name), *want);
    EXPECT_LE(rel, tolerance) << p.name << " after " << steps
                              << " steps: relative difference " << rel;
  }
}

class FidelityDsl : public ::testing::TestWithParam<std::string> {};
TEST_P(FidelityDsl, MatchesPyTorch) {
  trainDslModel(GetParam(), ::sinter::Target::interpreter());
}

/// The same, compiled for this CPU (ctest label `cpu`).
class FidelityCpu : public ::testing::TestWithParam<std::string> {};
TEST_P(FidelityCpu, MatchesPyTorch) {
  trainDslModel(GetParam(), ::sinter::Target::cpu());
}

std::string testName(const ::testing::TestParamInfo<std::string> &info) {
  std::string name = info.param.substr(0, info.param.find('.'));
  for (char &c : name)
    if (!isalnum(static_cast<unsigned char>(c)))
      c = '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Goldens, Fidelity, ::testing::ValuesIn(goldenFiles()),
                         testName);
INSTANTIATE_TEST_SUITE_P(Goldens, FidelityDsl,
                         ::testing::ValuesIn(goldenFiles()), testName);
INSTANTIATE_TEST_SUITE_P(Goldens, FidelityCpu,
                         ::testing::ValuesIn(goldenFiles()), testName);

} // namespace

namespace {

// A batch larger than Batch::upTo's bound is refused by the compiled program
// (its memory plan is sized for the bound), not run into a buffer overrun.
TEST(CompiledBounds, BatchLargerThanTheBoundIsAnError) {
  MLP model;
  auto program = nn::trace(model, nn::CrossEntropyLoss(),
                           {nn::Input("x", {nn::Batch::upTo(4), 784}),
                            nn::Input("labels", {nn::Batch::upTo(4)},
                                      DType::I64)});
  ASSERT_TRUE(program) << program.error();
  auto compiled = ::sinter::compile(
      *program, ::sinter::optim::SGD(::sinter::optim::SGDOptions(0.1)),
      ::sinter::Target::cpu());
  ASSERT_TRUE(compiled) << compiled.error();
  ASSERT_TRUE(compiled->init(0));
  auto ok = compiled->train_step({detReal({4, 784}, 1, 0, 1, DType::F32),
                                  detInt({4}, 2, 10)});
  EXPECT_TRUE(ok) << ok.error();
  auto tooBig = compiled->train_step({detReal({5, 784}, 1, 0, 1, DType::F32),
                                      detInt({5}, 2, 10)});
  ASSERT_FALSE(tooBig);
  EXPECT_NE(tooBig.error().find("batch of 5, larger than the program's bound "
                                "of 4"),
            std::string::npos)
      << tooBig.error();
}

} // namespace
