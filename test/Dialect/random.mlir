// Round trips of the counter-based random ops.
// RUN: sinter-opt %s | sinter-opt | FileCheck %s
// RUN: sinter-opt %s -mlir-print-op-generic | sinter-opt | FileCheck %s
// Folding and CSE leave valid IR (no fold may break an inferred type).
// RUN: sinter-opt %s -canonicalize -cse -o /dev/null

// CHECK-LABEL: func.func @uniform
func.func @uniform(%seed: tensor<i64>) {
  // CHECK: sinter.uniform %{{.*}} {dtype = f32, high = 3.571400e-02 : f64, low = -3.571400e-02 : f64, shape = array<i64: 256, 784>, stream = 1 : i64} : (tensor<i64>) -> tensor<256x784xf32>
  %0 = sinter.uniform %seed {shape = array<i64: 256, 784>, dtype = f32, low = -3.5714e-02 : f64, high = 3.5714e-02 : f64, stream = 1 : i64} : (tensor<i64>) -> tensor<256x784xf32>
  // low = 0, high = 1 and stream = 0 are the defaults.
  // CHECK: sinter.uniform %{{.*}} {dtype = f64, shape = array<i64: 3>} : (tensor<i64>) -> tensor<3xf64>
  %1 = sinter.uniform %seed {shape = array<i64: 3>, dtype = f64, low = 0.0 : f64, high = 1.0 : f64, stream = 0 : i64} : (tensor<i64>) -> tensor<3xf64>
  // A 0-d and an empty result.
  // CHECK: sinter.uniform %{{.*}} {dtype = f32, shape = array<i64>} : (tensor<i64>) -> tensor<f32>
  %2 = sinter.uniform %seed {shape = array<i64>, dtype = f32} : (tensor<i64>) -> tensor<f32>
  // CHECK: sinter.uniform %{{.*}} {dtype = f32, shape = array<i64: 0, 4>} : (tensor<i64>) -> tensor<0x4xf32>
  %3 = sinter.uniform %seed {shape = array<i64: 0, 4>, dtype = f32} : (tensor<i64>) -> tensor<0x4xf32>
  return
}

// CHECK-LABEL: func.func @normal
func.func @normal(%seed: tensor<i64>) {
  // CHECK: sinter.normal %{{.*}} {dtype = f32, shape = array<i64: 1000, 64>, stream = 2 : i64} : (tensor<i64>) -> tensor<1000x64xf32>
  %0 = sinter.normal %seed {shape = array<i64: 1000, 64>, dtype = f32, stream = 2 : i64} : (tensor<i64>) -> tensor<1000x64xf32>
  // CHECK: sinter.normal %{{.*}} {dtype = f64, mean = 1.000000e+00 : f64, shape = array<i64: 2, 3>, std = 2.000000e-02 : f64} : (tensor<i64>) -> tensor<2x3xf64>
  %1 = sinter.normal %seed {shape = array<i64: 2, 3>, dtype = f64, mean = 1.0 : f64, std = 0.02 : f64} : (tensor<i64>) -> tensor<2x3xf64>
  return
}

// Degenerate but valid distributions: low == high, std == 0.
// CHECK-LABEL: func.func @degenerate
func.func @degenerate(%seed: tensor<i64>) {
  // CHECK: sinter.uniform %{{.*}} {dtype = f32, high = 2.000000e+00 : f64, low = 2.000000e+00 : f64, shape = array<i64: 2>} : (tensor<i64>) -> tensor<2xf32>
  %0 = sinter.uniform %seed {shape = array<i64: 2>, dtype = f32, low = 2.0 : f64, high = 2.0 : f64} : (tensor<i64>) -> tensor<2xf32>
  // CHECK: sinter.normal %{{.*}} {dtype = f32, mean = -3.000000e+00 : f64, shape = array<i64: 2>, std = 0.000000e+00 : f64} : (tensor<i64>) -> tensor<2xf32>
  %1 = sinter.normal %seed {shape = array<i64: 2>, dtype = f32, mean = -3.0 : f64, std = 0.0 : f64} : (tensor<i64>) -> tensor<2xf32>
  return
}
