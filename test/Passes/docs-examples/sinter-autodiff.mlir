// The example of docs/passes/sinter-autodiff.md: a Linear layer without bias
// and an MSE loss; the pass adds @forward_grad.
// RUN: sinter-opt %s --sinter-autodiff | FileCheck %s

// CHECK-LABEL: func.func @forward_grad(
// CHECK-SAME:    -> (tensor<f32> {sinter.name = "loss"}, tensor<?x2xf32> {sinter.name = "y"}, tensor<2x3xf32> {sinter.grad = "fc.weight"})
// CHECK:         %0 = sinter.linear %arg0, %arg1 {sinter.saved} : (tensor<?x3xf32>, tensor<2x3xf32>) -> tensor<?x2xf32>
// CHECK:         %3 = sinter.sub %0, %arg2 : (tensor<?x2xf32>, tensor<?x2xf32>) -> tensor<?x2xf32>
// CHECK:         %11 = sinter.div %6, %10 : (tensor<?x2xf32>, tensor<f32>) -> tensor<?x2xf32>
// CHECK-NEXT:    %12 = sinter.transpose %11 {dim0 = 0 : i64, dim1 = 1 : i64} : (tensor<?x2xf32>) -> tensor<2x?xf32>
// CHECK-NEXT:    %13 = sinter.matmul %12, %arg0 : (tensor<2x?xf32>, tensor<?x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT:    return %1, %0, %13 : tensor<f32>, tensor<?x2xf32>, tensor<2x3xf32>

func.func @forward(%x: tensor<?x3xf32> {sinter.name = "x"},
                   %w: tensor<2x3xf32> {sinter.param = "fc.weight"},
                   %t: tensor<?x2xf32> {sinter.name = "t"})
    -> (tensor<f32> {sinter.name = "loss"}, tensor<?x2xf32> {sinter.name = "y"}) {
  %y = sinter.linear %x, %w : (tensor<?x3xf32>, tensor<2x3xf32>) -> tensor<?x2xf32>
  %l = sinter.mse_loss %y, %t : (tensor<?x2xf32>, tensor<?x2xf32>) -> tensor<f32>
  return %l, %y : tensor<f32>, tensor<?x2xf32>
}
