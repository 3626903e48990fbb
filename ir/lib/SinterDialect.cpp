//===- SinterDialect.cpp - The sinter dialect -----------------------------===//
#include "sinter/ir/SinterDialect.h"
#include "sinter/ir/SinterOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::sinter;

#include "sinter/ir/SinterDialect.cpp.inc"
#include "sinter/ir/SinterEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "sinter/ir/SinterAttrs.cpp.inc"

void SinterDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "sinter/ir/SinterOps.cpp.inc"
      >();
  addAttributes<
#define GET_ATTRDEF_LIST
#include "sinter/ir/SinterAttrs.cpp.inc"
      >();
}

Operation *SinterDialect::materializeConstant(OpBuilder &builder,
                                              Attribute value, Type type,
                                              Location loc) {
  auto elements = dyn_cast<ElementsAttr>(value);
  if (!elements || elements.getType() != type)
    return nullptr;
  return ConstantOp::create(builder, loc, elements);
}
