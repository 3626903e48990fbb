func.func @mlp(%x: tensor<?x784xf32>, %w1: tensor<784x512xf32>, %w2: tensor<784x10xf32>) -> tensor<?x10xf32> {
  %h = sinter.matmul %x, %w1 : (tensor<?x784xf32>, tensor<784x512xf32>) -> tensor<?x512xf32>
  %r = sinter.relu %h : (tensor<?x512xf32>) -> tensor<?x512xf32>
  %y = sinter.matmul %r, %w2 : (tensor<?x512xf32>, tensor<784x10xf32>) -> tensor<?x10xf32>
  return %y : tensor<?x10xf32>
}
