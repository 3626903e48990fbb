//===- TensorPrinter.h - Print tensors as PyTorch does ---------*- C++ -*-===//
#ifndef SINTER_RUNTIME_TENSORPRINTER_H
#define SINTER_RUNTIME_TENSORPRINTER_H

#include "sinter/runtime/Tensor.h"

#include <string>

namespace sinter {

/// Renders `tensor` the way `print(torch_tensor)` does: nested brackets,
/// four decimals for floating point, and -- past 1000 elements -- only the
/// first and last three entries of each dimension with "..." between, e.g.
///   tensor([[ 0.1000, -2.0000],
///           [ 3.0000,  4.5000]], dtype=torch.float64)
/// The dtype suffix appears for every dtype but float32 and int64, PyTorch's
/// defaults.
std::string formatTensor(const Tensor &tensor);

} // namespace sinter

#endif // SINTER_RUNTIME_TENSORPRINTER_H
