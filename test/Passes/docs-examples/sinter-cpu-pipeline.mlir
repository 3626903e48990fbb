// The example of docs/passes/sinter-cpu-pipeline.md: linear, relu and a
// square, from sinter ops to the LLVM dialect: the product is a GEMM call,
// relu and mul are one loop nest writing in place.
// RUN: sinter-opt %s --sinter-cpu-pipeline | FileCheck %s
// RUN: sinter-opt %s --sinter-cpu-pipeline --dump-pass-pipeline -o /dev/null 2>&1 | FileCheck %s --check-prefix=PIPELINE

// CHECK:       llvm.func @malloc(i64) -> !llvm.ptr
// CHECK-NEXT:  llvm.func @sinter_sgemm_parallel(i64, i64, i64, f32, i64, i64, i32, i64, i64, i32, f32, i64, i64) attributes {sym_visibility = "private"}
// CHECK-NEXT:  llvm.func @layer(
// CHECK-COUNT-1: llvm.call @malloc
// CHECK:       llvm.call @sinter_sgemm_parallel(
// CHECK:       llvm.return
// CHECK-NOT:   {{(linalg|tensor|memref|bufferization|affine|scf|arith|math|cf|sinter)\.[a-z_]+}}

// PIPELINE:      Pass Manager with {{[0-9]+}} passes:
// PIPELINE-NEXT: builtin.module(
// PIPELINE-NEXT:   sinter-lower-to-linalg,
// PIPELINE:        sinter-fuse-elementwise
// PIPELINE:        one-shot-bufferize{
// PIPELINE:        convert-bufferization-to-memref,
// PIPELINE-NEXT:   sinter-state-in-place,
// PIPELINE-NEXT:   sinter-plan-memory,
// PIPELINE-NEXT:   sinter-matmul-to-microkernel,
// PIPELINE:        convert-linalg-to-loops
// PIPELINE:        reconcile-unrealized-casts

func.func @layer(%x: tensor<?x64xf32> {sinter.batch_bound = 8 : i64}, %w: tensor<32x64xf32>, %b: tensor<32xf32>) -> tensor<?x32xf32> {
  %h = sinter.linear %x, %w, %b : (tensor<?x64xf32>, tensor<32x64xf32>, tensor<32xf32>) -> tensor<?x32xf32>
  %r = sinter.relu %h : (tensor<?x32xf32>) -> tensor<?x32xf32>
  %y = sinter.mul %r, %r : (tensor<?x32xf32>, tensor<?x32xf32>) -> tensor<?x32xf32>
  return %y : tensor<?x32xf32>
}
