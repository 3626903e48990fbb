//===- MicrokernelCalls.cpp - Matrix products as microkernel calls --------===//
//
// After bufferization, every 2-D matrix product (linalg.matmul, with
// operands as stored or transposed, and linalg.matmul_transpose_b, on
// f32/f64 memrefs whose rows are contiguous)
// becomes a call of the runtime's packed, register-blocked GEMM
// (runtime/include/sinter/runtime/Kernels.h), the way IREE calls its
// ukernels: loops that LLVM would vectorise reach a few GFLOP/s, the
// microkernel the machine's peak. Products it cannot take (batched, or a
// layout with a non-unit inner stride) stay linalg and become loops.
//
// linalg.matmul accumulates into its output, so the call passes beta = 1,
// unless the output was just filled with zeros, which the call then skips
// (beta = 0: C is not read). A ReLU or ReLU mask that
// sinter-fuse-matmul-epilogues left in place on C right after the product
// becomes the call's epilogue (sinter_sgemm_epilogue_parallel).
//
//===----------------------------------------------------------------------===//

#include "sinter/cpu/CpuBackend.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Pass/Pass.h"

using namespace mlir;

namespace {

/// Products with fewer columns and a shorter inner dimension stay loops.
constexpr int64_t kMinMicrokernelSize = 16;

/// The base address (as i64) of the first element of `m`, and its row
/// stride (as i64), or failure when its rows are not contiguous.
FailureOr<std::pair<Value, Value>> addressAndLeadingDim(OpBuilder &b,
                                                        Location loc,
                                                        Value m) {
  auto type = cast<MemRefType>(m.getType());
  if (type.getRank() != 2)
    return failure();
  SmallVector<int64_t> strides;
  int64_t offset;
  if (failed(type.getStridesAndOffset(strides, offset)) || strides[1] != 1)
    return failure();
  auto meta = memref::ExtractStridedMetadataOp::create(b, loc, m);
  Value base = memref::ExtractAlignedPointerAsIndexOp::create(b, loc, m);
  Value elementBytes = arith::ConstantIndexOp::create(
      b, loc, type.getElementTypeBitWidth() / 8);
  Value byteOffset =
      arith::MulIOp::create(b, loc, meta.getOffset(), elementBytes);
  Value address = arith::AddIOp::create(b, loc, base, byteOffset);
  Type i64 = b.getI64Type();
  return std::make_pair(
      Value(arith::IndexCastOp::create(b, loc, i64, address)),
      Value(arith::IndexCastOp::create(b, loc, i64, meta.getStrides()[0])));
}

/// Whether the only write to `c` before `op` in its block is a fill with
/// zero (so the product may overwrite instead of accumulate); returns it.
linalg::FillOp zeroFillOf(Value c, Operation *op) {
  for (Operation *prev = op->getPrevNode(); prev; prev = prev->getPrevNode()) {
    auto fill = dyn_cast<linalg::FillOp>(prev);
    if (fill && fill.getOutputs()[0] == c) {
      Attribute value;
      if (matchPattern(fill.getInputs()[0], m_Constant(&value)))
        if (auto f = dyn_cast<FloatAttr>(value); f && f.getValue().isZero())
          return fill;
      return nullptr;
    }
    // Any other user of c in between: give up.
    if (llvm::is_contained(prev->getOperands(), c))
      return nullptr;
  }
  return nullptr;
}

/// A product with a short static inner dimension K as one elementwise
/// generic over C: C[i, j] = ((C[i, j] + A[i, 0] B[0, j]) + A[i, 1] B[1, j])
/// + ..., K reads of each operand through constant-indexed maps, summed in
/// the product's order. linalg's own loops would load and store C[i, j]
/// once per k; over a 3-wide C, LLVM vectorises those along i into gathers
/// and scatters (microcoded on Zen 4: most of the regression step's time).
void unrollTinyProduct(linalg::LinalgOp product, int64_t k) {
  MLIRContext *ctx = product->getContext();
  auto maps = product.getIndexingMapsArray();
  Value a = product.getDpsInputs()[0], b = product.getDpsInputs()[1];
  Value c = product.getDpsInits()[0];
  // (m, n, k) -> (r0, r1) with k fixed: (m, n) -> (r0, r1)[k := kk].
  auto atK = [&](AffineMap map, int64_t kk) {
    SmallVector<AffineExpr> results;
    for (AffineExpr r : map.getResults())
      results.push_back(r.replace(getAffineDimExpr(2, ctx),
                                  getAffineConstantExpr(kk, ctx)));
    return AffineMap::get(2, 0, results, ctx);
  };
  SmallVector<Value> inputs;
  SmallVector<AffineMap> inputMaps;
  for (int64_t kk = 0; kk < k; ++kk) {
    inputs.append({a, b});
    inputMaps.append({atK(maps[0], kk), atK(maps[1], kk)});
  }
  SmallVector<AffineMap> allMaps(inputMaps);
  allMaps.push_back(AffineMap::get(
      2, 0, {getAffineDimExpr(0, ctx), getAffineDimExpr(1, ctx)}, ctx));
  OpBuilder b0(product);
  linalg::GenericOp::create(
      b0, product.getLoc(), TypeRange{}, inputs, ValueRange{c}, allMaps,
      SmallVector<utils::IteratorType>(2, utils::IteratorType::parallel),
      [&](OpBuilder &bb, Location loc, ValueRange args) {
        Value sum = args.back();
        for (int64_t kk = 0; kk < k; ++kk) {
          Value term =
              arith::MulFOp::create(bb, loc, args[2 * kk], args[2 * kk + 1]);
          sum = arith::AddFOp::create(bb, loc, sum, term);
        }
        linalg::YieldOp::create(bb, loc, sum);
      });
  product->erase();
}

/// Whether `op` (or an op nested in it) writes `buffer` as a destination or
/// the target of a copy. Other buffers cannot alias it: the memory plan
/// keeps buffers that are live at the same time apart.
bool writes(Operation *op, Value buffer) {
  bool found = false;
  op->walk([&](Operation *nested) {
    if (auto dps = dyn_cast<DestinationStyleOpInterface>(nested))
      found |= llvm::is_contained(dps.getDpsInits(), buffer);
    if (auto copy = dyn_cast<memref::CopyOp>(nested))
      found |= copy.getTarget() == buffer;
  });
  return found;
}

/// The in-place ReLU (or ReLU mask) on `c` that follows the product `op`
/// with nothing touching C, or writing the mask, in between, if any.
std::pair<linalg::GenericOp, std::optional<mlir::sinter::cpu::MatmulEpilogue>>
epilogueOf(Value c, Operation *op) {
  for (Operation *next = op->getNextNode(); next;
       next = next->getNextNode()) {
    bool usesC = false;
    next->walk([&](Operation *nested) {
      usesC |= llvm::is_contained(nested->getOperands(), c);
    });
    if (!usesC)
      continue;
    auto generic = dyn_cast<linalg::GenericOp>(next);
    if (!generic || generic.getNumDpsInits() != 1 ||
        generic.getDpsInits()[0] != c)
      break;
    auto epilogue = mlir::sinter::cpu::matchMatmulEpilogue(generic, c);
    if (!epilogue)
      break;
    // The mask must not be written between the product and the epilogue:
    // the call reads it right after the product.
    if (epilogue->mask)
      for (Operation *between = op->getNextNode(); between != next;
           between = between->getNextNode())
        if (writes(between, epilogue->mask))
          return {};
    return {generic, epilogue};
  }
  return {};
}

func::FuncOp declareGemm(ModuleOp module, Type element, bool epilogue) {
  // The multi-threaded entry points (same signature as sinter_sgemm/dgemm,
  // plus the epilogue's kind, mask and its leading dimension): they run
  // small products on the calling thread themselves.
  StringRef name = element.isF32()
                       ? (epilogue ? "sinter_sgemm_epilogue_parallel"
                                   : "sinter_sgemm_parallel")
                       : (epilogue ? "sinter_dgemm_epilogue_parallel"
                                   : "sinter_dgemm_parallel");
  if (auto fn = module.lookupSymbol<func::FuncOp>(name))
    return fn;
  OpBuilder b(module.getBodyRegion());
  Type i64 = b.getI64Type(), i32 = b.getI32Type();
  // (m, n, k, alpha, a, lda, transA, b, ldb, transB, beta, c, ldc
  // [, epilogue, mask, ldm]); the pointers travel as i64, which the C ABI
  // passes as it passes pointers.
  SmallVector<Type> params{i64, i64, i64, element, i64, i64, i32,
                           i64, i64, i32, element, i64, i64};
  if (epilogue)
    params.append({i32, i64, i64});
  auto type = b.getFunctionType(params, {});
  auto fn = func::FuncOp::create(b, module.getLoc(), name, type);
  fn.setPrivate();
  return fn;
}

struct MatmulToMicrokernelPass
    : public PassWrapper<MatmulToMicrokernelPass, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(MatmulToMicrokernelPass)

  StringRef getArgument() const override {
    return "sinter-matmul-to-microkernel";
  }
  StringRef getDescription() const override {
    return "Call the runtime's GEMM microkernels for 2-D matrix products";
  }

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<Operation *> products;
    module.walk([&](Operation *op) {
      if (isa<linalg::MatmulOp, linalg::MatmulTransposeBOp>(op) &&
          cast<linalg::LinalgOp>(op).hasPureBufferSemantics())
        products.push_back(op);
    });
    for (Operation *op : products) {
      auto linalgOp = cast<linalg::LinalgOp>(op);
      Value a = linalgOp.getDpsInputs()[0], bm = linalgOp.getDpsInputs()[1];
      Value c = linalgOp.getDpsInits()[0];
      Type element = cast<MemRefType>(c.getType()).getElementType();
      if (!element.isF32() && !element.isF64())
        continue;
      if (cast<MemRefType>(a.getType()).getElementType() != element ||
          cast<MemRefType>(bm.getType()).getElementType() != element)
        continue;
      // The operand layouts, from the indexing maps over (m, n, k):
      // A is (m, k) or transposed (k, m); B is (k, n) or transposed (n, k).
      auto maps = linalgOp.getIndexingMapsArray();
      MLIRContext *ctx = op->getContext();
      AffineExpr m, n, k;
      bindDims(ctx, m, n, k);
      auto map = [&](AffineExpr r, AffineExpr c) {
        return AffineMap::get(3, 0, {r, c}, ctx);
      };
      if (maps.size() != 3 || maps[2] != map(m, n))
        continue;
      int transA, transB;
      if (maps[0] == map(m, k))
        transA = 0;
      else if (maps[0] == map(k, m))
        transA = 1;
      else
        continue;
      if (maps[1] == map(k, n))
        transB = 0;
      else if (maps[1] == map(n, k))
        transB = 1;
      else
        continue;

      // Tiny products (a few columns and a short inner dimension, like the
      // regression's 3x3 layers) run faster as loops than through a packed
      // 16-wide microkernel: as loops with the inner dimension unrolled.
      auto cType = cast<MemRefType>(c.getType());
      auto aType = cast<MemRefType>(a.getType());
      int64_t nStatic = cType.getDimSize(1);
      int64_t kStatic = aType.getDimSize(transA ? 0 : 1);
      if (!ShapedType::isDynamic(nStatic) && nStatic < kMinMicrokernelSize &&
          !ShapedType::isDynamic(kStatic) && kStatic < kMinMicrokernelSize) {
        unrollTinyProduct(linalgOp, kStatic);
        continue;
      }

      // Look for the zero fill before this pass adds reads of C (its
      // address and sizes), which zeroFillOf would take for other users.
      linalg::FillOp fill = zeroFillOf(c, op);
      // An epilogue sinter-fuse-matmul-epilogues left in place on C.
      auto [epilogueOp, epilogue] = epilogueOf(c, op);
      OpBuilder b(op);
      Location loc = op->getLoc();
      auto aInfo = addressAndLeadingDim(b, loc, a);
      auto bInfo = addressAndLeadingDim(b, loc, bm);
      auto cInfo = addressAndLeadingDim(b, loc, c);
      if (failed(aInfo) || failed(bInfo) || failed(cInfo))
        continue;
      Type i64 = b.getI64Type(), i32 = b.getI32Type();
      auto dim = [&](Value v, int64_t d) -> Value {
        Value size = memref::DimOp::create(b, loc, v, d);
        return arith::IndexCastOp::create(b, loc, i64, size);
      };
      Value mSize = dim(c, 0), nSize = dim(c, 1), kSize = dim(a, transA ? 0 : 1);
      auto scalar = [&](double v) -> Value {
        return arith::ConstantOp::create(b, loc, element,
                                         b.getFloatAttr(element, v));
      };
      auto flag = [&](int v) -> Value {
        return arith::ConstantOp::create(b, loc, i32, b.getI32IntegerAttr(v));
      };
      SmallVector<Value> args{mSize,         nSize,         kSize,
                              scalar(1.0),   aInfo->first,  aInfo->second,
                              flag(transA),  bInfo->first,  bInfo->second,
                              flag(transB),  scalar(fill ? 0.0 : 1.0),
                              cInfo->first,  cInfo->second};
      if (epilogue) {
        Value zero = arith::ConstantOp::create(b, loc, i64,
                                               b.getI64IntegerAttr(0));
        std::pair<Value, Value> mask{zero, zero};
        if (epilogue->kind == mlir::sinter::cpu::MatmulEpilogue::ReluMask) {
          auto maskInfo = addressAndLeadingDim(b, loc, epilogue->mask);
          if (failed(maskInfo))
            epilogue.reset();
          else
            mask = *maskInfo;
        }
        if (epilogue)
          args.append({flag(epilogue->kind), mask.first, mask.second});
      }
      func::FuncOp gemm = declareGemm(module, element, epilogue.has_value());
      func::CallOp::create(b, loc, gemm, args);
      op->erase();
      if (fill)
        fill->erase();
      if (epilogue)
        epilogueOp->erase();
    }
  }
};

} // namespace

std::unique_ptr<Pass> mlir::sinter::cpu::createMatmulToMicrokernelPass() {
  return std::make_unique<MatmulToMicrokernelPass>();
}
