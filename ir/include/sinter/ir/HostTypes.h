//===- HostTypes.h - Element types of the IR and of host tensors -*- C++ -*-===//
//
// The one mapping between MLIR element types and the runtime's DType, used
// wherever IR meets host data (the interpreter, the DSL, sinter::compile,
// the tools).
//
//===----------------------------------------------------------------------===//
#ifndef SINTER_IR_HOSTTYPES_H
#define SINTER_IR_HOSTTYPES_H

#include "sinter/runtime/Tensor.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Types.h"

#include <optional>

namespace mlir::sinter {

/// The host dtype of an element type, or of a shaped type's elements;
/// nullopt for a type Sinter does not compute on.
std::optional<::sinter::DType> dtypeOf(Type type);

/// The MLIR element type of a host dtype.
Type elementTypeOf(MLIRContext *context, ::sinter::DType dtype);

/// MLIR's spelling of a host dtype: "f32", "f64", "i64", "i32", "i1".
const char *mlirSpelling(::sinter::DType dtype);

} // namespace mlir::sinter

#endif // SINTER_IR_HOSTTYPES_H
