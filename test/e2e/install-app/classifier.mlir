// The model of the install-app test: a 2-8-1 MLP (tanh, sigmoid) that tells
// whether a point of the unit square lies above the diagonal x0 + x1 = 1,
// trained with binary cross-entropy. Parameters are initialised as
// PyTorch's Linear does (uniform in +-1/sqrt(fan_in)); batches of up to 64.
func.func @forward(%x: tensor<?x2xf32> {sinter.name = "x", sinter.batch_bound = 64 : i64},
                   %y: tensor<?x1xf32> {sinter.name = "y", sinter.batch_bound = 64 : i64},
                   %w1: tensor<8x2xf32> {sinter.param = "fc1.weight"},
                   %b1: tensor<8xf32> {sinter.param = "fc1.bias"},
                   %w2: tensor<1x8xf32> {sinter.param = "fc2.weight"},
                   %b2: tensor<1xf32> {sinter.param = "fc2.bias"})
    -> (tensor<f32> {sinter.name = "loss"}, tensor<?x1xf32> {sinter.name = "p"}) {
  %h = sinter.linear %x, %w1, %b1 : (tensor<?x2xf32>, tensor<8x2xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  %a = sinter.tanh %h : (tensor<?x8xf32>) -> tensor<?x8xf32>
  %z = sinter.linear %a, %w2, %b2 : (tensor<?x8xf32>, tensor<1x8xf32>, tensor<1xf32>) -> tensor<?x1xf32>
  %p = sinter.sigmoid %z : (tensor<?x1xf32>) -> tensor<?x1xf32>
  %l = sinter.binary_cross_entropy %p, %y : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
  return %l, %p : tensor<f32>, tensor<?x1xf32>
}
func.func @initializer(%seed: tensor<i64> {sinter.name = "seed"})
    -> (tensor<8x2xf32> {sinter.param = "fc1.weight"}, tensor<8xf32> {sinter.param = "fc1.bias"},
        tensor<1x8xf32> {sinter.param = "fc2.weight"}, tensor<1xf32> {sinter.param = "fc2.bias"}) {
  %w1 = sinter.uniform %seed {shape = array<i64: 8, 2>, dtype = f32, low = -0.7071 : f64, high = 0.7071 : f64} : (tensor<i64>) -> tensor<8x2xf32>
  %b1 = sinter.uniform %seed {shape = array<i64: 8>, dtype = f32, low = -0.7071 : f64, high = 0.7071 : f64, stream = 1 : i64} : (tensor<i64>) -> tensor<8xf32>
  %w2 = sinter.uniform %seed {shape = array<i64: 1, 8>, dtype = f32, low = -0.3536 : f64, high = 0.3536 : f64, stream = 2 : i64} : (tensor<i64>) -> tensor<1x8xf32>
  %b2 = sinter.uniform %seed {shape = array<i64: 1>, dtype = f32, low = -0.3536 : f64, high = 0.3536 : f64, stream = 3 : i64} : (tensor<i64>) -> tensor<1xf32>
  return %w1, %b1, %w2, %b2 : tensor<8x2xf32>, tensor<8xf32>, tensor<1x8xf32>, tensor<1xf32>
}
func.func @predict(%x: tensor<?x2xf32> {sinter.name = "x", sinter.batch_bound = 64 : i64},
                   %w1: tensor<8x2xf32> {sinter.param = "fc1.weight"},
                   %b1: tensor<8xf32> {sinter.param = "fc1.bias"},
                   %w2: tensor<1x8xf32> {sinter.param = "fc2.weight"},
                   %b2: tensor<1xf32> {sinter.param = "fc2.bias"})
    -> (tensor<?x1xf32> {sinter.name = "p"}) {
  %h = sinter.linear %x, %w1, %b1 : (tensor<?x2xf32>, tensor<8x2xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  %a = sinter.tanh %h : (tensor<?x8xf32>) -> tensor<?x8xf32>
  %z = sinter.linear %a, %w2, %b2 : (tensor<?x8xf32>, tensor<1x8xf32>, tensor<1xf32>) -> tensor<?x1xf32>
  %p = sinter.sigmoid %z : (tensor<?x1xf32>) -> tensor<?x1xf32>
  return %p : tensor<?x1xf32>
}
