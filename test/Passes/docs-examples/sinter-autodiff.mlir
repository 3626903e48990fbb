// The example of docs/passes/sinter-autodiff.md: a Linear layer without bias
// and an MSE loss; the pass adds @forward_grad, which returns the forward's
// results and d(loss)/d(fc.weight) = g^T x, with g = 2 (y - t) / N.
// The checks name no SSA value by number: values are FileCheck variables.
// RUN: sinter-opt %s --sinter-autodiff | FileCheck %s

// CHECK-LABEL: func.func @forward(
// CHECK-LABEL: func.func @forward_grad(
// CHECK-SAME:    %[[X:[a-z0-9_]+]]: tensor<?x3xf32> {sinter.name = "x"}, %[[W:[a-z0-9_]+]]: tensor<2x3xf32> {sinter.param = "fc.weight"}, %[[T:[a-z0-9_]+]]: tensor<?x2xf32> {sinter.name = "t"}
// CHECK-SAME:    -> (tensor<f32> {sinter.name = "loss"}, tensor<?x2xf32> {sinter.name = "y"}, tensor<2x3xf32> {sinter.grad = "fc.weight"})
// The forward's linear is read by the backward ops: marked saved.
// CHECK:         %[[Y:[a-z0-9_]+]] = sinter.linear %[[X]], %[[W]] {sinter.saved} : (tensor<?x3xf32>, tensor<2x3xf32>) -> tensor<?x2xf32>
// CHECK-NEXT:    %[[L:[a-z0-9_]+]] = sinter.mse_loss %[[Y]], %[[T]]
// The seed d(loss)/d(loss) = 1, then mse_loss's rule: 2 (y - t) g / N.
// CHECK-NEXT:    %[[SEED:[a-z0-9_]+]] = sinter.constant dense<1.000000e+00> : tensor<f32>
// CHECK-NEXT:    %[[D:[a-z0-9_]+]] = sinter.sub %[[Y]], %[[T]] : (tensor<?x2xf32>, tensor<?x2xf32>) -> tensor<?x2xf32>
// CHECK-NEXT:    %[[TWO:[a-z0-9_]+]] = sinter.constant dense<2.000000e+00> : tensor<f32>
// CHECK-NEXT:    %[[D2:[a-z0-9_]+]] = sinter.mul %[[D]], %[[TWO]]
// CHECK-NEXT:    %[[DG:[a-z0-9_]+]] = sinter.mul %[[D2]], %[[SEED]]
// N, with a dynamic batch: the sum of a tensor of ones shaped like y.
// CHECK:         %[[ONES:[a-z0-9_]+]] = sinter.where %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}, %[[Y]] : (tensor<i1>, tensor<f32>, tensor<?x2xf32>) -> tensor<?x2xf32>
// CHECK-NEXT:    %[[N:[a-z0-9_]+]] = sinter.sum %[[ONES]] : (tensor<?x2xf32>) -> tensor<f32>
// CHECK-NEXT:    %[[G:[a-z0-9_]+]] = sinter.div %[[DG]], %[[N]] : (tensor<?x2xf32>, tensor<f32>) -> tensor<?x2xf32>
// linear's rule for the weight: g^T x.
// CHECK-NEXT:    %[[GT:[a-z0-9_]+]] = sinter.transpose %[[G]] {dim0 = 0 : i64, dim1 = 1 : i64} : (tensor<?x2xf32>) -> tensor<2x?xf32>
// CHECK-NEXT:    %[[DW:[a-z0-9_]+]] = sinter.matmul %[[GT]], %[[X]] : (tensor<2x?xf32>, tensor<?x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT:    return %[[L]], %[[Y]], %[[DW]] : tensor<f32>, tensor<?x2xf32>, tensor<2x3xf32>

func.func @forward(%x: tensor<?x3xf32> {sinter.name = "x"},
                   %w: tensor<2x3xf32> {sinter.param = "fc.weight"},
                   %t: tensor<?x2xf32> {sinter.name = "t"})
    -> (tensor<f32> {sinter.name = "loss"}, tensor<?x2xf32> {sinter.name = "y"}) {
  %y = sinter.linear %x, %w : (tensor<?x3xf32>, tensor<2x3xf32>) -> tensor<?x2xf32>
  %l = sinter.mse_loss %y, %t : (tensor<?x2xf32>, tensor<?x2xf32>) -> tensor<f32>
  return %l, %y : tensor<f32>, tensor<?x2xf32>
}
