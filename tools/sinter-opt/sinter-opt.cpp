//===- sinter-opt.cpp - The sinter pass driver ----------------------------===//
//
// mlir-opt for Sinter: parses, verifies and transforms IR of the sinter
// dialect with every Sinter pass and MLIR's generic passes (canonicalize,
// cse, ...) registered. The lit tests drive it.
//
//===----------------------------------------------------------------------===//
#include "sinter/ir/SinterDialect.h"
#include "sinter/cpu/CpuBackend.h"
#include "sinter/passes/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MLProgram/IR/MLProgram.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

int main(int argc, char **argv) {
  mlir::registerTransformsPasses();
  mlir::sinter::registerSinterPasses();
  // The CPU backend's stages, so that lit tests can run each one.
  mlir::registerConvertBufferizationToMemRefPass();
  mlir::registerSCFToControlFlowPass();
  mlir::registerFinalizeMemRefToLLVMConversionPass();
  mlir::registerConvertMathToLLVMPass();
  mlir::registerConvertMathToLibmPass();
  mlir::registerArithToLLVMConversionPass();
  mlir::registerConvertIndexToLLVMPass();
  mlir::registerConvertFuncToLLVMPass();
  mlir::registerConvertControlFlowToLLVMPass();
  mlir::registerReconcileUnrealizedCastsPass();
  mlir::registerLowerAffinePass();
  mlir::bufferization::registerBufferizationPasses();
  mlir::bufferization::registerBufferizationPipelines();
  mlir::registerLinalgPasses();
  mlir::memref::registerMemRefPasses();
  mlir::registerPass(
      [] { return mlir::sinter::cpu::createFuseElementwisePass(); });
  mlir::registerPass(
      [] { return mlir::sinter::cpu::createStateInPlacePass(); });
  mlir::registerPass(
      [] { return mlir::sinter::cpu::createPlanMemoryPass(); });
  mlir::registerPass(
      [] { return mlir::sinter::cpu::createMatmulToMicrokernelPass(); });
  mlir::registerPass(
      [] { return mlir::sinter::cpu::createHoistScalarOperandsPass(); });
  mlir::registerPass(
      [] { return mlir::sinter::cpu::createSplitSharedInitsPass(); });
  mlir::registerPass([] { return mlir::sinter::cpu::createFuseRowsPass(); });
  mlir::registerPass(
      [] { return mlir::sinter::cpu::createFuseMatmulEpiloguesPass(); });
  mlir::PassPipelineRegistration<>(
      "sinter-cpu-pipeline-to-memrefs",
      "The CPU backend's pipeline from sinter ops to planned memrefs (the "
      "stage before the microkernel calls and the LLVM dialect)",
      [](mlir::OpPassManager &pm) {
        mlir::sinter::cpu::buildCpuPipelineToMemrefs(pm, {});
      });
  mlir::PassPipelineRegistration<>(
      "sinter-cpu-pipeline",
      "The CPU backend's pipeline from sinter ops to the LLVM dialect",
      [](mlir::OpPassManager &pm) { mlir::sinter::cpu::buildCpuPipeline(pm); });

  mlir::DialectRegistry registry;
  registry.insert<mlir::sinter::SinterDialect, mlir::func::FuncDialect,
                  mlir::ml_program::MLProgramDialect>();
  mlir::sinter::cpu::registerCpuBackendDialects(registry);
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "Sinter optimizer driver\n", registry));
}
