// The example of docs/passes/sinter-matmul-to-microkernel.md: a product into
// a zero fill (the fill goes, beta = 0), a Linear with its bias broadcast
// into C (B transposed, beta = 1), a weight gradient dZ^T h (A transposed,
// beta = 0), a tiny product that stays a loop nest, and a Linear + ReLU
// whose ReLU becomes the call's epilogue.
// Read from the IR printed before and after the pass inside
// --sinter-cpu-pipeline. The checks name no SSA value by number: values are
// FileCheck variables; each call's constant arguments are the constants
// created right before it.
// RUN: sinter-opt %s --sinter-cpu-pipeline --mlir-print-ir-before=sinter-matmul-to-microkernel -o /dev/null 2>&1 | FileCheck %s --check-prefix=BEFORE
// RUN: sinter-opt %s --sinter-cpu-pipeline --mlir-print-ir-after=sinter-matmul-to-microkernel -o /dev/null 2>&1 | FileCheck %s

// BEFORE-LABEL: func.func @matmul_dyn(
// BEFORE:         linalg.fill ins(%{{[a-z0-9_]+}} : f32) outs(%[[C:[a-z0-9_]+]] : memref<?x256xf32>)
// BEFORE-NEXT:    linalg.matmul ins({{.*}}) outs(%[[C]] : memref<?x256xf32>)
// BEFORE-LABEL: func.func @linear_relu(
// BEFORE:         linalg.matmul {{.*}} outs(%[[C2:[a-z0-9_]+]] : memref<?x256xf32>)
// BEFORE:         linalg.generic {{.*}} outs(%[[C2]] : memref<?x256xf32>)
// BEFORE:           arith.cmpf olt
// BEFORE-NEXT:      arith.select

// CHECK-LABEL: IR Dump After {{.*}}(sinter-matmul-to-microkernel)
// CHECK-DAG:   func.func private @sinter_sgemm_epilogue_parallel(i64, i64, i64, f32, i64, i64, i32, i64, i64, i32, f32, i64, i64, i32, i64, i64)
// CHECK-DAG:   func.func private @sinter_sgemm_parallel(i64, i64, i64, f32, i64, i64, i32, i64, i64, i32, f32, i64, i64)

// Plain product after a zero fill: the fill is gone, beta = 0.
// CHECK-LABEL: func.func @matmul_dyn(
// CHECK-NOT:     linalg.
// CHECK:         %[[ALPHA:[a-z0-9_]+]] = arith.constant 1.000000e+00 : f32
// CHECK-NEXT:    %[[TA:[a-z0-9_]+]] = arith.constant 0 : i32
// CHECK-NEXT:    %[[TB:[a-z0-9_]+]] = arith.constant 0 : i32
// CHECK-NEXT:    %[[BETA:[a-z0-9_]+]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT:    call @sinter_sgemm_parallel(%{{[0-9]+}}, %{{[0-9]+}}, %{{[0-9]+}}, %[[ALPHA]], %{{[0-9]+}}, %{{[0-9]+}}, %[[TA]], %{{[0-9]+}}, %{{[0-9]+}}, %[[TB]], %[[BETA]], %{{[0-9]+}}, %{{[0-9]+}})
// CHECK-NOT:     linalg.
// CHECK:         return

// Linear: accumulates onto the broadcast bias (beta = 1), B transposed.
// CHECK-LABEL: func.func @linear_bias(
// CHECK:         linalg.broadcast
// CHECK-NOT:     linalg.
// CHECK:         %[[ALPHA:[a-z0-9_]+]] = arith.constant 1.000000e+00 : f32
// CHECK-NEXT:    %[[TA:[a-z0-9_]+]] = arith.constant 0 : i32
// CHECK-NEXT:    %[[TB:[a-z0-9_]+]] = arith.constant 1 : i32
// CHECK-NEXT:    %[[BETA:[a-z0-9_]+]] = arith.constant 1.000000e+00 : f32
// CHECK-NEXT:    call @sinter_sgemm_parallel(%{{[0-9]+}}, %{{[0-9]+}}, %{{[0-9]+}}, %[[ALPHA]], %{{[0-9]+}}, %{{[0-9]+}}, %[[TA]], %{{[0-9]+}}, %{{[0-9]+}}, %[[TB]], %[[BETA]], %{{[0-9]+}}, %{{[0-9]+}})
// CHECK-NOT:     linalg.
// CHECK:         return

// Weight gradient: A (dZ) read transposed, the fill gone, beta = 0.
// CHECK-LABEL: func.func @weight_grad(
// CHECK-NOT:     linalg.
// CHECK:         %[[ALPHA:[a-z0-9_]+]] = arith.constant 1.000000e+00 : f32
// CHECK-NEXT:    %[[TA:[a-z0-9_]+]] = arith.constant 1 : i32
// CHECK-NEXT:    %[[TB:[a-z0-9_]+]] = arith.constant 0 : i32
// CHECK-NEXT:    %[[BETA:[a-z0-9_]+]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT:    call @sinter_sgemm_parallel(%{{[0-9]+}}, %{{[0-9]+}}, %{{[0-9]+}}, %[[ALPHA]], %{{[0-9]+}}, %{{[0-9]+}}, %[[TA]], %{{[0-9]+}}, %{{[0-9]+}}, %[[TB]], %[[BETA]], %{{[0-9]+}}, %{{[0-9]+}})
// CHECK-NOT:     linalg.
// CHECK:         return

// Tiny: no call; the product is one elementwise generic over C with the
// inner dimension (3) unrolled: three reads of each operand, three terms.
// CHECK-LABEL: func.func @tiny(
// CHECK-NOT:     call
// CHECK:         linalg.fill
// CHECK-NEXT:    linalg.generic {{.*}}iterator_types = ["parallel", "parallel"]} ins(%arg0, %arg1, %arg0, %arg1, %arg0, %arg1 :
// CHECK-COUNT-3: arith.mulf
// CHECK-NOT:     linalg.matmul
// CHECK-NOT:     call
// CHECK:         return

// Linear + ReLU: one call of the epilogue entry point with the ReLU's kind
// (1) and no mask (0, 0); the ReLU's loop nest is gone.
// CHECK-LABEL: func.func @linear_relu(
// CHECK:         linalg.broadcast
// CHECK-NOT:     linalg.
// CHECK:         %[[ALPHA:[a-z0-9_]+]] = arith.constant 1.000000e+00 : f32
// CHECK-NEXT:    %[[TA:[a-z0-9_]+]] = arith.constant 0 : i32
// CHECK-NEXT:    %[[TB:[a-z0-9_]+]] = arith.constant 1 : i32
// CHECK-NEXT:    %[[BETA:[a-z0-9_]+]] = arith.constant 1.000000e+00 : f32
// CHECK-NEXT:    %[[NOMASK:[a-z0-9_]+]] = arith.constant 0 : i64
// CHECK-NEXT:    %[[RELU:[a-z0-9_]+]] = arith.constant 1 : i32
// CHECK-NEXT:    call @sinter_sgemm_epilogue_parallel(%{{[0-9]+}}, %{{[0-9]+}}, %{{[0-9]+}}, %[[ALPHA]], %{{[0-9]+}}, %{{[0-9]+}}, %[[TA]], %{{[0-9]+}}, %{{[0-9]+}}, %[[TB]], %[[BETA]], %{{[0-9]+}}, %{{[0-9]+}}, %[[RELU]], %[[NOMASK]], %[[NOMASK]])
// CHECK-NOT:     linalg.
// CHECK:         return

func.func @matmul_dyn(%a: tensor<?x784xf32>, %b: tensor<784x256xf32>) -> tensor<?x256xf32> {
  %0 = sinter.matmul %a, %b : (tensor<?x784xf32>, tensor<784x256xf32>) -> tensor<?x256xf32>
  return %0 : tensor<?x256xf32>
}

func.func @linear_bias(%x: tensor<?x784xf32>, %w: tensor<256x784xf32>, %b: tensor<256xf32>) -> tensor<?x256xf32> {
  %0 = sinter.linear %x, %w, %b : (tensor<?x784xf32>, tensor<256x784xf32>, tensor<256xf32>) -> tensor<?x256xf32>
  return %0 : tensor<?x256xf32>
}

// A weight gradient dW = dZ^T h: the transpose folds into the product's map
// (sinter-fuse-elementwise) and reaches the GEMM as transA = 1.
func.func @weight_grad(%dz: tensor<?x10xf32>, %h: tensor<?x128xf32>) -> tensor<10x128xf32> {
  %dzt = sinter.transpose %dz {dim0 = 0 : i64, dim1 = 1 : i64} : (tensor<?x10xf32>) -> tensor<10x?xf32>
  %dw = sinter.matmul %dzt, %h : (tensor<10x?xf32>, tensor<?x128xf32>) -> tensor<10x128xf32>
  return %dw : tensor<10x128xf32>
}

func.func @tiny(%a: tensor<?x3xf32>, %b: tensor<3x3xf32>) -> tensor<?x3xf32> {
  %0 = sinter.matmul %a, %b : (tensor<?x3xf32>, tensor<3x3xf32>) -> tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// A Linear and its ReLU: the ReLU runs in place on the product's buffer
// (sinter-fuse-matmul-epilogues) and becomes the call's epilogue.
func.func @linear_relu(%x: tensor<?x784xf32>, %w: tensor<256x784xf32>, %b: tensor<256xf32>) -> tensor<?x256xf32> {
  %0 = sinter.linear %x, %w, %b : (tensor<?x784xf32>, tensor<256x784xf32>, tensor<256xf32>) -> tensor<?x256xf32>
  %1 = sinter.relu %0 : (tensor<?x256xf32>) -> tensor<?x256xf32>
  return %1 : tensor<?x256xf32>
}
