// The backward IR of softmax, log_softmax, matmul, linear, transpose and
// permute. %[[G]] is the incoming gradient.
// RUN: sinter-opt %s -split-input-file --sinter-autodiff | FileCheck %s
// RUN: sinter-opt %s -split-input-file --sinter-autodiff -canonicalize -cse -o /dev/null

// softmax: y * (g - sum(g * y, dim, keepdim)), y saved.
// CHECK-LABEL: func.func @forward_grad(
// CHECK-SAME:    -> (tensor<f64>, tensor<3x4xf64> {sinter.grad = "x"})
// CHECK:         %[[Y:.*]] = sinter.softmax %arg0 {dim = 1 : i64, sinter.saved}
// CHECK:         sinter.broadcast_to
// CHECK-NEXT:    %[[G:.*]] = sinter.mul %{{.*}}, %arg1 : (tensor<3x4xf64>, tensor<3x4xf64>) -> tensor<3x4xf64>
// CHECK-NEXT:    %[[GY:.*]] = sinter.mul %[[G]], %[[Y]]
// CHECK-NEXT:    %[[DOT:.*]] = sinter.sum %[[GY]] {dims = array<i64: 1>, keepdim = true} : (tensor<3x4xf64>) -> tensor<3x1xf64>
// CHECK-NEXT:    %[[D:.*]] = sinter.sub %[[G]], %[[DOT]] : (tensor<3x4xf64>, tensor<3x1xf64>) -> tensor<3x4xf64>
// CHECK-NEXT:    %[[GX:.*]] = sinter.mul %[[Y]], %[[D]]
// CHECK-NEXT:    return %{{.*}}, %[[GX]]
func.func @forward(%x: tensor<3x4xf64> {sinter.param = "x"}, %r: tensor<3x4xf64> {sinter.name = "r"}) -> tensor<f64> {
  %y = sinter.softmax %x {dim = 1 : i64} : (tensor<3x4xf64>) -> tensor<3x4xf64>
  %m = sinter.mul %y, %r : (tensor<3x4xf64>, tensor<3x4xf64>) -> tensor<3x4xf64>
  %l = sinter.sum %m : (tensor<3x4xf64>) -> tensor<f64>
  return %l : tensor<f64>
}

// -----

// log_softmax: g - exp(y) * sum(g, dim, keepdim); the dim stays as written.
// CHECK-LABEL: func.func @forward_grad(
// CHECK:         %[[Y:.*]] = sinter.log_softmax %arg0 {dim = -1 : i64, sinter.saved}
// CHECK:         sinter.broadcast_to
// CHECK-NEXT:    %[[G:.*]] = sinter.mul %{{.*}}, %arg1
// CHECK-NEXT:    %[[S:.*]] = sinter.sum %[[G]] {dims = array<i64: -1>, keepdim = true} : (tensor<3x4xf64>) -> tensor<3x1xf64>
// CHECK-NEXT:    %[[P:.*]] = sinter.exp %[[Y]]
// CHECK-NEXT:    %[[PS:.*]] = sinter.mul %[[P]], %[[S]]
// CHECK-NEXT:    %[[GX:.*]] = sinter.sub %[[G]], %[[PS]]
// CHECK-NEXT:    return %{{.*}}, %[[GX]]
func.func @forward(%x: tensor<3x4xf64> {sinter.param = "x"}, %r: tensor<3x4xf64> {sinter.name = "r"}) -> tensor<f64> {
  %y = sinter.log_softmax %x {dim = -1 : i64} : (tensor<3x4xf64>) -> tensor<3x4xf64>
  %m = sinter.mul %y, %r : (tensor<3x4xf64>, tensor<3x4xf64>) -> tensor<3x4xf64>
  %l = sinter.sum %m : (tensor<3x4xf64>) -> tensor<f64>
  return %l : tensor<f64>
}

// -----

// matmul 2-D: dA = g·Bᵀ, dB = Aᵀ·g; the operands themselves are read.
// CHECK-LABEL: func.func @forward_grad(
// CHECK-SAME:    -> (tensor<f64>, tensor<3x5xf64> {sinter.grad = "a"}, tensor<5x7xf64> {sinter.grad = "b"})
// CHECK:         %[[G:.*]] = sinter.broadcast_to %{{.*}} {shape = array<i64: 3, 7>}
// CHECK-NEXT:    %[[BT:.*]] = sinter.transpose %arg1 {dim0 = 0 : i64, dim1 = 1 : i64} : (tensor<5x7xf64>) -> tensor<7x5xf64>
// CHECK-NEXT:    %[[GA:.*]] = sinter.matmul %[[G]], %[[BT]] : (tensor<3x7xf64>, tensor<7x5xf64>) -> tensor<3x5xf64>
// CHECK-NEXT:    %[[AT:.*]] = sinter.transpose %arg0 {dim0 = 0 : i64, dim1 = 1 : i64} : (tensor<3x5xf64>) -> tensor<5x3xf64>
// CHECK-NEXT:    %[[GB:.*]] = sinter.matmul %[[AT]], %[[G]] : (tensor<5x3xf64>, tensor<3x7xf64>) -> tensor<5x7xf64>
// CHECK-NEXT:    return %{{.*}}, %[[GA]], %[[GB]]
func.func @forward(%a: tensor<3x5xf64> {sinter.param = "a"}, %b: tensor<5x7xf64> {sinter.param = "b"}) -> tensor<f64> {
  %y = sinter.matmul %a, %b : (tensor<3x5xf64>, tensor<5x7xf64>) -> tensor<3x7xf64>
  %l = sinter.sum %y : (tensor<3x7xf64>) -> tensor<f64>
  return %l : tensor<f64>
}

// -----

// matmul of a batch with a 2-D rhs: the rhs gradient is summed over the
// batch.
// CHECK-LABEL: func.func @forward_grad(
// CHECK:         %[[G:.*]] = sinter.broadcast_to %{{.*}} {shape = array<i64: 2, 3, 5>}
// CHECK-NEXT:    %[[BT:.*]] = sinter.transpose %arg1 {dim0 = 0 : i64, dim1 = 1 : i64}
// CHECK-NEXT:    %[[GA:.*]] = sinter.matmul %[[G]], %[[BT]] : (tensor<2x3x5xf64>, tensor<5x4xf64>) -> tensor<2x3x4xf64>
// CHECK-NEXT:    %[[AT:.*]] = sinter.transpose %arg0 {dim0 = 1 : i64, dim1 = 2 : i64} : (tensor<2x3x4xf64>) -> tensor<2x4x3xf64>
// CHECK-NEXT:    %[[P:.*]] = sinter.matmul %[[AT]], %[[G]] : (tensor<2x4x3xf64>, tensor<2x3x5xf64>) -> tensor<2x4x5xf64>
// CHECK-NEXT:    %[[S:.*]] = sinter.sum %[[P]] {dims = array<i64: 0>, keepdim = true} : (tensor<2x4x5xf64>) -> tensor<1x4x5xf64>
// CHECK-NEXT:    %[[GB:.*]] = sinter.squeeze %[[S]] {dims = array<i64: 0>} : (tensor<1x4x5xf64>) -> tensor<4x5xf64>
// CHECK-NEXT:    return %{{.*}}, %[[GA]], %[[GB]] : tensor<f64>, tensor<2x3x4xf64>, tensor<4x5xf64>
func.func @forward(%a: tensor<2x3x4xf64> {sinter.param = "a"}, %b: tensor<4x5xf64> {sinter.param = "b"}) -> tensor<f64> {
  %y = sinter.matmul %a, %b : (tensor<2x3x4xf64>, tensor<4x5xf64>) -> tensor<2x3x5xf64>
  %l = sinter.sum %y : (tensor<2x3x5xf64>) -> tensor<f64>
  return %l : tensor<f64>
}

// -----

// linear on a dynamic batch with bias: dW = gᵀ·x, db = sum(g, 0); x is a
// data input, so no dx. The seed takes the batch size from the saved
// result at run time.
// CHECK-LABEL: func.func @forward_grad(
// CHECK-SAME:    -> (tensor<f64>, tensor<5x3xf64> {sinter.grad = "w"}, tensor<5xf64> {sinter.grad = "b"})
// CHECK:         %[[Y:.*]] = sinter.linear %arg0, %arg1, %arg2 {sinter.saved} : (tensor<?x3xf64>, tensor<5x3xf64>, tensor<5xf64>) -> tensor<?x5xf64>
// CHECK:         %[[Z:.*]] = sinter.where %{{.*}}, %{{.*}}, %[[Y]] : (tensor<i1>, tensor<f64>, tensor<?x5xf64>) -> tensor<?x5xf64>
// CHECK-NEXT:    %[[G:.*]] = sinter.add %[[Z]], %{{.*}} : (tensor<?x5xf64>, tensor<1x1xf64>) -> tensor<?x5xf64>
// CHECK-NOT:     sinter.linear
// CHECK:         %[[GT:.*]] = sinter.transpose %[[G]] {dim0 = 0 : i64, dim1 = 1 : i64} : (tensor<?x5xf64>) -> tensor<5x?xf64>
// CHECK-NEXT:    %[[GW:.*]] = sinter.matmul %[[GT]], %arg0 : (tensor<5x?xf64>, tensor<?x3xf64>) -> tensor<5x3xf64>
// CHECK-NEXT:    %[[GB:.*]] = sinter.sum %[[G]] {dims = array<i64: 0>} : (tensor<?x5xf64>) -> tensor<5xf64>
// CHECK-NEXT:    return %{{.*}}, %[[GW]], %[[GB]]
func.func @forward(%x: tensor<?x3xf64> {sinter.name = "x"}, %w: tensor<5x3xf64> {sinter.param = "w"}, %b: tensor<5xf64> {sinter.param = "b"}) -> tensor<f64> {
  %y = sinter.linear %x, %w, %b : (tensor<?x3xf64>, tensor<5x3xf64>, tensor<5xf64>) -> tensor<?x5xf64>
  %l = sinter.sum %y : (tensor<?x5xf64>) -> tensor<f64>
  return %l : tensor<f64>
}

// -----

// linear on a 3-D input without bias: dx = linear(g, Wᵀ); dW over the
// flattened rows.
// CHECK-LABEL: func.func @forward_grad(
// CHECK-SAME:    -> (tensor<f64>, tensor<2x4x3xf64> {sinter.grad = "x"}, tensor<5x3xf64> {sinter.grad = "w"})
// CHECK:         %[[G:.*]] = sinter.broadcast_to %{{.*}} {shape = array<i64: 2, 4, 5>}
// CHECK-NEXT:    %[[WT:.*]] = sinter.transpose %arg1 {dim0 = 0 : i64, dim1 = 1 : i64} : (tensor<5x3xf64>) -> tensor<3x5xf64>
// CHECK-NEXT:    %[[GX:.*]] = sinter.linear %[[G]], %[[WT]] : (tensor<2x4x5xf64>, tensor<3x5xf64>) -> tensor<2x4x3xf64>
// CHECK-NEXT:    %[[GR:.*]] = sinter.flatten %[[G]] {end_dim = 1 : i64} : (tensor<2x4x5xf64>) -> tensor<8x5xf64>
// CHECK-NEXT:    %[[XR:.*]] = sinter.flatten %arg0 {end_dim = 1 : i64} : (tensor<2x4x3xf64>) -> tensor<8x3xf64>
// CHECK-NEXT:    %[[GRT:.*]] = sinter.transpose %[[GR]] {dim0 = 0 : i64, dim1 = 1 : i64} : (tensor<8x5xf64>) -> tensor<5x8xf64>
// CHECK-NEXT:    %[[GW:.*]] = sinter.matmul %[[GRT]], %[[XR]] : (tensor<5x8xf64>, tensor<8x3xf64>) -> tensor<5x3xf64>
// CHECK-NEXT:    return %{{.*}}, %[[GX]], %[[GW]]
func.func @forward(%x: tensor<2x4x3xf64> {sinter.param = "x"}, %w: tensor<5x3xf64> {sinter.param = "w"}) -> tensor<f64> {
  %y = sinter.linear %x, %w : (tensor<2x4x3xf64>, tensor<5x3xf64>) -> tensor<2x4x5xf64>
  %l = sinter.sum %y : (tensor<2x4x5xf64>) -> tensor<f64>
  return %l : tensor<f64>
}

// -----

// transpose: the same swap.
// CHECK-LABEL: func.func @forward_grad(
// CHECK:         %[[G:.*]] = sinter.broadcast_to %{{.*}} {shape = array<i64: 4, 3, 2>}
// CHECK-NEXT:    %[[GX:.*]] = sinter.transpose %[[G]] {dim0 = 0 : i64, dim1 = 2 : i64} : (tensor<4x3x2xf64>) -> tensor<2x3x4xf64>
// CHECK-NEXT:    return %{{.*}}, %[[GX]]
func.func @forward(%x: tensor<2x3x4xf64> {sinter.param = "x"}) -> tensor<f64> {
  %y = sinter.transpose %x {dim0 = 0 : i64, dim1 = 2 : i64} : (tensor<2x3x4xf64>) -> tensor<4x3x2xf64>
  %l = sinter.sum %y : (tensor<4x3x2xf64>) -> tensor<f64>
  return %l : tensor<f64>
}

// -----

// permute: the inverse permutation.
// CHECK-LABEL: func.func @forward_grad(
// CHECK:         %[[G:.*]] = sinter.broadcast_to %{{.*}} {shape = array<i64: 4, 2, 3>}
// CHECK-NEXT:    %[[GX:.*]] = sinter.permute %[[G]] {dims = array<i64: 1, 2, 0>} : (tensor<4x2x3xf64>) -> tensor<2x3x4xf64>
// CHECK-NEXT:    return %{{.*}}, %[[GX]]
func.func @forward(%x: tensor<2x3x4xf64> {sinter.param = "x"}) -> tensor<f64> {
  %y = sinter.permute %x {dims = array<i64: 2, 0, 1>} : (tensor<2x3x4xf64>) -> tensor<4x2x3xf64>
  %l = sinter.sum %y : (tensor<4x2x3xf64>) -> tensor<f64>
  return %l : tensor<f64>
}
