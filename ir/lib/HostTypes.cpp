//===- HostTypes.cpp - Element types of the IR and of host tensors --------===//
#include "sinter/ir/HostTypes.h"

#include "mlir/IR/BuiltinTypes.h"

using ::sinter::DType;

std::optional<DType> mlir::sinter::dtypeOf(Type type) {
  if (auto shaped = dyn_cast<ShapedType>(type))
    type = shaped.getElementType();
  if (type.isF32())
    return DType::F32;
  if (type.isF64())
    return DType::F64;
  if (type.isSignlessInteger(64))
    return DType::I64;
  if (type.isSignlessInteger(32))
    return DType::I32;
  if (type.isSignlessInteger(1))
    return DType::I1;
  return std::nullopt;
}

mlir::Type mlir::sinter::elementTypeOf(MLIRContext *context, DType dtype) {
  switch (dtype) {
  case DType::F32:
    return Float32Type::get(context);
  case DType::F64:
    return Float64Type::get(context);
  case DType::I64:
    return IntegerType::get(context, 64);
  case DType::I32:
    return IntegerType::get(context, 32);
  case DType::I1:
    return IntegerType::get(context, 1);
  }
  return Float32Type::get(context);
}

const char *mlir::sinter::mlirSpelling(DType dtype) {
  switch (dtype) {
  case DType::F32:
    return "f32";
  case DType::F64:
    return "f64";
  case DType::I64:
    return "i64";
  case DType::I32:
    return "i32";
  case DType::I1:
    return "i1";
  }
  return "?";
}
