//===- Module.h - torch::nn::Module for the DSL ---------------*- C++ -*-===//
//
// A model is a tree of modules, as in LibTorch's C++ frontend:
//
//   struct NetImpl : sinter::nn::Module {
//     NetImpl() {
//       fc1 = register_module("fc1", Linear(784, 128));
//       fc2 = register_module("fc2", Linear(128, 10));
//     }
//     Tensor forward(Tensor x) { return fc2(F::relu(fc1(x))); }
//     Linear fc1{nullptr}, fc2{nullptr};
//   };
//   SINTER_MODULE(Net);   // Net: a shared-ownership holder of a NetImpl
//
// Parameters are symbolic: register_parameter gives their shape, dtype and
// default initialisation (drawn in @initializer); while a function is being
// traced the parameter tensor is that function's argument.
//
//===----------------------------------------------------------------------===//
#ifndef SINTER_NN_MODULE_H
#define SINTER_NN_MODULE_H

#include "sinter/nn/Tensor.h"

#include <cstddef>
#include <functional>
#include <ostream>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>
#if defined(__GXX_RTTI) || defined(_CPPRTTI)
#include <typeinfo>
#endif

namespace sinter {
namespace nn {

/// How a parameter is drawn in @initializer, as torch.nn.init.
struct Init {
  enum class Kind { Uniform, Normal, Constant };
  Kind kind = Kind::Constant;
  double a = 0.0; // low, mean or the constant
  double b = 0.0; // high or std

  /// U(low, high): sinter.uniform.
  static Init uniform(double low, double high) { return {Kind::Uniform, low, high}; }
  /// N(mean, std²): sinter.normal.
  static Init normal(double mean = 0.0, double std = 1.0) { return {Kind::Normal, mean, std}; }
  /// Every element `value`: sinter.full.
  static Init constant(double value) { return {Kind::Constant, value, 0.0}; }
  static Init zeros() { return constant(0.0); }
  static Init ones() { return constant(1.0); }
};

/// A parameter as registered: its local name, symbolic tensor and init.
struct Parameter {
  std::string name;
  Tensor tensor;
  Init init;
  SourceLoc loc;
};

class Module;
template <typename Contained> class ModuleHolder;

namespace detail {
/// "Net" for NetImpl, "Net" for ns::Net (the class name, without namespaces
/// and without LibTorch's `Impl` suffix); empty without RTTI.
std::string prettyTypeName(const char *mangled);
template <typename T> std::string typeName() {
#if defined(__GXX_RTTI) || defined(_CPPRTTI)
  return prettyTypeName(typeid(T).name());
#else
  return std::string();
#endif
}
void setDefaultName(Module &module, const std::string &name);
} // namespace detail

class Module : public std::enable_shared_from_this<Module> {
public:
  /// The repr name is the class name (from RTTI, LibTorch's `Impl` suffix
  /// dropped), or "Module" without RTTI; pass it to be explicit.
  Module() = default;
  explicit Module(std::string name) : name_(std::move(name)) {}
  virtual ~Module() = default;
  Module(const Module &) = delete;
  Module &operator=(const Module &) = delete;

  /// The class name, as `type(m).__name__`.
  const std::string &name() const;

  /// PyTorch's `extra_repr()`: the one-line summary inside the parentheses.
  virtual std::string extra_repr() const { return std::string(); }
  /// PyTorch's `repr(module)`, exactly.
  virtual std::string repr() const;
  std::string str() const { return repr(); }

  /// Registers a symbolic parameter of `shape` (as
  /// `self.name = nn.Parameter(torch.empty(shape))` and its init) and returns
  /// its tensor; store it in a member to use in forward().
  Tensor register_parameter(std::string name, IntList shape,
                            Init init = Init::zeros(),
                            DType dtype = DType::F32,
                            SourceLoc loc = SourceLoc::current());

  /// Registers a child module (a holder such as Linear, or a shared_ptr) and
  /// returns it, as LibTorch does: `fc1 = register_module("fc1", Linear(2, 3))`.
  template <typename M>
  std::shared_ptr<M> register_module(std::string name,
                                     const ModuleHolder<M> &module,
                                     SourceLoc loc = SourceLoc::current()) {
    registerChild(std::move(name), module.ptr(), loc);
    return module.ptr();
  }
  template <typename M>
  std::shared_ptr<M> register_module(std::string name,
                                     std::shared_ptr<M> module,
                                     SourceLoc loc = SourceLoc::current()) {
    if (module)
      detail::setDefaultName(*module, detail::typeName<M>());
    registerChild(std::move(name), module, loc);
    return module;
  }

  /// Every parameter, depth first (own parameters, then each child's), each
  /// once, as `module.parameters()`.
  std::vector<Tensor> parameters(bool recurse = true) const;
  /// (state_dict name, tensor) pairs: "fc1.weight", "seq.0.bias", ...
  std::vector<std::pair<std::string, Tensor>>
  named_parameters(bool recurse = true) const;
  /// The registered parameters with their init (library use): the full
  /// state_dict names, in named_parameters() order.
  std::vector<Parameter> named_parameter_specs() const;

  std::vector<std::shared_ptr<Module>> children() const;
  std::vector<std::pair<std::string, std::shared_ptr<Module>>>
  named_children() const;
  /// This module and every descendant, pre-order, as `module.modules()`.
  std::vector<std::shared_ptr<Module>> modules();
  std::vector<std::pair<std::string, std::shared_ptr<Module>>>
  named_modules(const std::string &prefix = "");

  /// Converts every parameter, recursively, to `dtype` (F32 or F64), as
  /// `module.to(torch.float64)` does.
  void to(DType dtype, SourceLoc loc = SourceLoc::current());

  /// Training mode (the default) and eval mode, recursively.
  virtual void train(bool on = true);
  void eval() { train(false); }
  bool is_training() const { return training_; }

  /// The first error in building this module or a descendant (a negative
  /// size, a duplicate name), as "file:line: error: message"; empty if none.
  std::string construction_error() const;

protected:
  /// Records a construction error (the first one only).
  void fail(SourceLoc loc, const std::string &message);
  void registerChild(std::string name, std::shared_ptr<Module> module,
                     SourceLoc loc);

private:
  friend void detail::setDefaultName(Module &, const std::string &);
  std::string name_;
  bool training_ = true;
  std::vector<Parameter> parameters_;
  std::vector<std::pair<std::string, std::shared_ptr<Module>>> children_;
  std::string error_;
};

std::ostream &operator<<(std::ostream &os, const Module &module);

namespace detail {
struct ModuleHolderBase {};

template <typename T, typename = void> struct HasDefaultCtor : std::false_type {};
template <typename T>
struct HasDefaultCtor<T, std::void_t<decltype(T())>> : std::true_type {};

// forward(args..., SourceLoc) when the module takes the caller's line,
// forward(args...) otherwise.
template <typename Void, typename T, typename... Args>
struct TakesLoc : std::false_type {};
template <typename T, typename... Args>
struct TakesLoc<std::void_t<decltype(std::declval<T &>().forward(
                    std::declval<Args>()..., std::declval<SourceLoc>()))>,
                T, Args...> : std::true_type {};

template <typename T, typename... Args>
decltype(auto) invokeForward(T &module, SourceLoc loc, Args &&...args) {
  if constexpr (TakesLoc<void, T, Args &&...>::value)
    return module.forward(std::forward<Args>(args)..., loc);
  else
    return module.forward(std::forward<Args>(args)...);
}

template <typename Void, typename T, typename... Args>
struct HasForward : std::false_type {};
template <typename T, typename... Args>
struct HasForward<std::void_t<decltype(std::declval<T &>().forward(
                      std::declval<Args>()...))>,
                  T, Args...> : std::true_type {};

/// Whether module.forward(args...) (with or without a trailing SourceLoc)
/// is valid: ModuleHolder::operator() is SFINAE-friendly with it.
template <typename T, typename... Args>
constexpr bool canForward = HasForward<void, T, Args...>::value ||
                            TakesLoc<void, T, Args...>::value;

/// `forward(const Tensor&) -> Tensor` of any module, type-erased; empty
/// when the module has no such forward.
using TensorForward = std::function<Tensor(const Tensor &, SourceLoc)>;
template <typename M> TensorForward makeTensorForward(M *module) {
  if constexpr (HasForward<void, M, const Tensor &>::value)
    return [module](const Tensor &x, SourceLoc loc) -> Tensor {
      return invokeForward(*module, loc, x);
    };
  else
    return TensorForward();
}
} // namespace detail

/// A shared-ownership handle of a module, as torch::nn::ModuleHolder:
/// `Linear fc{nullptr}` is empty, `Linear(784, 128)` constructs a LinearImpl,
/// `fc(x)` calls `fc->forward(x)`.
template <typename Contained>
class ModuleHolder : public detail::ModuleHolderBase {
public:
  using ContainedType = Contained;

  /// Default-constructs the module when it has a default constructor.
  ModuleHolder() {
    if constexpr (detail::HasDefaultCtor<Contained>::value) {
      impl_ = std::make_shared<Contained>();
      named();
    }
  }
  /// An empty holder.
  ModuleHolder(std::nullptr_t) {}
  /// Constructs the module from `args`.
  template <typename Head, typename... Tail,
            typename = std::enable_if_t<!(
                sizeof...(Tail) == 0 &&
                (std::is_base_of<ModuleHolder, std::decay_t<Head>>::value ||
                 std::is_same<std::decay_t<Head>, std::nullptr_t>::value ||
                 std::is_same<std::decay_t<Head>,
                              std::shared_ptr<Contained>>::value))>>
  explicit ModuleHolder(Head &&head, Tail &&...tail)
      : impl_(std::make_shared<Contained>(std::forward<Head>(head),
                                          std::forward<Tail>(tail)...)) {
    named();
  }
  /// Wraps an existing module.
  ModuleHolder(std::shared_ptr<Contained> module) : impl_(std::move(module)) {
    named();
  }

  Contained *operator->() { return impl_.get(); }
  const Contained *operator->() const { return impl_.get(); }
  Contained &operator*() { return *impl_; }
  const Contained &operator*() const { return *impl_; }
  Contained *get() const { return impl_.get(); }
  const std::shared_ptr<Contained> &ptr() const { return impl_; }
  bool is_empty() const { return impl_ == nullptr; }
  explicit operator bool() const { return impl_ != nullptr; }

  /// forward(a), forward(a, b), forward(a, b, c), recorded at the caller's
  /// line when forward takes a SourceLoc.
  template <typename A, typename = std::enable_if_t<
                            detail::canForward<Contained, A &&>>>
  decltype(auto) operator()(A &&a, SourceLoc loc = SourceLoc::current()) const {
    return detail::invokeForward(*impl_, loc, std::forward<A>(a));
  }
  template <typename A, typename B,
            typename = std::enable_if_t<
                !std::is_same<std::decay_t<B>, SourceLoc>::value &&
                detail::canForward<Contained, A &&, B &&>>>
  decltype(auto) operator()(A &&a, B &&b,
                            SourceLoc loc = SourceLoc::current()) const {
    return detail::invokeForward(*impl_, loc, std::forward<A>(a),
                                 std::forward<B>(b));
  }
  template <typename A, typename B, typename C,
            typename = std::enable_if_t<
                !std::is_same<std::decay_t<C>, SourceLoc>::value &&
                detail::canForward<Contained, A &&, B &&, C &&>>>
  decltype(auto) operator()(A &&a, B &&b, C &&c,
                            SourceLoc loc = SourceLoc::current()) const {
    return detail::invokeForward(*impl_, loc, std::forward<A>(a),
                                 std::forward<B>(b), std::forward<C>(c));
  }

private:
  void named() {
    if (impl_)
      detail::setDefaultName(*impl_, detail::typeName<Contained>());
  }
  std::shared_ptr<Contained> impl_;
};

template <typename Contained>
std::ostream &operator<<(std::ostream &os,
                         const ModuleHolder<Contained> &module) {
  return module.is_empty() ? (os << "<empty module>") : (os << *module);
}

/// Declares `Name`, the holder of `NameImpl`, as TORCH_MODULE does.
#define SINTER_MODULE(Name)                                                    \
  class Name : public ::sinter::nn::ModuleHolder<Name##Impl> {                 \
  public:                                                                      \
    using ::sinter::nn::ModuleHolder<Name##Impl>::ModuleHolder;                \
    Name() : ::sinter::nn::ModuleHolder<Name##Impl>() {}                       \
  }

/// Any module whose forward maps a Tensor to a Tensor, type-erased, as
/// torch::nn::AnyModule: the elements of Sequential and ModuleList.
class AnyModule {
public:
  AnyModule() = default;
  template <typename M>
  AnyModule(const ModuleHolder<M> &module)
      : AnyModule(module.ptr()) {}
  template <typename M>
  AnyModule(std::shared_ptr<M> module)
      : module_(module),
        forward_(module ? detail::makeTensorForward(module.get())
                        : detail::TensorForward()) {
    if (module)
      detail::setDefaultName(*module, detail::typeName<M>());
  }

  Tensor forward(const Tensor &x, SourceLoc loc = SourceLoc::current()) const;
  Tensor operator()(const Tensor &x, SourceLoc loc = SourceLoc::current()) const {
    return forward(x, loc);
  }
  Module *operator->() const { return module_.get(); }
  Module &operator*() const { return *module_; }
  const std::shared_ptr<Module> &ptr() const { return module_; }
  /// The module as its own type (unchecked: the caller knows it).
  template <typename M> M *as() const { return static_cast<M *>(module_.get()); }
  bool is_empty() const { return module_ == nullptr; }

private:
  std::shared_ptr<Module> module_;
  detail::TensorForward forward_;
};

} // namespace nn
} // namespace sinter

#endif // SINTER_NN_MODULE_H
