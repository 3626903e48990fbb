//===- Graph.h - The recording engine (internal) --------------*- C++ -*-===//
//
// A Recording is one trace(): the MLIR context and module, and the first
// error. A Graph is one function being recorded into it; while a function is
// recorded, its Graph is the thread's current one and every DSL call records
// into it.
//
// Ops are created without ever calling an aborting builder: emit<OpTy>
// creates the op with a placeholder result type, runs the op's own
// result-type inference and then its verifier, and on failure erases the op
// and records the diagnostic as the trace's error at the user's line.
//
//===----------------------------------------------------------------------===//
#ifndef SINTER_FRONTEND_GRAPH_H
#define SINTER_FRONTEND_GRAPH_H

#include "Internal.h"

#include "sinter/ir/SinterDialect.h"
#include "sinter/ir/SinterOps.h"
#include "sinter/nn/Trace.h"
#include "sinter/nn/detail/ProgramImpl.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"

#include <memory>
#include <string>

namespace sinter {
namespace nn {
namespace detail {

class Recording {
public:
  Recording();
  ~Recording();

  std::shared_ptr<ProgramImpl> program;
  mlir::MLIRContext *context() const { return program->context.get(); }
  mlir::ModuleOp module() const { return program->module.get(); }

  bool failed() const { return !error.empty(); }
  /// Records `message` at `loc` unless an error is recorded already.
  void fail(SourceLoc loc, const std::string &message);
  /// Records the last diagnostic (or `fallback`) at `loc`.
  void failWithDiagnostic(SourceLoc loc, const std::string &fallback);
  mlir::Location location(SourceLoc loc) const;

  std::string error;      // the first error, "file:line: error: message"
  std::string diagnostic; // the first diagnostic since it was cleared

private:
  std::unique_ptr<mlir::ScopedDiagnosticHandler> handler_;
};

class Graph {
public:
  Graph(Recording &rec, mlir::func::FuncOp func, bool training,
        unsigned seedPosition);

  /// The function's dropout seed, added as an argument on first use.
  mlir::Value seed(mlir::Location loc);
  bool hasSeed() const { return static_cast<bool>(seed_); }
  mlir::Value seedValue() const { return seed_; }

  const uint64_t id;
  Recording &rec;
  mlir::func::FuncOp func;
  mlir::OpBuilder builder;
  const bool training;
  int64_t nextStream = 0;

  /// The graph being recorded on this thread, or null.
  static Graph *current();

private:
  unsigned seedPosition_;
  mlir::Value seed_;
};

/// Makes `graph` current for its lifetime.
class GraphScope {
public:
  explicit GraphScope(Graph *graph);
  ~GraphScope();

private:
  Graph *previous_;
};

mlir::Type elementType(mlir::MLIRContext *context, DType dtype);
DType dtypeOf(mlir::Type type);
/// "f32", "i64", ...
const char *dtypeShortName(DType dtype);
/// [-1 for dynamic] sizes of a ranked tensor type.
std::vector<int64_t> sizesOf(mlir::Type type);

Tensor wrap(Graph &graph, mlir::Value value);
mlir::Value unwrap(const Tensor &tensor);
/// Binds `tensor` (a parameter) to `value` of `graph`; unbinds with null.
void bind(const Tensor &tensor, Graph *graph, mlir::Value value);

/// The graph to record into, after checking that every operand is a value
/// of it; null (after recording the first error) when nothing is recorded.
Graph *prepare(SourceLoc loc, std::initializer_list<const Tensor *> operands,
               const char *what);

/// Creates OpTy(args...) with inferred result type, or records the error.
template <typename OpTy, typename... Args>
Tensor emit(Graph &g, SourceLoc sl, Args &&...args) {
  mlir::MLIRContext *context = g.builder.getContext();
  mlir::Location loc = g.rec.location(sl);
  g.rec.diagnostic.clear();
  mlir::Type placeholder = mlir::NoneType::get(context);
  OpTy op = OpTy::create(g.builder, loc, placeholder,
                         std::forward<Args>(args)...);
  llvm::SmallVector<mlir::Type, 1> types;
  if (mlir::failed(OpTy::inferReturnTypes(
          context, loc, op->getOperands(), op->getAttrDictionary(),
          op->getPropertiesStorage(), op->getRegions(), types)) ||
      types.size() != 1) {
    op->erase();
    g.rec.failWithDiagnostic(sl, std::string("'") +
                                     OpTy::getOperationName().str() +
                                     "' op: result type inference failed");
    return Tensor();
  }
  op->getResult(0).setType(types[0]);
  if (mlir::failed(mlir::verify(op, /*verifyRecursively=*/false))) {
    op->erase();
    g.rec.failWithDiagnostic(sl, std::string("'") +
                                     OpTy::getOperationName().str() +
                                     "' op does not verify");
    return Tensor();
  }
  return wrap(g, op->getResult(0));
}

} // namespace detail
} // namespace nn
} // namespace sinter

#endif // SINTER_FRONTEND_GRAPH_H
