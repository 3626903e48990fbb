func.func @f(%x: tensor<4x3xf32>) -> tensor<3x4xf32> {
  %y = sinter.add %x, %x : (tensor<4x3xf32>, tensor<4x3xf32>) -> tensor<3x4xf32>
  return %y : tensor<3x4xf32>
}
