//===- LowerElementwise.cpp - Lowering of elementwise ops and reductions --===//
#include "sinter/passes/Lowering.h"

#include "sinter/ir/SinterOps.h"

using namespace mlir;
using namespace mlir::sinter;

void mlir::sinter::populateElementwiseLoweringPatterns(
    RewritePatternSet &patterns) {}
