// RUN: sinter-opt %s --sinter-matmul-to-microkernel --cse | FileCheck %s
// RUN: sinter-opt %s --sinter-matmul-to-microkernel --cse | FileCheck %s --check-prefix=TINY

// A product into a buffer just filled with zeros overwrites it: the fill
// goes and the call passes beta = 0. (The pass used to add its own reads of
// C first, take them for other users, and keep the fill with beta = 1.)
// CHECK-LABEL: func.func @after_zero_fill
// CHECK-NOT: linalg.fill
// CHECK-DAG: %[[BETA:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG: %[[NOTRANS:.*]] = arith.constant 0 : i32
// CHECK: call @sinter_sgemm_parallel({{.*}}, %[[NOTRANS]], {{.*}}, %[[NOTRANS]], %[[BETA]], {{.*}})
// CHECK-NOT: linalg.matmul
func.func @after_zero_fill(%a: memref<32x64xf32>, %b: memref<64x48xf32>, %c: memref<32x48xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%c : memref<32x48xf32>)
  linalg.matmul ins(%a, %b : memref<32x64xf32>, memref<64x48xf32>) outs(%c : memref<32x48xf32>)
  return
}

// A product into a buffer holding a broadcast bias accumulates: beta = 1.
// CHECK-LABEL: func.func @accumulates
// CHECK: linalg.broadcast
// CHECK: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK: call @sinter_sgemm_parallel({{.*}}, %[[ONE]], {{.*}})
func.func @accumulates(%a: memref<32x64xf32>, %b: memref<64x48xf32>, %bias: memref<48xf32>, %c: memref<32x48xf32>) {
  linalg.broadcast ins(%bias : memref<48xf32>) outs(%c : memref<32x48xf32>) dimensions = [0]
  linalg.matmul ins(%a, %b : memref<32x64xf32>, memref<64x48xf32>) outs(%c : memref<32x48xf32>)
  return
}

// A transposed operand, read through the indexing map, is passed as
// transA = 1 (the weight gradient dW = dZ^T X).
// CHECK-LABEL: func.func @transposed_a
// CHECK-DAG: %[[TRANS:.*]] = arith.constant 1 : i32
// CHECK-DAG: %[[NOTRANS:.*]] = arith.constant 0 : i32
// CHECK: call @sinter_sgemm_parallel({{[^,]*}}, {{[^,]*}}, {{[^,]*}}, {{[^,]*}}, {{[^,]*}}, {{[^,]*}}, %[[TRANS]], {{[^,]*}}, {{[^,]*}}, %[[NOTRANS]],
func.func @transposed_a(%dz: memref<128x32xf32>, %x: memref<128x64xf32>, %dw: memref<32x64xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%dw : memref<32x64xf32>)
  linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (k, m)>,
                                 affine_map<(m, n, k) -> (k, n)>,
                                 affine_map<(m, n, k) -> (m, n)>]
      ins(%dz, %x : memref<128x32xf32>, memref<128x64xf32>) outs(%dw : memref<32x64xf32>)
  return
}

// A tiny product (3 columns, inner dimension 3: the regression's layers,
// x W^T with W as stored) is no call but one elementwise generic over C,
// the inner dimension unrolled in the product's order: C + A[i,0] W[j,0]
// + A[i,1] W[j,1] + A[i,2] W[j,2], W read through its transposed maps.
// TINY-DAG: #[[A0:.*]] = affine_map<(d0, d1) -> (d0, 0)>
// TINY-DAG: #[[W0:.*]] = affine_map<(d0, d1) -> (d1, 0)>
// TINY-DAG: #[[W2:.*]] = affine_map<(d0, d1) -> (d1, 2)>
// TINY-LABEL: func.func @tiny_transposed_b
// TINY-NOT: call
// TINY: linalg.generic {indexing_maps = [#[[A0]], #[[W0]], {{.*}}, #[[W2]], {{.*}}], iterator_types = ["parallel", "parallel"]}
// TINY: ^bb0(%[[A_0:[a-z0-9_]+]]: f32, %[[W_0:[a-z0-9_]+]]: f32, {{.*}}, %[[OUT:[a-z0-9_]+]]: f32):
// TINY-NEXT: %[[T0:[0-9]+]] = arith.mulf %[[A_0]], %[[W_0]]
// TINY-NEXT: %[[S0:[0-9]+]] = arith.addf %[[OUT]], %[[T0]]
// TINY-NEXT: arith.mulf
// TINY-NEXT: %[[S1:[0-9]+]] = arith.addf %[[S0]]
// TINY-NEXT: arith.mulf
// TINY-NEXT: %[[S2:[0-9]+]] = arith.addf %[[S1]]
// TINY-NEXT: linalg.yield %[[S2]]
// TINY-NOT: linalg.matmul
func.func @tiny_transposed_b(%x: memref<1000x3xf32>, %w: memref<3x3xf32>, %c: memref<1000x3xf32>) {
  linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>,
                                 affine_map<(m, n, k) -> (n, k)>,
                                 affine_map<(m, n, k) -> (m, n)>]
      ins(%x, %w : memref<1000x3xf32>, memref<3x3xf32>) outs(%c : memref<1000x3xf32>)
  return
}
