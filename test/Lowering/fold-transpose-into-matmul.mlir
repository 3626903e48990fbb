// RUN: sinter-opt %s --sinter-fuse-elementwise | FileCheck %s

// The backward pass's products read W^T and dZ^T: the transposes fold into
// the products' indexing maps and are not materialised.
// CHECK-DAG: #[[KM:.*]] = affine_map<(d0, d1, d2) -> (d2, d0)>
// CHECK-DAG: #[[NK:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-LABEL: func.func @backward
// CHECK-NOT: linalg.transpose
// CHECK: linalg.matmul indexing_maps = [{{.*}}, #[[NK]], {{.*}}] ins(%arg0, %arg1 : tensor<8x10xf32>, tensor<128x10xf32>)
// CHECK: linalg.matmul indexing_maps = [#[[KM]], {{.*}}, {{.*}}] ins(%arg0, %arg2 : tensor<8x10xf32>, tensor<8x128xf32>)
func.func @backward(%dz: tensor<8x10xf32>, %w: tensor<128x10xf32>, %h: tensor<8x128xf32>)
    -> (tensor<8x128xf32>, tensor<10x128xf32>) {
  %zero = arith.constant 0.0 : f32
  %e0 = tensor.empty() : tensor<10x128xf32>
  %wt = linalg.transpose ins(%w : tensor<128x10xf32>) outs(%e0 : tensor<10x128xf32>) permutation = [1, 0]
  %e1 = tensor.empty() : tensor<8x128xf32>
  %f1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<8x128xf32>) -> tensor<8x128xf32>
  %dh = linalg.matmul ins(%dz, %wt : tensor<8x10xf32>, tensor<10x128xf32>) outs(%f1 : tensor<8x128xf32>) -> tensor<8x128xf32>
  %e2 = tensor.empty() : tensor<10x8xf32>
  %dzt = linalg.transpose ins(%dz : tensor<8x10xf32>) outs(%e2 : tensor<10x8xf32>) permutation = [1, 0]
  %e3 = tensor.empty() : tensor<10x128xf32>
  %f3 = linalg.fill ins(%zero : f32) outs(%e3 : tensor<10x128xf32>) -> tensor<10x128xf32>
  %dw = linalg.matmul ins(%dzt, %h : tensor<10x8xf32>, tensor<8x128xf32>) outs(%f3 : tensor<10x128xf32>) -> tensor<10x128xf32>
  return %dh, %dw : tensor<8x128xf32>, tensor<10x128xf32>
}
