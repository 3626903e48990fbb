//===- CppNames.h - How generated C++ spells Sinter's types ----*- C++ -*-===//
#ifndef SINTER_TOOLS_SINTERC_CPPNAMES_H
#define SINTER_TOOLS_SINTERC_CPPNAMES_H

#include "sinter/runtime/Tensor.h"

namespace sinter::tools {

/// The C++ element type: "float", "double", "int64_t", "int32_t", "bool".
inline const char *cType(::sinter::DType dtype) {
  switch (dtype) {
  case ::sinter::DType::F32:
    return "float";
  case ::sinter::DType::F64:
    return "double";
  case ::sinter::DType::I64:
    return "int64_t";
  case ::sinter::DType::I32:
    return "int32_t";
  case ::sinter::DType::I1:
    return "bool";
  }
  return "void";
}

/// The enumerator of ::sinter::DType: "F32", ...
inline const char *dtypeEnumerator(::sinter::DType dtype) {
  switch (dtype) {
  case ::sinter::DType::F32:
    return "F32";
  case ::sinter::DType::F64:
    return "F64";
  case ::sinter::DType::I64:
    return "I64";
  case ::sinter::DType::I32:
    return "I32";
  case ::sinter::DType::I1:
    return "I1";
  }
  return "F32";
}

} // namespace sinter::tools

#endif // SINTER_TOOLS_SINTERC_CPPNAMES_H
