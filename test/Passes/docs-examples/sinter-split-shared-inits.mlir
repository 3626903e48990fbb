// The example of docs/passes/sinter-split-shared-inits.md:
//  - @two_products: cse gave two products one zero fill; the pass gives each
//    its own, and bufferized, each product accumulates into its own zeroed
//    buffer with no memref.copy;
//  - @update: a fused kernel with two results names one tensor.empty twice;
//    the pass gives each result its own.
// Read from the IR printed before and after the pass inside
// --sinter-cpu-pipeline, and from --sinter-cpu-pipeline-to-memrefs.
// The checks name no SSA value by number: values are FileCheck variables.
// RUN: sinter-opt %s --sinter-cpu-pipeline --mlir-disable-threading --mlir-print-ir-before=sinter-split-shared-inits -o /dev/null 2>&1 | FileCheck %s --check-prefix=BEFORE
// RUN: sinter-opt %s --sinter-cpu-pipeline --mlir-disable-threading --mlir-print-ir-after=sinter-split-shared-inits -o /dev/null 2>&1 | FileCheck %s
// RUN: sinter-opt %s --sinter-cpu-pipeline-to-memrefs | FileCheck %s --check-prefix=MEMREF --implicit-check-not=memref.copy

// Before the pass: one fill, read by both products; one empty, named twice.
// BEFORE-LABEL: func.func @two_products(
// BEFORE:         %[[F:[a-z0-9_]+]] = linalg.fill
// BEFORE-NOT:     linalg.fill
// BEFORE:         linalg.matmul {{.*}} outs(%[[F]] : tensor<?x32xf32>)
// BEFORE-NEXT:    linalg.matmul {{.*}} outs(%[[F]] : tensor<?x32xf32>)
// BEFORE-LABEL: func.func @update(
// BEFORE:         %[[E:[a-z0-9_]+]] = tensor.empty() : tensor<2x3xf32>
// BEFORE-NOT:     tensor.empty
// BEFORE:         linalg.generic {{.*}} outs(%[[E]], %[[E]] : tensor<2x3xf32>, tensor<2x3xf32>)

// After: a fill per product, an empty per result. The use found first in
// the use list keeps the original; the clone goes right before its user.
// CHECK-LABEL: func.func @two_products(
// CHECK-DAG:     %[[F1:[a-z0-9_]+]] = linalg.fill ins(%{{[a-z0-9_]+}} : f32) outs(%{{[a-z0-9_]+}} : tensor<?x32xf32>)
// CHECK-DAG:     %[[F2:[a-z0-9_]+]] = linalg.fill ins(%{{[a-z0-9_]+}} : f32) outs(%{{[a-z0-9_]+}} : tensor<?x32xf32>)
// CHECK-DAG:     linalg.matmul {{.*}} outs(%[[F1]] : tensor<?x32xf32>)
// CHECK-DAG:     linalg.matmul {{.*}} outs(%[[F2]] : tensor<?x32xf32>)
// CHECK:         return
// CHECK-LABEL: func.func @update(
// CHECK:         %[[E1:[a-z0-9_]+]] = tensor.empty() : tensor<2x3xf32>
// CHECK-NEXT:    %[[E2:[a-z0-9_]+]] = tensor.empty() : tensor<2x3xf32>
// CHECK-NEXT:    %[[R:[a-z0-9_]+]]:2 = linalg.generic
// CHECK-SAME:      outs(%[[E2]], %[[E1]] : tensor<2x3xf32>, tensor<2x3xf32>)
// CHECK:         return %[[R]]#1, %[[R]]#0

// Bufferized: two buffers, each zeroed and written by one product, both
// returned; nothing is copied anywhere (--implicit-check-not).
// MEMREF-LABEL: func.func @two_products(
// MEMREF-DAG:     %[[A1:[a-z0-9_]+]] = memref.alloc(%{{[a-z0-9_]+}}) {{.*}} : memref<?x32xf32>
// MEMREF-DAG:     %[[A2:[a-z0-9_]+]] = memref.alloc(%{{[a-z0-9_]+}}) {{.*}} : memref<?x32xf32>
// MEMREF-DAG:     linalg.fill ins(%{{[a-z0-9_]+}} : f32) outs(%[[A1]] : memref<?x32xf32>)
// MEMREF-DAG:     linalg.fill ins(%{{[a-z0-9_]+}} : f32) outs(%[[A2]] : memref<?x32xf32>)
// MEMREF-DAG:     linalg.matmul {{.*}} outs(%[[A1]] : memref<?x32xf32>)
// MEMREF-DAG:     linalg.matmul {{.*}} outs(%[[A2]] : memref<?x32xf32>)
// MEMREF:         return %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}} : memref<?x32xf32>, memref<?x32xf32>
// MEMREF-LABEL: func.func @update(
// MEMREF:         return

func.func @two_products(%x: tensor<?x64xf32>, %w1: tensor<64x32xf32>, %w2: tensor<64x32xf32>) -> (tensor<?x32xf32>, tensor<?x32xf32>) {
  %y1 = sinter.matmul %x, %w1 : (tensor<?x64xf32>, tensor<64x32xf32>) -> tensor<?x32xf32>
  %y2 = sinter.matmul %x, %w2 : (tensor<?x64xf32>, tensor<64x32xf32>) -> tensor<?x32xf32>
  return %y1, %y2 : tensor<?x32xf32>, tensor<?x32xf32>
}

// m' = m + g is returned (new state) and read by p' = p - m' (as in
// sinter-fuse-elementwise.mlir): one generic with two results.
func.func @update(%p: tensor<2x3xf32>, %m: tensor<2x3xf32>, %g: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>) {
  %m2 = sinter.add %m, %g : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %p2 = sinter.sub %p, %m2 : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %p2, %m2 : tensor<2x3xf32>, tensor<2x3xf32>
}
