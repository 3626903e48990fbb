//===- TensorPrinter.cpp - Print tensors as PyTorch does ------------------===//
#include "sinter/runtime/TensorPrinter.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace sinter {
namespace {

// PyTorch's print options: threshold=1000, edgeitems=3, precision=4.
constexpr int64_t kThreshold = 1000;
constexpr int64_t kEdgeItems = 3;

double elementAsDouble(const Tensor &t, int64_t i) {
  switch (t.dtype()) {
  case DType::F32:
    return t.data<float>()[i];
  case DType::F64:
    return t.data<double>()[i];
  case DType::I64:
    return static_cast<double>(t.data<int64_t>()[i]);
  case DType::I32:
    return t.data<int32_t>()[i];
  case DType::I1:
    return t.data<uint8_t>()[i];
  }
  return 0;
}

bool isFloating(DType d) { return d == DType::F32 || d == DType::F64; }

enum class FloatMode { Fixed, Integral, Scientific };

std::string formatScalar(const Tensor &t, int64_t i, FloatMode mode) {
  char buf[64];
  double v = elementAsDouble(t, i);
  switch (t.dtype()) {
  case DType::F32:
  case DType::F64:
    if (std::isnan(v))
      return "nan";
    if (std::isinf(v))
      return v > 0 ? "inf" : "-inf";
    std::snprintf(buf, sizeof buf,
                  mode == FloatMode::Scientific ? "%.4e"
                  : mode == FloatMode::Integral ? "%.0f."
                                                : "%.4f",
                  v);
    return buf;
  case DType::I1:
    return v != 0 ? "True" : "False";
  default:
    std::snprintf(buf, sizeof buf, "%lld",
                  static_cast<long long>(
                      t.dtype() == DType::I64 ? t.data<int64_t>()[i]
                                              : t.data<int32_t>()[i]));
    return buf;
  }
}

struct Printer {
  const Tensor &t;
  bool summarize;
  FloatMode mode;
  size_t width = 0;
  std::vector<int64_t> strides;

  // Indices along `dim` that are shown; -1 stands for the "..." marker.
  std::vector<int64_t> shownIndices(int64_t dim) const {
    int64_t n = t.dim(dim);
    std::vector<int64_t> idx;
    if (summarize && n > 2 * kEdgeItems) {
      for (int64_t i = 0; i < kEdgeItems; ++i)
        idx.push_back(i);
      idx.push_back(-1);
      for (int64_t i = n - kEdgeItems; i < n; ++i)
        idx.push_back(i);
    } else {
      for (int64_t i = 0; i < n; ++i)
        idx.push_back(i);
    }
    return idx;
  }

  void measure(int64_t dim, int64_t offset) {
    if (dim == t.rank()) {
      width = std::max(width, formatScalar(t, offset, mode).size());
      return;
    }
    for (int64_t i : shownIndices(dim))
      if (i >= 0)
        measure(dim + 1, offset + i * strides[dim]);
  }

  void print(std::string &out, int64_t dim, int64_t offset, size_t indent) {
    if (dim == t.rank()) {
      std::string s = formatScalar(t, offset, mode);
      out += std::string(width - s.size(), ' ') + s;
      return;
    }
    out += '[';
    std::vector<int64_t> idx = shownIndices(dim);
    bool innermost = dim + 1 == t.rank();
    for (size_t k = 0; k < idx.size(); ++k) {
      if (k) {
        out += ',';
        if (innermost) {
          out += ' ';
        } else {
          out += std::string(t.rank() - dim - 1, '\n');
          out += std::string(indent + 1, ' ');
        }
      }
      if (idx[k] < 0)
        out += "...";
      else
        print(out, dim + 1, offset + idx[k] * strides[dim], indent + 1);
    }
    out += ']';
  }
};

} // namespace

std::string formatTensor(const Tensor &tensor) {
  Printer p{tensor, tensor.numElements() > kThreshold, FloatMode::Fixed, 0, {}};
  p.strides.assign(tensor.rank(), 1);
  for (int64_t d = tensor.rank() - 2; d >= 0; --d)
    p.strides[d] = p.strides[d + 1] * tensor.dim(d + 1);

  // PyTorch's torch._tensor_str._Formatter: finite values that are all
  // whole numbers print as "3."; magnitudes spanning too much switch to
  // scientific notation.
  if (isFloating(tensor.dtype())) {
    double lo = INFINITY, hi = 0;
    bool integral = true;
    for (int64_t i = 0; i < tensor.numElements(); ++i) {
      double v = elementAsDouble(tensor, i);
      if (!std::isfinite(v))
        continue;
      integral = integral && v == std::trunc(v);
      v = std::fabs(v);
      if (v != 0) {
        lo = std::min(lo, v);
        hi = std::max(hi, v);
      }
    }
    if (integral)
      p.mode = hi > 1e8 ? FloatMode::Scientific : FloatMode::Integral;
    else if (hi > 0 && (hi / lo > 1000 || hi > 1e8 || lo < 1e-4))
      p.mode = FloatMode::Scientific;
  }

  std::string out = "tensor(";
  if (tensor.numElements() == 0) {
    out += "[]";
  } else {
    p.measure(0, 0);
    p.print(out, 0, 0, 7);
  }
  // Like PyTorch, name the dtype unless printing infers it.
  if (tensor.dtype() == DType::F64 || tensor.dtype() == DType::I32)
    out += std::string(", dtype=torch.") + dtypeName(tensor.dtype());
  if (tensor.numElements() == 0 && tensor.rank() != 1) {
    out += ", size=(";
    for (int64_t d = 0; d < tensor.rank(); ++d)
      out += (d ? ", " : "") + std::to_string(tensor.dim(d));
    out += ")";
  }
  return out + ")";
}

} // namespace sinter
