// Functions for reduction-run.test: softmax, the reductions and argmax,
// compiled for the CPU and compared with the interpreter.

func.func @softmax_f32(%x: tensor<?x7xf32>)
    -> (tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>) {
  %0 = sinter.softmax %x {dim = 1 : i64} : (tensor<?x7xf32>) -> tensor<?x7xf32>
  %1 = sinter.log_softmax %x {dim = -1 : i64} : (tensor<?x7xf32>) -> tensor<?x7xf32>
  %2 = sinter.softmax %x {dim = 0 : i64} : (tensor<?x7xf32>) -> tensor<?x7xf32>
  %3 = sinter.log_softmax %x {dim = -2 : i64} : (tensor<?x7xf32>) -> tensor<?x7xf32>
  return %0, %1, %2, %3 : tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>
}

func.func @softmax_f64(%x: tensor<?x3x33xf64>, %s: tensor<?xf64>)
    -> (tensor<?x3x33xf64>, tensor<?x3x33xf64>, tensor<?xf64>, tensor<?xf64>) {
  %0 = sinter.softmax %x {dim = 1 : i64} : (tensor<?x3x33xf64>) -> tensor<?x3x33xf64>
  %1 = sinter.log_softmax %x {dim = 2 : i64} : (tensor<?x3x33xf64>) -> tensor<?x3x33xf64>
  %2 = sinter.softmax %s {dim = 0 : i64} : (tensor<?xf64>) -> tensor<?xf64>
  %3 = sinter.log_softmax %s {dim = -1 : i64} : (tensor<?xf64>) -> tensor<?xf64>
  return %0, %1, %2, %3 : tensor<?x3x33xf64>, tensor<?x3x33xf64>, tensor<?xf64>, tensor<?xf64>
}

func.func @reduce_f32(%x: tensor<?x7x33xf32>)
    -> (tensor<f32>, tensor<1x7x1xf32>, tensor<?x33xf32>, tensor<?x7x1xf32>, tensor<f32>,
        tensor<?x1x33xf32>, tensor<7xf32>, tensor<1x1x1xf32>) {
  %0 = sinter.sum %x : (tensor<?x7x33xf32>) -> tensor<f32>
  %1 = sinter.sum %x {dims = array<i64: 0, 2>, keepdim = true} : (tensor<?x7x33xf32>) -> tensor<1x7x1xf32>
  %2 = sinter.mean %x {dims = array<i64: 1>} : (tensor<?x7x33xf32>) -> tensor<?x33xf32>
  %3 = sinter.mean %x {dims = array<i64: -1>, keepdim = true} : (tensor<?x7x33xf32>) -> tensor<?x7x1xf32>
  %4 = sinter.mean %x : (tensor<?x7x33xf32>) -> tensor<f32>
  %5 = sinter.max %x {dims = array<i64: 1>, keepdim = true} : (tensor<?x7x33xf32>) -> tensor<?x1x33xf32>
  %6 = sinter.min %x {dims = array<i64: 2, 0>} : (tensor<?x7x33xf32>) -> tensor<7xf32>
  %7 = sinter.max %x {keepdim = true} : (tensor<?x7x33xf32>) -> tensor<1x1x1xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7
      : tensor<f32>, tensor<1x7x1xf32>, tensor<?x33xf32>, tensor<?x7x1xf32>, tensor<f32>,
        tensor<?x1x33xf32>, tensor<7xf32>, tensor<1x1x1xf32>
}

func.func @reduce_f64(%x: tensor<?x7xf64>, %s: tensor<f64>)
    -> (tensor<7xf64>, tensor<?x1xf64>, tensor<?xf64>, tensor<f64>, tensor<f64>, tensor<f64>) {
  %0 = sinter.sum %x {dims = array<i64: 0>} : (tensor<?x7xf64>) -> tensor<7xf64>
  %1 = sinter.mean %x {dims = array<i64: 1>, keepdim = true} : (tensor<?x7xf64>) -> tensor<?x1xf64>
  %2 = sinter.min %x {dims = array<i64: 1>} : (tensor<?x7xf64>) -> tensor<?xf64>
  %3 = sinter.max %x : (tensor<?x7xf64>) -> tensor<f64>
  %4 = sinter.sum %s : (tensor<f64>) -> tensor<f64>
  %5 = sinter.min %s : (tensor<f64>) -> tensor<f64>
  return %0, %1, %2, %3, %4, %5 : tensor<7xf64>, tensor<?x1xf64>, tensor<?xf64>, tensor<f64>, tensor<f64>, tensor<f64>
}

func.func @reduce_int(%x: tensor<?x7xi64>, %y: tensor<?x7xi32>)
    -> (tensor<i64>, tensor<?xi64>, tensor<1x7xi64>, tensor<?x1xi64>, tensor<7xi32>, tensor<i32>, tensor<i32>) {
  %0 = sinter.sum %x : (tensor<?x7xi64>) -> tensor<i64>
  %1 = sinter.sum %x {dims = array<i64: 1>} : (tensor<?x7xi64>) -> tensor<?xi64>
  %2 = sinter.max %x {dims = array<i64: 0>, keepdim = true} : (tensor<?x7xi64>) -> tensor<1x7xi64>
  %3 = sinter.min %x {dims = array<i64: 1>, keepdim = true} : (tensor<?x7xi64>) -> tensor<?x1xi64>
  %4 = sinter.sum %y {dims = array<i64: 0>} : (tensor<?x7xi32>) -> tensor<7xi32>
  %5 = sinter.max %y : (tensor<?x7xi32>) -> tensor<i32>
  %6 = sinter.min %y : (tensor<?x7xi32>) -> tensor<i32>
  return %0, %1, %2, %3, %4, %5, %6 : tensor<i64>, tensor<?xi64>, tensor<1x7xi64>, tensor<?x1xi64>, tensor<7xi32>, tensor<i32>, tensor<i32>
}

func.func @argmax_f32(%x: tensor<?x7x5xf32>)
    -> (tensor<?x5xi64>, tensor<?x7x1xi64>, tensor<7x5xi64>, tensor<i64>, tensor<1x1x1xi64>) {
  %0 = sinter.argmax %x {dim = 1 : i64} : (tensor<?x7x5xf32>) -> tensor<?x5xi64>
  %1 = sinter.argmax %x {dim = -1 : i64, keepdim = true} : (tensor<?x7x5xf32>) -> tensor<?x7x1xi64>
  %2 = sinter.argmax %x {dim = 0 : i64} : (tensor<?x7x5xf32>) -> tensor<7x5xi64>
  %3 = sinter.argmax %x : (tensor<?x7x5xf32>) -> tensor<i64>
  // (of -x: the same argmax as %3 would alias it)
  %n = sinter.neg %x : (tensor<?x7x5xf32>) -> tensor<?x7x5xf32>
  %4 = sinter.argmax %n {keepdim = true} : (tensor<?x7x5xf32>) -> tensor<1x1x1xi64>
  return %0, %1, %2, %3, %4 : tensor<?x5xi64>, tensor<?x7x1xi64>, tensor<7x5xi64>, tensor<i64>, tensor<1x1x1xi64>
}

func.func @argmax_other(%x: tensor<?x33xf64>, %y: tensor<?xi64>, %z: tensor<7x?xi32>, %s: tensor<f32>)
    -> (tensor<?xi64>, tensor<i64>, tensor<i64>, tensor<7xi64>, tensor<i64>) {
  %0 = sinter.argmax %x {dim = 1 : i64} : (tensor<?x33xf64>) -> tensor<?xi64>
  %1 = sinter.argmax %x : (tensor<?x33xf64>) -> tensor<i64>
  %2 = sinter.argmax %y {dim = 0 : i64} : (tensor<?xi64>) -> tensor<i64>
  %3 = sinter.argmax %z {dim = 1 : i64} : (tensor<7x?xi32>) -> tensor<7xi64>
  %4 = sinter.argmax %s : (tensor<f32>) -> tensor<i64>
  return %0, %1, %2, %3, %4 : tensor<?xi64>, tensor<i64>, tensor<i64>, tensor<7xi64>, tensor<i64>
}
