//===- Tensor.h - The symbolic tensor of the model-building DSL -*- C++ -*-===//
//
// sinter::nn::Tensor is a handle to a value being recorded into a function of
// the sinter dialect (not host data: that is ::sinter::Tensor in runtime/).
// Arithmetic, comparisons and the method forms of the functional API record
// ops; a shape or dtype error is recorded once, at the user's source line,
// and gives an undefined ("poisoned") tensor on which further ops record
// nothing. Nothing aborts and nothing throws.
//
// Plain C++: this header includes no LLVM or MLIR header.
//
//===----------------------------------------------------------------------===//
#ifndef SINTER_NN_TENSOR_H
#define SINTER_NN_TENSOR_H

#include "sinter/runtime/Tensor.h"

#include <cstdint>
#include <initializer_list>
#include <iosfwd>
#include <limits>
#include <memory>
#include <string>
#include <vector>

namespace sinter {
namespace nn {

/// Element types: F32, F64, I64, I32, I1 (the runtime's enum).
using DType = ::sinter::DType;

/// The call site of a DSL function, as std::source_location (C++20) gives
/// it: every function that records an op takes a trailing
/// `SourceLoc loc = SourceLoc::current()`, so that the op's location and any
/// error point at the user's line.
struct SourceLoc {
  const char *file = nullptr;
  int line = 0;

  SourceLoc() {}
  SourceLoc(const char *file, int line) : file(file), line(line) {}
  static SourceLoc current(const char *file = __builtin_FILE(),
                           int line = __builtin_LINE()) {
    return SourceLoc(file, line);
  }
};

/// A list of dimensions or sizes, as c10::IntArrayRef: `1`, `{0, 2}`, `{}`.
struct IntList {
  std::vector<int64_t> values;

  IntList() = default;
  IntList(int64_t value) : values{value} {}
  IntList(std::initializer_list<int64_t> list) : values(list) {}
  IntList(std::vector<int64_t> list) : values(std::move(list)) {}
};

/// How a loss reduces its per-element values, as `reduction=` in PyTorch.
enum class Reduction { None, Mean, Sum };

class Tensor;
namespace detail {
struct TensorNode;
class Graph;
} // namespace detail

class Tensor {
public:
  /// The size of a dynamic (batch) dimension in sizes().
  static constexpr int64_t kDynamic = -1;

  /// An undefined tensor (as torch::Tensor()).
  Tensor() = default;

  /// False for a default-constructed tensor and for the result of an op that
  /// failed (or whose operands were undefined).
  bool defined() const;

  /// The sizes, with kDynamic (-1) for a dynamic batch dimension; empty for
  /// an undefined tensor.
  const std::vector<int64_t> &sizes() const;
  /// Same as sizes(), PyTorch's other spelling.
  const std::vector<int64_t> &shape() const { return sizes(); }
  int64_t dim() const { return static_cast<int64_t>(sizes().size()); }
  /// Size of dimension `d` (negative counts from the end); kDynamic when
  /// dynamic, 0 when out of range.
  int64_t size(int64_t d) const;
  DType dtype() const;
  bool is_floating_point() const;

  /// "f32[?, 784]", or "undefined".
  std::string toString() const;

  // Method forms of sinter::nn::functional, as on torch::Tensor.
  Tensor relu(SourceLoc loc = SourceLoc::current()) const;
  Tensor sigmoid(SourceLoc loc = SourceLoc::current()) const;
  Tensor tanh(SourceLoc loc = SourceLoc::current()) const;
  Tensor exp(SourceLoc loc = SourceLoc::current()) const;
  Tensor log(SourceLoc loc = SourceLoc::current()) const;
  Tensor sqrt(SourceLoc loc = SourceLoc::current()) const;
  Tensor rsqrt(SourceLoc loc = SourceLoc::current()) const;
  Tensor neg(SourceLoc loc = SourceLoc::current()) const;
  Tensor pow(double exponent, SourceLoc loc = SourceLoc::current()) const;
  Tensor softmax(int64_t dim, SourceLoc loc = SourceLoc::current()) const;
  Tensor log_softmax(int64_t dim, SourceLoc loc = SourceLoc::current()) const;
  Tensor matmul(const Tensor &other,
                SourceLoc loc = SourceLoc::current()) const;
  Tensor transpose(int64_t dim0, int64_t dim1,
                   SourceLoc loc = SourceLoc::current()) const;
  /// transpose(0, 1) of a matrix.
  Tensor t(SourceLoc loc = SourceLoc::current()) const;
  Tensor permute(IntList dims, SourceLoc loc = SourceLoc::current()) const;
  Tensor reshape(IntList shape, SourceLoc loc = SourceLoc::current()) const;
  Tensor view(IntList shape, SourceLoc loc = SourceLoc::current()) const;
  Tensor expand(IntList shape, SourceLoc loc = SourceLoc::current()) const;
  Tensor squeeze(IntList dims = {},
                 SourceLoc loc = SourceLoc::current()) const;
  Tensor unsqueeze(int64_t dim, SourceLoc loc = SourceLoc::current()) const;
  /// x[..., start:end:step] along `dim`.
  Tensor slice(int64_t dim, int64_t start = 0,
               int64_t end = std::numeric_limits<int64_t>::max(),
               int64_t step = 1, SourceLoc loc = SourceLoc::current()) const;
  Tensor flatten(int64_t start_dim = 0, int64_t end_dim = -1,
                 SourceLoc loc = SourceLoc::current()) const;
  Tensor sum(IntList dims = {}, bool keepdim = false,
             SourceLoc loc = SourceLoc::current()) const;
  Tensor mean(IntList dims = {}, bool keepdim = false,
              SourceLoc loc = SourceLoc::current()) const;
  Tensor amax(IntList dims = {}, bool keepdim = false,
              SourceLoc loc = SourceLoc::current()) const;
  Tensor amin(IntList dims = {}, bool keepdim = false,
              SourceLoc loc = SourceLoc::current()) const;
  Tensor argmax(int64_t dim, bool keepdim = false,
                SourceLoc loc = SourceLoc::current()) const;
  Tensor to(DType dtype, SourceLoc loc = SourceLoc::current()) const;

  /// The node this handle shares (library use).
  const std::shared_ptr<detail::TensorNode> &node() const { return node_; }
  explicit Tensor(std::shared_ptr<detail::TensorNode> node)
      : node_(std::move(node)) {}

private:
  std::shared_ptr<detail::TensorNode> node_;
};

std::ostream &operator<<(std::ostream &os, const Tensor &tensor);

namespace detail {

/// What a Tensor handle points to. `graph` is the id of the function being
/// recorded that holds `value` (an opaque mlir::Value); 0 when none, as for
/// a parameter outside a trace.
struct TensorNode {
  uint64_t graph = 0;
  const void *value = nullptr;
  std::vector<int64_t> sizes;
  DType dtype = DType::F32;
};

/// An operand of a binary operator; the conversion records the user's line
/// (operators cannot take a defaulted SourceLoc).
struct TensorArg {
  const Tensor &tensor;
  SourceLoc loc;
  TensorArg(const Tensor &tensor, SourceLoc loc = SourceLoc::current())
      : tensor(tensor), loc(loc) {}
};

/// A Python-number operand: becomes a 0-d constant of the other operand's
/// element type.
struct ScalarArg {
  double value;
  SourceLoc loc;
  ScalarArg(double value, SourceLoc loc = SourceLoc::current())
      : value(value), loc(loc) {}
};

} // namespace detail

// Arithmetic with PyTorch's broadcasting. Scalars become 0-d constants of the
// tensor's element type; there is no implicit type promotion (cast with
// .to(dtype)).
Tensor operator+(const Tensor &a, detail::TensorArg b);
Tensor operator-(const Tensor &a, detail::TensorArg b);
Tensor operator*(const Tensor &a, detail::TensorArg b);
Tensor operator/(const Tensor &a, detail::TensorArg b);
Tensor operator+(const Tensor &a, detail::ScalarArg b);
Tensor operator-(const Tensor &a, detail::ScalarArg b);
Tensor operator*(const Tensor &a, detail::ScalarArg b);
Tensor operator/(const Tensor &a, detail::ScalarArg b);
Tensor operator+(detail::ScalarArg a, detail::TensorArg b);
Tensor operator-(detail::ScalarArg a, detail::TensorArg b);
Tensor operator*(detail::ScalarArg a, detail::TensorArg b);
Tensor operator/(detail::ScalarArg a, detail::TensorArg b);
Tensor operator-(detail::TensorArg a);

// Comparisons, giving i1 tensors (as torch.gt and friends).
Tensor operator>(const Tensor &a, detail::TensorArg b);
Tensor operator>=(const Tensor &a, detail::TensorArg b);
Tensor operator<(const Tensor &a, detail::TensorArg b);
Tensor operator<=(const Tensor &a, detail::TensorArg b);
Tensor operator>(const Tensor &a, detail::ScalarArg b);
Tensor operator>=(const Tensor &a, detail::ScalarArg b);
Tensor operator<(const Tensor &a, detail::ScalarArg b);
Tensor operator<=(const Tensor &a, detail::ScalarArg b);

} // namespace nn
} // namespace sinter

#endif // SINTER_NN_TENSOR_H
