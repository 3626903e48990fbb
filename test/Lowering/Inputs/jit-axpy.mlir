// See jit-optimised.test.
func.func @axpy(%x: tensor<?x64xf32> {sinter.name = "x"}, %y: tensor<?x64xf32> {sinter.name = "y"}) -> (tensor<?x64xf32> {sinter.name = "z"}) {
  %two = sinter.constant dense<2.0> : tensor<f32>
  %a = sinter.mul %x, %two : (tensor<?x64xf32>, tensor<f32>) -> tensor<?x64xf32>
  %z = sinter.add %a, %y : (tensor<?x64xf32>, tensor<?x64xf32>) -> tensor<?x64xf32>
  return %z : tensor<?x64xf32>
}
