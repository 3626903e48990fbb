// A one-layer model for train.test: linear, sigmoid, MSE.
func.func @forward(%x: tensor<?x3xf32> {sinter.name = "x"},
                   %w: tensor<2x3xf32> {sinter.param = "fc.weight"},
                   %b: tensor<2xf32> {sinter.param = "fc.bias"},
                   %t: tensor<?x2xf32> {sinter.name = "t"})
    -> (tensor<f32> {sinter.name = "loss"}, tensor<?x2xf32> {sinter.name = "y"}) {
  %h = sinter.linear %x, %w, %b : (tensor<?x3xf32>, tensor<2x3xf32>, tensor<2xf32>) -> tensor<?x2xf32>
  %y = sinter.sigmoid %h : (tensor<?x2xf32>) -> tensor<?x2xf32>
  %l = sinter.mse_loss %y, %t : (tensor<?x2xf32>, tensor<?x2xf32>) -> tensor<f32>
  return %l, %y : tensor<f32>, tensor<?x2xf32>
}
