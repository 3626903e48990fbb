//===- Optimizer.cpp - The sinter-optimizer pass --------------------------===//
//
// torch.optim as a graph transformation. The pass turns a differentiated
// model (@forward_grad) into the training program: parameters and optimizer
// state become named `ml_program` globals, and @train_step loads them, runs
// forward and backward, applies the update and stores them back -- all as
// ops, so the update fuses and compiles like the rest of the step.
//
// The update formulas follow torch.optim 1.13's single-tensor code paths
// operation for operation (e.g. Adam computes its bias corrections in double
// and applies them as scalars of the parameter's type), so that a Sinter
// training run tracks PyTorch's to rounding. Scalars that PyTorch keeps as
// Python floats are 0-d f64 here and cast to the parameter's element type
// where PyTorch would convert them.
//
//===----------------------------------------------------------------------===//

#include "sinter/passes/Optimizer.h"
#include "sinter/passes/Passes.h"

#include "sinter/ir/SinterOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MLProgram/IR/MLProgram.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/SymbolTable.h"

#include <cmath>

namespace mlir::sinter {
#define GEN_PASS_DEF_SINTEROPTIMIZER
#include "sinter/passes/Passes.h.inc"
} // namespace mlir::sinter

using namespace mlir;
using namespace mlir::sinter;

bool OptimizerConfig::parseKind(const std::string &name, Kind &kind) {
  static const std::pair<const char *, Kind> kinds[] = {
      {"sgd", Kind::SGD},         {"adam", Kind::Adam},
      {"adamw", Kind::AdamW},     {"rmsprop", Kind::RMSprop},
      {"adagrad", Kind::Adagrad}};
  for (auto [spelling, k] : kinds)
    if (name == spelling) {
      kind = k;
      return true;
    }
  return false;
}

bool OptimizerConfig::resolve(std::string &error) {
  auto orDefault = [](double &v, double d) {
    if (std::isnan(v))
      v = d;
  };
  switch (kind) {
  case Kind::SGD:
    if (std::isnan(lr)) {
      error = "sgd needs a learning rate (lr=...), as torch.optim.SGD does";
      return false;
    }
    orDefault(weightDecay, 0.0);
    orDefault(eps, 0.0);
    break;
  case Kind::Adam:
  case Kind::AdamW:
    orDefault(lr, 1e-3);
    orDefault(eps, 1e-8);
    orDefault(weightDecay, kind == Kind::AdamW ? 1e-2 : 0.0);
    break;
  case Kind::RMSprop:
    orDefault(lr, 1e-2);
    orDefault(eps, 1e-8);
    orDefault(weightDecay, 0.0);
    break;
  case Kind::Adagrad:
    orDefault(lr, 1e-2);
    orDefault(eps, 1e-10);
    orDefault(weightDecay, 0.0);
    break;
  }
  // The checks of torch.optim's constructors.
  auto check = [&](bool ok, const std::string &message) {
    if (!ok && error.empty())
      error = message;
    return ok;
  };
  check(lr >= 0, "Invalid learning rate: " + std::to_string(lr));
  check(eps >= 0, "Invalid epsilon value: " + std::to_string(eps));
  check(momentum >= 0, "Invalid momentum value: " + std::to_string(momentum));
  check(weightDecay >= 0,
        "Invalid weight_decay value: " + std::to_string(weightDecay));
  check(beta1 >= 0 && beta1 < 1,
        "Invalid beta parameter at index 0: " + std::to_string(beta1));
  check(beta2 >= 0 && beta2 < 1,
        "Invalid beta parameter at index 1: " + std::to_string(beta2));
  check(alpha >= 0, "Invalid alpha value: " + std::to_string(alpha));
  check(lrDecay >= 0, "Invalid lr_decay value: " + std::to_string(lrDecay));
  check(initialAccumulatorValue >= 0,
        "Invalid initial_accumulator_value value: " +
            std::to_string(initialAccumulatorValue));
  check(!nesterov || (momentum > 0 && dampening == 0),
        "Nesterov momentum requires a momentum and zero dampening");
  return error.empty();
}

namespace {

/// One parameter of the model and the optimizer state that goes with it.
struct Parameter {
  std::string name;
  RankedTensorType type;
  unsigned argument; // in @forward_grad
  unsigned gradient; // result index in @forward_grad
};

/// Builds ops at one location, with the small vocabulary the updates need.
class Emitter {
public:
  Emitter(OpBuilder &b, Location loc) : b(b), loc(loc) {}

  RankedTensorType scalarType(Type element) {
    return RankedTensorType::get({}, element);
  }
  Value constant(double v, Type element) {
    Attribute value = isa<FloatType>(element)
                          ? Attribute(FloatAttr::get(element, v))
                          : Attribute(IntegerAttr::get(element, int64_t(v)));
    return ConstantOp::create(
        b, loc, DenseElementsAttr::get(scalarType(element), value));
  }
  Value f64(double v) { return constant(v, b.getF64Type()); }
  Value add(Value x, Value y) { return AddOp::create(b, loc, x, y); }
  Value sub(Value x, Value y) { return SubOp::create(b, loc, x, y); }
  Value mul(Value x, Value y) { return MulOp::create(b, loc, x, y); }
  Value div(Value x, Value y) { return DivOp::create(b, loc, x, y); }
  Value neg(Value x) { return NegOp::create(b, loc, x); }
  Value sqrt(Value x) { return SqrtOp::create(b, loc, x); }
  Value exp(Value x) { return ExpOp::create(b, loc, x); }
  Value maximum(Value x, Value y) { return MaximumOp::create(b, loc, x, y); }
  Value castTo(Value x, Type element) {
    if (cast<RankedTensorType>(x.getType()).getElementType() == element)
      return x;
    return CastOp::create(b, loc, x, element);
  }

  Value load(StringRef global, Type type) {
    return ml_program::GlobalLoadOp::create(
        b, loc, type, FlatSymbolRefAttr::get(b.getContext(), global));
  }
  void store(StringRef global, Value v) {
    ml_program::GlobalStoreOp::create(
        b, loc, FlatSymbolRefAttr::get(b.getContext(), global), v);
  }

  OpBuilder &b;
  Location loc;
};

/// SGD's buf.mul_(momentum).add_(d_p, alpha=1 - dampening).
Value blendSGD(Emitter &e, Value buf, double momentum, Value g,
               double gFactor, Type elem) {
  Value m = e.constant(momentum, elem);
  Value kept = e.mul(buf, m);
  Value k = e.constant(gFactor, elem);
  Value added = e.mul(g, k);
  return e.add(kept, added);
}

std::string stateName(const Parameter &p, StringRef state) {
  return "optimizer." + p.name + "." + state.str();
}

/// The optimizer-state tensors of one parameter, by PyTorch's state keys,
/// with their initial value.
struct StateSpec {
  std::string key;
  double initial;
  bool isStep; // a 0-d f32 step count, as torch.optim keeps it
};

SmallVector<StateSpec> stateOf(const OptimizerConfig &c) {
  using K = OptimizerConfig::Kind;
  switch (c.kind) {
  case K::SGD:
    if (c.momentum != 0)
      return {{"momentum_buffer", 0.0, false}};
    return {};
  case K::Adam:
  case K::AdamW: {
    SmallVector<StateSpec> s = {{"step", 0.0, true},
                                {"exp_avg", 0.0, false},
                                {"exp_avg_sq", 0.0, false}};
    if (c.amsgrad)
      s.push_back({"max_exp_avg_sq", 0.0, false});
    return s;
  }
  case K::RMSprop: {
    SmallVector<StateSpec> s = {{"step", 0.0, true},
                                {"square_avg", 0.0, false}};
    if (c.momentum > 0)
      s.push_back({"momentum_buffer", 0.0, false});
    if (c.centered)
      s.push_back({"grad_avg", 0.0, false});
    return s;
  }
  case K::Adagrad:
    return {{"step", 0.0, true}, {"sum", c.initialAccumulatorValue, false}};
  }
  return {};
}

/// SGD's first step copies the gradient into the momentum buffer instead of
/// blending it in; this shared counter tells the first step apart (SGD keeps
/// no per-parameter step).
constexpr StringLiteral kSgdStep = "optimizer.step";
constexpr StringLiteral kLearningRate = "optimizer.lr";
constexpr StringLiteral kRngSeed = "rng.seed";
constexpr StringLiteral kRngStep = "rng.step";

/// Emits the update of one parameter and its state; returns the new value.
/// One op-creating call per statement where two could be siblings: C++
/// leaves the order of argument evaluation open, and the printed IR should
/// not depend on the compiler.
Value emitUpdate(Emitter &e, const OptimizerConfig &c, const Parameter &p,
                 Value param, Value grad, Value lr64, Value sgdStep) {
  using K = OptimizerConfig::Kind;
  Type elem = p.type.getElementType();
  Type f32 = e.b.getF32Type(), f64 = e.b.getF64Type();
  // x * c and x + c with c a scalar of the element type.
  auto scale = [&](Value x, double v) {
    Value k = e.constant(v, elem);
    return e.mul(x, k);
  };
  auto offset = [&](Value x, double v) {
    Value k = e.constant(v, elem);
    return e.add(x, k);
  };
  auto loadState = [&](StringRef key) {
    return e.load(stateName(p, key), p.type);
  };
  auto storeState = [&](StringRef key, Value v) {
    e.store(stateName(p, key), v);
  };
  // decay * x + (1 - decay) * y, PyTorch's x.mul_(decay).add_(y, alpha=1-decay).
  auto blend = [&](Value x, double decay, Value y) {
    Value kept = scale(x, decay);
    Value added = scale(y, 1 - decay);
    return e.add(kept, added);
  };
  // The per-parameter step, incremented first, as torch.optim does; as f64.
  auto nextStep = [&]() {
    Value step = e.load(stateName(p, "step"), e.scalarType(f32));
    Value one = e.constant(1.0, f32);
    step = e.add(step, one);
    storeState("step", step);
    return e.castTo(step, f64);
  };
  // param + value * (t1 / t2): PyTorch's addcdiv_.
  auto addcdiv = [&](Value base, Value t1, Value t2, Value value) {
    Value ratio = e.div(t1, t2);
    Value delta = e.mul(ratio, value);
    return e.sub(base, delta); // value is the (positive) step size
  };
  Value lr = e.castTo(lr64, elem);
  Value g = c.maximize ? e.neg(grad) : grad;
  auto weightDecay = [&]() {
    if (c.weightDecay != 0)
      g = e.add(g, scale(param, c.weightDecay));
  };

  switch (c.kind) {
  case K::SGD: {
    weightDecay();
    if (c.momentum != 0) {
      Value buf = loadState("momentum_buffer");
      Value blended = blendSGD(e, buf, c.momentum, g, 1 - c.dampening, elem);
      Value zero = e.constant(0, e.b.getI64Type());
      Value first = EqOp::create(e.b, e.loc, sgdStep, zero);
      buf = WhereOp::create(e.b, e.loc, first, g, blended);
      storeState("momentum_buffer", buf);
      g = c.nesterov ? e.add(g, scale(buf, c.momentum)) : buf;
    }
    Value delta = e.mul(g, lr);
    return e.sub(param, delta);
  }
  case K::Adam:
  case K::AdamW: {
    Value step = nextStep();
    if (c.kind == K::AdamW) {
      // param.mul_(1 - lr * weight_decay), the factor in double.
      Value one = e.f64(1.0);
      Value decay = e.mul(lr64, e.f64(c.weightDecay));
      Value factor = e.castTo(e.sub(one, decay), elem);
      param = e.mul(param, factor);
    } else {
      weightDecay();
    }
    Value m = blend(loadState("exp_avg"), c.beta1, g);
    // v * beta2 + (1 - beta2) * g * g: addcmul_(grad, grad, value=1-beta2)
    Value vKept = scale(loadState("exp_avg_sq"), c.beta2);
    Value gScaled = scale(g, 1 - c.beta2);
    Value v = e.add(vKept, e.mul(gScaled, g));
    storeState("exp_avg", m);
    storeState("exp_avg_sq", v);
    // beta^step = exp(step * ln beta), in double as Python computes it.
    auto biasCorrection = [&](double beta) {
      Value one = e.f64(1.0);
      Value power = e.exp(e.mul(step, e.f64(std::log(beta))));
      return e.sub(one, power);
    };
    Value bc1 = biasCorrection(c.beta1);
    Value bc2 = biasCorrection(c.beta2);
    Value stepSize = e.castTo(e.div(lr64, bc1), elem);
    Value bc2Sqrt = e.castTo(e.sqrt(bc2), elem);
    if (c.amsgrad) {
      v = e.maximum(loadState("max_exp_avg_sq"), v);
      storeState("max_exp_avg_sq", v);
    }
    Value denom = offset(e.div(e.sqrt(v), bc2Sqrt), c.eps);
    return addcdiv(param, m, denom, stepSize);
  }
  case K::RMSprop: {
    (void)nextStep();
    weightDecay();
    Value sqKept = scale(loadState("square_avg"), c.alpha);
    Value gScaled = scale(g, 1 - c.alpha);
    Value sq = e.add(sqKept, e.mul(gScaled, g));
    storeState("square_avg", sq);
    Value avg;
    if (c.centered) {
      Value ga = blend(loadState("grad_avg"), c.alpha, g);
      storeState("grad_avg", ga);
      avg = e.sqrt(e.sub(sq, e.mul(ga, ga)));
    } else {
      avg = e.sqrt(sq);
    }
    avg = offset(avg, c.eps);
    if (c.momentum > 0) {
      Value bufKept = scale(loadState("momentum_buffer"), c.momentum);
      Value buf = e.add(bufKept, e.div(g, avg));
      storeState("momentum_buffer", buf);
      Value delta = e.mul(buf, lr);
      return e.sub(param, delta);
    }
    return addcdiv(param, g, avg, lr);
  }
  case K::Adagrad: {
    Value step = nextStep();
    weightDecay();
    // clr = lr / (1 + (step - 1) * lr_decay), in double.
    Value one = e.f64(1.0);
    Value elapsed = e.sub(step, one);
    Value decay = e.mul(elapsed, e.f64(c.lrDecay));
    Value clr = e.castTo(e.div(lr64, e.add(one, decay)), elem);
    Value sum = loadState("sum");
    sum = e.add(sum, e.mul(g, g));
    storeState("sum", sum);
    Value std = offset(e.sqrt(sum), c.eps);
    return addcdiv(param, g, std, clr);
  }
  }
  return param;
}

/// Copies the `sinter.name` (or `sinter.param`) attributes of `from`'s
/// arguments/results onto a new function.
DictionaryAttr nameAttr(OpBuilder &b, StringRef name) {
  return b.getDictionaryAttr(
      b.getNamedAttr("sinter.name", b.getStringAttr(name)));
}

class ProgramBuilder {
public:
  ProgramBuilder(ModuleOp module, const OptimizerConfig &config)
      : module(module), config(config), b(module.getContext()),
        symbols(module) {}

  LogicalResult build();

private:
  LogicalResult collect();
  LogicalResult declareGlobals();
  void declareGlobal(StringRef name, RankedTensorType type,
                     std::optional<double> initial);
  /// Calls `callee` with its parameter arguments loaded from the globals,
  /// its rng argument from `seed`, and its data arguments from `data` in
  /// order.
  SmallVector<Value> callWithState(Emitter &e, func::FuncOp callee,
                                   ArrayRef<Value> data, Value seed);
  /// A new public function whose arguments are `callee`'s data arguments.
  func::FuncOp entryLike(StringRef name, func::FuncOp callee,
                         ArrayRef<Type> results,
                         ArrayRef<DictionaryAttr> resultAttrs);
  void buildInit();
  void buildTrainStep();
  void buildEvalStep();
  LogicalResult buildPredict();

  bool isData(func::FuncOp f, unsigned i) {
    return !f.getArgAttr(i, "sinter.param") && !f.getArgAttr(i, "sinter.rng");
  }

  ModuleOp module;
  OptimizerConfig config;
  OpBuilder b;
  SymbolTable symbols;
  func::FuncOp forwardGrad, forward, eval, predict, initializer;
  SmallVector<Parameter> params;
  unsigned numForwardResults = 0;
  bool hasRng = false;
};

LogicalResult ProgramBuilder::collect() {
  forwardGrad = symbols.lookup<func::FuncOp>("forward_grad");
  if (!forwardGrad)
    return module.emitError("no @forward_grad to build a training program "
                            "from: run --sinter-autodiff first");
  forward = symbols.lookup<func::FuncOp>("forward");
  eval = symbols.lookup<func::FuncOp>("eval");
  predict = symbols.lookup<func::FuncOp>("predict");
  initializer = symbols.lookup<func::FuncOp>("initializer");
  for (StringRef taken : {"init", "train_step", "eval_step"})
    if (symbols.lookup(taken))
      return module.emitError() << "the module already defines @" << taken
                                << ": is it a training program already?";

  // Parameters in argument order, each with its gradient result.
  llvm::StringMap<unsigned> gradResult;
  for (unsigned i = 0; i < forwardGrad.getNumResults(); ++i) {
    if (auto g = forwardGrad.getResultAttrOfType<StringAttr>(i, "sinter.grad"))
      gradResult[g.getValue()] = i;
    else
      numForwardResults = i + 1;
  }
  for (unsigned i = 0; i < forwardGrad.getNumArguments(); ++i) {
    if (forwardGrad.getArgAttr(i, "sinter.rng"))
      hasRng = true;
    auto name = forwardGrad.getArgAttrOfType<StringAttr>(i, "sinter.param");
    if (!name)
      continue;
    auto type = cast<RankedTensorType>(forwardGrad.getArgument(i).getType());
    if (!type.hasStaticShape())
      return forwardGrad.emitError()
             << "parameter '" << name.getValue()
             << "' must have a static shape, got " << type;
    auto it = gradResult.find(name.getValue());
    if (it == gradResult.end())
      return forwardGrad.emitError() << "no gradient result for parameter '"
                                     << name.getValue() << "'";
    params.push_back({name.getValue().str(), type, i, it->second});
  }
  if (params.empty())
    return forwardGrad.emitError("the model has no parameters to optimize "
                                 "(arguments with sinter.param)");
  return success();
}

void ProgramBuilder::declareGlobal(StringRef name, RankedTensorType type,
                                   std::optional<double> initial) {
  Attribute value;
  if (initial) {
    Type elem = type.getElementType();
    value = isa<FloatType>(elem)
                ? DenseElementsAttr::get(type, FloatAttr::get(elem, *initial))
                : DenseElementsAttr::get(
                      type, IntegerAttr::get(elem, int64_t(*initial)));
  }
  ml_program::GlobalOp::create(b, module.getLoc(), name, type,
                               /*is_mutable=*/true, value,
                               b.getStringAttr("private"));
}

LogicalResult ProgramBuilder::declareGlobals() {
  for (const Parameter &p : params)
    if (symbols.lookup(p.name))
      return module.emitError() << "parameter name '" << p.name
                                << "' clashes with a symbol of the module";
  b.setInsertionPointToStart(module.getBody());
  // Parameters have no initial value: @init or a loaded state sets them.
  for (const Parameter &p : params)
    declareGlobal(p.name, p.type, std::nullopt);
  for (const Parameter &p : params)
    for (const StateSpec &s : stateOf(config))
      declareGlobal(stateName(p, s.key),
                    s.isStep ? RankedTensorType::get({}, b.getF32Type())
                             : p.type,
                    s.initial);
  declareGlobal(kLearningRate, RankedTensorType::get({}, b.getF64Type()),
                config.lr);
  if (config.kind == OptimizerConfig::Kind::SGD && config.momentum != 0)
    declareGlobal(kSgdStep, RankedTensorType::get({}, b.getI64Type()), 0.0);
  if (hasRng) {
    declareGlobal(kRngSeed, RankedTensorType::get({}, b.getI64Type()), 0.0);
    declareGlobal(kRngStep, RankedTensorType::get({}, b.getI64Type()), 0.0);
  }
  return success();
}

SmallVector<Value> ProgramBuilder::callWithState(Emitter &e,
                                                 func::FuncOp callee,
                                                 ArrayRef<Value> data,
                                                 Value seed) {
  SmallVector<Value> operands;
  size_t next = 0;
  for (unsigned i = 0; i < callee.getNumArguments(); ++i) {
    Type type = callee.getArgument(i).getType();
    if (auto name = callee.getArgAttrOfType<StringAttr>(i, "sinter.param"))
      operands.push_back(e.load(name.getValue(), type));
    else if (callee.getArgAttr(i, "sinter.rng"))
      operands.push_back(seed);
    else
      operands.push_back(data[next++]);
  }
  return func::CallOp::create(b, e.loc, callee, operands).getResults();
}

func::FuncOp ProgramBuilder::entryLike(StringRef name, func::FuncOp callee,
                                       ArrayRef<Type> results,
                                       ArrayRef<DictionaryAttr> resultAttrs) {
  SmallVector<Type> argTypes;
  SmallVector<DictionaryAttr> argAttrs;
  for (unsigned i = 0; i < callee.getNumArguments(); ++i)
    if (isData(callee, i)) {
      argTypes.push_back(callee.getArgument(i).getType());
      argAttrs.push_back(callee.getArgAttrDict(i));
    }
  b.setInsertionPointToEnd(module.getBody());
  auto fn = func::FuncOp::create(b, callee.getLoc(), name,
                                 b.getFunctionType(argTypes, results));
  fn.setAllArgAttrs(argAttrs);
  fn.setAllResultAttrs(resultAttrs);
  fn.addEntryBlock();
  return fn;
}

void ProgramBuilder::buildInit() {
  Location loc = module.getLoc();
  b.setInsertionPointToEnd(module.getBody());
  auto seedType = RankedTensorType::get({}, b.getI64Type());
  auto init = func::FuncOp::create(b, loc, "init",
                                   b.getFunctionType({seedType}, {}));
  init.setArgAttrs(0, nameAttr(b, "seed"));
  b.setInsertionPointToStart(init.addEntryBlock());
  Emitter e(b, loc);
  Value seed = init.getArgument(0);
  if (initializer) {
    auto call = func::CallOp::create(b, loc, initializer, ValueRange{seed});
    for (unsigned i = 0; i < initializer.getNumResults(); ++i) {
      auto name = initializer.getResultAttrOfType<StringAttr>(i, "sinter.param");
      if (name && llvm::any_of(params, [&](const Parameter &p) {
            return p.name == name.getValue();
          }))
        e.store(name.getValue(), call.getResult(i));
    }
  }
  // Optimizer state back to its initial value, as a fresh torch.optim.
  for (const Parameter &p : params)
    for (const StateSpec &s : stateOf(config)) {
      RankedTensorType type =
          s.isStep ? RankedTensorType::get({}, b.getF32Type()) : p.type;
      Value v = FullOp::create(
          b, loc, type.getShape(),
          cast<TypedAttr>(FloatAttr::get(type.getElementType(), s.initial)));
      e.store(stateName(p, s.key), v);
    }
  e.store(kLearningRate, e.f64(config.lr));
  if (config.kind == OptimizerConfig::Kind::SGD && config.momentum != 0)
    e.store(kSgdStep, e.constant(0, b.getI64Type()));
  if (hasRng) {
    e.store(kRngSeed, seed);
    e.store(kRngStep, e.constant(0, b.getI64Type()));
  }
  func::ReturnOp::create(b, loc);
}

void ProgramBuilder::buildTrainStep() {
  Type lossType = forwardGrad.getResultTypes()[0];
  func::FuncOp fn = entryLike("train_step", forwardGrad, {lossType},
                              {nameAttr(b, "loss")});
  Location loc = forwardGrad.getLoc();
  b.setInsertionPointToStart(&fn.getBody().front());
  Emitter e(b, loc);
  Type i64 = b.getI64Type();

  // A new dropout seed every step: seed * 2^32 + step (wrapping).
  Value seed;
  if (hasRng) {
    Value base = e.load(kRngSeed, RankedTensorType::get({}, i64));
    Value step = e.load(kRngStep, RankedTensorType::get({}, i64));
    seed = e.add(e.mul(base, e.constant(4294967296.0, i64)), step);
    e.store(kRngStep, e.add(step, e.constant(1, i64)));
  }
  SmallVector<Value> data(fn.getArguments());
  SmallVector<Value> results = callWithState(e, forwardGrad, data, seed);

  Value lr64 = e.load(kLearningRate, RankedTensorType::get({}, b.getF64Type()));
  Value sgdStep;
  if (config.kind == OptimizerConfig::Kind::SGD && config.momentum != 0) {
    sgdStep = e.load(kSgdStep, RankedTensorType::get({}, i64));
    e.store(kSgdStep, e.add(sgdStep, e.constant(1, i64)));
  }
  for (const Parameter &p : params) {
    Value param = e.load(p.name, p.type);
    Value updated = emitUpdate(e, config, p, param, results[p.gradient], lr64,
                               sgdStep);
    e.store(p.name, updated);
  }
  func::ReturnOp::create(b, loc, ValueRange{results[0]});
}

void ProgramBuilder::buildEvalStep() {
  // Eval mode when the model gave one; otherwise its forward pass.
  func::FuncOp source = eval ? eval : forward;
  if (!source)
    return;
  SmallVector<DictionaryAttr> resultAttrs;
  source.getAllResultAttrs(resultAttrs);
  func::FuncOp fn = entryLike("eval_step", source, source.getResultTypes(),
                              resultAttrs);
  b.setInsertionPointToStart(&fn.getBody().front());
  Emitter e(b, source.getLoc());
  Value seed;
  if (llvm::any_of(llvm::seq<unsigned>(0, source.getNumArguments()),
                   [&](unsigned i) { return source.getArgAttr(i, "sinter.rng"); }))
    seed = e.load(kRngSeed,
                  RankedTensorType::get({}, b.getI64Type()));
  SmallVector<Value> data(fn.getArguments());
  func::ReturnOp::create(b, e.loc, callWithState(e, source, data, seed));
}

LogicalResult ProgramBuilder::buildPredict() {
  if (!predict)
    return success();
  // The model's @predict takes the parameters; the program's takes only
  // the inputs. The model's keeps its body under a new name.
  if (failed(symbols.rename(predict, "predict_model")))
    return predict.emitError("cannot rename @predict to @predict_model: the "
                             "name is taken");
  SmallVector<DictionaryAttr> resultAttrs;
  predict.getAllResultAttrs(resultAttrs);
  func::FuncOp fn = entryLike("predict", predict, predict.getResultTypes(),
                              resultAttrs);
  b.setInsertionPointToStart(&fn.getBody().front());
  Emitter e(b, predict.getLoc());
  SmallVector<Value> data(fn.getArguments());
  func::ReturnOp::create(b, e.loc, callWithState(e, predict, data, Value()));
  return success();
}

LogicalResult ProgramBuilder::build() {
  if (failed(collect()) || failed(declareGlobals()))
    return failure();
  // Model functions become private helpers of the entry points.
  for (func::FuncOp f : {forward, forwardGrad, eval, initializer})
    if (f)
      f.setPrivate();
  buildInit();
  buildTrainStep();
  buildEvalStep();
  if (failed(buildPredict()))
    return failure();
  if (predict)
    predict.setPrivate();
  return success();
}

struct SinterOptimizerPass
    : public mlir::sinter::impl::SinterOptimizerBase<SinterOptimizerPass> {
  using SinterOptimizerBase::SinterOptimizerBase;

  void runOnOperation() override {
    OptimizerConfig config;
    if (!OptimizerConfig::parseKind(optimizerName, config.kind)) {
      getOperation().emitError()
          << "unknown optimizer '" << optimizerName
          << "' (expected sgd, adam, adamw, rmsprop or adagrad)";
      return signalPassFailure();
    }
    config.lr = lr;
    config.momentum = momentum;
    config.dampening = dampening;
    config.nesterov = nesterov;
    config.weightDecay = weightDecay;
    config.maximize = maximize;
    config.beta1 = beta1;
    config.beta2 = beta2;
    config.eps = eps;
    config.amsgrad = amsgrad;
    config.alpha = alpha;
    config.centered = centered;
    config.lrDecay = lrDecay;
    config.initialAccumulatorValue = initialAccumulatorValue;
    if (failed(buildTrainingProgram(getOperation(), config)))
      signalPassFailure();
  }
};

} // namespace

LogicalResult mlir::sinter::buildTrainingProgram(ModuleOp module,
                                                 const OptimizerConfig &config) {
  OptimizerConfig resolved = config;
  std::string error;
  if (!resolved.resolve(error))
    return module.emitError() << "sinter-optimizer: " << error;
  return ProgramBuilder(module, resolved).build();
}
