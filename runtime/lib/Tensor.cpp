//===- Tensor.cpp - Host tensors ------------------------------------------===//
#include "sinter/runtime/Tensor.h"

#include <limits>

namespace sinter {

size_t dtypeSize(DType dtype) {
  switch (dtype) {
  case DType::F32:
  case DType::I32:
    return 4;
  case DType::F64:
  case DType::I64:
    return 8;
  case DType::I1:
    return 1;
  }
  return 0;
}

const char *dtypeName(DType dtype) {
  switch (dtype) {
  case DType::F32:
    return "float32";
  case DType::F64:
    return "float64";
  case DType::I64:
    return "int64";
  case DType::I32:
    return "int32";
  case DType::I1:
    return "bool";
  }
  return "?";
}

const char *dtypeSafetensorsName(DType dtype) {
  switch (dtype) {
  case DType::F32:
    return "F32";
  case DType::F64:
    return "F64";
  case DType::I64:
    return "I64";
  case DType::I32:
    return "I32";
  case DType::I1:
    return "BOOL";
  }
  return "?";
}

bool parseSafetensorsDType(const std::string &name, DType &dtype) {
  for (DType d : {DType::F32, DType::F64, DType::I64, DType::I32, DType::I1}) {
    if (name == dtypeSafetensorsName(d)) {
      dtype = d;
      return true;
    }
  }
  return false;
}

std::string shapeToString(const std::vector<int64_t> &shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i)
      s += ", ";
    s += std::to_string(shape[i]);
  }
  return s + "]";
}

int64_t shapeNumElements(const std::vector<int64_t> &shape) {
  int64_t n = 1;
  for (int64_t d : shape) {
    if (d < 0)
      return -1;
    if (d != 0 && n > std::numeric_limits<int64_t>::max() / d)
      return -1;
    n *= d;
  }
  return n;
}

Tensor::Tensor(DType dtype, std::vector<int64_t> shape)
    : dtype_(dtype), shape_(std::move(shape)) {
  numElements_ = shapeNumElements(shape_);
  if (numElements_ < 0)
    numElements_ = 0;
  bytes_.assign(static_cast<size_t>(numElements_) * dtypeSize(dtype_),
                std::byte{0});
}

bool Tensor::identical(const Tensor &other) const {
  return dtype_ == other.dtype_ && shape_ == other.shape_ &&
         bytes_ == other.bytes_;
}

std::string Tensor::typeString() const {
  return std::string(dtypeName(dtype_)) + shapeToString(shape_);
}

} // namespace sinter
