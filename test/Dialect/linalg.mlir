// Round trips of matmul, linear, transpose and permute.
// RUN: sinter-opt %s | sinter-opt | FileCheck %s
// RUN: sinter-opt %s -mlir-print-op-generic | sinter-opt | FileCheck %s
// Folding and CSE leave valid IR (no fold may break an inferred type).
// RUN: sinter-opt %s -canonicalize -cse -o /dev/null

// CHECK-LABEL: func.func @matmul
func.func @matmul(%a: tensor<8x784xf32>, %b: tensor<784x256xf32>, %x: tensor<?x784xf32>,
                  %c: tensor<3x4xf64>, %d: tensor<4x5xf64>) {
  // CHECK: sinter.matmul %{{.*}}, %{{.*}} : (tensor<8x784xf32>, tensor<784x256xf32>) -> tensor<8x256xf32>
  %0 = sinter.matmul %a, %b : (tensor<8x784xf32>, tensor<784x256xf32>) -> tensor<8x256xf32>
  // CHECK: sinter.matmul %{{.*}}, %{{.*}} : (tensor<?x784xf32>, tensor<784x256xf32>) -> tensor<?x256xf32>
  %1 = sinter.matmul %x, %b : (tensor<?x784xf32>, tensor<784x256xf32>) -> tensor<?x256xf32>
  // CHECK: sinter.matmul %{{.*}}, %{{.*}} : (tensor<3x4xf64>, tensor<4x5xf64>) -> tensor<3x5xf64>
  %2 = sinter.matmul %c, %d : (tensor<3x4xf64>, tensor<4x5xf64>) -> tensor<3x5xf64>
  return
}

// Batched: the batch dimensions broadcast; a rank-2 operand broadcasts
// against a batch.
// CHECK-LABEL: func.func @batched_matmul
func.func @batched_matmul(%a: tensor<10x3x4xf32>, %b: tensor<10x4x5xf32>, %w: tensor<4x5xf32>,
                          %p: tensor<2x1x3x4xf32>, %q: tensor<7x4x5xf32>,
                          %x: tensor<?x3x4xf32>, %y: tensor<1x4x6xf32>) {
  // CHECK: sinter.matmul %{{.*}}, %{{.*}} : (tensor<10x3x4xf32>, tensor<10x4x5xf32>) -> tensor<10x3x5xf32>
  %0 = sinter.matmul %a, %b : (tensor<10x3x4xf32>, tensor<10x4x5xf32>) -> tensor<10x3x5xf32>
  // CHECK: sinter.matmul %{{.*}}, %{{.*}} : (tensor<10x3x4xf32>, tensor<4x5xf32>) -> tensor<10x3x5xf32>
  %1 = sinter.matmul %a, %w : (tensor<10x3x4xf32>, tensor<4x5xf32>) -> tensor<10x3x5xf32>
  // CHECK: sinter.matmul %{{.*}}, %{{.*}} : (tensor<2x1x3x4xf32>, tensor<7x4x5xf32>) -> tensor<2x7x3x5xf32>
  %2 = sinter.matmul %p, %q : (tensor<2x1x3x4xf32>, tensor<7x4x5xf32>) -> tensor<2x7x3x5xf32>
  // CHECK: sinter.matmul %{{.*}}, %{{.*}} : (tensor<?x3x4xf32>, tensor<1x4x6xf32>) -> tensor<?x3x6xf32>
  %3 = sinter.matmul %x, %y : (tensor<?x3x4xf32>, tensor<1x4x6xf32>) -> tensor<?x3x6xf32>
  return
}

// A dynamic contracting dimension agrees with a static one.
// CHECK-LABEL: func.func @matmul_dynamic_contracting
func.func @matmul_dynamic_contracting(%a: tensor<3x?xf32>, %b: tensor<4x5xf32>, %c: tensor<?x5xf32>) {
  // CHECK: sinter.matmul %{{.*}}, %{{.*}} : (tensor<3x?xf32>, tensor<4x5xf32>) -> tensor<3x5xf32>
  %0 = sinter.matmul %a, %b : (tensor<3x?xf32>, tensor<4x5xf32>) -> tensor<3x5xf32>
  // CHECK: sinter.matmul %{{.*}}, %{{.*}} : (tensor<3x?xf32>, tensor<?x5xf32>) -> tensor<3x5xf32>
  %1 = sinter.matmul %a, %c : (tensor<3x?xf32>, tensor<?x5xf32>) -> tensor<3x5xf32>
  return
}

// CHECK-LABEL: func.func @linear
func.func @linear(%x: tensor<?x784xf32>, %w: tensor<256x784xf32>, %b: tensor<256xf32>,
                  %v: tensor<784xf32>, %s: tensor<2x5x784xf32>,
                  %xd: tensor<4x3xf64>, %wd: tensor<2x3xf64>, %bd: tensor<2xf64>) {
  // CHECK: sinter.linear %{{.*}}, %{{.*}}, %{{.*}} : (tensor<?x784xf32>, tensor<256x784xf32>, tensor<256xf32>) -> tensor<?x256xf32>
  %0 = sinter.linear %x, %w, %b : (tensor<?x784xf32>, tensor<256x784xf32>, tensor<256xf32>) -> tensor<?x256xf32>
  // CHECK: sinter.linear %{{.*}}, %{{.*}} : (tensor<?x784xf32>, tensor<256x784xf32>) -> tensor<?x256xf32>
  %1 = sinter.linear %x, %w : (tensor<?x784xf32>, tensor<256x784xf32>) -> tensor<?x256xf32>
  // A 1-D input (one sample) and a 3-D input (extra leading dims).
  // CHECK: sinter.linear %{{.*}}, %{{.*}}, %{{.*}} : (tensor<784xf32>, tensor<256x784xf32>, tensor<256xf32>) -> tensor<256xf32>
  %2 = sinter.linear %v, %w, %b : (tensor<784xf32>, tensor<256x784xf32>, tensor<256xf32>) -> tensor<256xf32>
  // CHECK: sinter.linear %{{.*}}, %{{.*}} : (tensor<2x5x784xf32>, tensor<256x784xf32>) -> tensor<2x5x256xf32>
  %3 = sinter.linear %s, %w : (tensor<2x5x784xf32>, tensor<256x784xf32>) -> tensor<2x5x256xf32>
  // CHECK: sinter.linear %{{.*}}, %{{.*}}, %{{.*}} : (tensor<4x3xf64>, tensor<2x3xf64>, tensor<2xf64>) -> tensor<4x2xf64>
  %4 = sinter.linear %xd, %wd, %bd : (tensor<4x3xf64>, tensor<2x3xf64>, tensor<2xf64>) -> tensor<4x2xf64>
  return
}

// CHECK-LABEL: func.func @transpose
func.func @transpose(%w: tensor<256x784xf32>, %x: tensor<?x3x4xf64>, %i: tensor<2x3xi64>) {
  // CHECK: sinter.transpose %{{.*}} {dim0 = 0 : i64, dim1 = 1 : i64} : (tensor<256x784xf32>) -> tensor<784x256xf32>
  %0 = sinter.transpose %w {dim0 = 0 : i64, dim1 = 1 : i64} : (tensor<256x784xf32>) -> tensor<784x256xf32>
  // CHECK: sinter.transpose %{{.*}} {dim0 = -1 : i64, dim1 = -2 : i64} : (tensor<?x3x4xf64>) -> tensor<?x4x3xf64>
  %1 = sinter.transpose %x {dim0 = -1 : i64, dim1 = -2 : i64} : (tensor<?x3x4xf64>) -> tensor<?x4x3xf64>
  // CHECK: sinter.transpose %{{.*}} {dim0 = 0 : i64, dim1 = 2 : i64} : (tensor<?x3x4xf64>) -> tensor<4x3x?xf64>
  %2 = sinter.transpose %x {dim0 = 0 : i64, dim1 = 2 : i64} : (tensor<?x3x4xf64>) -> tensor<4x3x?xf64>
  // CHECK: sinter.transpose %{{.*}} {dim0 = 1 : i64, dim1 = 0 : i64} : (tensor<2x3xi64>) -> tensor<3x2xi64>
  %3 = sinter.transpose %i {dim0 = 1 : i64, dim1 = 0 : i64} : (tensor<2x3xi64>) -> tensor<3x2xi64>
  // CHECK: sinter.transpose %{{.*}} {dim0 = 1 : i64, dim1 = 1 : i64} : (tensor<2x3xi64>) -> tensor<2x3xi64>
  %4 = sinter.transpose %i {dim0 = 1 : i64, dim1 = 1 : i64} : (tensor<2x3xi64>) -> tensor<2x3xi64>
  return
}

// CHECK-LABEL: func.func @permute
func.func @permute(%x: tensor<2x3x4xf32>, %y: tensor<?x3x4xi1>) {
  // CHECK: sinter.permute %{{.*}} {dims = array<i64: 2, 0, 1>} : (tensor<2x3x4xf32>) -> tensor<4x2x3xf32>
  %0 = sinter.permute %x {dims = array<i64: 2, 0, 1>} : (tensor<2x3x4xf32>) -> tensor<4x2x3xf32>
  // CHECK: sinter.permute %{{.*}} {dims = array<i64: -1, 0, -2>} : (tensor<?x3x4xi1>) -> tensor<4x?x3xi1>
  %1 = sinter.permute %y {dims = array<i64: -1, 0, -2>} : (tensor<?x3x4xi1>) -> tensor<4x?x3xi1>
  // CHECK: sinter.permute %{{.*}} {dims = array<i64: 0, 1, 2>} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %2 = sinter.permute %x {dims = array<i64: 0, 1, 2>} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  return
}

// CHECK-LABEL: func.func @permute_scalar
func.func @permute_scalar(%s: tensor<f64>) {
  // CHECK: sinter.permute %{{.*}} {dims = array<i64>} : (tensor<f64>) -> tensor<f64>
  %0 = sinter.permute %s {dims = array<i64>} : (tensor<f64>) -> tensor<f64>
  return
}
