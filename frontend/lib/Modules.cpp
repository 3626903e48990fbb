//===- Modules.cpp - Module, the layers and the losses ----------------------===//
//
// Plain C++: the module tree, state_dict names, PyTorch's reprs, and the
// layers' forward passes in terms of sinter::nn::functional.
//
//===----------------------------------------------------------------------===//
#include "Internal.h"

#include "sinter/nn/Layers.h"
#include "sinter/nn/Losses.h"
#include "sinter/nn/Trace.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cxxabi.h>
#include <ostream>
#include <set>
#include <sstream>

namespace sinter {
namespace nn {

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

std::string detail::formatError(SourceLoc loc, const std::string &message) {
  if (!loc.file || !*loc.file)
    return "error: " + message;
  return std::string(loc.file) + ":" + std::to_string(loc.line) +
         ": error: " + message;
}

std::string detail::pythonFloat(double value) {
  if (std::isnan(value))
    return "nan";
  if (std::isinf(value))
    return value < 0 ? "-inf" : "inf";
  if (value == 0.0)
    return std::signbit(value) ? "-0.0" : "0.0";
  // The shortest digits that round-trip, as Python's repr.
  char buf[64];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*e", precision - 1, value);
    if (std::strtod(buf, nullptr) == value)
      break;
  }
  std::string s = buf, sign;
  if (s[0] == '-') {
    sign = "-";
    s = s.substr(1);
  }
  size_t e = s.find('e');
  int exponent = std::atoi(s.c_str() + e + 1);
  std::string digits;
  for (size_t i = 0; i < e; ++i)
    if (s[i] != '.')
      digits += s[i];
  while (digits.size() > 1 && digits.back() == '0')
    digits.pop_back();
  std::string out;
  if (exponent >= -4 && exponent < 16) {
    if (exponent >= 0) {
      std::string intPart = digits.substr(
          0, std::min(digits.size(), static_cast<size_t>(exponent) + 1));
      while (intPart.size() < static_cast<size_t>(exponent) + 1)
        intPart += '0';
      std::string frac = digits.size() > static_cast<size_t>(exponent) + 1
                             ? digits.substr(exponent + 1)
                             : "0";
      out = intPart + "." + frac;
    } else {
      out = "0." + std::string(static_cast<size_t>(-exponent - 1), '0') +
            digits;
    }
  } else {
    out = digits.substr(0, 1);
    if (digits.size() > 1)
      out += "." + digits.substr(1);
    char exp[16];
    std::snprintf(exp, sizeof exp, "e%c%02d", exponent < 0 ? '-' : '+',
                  std::abs(exponent));
    out += exp;
  }
  return sign + out;
}

std::string detail::prettyTypeName(const char *mangled) {
  int status = 0;
  char *demangled = abi::__cxa_demangle(mangled, nullptr, nullptr, &status);
  std::string name = status == 0 && demangled ? demangled : mangled;
  std::free(demangled);
  // Drop template arguments, then namespaces.
  size_t angle = name.find('<');
  if (angle != std::string::npos)
    name = name.substr(0, angle);
  size_t colon = name.rfind("::");
  if (colon != std::string::npos)
    name = name.substr(colon + 2);
  const std::string impl = "Impl";
  if (name.size() > impl.size() &&
      name.compare(name.size() - impl.size(), impl.size(), impl) == 0)
    name = name.substr(0, name.size() - impl.size());
  return name;
}

void detail::setDefaultName(Module &module, const std::string &name) {
  if (module.name_.empty() && !name.empty())
    module.name_ = name;
}

/// Indents every line but the first by `spaces`, as torch's _addindent.
static std::string addIndent(const std::string &s, int spaces) {
  std::string out;
  for (char c : s) {
    out += c;
    if (c == '\n')
      out += std::string(static_cast<size_t>(spaces), ' ');
  }
  return out;
}

static const char *pyBool(bool b) { return b ? "True" : "False"; }

//===----------------------------------------------------------------------===//
// Module
//===----------------------------------------------------------------------===//

const std::string &Module::name() const {
  static const std::string fallback = "Module";
  return name_.empty() ? fallback : name_;
}

std::string Module::repr() const {
  // torch.nn.Module.__repr__.
  std::vector<std::string> extraLines, childLines;
  std::string extra = extra_repr();
  if (!extra.empty()) {
    std::istringstream is(extra);
    for (std::string line; std::getline(is, line);)
      extraLines.push_back(line);
  }
  for (const auto &[key, child] : children_)
    childLines.push_back("(" + key + "): " +
                         addIndent(child ? child->repr() : "None", 2));
  std::string out = name() + "(";
  if (!extraLines.empty() || !childLines.empty()) {
    if (extraLines.size() == 1 && childLines.empty()) {
      out += extraLines[0];
    } else {
      std::vector<std::string> lines = extraLines;
      lines.insert(lines.end(), childLines.begin(), childLines.end());
      out += "\n";
      for (const std::string &line : lines)
        out += "  " + line + "\n";
    }
  }
  return out + ")";
}

std::ostream &operator<<(std::ostream &os, const Module &module) {
  return os << module.repr();
}

void Module::fail(SourceLoc loc, const std::string &message) {
  if (error_.empty())
    error_ = detail::formatError(loc, message);
}

std::string Module::construction_error() const {
  if (!error_.empty())
    return error_;
  for (const auto &child : children_)
    if (child.second) {
      std::string e = child.second->construction_error();
      if (!e.empty())
        return e;
    }
  return std::string();
}

static bool validName(const std::string &name) {
  return !name.empty() && name.find('.') == std::string::npos;
}

Tensor Module::register_parameter(std::string name, IntList shape, Init init,
                                  DType dtype, SourceLoc loc) {
  if (!validName(name))
    fail(loc, "parameter name \"" + name +
                  "\" must be non-empty and contain no \".\"");
  for (const Parameter &p : parameters_)
    if (p.name == name)
      fail(loc, "attribute \"" + name + "\" already exists");
  for (const auto &c : children_)
    if (c.first == name)
      fail(loc, "attribute \"" + name + "\" already exists");
  for (int64_t d : shape.values)
    if (d < 0) {
      std::string s = "[";
      for (size_t i = 0; i < shape.values.size(); ++i)
        s += (i ? ", " : "") + std::to_string(shape.values[i]);
      fail(loc, "parameter \"" + name + "\" has a negative size: " + s + "]");
      break;
    }
  if (dtype != DType::F32 && dtype != DType::F64)
    fail(loc, "parameter \"" + name + "\" must be f32 or f64");
  Tensor t = detail::makeParameterTensor(shape.values, dtype);
  parameters_.push_back({std::move(name), t, init, loc});
  return t;
}

void Module::to(DType dtype, SourceLoc loc) {
  if (dtype != DType::F32 && dtype != DType::F64) {
    fail(loc, std::string("to: parameters must be f32 or f64, got ") +
                  dtypeName(dtype));
    return;
  }
  for (Parameter &p : parameters_)
    detail::setParameterDType(p.tensor, dtype);
  for (auto &c : children_)
    if (c.second)
      c.second->to(dtype, loc);
}

void Module::registerChild(std::string name, std::shared_ptr<Module> module,
                           SourceLoc loc) {
  if (!validName(name))
    fail(loc, "module name \"" + name +
                  "\" must be non-empty and contain no \".\"");
  if (!module)
    fail(loc, "module \"" + name + "\" is empty (nullptr)");
  for (const Parameter &p : parameters_)
    if (p.name == name)
      fail(loc, "attribute \"" + name + "\" already exists");
  for (auto &c : children_)
    if (c.first == name) {
      // Re-registering replaces, as assigning self.name = module does.
      c.second = std::move(module);
      return;
    }
  children_.emplace_back(std::move(name), std::move(module));
}

std::vector<Parameter> Module::named_parameter_specs() const {
  std::vector<Parameter> out;
  std::set<const detail::TensorNode *> seen;
  std::function<void(const Module &, const std::string &)> visit =
      [&](const Module &m, const std::string &prefix) {
        for (const Parameter &p : m.parameters_) {
          if (!seen.insert(p.tensor.node().get()).second)
            continue;
          Parameter named = p;
          named.name = prefix + p.name;
          out.push_back(std::move(named));
        }
        for (const auto &c : m.children_)
          if (c.second)
            visit(*c.second, prefix + c.first + ".");
      };
  visit(*this, "");
  return out;
}

std::vector<std::pair<std::string, Tensor>>
Module::named_parameters(bool recurse) const {
  std::vector<std::pair<std::string, Tensor>> out;
  if (!recurse) {
    for (const Parameter &p : parameters_)
      out.emplace_back(p.name, p.tensor);
    return out;
  }
  for (Parameter &p : named_parameter_specs())
    out.emplace_back(std::move(p.name), p.tensor);
  return out;
}

std::vector<Tensor> Module::parameters(bool recurse) const {
  std::vector<Tensor> out;
  for (auto &p : named_parameters(recurse))
    out.push_back(p.second);
  return out;
}

std::vector<std::shared_ptr<Module>> Module::children() const {
  std::vector<std::shared_ptr<Module>> out;
  for (const auto &c : children_)
    out.push_back(c.second);
  return out;
}

std::vector<std::pair<std::string, std::shared_ptr<Module>>>
Module::named_children() const {
  return children_;
}

std::vector<std::shared_ptr<Module>> Module::modules() {
  std::vector<std::shared_ptr<Module>> out;
  for (auto &m : named_modules())
    out.push_back(m.second);
  return out;
}

std::vector<std::pair<std::string, std::shared_ptr<Module>>>
Module::named_modules(const std::string &prefix) {
  std::vector<std::pair<std::string, std::shared_ptr<Module>>> out;
  std::shared_ptr<Module> self = weak_from_this().lock();
  out.emplace_back(prefix, self);
  for (auto &c : children_)
    if (c.second)
      for (auto &m : c.second->named_modules(
               prefix.empty() ? c.first : prefix + "." + c.first))
        out.push_back(std::move(m));
  return out;
}

void Module::train(bool on) {
  training_ = on;
  for (auto &c : children_)
    if (c.second)
      c.second->train(on);
}

Tensor AnyModule::forward(const Tensor &x, SourceLoc loc) const {
  if (!module_) {
    detail::recordError(loc, "calling an empty module");
    return Tensor();
  }
  if (!forward_) {
    detail::recordError(loc, module_->name() +
                                 " has no forward(Tensor) -> Tensor");
    return Tensor();
  }
  return forward_(x, loc);
}

//===----------------------------------------------------------------------===//
// Layers
//===----------------------------------------------------------------------===//

LinearImpl::LinearImpl(int64_t in_features, int64_t out_features, bool bias)
    : Module("Linear"), in_features(in_features), out_features(out_features) {
  // kaiming_uniform_(a=sqrt(5)) and the bias rule of nn.Linear both give
  // U(-1/sqrt(in), 1/sqrt(in)).
  double bound =
      in_features > 0 ? 1.0 / std::sqrt(static_cast<double>(in_features)) : 0;
  weight = register_parameter("weight", {out_features, in_features},
                              Init::uniform(-bound, bound));
  if (bias)
    this->bias = register_parameter("bias", {out_features},
                                    Init::uniform(-bound, bound));
}

Tensor LinearImpl::forward(const Tensor &input, SourceLoc loc) {
  return F::linear(input, weight, bias, loc);
}

std::string LinearImpl::extra_repr() const {
  return "in_features=" + std::to_string(in_features) +
         ", out_features=" + std::to_string(out_features) +
         ", bias=" + pyBool(bias.node() != nullptr);
}

Tensor ReLUImpl::forward(const Tensor &input, SourceLoc loc) {
  return F::relu(input, loc);
}
Tensor SigmoidImpl::forward(const Tensor &input, SourceLoc loc) {
  return F::sigmoid(input, loc);
}
Tensor TanhImpl::forward(const Tensor &input, SourceLoc loc) {
  return F::tanh(input, loc);
}

Tensor SoftmaxImpl::forward(const Tensor &input, SourceLoc loc) {
  return F::softmax(input, dim, loc);
}
std::string SoftmaxImpl::extra_repr() const {
  return "dim=" + std::to_string(dim);
}

Tensor LogSoftmaxImpl::forward(const Tensor &input, SourceLoc loc) {
  return F::log_softmax(input, dim, loc);
}
std::string LogSoftmaxImpl::extra_repr() const {
  return "dim=" + std::to_string(dim);
}

EmbeddingImpl::EmbeddingImpl(int64_t num_embeddings, int64_t embedding_dim)
    : Module("Embedding"), num_embeddings(num_embeddings),
      embedding_dim(embedding_dim) {
  weight = register_parameter("weight", {num_embeddings, embedding_dim},
                              Init::normal(0.0, 1.0));
}

Tensor EmbeddingImpl::forward(const Tensor &indices, SourceLoc loc) {
  return F::embedding(indices, weight, loc);
}

std::string EmbeddingImpl::extra_repr() const {
  return std::to_string(num_embeddings) + ", " + std::to_string(embedding_dim);
}

DropoutImpl::DropoutImpl(double p) : Module("Dropout"), p(p) {
  if (!(p >= 0.0 && p <= 1.0))
    fail(SourceLoc(), "dropout probability has to be between 0 and 1, but "
                      "got " + detail::pythonFloat(p));
}

DropoutImpl::DropoutImpl(int p) : DropoutImpl(static_cast<double>(p)) {
  intP_ = true;
}

Tensor DropoutImpl::forward(const Tensor &input, SourceLoc loc) {
  return F::dropout(input, p, is_training(), loc);
}

std::string DropoutImpl::extra_repr() const {
  std::string ps = intP_ ? std::to_string(static_cast<long long>(p))
                         : detail::pythonFloat(p);
  return "p=" + ps + ", inplace=False";
}

Tensor FlattenImpl::forward(const Tensor &input, SourceLoc loc) {
  return F::flatten(input, start_dim, end_dim, loc);
}

std::string FlattenImpl::extra_repr() const {
  return "start_dim=" + std::to_string(start_dim) +
         ", end_dim=" + std::to_string(end_dim);
}

void SequentialImpl::push_back(AnyModule module, SourceLoc loc) {
  push_back(std::to_string(modules_.size()), std::move(module), loc);
}

void SequentialImpl::push_back(std::string name, AnyModule module,
                               SourceLoc loc) {
  registerChild(std::move(name), module.ptr(), loc);
  modules_.push_back(std::move(module));
}

Tensor SequentialImpl::forward(const Tensor &input, SourceLoc loc) {
  Tensor x = input;
  for (const AnyModule &m : modules_)
    x = m.forward(x, loc);
  return x;
}

void ModuleListImpl::push_back(AnyModule module, SourceLoc loc) {
  registerChild(std::to_string(modules_.size()), module.ptr(), loc);
  modules_.push_back(std::move(module));
}

std::string ModuleListImpl::repr() const {
  // torch.nn.ModuleList.__repr__: runs of equal reprs are compressed.
  if (modules_.empty())
    return name() + "()";
  std::vector<std::string> reprs;
  for (const AnyModule &m : modules_)
    reprs.push_back(m.is_empty() ? "None" : m->repr());
  std::string out = name() + "(\n";
  size_t start = 0;
  while (start < reprs.size()) {
    size_t end = start;
    while (end + 1 < reprs.size() && reprs[end + 1] == reprs[start])
      ++end;
    std::string local;
    if (start == end)
      local = "(" + std::to_string(start) + "): " + reprs[start];
    else
      local = "(" + std::to_string(start) + "-" + std::to_string(end) +
              "): " + std::to_string(end - start + 1) + " x " + reprs[start];
    out += "  " + addIndent(local, 2) + "\n";
    start = end + 1;
  }
  return out + ")";
}

//===----------------------------------------------------------------------===//
// Losses
//===----------------------------------------------------------------------===//

Tensor MSELossImpl::forward(const Tensor &input, const Tensor &target,
                            SourceLoc loc) {
  return F::mse_loss(input, target, reduction, loc);
}

Tensor CrossEntropyLossImpl::forward(const Tensor &input, const Tensor &target,
                                     SourceLoc loc) {
  return detail::classLoss(detail::ClassLoss::CrossEntropy, input, target,
                           reduction, "CrossEntropyLoss", loc);
}

Tensor NLLLossImpl::forward(const Tensor &input, const Tensor &target,
                            SourceLoc loc) {
  return detail::classLoss(detail::ClassLoss::Nll, input, target, reduction,
                           "NLLLoss", loc);
}

Tensor BCELossImpl::forward(const Tensor &input, const Tensor &target,
                            SourceLoc loc) {
  return F::binary_cross_entropy(input, target, reduction, loc);
}

Tensor BCEWithLogitsLossImpl::forward(const Tensor &input,
                                      const Tensor &target, SourceLoc loc) {
  return F::binary_cross_entropy_with_logits(input, target, reduction, loc);
}

} // namespace nn
} // namespace sinter
