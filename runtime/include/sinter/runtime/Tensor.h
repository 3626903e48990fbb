//===- Tensor.h - Host tensors shared by the runtime and the tools -*- C++ -*-===//
//
// A dense, row-major, host-memory tensor. It is the currency between files on
// disk (safetensors, IDX, CSV), the reference interpreter and the compiled
// runtime. Plain C++: the runtime never includes LLVM or MLIR.
//
//===----------------------------------------------------------------------===//
#ifndef SINTER_RUNTIME_TENSOR_H
#define SINTER_RUNTIME_TENSOR_H

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace sinter {

/// Element types Sinter programs compute on. `I1` is stored one byte per
/// element (0 or 1), as safetensors' BOOL and PyTorch's torch.bool are.
enum class DType : uint8_t { F32, F64, I64, I32, I1 };

/// Bytes per element.
size_t dtypeSize(DType dtype);
/// PyTorch's spelling: "float32", "float64", "int64", "int32", "bool".
const char *dtypeName(DType dtype);
/// safetensors' spelling: "F32", "F64", "I64", "I32", "BOOL".
const char *dtypeSafetensorsName(DType dtype);
/// Parses safetensors' spelling; returns false for anything else.
bool parseSafetensorsDType(const std::string &name, DType &dtype);

/// Renders a shape the way PyTorch prints torch.Size: "[2, 3]".
std::string shapeToString(const std::vector<int64_t> &shape);
/// Number of elements of `shape`, or -1 when a dimension is negative or the
/// product overflows int64.
int64_t shapeNumElements(const std::vector<int64_t> &shape);

class Tensor {
public:
  Tensor() = default;
  /// A zero-filled tensor.
  Tensor(DType dtype, std::vector<int64_t> shape);

  DType dtype() const { return dtype_; }
  const std::vector<int64_t> &shape() const { return shape_; }
  int64_t rank() const { return static_cast<int64_t>(shape_.size()); }
  int64_t dim(int64_t i) const { return shape_[static_cast<size_t>(i)]; }
  int64_t numElements() const { return numElements_; }
  size_t byteSize() const { return bytes_.size(); }

  std::byte *bytes() { return bytes_.data(); }
  const std::byte *bytes() const { return bytes_.data(); }

  /// Typed views. The caller checks dtype(); I1 is viewed as uint8_t.
  template <typename T> T *data() { return reinterpret_cast<T *>(bytes_.data()); }
  template <typename T> const T *data() const {
    return reinterpret_cast<const T *>(bytes_.data());
  }

  /// Same dtype, shape and bytes.
  bool identical(const Tensor &other) const;

  /// "float32[2, 3]"
  std::string typeString() const;

private:
  DType dtype_ = DType::F32;
  std::vector<int64_t> shape_;
  int64_t numElements_ = 0;
  std::vector<std::byte> bytes_;
};

} // namespace sinter

#endif // SINTER_RUNTIME_TENSOR_H
