//===- sinter-opt.cpp - The sinter pass driver ----------------------------===//
//
// mlir-opt for Sinter: parses, verifies and transforms IR of the sinter
// dialect with every Sinter pass and MLIR's generic passes (canonicalize,
// cse, ...) registered. The lit tests drive it.
//
//===----------------------------------------------------------------------===//
#include "sinter/ir/SinterDialect.h"
#include "sinter/passes/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MLProgram/IR/MLProgram.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"

int main(int argc, char **argv) {
  mlir::registerTransformsPasses();
  mlir::sinter::registerSinterPasses();

  mlir::DialectRegistry registry;
  registry.insert<mlir::sinter::SinterDialect, mlir::func::FuncDialect,
                  mlir::ml_program::MLProgramDialect>();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "Sinter optimizer driver\n", registry));
}
