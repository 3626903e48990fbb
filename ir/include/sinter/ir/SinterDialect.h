//===- SinterDialect.h - The sinter dialect -------------------*- C++ -*-===//
#ifndef SINTER_IR_SINTERDIALECT_H
#define SINTER_IR_SINTERDIALECT_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "sinter/ir/SinterDialect.h.inc"
#include "sinter/ir/SinterEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "sinter/ir/SinterAttrs.h.inc"

#endif // SINTER_IR_SINTERDIALECT_H
