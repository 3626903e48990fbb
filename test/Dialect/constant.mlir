// Round trips of sinter.constant and sinter.full.
// RUN: sinter-opt %s | sinter-opt | FileCheck %s
// RUN: sinter-opt %s -mlir-print-op-generic | sinter-opt | FileCheck %s
// Folding and CSE leave valid IR (no fold may break an inferred type).
// RUN: sinter-opt %s -canonicalize -cse -o /dev/null

// CHECK-LABEL: func.func @constant
func.func @constant() {
  // CHECK: sinter.constant dense<[1.000000e+00, 2.000000e+00, 3.000000e+00]> : tensor<3xf32>
  %0 = sinter.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  // CHECK: sinter.constant dense<0.000000e+00> : tensor<f32>
  %1 = sinter.constant dense<0.0> : tensor<f32>
  // CHECK: sinter.constant dense<{{\[}}[1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00]]> : tensor<2x2xf64>
  %2 = sinter.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf64>
  // CHECK: sinter.constant dense<[0, -1, 9223372036854775807]> : tensor<3xi64>
  %3 = sinter.constant dense<[0, -1, 9223372036854775807]> : tensor<3xi64>
  // CHECK: sinter.constant dense<7> : tensor<2x3xi32>
  %4 = sinter.constant dense<7> : tensor<2x3xi32>
  // CHECK: sinter.constant dense<[true, false]> : tensor<2xi1>
  %5 = sinter.constant dense<[true, false]> : tensor<2xi1>
  // CHECK: sinter.constant dense<> : tensor<0x4xf32>
  %6 = sinter.constant dense<> : tensor<0x4xf32>
  // CHECK: sinter.constant dense<0x7FC00000> : tensor<f32>
  %7 = sinter.constant dense<0x7FC00000> : tensor<f32>
  return
}

// The element type is the value's type.
// CHECK-LABEL: func.func @full
func.func @full() {
  // CHECK: sinter.full {shape = array<i64: 256>, value = 0.000000e+00 : f32} : () -> tensor<256xf32>
  %0 = sinter.full {shape = array<i64: 256>, value = 0.0 : f32} : () -> tensor<256xf32>
  // CHECK: sinter.full {shape = array<i64: 2, 3>, value = -1.500000e+00 : f64} : () -> tensor<2x3xf64>
  %1 = sinter.full {shape = array<i64: 2, 3>, value = -1.5 : f64} : () -> tensor<2x3xf64>
  // CHECK: sinter.full {shape = array<i64: 4>, value = 3 : i64} : () -> tensor<4xi64>
  %2 = sinter.full {shape = array<i64: 4>, value = 3 : i64} : () -> tensor<4xi64>
  // CHECK: sinter.full {shape = array<i64: 4>, value = -3 : i32} : () -> tensor<4xi32>
  %3 = sinter.full {shape = array<i64: 4>, value = -3 : i32} : () -> tensor<4xi32>
  // CHECK: sinter.full {shape = array<i64: 2, 2>, value = true} : () -> tensor<2x2xi1>
  %4 = sinter.full {shape = array<i64: 2, 2>, value = true} : () -> tensor<2x2xi1>
  // CHECK: sinter.full {shape = array<i64>, value = 1.000000e+00 : f32} : () -> tensor<f32>
  %5 = sinter.full {shape = array<i64>, value = 1.0 : f32} : () -> tensor<f32>
  // CHECK: sinter.full {shape = array<i64: 0>, value = 1.000000e+00 : f32} : () -> tensor<0xf32>
  %6 = sinter.full {shape = array<i64: 0>, value = 1.0 : f32} : () -> tensor<0xf32>
  return
}
