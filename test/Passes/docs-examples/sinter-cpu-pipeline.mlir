// The example of docs/passes/sinter-cpu-pipeline.md: linear, relu and a
// square, from sinter ops to the LLVM dialect: the product is a GEMM call,
// relu and mul are one loop nest reading the product from the arena and
// writing the result.
// The checks name no SSA value by number: values are FileCheck variables.
// RUN: sinter-opt %s --sinter-cpu-pipeline --dump-pass-pipeline -o /dev/null 2>&1 | FileCheck %s --check-prefix=PIPELINE
// RUN: sinter-opt %s --sinter-cpu-pipeline-to-memrefs | FileCheck %s --check-prefix=MEMREF
// RUN: sinter-opt %s --sinter-cpu-pipeline | FileCheck %s --implicit-check-not=linalg. --implicit-check-not=memref. --implicit-check-not=tensor. --implicit-check-not=arith. --implicit-check-not=math. --implicit-check-not=scf. --implicit-check-not=func.call

// The order of Sinter's passes, and where the upstream ones sit.
// PIPELINE:      Pass Manager with {{[0-9]+}} passes:
// PIPELINE-NEXT: builtin.module(
// PIPELINE-NEXT:   sinter-lower-to-linalg,
// PIPELINE-NEXT:   inline
// PIPELINE-NEXT:   symbol-dce,
// PIPELINE-NEXT:   canonicalize
// PIPELINE-NEXT:   func.func(
// PIPELINE-NEXT:     sinter-fuse-elementwise
// PIPELINE-NEXT:   ),
// PIPELINE-NEXT:   cse,
// PIPELINE-NEXT:   func.func(
// PIPELINE-NEXT:     sinter-fuse-rows
// PIPELINE-NEXT:   ),
// PIPELINE-NEXT:   cse,
// PIPELINE-NEXT:   func.func(
// PIPELINE-NEXT:     sinter-split-shared-inits
// PIPELINE-NEXT:   ),
// PIPELINE-NEXT:   one-shot-bufferize{
// PIPELINE:        convert-bufferization-to-memref,
// PIPELINE-NEXT:   sinter-state-in-place,
// PIPELINE-NEXT:   func.func(
// PIPELINE-NEXT:     sinter-fuse-matmul-epilogues
// PIPELINE-NEXT:   ),
// PIPELINE-NEXT:   sinter-plan-memory,
// PIPELINE-NEXT:   sinter-matmul-to-microkernel,
// PIPELINE-NEXT:   func.func(
// PIPELINE-NEXT:     sinter-hoist-scalar-operands
// PIPELINE-NEXT:   ),
// PIPELINE-NEXT:   func.func(
// PIPELINE-NEXT:     convert-linalg-to-loops
// PIPELINE-NEXT:   ),
// PIPELINE-NEXT:   convert-scf-to-cf
// PIPELINE:        reconcile-unrealized-casts
// PIPELINE-NEXT: )

// Halfway: the product accumulates onto the broadcast bias in an arena slot;
// one generic (relu and mul) reads it and writes the result, the only
// allocation.
// MEMREF:        memref.global "private" @__sinter_arena_layer : memref<1024xi8>
// MEMREF-LABEL:  func.func @layer(
// MEMREF-SAME:     sinter.arena_bytes = 1024 : i64
// MEMREF:          %[[ARENA:[a-z0-9_]+]] = memref.get_global @__sinter_arena_layer
// MEMREF:          %[[RESULT:[a-z0-9_]+]] = memref.alloc(%{{[a-z0-9_]+}}) {{.*}} : memref<?x32xf32>
// MEMREF-NOT:      memref.alloc
// MEMREF:          %[[PRODUCT:[a-z0-9_]+]] = memref.view %[[ARENA]]{{.*}} to memref<?x32xf32>
// MEMREF-NEXT:     linalg.broadcast {{.*}} outs(%[[PRODUCT]] : memref<?x32xf32>)
// MEMREF-NEXT:     linalg.matmul {{.*}} outs(%[[PRODUCT]] : memref<?x32xf32>)
// MEMREF-NEXT:     linalg.generic {{.*}} ins(%[[PRODUCT]] : memref<?x32xf32>) outs(%[[RESULT]] : memref<?x32xf32>)
// MEMREF:            arith.select
// MEMREF-NEXT:       arith.mulf
// MEMREF-NOT:      linalg.{{(generic|matmul|fill|broadcast)}}
// MEMREF:          return %[[RESULT]] : memref<?x32xf32>

// The end: only the LLVM dialect (--implicit-check-not), one malloc (the
// result), one GEMM call.
// CHECK:       llvm.func @malloc(i64) -> !llvm.ptr
// CHECK-DAG:   llvm.func @sinter_sgemm_parallel(i64, i64, i64, f32, i64, i64, i32, i64, i64, i32, f32, i64, i64) attributes {sym_visibility = "private"}
// CHECK-DAG:   llvm.mlir.global private @__sinter_arena_layer() {{.*}} : !llvm.array<1024 x i8>
// CHECK:       llvm.func @layer(
// CHECK-COUNT-1: llvm.call @malloc
// CHECK-NOT:   llvm.call @malloc
// CHECK:       llvm.call @sinter_sgemm_parallel(
// CHECK-NOT:   llvm.call
// CHECK:       llvm.fmul
// CHECK:       llvm.return
// CHECK-NOT:   {{(linalg|tensor|memref|bufferization|affine|scf|arith|math|cf|func|sinter)\.[a-z_]+}}

func.func @layer(%x: tensor<?x64xf32> {sinter.batch_bound = 8 : i64}, %w: tensor<32x64xf32>, %b: tensor<32xf32>) -> tensor<?x32xf32> {
  %h = sinter.linear %x, %w, %b : (tensor<?x64xf32>, tensor<32x64xf32>, tensor<32xf32>) -> tensor<?x32xf32>
  %r = sinter.relu %h : (tensor<?x32xf32>) -> tensor<?x32xf32>
  %y = sinter.mul %r, %r : (tensor<?x32xf32>, tensor<?x32xf32>) -> tensor<?x32xf32>
  return %y : tensor<?x32xf32>
}
