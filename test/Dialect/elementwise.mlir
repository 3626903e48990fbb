// Round trips of the broadcasting elementwise binary ops and sinter.where,
// in the custom form and through the generic form.
// RUN: sinter-opt %s | sinter-opt | FileCheck %s
// RUN: sinter-opt %s -mlir-print-op-generic | sinter-opt | FileCheck %s
// Folding and CSE leave valid IR (no fold may break an inferred type).
// RUN: sinter-opt %s -canonicalize -cse -o /dev/null

// CHECK-LABEL: func.func @arith_same_shape
func.func @arith_same_shape(%a: tensor<2x3xf32>, %b: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // CHECK: sinter.add %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %0 = sinter.add %a, %b : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: sinter.sub %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %1 = sinter.sub %0, %b : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: sinter.mul %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %2 = sinter.mul %1, %b : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: sinter.div %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %3 = sinter.div %2, %b : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: sinter.maximum %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %4 = sinter.maximum %3, %b : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: sinter.minimum %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %5 = sinter.minimum %4, %b : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %5 : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @arith_f64
func.func @arith_f64(%a: tensor<4xf64>, %b: tensor<4xf64>) -> tensor<4xf64> {
  // CHECK: sinter.add %{{.*}}, %{{.*}} : (tensor<4xf64>, tensor<4xf64>) -> tensor<4xf64>
  %0 = sinter.add %a, %b : (tensor<4xf64>, tensor<4xf64>) -> tensor<4xf64>
  // CHECK: sinter.sub %{{.*}}, %{{.*}} : (tensor<4xf64>, tensor<4xf64>) -> tensor<4xf64>
  %1 = sinter.sub %0, %b : (tensor<4xf64>, tensor<4xf64>) -> tensor<4xf64>
  // CHECK: sinter.mul %{{.*}}, %{{.*}} : (tensor<4xf64>, tensor<4xf64>) -> tensor<4xf64>
  %2 = sinter.mul %1, %b : (tensor<4xf64>, tensor<4xf64>) -> tensor<4xf64>
  // CHECK: sinter.div %{{.*}}, %{{.*}} : (tensor<4xf64>, tensor<4xf64>) -> tensor<4xf64>
  %3 = sinter.div %2, %b : (tensor<4xf64>, tensor<4xf64>) -> tensor<4xf64>
  // CHECK: sinter.maximum %{{.*}}, %{{.*}} : (tensor<4xf64>, tensor<4xf64>) -> tensor<4xf64>
  %4 = sinter.maximum %3, %b : (tensor<4xf64>, tensor<4xf64>) -> tensor<4xf64>
  // CHECK: sinter.minimum %{{.*}}, %{{.*}} : (tensor<4xf64>, tensor<4xf64>) -> tensor<4xf64>
  %5 = sinter.minimum %4, %b : (tensor<4xf64>, tensor<4xf64>) -> tensor<4xf64>
  return %5 : tensor<4xf64>
}

// Integer tensors: every arithmetic op except div (true division, floats
// only) takes i64 and i32.
// CHECK-LABEL: func.func @arith_integers
func.func @arith_integers(%a: tensor<5xi64>, %b: tensor<5xi64>, %c: tensor<2x2xi32>) -> (tensor<5xi64>, tensor<2x2xi32>) {
  // CHECK: sinter.add %{{.*}}, %{{.*}} : (tensor<5xi64>, tensor<5xi64>) -> tensor<5xi64>
  %0 = sinter.add %a, %b : (tensor<5xi64>, tensor<5xi64>) -> tensor<5xi64>
  // CHECK: sinter.sub %{{.*}}, %{{.*}} : (tensor<5xi64>, tensor<5xi64>) -> tensor<5xi64>
  %1 = sinter.sub %0, %b : (tensor<5xi64>, tensor<5xi64>) -> tensor<5xi64>
  // CHECK: sinter.mul %{{.*}}, %{{.*}} : (tensor<5xi64>, tensor<5xi64>) -> tensor<5xi64>
  %2 = sinter.mul %1, %b : (tensor<5xi64>, tensor<5xi64>) -> tensor<5xi64>
  // CHECK: sinter.maximum %{{.*}}, %{{.*}} : (tensor<5xi64>, tensor<5xi64>) -> tensor<5xi64>
  %3 = sinter.maximum %2, %b : (tensor<5xi64>, tensor<5xi64>) -> tensor<5xi64>
  // CHECK: sinter.minimum %{{.*}}, %{{.*}} : (tensor<5xi64>, tensor<5xi64>) -> tensor<5xi64>
  %4 = sinter.minimum %3, %b : (tensor<5xi64>, tensor<5xi64>) -> tensor<5xi64>
  // CHECK: sinter.add %{{.*}}, %{{.*}} : (tensor<2x2xi32>, tensor<2x2xi32>) -> tensor<2x2xi32>
  %5 = sinter.add %c, %c : (tensor<2x2xi32>, tensor<2x2xi32>) -> tensor<2x2xi32>
  // CHECK: sinter.mul %{{.*}}, %{{.*}} : (tensor<2x2xi32>, tensor<2x2xi32>) -> tensor<2x2xi32>
  %6 = sinter.mul %5, %c : (tensor<2x2xi32>, tensor<2x2xi32>) -> tensor<2x2xi32>
  return %4, %6 : tensor<5xi64>, tensor<2x2xi32>
}

// Broadcasting as PyTorch: dimensions aligned from the right, size 1
// stretches, missing leading dimensions act as 1, a 0-d tensor is a scalar.
// CHECK-LABEL: func.func @broadcasting
func.func @broadcasting(%x: tensor<?x3xf32>, %b: tensor<3xf32>, %s: tensor<f32>,
                        %col: tensor<4x1xf32>, %row: tensor<1x5xf32>,
                        %t: tensor<2x1x3xf32>, %u: tensor<4x1xf32>,
                        %one: tensor<1x3xf32>) {
  // CHECK: sinter.add %{{.*}}, %{{.*}} : (tensor<?x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  %0 = sinter.add %x, %b : (tensor<?x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  // CHECK: sinter.sub %{{.*}}, %{{.*}} : (tensor<3xf32>, tensor<?x3xf32>) -> tensor<?x3xf32>
  %1 = sinter.sub %b, %x : (tensor<3xf32>, tensor<?x3xf32>) -> tensor<?x3xf32>
  // CHECK: sinter.mul %{{.*}}, %{{.*}} : (tensor<?x3xf32>, tensor<f32>) -> tensor<?x3xf32>
  %2 = sinter.mul %x, %s : (tensor<?x3xf32>, tensor<f32>) -> tensor<?x3xf32>
  // CHECK: sinter.div %{{.*}}, %{{.*}} : (tensor<f32>, tensor<?x3xf32>) -> tensor<?x3xf32>
  %3 = sinter.div %s, %x : (tensor<f32>, tensor<?x3xf32>) -> tensor<?x3xf32>
  // CHECK: sinter.add %{{.*}}, %{{.*}} : (tensor<4x1xf32>, tensor<1x5xf32>) -> tensor<4x5xf32>
  %4 = sinter.add %col, %row : (tensor<4x1xf32>, tensor<1x5xf32>) -> tensor<4x5xf32>
  // CHECK: sinter.maximum %{{.*}}, %{{.*}} : (tensor<2x1x3xf32>, tensor<4x1xf32>) -> tensor<2x4x3xf32>
  %5 = sinter.maximum %t, %u : (tensor<2x1x3xf32>, tensor<4x1xf32>) -> tensor<2x4x3xf32>
  // CHECK: sinter.minimum %{{.*}}, %{{.*}} : (tensor<f32>, tensor<f32>) -> tensor<f32>
  %6 = sinter.minimum %s, %s : (tensor<f32>, tensor<f32>) -> tensor<f32>
  // A dynamic dimension against a size-1 one stays dynamic.
  // CHECK: sinter.add %{{.*}}, %{{.*}} : (tensor<?x3xf32>, tensor<1x3xf32>) -> tensor<?x3xf32>
  %7 = sinter.add %x, %one : (tensor<?x3xf32>, tensor<1x3xf32>) -> tensor<?x3xf32>
  return
}

// A dynamic dimension meeting a static one of the same position takes the
// static size (the two must agree at run time).
// CHECK-LABEL: func.func @dynamic_meets_static
func.func @dynamic_meets_static(%x: tensor<?x3xf32>, %y: tensor<8x3xf32>, %z: tensor<?x3xf32>) {
  // CHECK: sinter.add %{{.*}}, %{{.*}} : (tensor<?x3xf32>, tensor<8x3xf32>) -> tensor<8x3xf32>
  %0 = sinter.add %x, %y : (tensor<?x3xf32>, tensor<8x3xf32>) -> tensor<8x3xf32>
  // CHECK: sinter.mul %{{.*}}, %{{.*}} : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<?x3xf32>
  %1 = sinter.mul %x, %z : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<?x3xf32>
  return
}

// Comparisons give i1 tensors.
// CHECK-LABEL: func.func @compare
func.func @compare(%x: tensor<?x3xf32>, %zero: tensor<f32>, %i: tensor<4xi64>, %j: tensor<4xi64>,
                   %k: tensor<2xi32>, %d: tensor<3xf64>) {
  // CHECK: sinter.gt %{{.*}}, %{{.*}} : (tensor<?x3xf32>, tensor<f32>) -> tensor<?x3xi1>
  %0 = sinter.gt %x, %zero : (tensor<?x3xf32>, tensor<f32>) -> tensor<?x3xi1>
  // CHECK: sinter.ge %{{.*}}, %{{.*}} : (tensor<?x3xf32>, tensor<f32>) -> tensor<?x3xi1>
  %1 = sinter.ge %x, %zero : (tensor<?x3xf32>, tensor<f32>) -> tensor<?x3xi1>
  // CHECK: sinter.lt %{{.*}}, %{{.*}} : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi1>
  %2 = sinter.lt %i, %j : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi1>
  // CHECK: sinter.le %{{.*}}, %{{.*}} : (tensor<2xi32>, tensor<2xi32>) -> tensor<2xi1>
  %3 = sinter.le %k, %k : (tensor<2xi32>, tensor<2xi32>) -> tensor<2xi1>
  // CHECK: sinter.eq %{{.*}}, %{{.*}} : (tensor<3xf64>, tensor<3xf64>) -> tensor<3xi1>
  %4 = sinter.eq %d, %d : (tensor<3xf64>, tensor<3xf64>) -> tensor<3xi1>
  // CHECK: sinter.eq %{{.*}}, %{{.*}} : (tensor<4xi64>, tensor<1xi64>) -> tensor<4xi1>
  %j1 = sinter.slice %j {dim = 0 : i64, end = 1 : i64} : (tensor<4xi64>) -> tensor<1xi64>
  %5 = sinter.eq %i, %j1 : (tensor<4xi64>, tensor<1xi64>) -> tensor<4xi1>
  return
}

// sinter.where: the three operands broadcast together; self and other share
// the element type, which may be any element type including i1.
// CHECK-LABEL: func.func @where
func.func @where(%m: tensor<?x3xi1>, %x: tensor<?x3xf32>, %zero: tensor<f32>,
                 %c: tensor<i1>, %a: tensor<2x3xi64>, %b: tensor<3xi64>,
                 %p: tensor<4xi1>, %q: tensor<4xi1>, %mc: tensor<4x1xi1>,
                 %d: tensor<5xf64>, %e: tensor<1xf64>) {
  // CHECK: sinter.where %{{.*}}, %{{.*}}, %{{.*}} : (tensor<?x3xi1>, tensor<?x3xf32>, tensor<f32>) -> tensor<?x3xf32>
  %0 = sinter.where %m, %x, %zero : (tensor<?x3xi1>, tensor<?x3xf32>, tensor<f32>) -> tensor<?x3xf32>
  // CHECK: sinter.where %{{.*}}, %{{.*}}, %{{.*}} : (tensor<i1>, tensor<2x3xi64>, tensor<3xi64>) -> tensor<2x3xi64>
  %1 = sinter.where %c, %a, %b : (tensor<i1>, tensor<2x3xi64>, tensor<3xi64>) -> tensor<2x3xi64>
  // CHECK: sinter.where %{{.*}}, %{{.*}}, %{{.*}} : (tensor<4xi1>, tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  %2 = sinter.where %p, %q, %p : (tensor<4xi1>, tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  // The condition alone can widen the result.
  // CHECK: sinter.where %{{.*}}, %{{.*}}, %{{.*}} : (tensor<4x1xi1>, tensor<5xf64>, tensor<1xf64>) -> tensor<4x5xf64>
  %3 = sinter.where %mc, %d, %e : (tensor<4x1xi1>, tensor<5xf64>, tensor<1xf64>) -> tensor<4x5xf64>
  return
}
