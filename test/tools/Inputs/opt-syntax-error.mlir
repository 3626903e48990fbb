func.func @f(%x: tensor<2xf32>) -> tensor<2xf32> {
  %y = sinter.relu %x : (tensor<2xf32>) -> tensor<2xf32>
  %z = sinter.add %y %x : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %z : tensor<2xf32>
}
