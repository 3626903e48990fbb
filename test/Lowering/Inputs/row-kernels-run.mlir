// Forward functions whose gradients (sinter-autodiff, wrt x) are row kernels
// after sinter-fuse-rows; see row-kernels-run.test.
func.func @forward(%x: tensor<?x10xf32> {sinter.name = "x", sinter.batch_bound = 64 : i64},
                   %labels: tensor<?xi64> {sinter.name = "labels", sinter.batch_bound = 64 : i64},
                   %w: tensor<?x10xf32> {sinter.name = "w", sinter.batch_bound = 64 : i64})
    -> (tensor<f32> {sinter.name = "loss"}) {
  // cross-entropy of x, plus softmax and log_softmax of x weighted by w
  // (so that their backward passes see a non-uniform upstream gradient).
  %ce = sinter.cross_entropy %x, %labels : (tensor<?x10xf32>, tensor<?xi64>) -> tensor<f32>
  %s = sinter.softmax %x {dim = 1 : i64} : (tensor<?x10xf32>) -> tensor<?x10xf32>
  %ls = sinter.log_softmax %x {dim = 1 : i64} : (tensor<?x10xf32>) -> tensor<?x10xf32>
  %ws = sinter.mul %s, %w : (tensor<?x10xf32>, tensor<?x10xf32>) -> tensor<?x10xf32>
  %wls = sinter.mul %ls, %w : (tensor<?x10xf32>, tensor<?x10xf32>) -> tensor<?x10xf32>
  %a = sinter.sum %ws : (tensor<?x10xf32>) -> tensor<f32>
  %b = sinter.mean %wls : (tensor<?x10xf32>) -> tensor<f32>
  %ab = sinter.add %a, %b : (tensor<f32>, tensor<f32>) -> tensor<f32>
  %l = sinter.add %ce, %ab : (tensor<f32>, tensor<f32>) -> tensor<f32>
  return %l : tensor<f32>
}
