// The backward IR of embedding and dropout.
// RUN: sinter-opt %s -split-input-file --sinter-autodiff | FileCheck %s
// RUN: sinter-opt %s -split-input-file --sinter-autodiff -canonicalize -cse -o /dev/null

// embedding with 2-D indices: g's rows scatter-added into the table
// (embedding_dense_backward, so that duplicate indices accumulate); the
// indices get no gradient.
// CHECK-LABEL: func.func @forward_grad(
// CHECK-SAME:    -> (tensor<f64>, tensor<10x4xf64> {sinter.grad = "w"})
// CHECK:         %[[G:.*]] = sinter.broadcast_to %{{.*}} {shape = array<i64: 2, 3, 4>}
// CHECK-NEXT:    %[[GW:.*]] = sinter.embedding_dense_backward %[[G]], %arg0 {num_weights = 10 : i64} : (tensor<2x3x4xf64>, tensor<2x3xi64>) -> tensor<10x4xf64>
// CHECK-NEXT:    return %{{.*}}, %[[GW]]
func.func @forward(%idx: tensor<2x3xi64> {sinter.name = "idx"}, %w: tensor<10x4xf64> {sinter.param = "w"}) -> tensor<f64> {
  %y = sinter.embedding %idx, %w : (tensor<2x3xi64>, tensor<10x4xf64>) -> tensor<2x3x4xf64>
  %l = sinter.sum %y : (tensor<2x3x4xf64>) -> tensor<f64>
  return %l : tensor<f64>
}

// -----

// dropout: the same seed, p and stream redraw the same mask over g; nothing
// is saved, and the seed gets no gradient.
// CHECK-LABEL: func.func @forward_grad(
// CHECK-SAME:    -> (tensor<f64>, tensor<4x3xf64> {sinter.grad = "x"})
// CHECK:         sinter.dropout %arg0, %arg1 {p = 3.000000e-01 : f64, stream = 2 : i64} : (tensor<4x3xf64>, tensor<i64>) -> tensor<4x3xf64>
// CHECK:         %[[G:.*]] = sinter.broadcast_to %{{.*}} {shape = array<i64: 4, 3>}
// CHECK-NEXT:    %[[GX:.*]] = sinter.dropout %[[G]], %arg1 {p = 3.000000e-01 : f64, stream = 2 : i64} : (tensor<4x3xf64>, tensor<i64>) -> tensor<4x3xf64>
// CHECK-NEXT:    return %{{.*}}, %[[GX]]
func.func @forward(%x: tensor<4x3xf64> {sinter.param = "x"}, %seed: tensor<i64> {sinter.rng}) -> tensor<f64> {
  %y = sinter.dropout %x, %seed {p = 3.000000e-01 : f64, stream = 2 : i64} : (tensor<4x3xf64>, tensor<i64>) -> tensor<4x3xf64>
  %l = sinter.sum %y : (tensor<4x3xf64>) -> tensor<f64>
  return %l : tensor<f64>
}

// -----

// embedding_dense_backward is linear in grad: its gradient gathers the rows
// back (double backward).
// CHECK-LABEL: func.func @forward_grad(
// CHECK-SAME:    -> (tensor<f64>, tensor<2x3x4xf64> {sinter.grad = "g"})
// CHECK:         %[[GG:.*]] = sinter.embedding %arg0, %{{.*}} : (tensor<2x3xi64>, tensor<10x4xf64>) -> tensor<2x3x4xf64>
// CHECK-NEXT:    return %{{.*}}, %[[GG]]
func.func @forward(%idx: tensor<2x3xi64> {sinter.name = "idx"}, %g: tensor<2x3x4xf64> {sinter.param = "g"}) -> tensor<f64> {
  %t = sinter.embedding_dense_backward %g, %idx {num_weights = 10 : i64} : (tensor<2x3x4xf64>, tensor<2x3xi64>) -> tensor<10x4xf64>
  %l = sinter.sum %t : (tensor<10x4xf64>) -> tensor<f64>
  return %l : tensor<f64>
}
