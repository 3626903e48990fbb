// A regression-sized model: every product is 3-wide with an inner dimension
// of 3 or 5, too small for the packed GEMM microkernel.
func.func @forward(%x: tensor<5x3xf32> {sinter.name = "x"}, %t: tensor<5x3xf32> {sinter.name = "t"},
                   %w: tensor<3x3xf32> {sinter.param = "w"})
    -> (tensor<f32> {sinter.name = "loss"}) {
  %y = sinter.linear %x, %w : (tensor<5x3xf32>, tensor<3x3xf32>) -> tensor<5x3xf32>
  %l = sinter.mse_loss %y, %t : (tensor<5x3xf32>, tensor<5x3xf32>) -> tensor<f32>
  return %l : tensor<f32>
}
