// The pass options: `entry` picks the function, `wrt-inputs` adds the
// gradients of data inputs (by sinter.name) after the parameters'.
// RUN: sinter-opt %s --sinter-autodiff="entry=loss_fn wrt-inputs=p,t" | FileCheck %s

// A function other than @forward, with no parameter at all: the gradients
// of the two named inputs, in the order asked for. The other functions of
// the module are left alone.
// CHECK-LABEL: func.func @loss_fn(
// CHECK-LABEL: func.func @loss_fn_grad(
// CHECK-SAME:    %arg0: tensor<?x1xf64> {sinter.name = "p"}, %arg1: tensor<?x1xf64> {sinter.name = "t"})
// CHECK-SAME:    -> (tensor<f64>, tensor<?x1xf64> {sinter.grad = "p"}, tensor<?x1xf64> {sinter.grad = "t"})
// CHECK:         sinter.binary_cross_entropy %arg0, %arg1
// CHECK:         %[[GP:.*]] = sinter.div %{{.*}}, %{{.*}} : (tensor<?x1xf64>, tensor<f64>) -> tensor<?x1xf64>
// CHECK:         %[[GT:.*]] = sinter.div %{{.*}}, %{{.*}} : (tensor<?x1xf64>, tensor<f64>) -> tensor<?x1xf64>
// CHECK-NEXT:    return %{{.*}}, %[[GP]], %[[GT]] : tensor<f64>, tensor<?x1xf64>, tensor<?x1xf64>
// CHECK-LABEL: func.func @forward(
// CHECK-NOT:   @forward_grad
func.func @loss_fn(%p: tensor<?x1xf64> {sinter.name = "p"}, %t: tensor<?x1xf64> {sinter.name = "t"}) -> tensor<f64> {
  %l = sinter.binary_cross_entropy %p, %t : (tensor<?x1xf64>, tensor<?x1xf64>) -> tensor<f64>
  return %l : tensor<f64>
}

func.func @forward(%x: tensor<3xf64> {sinter.param = "x"}) -> tensor<f64> {
  %l = sinter.sum %x : (tensor<3xf64>) -> tensor<f64>
  return %l : tensor<f64>
}
