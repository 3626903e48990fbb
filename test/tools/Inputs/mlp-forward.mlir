// The 784-256-128-10 MLP with cross-entropy: products big enough for the GEMM microkernel.
func.func @forward(%x: tensor<?x784xf32> {sinter.name = "x", sinter.batch_bound = 128 : i64}, %labels: tensor<?xi64> {sinter.name = "labels", sinter.batch_bound = 128 : i64},
                   %w1: tensor<256x784xf32> {sinter.param = "fc1.weight"}, %b1: tensor<256xf32> {sinter.param = "fc1.bias"},
                   %w2: tensor<128x256xf32> {sinter.param = "fc2.weight"}, %b2: tensor<128xf32> {sinter.param = "fc2.bias"},
                   %w3: tensor<10x128xf32> {sinter.param = "fc3.weight"}, %b3: tensor<10xf32> {sinter.param = "fc3.bias"})
    -> (tensor<f32> {sinter.name = "loss"}) {
  %z1 = sinter.linear %x, %w1, %b1 : (tensor<?x784xf32>, tensor<256x784xf32>, tensor<256xf32>) -> tensor<?x256xf32>
  %h1 = sinter.relu %z1 : (tensor<?x256xf32>) -> tensor<?x256xf32>
  %z2 = sinter.linear %h1, %w2, %b2 : (tensor<?x256xf32>, tensor<128x256xf32>, tensor<128xf32>) -> tensor<?x128xf32>
  %h2 = sinter.relu %z2 : (tensor<?x128xf32>) -> tensor<?x128xf32>
  %z3 = sinter.linear %h2, %w3, %b3 : (tensor<?x128xf32>, tensor<10x128xf32>, tensor<10xf32>) -> tensor<?x10xf32>
  %l = sinter.cross_entropy %z3, %labels : (tensor<?x10xf32>, tensor<?xi64>) -> tensor<f32>
  return %l : tensor<f32>
}
