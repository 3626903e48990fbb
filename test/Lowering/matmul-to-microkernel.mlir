// RUN: sinter-opt %s --sinter-matmul-to-microkernel --cse | FileCheck %s

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
