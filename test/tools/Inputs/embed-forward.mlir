// A table of 6 rows of 4, looked up by tokens (index-bounds.test).
func.func @embed(%tokens: tensor<?x3xi64> {sinter.name = "tokens"}) -> (tensor<?x3x4xf32> {sinter.name = "rows"}) {
  %table = sinter.constant dense<1.0> : tensor<6x4xf32>
  %rows = sinter.embedding %tokens, %table : (tensor<?x3xi64>, tensor<6x4xf32>) -> tensor<?x3x4xf32>
  return %rows : tensor<?x3x4xf32>
}
