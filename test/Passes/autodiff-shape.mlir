// The backward IR of the shape ops: reshape, flatten, squeeze, unsqueeze,
// broadcast_to, concat and slice. %[[G]] is the incoming gradient.
// RUN: sinter-opt %s -split-input-file --sinter-autodiff | FileCheck %s
// RUN: sinter-opt %s -split-input-file --sinter-autodiff -canonicalize -cse -o /dev/null

// reshape (with -1): back to the input's shape.
// CHECK-LABEL: func.func @forward_grad(
// CHECK:         %[[G:.*]] = sinter.broadcast_to %{{.*}} {shape = array<i64: 4, 6>}
// CHECK-NEXT:    %[[GX:.*]] = sinter.reshape %[[G]] {shape = array<i64: 2, 3, 4>} : (tensor<4x6xf64>) -> tensor<2x3x4xf64>
// CHECK-NEXT:    return %{{.*}}, %[[GX]]
func.func @forward(%x: tensor<2x3x4xf64> {sinter.param = "x"}) -> tensor<f64> {
  %y = sinter.reshape %x {shape = array<i64: -1, 6>} : (tensor<2x3x4xf64>) -> tensor<4x6xf64>
  %l = sinter.sum %y : (tensor<4x6xf64>) -> tensor<f64>
  return %l : tensor<f64>
}

// -----

// flatten of a dynamic batch: a reshape whose dynamic dimension is -1.
// CHECK-LABEL: func.func @forward_grad(
// CHECK-SAME:    -> (tensor<f64>, tensor<?x3x4xf64> {sinter.grad = "x"})
// CHECK:         %[[G:.*]] = sinter.add %{{.*}}, %{{.*}} : (tensor<?x12xf64>, tensor<1x1xf64>) -> tensor<?x12xf64>
// CHECK-NEXT:    %[[GX:.*]] = sinter.reshape %[[G]] {shape = array<i64: -1, 3, 4>} : (tensor<?x12xf64>) -> tensor<?x3x4xf64>
// CHECK-NEXT:    return %{{.*}}, %[[GX]]
func.func @forward(%x: tensor<?x3x4xf64> {sinter.param = "x"}) -> tensor<f64> {
  %y = sinter.flatten %x {start_dim = 1 : i64} : (tensor<?x3x4xf64>) -> tensor<?x12xf64>
  %l = sinter.sum %y : (tensor<?x12xf64>) -> tensor<f64>
  return %l : tensor<f64>
}

// -----

// squeeze of every size-1 dimension: unsqueezed back in increasing order.
// CHECK-LABEL: func.func @forward_grad(
// CHECK:         %[[G:.*]] = sinter.broadcast_to %{{.*}} {shape = array<i64: 4, 3>}
// CHECK-NEXT:    %[[U:.*]] = sinter.unsqueeze %[[G]] {dim = 1 : i64} : (tensor<4x3xf64>) -> tensor<4x1x3xf64>
// CHECK-NEXT:    %[[GX:.*]] = sinter.unsqueeze %[[U]] {dim = 3 : i64} : (tensor<4x1x3xf64>) -> tensor<4x1x3x1xf64>
// CHECK-NEXT:    return %{{.*}}, %[[GX]]
func.func @forward(%x: tensor<4x1x3x1xf64> {sinter.param = "x"}) -> tensor<f64> {
  %y = sinter.squeeze %x : (tensor<4x1x3x1xf64>) -> tensor<4x3xf64>
  %l = sinter.sum %y : (tensor<4x3xf64>) -> tensor<f64>
  return %l : tensor<f64>
}

// -----

// unsqueeze at -1: squeeze of the (normalized) inserted dimension.
// CHECK-LABEL: func.func @forward_grad(
// CHECK:         %[[G:.*]] = sinter.broadcast_to %{{.*}} : (tensor<1x1x1xf64>) -> tensor<2x3x1xf64>
// CHECK-NEXT:    %[[GX:.*]] = sinter.squeeze %[[G]] {dims = array<i64: 2>} : (tensor<2x3x1xf64>) -> tensor<2x3xf64>
// CHECK-NEXT:    return %{{.*}}, %[[GX]]
func.func @forward(%x: tensor<2x3xf64> {sinter.param = "x"}) -> tensor<f64> {
  %y = sinter.unsqueeze %x {dim = -1 : i64} : (tensor<2x3xf64>) -> tensor<2x3x1xf64>
  %l = sinter.sum %y : (tensor<2x3x1xf64>) -> tensor<f64>
  return %l : tensor<f64>
}

// -----

// broadcast_to: summed over the stretched dimensions, the new leading one
// squeezed away.
// CHECK-LABEL: func.func @forward_grad(
// CHECK:         %[[G:.*]] = sinter.broadcast_to %{{.*}} {shape = array<i64: 2, 4, 5>} : (tensor<1x1x1xf64>)
// CHECK-NEXT:    %[[S:.*]] = sinter.sum %[[G]] {dims = array<i64: 0, 2>, keepdim = true} : (tensor<2x4x5xf64>) -> tensor<1x4x1xf64>
// CHECK-NEXT:    %[[GX:.*]] = sinter.squeeze %[[S]] {dims = array<i64: 0>} : (tensor<1x4x1xf64>) -> tensor<4x1xf64>
// CHECK-NEXT:    return %{{.*}}, %[[GX]]
func.func @forward(%x: tensor<4x1xf64> {sinter.param = "x"}) -> tensor<f64> {
  %y = sinter.broadcast_to %x {shape = array<i64: 2, -1, 5>} : (tensor<4x1xf64>) -> tensor<2x4x5xf64>
  %l = sinter.sum %y : (tensor<2x4x5xf64>) -> tensor<f64>
  return %l : tensor<f64>
}

// -----

// concat of three: one slice of the gradient per input.
// CHECK-LABEL: func.func @forward_grad(
// CHECK-SAME:    -> (tensor<f64>, tensor<2x1xf64> {sinter.grad = "a"}, tensor<2x3xf64> {sinter.grad = "b"}, tensor<2x2xf64> {sinter.grad = "c"})
// CHECK:         %[[G:.*]] = sinter.broadcast_to %{{.*}} {shape = array<i64: 2, 6>}
// CHECK-NEXT:    %[[GA:.*]] = sinter.slice %[[G]] {dim = 1 : i64, end = 1 : i64} : (tensor<2x6xf64>) -> tensor<2x1xf64>
// CHECK-NEXT:    %[[GB:.*]] = sinter.slice %[[G]] {dim = 1 : i64, end = 4 : i64, start = 1 : i64} : (tensor<2x6xf64>) -> tensor<2x3xf64>
// CHECK-NEXT:    %[[GC:.*]] = sinter.slice %[[G]] {dim = 1 : i64, end = 6 : i64, start = 4 : i64} : (tensor<2x6xf64>) -> tensor<2x2xf64>
// CHECK-NEXT:    return %{{.*}}, %[[GA]], %[[GB]], %[[GC]]
func.func @forward(%a: tensor<2x1xf64> {sinter.param = "a"}, %b: tensor<2x3xf64> {sinter.param = "b"}, %c: tensor<2x2xf64> {sinter.param = "c"}) -> tensor<f64> {
  %y = sinter.concat %a, %b, %c {dim = 1 : i64} : (tensor<2x1xf64>, tensor<2x3xf64>, tensor<2x2xf64>) -> tensor<2x6xf64>
  %l = sinter.sum %y : (tensor<2x6xf64>) -> tensor<f64>
  return %l : tensor<f64>
}

// -----

// slice 1:5 of 7: zeros shaped like x[:, 0:1] and x[:, 5:7] around g.
// CHECK-LABEL: func.func @forward_grad(
// CHECK:         %[[G:.*]] = sinter.broadcast_to %{{.*}} {shape = array<i64: 3, 4>}
// CHECK:         %[[BEFORE:.*]] = sinter.slice %arg0 {dim = 1 : i64, end = 1 : i64} : (tensor<3x7xf64>) -> tensor<3x1xf64>
// CHECK:         %[[Z1:.*]] = sinter.where %{{.*}}, %{{.*}}, %[[BEFORE]] : (tensor<i1>, tensor<f64>, tensor<3x1xf64>) -> tensor<3x1xf64>
// CHECK:         %[[AFTER:.*]] = sinter.slice %arg0 {dim = 1 : i64, end = 7 : i64, start = 5 : i64} : (tensor<3x7xf64>) -> tensor<3x2xf64>
// CHECK:         %[[Z2:.*]] = sinter.where %{{.*}}, %{{.*}}, %[[AFTER]] : (tensor<i1>, tensor<f64>, tensor<3x2xf64>) -> tensor<3x2xf64>
// CHECK-NEXT:    %[[GX:.*]] = sinter.concat %[[Z1]], %[[G]], %[[Z2]] {dim = 1 : i64} : (tensor<3x1xf64>, tensor<3x4xf64>, tensor<3x2xf64>) -> tensor<3x7xf64>
// CHECK-NEXT:    return %{{.*}}, %[[GX]]
func.func @forward(%x: tensor<3x7xf64> {sinter.param = "x"}) -> tensor<f64> {
  %y = sinter.slice %x {dim = 1 : i64, start = 1 : i64, end = 5 : i64} : (tensor<3x7xf64>) -> tensor<3x4xf64>
  %l = sinter.sum %y : (tensor<3x4xf64>) -> tensor<f64>
  return %l : tensor<f64>
}

// -----

// slice 1:6:2 of 7: g interleaved with zeros ([3, 3] -> [3, 3, 2] ->
// [3, 6]), then one zero column in front.
// CHECK-LABEL: func.func @forward_grad(
// CHECK:         %[[G:.*]] = sinter.broadcast_to %{{.*}} {shape = array<i64: 3, 3>}
// CHECK-NEXT:    %[[COL:.*]] = sinter.unsqueeze %[[G]] {dim = 2 : i64} : (tensor<3x3xf64>) -> tensor<3x3x1xf64>
// CHECK:         %[[Z:.*]] = sinter.where %{{.*}}, %{{.*}}, %[[COL]] : (tensor<i1>, tensor<f64>, tensor<3x3x1xf64>) -> tensor<3x3x1xf64>
// CHECK-NEXT:    %[[PAIRS:.*]] = sinter.concat %[[COL]], %[[Z]] {dim = 2 : i64} : (tensor<3x3x1xf64>, tensor<3x3x1xf64>) -> tensor<3x3x2xf64>
// CHECK-NEXT:    %[[SPREAD:.*]] = sinter.flatten %[[PAIRS]] {end_dim = 2 : i64, start_dim = 1 : i64} : (tensor<3x3x2xf64>) -> tensor<3x6xf64>
// CHECK-NEXT:    %[[BEFORE:.*]] = sinter.slice %arg0 {dim = 1 : i64, end = 1 : i64} : (tensor<3x7xf64>) -> tensor<3x1xf64>
// CHECK:         %[[Z1:.*]] = sinter.where %{{.*}}, %{{.*}}, %[[BEFORE]]
// CHECK-NEXT:    %[[GX:.*]] = sinter.concat %[[Z1]], %[[SPREAD]] {dim = 1 : i64} : (tensor<3x1xf64>, tensor<3x6xf64>) -> tensor<3x7xf64>
// CHECK-NEXT:    return %{{.*}}, %[[GX]]
func.func @forward(%x: tensor<3x7xf64> {sinter.param = "x"}) -> tensor<f64> {
  %y = sinter.slice %x {dim = 1 : i64, start = 1 : i64, end = 6 : i64, step = 2 : i64} : (tensor<3x7xf64>) -> tensor<3x3xf64>
  %l = sinter.sum %y : (tensor<3x3xf64>) -> tensor<f64>
  return %l : tensor<f64>
}

// -----

// slice 0::3 of 8 (rows 0, 3, 6): g and two zero blocks interleaved
// ([3, 3, 2] -> [9, 2]), cut to the 8 rows of x.
// CHECK-LABEL: func.func @forward_grad(
// CHECK:         %[[G:.*]] = sinter.broadcast_to %{{.*}} {shape = array<i64: 3, 2>}
// CHECK-NEXT:    %[[ROW:.*]] = sinter.unsqueeze %[[G]] {dim = 1 : i64} : (tensor<3x2xf64>) -> tensor<3x1x2xf64>
// CHECK:         %[[Z:.*]] = sinter.where %{{.*}}, %{{.*}}, %[[ROW]]
// CHECK-NEXT:    %[[C:.*]] = sinter.concat %[[ROW]], %[[Z]], %[[Z]] {dim = 1 : i64} : (tensor<3x1x2xf64>, tensor<3x1x2xf64>, tensor<3x1x2xf64>) -> tensor<3x3x2xf64>
// CHECK-NEXT:    %[[SPREAD:.*]] = sinter.flatten %[[C]] {end_dim = 1 : i64} : (tensor<3x3x2xf64>) -> tensor<9x2xf64>
// CHECK-NEXT:    %[[CUT:.*]] = sinter.slice %[[SPREAD]] {dim = 0 : i64, end = 8 : i64} : (tensor<9x2xf64>) -> tensor<8x2xf64>
// CHECK-NEXT:    return %{{.*}}, %[[CUT]]
func.func @forward(%x: tensor<8x2xf64> {sinter.param = "x"}) -> tensor<f64> {
  %y = sinter.slice %x {dim = 0 : i64, start = 0 : i64, step = 3 : i64} : (tensor<8x2xf64>) -> tensor<3x2xf64>
  %l = sinter.sum %y : (tensor<3x2xf64>) -> tensor<f64>
  return %l : tensor<f64>
}
