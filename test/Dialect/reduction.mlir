// Round trips of sum, mean, max, min and argmax.
// RUN: sinter-opt %s | sinter-opt | FileCheck %s
// RUN: sinter-opt %s -mlir-print-op-generic | sinter-opt | FileCheck %s
// Folding and CSE leave valid IR (no fold may break an inferred type).
// RUN: sinter-opt %s -canonicalize -cse -o /dev/null

// CHECK-LABEL: func.func @sum
func.func @sum(%x: tensor<?x10xf32>, %y: tensor<2x3x4xf64>, %i: tensor<5x6xi64>, %j: tensor<7xi32>) {
  // CHECK: sinter.sum %{{.*}} {dims = array<i64: 1>} : (tensor<?x10xf32>) -> tensor<?xf32>
  %0 = sinter.sum %x {dims = array<i64: 1>} : (tensor<?x10xf32>) -> tensor<?xf32>
  // CHECK: sinter.sum %{{.*}} {dims = array<i64: 0>, keepdim = true} : (tensor<?x10xf32>) -> tensor<1x10xf32>
  %1 = sinter.sum %x {dims = array<i64: 0>, keepdim = true} : (tensor<?x10xf32>) -> tensor<1x10xf32>
  // All dims when dims is absent.
  // CHECK: sinter.sum %{{.*}} : (tensor<?x10xf32>) -> tensor<f32>
  %2 = sinter.sum %x : (tensor<?x10xf32>) -> tensor<f32>
  // CHECK: sinter.sum %{{.*}} {keepdim = true} : (tensor<?x10xf32>) -> tensor<1x1xf32>
  %3 = sinter.sum %x {keepdim = true} : (tensor<?x10xf32>) -> tensor<1x1xf32>
  // keepdim = false is the default and is not printed.
  // CHECK: sinter.sum %{{.*}} {dims = array<i64: -1>} : (tensor<2x3x4xf64>) -> tensor<2x3xf64>
  %4 = sinter.sum %y {dims = array<i64: -1>, keepdim = false} : (tensor<2x3x4xf64>) -> tensor<2x3xf64>
  // Several dims, negative, in any order.
  // CHECK: sinter.sum %{{.*}} {dims = array<i64: -1, 0>} : (tensor<2x3x4xf64>) -> tensor<3xf64>
  %5 = sinter.sum %y {dims = array<i64: -1, 0>} : (tensor<2x3x4xf64>) -> tensor<3xf64>
  // CHECK: sinter.sum %{{.*}} {dims = array<i64: 2, -3>, keepdim = true} : (tensor<2x3x4xf64>) -> tensor<1x3x1xf64>
  %6 = sinter.sum %y {dims = array<i64: 2, -3>, keepdim = true} : (tensor<2x3x4xf64>) -> tensor<1x3x1xf64>
  // CHECK: sinter.sum %{{.*}} {dims = array<i64: 0>} : (tensor<5x6xi64>) -> tensor<6xi64>
  %7 = sinter.sum %i {dims = array<i64: 0>} : (tensor<5x6xi64>) -> tensor<6xi64>
  // CHECK: sinter.sum %{{.*}} : (tensor<7xi32>) -> tensor<i32>
  %8 = sinter.sum %j : (tensor<7xi32>) -> tensor<i32>
  return
}

// CHECK-LABEL: func.func @mean
func.func @mean(%x: tensor<?x10xf32>, %y: tensor<2x3x4xf64>, %s: tensor<f32>) {
  // CHECK: sinter.mean %{{.*}} {dims = array<i64: 1>} : (tensor<?x10xf32>) -> tensor<?xf32>
  %0 = sinter.mean %x {dims = array<i64: 1>} : (tensor<?x10xf32>) -> tensor<?xf32>
  // CHECK: sinter.mean %{{.*}} {dims = array<i64: -2>, keepdim = true} : (tensor<?x10xf32>) -> tensor<1x10xf32>
  %1 = sinter.mean %x {dims = array<i64: -2>, keepdim = true} : (tensor<?x10xf32>) -> tensor<1x10xf32>
  // CHECK: sinter.mean %{{.*}} : (tensor<2x3x4xf64>) -> tensor<f64>
  %2 = sinter.mean %y : (tensor<2x3x4xf64>) -> tensor<f64>
  // CHECK: sinter.mean %{{.*}} {dims = array<i64: 1, 2>} : (tensor<2x3x4xf64>) -> tensor<2xf64>
  %3 = sinter.mean %y {dims = array<i64: 1, 2>} : (tensor<2x3x4xf64>) -> tensor<2xf64>
  // Reducing a 0-d tensor over all (no) dims.
  // CHECK: sinter.mean %{{.*}} : (tensor<f32>) -> tensor<f32>
  %4 = sinter.mean %s : (tensor<f32>) -> tensor<f32>
  // CHECK: sinter.mean %{{.*}} {keepdim = true} : (tensor<f32>) -> tensor<f32>
  %5 = sinter.mean %s {keepdim = true} : (tensor<f32>) -> tensor<f32>
  return
}

// CHECK-LABEL: func.func @max_min
func.func @max_min(%x: tensor<?x10xf32>, %y: tensor<2x3x4xf64>, %i: tensor<5x6xi64>, %j: tensor<?x7xi32>) {
  // CHECK: sinter.max %{{.*}} {dims = array<i64: 1>, keepdim = true} : (tensor<?x10xf32>) -> tensor<?x1xf32>
  %0 = sinter.max %x {dims = array<i64: 1>, keepdim = true} : (tensor<?x10xf32>) -> tensor<?x1xf32>
  // CHECK: sinter.max %{{.*}} {dims = array<i64: -1>} : (tensor<?x10xf32>) -> tensor<?xf32>
  %1 = sinter.max %x {dims = array<i64: -1>} : (tensor<?x10xf32>) -> tensor<?xf32>
  // CHECK: sinter.max %{{.*}} : (tensor<5x6xi64>) -> tensor<i64>
  %2 = sinter.max %i : (tensor<5x6xi64>) -> tensor<i64>
  // CHECK: sinter.min %{{.*}} {dims = array<i64: 0, 2>} : (tensor<2x3x4xf64>) -> tensor<3xf64>
  %3 = sinter.min %y {dims = array<i64: 0, 2>} : (tensor<2x3x4xf64>) -> tensor<3xf64>
  // CHECK: sinter.min %{{.*}} {dims = array<i64: -1>, keepdim = true} : (tensor<?x7xi32>) -> tensor<?x1xi32>
  %4 = sinter.min %j {dims = array<i64: -1>, keepdim = true} : (tensor<?x7xi32>) -> tensor<?x1xi32>
  // CHECK: sinter.min %{{.*}} {dims = array<i64: 0>} : (tensor<?x7xi32>) -> tensor<7xi32>
  %5 = sinter.min %j {dims = array<i64: 0>} : (tensor<?x7xi32>) -> tensor<7xi32>
  return
}

// argmax always gives i64.
// CHECK-LABEL: func.func @argmax
func.func @argmax(%logits: tensor<?x10xf32>, %y: tensor<2x3x4xf64>, %i: tensor<5xi32>, %s: tensor<f32>) {
  // CHECK: sinter.argmax %{{.*}} {dim = 1 : i64} : (tensor<?x10xf32>) -> tensor<?xi64>
  %0 = sinter.argmax %logits {dim = 1 : i64} : (tensor<?x10xf32>) -> tensor<?xi64>
  // CHECK: sinter.argmax %{{.*}} {dim = -1 : i64, keepdim = true} : (tensor<?x10xf32>) -> tensor<?x1xi64>
  %1 = sinter.argmax %logits {dim = -1 : i64, keepdim = true} : (tensor<?x10xf32>) -> tensor<?x1xi64>
  // Without dim: the index into the flattened input.
  // CHECK: sinter.argmax %{{.*}} : (tensor<2x3x4xf64>) -> tensor<i64>
  %2 = sinter.argmax %y : (tensor<2x3x4xf64>) -> tensor<i64>
  // CHECK: sinter.argmax %{{.*}} {keepdim = true} : (tensor<2x3x4xf64>) -> tensor<1x1x1xi64>
  %3 = sinter.argmax %y {keepdim = true} : (tensor<2x3x4xf64>) -> tensor<1x1x1xi64>
  // CHECK: sinter.argmax %{{.*}} {dim = 0 : i64} : (tensor<5xi32>) -> tensor<i64>
  %4 = sinter.argmax %i {dim = 0 : i64} : (tensor<5xi32>) -> tensor<i64>
  // CHECK: sinter.argmax %{{.*}} : (tensor<f32>) -> tensor<i64>
  %5 = sinter.argmax %s : (tensor<f32>) -> tensor<i64>
  return
}
