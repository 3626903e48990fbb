//===- FrontendTest.cpp - The C++ model-building DSL (sinter::nn) ---------===//
//
// state_dict names and reprs as PyTorch gives them, the four seed models
// recorded, verified and evaluated with the reference interpreter against
// losses computed here by plain loops, and errors reported once, on one
// line, at the user's line, without aborting.
//
//===----------------------------------------------------------------------===//

#include "sinter/interp/Interpreter.h"
#include "sinter/nn.h"
#include "sinter/nn/detail/ProgramImpl.h"
#include "sinter/runtime/Tensor.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Verifier.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>
#include <string>
#include <vector>

namespace nn = sinter::nn;
namespace F = sinter::nn::functional;
using HostTensor = ::sinter::Tensor;
using nn::Batch;
using nn::DType;
using nn::Input;
using nn::Tensor;
using ::testing::HasSubstr;
using ::testing::Not;

namespace {

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

HostTensor f32(std::vector<int64_t> shape, std::vector<float> values) {
  HostTensor t(DType::F32, std::move(shape));
  EXPECT_EQ(static_cast<int64_t>(values.size()), t.numElements());
  for (size_t i = 0; i < values.size(); ++i)
    t.data<float>()[i] = values[i];
  return t;
}

HostTensor i64(std::vector<int64_t> shape, std::vector<int64_t> values) {
  HostTensor t(DType::I64, std::move(shape));
  EXPECT_EQ(static_cast<int64_t>(values.size()), t.numElements());
  for (size_t i = 0; i < values.size(); ++i)
    t.data<int64_t>()[i] = values[i];
  return t;
}

HostTensor seed(int64_t s) { return i64({}, {s}); }

mlir::func::FuncOp lookup(const nn::Program &program, const char *name) {
  return nn::detail::moduleOf(program).lookupSymbol<mlir::func::FuncOp>(name);
}

/// The sinter.name / sinter.param / sinter.rng of each argument of `func`.
std::vector<std::string> argLabels(mlir::func::FuncOp func) {
  std::vector<std::string> labels;
  for (unsigned i = 0; i < func.getNumArguments(); ++i) {
    if (auto n = func.getArgAttrOfType<mlir::StringAttr>(i, "sinter.name"))
      labels.push_back(n.str());
    else if (auto p =
                 func.getArgAttrOfType<mlir::StringAttr>(i, "sinter.param"))
      labels.push_back("param:" + p.str());
    else if (func.getArgAttr(i, "sinter.rng"))
      labels.push_back("rng");
    else
      labels.push_back("?");
  }
  return labels;
}

std::vector<std::string> resultLabels(mlir::func::FuncOp func) {
  std::vector<std::string> labels;
  for (unsigned i = 0; i < func.getNumResults(); ++i) {
    if (auto n =
            func.getResultAttrOfType<mlir::StringAttr>(i, "sinter.name"))
      labels.push_back(n.str());
    else if (auto p =
                 func.getResultAttrOfType<mlir::StringAttr>(i, "sinter.param"))
      labels.push_back("param:" + p.str());
    else
      labels.push_back("?");
  }
  return labels;
}

std::vector<HostTensor> run(mlir::func::FuncOp func,
                            const std::vector<HostTensor> &args) {
  EXPECT_TRUE(func);
  if (!func)
    return {};
  mlir::FailureOr<std::vector<HostTensor>> results =
      mlir::sinter::interpret(func, args);
  EXPECT_TRUE(mlir::succeeded(results)) << "interpreting @"
                                        << func.getName().str();
  return mlir::succeeded(results) ? *results : std::vector<HostTensor>();
}

std::vector<HostTensor> concat(std::vector<HostTensor> a,
                               const std::vector<HostTensor> &b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

float scalarOf(const HostTensor &t) {
  EXPECT_EQ(t.numElements(), 1);
  return t.numElements() == 1 ? t.data<float>()[0] : NAN;
}

using Matrix = std::vector<std::vector<double>>;

Matrix toMatrix(const HostTensor &t) {
  Matrix m(static_cast<size_t>(t.dim(0)),
           std::vector<double>(static_cast<size_t>(t.rank() > 1 ? t.dim(1) : 1)));
  for (size_t i = 0; i < m.size(); ++i)
    for (size_t j = 0; j < m[i].size(); ++j)
      m[i][j] = t.data<float>()[i * m[i].size() + j];
  return m;
}

/// x·Wᵀ + b by loops.
Matrix linearRef(const Matrix &x, const HostTensor &w, const HostTensor &b) {
  int64_t out = w.dim(0), in = w.dim(1);
  Matrix y(x.size(), std::vector<double>(static_cast<size_t>(out)));
  for (size_t n = 0; n < x.size(); ++n)
    for (int64_t o = 0; o < out; ++o) {
      double acc = b.data<float>()[o];
      for (int64_t i = 0; i < in; ++i)
        acc += x[n][static_cast<size_t>(i)] * w.data<float>()[o * in + i];
      y[n][static_cast<size_t>(o)] = acc;
    }
  return y;
}

Matrix reluRef(Matrix x) {
  for (auto &row : x)
    for (double &v : row)
      v = std::max(v, 0.0);
  return x;
}

double crossEntropyRef(const Matrix &logits, const std::vector<int64_t> &labels) {
  double total = 0;
  for (size_t n = 0; n < logits.size(); ++n) {
    double mx = -INFINITY;
    for (double v : logits[n])
      mx = std::max(mx, v);
    double s = 0;
    for (double v : logits[n])
      s += std::exp(v - mx);
    total += -(logits[n][static_cast<size_t>(labels[n])] - mx - std::log(s));
  }
  return total / static_cast<double>(logits.size());
}

bool oneLine(const std::string &s) { return s.find('\n') == std::string::npos; }

std::string here(int line) {
  return "FrontendTest.cpp:" + std::to_string(line) + ": error: ";
}

//===----------------------------------------------------------------------===//
// Models
//===----------------------------------------------------------------------===//

struct NetImpl : nn::Module {
  NetImpl() {
    fc1 = register_module("fc1", nn::Linear(784, 128));
    relu = register_module("relu", nn::ReLU());
    seq = register_module("seq",
                          nn::Sequential(nn::Linear(128, 10), nn::Softmax(1)));
  }
  Tensor forward(const Tensor &x) { return seq(relu(fc1(x))); }
  nn::Linear fc1{nullptr};
  nn::ReLU relu{nullptr};
  nn::Sequential seq{nullptr};
};
SINTER_MODULE(Net);

struct EncoderImpl : nn::Module {
  EncoderImpl() { layer1 = register_module("layer1", nn::Linear(4, 8)); }
  Tensor forward(const Tensor &x) { return layer1(x); }
  nn::Linear layer1{nullptr};
};
SINTER_MODULE(Encoder);

struct AutoImpl : nn::Module {
  AutoImpl() {
    scale = register_parameter("scale", {8}, nn::Init::ones());
    encoder = register_module("encoder", Encoder());
    layers = register_module(
        "layers", nn::ModuleList(nn::Linear(8, 8), nn::Linear(8, 8)));
  }
  Tensor forward(const Tensor &x) {
    Tensor h = encoder(x) * scale;
    for (const nn::AnyModule &layer : *layers)
      h = F::relu(layer(h));
    return h;
  }
  Tensor scale;
  Encoder encoder{nullptr};
  nn::ModuleList layers{nullptr};
};
SINTER_MODULE(Auto);

/// Seed model 3: the 784-256-128-10 ReLU MLP.
struct MlpImpl : nn::Module {
  MlpImpl() {
    fc1 = register_module("fc1", nn::Linear(784, 256));
    fc2 = register_module("fc2", nn::Linear(256, 128));
    fc3 = register_module("fc3", nn::Linear(128, 10));
  }
  Tensor forward(const Tensor &x) {
    Tensor h = F::relu(fc1(x));
    h = F::relu(fc2(h));
    return fc3(h);
  }
  nn::Linear fc1{nullptr}, fc2{nullptr}, fc3{nullptr};
};
SINTER_MODULE(Mlp);

/// Seed model 4: a bag-of-embeddings text classifier.
struct TextImpl : nn::Module {
  TextImpl() {
    embed = register_module("embed", nn::Embedding(1000, 16));
    fc1 = register_module("fc1", nn::Linear(16, 32));
    relu = register_module("relu", nn::ReLU());
    drop = register_module("drop", nn::Dropout(0));
    fc2 = register_module("fc2", nn::Linear(32, 3));
  }
  Tensor forward(const Tensor &tokens) {
    Tensor h = embed(tokens).mean({1});
    return fc2(drop(relu(fc1(h))));
  }
  nn::Embedding embed{nullptr};
  nn::Linear fc1{nullptr};
  nn::ReLU relu{nullptr};
  nn::Dropout drop{nullptr};
  nn::Linear fc2{nullptr};
};
SINTER_MODULE(Text);

//===----------------------------------------------------------------------===//
// Module tree: names and reprs
//===----------------------------------------------------------------------===//

std::vector<std::string> names(const nn::Module &m) {
  std::vector<std::string> out;
  for (auto &p : m.named_parameters())
    out.push_back(p.first);
  return out;
}

TEST(FrontendModule, StateDictNames) {
  Net net;
  EXPECT_THAT(names(*net), ::testing::ElementsAre("fc1.weight", "fc1.bias",
                                                  "seq.0.weight", "seq.0.bias"));
  Auto a;
  EXPECT_THAT(names(*a),
              ::testing::ElementsAre("scale", "encoder.layer1.weight",
                                     "encoder.layer1.bias", "layers.0.weight",
                                     "layers.0.bias", "layers.1.weight",
                                     "layers.1.bias"));
  EXPECT_EQ(a->parameters().size(), 7u);
  EXPECT_EQ(a->named_parameters(/*recurse=*/false).size(), 1u);
  EXPECT_EQ(a->children().size(), 2u);
  auto fc = net->named_parameters()[0].second;
  EXPECT_EQ(fc.sizes(), (std::vector<int64_t>{128, 784}));
  EXPECT_EQ(fc.dtype(), DType::F32);
  EXPECT_FALSE(fc.defined()) << "a parameter has no value outside a trace";

  std::vector<std::string> moduleNames;
  for (auto &m : a->named_modules())
    moduleNames.push_back(m.first);
  EXPECT_THAT(moduleNames,
              ::testing::ElementsAre("", "encoder", "encoder.layer1", "layers",
                                     "layers.0", "layers.1"));
}

TEST(FrontendModule, TrainEval) {
  Text t;
  EXPECT_TRUE(t->is_training());
  EXPECT_TRUE(t->drop->is_training());
  t->eval();
  EXPECT_FALSE(t->is_training());
  EXPECT_FALSE(t->drop->is_training());
  t->train();
  EXPECT_TRUE(t->drop->is_training());
}

TEST(FrontendModule, ReprAsPyTorch) {
  Net net;
  EXPECT_EQ(net->str(),
            "Net(\n"
            "  (fc1): Linear(in_features=784, out_features=128, bias=True)\n"
            "  (relu): ReLU()\n"
            "  (seq): Sequential(\n"
            "    (0): Linear(in_features=128, out_features=10, bias=True)\n"
            "    (1): Softmax(dim=1)\n"
            "  )\n"
            ")");
  std::ostringstream os;
  os << net;
  EXPECT_EQ(os.str(), net->str());

  EXPECT_EQ(nn::Linear(3, 1, false)->str(),
            "Linear(in_features=3, out_features=1, bias=False)");
  EXPECT_EQ(nn::ReLU()->str(), "ReLU()");
  EXPECT_EQ(nn::Sigmoid()->str(), "Sigmoid()");
  EXPECT_EQ(nn::Tanh()->str(), "Tanh()");
  EXPECT_EQ(nn::Softmax(1)->str(), "Softmax(dim=1)");
  EXPECT_EQ(nn::LogSoftmax(-1)->str(), "LogSoftmax(dim=-1)");
  EXPECT_EQ(nn::Embedding(1000, 64)->str(), "Embedding(1000, 64)");
  EXPECT_EQ(nn::Dropout()->str(), "Dropout(p=0.5, inplace=False)");
  EXPECT_EQ(nn::Dropout(0.1)->str(), "Dropout(p=0.1, inplace=False)");
  EXPECT_EQ(nn::Dropout(0)->str(), "Dropout(p=0, inplace=False)");
  EXPECT_EQ(nn::Dropout(0.0)->str(), "Dropout(p=0.0, inplace=False)");
  EXPECT_EQ(nn::Flatten()->str(), "Flatten(start_dim=1, end_dim=-1)");
  EXPECT_EQ(nn::Sequential()->str(), "Sequential()");
  EXPECT_EQ(nn::ModuleList()->str(), "ModuleList()");
  EXPECT_EQ(nn::MSELoss()->str(), "MSELoss()");
  EXPECT_EQ(nn::CrossEntropyLoss(nn::Reduction::Sum)->str(),
            "CrossEntropyLoss()");
  EXPECT_EQ(nn::NLLLoss()->str(), "NLLLoss()");
  EXPECT_EQ(nn::BCELoss()->str(), "BCELoss()");
  EXPECT_EQ(nn::BCEWithLogitsLoss()->str(), "BCEWithLogitsLoss()");

  // Nested modules indent; ModuleList compresses runs of equal modules.
  Auto a;
  EXPECT_EQ(a->str(),
            "Auto(\n"
            "  (encoder): Encoder(\n"
            "    (layer1): Linear(in_features=4, out_features=8, bias=True)\n"
            "  )\n"
            "  (layers): ModuleList(\n"
            "    (0-1): 2 x Linear(in_features=8, out_features=8, bias=True)\n"
            "  )\n"
            ")");
  nn::ModuleList list(nn::Linear(2, 2), nn::ReLU(), nn::ReLU(),
                      nn::Sequential(nn::Linear(2, 3)));
  EXPECT_EQ(list->str(),
            "ModuleList(\n"
            "  (0): Linear(in_features=2, out_features=2, bias=True)\n"
            "  (1-2): 2 x ReLU()\n"
            "  (3): Sequential(\n"
            "    (0): Linear(in_features=2, out_features=3, bias=True)\n"
            "  )\n"
            ")");
}

//===----------------------------------------------------------------------===//
// Seed model 1: three stacked Linear(3, 3), MSELoss
//===----------------------------------------------------------------------===//

TEST(FrontendSeedModels, StackedLinearMse) {
  nn::Sequential model(nn::Linear(3, 3), nn::Linear(3, 3), nn::Linear(3, 3));
  auto program = nn::trace(model, nn::MSELoss(),
                           {Input("x", {Batch(4), 3}), Input("y", {Batch(4), 3})});
  ASSERT_TRUE(program) << program.error();
  EXPECT_TRUE(mlir::succeeded(mlir::verify(nn::detail::moduleOf(*program))));
  EXPECT_THAT(program->functions(),
              ::testing::ElementsAre("forward", "eval", "predict",
                                     "initializer"));
  std::string ir = program->str();
  EXPECT_THAT(ir, HasSubstr("sinter.mse_loss"));
  EXPECT_THAT(ir, Not(HasSubstr("sinter.rng")));
  EXPECT_THAT(ir, HasSubstr("%arg0: tensor<4x3xf32> {sinter.name = \"x\"}"));

  auto forward = lookup(*program, "forward");
  EXPECT_THAT(argLabels(forward),
              ::testing::ElementsAre("x", "y", "param:0.weight", "param:0.bias",
                                     "param:1.weight", "param:1.bias",
                                     "param:2.weight", "param:2.bias"));
  EXPECT_THAT(resultLabels(forward), ::testing::ElementsAre("loss", "output"));
  auto predict = lookup(*program, "predict");
  EXPECT_THAT(argLabels(predict),
              ::testing::ElementsAre("x", "param:0.weight", "param:0.bias",
                                     "param:1.weight", "param:1.bias",
                                     "param:2.weight", "param:2.bias"));
  EXPECT_THAT(resultLabels(predict), ::testing::ElementsAre("output"));
  EXPECT_THAT(resultLabels(lookup(*program, "initializer")),
              ::testing::ElementsAre("param:0.weight", "param:0.bias",
                                     "param:1.weight", "param:1.bias",
                                     "param:2.weight", "param:2.bias"));
  ASSERT_EQ(program->parameters().size(), 6u);
  EXPECT_EQ(program->parameters()[0].name, "0.weight");
  EXPECT_EQ(program->parameters()[0].sizes, (std::vector<int64_t>{3, 3}));

  // Known parameters: W_k = I * (k + 1) / 2 + 0.1 everywhere, b_k = k - 1.
  std::vector<HostTensor> params;
  for (int k = 0; k < 3; ++k) {
    std::vector<float> w(9), b(3, float(k) - 1.0f);
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 3; ++j)
        w[i * 3 + j] = (i == j ? (k + 1) / 2.0f : 0.0f) + 0.1f;
    params.push_back(f32({3, 3}, w));
    params.push_back(f32({3}, b));
  }
  HostTensor x = f32({4, 3}, {1, 2, 3, -1, 0, 1, 0.5f, 0.5f, 0.5f, 2, -2, 0});
  HostTensor y = f32({4, 3}, {0, 1, 0, 1, 0, 0, 0, 0, 1, 1, 1, 1});
  Matrix h = toMatrix(x);
  for (int k = 0; k < 3; ++k)
    h = linearRef(h, params[2 * k], params[2 * k + 1]);
  double sq = 0;
  for (size_t n = 0; n < 4; ++n)
    for (size_t j = 0; j < 3; ++j)
      sq += std::pow(h[n][j] - y.data<float>()[n * 3 + j], 2);
  double expected = sq / 12.0;

  auto results = run(forward, concat({x, y}, params));
  ASSERT_EQ(results.size(), 2u);
  EXPECT_NEAR(scalarOf(results[0]), expected, 1e-4 * std::abs(expected));
  EXPECT_NEAR(results[1].data<float>()[4], h[1][1], 1e-4);
  auto evalResults = run(lookup(*program, "eval"), concat({x, y}, params));
  ASSERT_EQ(evalResults.size(), 2u);
  EXPECT_EQ(scalarOf(evalResults[0]), scalarOf(results[0]));
  auto predicted = run(predict, concat({x}, params));
  ASSERT_EQ(predicted.size(), 1u);
  EXPECT_TRUE(predicted[0].identical(results[1]));

  // @initializer then @forward: PyTorch's bounds, and the same loss as loops
  // on the drawn parameters.
  auto drawn = run(lookup(*program, "initializer"), {seed(7)});
  ASSERT_EQ(drawn.size(), 6u);
  double bound = 1.0 / std::sqrt(3.0);
  for (const HostTensor &p : drawn)
    for (int64_t i = 0; i < p.numElements(); ++i)
      EXPECT_LE(std::abs(p.data<float>()[i]), bound + 1e-7);
  EXPECT_NE(drawn[0].data<float>()[0], drawn[2].data<float>()[0])
      << "each parameter draws from its own stream";
  auto again = run(lookup(*program, "initializer"), {seed(7)});
  EXPECT_TRUE(again[0].identical(drawn[0]));
  h = toMatrix(x);
  for (int k = 0; k < 3; ++k)
    h = linearRef(h, drawn[2 * k], drawn[2 * k + 1]);
  sq = 0;
  for (size_t n = 0; n < 4; ++n)
    for (size_t j = 0; j < 3; ++j)
      sq += std::pow(h[n][j] - y.data<float>()[n * 3 + j], 2);
  results = run(forward, concat({x, y}, drawn));
  ASSERT_EQ(results.size(), 2u);
  EXPECT_NEAR(scalarOf(results[0]), sq / 12.0, 1e-5 + 1e-4 * sq / 12.0);
}

//===----------------------------------------------------------------------===//
// Seed model 2: perceptron, Linear(2, 1) + Sigmoid, BCELoss
//===----------------------------------------------------------------------===//

TEST(FrontendSeedModels, PerceptronBce) {
  nn::Sequential model(nn::Linear(2, 1), nn::Sigmoid());
  auto program = nn::trace(model, nn::BCELoss(),
                           {Input("x", {Batch::upTo(8), 2}),
                            Input("y", {Batch::upTo(8), 1})});
  ASSERT_TRUE(program) << program.error();
  std::string ir = program->str();
  EXPECT_THAT(ir, HasSubstr("tensor<?x2xf32> {sinter.batch_bound = 8 : i64, "
                            "sinter.name = \"x\"}"));
  EXPECT_THAT(ir, HasSubstr("sinter.binary_cross_entropy"));
  EXPECT_THAT(ir, HasSubstr("sinter.sigmoid"));
  EXPECT_THAT(ir, HasSubstr("-> (tensor<f32> {sinter.name = \"loss\"}, "
                            "tensor<?x1xf32> {sinter.name = \"output\"})"));

  HostTensor w = f32({1, 2}, {0.5f, -1.0f}), b = f32({1}, {0.25f});
  HostTensor x = f32({3, 2}, {1, 1, 2, 0, -1, 3});
  HostTensor y = f32({3, 1}, {0, 1, 0});
  double total = 0;
  for (int n = 0; n < 3; ++n) {
    double z = 0.5 * x.data<float>()[2 * n] - 1.0 * x.data<float>()[2 * n + 1] +
               0.25;
    double p = 1 / (1 + std::exp(-z)), t = y.data<float>()[n];
    total += -(t * std::log(p) + (1 - t) * std::log(1 - p));
  }
  auto results = run(lookup(*program, "forward"), {x, y, w, b});
  ASSERT_EQ(results.size(), 2u);
  EXPECT_NEAR(scalarOf(results[0]), total / 3, 1e-5);
}

//===----------------------------------------------------------------------===//
// Seed model 3: 784-256-128-10 ReLU MLP, CrossEntropyLoss
//===----------------------------------------------------------------------===//

TEST(FrontendSeedModels, MlpCrossEntropy) {
  Mlp model;
  auto program =
      nn::trace(model, nn::CrossEntropyLoss(),
                {Input("x", {Batch::upTo(128), 784}),
                 Input("labels", {Batch::upTo(128)}, DType::I64)});
  ASSERT_TRUE(program) << program.error();
  EXPECT_TRUE(mlir::succeeded(mlir::verify(nn::detail::moduleOf(*program))));
  std::string ir = program->str();
  EXPECT_THAT(ir, HasSubstr("func.func @forward(%arg0: tensor<?x784xf32> "
                            "{sinter.batch_bound = 128 : i64, sinter.name = "
                            "\"x\"}, %arg1: tensor<?xi64> {sinter.batch_bound "
                            "= 128 : i64, sinter.name = \"labels\"}, %arg2: "
                            "tensor<256x784xf32> {sinter.param = "
                            "\"fc1.weight\"}"));
  EXPECT_THAT(ir, HasSubstr("sinter.cross_entropy"));
  EXPECT_THAT(ir, HasSubstr("func.func @initializer(%arg0: tensor<i64> "
                            "{sinter.name = \"seed\"})"));
  // U(-1/sqrt(784), 1/sqrt(784)), stream 0 (the default, not printed).
  EXPECT_THAT(ir, HasSubstr("sinter.uniform %arg0 {dtype = f32, high = "
                            "0.035714285714285712 : f64, low = "
                            "-0.035714285714285712 : f64, shape = "
                            "array<i64: 256, 784>} : (tensor<i64>) -> "
                            "tensor<256x784xf32>"));
  EXPECT_THAT(ir, HasSubstr("high = 6.250000e-02 : f64, low = -6.250000e-02 "
                            ": f64, shape = array<i64: 128>, stream = 3 : "
                            "i64}"));
  EXPECT_THAT(ir, HasSubstr("stream = 5 : i64"));
  EXPECT_THAT(ir, Not(HasSubstr("sinter.rng")));
  EXPECT_THAT(resultLabels(lookup(*program, "predict")),
              ::testing::ElementsAre("output"));
  EXPECT_THAT(argLabels(lookup(*program, "predict")),
              ::testing::ElementsAre("x", "param:fc1.weight", "param:fc1.bias",
                                     "param:fc2.weight", "param:fc2.bias",
                                     "param:fc3.weight", "param:fc3.bias"));

  // @initializer, then @forward on a batch of 2, against loops.
  auto params = run(lookup(*program, "initializer"), {seed(0)});
  ASSERT_EQ(params.size(), 6u);
  HostTensor x(DType::F32, {2, 784});
  for (int64_t i = 0; i < x.numElements(); ++i)
    x.data<float>()[i] = static_cast<float>((i * 37) % 101) / 101.0f;
  HostTensor labels = i64({2}, {3, 7});
  Matrix h = reluRef(linearRef(toMatrix(x), params[0], params[1]));
  h = reluRef(linearRef(h, params[2], params[3]));
  Matrix logits = linearRef(h, params[4], params[5]);
  double expected = crossEntropyRef(logits, {3, 7});
  auto results = run(lookup(*program, "forward"), concat({x, labels}, params));
  ASSERT_EQ(results.size(), 2u);
  EXPECT_NEAR(scalarOf(results[0]), expected, 1e-4);
  EXPECT_EQ(results[1].shape(), (std::vector<int64_t>{2, 10}));
}

//===----------------------------------------------------------------------===//
// Seed model 4: Embedding -> mean -> Linear -> ReLU -> Dropout(0) -> Linear
//===----------------------------------------------------------------------===//

TEST(FrontendSeedModels, TextClassifier) {
  Text model;
  auto program =
      nn::trace(model, nn::CrossEntropyLoss(),
                {Input("tokens", {Batch::upTo(32), 5}, DType::I64),
                 Input("labels", {Batch::upTo(32)}, DType::I64)});
  ASSERT_TRUE(program) << program.error();
  EXPECT_TRUE(model->is_training()) << "trace restores the training mode";
  auto forward = lookup(*program, "forward");
  auto eval = lookup(*program, "eval");
  const std::vector<std::string> params = {
      "param:embed.weight", "param:fc1.weight", "param:fc1.bias",
      "param:fc2.weight", "param:fc2.bias"};
  std::vector<std::string> forwardArgs = {"tokens", "labels", "rng"};
  forwardArgs.insert(forwardArgs.end(), params.begin(), params.end());
  EXPECT_EQ(argLabels(forward), forwardArgs);
  std::vector<std::string> evalArgs = {"tokens", "labels"};
  evalArgs.insert(evalArgs.end(), params.begin(), params.end());
  EXPECT_EQ(argLabels(eval), evalArgs);
  std::vector<std::string> predictArgs = {"tokens"};
  predictArgs.insert(predictArgs.end(), params.begin(), params.end());
  EXPECT_EQ(argLabels(lookup(*program, "predict")), predictArgs);

  std::string ir = program->str();
  EXPECT_THAT(ir, HasSubstr("%arg2: tensor<i64> {sinter.rng}"));
  EXPECT_THAT(ir, HasSubstr("sinter.dropout"));
  EXPECT_THAT(ir, HasSubstr("sinter.dropout %3, %arg2 {p = 0.000000e+00 : "
                            "f64} : (tensor<?x32xf32>, tensor<i64>)"));
  EXPECT_THAT(ir, HasSubstr("sinter.embedding"));
  EXPECT_THAT(ir, HasSubstr("sinter.mean"));
  // N(0, 1), stream 0: the defaults, not printed.
  EXPECT_THAT(ir, HasSubstr("sinter.normal %arg0 {dtype = f32, shape = "
                            "array<i64: 1000, 16>} : (tensor<i64>) -> "
                            "tensor<1000x16xf32>"));
  EXPECT_THAT(ir, HasSubstr("shape = array<i64: 32, 16>, stream = 1 : i64}"));
  int dropouts = 0;
  eval.walk([&](mlir::Operation *op) {
    dropouts += op->getName().getStringRef() == "sinter.dropout";
  });
  EXPECT_EQ(dropouts, 0) << "dropout is the identity in eval mode";

  auto drawn = run(lookup(*program, "initializer"), {seed(3)});
  ASSERT_EQ(drawn.size(), 5u);
  HostTensor tokens = i64({2, 5}, {1, 5, 999, 0, 42, 7, 7, 7, 8, 500});
  HostTensor labels = i64({2}, {2, 0});
  // mean of the embeddings, then the MLP, by loops.
  Matrix pooled(2, std::vector<double>(16, 0.0));
  for (size_t n = 0; n < 2; ++n)
    for (size_t t = 0; t < 5; ++t)
      for (size_t d = 0; d < 16; ++d)
        pooled[n][d] +=
            drawn[0].data<float>()[tokens.data<int64_t>()[n * 5 + t] * 16 +
                                   static_cast<int64_t>(d)] /
            5.0;
  Matrix logits =
      linearRef(reluRef(linearRef(pooled, drawn[1], drawn[2])), drawn[3],
                drawn[4]);
  double expected = crossEntropyRef(logits, {2, 0});
  auto results = run(forward, concat({tokens, labels, seed(11)}, drawn));
  ASSERT_EQ(results.size(), 2u);
  EXPECT_NEAR(scalarOf(results[0]), expected, 1e-4);
  auto evalResults = run(eval, concat({tokens, labels}, drawn));
  ASSERT_EQ(evalResults.size(), 2u);
  EXPECT_NEAR(scalarOf(evalResults[0]), expected, 1e-4);
}

TEST(FrontendSeedModels, DropoutStreamsAndEval) {
  nn::Sequential model(nn::Linear(4, 4), nn::Dropout(0.5), nn::Linear(4, 4),
                       nn::Dropout(0.25), nn::Linear(4, 2));
  auto program = nn::trace(model, nn::CrossEntropyLoss(),
                           {Input("x", {Batch(2), 4}),
                            Input("labels", {Batch(2)}, DType::I64)});
  ASSERT_TRUE(program) << program.error();
  std::string ir = program->str();
  EXPECT_THAT(ir, HasSubstr("sinter.dropout %0, %arg2 {p = 5.000000e-01 : "
                            "f64} :"));
  EXPECT_THAT(ir, HasSubstr("{p = 2.500000e-01 : f64, stream = 1 : i64}"));
  EXPECT_THAT(argLabels(lookup(*program, "predict"))[0], "x");
  EXPECT_EQ(lookup(*program, "predict").getNumArguments(), 7u)
      << "@predict has no seed: eval mode";
}

//===----------------------------------------------------------------------===//
// The lower-level API, the functional forms, operators
//===----------------------------------------------------------------------===//

struct AffineImpl : nn::Module {
  AffineImpl() {
    w = register_parameter("w", {2, 3}, nn::Init::normal(0.0, 0.5));
    b = register_parameter("b", {3}, nn::Init::zeros());
  }
  Tensor w, b;
};
SINTER_MODULE(Affine);

TEST(FrontendTrace, CustomLossLambda) {
  Affine model;
  auto program = nn::trace(
      model,
      [&](nn::Module &, std::vector<Tensor> in) -> std::vector<Tensor> {
        Tensor out = F::matmul(in[0], model->w) + model->b;
        Tensor diff = out - in[1];
        Tensor loss = (diff * diff).sum() / 2.0 + 0.0 * out.mean();
        return {loss, out, F::argmax(out, 1)};
      },
      {Input("x", {Batch::upTo(4), 2}), Input("t", {Batch::upTo(4), 3})},
      {"x"});
  ASSERT_TRUE(program) << program.error();
  EXPECT_THAT(resultLabels(lookup(*program, "forward")),
              ::testing::ElementsAre("loss", "output0", "output1"));
  EXPECT_THAT(argLabels(lookup(*program, "predict")),
              ::testing::ElementsAre("x", "param:w", "param:b"));
  std::string ir = program->str();
  EXPECT_THAT(ir, HasSubstr("sinter.constant dense<2.000000e+00> : tensor<f32>"));
  EXPECT_THAT(ir, HasSubstr("sinter.full {shape = array<i64: 3>, value = "
                            "0.000000e+00 : f32}"));

  HostTensor w = f32({2, 3}, {1, 0, -1, 2, 1, 0}), b = f32({3}, {0, 1, 2});
  HostTensor x = f32({2, 2}, {1, 2, -1, 0.5f});
  HostTensor t = f32({2, 3}, {0, 0, 0, 1, 1, 1});
  double half = 0;
  for (int n = 0; n < 2; ++n)
    for (int j = 0; j < 3; ++j) {
      double o = x.data<float>()[2 * n] * w.data<float>()[j] +
                 x.data<float>()[2 * n + 1] * w.data<float>()[3 + j] +
                 b.data<float>()[j];
      half += std::pow(o - t.data<float>()[3 * n + j], 2) / 2;
    }
  auto results = run(lookup(*program, "forward"), {x, t, w, b});
  ASSERT_EQ(results.size(), 3u);
  EXPECT_NEAR(scalarOf(results[0]), half, 1e-5);
  auto predicted = run(lookup(*program, "predict"), {x, w, b});
  ASSERT_EQ(predicted.size(), 2u);
  EXPECT_TRUE(predicted[0].identical(results[1]));
  EXPECT_TRUE(predicted[1].identical(results[2]));
}

TEST(FrontendTrace, FunctionalForms) {
  nn::Sequential model(nn::Linear(6, 6));
  auto program = nn::trace(
      model,
      [&](nn::Module &m, std::vector<Tensor> in) -> std::vector<Tensor> {
        Tensor x = in[0];
        EXPECT_EQ(x.sizes(), (std::vector<int64_t>{Tensor::kDynamic, 2, 3}));
        EXPECT_EQ(x.toString(), "f32[?, 2, 3]");
        Tensor h = model(x.flatten(1));
        h = F::cat({h.slice(1, 0, 3), F::tanh(h).slice(1, 3)}, 1);
        h = F::where(h > 0.0, h.sigmoid(), -h);
        h = F::maximum(h, F::minimum(h.exp(), F::full({6}, 2.0)));
        h = h.reshape({-1, 2, 3}).permute({0, 2, 1}).transpose(1, 2);
        h = h.unsqueeze(1).squeeze({1}).log_softmax(-1).softmax(-1);
        h = h.pow(2.0).sqrt().rsqrt().log();
        Tensor oh = F::one_hot(in[1], 3).to(DType::F32);
        Tensor loss = F::binary_cross_entropy_with_logits(
            h.amax({1}), oh, nn::Reduction::Mean);
        loss = loss + F::nll_loss(h.amin({1}).log_softmax(1), in[1],
                                  nn::Reduction::Sum);
        EXPECT_EQ(loss.dim(), 0);
        EXPECT_EQ(h.sizes(), (std::vector<int64_t>{Tensor::kDynamic, 2, 3}));
        return {loss, F::argmax(h.flatten(1), 1, true)};
      },
      {Input("x", {Batch::upTo(16), 2, 3}),
       Input("y", {Batch::upTo(16)}, DType::I64)},
      {"x"});
  ASSERT_TRUE(program) << program.error();
  std::string ir = program->str();
  for (const char *op :
       {"sinter.flatten", "sinter.concat", "sinter.slice", "sinter.where",
        "sinter.gt", "sinter.neg", "sinter.maximum", "sinter.minimum",
        "sinter.reshape", "sinter.permute", "sinter.transpose",
        "sinter.unsqueeze", "sinter.squeeze", "sinter.log_softmax",
        "sinter.softmax", "sinter.pow", "sinter.rsqrt", "sinter.one_hot",
        "sinter.cast", "sinter.binary_cross_entropy_with_logits",
        "sinter.nll_loss", "sinter.argmax", "sinter.max", "sinter.min"})
    EXPECT_THAT(ir, HasSubstr(op));
  HostTensor x(DType::F32, {3, 2, 3});
  for (int64_t i = 0; i < x.numElements(); ++i)
    x.data<float>()[i] = 0.1f * static_cast<float>(i) - 0.8f;
  auto params = run(lookup(*program, "initializer"), {seed(1)});
  auto results =
      run(lookup(*program, "forward"), concat({x, i64({3}, {0, 2, 1})}, params));
  ASSERT_EQ(results.size(), 2u);
  EXPECT_TRUE(std::isfinite(scalarOf(results[0])));
  EXPECT_EQ(results[1].shape(), (std::vector<int64_t>{3, 1}));
}

TEST(FrontendTrace, NoRecordingOutsideTrace) {
  // Outside trace() nothing is recorded and nothing aborts.
  Tensor a;
  Tensor b = F::relu(a) + 1.0;
  EXPECT_FALSE(b.defined());
  EXPECT_EQ(b.toString(), "undefined");
  Net net;
  EXPECT_FALSE(net(a).defined());
}

//===----------------------------------------------------------------------===//
// Errors: once, on one line, at the user's line, no abort
//===----------------------------------------------------------------------===//

struct BadNetImpl : nn::Module {
  BadNetImpl() {
    fc1 = register_module("fc1", nn::Linear(4, 8));
    fc2 = register_module("fc2", nn::Linear(16, 2));
  }
  Tensor forward(const Tensor &x) {
    Tensor h = F::relu(fc1(x));
    badLine = __LINE__ + 1;
    h = fc2(h); // 8 features into Linear(16, 2)
    return F::softmax(h, 5); // not reported: the first error only
  }
  nn::Linear fc1{nullptr}, fc2{nullptr};
  int badLine = 0;
};
SINTER_MODULE(BadNet);

TEST(FrontendErrors, MismatchedLinear) {
  BadNet model;
  auto program = nn::trace(model, nn::CrossEntropyLoss(),
                           {Input("x", {Batch(2), 4}),
                            Input("labels", {Batch(2)}, DType::I64)});
  ASSERT_FALSE(program);
  const std::string &e = program.error();
  EXPECT_THAT(e, HasSubstr(here(model->badLine)));
  EXPECT_THAT(e, HasSubstr("'sinter.linear' op input features differ: input "
                           "[2, 8] has 8, weight [2, 16] expects 16"));
  EXPECT_THAT(e, Not(HasSubstr("dim 5")));
  EXPECT_TRUE(oneLine(e)) << e;
}

TEST(FrontendErrors, FloatTargetForCrossEntropy) {
  Mlp model;
  int line = __LINE__ + 1;
  auto program = nn::trace(model, nn::CrossEntropyLoss(),
                           {Input("x", {Batch(2), 784}),
                            Input("labels", {Batch(2)}, DType::F32)});
  ASSERT_FALSE(program);
  EXPECT_THAT(program.error(), HasSubstr(here(line)));
  EXPECT_THAT(program.error(),
              HasSubstr("CrossEntropyLoss target must be i64 or i32 class "
                        "indices, got f32"));
  EXPECT_TRUE(oneLine(program.error()));
}

struct SoftmaxNetImpl : nn::Module {
  SoftmaxNetImpl() { fc = register_module("fc", nn::Linear(4, 3)); }
  Tensor forward(const Tensor &x) {
    line = __LINE__ + 1;
    return F::softmax(fc(x), 2);
  }
  nn::Linear fc{nullptr};
  int line = 0;
};
SINTER_MODULE(SoftmaxNet);

TEST(FrontendErrors, SoftmaxDimOutOfRange) {
  SoftmaxNet model;
  auto program = nn::trace(model, nn::NLLLoss(),
                           {Input("x", {Batch::upTo(4), 4}),
                            Input("labels", {Batch::upTo(4)}, DType::I64)});
  ASSERT_FALSE(program);
  EXPECT_THAT(program.error(), HasSubstr(here(model->line)));
  EXPECT_THAT(program.error(),
              HasSubstr("'sinter.softmax' op dim 2 is out of range for a "
                        "rank-2 tensor (expected [-2, 1])"));
  EXPECT_TRUE(oneLine(program.error()));

  // The module form reports the line of the call that runs it.
  nn::Sequential seq(nn::Linear(4, 3), nn::Softmax(2));
  int line = __LINE__ + 1;
  auto p2 = nn::trace(seq, nn::MSELoss(),
                      {Input("x", {Batch(2), 4}), Input("y", {Batch(2), 3})});
  ASSERT_FALSE(p2);
  EXPECT_THAT(p2.error(), HasSubstr(here(line)));
  EXPECT_THAT(p2.error(), HasSubstr("dim 2 is out of range"));
}

TEST(FrontendErrors, OperatorsAndScalars) {
  nn::Sequential model(nn::Linear(3, 3));
  int line = 0;
  auto program = nn::trace(
      model,
      [&](nn::Module &, std::vector<Tensor> in) -> std::vector<Tensor> {
        Tensor a = in[0], b = in[1];
        line = __LINE__ + 1;
        Tensor c = a + b; // [2, 3] + [4] does not broadcast
        return {c.sum(), c};
      },
      {Input("a", {2, 3}), Input("b", {4})}, {"a"});
  ASSERT_FALSE(program);
  EXPECT_THAT(program.error(), HasSubstr(here(line)));
  EXPECT_THAT(program.error(), HasSubstr("do not broadcast"));

  auto p2 = nn::trace(
      model,
      [&](nn::Module &, std::vector<Tensor> in) -> std::vector<Tensor> {
        line = __LINE__ + 1;
        Tensor c = in[0] * 0.5;
        return {c.to(DType::F32).sum(), c};
      },
      {Input("labels", {4}, DType::I64)});
  ASSERT_FALSE(p2);
  EXPECT_THAT(p2.error(), HasSubstr(here(line)));
  EXPECT_THAT(p2.error(), HasSubstr("the scalar 0.5 is not an integer"));

  // A float-only op on integers: the op's verifier, at the user's line.
  auto p3 = nn::trace(
      model,
      [&](nn::Module &, std::vector<Tensor> in) -> std::vector<Tensor> {
        line = __LINE__ + 1;
        Tensor c = in[0].exp();
        return {c.sum(), c};
      },
      {Input("labels", {4}, DType::I64)});
  ASSERT_FALSE(p3);
  EXPECT_THAT(p3.error(), HasSubstr(here(line)));
  EXPECT_THAT(p3.error(), HasSubstr("'sinter.exp' op operand #0 must be"));
  EXPECT_TRUE(oneLine(p3.error()));
}

TEST(FrontendErrors, TraceChecks) {
  nn::Sequential model(nn::Linear(3, 1));
  // A loss with reduction None is not a 0-d loss.
  auto p1 = nn::trace(model, nn::MSELoss(nn::Reduction::None),
                      {Input("x", {Batch(2), 3}), Input("y", {Batch(2), 1})});
  ASSERT_FALSE(p1);
  EXPECT_THAT(p1.error(), HasSubstr("must be a 0-d floating-point tensor, got "
                                    "f32[2, 1]"));
  // @predict outputs may not depend on a non-predict input.
  auto p2 = nn::trace(
      model,
      [&](nn::Module &, std::vector<Tensor> in) -> std::vector<Tensor> {
        Tensor out = model(in[0]) + in[1];
        return {out.mean(), out};
      },
      {Input("x", {Batch(2), 3}), Input("y", {Batch(2), 1})}, {"x"});
  ASSERT_FALSE(p2);
  EXPECT_THAT(p2.error(), HasSubstr("depend on input \"y\""));
  // Duplicate input names; a bad dropout probability.
  auto p3 = nn::trace(model, nn::MSELoss(),
                      {Input("x", {Batch(2), 3}), Input("x", {Batch(2), 1})});
  ASSERT_FALSE(p3);
  EXPECT_THAT(p3.error(), HasSubstr("two inputs are named \"x\""));
  nn::Sequential drop(nn::Linear(3, 1), nn::Dropout(1.5));
  auto p4 = nn::trace(drop, nn::MSELoss(),
                      {Input("x", {Batch(2), 3}), Input("y", {Batch(2), 1})});
  ASSERT_FALSE(p4);
  EXPECT_THAT(p4.error(), HasSubstr("dropout probability has to be between 0 "
                                    "and 1, but got 1.5"));
  // The model's forward takes one tensor, not two.
  auto p5 = nn::trace(model, nn::MSELoss(),
                      {Input("x", {Batch(2), 3}), Input("z", {Batch(2), 3}),
                       Input("y", {Batch(2), 1})});
  ASSERT_FALSE(p5);
  EXPECT_THAT(p5.error(), HasSubstr("forward does not take 2 tensors"));
}

} // namespace
