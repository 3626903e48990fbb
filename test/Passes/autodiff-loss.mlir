// The backward IR of the loss ops, with each reduction.
// Targets that are parameters get gradients too (soft targets).
// RUN: sinter-opt %s -split-input-file --sinter-autodiff | FileCheck %s
// RUN: sinter-opt %s -split-input-file --sinter-autodiff -canonicalize -cse -o /dev/null

// mse_loss, mean: 2 (x - t) g / 12; the target's gradient is its negation.
// CHECK-LABEL: func.func @forward_grad(
// CHECK-SAME:    -> (tensor<f64>, tensor<4x3xf64> {sinter.grad = "x"}, tensor<4x3xf64> {sinter.grad = "t"})
// CHECK:         %[[L:.*]] = sinter.mse_loss %arg0, %arg1 : (tensor<4x3xf64>, tensor<4x3xf64>) -> tensor<f64>
// CHECK-NEXT:    %[[G:.*]] = sinter.constant dense<1.000000e+00> : tensor<f64>
// CHECK-NEXT:    %[[D:.*]] = sinter.sub %arg0, %arg1
// CHECK-NEXT:    %[[TWO:.*]] = sinter.constant dense<2.000000e+00> : tensor<f64>
// CHECK-NEXT:    %[[D2:.*]] = sinter.mul %[[D]], %[[TWO]]
// CHECK-NEXT:    %[[DG:.*]] = sinter.mul %[[D2]], %[[G]]
// CHECK-NEXT:    %[[N:.*]] = sinter.constant dense<1.200000e+01> : tensor<f64>
// CHECK-NEXT:    %[[GX:.*]] = sinter.div %[[DG]], %[[N]]
// CHECK-NEXT:    %[[GT:.*]] = sinter.neg %[[GX]]
// CHECK-NEXT:    return %[[L]], %[[GX]], %[[GT]]
func.func @forward(%x: tensor<4x3xf64> {sinter.param = "x"}, %t: tensor<4x3xf64> {sinter.param = "t"}) -> tensor<f64> {
  %l = sinter.mse_loss %x, %t : (tensor<4x3xf64>, tensor<4x3xf64>) -> tensor<f64>
  return %l : tensor<f64>
}

// -----

// mse_loss, none: the per-element gradient times g, no division.
// CHECK-LABEL: func.func @forward_grad(
// CHECK:         sinter.broadcast_to
// CHECK-NEXT:    %[[G:.*]] = sinter.mul %{{.*}}, %arg2 : (tensor<4x3xf64>, tensor<4x3xf64>) -> tensor<4x3xf64>
// CHECK-NEXT:    %[[D:.*]] = sinter.sub %arg0, %arg1
// CHECK-NEXT:    %[[TWO:.*]] = sinter.constant dense<2.000000e+00> : tensor<f64>
// CHECK-NEXT:    %[[D2:.*]] = sinter.mul %[[D]], %[[TWO]]
// CHECK-NEXT:    %[[GX:.*]] = sinter.mul %[[D2]], %[[G]] : (tensor<4x3xf64>, tensor<4x3xf64>) -> tensor<4x3xf64>
// CHECK-NEXT:    %[[GT:.*]] = sinter.neg %[[GX]]
// CHECK-NEXT:    return %{{.*}}, %[[GX]], %[[GT]]
func.func @forward(%x: tensor<4x3xf64> {sinter.param = "x"}, %t: tensor<4x3xf64> {sinter.param = "t"}, %r: tensor<4x3xf64> {sinter.name = "r"}) -> tensor<f64> {
  %y = sinter.mse_loss %x, %t {reduction = #sinter.reduction<none>} : (tensor<4x3xf64>, tensor<4x3xf64>) -> tensor<4x3xf64>
  %m = sinter.mul %y, %r : (tensor<4x3xf64>, tensor<4x3xf64>) -> tensor<4x3xf64>
  %l = sinter.sum %m : (tensor<4x3xf64>) -> tensor<f64>
  return %l : tensor<f64>
}

// -----

// binary_cross_entropy, sum: d/dp = (p - t) / max((1 - p) p, 1e-12);
// d/dt = log(1 - p) - log(p) = -logit(p), unclamped, as in PyTorch.
// CHECK-LABEL: func.func @forward_grad(
// CHECK-SAME:    -> (tensor<f64>, tensor<4x1xf64> {sinter.grad = "p"}, tensor<4x1xf64> {sinter.grad = "t"})
// CHECK:         %[[G:.*]] = sinter.constant dense<1.000000e+00> : tensor<f64>
// CHECK-NEXT:    %[[ONE:.*]] = sinter.constant dense<1.000000e+00> : tensor<f64>
// CHECK-NEXT:    %[[Q:.*]] = sinter.sub %[[ONE]], %arg0
// CHECK-NEXT:    %[[PQ:.*]] = sinter.mul %[[Q]], %arg0
// CHECK-NEXT:    %[[EPS:.*]] = sinter.constant dense<9.9999999999999998E-13> : tensor<f64>
// CHECK-NEXT:    %[[DEN:.*]] = sinter.maximum %[[PQ]], %[[EPS]]
// CHECK-NEXT:    %[[NUM:.*]] = sinter.sub %arg0, %arg1
// CHECK-NEXT:    %[[R:.*]] = sinter.div %[[NUM]], %[[DEN]]
// CHECK-NEXT:    %[[GP:.*]] = sinter.mul %[[R]], %[[G]]
// CHECK-NEXT:    %[[Q2:.*]] = sinter.sub %[[ONE]], %arg0
// CHECK-NEXT:    %[[LQ:.*]] = sinter.log %[[Q2]]
// CHECK-NEXT:    %[[LP:.*]] = sinter.log %arg0
// CHECK-NEXT:    %[[DT:.*]] = sinter.sub %[[LQ]], %[[LP]]
// CHECK-NEXT:    %[[GT:.*]] = sinter.mul %[[DT]], %[[G]]
// CHECK-NEXT:    return %{{.*}}, %[[GP]], %[[GT]] : tensor<f64>, tensor<4x1xf64>, tensor<4x1xf64>
func.func @forward(%p: tensor<4x1xf64> {sinter.param = "p"}, %t: tensor<4x1xf64> {sinter.param = "t"}) -> tensor<f64> {
  %l = sinter.binary_cross_entropy %p, %t {reduction = #sinter.reduction<sum>} : (tensor<4x1xf64>, tensor<4x1xf64>) -> tensor<f64>
  return %l : tensor<f64>
}

// -----

// binary_cross_entropy_with_logits, none: (sigmoid(x) - t) g and -x g.
// CHECK-LABEL: func.func @forward_grad(
// CHECK-SAME:    -> (tensor<f64>, tensor<4x3xf64> {sinter.grad = "x"}, tensor<4x3xf64> {sinter.grad = "t"})
// CHECK:         sinter.broadcast_to
// CHECK-NEXT:    %[[G:.*]] = sinter.mul %{{.*}}, %arg2 : (tensor<4x3xf64>, tensor<4x3xf64>) -> tensor<4x3xf64>
// CHECK-NEXT:    %[[S:.*]] = sinter.sigmoid %arg0
// CHECK-NEXT:    %[[D:.*]] = sinter.sub %[[S]], %arg1
// CHECK-NEXT:    %[[GX:.*]] = sinter.mul %[[D]], %[[G]]
// CHECK-NEXT:    %[[NX:.*]] = sinter.neg %arg0
// CHECK-NEXT:    %[[GT:.*]] = sinter.mul %[[NX]], %[[G]]
// CHECK-NEXT:    return %{{.*}}, %[[GX]], %[[GT]]
func.func @forward(%x: tensor<4x3xf64> {sinter.param = "x"}, %t: tensor<4x3xf64> {sinter.param = "t"}, %r: tensor<4x3xf64> {sinter.name = "r"}) -> tensor<f64> {
  %y = sinter.binary_cross_entropy_with_logits %x, %t {reduction = #sinter.reduction<none>} : (tensor<4x3xf64>, tensor<4x3xf64>) -> tensor<4x3xf64>
  %m = sinter.mul %y, %r : (tensor<4x3xf64>, tensor<4x3xf64>) -> tensor<4x3xf64>
  %l = sinter.sum %m : (tensor<4x3xf64>) -> tensor<f64>
  return %l : tensor<f64>
}

// -----

// cross_entropy, mean, dynamic batch: (softmax(x) - one_hot(t)) g / N with
// N counted from the targets at run time; integer targets get no gradient.
// CHECK-LABEL: func.func @forward_grad(
// CHECK-SAME:    -> (tensor<f64>, tensor<?x10xf64> {sinter.grad = "x"})
// CHECK:         %[[G:.*]] = sinter.constant dense<1.000000e+00> : tensor<f64>
// CHECK-NEXT:    %[[OH:.*]] = sinter.one_hot %arg1 {num_classes = 10 : i64} : (tensor<?xi64>) -> tensor<?x10xi64>
// CHECK-NEXT:    %[[OHF:.*]] = sinter.cast %[[OH]] {dtype = f64}
// CHECK-NEXT:    %[[SM:.*]] = sinter.softmax %arg0 {dim = -1 : i64}
// CHECK-NEXT:    %[[D:.*]] = sinter.sub %[[SM]], %[[OHF]]
// CHECK-NEXT:    %[[DG:.*]] = sinter.mul %[[D]], %[[G]]
// CHECK:         %[[TF:.*]] = sinter.cast %arg1 {dtype = f64} : (tensor<?xi64>) -> tensor<?xf64>
// CHECK-NEXT:    %[[ONES:.*]] = sinter.where %{{.*}}, %{{.*}}, %[[TF]]
// CHECK-NEXT:    %[[N:.*]] = sinter.sum %[[ONES]] : (tensor<?xf64>) -> tensor<f64>
// CHECK-NEXT:    %[[GX:.*]] = sinter.div %[[DG]], %[[N]]
// CHECK-NEXT:    return %{{.*}}, %[[GX]] : tensor<f64>, tensor<?x10xf64>
func.func @forward(%x: tensor<?x10xf64> {sinter.param = "x"}, %t: tensor<?xi64> {sinter.name = "u"}) -> tensor<f64> {
  %l = sinter.cross_entropy %x, %t : (tensor<?x10xf64>, tensor<?xi64>) -> tensor<f64>
  return %l : tensor<f64>
}

// -----

// nll_loss, none, i32 targets: -one_hot(t) times the per-sample gradient
// lined up as [N, 1].
// CHECK-LABEL: func.func @forward_grad(
// CHECK:         sinter.broadcast_to
// CHECK-NEXT:    %[[G:.*]] = sinter.mul %{{.*}}, %arg2 : (tensor<8xf64>, tensor<8xf64>) -> tensor<8xf64>
// CHECK-NEXT:    %[[OH:.*]] = sinter.one_hot %arg1 {num_classes = 10 : i64} : (tensor<8xi32>) -> tensor<8x10xi64>
// CHECK-NEXT:    %[[OHF:.*]] = sinter.cast %[[OH]] {dtype = f64}
// CHECK-NEXT:    %[[N:.*]] = sinter.neg %[[OHF]]
// CHECK-NEXT:    %[[GC:.*]] = sinter.unsqueeze %[[G]] {dim = 1 : i64} : (tensor<8xf64>) -> tensor<8x1xf64>
// CHECK-NEXT:    %[[GX:.*]] = sinter.mul %[[N]], %[[GC]] : (tensor<8x10xf64>, tensor<8x1xf64>) -> tensor<8x10xf64>
// CHECK-NEXT:    return %{{.*}}, %[[GX]]
func.func @forward(%x: tensor<8x10xf64> {sinter.param = "x"}, %t: tensor<8xi32> {sinter.name = "u"}, %r: tensor<8xf64> {sinter.name = "r"}) -> tensor<f64> {
  %y = sinter.nll_loss %x, %t {reduction = #sinter.reduction<none>} : (tensor<8x10xf64>, tensor<8xi32>) -> tensor<8xf64>
  %m = sinter.mul %y, %r : (tensor<8xf64>, tensor<8xf64>) -> tensor<8xf64>
  %l = sinter.sum %m : (tensor<8xf64>) -> tensor<f64>
  return %l : tensor<f64>
}

// -----

// cross_entropy, sum, unbatched: [C] logits and a 0-d target.
// CHECK-LABEL: func.func @forward_grad(
// CHECK-SAME:    -> (tensor<f64>, tensor<10xf64> {sinter.grad = "x"})
// CHECK:         %[[OH:.*]] = sinter.one_hot %arg1 {num_classes = 10 : i64} : (tensor<i64>) -> tensor<10xi64>
// CHECK:         %[[SM:.*]] = sinter.softmax %arg0 {dim = -1 : i64} : (tensor<10xf64>) -> tensor<10xf64>
// CHECK-NEXT:    %[[D:.*]] = sinter.sub %[[SM]], %{{.*}}
// CHECK-NEXT:    %[[GX:.*]] = sinter.mul %[[D]], %{{.*}} : (tensor<10xf64>, tensor<f64>) -> tensor<10xf64>
// CHECK-NEXT:    return %{{.*}}, %[[GX]]
func.func @forward(%x: tensor<10xf64> {sinter.param = "x"}, %t: tensor<i64> {sinter.name = "u"}) -> tensor<f64> {
  %l = sinter.cross_entropy %x, %t {reduction = #sinter.reduction<sum>} : (tensor<10xf64>, tensor<i64>) -> tensor<f64>
  return %l : tensor<f64>
}
