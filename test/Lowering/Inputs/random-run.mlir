// Functions for random-run.test: the counter-based random ops and dropout,
// compiled for the CPU and compared with the interpreter (the same Philox
// numbers on both).

func.func @uniform(%seed: tensor<i64>)
    -> (tensor<1xf32>, tensor<7xf32>, tensor<33x33xf32>, tensor<2x3x5xf64>, tensor<33xf64>, tensor<f32>) {
  %0 = sinter.uniform %seed {shape = array<i64: 1>, dtype = f32} : (tensor<i64>) -> tensor<1xf32>
  %1 = sinter.uniform %seed {shape = array<i64: 7>, dtype = f32, low = -2.0 : f64, high = 3.0 : f64, stream = 3 : i64} : (tensor<i64>) -> tensor<7xf32>
  %2 = sinter.uniform %seed {shape = array<i64: 33, 33>, dtype = f32, low = -3.5714e-02 : f64, high = 3.5714e-02 : f64, stream = 5000000000 : i64} : (tensor<i64>) -> tensor<33x33xf32>
  %3 = sinter.uniform %seed {shape = array<i64: 2, 3, 5>, dtype = f64, stream = 1 : i64} : (tensor<i64>) -> tensor<2x3x5xf64>
  %4 = sinter.uniform %seed {shape = array<i64: 33>, dtype = f64, low = 10.0 : f64, high = 10.5 : f64, stream = 7 : i64} : (tensor<i64>) -> tensor<33xf64>
  %5 = sinter.uniform %seed {shape = array<i64>, dtype = f32, stream = 2 : i64} : (tensor<i64>) -> tensor<f32>
  return %0, %1, %2, %3, %4, %5 : tensor<1xf32>, tensor<7xf32>, tensor<33x33xf32>, tensor<2x3x5xf64>, tensor<33xf64>, tensor<f32>
}

func.func @normal(%seed: tensor<i64>)
    -> (tensor<1xf32>, tensor<7x33xf32>, tensor<33xf64>, tensor<2x3x5xf64>, tensor<7xf32>) {
  %0 = sinter.normal %seed {shape = array<i64: 1>, dtype = f32} : (tensor<i64>) -> tensor<1xf32>
  %1 = sinter.normal %seed {shape = array<i64: 7, 33>, dtype = f32, mean = 1.5 : f64, std = 0.25 : f64, stream = 2 : i64} : (tensor<i64>) -> tensor<7x33xf32>
  %2 = sinter.normal %seed {shape = array<i64: 33>, dtype = f64, stream = 5000000000 : i64} : (tensor<i64>) -> tensor<33xf64>
  %3 = sinter.normal %seed {shape = array<i64: 2, 3, 5>, dtype = f64, mean = -1.0 : f64, std = 3.0 : f64, stream = 9 : i64} : (tensor<i64>) -> tensor<2x3x5xf64>
  %4 = sinter.normal %seed {shape = array<i64: 7>, dtype = f32, std = 0.0 : f64, mean = 2.0 : f64} : (tensor<i64>) -> tensor<7xf32>
  return %0, %1, %2, %3, %4 : tensor<1xf32>, tensor<7x33xf32>, tensor<33xf64>, tensor<2x3x5xf64>, tensor<7xf32>
}

// The mask depends on (seed, stream, row-major index), the same for f32 and
// f64; p = 0 keeps everything, p = 1 zeroes everything.
func.func @dropout(%x: tensor<?x33xf32>, %y: tensor<?x7xf64>, %seed: tensor<i64>)
    -> (tensor<?x33xf32>, tensor<?x33xf32>, tensor<?x33xf32>, tensor<?x7xf64>, tensor<?x7xf64>) {
  %0 = sinter.dropout %x, %seed {p = 5.000000e-01 : f64, stream = 3 : i64} : (tensor<?x33xf32>, tensor<i64>) -> tensor<?x33xf32>
  %1 = sinter.dropout %x, %seed {p = 0.0 : f64} : (tensor<?x33xf32>, tensor<i64>) -> tensor<?x33xf32>
  %2 = sinter.dropout %x, %seed {p = 1.0 : f64, stream = 1 : i64} : (tensor<?x33xf32>, tensor<i64>) -> tensor<?x33xf32>
  %3 = sinter.dropout %y, %seed {p = 0.1 : f64, stream = 5000000000 : i64} : (tensor<?x7xf64>, tensor<i64>) -> tensor<?x7xf64>
  %4 = sinter.dropout %y, %seed {p = 0.9 : f64, stream = 4 : i64} : (tensor<?x7xf64>, tensor<i64>) -> tensor<?x7xf64>
  return %0, %1, %2, %3, %4 : tensor<?x33xf32>, tensor<?x33xf32>, tensor<?x33xf32>, tensor<?x7xf64>, tensor<?x7xf64>
}
