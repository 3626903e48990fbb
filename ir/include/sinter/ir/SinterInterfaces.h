//===- SinterInterfaces.h - sinter op interfaces --------------*- C++ -*-===//
#ifndef SINTER_IR_SINTERINTERFACES_H
#define SINTER_IR_SINTERINTERFACES_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpDefinition.h"

#include "sinter/ir/SinterInterfaces.h.inc"

#endif // SINTER_IR_SINTERINTERFACES_H
