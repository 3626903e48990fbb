//===- Internal.h - Shared between the frontend's sources -----*- C++ -*-===//
//
// Plain C++ (no MLIR): what Modules.cpp needs from the recording engine.
//
//===----------------------------------------------------------------------===//
#ifndef SINTER_FRONTEND_INTERNAL_H
#define SINTER_FRONTEND_INTERNAL_H

#include "sinter/nn/Functional.h"
#include "sinter/nn/Module.h"

#include <string>

namespace sinter {
namespace nn {
namespace detail {

/// "file:line: error: message" (or "error: message" without a file).
std::string formatError(SourceLoc loc, const std::string &message);

/// Python's repr of a float: 0.5, 0.0, 1e-05, 1e+16.
std::string pythonFloat(double value);

enum class ClassLoss { CrossEntropy, Nll };
/// F.cross_entropy / F.nll_loss, with `who` ("CrossEntropyLoss",
/// "cross_entropy", ...) naming the caller in the target-dtype check.
Tensor classLoss(ClassLoss kind, const Tensor &input, const Tensor &target,
                 Reduction reduction, const char *who, SourceLoc loc);

/// Makes the tensor of a parameter: no value until a trace binds it.
Tensor makeParameterTensor(const std::vector<int64_t> &sizes, DType dtype);
/// Changes the element type of a parameter tensor (Module::to).
void setParameterDType(const Tensor &parameter, DType dtype);

} // namespace detail
} // namespace nn
} // namespace sinter

#endif // SINTER_FRONTEND_INTERNAL_H
