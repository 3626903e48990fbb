//===- Trace.cpp - Record the functions of a training program -------------===//
//
// traceProgram() records @forward (training mode), @eval and @predict (eval
// mode) by calling the user's function once per function with the
// parameters bound to that function's arguments, and @initializer from the
// parameters' inits; see docs/training-program.md.
//
//===----------------------------------------------------------------------===//
#include "Graph.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <ostream>
#include <set>

using namespace mlir;
namespace S = mlir::sinter;

namespace sinter {
namespace nn {

//===----------------------------------------------------------------------===//
// Program
//===----------------------------------------------------------------------===//

std::string Program::str() const {
  std::string text;
  llvm::raw_string_ostream os(text);
  impl_->module->print(os);
  return text;
}

bool Program::write(const std::string &path, std::string *error) const {
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec, llvm::sys::fs::OF_Text);
  if (ec) {
    if (error)
      *error = "cannot write " + path + ": " + ec.message();
    return false;
  }
  impl_->module->print(os);
  return true;
}

std::vector<std::string> Program::functions() const {
  std::vector<std::string> names;
  for (auto func : impl_->module->getOps<func::FuncOp>())
    names.push_back(func.getName().str());
  return names;
}

const std::vector<ParameterInfo> &Program::parameters() const {
  return impl_->parameters;
}

std::ostream &operator<<(std::ostream &os, const Program &program) {
  return os << program.str();
}

namespace detail {
namespace {

/// What one recorded function is.
enum class Kind { Forward, Eval, Predict };

struct Tracer {
  Recording &rec;
  Module &model;
  const RecordFn &fn;
  const std::vector<Input> &inputs;
  const std::vector<Parameter> &params;
  const TraceOptions &options;
  SourceLoc loc;

  RankedTensorType inputType(const Input &input) {
    SmallVector<int64_t> shape;
    for (const Dim &d : input.dims)
      shape.push_back(d.dynamic ? ShapedType::kDynamic : d.size);
    return RankedTensorType::get(shape,
                                 elementType(rec.context(), input.dtype));
  }

  RankedTensorType paramType(const Parameter &p) {
    const std::vector<int64_t> &sizes = p.tensor.sizes();
    return RankedTensorType::get(
        SmallVector<int64_t>(sizes.begin(), sizes.end()),
        elementType(rec.context(), p.tensor.dtype()));
  }

  std::vector<std::string> outputNames(size_t count) {
    if (!options.outputNames.empty())
      return options.outputNames;
    if (count == 1)
      return {"output"};
    std::vector<std::string> names;
    for (size_t i = 0; i < count; ++i)
      names.push_back("output" + std::to_string(i));
    return names;
  }

  /// Records one function; false after an error.
  bool record(StringRef name, Kind kind,
              const std::vector<std::string> &predictInputs) {
    MLIRContext *ctx = rec.context();
    OpBuilder b(ctx);
    b.setInsertionPointToEnd(rec.module().getBody());
    Location floc = rec.location(loc);

    SmallVector<Type> argTypes;
    for (const Input &input : inputs)
      argTypes.push_back(inputType(input));
    for (const Parameter &p : params)
      argTypes.push_back(paramType(p));
    auto func = func::FuncOp::create(b, floc, name,
                                     b.getFunctionType(argTypes, {}));
    Block *block = func.addEntryBlock();

    // The attributes of each argument, by value: the dropout seed is
    // inserted and @predict's unused arguments erased while recording.
    llvm::DenseMap<Value, DictionaryAttr> argAttrs;
    std::vector<Tensor> inputTensors;
    Graph graph(rec, func, kind == Kind::Forward,
                static_cast<unsigned>(inputs.size()));
    for (size_t i = 0; i < inputs.size(); ++i) {
      Value arg = block->getArgument(static_cast<unsigned>(i));
      NamedAttrList attrs;
      attrs.append("sinter.name", b.getStringAttr(inputs[i].name));
      for (const Dim &d : inputs[i].dims)
        if (d.dynamic)
          attrs.append("sinter.batch_bound", b.getI64IntegerAttr(d.size));
      argAttrs[arg] = attrs.getDictionary(ctx);
      inputTensors.push_back(wrap(graph, arg));
    }
    for (size_t i = 0; i < params.size(); ++i) {
      Value arg =
          block->getArgument(static_cast<unsigned>(inputs.size() + i));
      argAttrs[arg] = b.getDictionaryAttr(
          b.getNamedAttr("sinter.param", b.getStringAttr(params[i].name)));
      bind(params[i].tensor, &graph, arg);
    }

    std::vector<Tensor> results;
    {
      GraphScope scope(&graph);
      results = fn(inputTensors);
    }
    for (const Parameter &p : params)
      bind(p.tensor, nullptr, Value());
    if (rec.failed())
      return false;

    // Check the results.
    if (results.empty()) {
      rec.fail(loc, "trace: the traced function returned no tensors (the "
                    "loss comes first)");
      return false;
    }
    for (size_t i = 0; i < results.size(); ++i) {
      const auto &node = results[i].node();
      if (!node || !node->value || node->graph != graph.id) {
        rec.fail(loc, "trace: result " + std::to_string(i) +
                          (node && node->value
                               ? " is not a value of the traced function"
                               : " is an undefined tensor"));
        return false;
      }
    }
    const Tensor &loss = results[0];
    if (loss.dim() != 0 || !loss.is_floating_point()) {
      rec.fail(loc, "trace: the loss (result 0) must be a 0-d floating-point "
                    "tensor, got " +
                        loss.toString() +
                        " (reduce it, or use a reduction other than None)");
      return false;
    }
    std::vector<std::string> names = outputNames(results.size() - 1);
    if (names.size() != results.size() - 1) {
      rec.fail(loc, "trace: TraceOptions::outputNames has " +
                        std::to_string(names.size()) + " names for " +
                        std::to_string(results.size() - 1) + " outputs");
      return false;
    }

    SmallVector<Value> returned;
    SmallVector<Attribute> resultAttrs;
    for (size_t i = kind == Kind::Predict ? 1 : 0; i < results.size(); ++i) {
      returned.push_back(unwrap(results[i]));
      resultAttrs.push_back(b.getDictionaryAttr(b.getNamedAttr(
          "sinter.name",
          b.getStringAttr(i == 0 ? options.lossName : names[i - 1]))));
    }
    if (kind == Kind::Predict && returned.empty()) {
      rec.fail(loc, "trace: @predict needs outputs besides the loss");
      return false;
    }
    b.setInsertionPointToEnd(block);
    func::ReturnOp::create(b, floc, returned);

    if (graph.hasSeed())
      argAttrs[graph.seedValue()] =
          b.getDictionaryAttr(b.getNamedAttr("sinter.rng", b.getUnitAttr()));

    if (kind == Kind::Predict &&
        !prunePredict(block, predictInputs, graph.seedValue()))
      return false;

    SmallVector<Type> resultTypes;
    for (Value v : returned)
      resultTypes.push_back(v.getType());
    func.setFunctionType(
        b.getFunctionType(block->getArgumentTypes(), resultTypes));
    SmallVector<DictionaryAttr> argDicts;
    for (BlockArgument arg : block->getArguments())
      argDicts.push_back(argAttrs.lookup(arg));
    func.setAllArgAttrs(argDicts);
    func.setAllResultAttrs(resultAttrs);
    return true;
  }

  /// Erases the ops that no output needs (the loss) and the inputs that are
  /// not predict inputs; fails when an output needs one of them.
  bool prunePredict(Block *block,
                    const std::vector<std::string> &predictInputs,
                    Value seed) {
    // Backwards, so that an op's users are gone when it is reached.
    for (Operation *op = block->getTerminator()->getPrevNode(); op;) {
      Operation *prev = op->getPrevNode();
      if (op->use_empty())
        op->erase();
      op = prev;
    }
    llvm::BitVector erase(block->getNumArguments());
    for (size_t i = 0; i < inputs.size(); ++i) {
      if (std::find(predictInputs.begin(), predictInputs.end(),
                    inputs[i].name) != predictInputs.end())
        continue;
      BlockArgument arg = block->getArgument(static_cast<unsigned>(i));
      if (!arg.use_empty()) {
        rec.fail(loc, "trace: the outputs depend on input \"" +
                          inputs[i].name +
                          "\", which is not an input of @predict");
        return false;
      }
      erase.set(static_cast<unsigned>(i));
    }
    if (seed && seed.use_empty())
      erase.set(llvm::cast<BlockArgument>(seed).getArgNumber());
    block->eraseArguments(erase);
    return true;
  }

  bool recordInitializer() {
    MLIRContext *ctx = rec.context();
    OpBuilder b(ctx);
    b.setInsertionPointToEnd(rec.module().getBody());
    Location floc = rec.location(loc);
    auto seedType = RankedTensorType::get({}, b.getI64Type());
    SmallVector<Type> resultTypes;
    SmallVector<Attribute> resultAttrs;
    for (const Parameter &p : params) {
      resultTypes.push_back(paramType(p));
      resultAttrs.push_back(b.getDictionaryAttr(
          b.getNamedAttr("sinter.param", b.getStringAttr(p.name))));
    }
    auto func = func::FuncOp::create(
        b, floc, "initializer", b.getFunctionType({seedType}, resultTypes));
    func.setArgAttrs(0, b.getDictionaryAttr(b.getNamedAttr(
                            "sinter.name", b.getStringAttr("seed"))));
    func.setAllResultAttrs(resultAttrs);
    Block *block = func.addEntryBlock();
    Graph graph(rec, func, false, 1);
    Value seed = block->getArgument(0);
    SmallVector<Value> values;
    for (auto [i, p] : llvm::enumerate(params)) {
      RankedTensorType type = paramType(p);
      auto shape = b.getDenseI64ArrayAttr(type.getShape());
      auto dtype = TypeAttr::get(type.getElementType());
      auto stream = b.getI64IntegerAttr(static_cast<int64_t>(i));
      Tensor t;
      switch (p.init.kind) {
      case Init::Kind::Uniform:
        t = emit<S::UniformOp>(graph, p.loc, seed, shape, dtype,
                               b.getF64FloatAttr(p.init.a),
                               b.getF64FloatAttr(p.init.b), stream);
        break;
      case Init::Kind::Normal:
        t = emit<S::NormalOp>(graph, p.loc, seed, shape, dtype,
                              b.getF64FloatAttr(p.init.a),
                              b.getF64FloatAttr(p.init.b), stream);
        break;
      case Init::Kind::Constant:
        t = emit<S::FullOp>(
            graph, p.loc, shape,
            llvm::cast<TypedAttr>(
                FloatAttr::get(type.getElementType(), p.init.a)));
        break;
      }
      if (!t.defined()) {
        rec.fail(p.loc, "cannot initialise parameter \"" + p.name + "\"");
        return false;
      }
      values.push_back(unwrap(t));
    }
    OpBuilder end = OpBuilder::atBlockEnd(block);
    func::ReturnOp::create(end, floc, values);
    return true;
  }
};

/// Saves every module's training flag; restores them on destruction.
class TrainingModes {
public:
  explicit TrainingModes(Module &root) : root_(root) { save(root); }
  ~TrainingModes() {
    size_t i = 0;
    restore(root_, i);
  }

private:
  void save(Module &m) {
    modes_.push_back(m.is_training());
    for (auto &c : m.children())
      if (c)
        save(*c);
  }
  // Pre-order: a parent's train() sets its subtree, its children then
  // restore their own flags.
  void restore(Module &m, size_t &i) {
    m.train(modes_[i++]);
    for (auto &c : m.children())
      if (c)
        restore(*c, i);
  }
  Module &root_;
  std::vector<bool> modes_;
};

std::string checkInputs(const std::vector<Input> &inputs,
                        const std::vector<std::string> &predictInputs,
                        const std::vector<Parameter> &params) {
  std::set<std::string> names;
  for (const Input &input : inputs) {
    if (input.name.empty())
      return "trace: an input has an empty name";
    if (!names.insert(input.name).second)
      return "trace: two inputs are named \"" + input.name + "\"";
    int batches = 0;
    for (const Dim &d : input.dims) {
      if (d.batch && ++batches > 1)
        return "trace: input \"" + input.name +
               "\" has more than one batch dimension";
      if (d.dynamic && d.size < 1)
        return "trace: input \"" + input.name +
               "\": the bound of Batch::upTo must be >= 1, got " +
               std::to_string(d.size);
      if (!d.dynamic && d.size < 0)
        return "trace: input \"" + input.name +
               "\" has a negative size " + std::to_string(d.size);
    }
  }
  for (const std::string &name : predictInputs)
    if (!names.count(name))
      return "trace: predict input \"" + name + "\" is not an input";
  for (const Parameter &p : params)
    if (names.count(p.name))
      return "trace: input \"" + p.name + "\" has a parameter's name";
  return std::string();
}

} // namespace

Traced traceProgram(Module &model, const RecordFn &fn,
                    const std::vector<Input> &inputs,
                    const std::vector<std::string> &predictInputs,
                    const TraceOptions &options, SourceLoc loc) {
  std::string error = model.construction_error();
  if (!error.empty())
    return Traced(error);
  std::vector<Parameter> params = model.named_parameter_specs();
  error = checkInputs(inputs, predictInputs, params);
  if (!error.empty())
    return Traced(formatError(loc, error));

  Recording rec;
  Tracer tracer{rec, model, fn, inputs, params, options, loc};
  {
    TrainingModes modes(model);
    model.train(true);
    if (!tracer.record("forward", Kind::Forward, {}))
      return Traced(rec.error);
    model.eval();
    if (options.eval && !tracer.record("eval", Kind::Eval, {}))
      return Traced(rec.error);
    if (options.predict && !predictInputs.empty() &&
        !tracer.record("predict", Kind::Predict, predictInputs))
      return Traced(rec.error);
  }
  if (options.initializer && !tracer.recordInitializer())
    return Traced(rec.error);

  rec.diagnostic.clear();
  if (failed(mlir::verify(rec.module())))
    return Traced(formatError(loc, "internal error: the recorded module does "
                                   "not verify: " +
                                       rec.diagnostic));
  for (const Parameter &p : params)
    rec.program->parameters.push_back(
        {p.name, p.tensor.sizes(), p.tensor.dtype()});
  return Traced(Program(rec.program));
}

} // namespace detail
} // namespace nn
} // namespace sinter
