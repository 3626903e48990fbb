// A perceptron for sinterc-exe.test: train, evaluate, predict.
func.func @forward(%x: tensor<?x2xf32> {sinter.name = "x", sinter.batch_bound = 16 : i64}, %y: tensor<?x1xf32> {sinter.name = "y", sinter.batch_bound = 16 : i64},
                   %w: tensor<1x2xf32> {sinter.param = "fc.weight"}, %b: tensor<1xf32> {sinter.param = "fc.bias"})
    -> (tensor<f32> {sinter.name = "loss"}, tensor<?x1xf32> {sinter.name = "p"}) {
  %z = sinter.linear %x, %w, %b : (tensor<?x2xf32>, tensor<1x2xf32>, tensor<1xf32>) -> tensor<?x1xf32>
  %p = sinter.sigmoid %z : (tensor<?x1xf32>) -> tensor<?x1xf32>
  %l = sinter.binary_cross_entropy %p, %y : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
  return %l, %p : tensor<f32>, tensor<?x1xf32>
}
func.func @initializer(%seed: tensor<i64> {sinter.name = "seed"}) -> (tensor<1x2xf32> {sinter.param = "fc.weight"}, tensor<1xf32> {sinter.param = "fc.bias"}) {
  %w = sinter.uniform %seed {shape = array<i64: 1, 2>, dtype = f32, low = -0.7 : f64, high = 0.7 : f64} : (tensor<i64>) -> tensor<1x2xf32>
  %b = sinter.uniform %seed {shape = array<i64: 1>, dtype = f32, low = -0.7 : f64, high = 0.7 : f64, stream = 1 : i64} : (tensor<i64>) -> tensor<1xf32>
  return %w, %b : tensor<1x2xf32>, tensor<1xf32>
}
func.func @predict(%x: tensor<?x2xf32> {sinter.name = "x", sinter.batch_bound = 16 : i64},
                   %w: tensor<1x2xf32> {sinter.param = "fc.weight"}, %b: tensor<1xf32> {sinter.param = "fc.bias"})
    -> (tensor<?x1xf32> {sinter.name = "p"}) {
  %z = sinter.linear %x, %w, %b : (tensor<?x2xf32>, tensor<1x2xf32>, tensor<1xf32>) -> tensor<?x1xf32>
  %p = sinter.sigmoid %z : (tensor<?x1xf32>) -> tensor<?x1xf32>
  return %p : tensor<?x1xf32>
}
