//===- MemoryPlan.cpp - Static memory planning of each entry point --------===//
//
// After bufferization every temporary of a step is a memref.alloc, freed at
// the end of the function: hundreds of mallocs a step, each of whose pages
// faults on first touch (~11 us on these VMs). This pass gives every
// temporary whose size is known -- static, or bounded by a batch dimension's
// `sinter.batch_bound` -- a fixed offset in one arena per entry point, a
// zero-initialised global allocated once per process, so a step allocates
// nothing:
//
//   liveness   a buffer lives from its first use to its last, in the entry
//              block's order (uses through views and nested regions count);
//              a buffer that is returned (or aliased by something returned)
//              escapes and keeps its malloc: the caller frees it.
//   packing    greedy by size, each at the lowest offset free over its
//              lifetime (XLA's heap simulator), and greedy by start time;
//              the smaller arena wins.
//   checking   no two buffers live at the same time overlap (always run; a
//              failure is a compiler bug and fails the pass).
//
// Each entry gets `sinter.arena_bytes` (planned) and `sinter.buffer_bytes`
// (what the planned buffers would take one by one) so the compiler can
// report both.
//
//===----------------------------------------------------------------------===//

#include "sinter/cpu/CpuBackend.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/Interfaces/ViewLikeInterface.h"
#include "mlir/Pass/Pass.h"
#include "llvm/ADT/DenseMap.h"

#include <algorithm>

using namespace mlir;

namespace {

constexpr int64_t kAlignment = 64;

int64_t alignUp(int64_t v) { return (v + kAlignment - 1) / kAlignment * kAlignment; }

struct Buffer {
  memref::AllocOp alloc;
  size_t id = 0; // index among all candidate buffers
  int64_t bytes = 0; // for the largest size it can have
  int64_t first = -1, last = -1;
  int64_t offset = -1;
};

/// The largest value `size` (an index) can take, when known: a constant, or
/// a batch dimension of an argument that carries `sinter.batch_bound`.
std::optional<int64_t> boundOf(Value size, func::FuncOp fn) {
  if (auto c = size.getDefiningOp<arith::ConstantIndexOp>())
    return c.value();
  if (auto dim = size.getDefiningOp<memref::DimOp>()) {
    auto arg = dyn_cast<BlockArgument>(dim.getSource());
    std::optional<int64_t> index = dim.getConstantIndex();
    if (!arg || !index || arg.getOwner() != &fn.getBody().front())
      return std::nullopt;
    auto type = cast<MemRefType>(arg.getType());
    if (*index < type.getRank() && !type.isDynamicDim(*index))
      return type.getDimSize(*index);
    if (auto bound = fn.getArgAttrOfType<IntegerAttr>(arg.getArgNumber(),
                                                      "sinter.batch_bound"))
      return bound.getInt();
  }
  return std::nullopt;
}

/// Offsets for `buffers`, visited in `order`: each at the lowest offset that
/// is free over its lifetime. Returns the arena size.
int64_t pack(std::vector<Buffer> &buffers, const std::vector<size_t> &order) {
  int64_t arena = 0;
  std::vector<size_t> placed;
  for (size_t i : order) {
    Buffer &b = buffers[i];
    // Byte ranges of the placed buffers alive at the same time, by offset.
    std::vector<std::pair<int64_t, int64_t>> busy;
    for (size_t j : placed) {
      const Buffer &p = buffers[j];
      if (p.first <= b.last && b.first <= p.last)
        busy.push_back({p.offset, p.offset + p.bytes});
    }
    std::sort(busy.begin(), busy.end());
    int64_t offset = 0;
    for (auto [begin, end] : busy) {
      if (offset + b.bytes <= begin)
        break;
      offset = std::max(offset, alignUp(end));
    }
    b.offset = offset;
    arena = std::max(arena, offset + b.bytes);
    placed.push_back(i);
  }
  return alignUp(arena);
}

struct PlanMemoryPass
    : public PassWrapper<PlanMemoryPass, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(PlanMemoryPass)

  explicit PlanMemoryPass(bool plan = true) : plan(plan) {}
  PlanMemoryPass(const PlanMemoryPass &other) : PassWrapper(other), plan(other.plan) {}

  StringRef getArgument() const override { return "sinter-plan-memory"; }
  StringRef getDescription() const override {
    return "Give each entry point's temporaries fixed offsets in one arena";
  }

  void runOnOperation() override {
    ModuleOp module = getOperation();
    for (auto fn : llvm::to_vector(module.getOps<func::FuncOp>())) {
      if (fn.isExternal())
        continue;
      if (plan && failed(planFunction(module, fn)))
        return signalPassFailure();
      // The bounds have served; LLVM's translation would warn about them.
      for (unsigned i = 0; i < fn.getNumArguments(); ++i)
        fn.removeArgAttr(i, "sinter.batch_bound");
    }
  }

  LogicalResult planFunction(ModuleOp module, func::FuncOp fn) {
    Block &body = fn.getBody().front();
    llvm::DenseMap<Operation *, int64_t> position;
    int64_t n = 0;
    for (Operation &op : body)
      position[&op] = n++;

    // The buffers with a known largest size, and everything that aliases
    // each (views, reshapes, casts).
    std::vector<Buffer> buffers;
    llvm::DenseMap<Value, size_t> owner;
    for (Operation &op : body) {
      auto alloc = dyn_cast<memref::AllocOp>(op);
      if (!alloc || !alloc.getType().getLayout().isIdentity())
        continue;
      MemRefType type = alloc.getType();
      int64_t elements = 1;
      bool known = true;
      auto dynamic = alloc.getDynamicSizes().begin();
      for (int64_t d = 0; d < type.getRank() && known; ++d) {
        if (!type.isDynamicDim(d)) {
          elements *= type.getDimSize(d);
          continue;
        }
        std::optional<int64_t> bound = boundOf(*dynamic++, fn);
        known = bound.has_value();
        if (known)
          elements *= *bound;
      }
      unsigned bits = type.getElementTypeBitWidth();
      if (!known || bits % 8 != 0)
        continue;
      Buffer b;
      b.alloc = alloc;
      b.id = buffers.size();
      b.bytes = std::max<int64_t>(elements * (bits / 8), 1);
      owner[alloc.getResult()] = buffers.size();
      buffers.push_back(b);
    }
    if (buffers.empty())
      return success();

    // Liveness: every use of a buffer or of an alias of it, seen from the
    // entry block (a use inside a loop is a use by the loop). Returned or
    // unknown uses make it escape.
    std::vector<bool> escapes(buffers.size(), false);
    std::vector<Value> worklist;
    for (auto &[value, index] : owner)
      worklist.push_back(value);
    while (!worklist.empty()) {
      Value v = worklist.back();
      worklist.pop_back();
      size_t index = owner.lookup(v);
      for (OpOperand &use : v.getUses()) {
        Operation *user = use.getOwner();
        Operation *top = body.findAncestorOpInBlock(*user);
        if (!top) {
          escapes[index] = true;
          continue;
        }
        if (isa<memref::DeallocOp>(user))
          continue;
        if (isa<func::ReturnOp, func::CallOp>(user)) {
          escapes[index] = true;
          continue;
        }
        Buffer &b = buffers[index];
        int64_t at = position.lookup(top);
        b.first = b.first < 0 ? at : std::min(b.first, at);
        b.last = std::max(b.last, at);
        // Aliases: views, and the base buffer of strided metadata (which
        // deallocation may free instead of the buffer itself).
        auto alias = [&](Value result) {
          if (isa<MemRefType>(result.getType()) && !owner.count(result)) {
            owner[result] = index;
            worklist.push_back(result);
          }
        };
        if (auto view = dyn_cast<ViewLikeOpInterface>(user)) {
          if (view.getViewSource() == v)
            for (Value result : user->getResults())
              alias(result);
        } else if (auto meta = dyn_cast<memref::ExtractStridedMetadataOp>(user)) {
          alias(meta.getBaseBuffer());
        }
      }
    }
    std::vector<Buffer> planned;
    for (size_t i = 0; i < buffers.size(); ++i)
      if (!escapes[i] && buffers[i].first >= 0)
        planned.push_back(buffers[i]);
    if (planned.empty())
      return success();

    // Two packing orders; keep the smaller arena.
    std::vector<size_t> bySize(planned.size()), byStart(planned.size());
    for (size_t i = 0; i < planned.size(); ++i)
      bySize[i] = byStart[i] = i;
    std::stable_sort(bySize.begin(), bySize.end(), [&](size_t a, size_t b) {
      return planned[a].bytes > planned[b].bytes;
    });
    std::stable_sort(byStart.begin(), byStart.end(), [&](size_t a, size_t b) {
      return planned[a].first < planned[b].first;
    });
    std::vector<Buffer> alternative = planned;
    int64_t arena = pack(planned, bySize);
    int64_t other = pack(alternative, byStart);
    if (other < arena) {
      planned = alternative;
      arena = other;
    }
    int64_t total = 0;
    for (const Buffer &b : planned)
      total += alignUp(b.bytes);

    // The checker: no two buffers live at once share a byte.
    for (size_t i = 0; i < planned.size(); ++i)
      for (size_t j = i + 1; j < planned.size(); ++j) {
        const Buffer &a = planned[i], &b = planned[j];
        bool together = a.first <= b.last && b.first <= a.last;
        bool overlap = a.offset < b.offset + b.bytes &&
                       b.offset < a.offset + a.bytes;
        if (together && overlap)
          return fn.emitError() << "memory plan is wrong: two live buffers "
                                   "overlap at offsets "
                                << a.offset << " and " << b.offset;
      }

    // The arena: a zero-initialised global, so nothing is allocated per
    // call; each planned alloc becomes a view into it.
    OpBuilder b(module.getBodyRegion());
    std::string name = ("__sinter_arena_" + fn.getSymName()).str();
    auto arenaType = MemRefType::get({arena}, b.getI8Type());
    memref::GlobalOp::create(b, fn.getLoc(), name, b.getStringAttr("private"),
                             arenaType, Attribute(), /*constant=*/false,
                             b.getI64IntegerAttr(kAlignment));
    b.setInsertionPointToStart(&body);
    Value base = memref::GetGlobalOp::create(b, fn.getLoc(), arenaType, name);
    // The arena is never freed: drop every dealloc of a planned buffer or of
    // an alias of it.
    std::vector<bool> isPlanned(buffers.size(), false);
    for (const Buffer &p : planned)
      isPlanned[p.id] = true;
    for (auto &[value, index] : owner)
      if (isPlanned[index])
        for (Operation *user : llvm::to_vector(value.getUsers()))
          if (isa<memref::DeallocOp>(user))
            user->erase();
    for (Buffer &p : planned) {
      b.setInsertionPoint(p.alloc);
      Value offset =
          arith::ConstantIndexOp::create(b, p.alloc.getLoc(), p.offset);
      Value view = memref::ViewOp::create(b, p.alloc.getLoc(),
                                          p.alloc.getType(), base, offset,
                                          p.alloc.getDynamicSizes());
      p.alloc.replaceAllUsesWith(view);
      p.alloc.erase();
    }
    fn->setAttr("sinter.arena_bytes", b.getI64IntegerAttr(arena));
    fn->setAttr("sinter.buffer_bytes", b.getI64IntegerAttr(total));
    return success();
  }

  bool plan;
};

} // namespace

std::unique_ptr<Pass> mlir::sinter::cpu::createPlanMemoryPass(bool plan) {
  return std::make_unique<PlanMemoryPass>(plan);
}
