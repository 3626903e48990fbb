//===- LowerToLinalg.cpp - The sinter-lower-to-linalg pass ----------------===//
//
// Collects the patterns of every op family (LowerElementwise.cpp,
// LowerStructured.cpp) and applies them as a full conversion: after the
// pass no sinter op is left, or the pass fails naming the op it could not
// lower.
//
//===----------------------------------------------------------------------===//

#include "sinter/passes/Lowering.h"
#include "sinter/passes/Passes.h"

#include "sinter/ir/SinterOps.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mlir::sinter {
#define GEN_PASS_DEF_SINTERLOWERTOLINALG
#include "sinter/passes/Passes.h.inc"
} // namespace mlir::sinter

using namespace mlir;
using namespace mlir::sinter;

Value lowering::emptyTensor(OpBuilder &b, Location loc, RankedTensorType type,
                            ValueRange likes) {
  SmallVector<Value> dynamicSizes;
  for (int64_t d = 0; d < type.getRank(); ++d) {
    if (!type.isDynamicDim(d))
      continue;
    Value size;
    for (Value like : likes) {
      auto likeType = cast<RankedTensorType>(like.getType());
      int64_t ld = d - (type.getRank() - likeType.getRank());
      if (ld >= 0 && likeType.isDynamicDim(ld)) {
        size = tensor::DimOp::create(b, loc, like, ld);
        break;
      }
    }
    assert(size && "no operand gives the dynamic size");
    dynamicSizes.push_back(size);
  }
  return tensor::EmptyOp::create(b, loc, type.getShape(),
                                 type.getElementType(), dynamicSizes);
}

AffineMap lowering::broadcastMap(MLIRContext *context,
                                 RankedTensorType operandType,
                                 RankedTensorType resultType) {
  int64_t rank = resultType.getRank(), lead = rank - operandType.getRank();
  SmallVector<AffineExpr> exprs;
  for (int64_t d = 0; d < operandType.getRank(); ++d) {
    bool stretched = operandType.getDimSize(d) == 1 &&
                     resultType.getDimSize(lead + d) != 1;
    exprs.push_back(stretched ? getAffineConstantExpr(0, context)
                              : getAffineDimExpr(lead + d, context));
  }
  return AffineMap::get(rank, 0, exprs, context);
}

Value lowering::scalarConstant(OpBuilder &b, Location loc, Type type,
                               double value) {
  if (auto floatType = dyn_cast<FloatType>(type))
    return arith::ConstantOp::create(b, loc, type,
                                     b.getFloatAttr(floatType, value));
  return arith::ConstantOp::create(b, loc, type,
                                   b.getIntegerAttr(type, int64_t(value)));
}

namespace {
struct SinterLowerToLinalgPass
    : public mlir::sinter::impl::SinterLowerToLinalgBase<
          SinterLowerToLinalgPass> {
  void runOnOperation() override {
    MLIRContext *context = &getContext();
    ConversionTarget target(*context);
    target.addIllegalDialect<SinterDialect>();
    target.addLegalDialect<linalg::LinalgDialect, tensor::TensorDialect,
                           arith::ArithDialect, math::MathDialect,
                           scf::SCFDialect, affine::AffineDialect,
                           bufferization::BufferizationDialect,
                           func::FuncDialect>();
    RewritePatternSet patterns(context);
    populateElementwiseLoweringPatterns(patterns);
    populateStructuredLoweringPatterns(patterns);
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
