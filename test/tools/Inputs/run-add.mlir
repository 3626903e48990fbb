// Entry points for sinter-run.test.
func.func @add(%x: tensor<?x3xf32> {sinter.name = "x"}, %b: tensor<3xf32> {sinter.name = "b"})
    -> (tensor<?x3xf32> {sinter.name = "y"}) {
  %y = sinter.add %x, %b : (tensor<?x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  return %y : tensor<?x3xf32>
}

func.func @unnamed(%a: tensor<2xi64>, %b: tensor<2xi64>) -> (tensor<2xi64>, tensor<2xi1>) {
  %s = sinter.mul %a, %b : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
  %g = sinter.gt %a, %b : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi1>
  return %s, %g : tensor<2xi64>, tensor<2xi1>
}

func.func @lookup(%ids: tensor<3xi64> {sinter.name = "ids"}, %table: tensor<4x2xf32> {sinter.name = "table"})
    -> (tensor<3x2xf32> {sinter.name = "rows"}) {
  %e = sinter.embedding %ids, %table : (tensor<3xi64>, tensor<4x2xf32>) -> tensor<3x2xf32>
  return %e : tensor<3x2xf32>
}

func.func @identity(%y: tensor<?x3xf32> {sinter.name = "y"}) -> (tensor<?x3xf32> {sinter.name = "y"}) {
  return %y : tensor<?x3xf32>
}
