// keepdim reductions of a tensor with every dimension dynamic: the
// tensor.expand_shape to the keepdim type needs affine.apply for its strides.
func.func @f(%x: tensor<?x?x?xf32>) -> (tensor<?x1x?xf32>, tensor<1x?x1xf32>, tensor<?x?x1xi64>, tensor<1x1x1xf32>) {
  %0 = sinter.sum %x {dims = array<i64: 1>, keepdim = true} : (tensor<?x?x?xf32>) -> tensor<?x1x?xf32>
  %1 = sinter.max %x {dims = array<i64: 0, 2>, keepdim = true} : (tensor<?x?x?xf32>) -> tensor<1x?x1xf32>
  %2 = sinter.argmax %x {dim = 2 : i64, keepdim = true} : (tensor<?x?x?xf32>) -> tensor<?x?x1xi64>
  %3 = sinter.mean %x {keepdim = true} : (tensor<?x?x?xf32>) -> tensor<1x1x1xf32>
  return %0, %1, %2, %3 : tensor<?x1x?xf32>, tensor<1x?x1xf32>, tensor<?x?x1xi64>, tensor<1x1x1xf32>
}
