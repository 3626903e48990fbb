//===- ir-demo.cpp - Build an MLP in the sinter dialect and run it --------===//
//
// The main job's first stage: a 784-128-10 ReLU MLP with a cross-entropy
// loss, built op by op with the dialect's builders (result types are always
// inferred), printed, verified, and evaluated with the reference interpreter:
//
//   @initializer(seed)               -> parameters, drawn as torch.nn.Linear
//                                       draws them: U(-1/sqrt(in), 1/sqrt(in))
//   @forward(x, labels, params...)   -> loss, predictions
//
// With an output directory it also writes demo.mlir and the tensors
// (inputs.safetensors), so that `sinter-run` can repeat the evaluation.
//
//===----------------------------------------------------------------------===//
#include "sinter/interp/Interpreter.h"
#include "sinter/ir/SinterOps.h"
#include "sinter/runtime/Safetensors.h"
#include "sinter/runtime/TensorPrinter.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Verifier.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>

using namespace mlir;
using namespace mlir::sinter;

namespace {

constexpr int64_t kBatch = 4;
struct Layer {
  const char *name;
  int64_t in, out;
};
constexpr Layer kLayers[] = {{"fc1", 784, 128}, {"fc2", 128, 10}};

NamedAttribute nameAttr(OpBuilder &b, StringRef name) {
  return b.getNamedAttr("sinter.name", b.getStringAttr(name));
}

/// @initializer(%seed) -> (fc1.weight, fc1.bias, fc2.weight, fc2.bias), the
/// results named by `sinter.param` as docs/training-program.md asks.
void buildInit(OpBuilder &b, ModuleOp module) {
  Location loc = b.getUnknownLoc();
  auto seedType = RankedTensorType::get({}, b.getI64Type());
  SmallVector<Type> resultTypes;
  SmallVector<Attribute> resultNames;
  for (const Layer &l : kLayers) {
    resultTypes.push_back(RankedTensorType::get({l.out, l.in}, b.getF32Type()));
    resultTypes.push_back(RankedTensorType::get({l.out}, b.getF32Type()));
    for (const char *p : {".weight", ".bias"})
      resultNames.push_back(b.getDictionaryAttr(b.getNamedAttr(
          "sinter.param", b.getStringAttr(std::string(l.name) + p))));
  }
  b.setInsertionPointToEnd(module.getBody());
  auto init = func::FuncOp::create(b, loc, "initializer",
                                   b.getFunctionType({seedType}, resultTypes));
  init.setArgAttrs(0, b.getDictionaryAttr(nameAttr(b, "seed")));
  init.setAllResultAttrs(resultNames);
  b.setInsertionPointToStart(init.addEntryBlock());

  Value seed = init.getArgument(0);
  SmallVector<Value> params;
  int64_t stream = 0;
  for (const Layer &l : kLayers) {
    double bound = 1.0 / std::sqrt(static_cast<double>(l.in));
    // Named vectors: an ArrayRef of a braced list would dangle.
    SmallVector<int64_t, 2> weightShape = {l.out, l.in}, biasShape = {l.out};
    for (ArrayRef<int64_t> shape : {weightShape, biasShape})
      params.push_back(UniformOp::create(
          b, loc, seed, b.getDenseI64ArrayAttr(shape),
          TypeAttr::get(b.getF32Type()), b.getF64FloatAttr(-bound),
          b.getF64FloatAttr(bound), b.getI64IntegerAttr(stream++)));
  }
  func::ReturnOp::create(b, loc, params);
}

/// @forward(%x, %labels, params...) -> (loss, predictions)
void buildForward(OpBuilder &b, ModuleOp module) {
  Location loc = b.getUnknownLoc();
  int64_t dyn = ShapedType::kDynamic;
  SmallVector<Type> argTypes = {
      RankedTensorType::get({dyn, 784}, b.getF32Type()),
      RankedTensorType::get({dyn}, b.getI64Type())};
  SmallVector<Attribute> argNames = {b.getDictionaryAttr(nameAttr(b, "x")),
                                     b.getDictionaryAttr(nameAttr(b, "labels"))};
  for (const Layer &l : kLayers) {
    argTypes.push_back(RankedTensorType::get({l.out, l.in}, b.getF32Type()));
    argTypes.push_back(RankedTensorType::get({l.out}, b.getF32Type()));
    // Parameters carry their state_dict name as `sinter.param`, so that
    // sinter-autodiff differentiates with respect to them.
    for (const char *p : {".weight", ".bias"})
      argNames.push_back(b.getDictionaryAttr(b.getNamedAttr(
          "sinter.param", b.getStringAttr(std::string(l.name) + p))));
  }
  SmallVector<Type> resultTypes = {
      RankedTensorType::get({}, b.getF32Type()),
      RankedTensorType::get({dyn}, b.getI64Type())};

  b.setInsertionPointToEnd(module.getBody());
  auto forward = func::FuncOp::create(
      b, loc, "forward", b.getFunctionType(argTypes, resultTypes));
  forward.setAllArgAttrs(argNames);
  SmallVector<DictionaryAttr> forwardResultNames = {
      b.getDictionaryAttr(nameAttr(b, "loss")),
      b.getDictionaryAttr(nameAttr(b, "predictions"))};
  forward.setAllResultAttrs(forwardResultNames);
  b.setInsertionPointToStart(forward.addEntryBlock());

  Value h = forward.getArgument(0);
  for (auto [i, l] : llvm::enumerate(kLayers)) {
    h = LinearOp::create(b, loc, h, forward.getArgument(2 + 2 * i),
                         forward.getArgument(3 + 2 * i));
    if (i + 1 < std::size(kLayers))
      h = ReluOp::create(b, loc, h);
  }
  Value loss = CrossEntropyOp::create(b, loc, h, forward.getArgument(1),
                                      Reduction::Mean);
  Value predictions = ArgmaxOp::create(b, loc, h, b.getI64IntegerAttr(1),
                                       b.getBoolAttr(/*keepdim=*/false));
  func::ReturnOp::create(b, loc, ValueRange{loss, predictions});
}

/// A batch of `kBatch` random 28x28 "images" with labels 0, 1, 2, ...
std::pair<::sinter::Tensor, ::sinter::Tensor> makeBatch() {
  ::sinter::Tensor x(::sinter::DType::F32, {kBatch, 784});
  ::sinter::Tensor labels(::sinter::DType::I64, {kBatch});
  uint32_t state = 12345;
  for (int64_t i = 0; i < x.numElements(); ++i) {
    state = state * 1664525u + 1013904223u; // a fixed LCG: same data each run
    x.data<float>()[i] = static_cast<float>(state >> 8) / 16777216.0f;
  }
  for (int64_t i = 0; i < kBatch; ++i)
    labels.data<int64_t>()[i] = i % 10;
  return {std::move(x), std::move(labels)};
}

int run(const std::string &outDir) {
  MLIRContext context;
  context.loadDialect<SinterDialect, func::FuncDialect>();
  OpBuilder b(&context);
  OwningOpRef<ModuleOp> module = ModuleOp::create(b.getUnknownLoc());
  buildInit(b, *module);
  buildForward(b, *module);
  if (failed(verify(*module)))
    return 1;

  llvm::outs() << "== The model's IR ==\n" << *module << "\n";

  auto init = module->lookupSymbol<func::FuncOp>("initializer");
  auto forward = module->lookupSymbol<func::FuncOp>("forward");
  ::sinter::Tensor seed(::sinter::DType::I64, {});
  seed.data<int64_t>()[0] = 0;
  FailureOr<std::vector<::sinter::Tensor>> params = interpret(init, {seed});
  if (failed(params))
    return 1;

  auto [x, labels] = makeBatch();
  std::vector<::sinter::Tensor> args = {x, labels};
  args.insert(args.end(), params->begin(), params->end());
  FailureOr<std::vector<::sinter::Tensor>> results = interpret(forward, args);
  if (failed(results))
    return 1;

  llvm::outs() << "== Evaluated with the interpreter (batch of " << kBatch
               << ", seed 0) ==\n"
               << "loss = " << ::sinter::formatTensor((*results)[0]) << "\n"
               << "predictions = " << ::sinter::formatTensor((*results)[1])
               << "\n"
               << "labels = " << ::sinter::formatTensor(labels) << "\n";

  if (outDir.empty())
    return 0;
  std::string mlirPath = outDir + "/demo.mlir";
  std::error_code ec;
  llvm::raw_fd_ostream os(mlirPath, ec);
  if (ec) {
    llvm::errs() << "ir-demo: error: cannot write " << mlirPath << ": "
                 << ec.message() << "\n";
    return 1;
  }
  os << *module;
  // inputs: every argument of @forward; batch: the data; params: the
  // parameters (a state file for the training program).
  ::sinter::SafetensorsFile inputs, batch, parameters;
  for (auto [i, arg] : llvm::enumerate(args)) {
    if (auto name = forward.getArgAttrOfType<StringAttr>(i, "sinter.param")) {
      parameters.tensors.push_back({name.str(), arg});
      inputs.tensors.push_back({name.str(), arg});
    } else {
      std::string data =
          forward.getArgAttrOfType<StringAttr>(i, "sinter.name").str();
      batch.tensors.push_back({data, arg});
      inputs.tensors.push_back({data, arg});
    }
  }
  std::string error;
  for (auto [file, name] : {std::pair{&inputs, "inputs"},
                            std::pair{&batch, "batch"},
                            std::pair{&parameters, "params"}}) {
    if (!::sinter::writeSafetensors(outDir + "/" + name + ".safetensors",
                                    *file, error)) {
      llvm::errs() << "ir-demo: error: " << error << "\n";
      return 1;
    }
  }
  llvm::outs() << "wrote " << mlirPath << " and {inputs,batch,params}"
               << ".safetensors in " << outDir << "\n";
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  if (argc > 2 || (argc == 2 && argv[1][0] == '-')) {
    llvm::errs() << "usage: sinter-ir-demo [OUTPUT-DIR]\n";
    return 2;
  }
  return run(argc == 2 ? argv[1] : "");
}
