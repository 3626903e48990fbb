// Round trips of the shape ops: reshape, broadcast_to, squeeze, unsqueeze,
// concat, slice and flatten.
// RUN: sinter-opt %s | sinter-opt | FileCheck %s
// RUN: sinter-opt %s -mlir-print-op-generic | sinter-opt | FileCheck %s
// Folding and CSE leave valid IR (no fold may break an inferred type).
// RUN: sinter-opt %s -canonicalize -cse -o /dev/null

// CHECK-LABEL: func.func @reshape
func.func @reshape(%img: tensor<?x28x28xf32>, %x: tensor<4x6xf64>, %i: tensor<24xi64>, %s: tensor<f32>,
                   %e: tensor<0x3xf32>, %b: tensor<2x3xi1>) {
  // CHECK: sinter.reshape %{{.*}} {shape = array<i64: -1, 784>} : (tensor<?x28x28xf32>) -> tensor<?x784xf32>
  %0 = sinter.reshape %img {shape = array<i64: -1, 784>} : (tensor<?x28x28xf32>) -> tensor<?x784xf32>
  // CHECK: sinter.reshape %{{.*}} {shape = array<i64: 2, 3, 4>} : (tensor<4x6xf64>) -> tensor<2x3x4xf64>
  %1 = sinter.reshape %x {shape = array<i64: 2, 3, 4>} : (tensor<4x6xf64>) -> tensor<2x3x4xf64>
  // CHECK: sinter.reshape %{{.*}} {shape = array<i64: 3, -1>} : (tensor<4x6xf64>) -> tensor<3x8xf64>
  %2 = sinter.reshape %x {shape = array<i64: 3, -1>} : (tensor<4x6xf64>) -> tensor<3x8xf64>
  // CHECK: sinter.reshape %{{.*}} {shape = array<i64: -1>} : (tensor<4x6xf64>) -> tensor<24xf64>
  %3 = sinter.reshape %x {shape = array<i64: -1>} : (tensor<4x6xf64>) -> tensor<24xf64>
  // CHECK: sinter.reshape %{{.*}} {shape = array<i64: 2, 12>} : (tensor<24xi64>) -> tensor<2x12xi64>
  %4 = sinter.reshape %i {shape = array<i64: 2, 12>} : (tensor<24xi64>) -> tensor<2x12xi64>
  // A scalar and a one-element tensor reshape into each other.
  // CHECK: sinter.reshape %{{.*}} {shape = array<i64: 1, 1>} : (tensor<f32>) -> tensor<1x1xf32>
  %5 = sinter.reshape %s {shape = array<i64: 1, 1>} : (tensor<f32>) -> tensor<1x1xf32>
  // CHECK: sinter.reshape %{{.*}} {shape = array<i64>} : (tensor<1x1xf32>) -> tensor<f32>
  %6 = sinter.reshape %5 {shape = array<i64>} : (tensor<1x1xf32>) -> tensor<f32>
  // A dynamic input reshaped to a static shape whose size is a multiple of
  // the input's static part.
  // CHECK: sinter.reshape %{{.*}} {shape = array<i64: 2, 784>} : (tensor<?x28x28xf32>) -> tensor<2x784xf32>
  %7 = sinter.reshape %img {shape = array<i64: 2, 784>} : (tensor<?x28x28xf32>) -> tensor<2x784xf32>
  // Empty tensors.
  // CHECK: sinter.reshape %{{.*}} {shape = array<i64: 3, 0>} : (tensor<0x3xf32>) -> tensor<3x0xf32>
  %8 = sinter.reshape %e {shape = array<i64: 3, 0>} : (tensor<0x3xf32>) -> tensor<3x0xf32>
  // CHECK: sinter.reshape %{{.*}} {shape = array<i64: 6>} : (tensor<2x3xi1>) -> tensor<6xi1>
  %9 = sinter.reshape %b {shape = array<i64: 6>} : (tensor<2x3xi1>) -> tensor<6xi1>
  return
}

// CHECK-LABEL: func.func @broadcast_to
func.func @broadcast_to(%b: tensor<3xf32>, %col: tensor<4x1xi64>, %x: tensor<?x3xf64>, %s: tensor<f32>, %one: tensor<1xf32>) {
  // CHECK: sinter.broadcast_to %{{.*}} {shape = array<i64: 4, 3>} : (tensor<3xf32>) -> tensor<4x3xf32>
  %0 = sinter.broadcast_to %b {shape = array<i64: 4, 3>} : (tensor<3xf32>) -> tensor<4x3xf32>
  // CHECK: sinter.broadcast_to %{{.*}} {shape = array<i64: 2, -1, 5>} : (tensor<4x1xi64>) -> tensor<2x4x5xi64>
  %1 = sinter.broadcast_to %col {shape = array<i64: 2, -1, 5>} : (tensor<4x1xi64>) -> tensor<2x4x5xi64>
  // CHECK: sinter.broadcast_to %{{.*}} {shape = array<i64: -1, 3>} : (tensor<?x3xf64>) -> tensor<?x3xf64>
  %2 = sinter.broadcast_to %x {shape = array<i64: -1, 3>} : (tensor<?x3xf64>) -> tensor<?x3xf64>
  // CHECK: sinter.broadcast_to %{{.*}} {shape = array<i64: 2, 3>} : (tensor<f32>) -> tensor<2x3xf32>
  %3 = sinter.broadcast_to %s {shape = array<i64: 2, 3>} : (tensor<f32>) -> tensor<2x3xf32>
  // Expanding a size-1 dimension to size 0, as Tensor.expand allows.
  // CHECK: sinter.broadcast_to %{{.*}} {shape = array<i64: 0>} : (tensor<1xf32>) -> tensor<0xf32>
  %4 = sinter.broadcast_to %one {shape = array<i64: 0>} : (tensor<1xf32>) -> tensor<0xf32>
  // A dynamic dimension given a static size takes it.
  // CHECK: sinter.broadcast_to %{{.*}} {shape = array<i64: 8, 3>} : (tensor<?x3xf64>) -> tensor<8x3xf64>
  %5 = sinter.broadcast_to %x {shape = array<i64: 8, 3>} : (tensor<?x3xf64>) -> tensor<8x3xf64>
  return
}

// CHECK-LABEL: func.func @squeeze
func.func @squeeze(%x: tensor<4x1x3xf32>, %y: tensor<1x2x1xi64>, %z: tensor<?x1xf64>) {
  // CHECK: sinter.squeeze %{{.*}} {dims = array<i64: 1>} : (tensor<4x1x3xf32>) -> tensor<4x3xf32>
  %0 = sinter.squeeze %x {dims = array<i64: 1>} : (tensor<4x1x3xf32>) -> tensor<4x3xf32>
  // Every size-1 dimension when dims is absent.
  // CHECK: sinter.squeeze %{{.*}} : (tensor<1x2x1xi64>) -> tensor<2xi64>
  %1 = sinter.squeeze %y : (tensor<1x2x1xi64>) -> tensor<2xi64>
  // A listed dimension whose size is not 1 stays, as in PyTorch.
  // CHECK: sinter.squeeze %{{.*}} {dims = array<i64: 0, -1>} : (tensor<4x1x3xf32>) -> tensor<4x1x3xf32>
  %2 = sinter.squeeze %x {dims = array<i64: 0, -1>} : (tensor<4x1x3xf32>) -> tensor<4x1x3xf32>
  // CHECK: sinter.squeeze %{{.*}} {dims = array<i64: -1, 0>} : (tensor<1x2x1xi64>) -> tensor<2xi64>
  %3 = sinter.squeeze %y {dims = array<i64: -1, 0>} : (tensor<1x2x1xi64>) -> tensor<2xi64>
  // A dynamic dimension is never squeezed by the no-dims form.
  // CHECK: sinter.squeeze %{{.*}} : (tensor<?x1xf64>) -> tensor<?xf64>
  %4 = sinter.squeeze %z : (tensor<?x1xf64>) -> tensor<?xf64>
  // CHECK: sinter.squeeze %{{.*}} {dims = array<i64: 1>} : (tensor<?x1xf64>) -> tensor<?xf64>
  %5 = sinter.squeeze %z {dims = array<i64: 1>} : (tensor<?x1xf64>) -> tensor<?xf64>
  return
}

// CHECK-LABEL: func.func @unsqueeze
func.func @unsqueeze(%x: tensor<3xf32>, %y: tensor<?x3xi32>, %s: tensor<f64>) {
  // CHECK: sinter.unsqueeze %{{.*}} {dim = 0 : i64} : (tensor<3xf32>) -> tensor<1x3xf32>
  %0 = sinter.unsqueeze %x {dim = 0 : i64} : (tensor<3xf32>) -> tensor<1x3xf32>
  // CHECK: sinter.unsqueeze %{{.*}} {dim = 1 : i64} : (tensor<3xf32>) -> tensor<3x1xf32>
  %1 = sinter.unsqueeze %x {dim = 1 : i64} : (tensor<3xf32>) -> tensor<3x1xf32>
  // CHECK: sinter.unsqueeze %{{.*}} {dim = -1 : i64} : (tensor<?x3xi32>) -> tensor<?x3x1xi32>
  %2 = sinter.unsqueeze %y {dim = -1 : i64} : (tensor<?x3xi32>) -> tensor<?x3x1xi32>
  // CHECK: sinter.unsqueeze %{{.*}} {dim = -3 : i64} : (tensor<?x3xi32>) -> tensor<1x?x3xi32>
  %3 = sinter.unsqueeze %y {dim = -3 : i64} : (tensor<?x3xi32>) -> tensor<1x?x3xi32>
  // CHECK: sinter.unsqueeze %{{.*}} {dim = 0 : i64} : (tensor<f64>) -> tensor<1xf64>
  %4 = sinter.unsqueeze %s {dim = 0 : i64} : (tensor<f64>) -> tensor<1xf64>
  // CHECK: sinter.unsqueeze %{{.*}} {dim = -1 : i64} : (tensor<f64>) -> tensor<1xf64>
  %5 = sinter.unsqueeze %s {dim = -1 : i64} : (tensor<f64>) -> tensor<1xf64>
  return
}

// CHECK-LABEL: func.func @concat
func.func @concat(%a: tensor<4x2xf32>, %b: tensor<4x3xf32>, %x: tensor<?x3xf64>, %y: tensor<2x3xf64>,
                  %i: tensor<2xi64>, %j: tensor<5xi64>, %d: tensor<?x2xf32>) {
  // CHECK: sinter.concat %{{.*}}, %{{.*}} {dim = 1 : i64} : (tensor<4x2xf32>, tensor<4x3xf32>) -> tensor<4x5xf32>
  %0 = sinter.concat %a, %b {dim = 1 : i64} : (tensor<4x2xf32>, tensor<4x3xf32>) -> tensor<4x5xf32>
  // CHECK: sinter.concat %{{.*}}, %{{.*}}, %{{.*}} {dim = -1 : i64} : (tensor<4x2xf32>, tensor<4x3xf32>, tensor<4x2xf32>) -> tensor<4x7xf32>
  %1 = sinter.concat %a, %b, %a {dim = -1 : i64} : (tensor<4x2xf32>, tensor<4x3xf32>, tensor<4x2xf32>) -> tensor<4x7xf32>
  // Concatenating along a dynamic dimension gives a dynamic one.
  // CHECK: sinter.concat %{{.*}}, %{{.*}} {dim = 0 : i64} : (tensor<?x3xf64>, tensor<2x3xf64>) -> tensor<?x3xf64>
  %2 = sinter.concat %x, %y {dim = 0 : i64} : (tensor<?x3xf64>, tensor<2x3xf64>) -> tensor<?x3xf64>
  // CHECK: sinter.concat %{{.*}}, %{{.*}} {dim = 0 : i64} : (tensor<2xi64>, tensor<5xi64>) -> tensor<7xi64>
  %3 = sinter.concat %i, %j {dim = 0 : i64} : (tensor<2xi64>, tensor<5xi64>) -> tensor<7xi64>
  // A dynamic dimension outside `dim` agrees with a static one.
  // CHECK: sinter.concat %{{.*}}, %{{.*}} {dim = 1 : i64} : (tensor<?x2xf32>, tensor<4x3xf32>) -> tensor<4x5xf32>
  %4 = sinter.concat %d, %b {dim = 1 : i64} : (tensor<?x2xf32>, tensor<4x3xf32>) -> tensor<4x5xf32>
  // CHECK: sinter.concat %{{.*}} {dim = 0 : i64} : (tensor<2xi64>) -> tensor<2xi64>
  %5 = sinter.concat %i {dim = 0 : i64} : (tensor<2xi64>) -> tensor<2xi64>
  return
}

// CHECK-LABEL: func.func @slice
func.func @slice(%x: tensor<4x6xf32>, %y: tensor<?x10xi64>, %z: tensor<?x3xf64>) {
  // CHECK: sinter.slice %{{.*}} {dim = 1 : i64, end = 5 : i64, start = 1 : i64, step = 2 : i64} : (tensor<4x6xf32>) -> tensor<4x2xf32>
  %0 = sinter.slice %x {dim = 1 : i64, start = 1 : i64, end = 5 : i64, step = 2 : i64} : (tensor<4x6xf32>) -> tensor<4x2xf32>
  // end defaults to the end of the dimension.
  // CHECK: sinter.slice %{{.*}} {dim = 0 : i64, start = 1 : i64} : (tensor<4x6xf32>) -> tensor<3x6xf32>
  %1 = sinter.slice %x {dim = 0 : i64, start = 1 : i64} : (tensor<4x6xf32>) -> tensor<3x6xf32>
  // Negative start/end count from the end; out-of-range bounds clamp.
  // CHECK: sinter.slice %{{.*}} {dim = -1 : i64, end = -1 : i64, start = -3 : i64} : (tensor<4x6xf32>) -> tensor<4x2xf32>
  %2 = sinter.slice %x {dim = -1 : i64, start = -3 : i64, end = -1 : i64} : (tensor<4x6xf32>) -> tensor<4x2xf32>
  // CHECK: sinter.slice %{{.*}} {dim = 1 : i64, end = 100 : i64, start = -100 : i64} : (tensor<4x6xf32>) -> tensor<4x6xf32>
  %3 = sinter.slice %x {dim = 1 : i64, start = -100 : i64, end = 100 : i64} : (tensor<4x6xf32>) -> tensor<4x6xf32>
  // An empty range gives size 0.
  // CHECK: sinter.slice %{{.*}} {dim = 1 : i64, end = 2 : i64, start = 4 : i64} : (tensor<4x6xf32>) -> tensor<4x0xf32>
  %4 = sinter.slice %x {dim = 1 : i64, start = 4 : i64, end = 2 : i64} : (tensor<4x6xf32>) -> tensor<4x0xf32>
  // ceil((end - start) / step), also with a step larger than the range.
  // CHECK: sinter.slice %{{.*}} {dim = 1 : i64, step = 4 : i64} : (tensor<4x6xf32>) -> tensor<4x2xf32>
  %5 = sinter.slice %x {dim = 1 : i64, step = 4 : i64} : (tensor<4x6xf32>) -> tensor<4x2xf32>
  // CHECK: sinter.slice %{{.*}} {dim = 1 : i64, step = 9223372036854775807 : i64} : (tensor<4x6xf32>) -> tensor<4x1xf32>
  %6 = sinter.slice %x {dim = 1 : i64, step = 9223372036854775807 : i64} : (tensor<4x6xf32>) -> tensor<4x1xf32>
  // CHECK: sinter.slice %{{.*}} {dim = 1 : i64, end = 9 : i64, start = 2 : i64, step = 3 : i64} : (tensor<?x10xi64>) -> tensor<?x3xi64>
  %7 = sinter.slice %y {dim = 1 : i64, start = 2 : i64, end = 9 : i64, step = 3 : i64} : (tensor<?x10xi64>) -> tensor<?x3xi64>
  // Slicing the dynamic dimension keeps it dynamic.
  // CHECK: sinter.slice %{{.*}} {dim = 0 : i64, end = 2 : i64} : (tensor<?x3xf64>) -> tensor<?x3xf64>
  %8 = sinter.slice %z {dim = 0 : i64, end = 2 : i64} : (tensor<?x3xf64>) -> tensor<?x3xf64>
  // CHECK: sinter.slice %{{.*}} {dim = 1 : i64, end = -9223372036854775808 : i64, start = -9223372036854775808 : i64} : (tensor<4x6xf32>) -> tensor<4x0xf32>
  %9 = sinter.slice %x {dim = 1 : i64, start = -9223372036854775808 : i64, end = -9223372036854775808 : i64} : (tensor<4x6xf32>) -> tensor<4x0xf32>
  return
}

// CHECK-LABEL: func.func @flatten
func.func @flatten(%img: tensor<?x28x28xf32>, %x: tensor<2x3x4x5xi64>, %s: tensor<f64>) {
  // CHECK: sinter.flatten %{{.*}} {start_dim = 1 : i64} : (tensor<?x28x28xf32>) -> tensor<?x784xf32>
  %0 = sinter.flatten %img {start_dim = 1 : i64} : (tensor<?x28x28xf32>) -> tensor<?x784xf32>
  // torch.flatten's defaults: everything.
  // CHECK: sinter.flatten %{{.*}} : (tensor<2x3x4x5xi64>) -> tensor<120xi64>
  %1 = sinter.flatten %x : (tensor<2x3x4x5xi64>) -> tensor<120xi64>
  // CHECK: sinter.flatten %{{.*}} : (tensor<?x28x28xf32>) -> tensor<?xf32>
  %2 = sinter.flatten %img : (tensor<?x28x28xf32>) -> tensor<?xf32>
  // CHECK: sinter.flatten %{{.*}} {end_dim = -2 : i64, start_dim = 1 : i64} : (tensor<2x3x4x5xi64>) -> tensor<2x12x5xi64>
  %3 = sinter.flatten %x {start_dim = 1 : i64, end_dim = -2 : i64} : (tensor<2x3x4x5xi64>) -> tensor<2x12x5xi64>
  // CHECK: sinter.flatten %{{.*}} {end_dim = 2 : i64, start_dim = 2 : i64} : (tensor<2x3x4x5xi64>) -> tensor<2x3x4x5xi64>
  %4 = sinter.flatten %x {start_dim = 2 : i64, end_dim = 2 : i64} : (tensor<2x3x4x5xi64>) -> tensor<2x3x4x5xi64>
  // A 0-d tensor flattens to one element, as torch.flatten.
  // CHECK: sinter.flatten %{{.*}} : (tensor<f64>) -> tensor<1xf64>
  %5 = sinter.flatten %s : (tensor<f64>) -> tensor<1xf64>
  return
}
