// Round trips of the elementwise unary ops (math, activations, pow, cast)
// and the softmax family.
// RUN: sinter-opt %s | sinter-opt | FileCheck %s
// RUN: sinter-opt %s -mlir-print-op-generic | sinter-opt | FileCheck %s
// Folding and CSE leave valid IR (no fold may break an inferred type).
// RUN: sinter-opt %s -canonicalize -cse -o /dev/null

// CHECK-LABEL: func.func @math_f32
func.func @math_f32(%x: tensor<?x128xf32>) -> tensor<?x128xf32> {
  // CHECK: sinter.exp %{{.*}} : (tensor<?x128xf32>) -> tensor<?x128xf32>
  %0 = sinter.exp %x : (tensor<?x128xf32>) -> tensor<?x128xf32>
  // CHECK: sinter.log %{{.*}} : (tensor<?x128xf32>) -> tensor<?x128xf32>
  %1 = sinter.log %0 : (tensor<?x128xf32>) -> tensor<?x128xf32>
  // CHECK: sinter.sqrt %{{.*}} : (tensor<?x128xf32>) -> tensor<?x128xf32>
  %2 = sinter.sqrt %1 : (tensor<?x128xf32>) -> tensor<?x128xf32>
  // CHECK: sinter.rsqrt %{{.*}} : (tensor<?x128xf32>) -> tensor<?x128xf32>
  %3 = sinter.rsqrt %2 : (tensor<?x128xf32>) -> tensor<?x128xf32>
  // CHECK: sinter.sigmoid %{{.*}} : (tensor<?x128xf32>) -> tensor<?x128xf32>
  %4 = sinter.sigmoid %3 : (tensor<?x128xf32>) -> tensor<?x128xf32>
  // CHECK: sinter.tanh %{{.*}} : (tensor<?x128xf32>) -> tensor<?x128xf32>
  %5 = sinter.tanh %4 : (tensor<?x128xf32>) -> tensor<?x128xf32>
  // CHECK: sinter.relu %{{.*}} : (tensor<?x128xf32>) -> tensor<?x128xf32>
  %6 = sinter.relu %5 : (tensor<?x128xf32>) -> tensor<?x128xf32>
  // CHECK: sinter.neg %{{.*}} : (tensor<?x128xf32>) -> tensor<?x128xf32>
  %7 = sinter.neg %6 : (tensor<?x128xf32>) -> tensor<?x128xf32>
  return %7 : tensor<?x128xf32>
}

// CHECK-LABEL: func.func @math_f64
func.func @math_f64(%x: tensor<2x3x4xf64>) -> tensor<2x3x4xf64> {
  // CHECK: sinter.exp %{{.*}} : (tensor<2x3x4xf64>) -> tensor<2x3x4xf64>
  %0 = sinter.exp %x : (tensor<2x3x4xf64>) -> tensor<2x3x4xf64>
  // CHECK: sinter.log %{{.*}} : (tensor<2x3x4xf64>) -> tensor<2x3x4xf64>
  %1 = sinter.log %0 : (tensor<2x3x4xf64>) -> tensor<2x3x4xf64>
  // CHECK: sinter.sqrt %{{.*}} : (tensor<2x3x4xf64>) -> tensor<2x3x4xf64>
  %2 = sinter.sqrt %1 : (tensor<2x3x4xf64>) -> tensor<2x3x4xf64>
  // CHECK: sinter.rsqrt %{{.*}} : (tensor<2x3x4xf64>) -> tensor<2x3x4xf64>
  %3 = sinter.rsqrt %2 : (tensor<2x3x4xf64>) -> tensor<2x3x4xf64>
  // CHECK: sinter.sigmoid %{{.*}} : (tensor<2x3x4xf64>) -> tensor<2x3x4xf64>
  %4 = sinter.sigmoid %3 : (tensor<2x3x4xf64>) -> tensor<2x3x4xf64>
  // CHECK: sinter.tanh %{{.*}} : (tensor<2x3x4xf64>) -> tensor<2x3x4xf64>
  %5 = sinter.tanh %4 : (tensor<2x3x4xf64>) -> tensor<2x3x4xf64>
  // CHECK: sinter.relu %{{.*}} : (tensor<2x3x4xf64>) -> tensor<2x3x4xf64>
  %6 = sinter.relu %5 : (tensor<2x3x4xf64>) -> tensor<2x3x4xf64>
  // CHECK: sinter.neg %{{.*}} : (tensor<2x3x4xf64>) -> tensor<2x3x4xf64>
  %7 = sinter.neg %6 : (tensor<2x3x4xf64>) -> tensor<2x3x4xf64>
  return %7 : tensor<2x3x4xf64>
}

// relu and neg take integers too; a 0-d tensor is fine.
// CHECK-LABEL: func.func @integer_unary
func.func @integer_unary(%i: tensor<4xi64>, %j: tensor<?x2xi32>, %s: tensor<f32>) {
  // CHECK: sinter.relu %{{.*}} : (tensor<4xi64>) -> tensor<4xi64>
  %0 = sinter.relu %i : (tensor<4xi64>) -> tensor<4xi64>
  // CHECK: sinter.neg %{{.*}} : (tensor<?x2xi32>) -> tensor<?x2xi32>
  %1 = sinter.neg %j : (tensor<?x2xi32>) -> tensor<?x2xi32>
  // CHECK: sinter.relu %{{.*}} : (tensor<?x2xi32>) -> tensor<?x2xi32>
  %2 = sinter.relu %j : (tensor<?x2xi32>) -> tensor<?x2xi32>
  // CHECK: sinter.exp %{{.*}} : (tensor<f32>) -> tensor<f32>
  %3 = sinter.exp %s : (tensor<f32>) -> tensor<f32>
  return
}

// CHECK-LABEL: func.func @pow
func.func @pow(%x: tensor<4x3xf32>, %y: tensor<?xf64>) {
  // CHECK: sinter.pow %{{.*}} {exponent = 2.000000e+00 : f64} : (tensor<4x3xf32>) -> tensor<4x3xf32>
  %0 = sinter.pow %x {exponent = 2.0 : f64} : (tensor<4x3xf32>) -> tensor<4x3xf32>
  // CHECK: sinter.pow %{{.*}} {exponent = -5.000000e-01 : f64} : (tensor<?xf64>) -> tensor<?xf64>
  %1 = sinter.pow %y {exponent = -0.5 : f64} : (tensor<?xf64>) -> tensor<?xf64>
  return
}

// Every element type converts to every other.
// CHECK-LABEL: func.func @cast
func.func @cast(%l: tensor<?xi64>, %x: tensor<4x3xf32>, %m: tensor<4x3xi1>, %d: tensor<2xf64>, %i: tensor<2xi32>) {
  // CHECK: sinter.cast %{{.*}} {dtype = f32} : (tensor<?xi64>) -> tensor<?xf32>
  %0 = sinter.cast %l {dtype = f32} : (tensor<?xi64>) -> tensor<?xf32>
  // CHECK: sinter.cast %{{.*}} {dtype = f64} : (tensor<4x3xf32>) -> tensor<4x3xf64>
  %1 = sinter.cast %x {dtype = f64} : (tensor<4x3xf32>) -> tensor<4x3xf64>
  // CHECK: sinter.cast %{{.*}} {dtype = i64} : (tensor<4x3xf32>) -> tensor<4x3xi64>
  %2 = sinter.cast %x {dtype = i64} : (tensor<4x3xf32>) -> tensor<4x3xi64>
  // CHECK: sinter.cast %{{.*}} {dtype = i1} : (tensor<4x3xf32>) -> tensor<4x3xi1>
  %3 = sinter.cast %x {dtype = i1} : (tensor<4x3xf32>) -> tensor<4x3xi1>
  // CHECK: sinter.cast %{{.*}} {dtype = f32} : (tensor<4x3xi1>) -> tensor<4x3xf32>
  %4 = sinter.cast %m {dtype = f32} : (tensor<4x3xi1>) -> tensor<4x3xf32>
  // CHECK: sinter.cast %{{.*}} {dtype = i32} : (tensor<2xf64>) -> tensor<2xi32>
  %5 = sinter.cast %d {dtype = i32} : (tensor<2xf64>) -> tensor<2xi32>
  // CHECK: sinter.cast %{{.*}} {dtype = i64} : (tensor<2xi32>) -> tensor<2xi64>
  %6 = sinter.cast %i {dtype = i64} : (tensor<2xi32>) -> tensor<2xi64>
  // Cast to the same type is allowed (and folds away, see canonicalize.mlir).
  // CHECK: sinter.cast %{{.*}} {dtype = f32} : (tensor<4x3xf32>) -> tensor<4x3xf32>
  %7 = sinter.cast %x {dtype = f32} : (tensor<4x3xf32>) -> tensor<4x3xf32>
  return
}

// CHECK-LABEL: func.func @softmax
func.func @softmax(%logits: tensor<?x10xf32>, %x: tensor<2x3x4xf64>) {
  // CHECK: sinter.softmax %{{.*}} {dim = 1 : i64} : (tensor<?x10xf32>) -> tensor<?x10xf32>
  %0 = sinter.softmax %logits {dim = 1 : i64} : (tensor<?x10xf32>) -> tensor<?x10xf32>
  // CHECK: sinter.softmax %{{.*}} {dim = -1 : i64} : (tensor<?x10xf32>) -> tensor<?x10xf32>
  %1 = sinter.softmax %logits {dim = -1 : i64} : (tensor<?x10xf32>) -> tensor<?x10xf32>
  // CHECK: sinter.softmax %{{.*}} {dim = 0 : i64} : (tensor<?x10xf32>) -> tensor<?x10xf32>
  %2 = sinter.softmax %logits {dim = 0 : i64} : (tensor<?x10xf32>) -> tensor<?x10xf32>
  // CHECK: sinter.log_softmax %{{.*}} {dim = 1 : i64} : (tensor<?x10xf32>) -> tensor<?x10xf32>
  %3 = sinter.log_softmax %logits {dim = 1 : i64} : (tensor<?x10xf32>) -> tensor<?x10xf32>
  // CHECK: sinter.log_softmax %{{.*}} {dim = -3 : i64} : (tensor<2x3x4xf64>) -> tensor<2x3x4xf64>
  %4 = sinter.log_softmax %x {dim = -3 : i64} : (tensor<2x3x4xf64>) -> tensor<2x3x4xf64>
  // CHECK: sinter.softmax %{{.*}} {dim = 2 : i64} : (tensor<2x3x4xf64>) -> tensor<2x3x4xf64>
  %5 = sinter.softmax %x {dim = 2 : i64} : (tensor<2x3x4xf64>) -> tensor<2x3x4xf64>
  return
}
