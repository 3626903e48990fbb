//===- SinterOps.h - sinter dialect ops -----------------------*- C++ -*-===//
#ifndef SINTER_IR_SINTEROPS_H
#define SINTER_IR_SINTEROPS_H

#include "sinter/ir/SinterDialect.h"
#include "sinter/ir/SinterInterfaces.h"

#include <limits>

#define GET_OP_CLASSES
#include "sinter/ir/SinterOps.h.inc"

#endif // SINTER_IR_SINTEROPS_H
