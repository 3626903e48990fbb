// The walk of --sinter-autodiff itself: the gradient function's signature,
// accumulation over several uses, zero gradients, ops without a gradient on
// the way, the saved activations, and the pass options.
// RUN: sinter-opt %s -split-input-file --sinter-autodiff | FileCheck %s
// RUN: sinter-opt %s -split-input-file --sinter-autodiff -canonicalize -cse -o /dev/null

// x is used three times (twice by one mul, once by exp): the three
// contributions are added up. @forward itself is left as it was.
// CHECK-LABEL: func.func @forward(
// CHECK-NOT:     sinter.saved
// CHECK:         return
// CHECK-LABEL: func.func @forward_grad(
// CHECK-SAME:    %arg0: tensor<3xf64> {sinter.param = "x"}) -> (tensor<f64>, tensor<3xf64> {sinter.grad = "x"})
// CHECK:         %[[SQ:.*]] = sinter.mul %arg0, %arg0 : (tensor<3xf64>, tensor<3xf64>) -> tensor<3xf64>
// CHECK-NEXT:    %[[E:.*]] = sinter.exp %arg0 {sinter.saved}
// CHECK:         %[[G:.*]] = sinter.broadcast_to %{{.*}} {shape = array<i64: 3>}
// CHECK-NEXT:    %[[FROM_EXP:.*]] = sinter.mul %[[G]], %[[E]]
// CHECK-NEXT:    %[[FROM_RHS:.*]] = sinter.mul %[[G]], %arg0
// CHECK-NEXT:    %[[FROM_LHS:.*]] = sinter.mul %[[G]], %arg0
// CHECK-NEXT:    %[[ACC:.*]] = sinter.add %[[FROM_EXP]], %[[FROM_RHS]]
// CHECK-NEXT:    %[[GX:.*]] = sinter.add %[[ACC]], %[[FROM_LHS]]
// CHECK-NEXT:    return %{{.*}}, %[[GX]] : tensor<f64>, tensor<3xf64>
func.func @forward(%x: tensor<3xf64> {sinter.param = "x"}) -> tensor<f64> {
  %sq = sinter.mul %x, %x : (tensor<3xf64>, tensor<3xf64>) -> tensor<3xf64>
  %e = sinter.exp %x : (tensor<3xf64>) -> tensor<3xf64>
  %s = sinter.add %sq, %e : (tensor<3xf64>, tensor<3xf64>) -> tensor<3xf64>
  %l = sinter.sum %s : (tensor<3xf64>) -> tensor<f64>
  return %l : tensor<f64>
}

// -----

// Every forward result stays, then one gradient per parameter in argument
// order; a parameter the loss does not read gets zeros of its shape.
// CHECK-LABEL: func.func @forward_grad(
// CHECK-SAME:    -> (tensor<f64>, tensor<3xf64>, tensor<3xf64> {sinter.grad = "used"}, tensor<2x5xf64> {sinter.grad = "unused"})
// CHECK:         %[[Y:.*]] = sinter.tanh %arg0 {sinter.saved}
// CHECK:         %[[L:.*]] = sinter.sum %[[Y]]
// CHECK:         sinter.sub
// CHECK-NEXT:    %[[GX:.*]] = sinter.mul %{{.*}}, %{{.*}} : (tensor<3xf64>, tensor<3xf64>) -> tensor<3xf64>
// CHECK-DAG:     %[[ZERO:.*]] = sinter.constant dense<0.000000e+00> : tensor<f64>
// CHECK-DAG:     %[[T:.*]] = sinter.constant dense<true> : tensor<i1>
// CHECK:         %[[GU:.*]] = sinter.where %[[T]], %[[ZERO]], %arg1 : (tensor<i1>, tensor<f64>, tensor<2x5xf64>) -> tensor<2x5xf64>
// CHECK-NEXT:    return %[[L]], %[[Y]], %[[GX]], %[[GU]] : tensor<f64>, tensor<3xf64>, tensor<3xf64>, tensor<2x5xf64>
func.func @forward(%x: tensor<3xf64> {sinter.param = "used"}, %u: tensor<2x5xf64> {sinter.param = "unused"}) -> (tensor<f64>, tensor<3xf64>) {
  %e = sinter.tanh %x : (tensor<3xf64>) -> tensor<3xf64>
  %l = sinter.sum %e : (tensor<3xf64>) -> tensor<f64>
  return %l, %e : tensor<f64>, tensor<3xf64>
}

// -----

// A linear classifier on a dynamic batch with an argmax output: argmax has
// no gradient and is not differentiated; the named results keep their
// names; the logits are saved for the cross-entropy and linear rules.
// CHECK-LABEL: func.func @forward_grad(
// CHECK-SAME:    -> (tensor<f64> {sinter.name = "loss"}, tensor<?xi64> {sinter.name = "pred"}, tensor<4x3xf64> {sinter.grad = "fc.weight"})
// CHECK:         %[[H:.*]] = sinter.linear %arg0, %arg1 {sinter.saved} : (tensor<?x3xf64>, tensor<4x3xf64>) -> tensor<?x4xf64>
// CHECK-NEXT:    %[[P:.*]] = sinter.argmax %[[H]] {dim = 1 : i64}
// CHECK-NEXT:    %[[L:.*]] = sinter.cross_entropy %[[H]], %arg2
// CHECK:         %[[SM:.*]] = sinter.softmax %[[H]] {dim = -1 : i64}
// CHECK:         %[[GH:.*]] = sinter.div %{{.*}}, %{{.*}} : (tensor<?x4xf64>, tensor<f64>) -> tensor<?x4xf64>
// CHECK-NEXT:    %[[GHT:.*]] = sinter.transpose %[[GH]] {dim0 = 0 : i64, dim1 = 1 : i64} : (tensor<?x4xf64>) -> tensor<4x?xf64>
// CHECK-NEXT:    %[[GW:.*]] = sinter.matmul %[[GHT]], %arg0 : (tensor<4x?xf64>, tensor<?x3xf64>) -> tensor<4x3xf64>
// CHECK-NEXT:    return %[[L]], %[[P]], %[[GW]]
// CHECK-NOT:     sinter.argmax
func.func @forward(%x: tensor<?x3xf64> {sinter.name = "x"}, %w: tensor<4x3xf64> {sinter.param = "fc.weight"}, %labels: tensor<?xi64> {sinter.name = "labels"}) -> (tensor<f64> {sinter.name = "loss"}, tensor<?xi64> {sinter.name = "pred"}) {
  %h = sinter.linear %x, %w : (tensor<?x3xf64>, tensor<4x3xf64>) -> tensor<?x4xf64>
  %pred = sinter.argmax %h {dim = 1 : i64} : (tensor<?x4xf64>) -> tensor<?xi64>
  %l = sinter.cross_entropy %h, %labels : (tensor<?x4xf64>, tensor<?xi64>) -> tensor<f64>
  return %l, %pred : tensor<f64>, tensor<?xi64>
}

// -----

// linear - relu - linear - cross_entropy: the hidden activation is saved
// (relu's mask and fc2's weight gradient read it), and every parameter's
// gradient comes back in argument order.
// CHECK-LABEL: func.func @forward_grad(
// CHECK-SAME:    -> (tensor<f64>, tensor<5x3xf64> {sinter.grad = "fc1.weight"}, tensor<5xf64> {sinter.grad = "fc1.bias"}, tensor<4x5xf64> {sinter.grad = "fc2.weight"}, tensor<4xf64> {sinter.grad = "fc2.bias"})
// CHECK:         %[[H:.*]] = sinter.linear %arg0, %arg2, %arg3 : (tensor<?x3xf64>, tensor<5x3xf64>, tensor<5xf64>) -> tensor<?x5xf64>
// CHECK-NEXT:    %[[A:.*]] = sinter.relu %[[H]] {sinter.saved}
// CHECK-NEXT:    %[[O:.*]] = sinter.linear %[[A]], %arg4, %arg5 {sinter.saved}
// CHECK-NEXT:    %[[L:.*]] = sinter.cross_entropy %[[O]], %arg1
// CHECK:         %[[G2W:.*]] = sinter.matmul %{{.*}}, %[[A]] : (tensor<4x?xf64>, tensor<?x5xf64>) -> tensor<4x5xf64>
// CHECK:         %[[M:.*]] = sinter.gt %[[A]], %{{.*}}
// CHECK:         %[[G1W:.*]] = sinter.matmul %{{.*}}, %arg0 : (tensor<5x?xf64>, tensor<?x3xf64>) -> tensor<5x3xf64>
// CHECK:         return %[[L]], %[[G1W]], %{{.*}}, %[[G2W]], %{{.*}} : tensor<f64>, tensor<5x3xf64>, tensor<5xf64>, tensor<4x5xf64>, tensor<4xf64>
func.func @forward(%x: tensor<?x3xf64> {sinter.name = "x"}, %labels: tensor<?xi64> {sinter.name = "labels"},
                   %w1: tensor<5x3xf64> {sinter.param = "fc1.weight"}, %b1: tensor<5xf64> {sinter.param = "fc1.bias"},
                   %w2: tensor<4x5xf64> {sinter.param = "fc2.weight"}, %b2: tensor<4xf64> {sinter.param = "fc2.bias"}) -> tensor<f64> {
  %h = sinter.linear %x, %w1, %b1 : (tensor<?x3xf64>, tensor<5x3xf64>, tensor<5xf64>) -> tensor<?x5xf64>
  %a = sinter.relu %h : (tensor<?x5xf64>) -> tensor<?x5xf64>
  %o = sinter.linear %a, %w2, %b2 : (tensor<?x5xf64>, tensor<4x5xf64>, tensor<4xf64>) -> tensor<?x4xf64>
  %l = sinter.cross_entropy %o, %labels : (tensor<?x4xf64>, tensor<?xi64>) -> tensor<f64>
  return %l : tensor<f64>
}
