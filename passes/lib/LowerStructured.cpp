//===- LowerStructured.cpp - Lowering of products, shapes, nn and losses --===//
#include "sinter/passes/Lowering.h"

#include "sinter/ir/SinterOps.h"

using namespace mlir;
using namespace mlir::sinter;

void mlir::sinter::populateStructuredLoweringPatterns(
    RewritePatternSet &patterns) {}
