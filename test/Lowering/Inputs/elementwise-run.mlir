// Functions for elementwise-run.test: each op of the elementwise family,
// compiled for the CPU and compared with the interpreter.

// Binary float ops with a dynamic batch and a broadcast row.
func.func @binary_f32(%a: tensor<?x7xf32>, %b: tensor<7xf32>)
    -> (tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>,
        tensor<?x7xi1>, tensor<?x7xi1>, tensor<?x7xi1>, tensor<?x7xi1>, tensor<?x7xi1>, tensor<?x7xf32>) {
  %0 = sinter.add %a, %b : (tensor<?x7xf32>, tensor<7xf32>) -> tensor<?x7xf32>
  %1 = sinter.sub %b, %a : (tensor<7xf32>, tensor<?x7xf32>) -> tensor<?x7xf32>
  %2 = sinter.mul %a, %b : (tensor<?x7xf32>, tensor<7xf32>) -> tensor<?x7xf32>
  %3 = sinter.div %a, %b : (tensor<?x7xf32>, tensor<7xf32>) -> tensor<?x7xf32>
  %4 = sinter.maximum %a, %b : (tensor<?x7xf32>, tensor<7xf32>) -> tensor<?x7xf32>
  %5 = sinter.minimum %b, %a : (tensor<7xf32>, tensor<?x7xf32>) -> tensor<?x7xf32>
  %6 = sinter.gt %a, %b : (tensor<?x7xf32>, tensor<7xf32>) -> tensor<?x7xi1>
  %7 = sinter.ge %a, %b : (tensor<?x7xf32>, tensor<7xf32>) -> tensor<?x7xi1>
  %8 = sinter.lt %a, %b : (tensor<?x7xf32>, tensor<7xf32>) -> tensor<?x7xi1>
  %9 = sinter.le %a, %b : (tensor<?x7xf32>, tensor<7xf32>) -> tensor<?x7xi1>
  %10 = sinter.eq %a, %b : (tensor<?x7xf32>, tensor<7xf32>) -> tensor<?x7xi1>
  %11 = sinter.where %6, %b, %a : (tensor<?x7xi1>, tensor<7xf32>, tensor<?x7xf32>) -> tensor<?x7xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11
      : tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>,
        tensor<?x7xi1>, tensor<?x7xi1>, tensor<?x7xi1>, tensor<?x7xi1>, tensor<?x7xi1>, tensor<?x7xf32>
}

// Both operands stretch: [?, 1, 33] and [5, 1] give [?, 5, 33].
func.func @binary_f64(%a: tensor<?x1x33xf64>, %b: tensor<5x1xf64>)
    -> (tensor<?x5x33xf64>, tensor<?x5x33xf64>, tensor<?x5x33xf64>, tensor<?x5x33xf64>, tensor<?x5x33xf64>, tensor<?x5x33xf64>,
        tensor<?x5x33xi1>, tensor<?x5x33xi1>, tensor<?x5x33xf64>) {
  %0 = sinter.add %a, %b : (tensor<?x1x33xf64>, tensor<5x1xf64>) -> tensor<?x5x33xf64>
  %1 = sinter.sub %a, %b : (tensor<?x1x33xf64>, tensor<5x1xf64>) -> tensor<?x5x33xf64>
  %2 = sinter.mul %a, %b : (tensor<?x1x33xf64>, tensor<5x1xf64>) -> tensor<?x5x33xf64>
  %3 = sinter.div %b, %a : (tensor<5x1xf64>, tensor<?x1x33xf64>) -> tensor<?x5x33xf64>
  %4 = sinter.maximum %a, %b : (tensor<?x1x33xf64>, tensor<5x1xf64>) -> tensor<?x5x33xf64>
  %5 = sinter.minimum %a, %b : (tensor<?x1x33xf64>, tensor<5x1xf64>) -> tensor<?x5x33xf64>
  %6 = sinter.le %a, %b : (tensor<?x1x33xf64>, tensor<5x1xf64>) -> tensor<?x5x33xi1>
  %7 = sinter.eq %a, %b : (tensor<?x1x33xf64>, tensor<5x1xf64>) -> tensor<?x5x33xi1>
  %8 = sinter.where %6, %a, %b : (tensor<?x5x33xi1>, tensor<?x1x33xf64>, tensor<5x1xf64>) -> tensor<?x5x33xf64>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8
      : tensor<?x5x33xf64>, tensor<?x5x33xf64>, tensor<?x5x33xf64>, tensor<?x5x33xf64>, tensor<?x5x33xf64>, tensor<?x5x33xf64>,
        tensor<?x5x33xi1>, tensor<?x5x33xi1>, tensor<?x5x33xf64>
}

// 0-d operands.
func.func @scalars(%a: tensor<f32>, %b: tensor<f32>, %c: tensor<i1>)
    -> (tensor<f32>, tensor<f32>, tensor<i1>, tensor<f32>, tensor<f32>) {
  %0 = sinter.div %a, %b : (tensor<f32>, tensor<f32>) -> tensor<f32>
  %1 = sinter.maximum %a, %b : (tensor<f32>, tensor<f32>) -> tensor<f32>
  %2 = sinter.lt %a, %b : (tensor<f32>, tensor<f32>) -> tensor<i1>
  %3 = sinter.where %c, %a, %b : (tensor<i1>, tensor<f32>, tensor<f32>) -> tensor<f32>
  %4 = sinter.sigmoid %a : (tensor<f32>) -> tensor<f32>
  return %0, %1, %2, %3, %4 : tensor<f32>, tensor<f32>, tensor<i1>, tensor<f32>, tensor<f32>
}

// Integer ops wrap around on overflow.
func.func @binary_i64(%a: tensor<?x7xi64>, %b: tensor<1x7xi64>)
    -> (tensor<?x7xi64>, tensor<?x7xi64>, tensor<?x7xi64>, tensor<?x7xi64>, tensor<?x7xi64>,
        tensor<?x7xi1>, tensor<?x7xi1>, tensor<?x7xi1>, tensor<?x7xi1>, tensor<?x7xi1>, tensor<?x7xi64>,
        tensor<?x7xi64>, tensor<?x7xi64>) {
  %0 = sinter.add %a, %b : (tensor<?x7xi64>, tensor<1x7xi64>) -> tensor<?x7xi64>
  %1 = sinter.sub %a, %b : (tensor<?x7xi64>, tensor<1x7xi64>) -> tensor<?x7xi64>
  %2 = sinter.mul %a, %b : (tensor<?x7xi64>, tensor<1x7xi64>) -> tensor<?x7xi64>
  %3 = sinter.maximum %a, %b : (tensor<?x7xi64>, tensor<1x7xi64>) -> tensor<?x7xi64>
  %4 = sinter.minimum %a, %b : (tensor<?x7xi64>, tensor<1x7xi64>) -> tensor<?x7xi64>
  %5 = sinter.gt %a, %b : (tensor<?x7xi64>, tensor<1x7xi64>) -> tensor<?x7xi1>
  %6 = sinter.ge %a, %b : (tensor<?x7xi64>, tensor<1x7xi64>) -> tensor<?x7xi1>
  %7 = sinter.lt %a, %b : (tensor<?x7xi64>, tensor<1x7xi64>) -> tensor<?x7xi1>
  %8 = sinter.le %a, %b : (tensor<?x7xi64>, tensor<1x7xi64>) -> tensor<?x7xi1>
  %9 = sinter.eq %a, %b : (tensor<?x7xi64>, tensor<1x7xi64>) -> tensor<?x7xi1>
  %10 = sinter.where %5, %a, %b : (tensor<?x7xi1>, tensor<?x7xi64>, tensor<1x7xi64>) -> tensor<?x7xi64>
  %11 = sinter.neg %a : (tensor<?x7xi64>) -> tensor<?x7xi64>
  %12 = sinter.relu %a : (tensor<?x7xi64>) -> tensor<?x7xi64>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12
      : tensor<?x7xi64>, tensor<?x7xi64>, tensor<?x7xi64>, tensor<?x7xi64>, tensor<?x7xi64>,
        tensor<?x7xi1>, tensor<?x7xi1>, tensor<?x7xi1>, tensor<?x7xi1>, tensor<?x7xi1>, tensor<?x7xi64>,
        tensor<?x7xi64>, tensor<?x7xi64>
}

func.func @binary_i32(%a: tensor<?xi32>, %b: tensor<1xi32>)
    -> (tensor<?xi32>, tensor<?xi32>, tensor<?xi32>, tensor<?xi32>, tensor<?xi32>, tensor<?xi1>, tensor<?xi1>,
        tensor<?xi32>, tensor<?xi32>) {
  %0 = sinter.add %a, %b : (tensor<?xi32>, tensor<1xi32>) -> tensor<?xi32>
  %1 = sinter.sub %b, %a : (tensor<1xi32>, tensor<?xi32>) -> tensor<?xi32>
  %2 = sinter.mul %a, %a : (tensor<?xi32>, tensor<?xi32>) -> tensor<?xi32>
  %3 = sinter.maximum %a, %b : (tensor<?xi32>, tensor<1xi32>) -> tensor<?xi32>
  %4 = sinter.minimum %a, %b : (tensor<?xi32>, tensor<1xi32>) -> tensor<?xi32>
  %5 = sinter.gt %a, %b : (tensor<?xi32>, tensor<1xi32>) -> tensor<?xi1>
  %6 = sinter.le %a, %b : (tensor<?xi32>, tensor<1xi32>) -> tensor<?xi1>
  %7 = sinter.neg %a : (tensor<?xi32>) -> tensor<?xi32>
  %8 = sinter.relu %a : (tensor<?xi32>) -> tensor<?xi32>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8
      : tensor<?xi32>, tensor<?xi32>, tensor<?xi32>, tensor<?xi32>, tensor<?xi32>, tensor<?xi1>, tensor<?xi1>,
        tensor<?xi32>, tensor<?xi32>
}

func.func @unary_f32(%x: tensor<?x33xf32>)
    -> (tensor<?x33xf32>, tensor<?x33xf32>, tensor<?x33xf32>, tensor<?x33xf32>, tensor<?x33xf32>, tensor<?x33xf32>,
        tensor<?x33xf32>, tensor<?x33xf32>, tensor<?x33xf32>, tensor<?x33xf32>, tensor<?x33xf32>, tensor<?x33xf32>) {
  %0 = sinter.neg %x : (tensor<?x33xf32>) -> tensor<?x33xf32>
  %1 = sinter.exp %x : (tensor<?x33xf32>) -> tensor<?x33xf32>
  %2 = sinter.log %x : (tensor<?x33xf32>) -> tensor<?x33xf32>
  %3 = sinter.sqrt %x : (tensor<?x33xf32>) -> tensor<?x33xf32>
  %4 = sinter.rsqrt %x : (tensor<?x33xf32>) -> tensor<?x33xf32>
  %5 = sinter.sigmoid %x : (tensor<?x33xf32>) -> tensor<?x33xf32>
  %6 = sinter.tanh %x : (tensor<?x33xf32>) -> tensor<?x33xf32>
  %7 = sinter.relu %x : (tensor<?x33xf32>) -> tensor<?x33xf32>
  %8 = sinter.pow %x {exponent = 2.0 : f64} : (tensor<?x33xf32>) -> tensor<?x33xf32>
  %9 = sinter.pow %x {exponent = 0.5 : f64} : (tensor<?x33xf32>) -> tensor<?x33xf32>
  %10 = sinter.pow %x {exponent = 3.0 : f64} : (tensor<?x33xf32>) -> tensor<?x33xf32>
  %11 = sinter.pow %x {exponent = -1.5 : f64} : (tensor<?x33xf32>) -> tensor<?x33xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11
      : tensor<?x33xf32>, tensor<?x33xf32>, tensor<?x33xf32>, tensor<?x33xf32>, tensor<?x33xf32>, tensor<?x33xf32>,
        tensor<?x33xf32>, tensor<?x33xf32>, tensor<?x33xf32>, tensor<?x33xf32>, tensor<?x33xf32>, tensor<?x33xf32>
}

func.func @unary_f64(%x: tensor<7x?xf64>)
    -> (tensor<7x?xf64>, tensor<7x?xf64>, tensor<7x?xf64>, tensor<7x?xf64>, tensor<7x?xf64>, tensor<7x?xf64>,
        tensor<7x?xf64>, tensor<7x?xf64>, tensor<7x?xf64>, tensor<7x?xf64>, tensor<7x?xf64>) {
  %0 = sinter.neg %x : (tensor<7x?xf64>) -> tensor<7x?xf64>
  %1 = sinter.exp %x : (tensor<7x?xf64>) -> tensor<7x?xf64>
  %2 = sinter.log %x : (tensor<7x?xf64>) -> tensor<7x?xf64>
  %3 = sinter.sqrt %x : (tensor<7x?xf64>) -> tensor<7x?xf64>
  %4 = sinter.rsqrt %x : (tensor<7x?xf64>) -> tensor<7x?xf64>
  %5 = sinter.sigmoid %x : (tensor<7x?xf64>) -> tensor<7x?xf64>
  %6 = sinter.tanh %x : (tensor<7x?xf64>) -> tensor<7x?xf64>
  %7 = sinter.relu %x : (tensor<7x?xf64>) -> tensor<7x?xf64>
  %8 = sinter.pow %x {exponent = 2.0 : f64} : (tensor<7x?xf64>) -> tensor<7x?xf64>
  %9 = sinter.pow %x {exponent = 1.0 : f64} : (tensor<7x?xf64>) -> tensor<7x?xf64>
  %10 = sinter.pow %x {exponent = -2.0 : f64} : (tensor<7x?xf64>) -> tensor<7x?xf64>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10
      : tensor<7x?xf64>, tensor<7x?xf64>, tensor<7x?xf64>, tensor<7x?xf64>, tensor<7x?xf64>, tensor<7x?xf64>,
        tensor<7x?xf64>, tensor<7x?xf64>, tensor<7x?xf64>, tensor<7x?xf64>, tensor<7x?xf64>
}

// Every pair of element types.
func.func @casts(%f: tensor<?xf32>, %d: tensor<?xf64>, %l: tensor<?xi64>, %i: tensor<?xi32>, %m: tensor<?xi1>)
    -> (tensor<?xf64>, tensor<?xi64>, tensor<?xi32>, tensor<?xi1>,
        tensor<?xf32>, tensor<?xi64>, tensor<?xi32>, tensor<?xi1>,
        tensor<?xf32>, tensor<?xf64>, tensor<?xi32>, tensor<?xi1>,
        tensor<?xf32>, tensor<?xf64>, tensor<?xi64>, tensor<?xi1>,
        tensor<?xf32>, tensor<?xf64>, tensor<?xi64>, tensor<?xi32>, tensor<?xf32>) {
  %f0 = sinter.cast %f {dtype = f64} : (tensor<?xf32>) -> tensor<?xf64>
  %f1 = sinter.cast %f {dtype = i64} : (tensor<?xf32>) -> tensor<?xi64>
  %f2 = sinter.cast %f {dtype = i32} : (tensor<?xf32>) -> tensor<?xi32>
  %f3 = sinter.cast %f {dtype = i1} : (tensor<?xf32>) -> tensor<?xi1>
  %d0 = sinter.cast %d {dtype = f32} : (tensor<?xf64>) -> tensor<?xf32>
  %d1 = sinter.cast %d {dtype = i64} : (tensor<?xf64>) -> tensor<?xi64>
  %d2 = sinter.cast %d {dtype = i32} : (tensor<?xf64>) -> tensor<?xi32>
  %d3 = sinter.cast %d {dtype = i1} : (tensor<?xf64>) -> tensor<?xi1>
  %l0 = sinter.cast %l {dtype = f32} : (tensor<?xi64>) -> tensor<?xf32>
  %l1 = sinter.cast %l {dtype = f64} : (tensor<?xi64>) -> tensor<?xf64>
  %l2 = sinter.cast %l {dtype = i32} : (tensor<?xi64>) -> tensor<?xi32>
  %l3 = sinter.cast %l {dtype = i1} : (tensor<?xi64>) -> tensor<?xi1>
  %i0 = sinter.cast %i {dtype = f32} : (tensor<?xi32>) -> tensor<?xf32>
  %i1 = sinter.cast %i {dtype = f64} : (tensor<?xi32>) -> tensor<?xf64>
  %i2 = sinter.cast %i {dtype = i64} : (tensor<?xi32>) -> tensor<?xi64>
  %i3 = sinter.cast %i {dtype = i1} : (tensor<?xi32>) -> tensor<?xi1>
  %m0 = sinter.cast %m {dtype = f32} : (tensor<?xi1>) -> tensor<?xf32>
  %m1 = sinter.cast %m {dtype = f64} : (tensor<?xi1>) -> tensor<?xf64>
  %m2 = sinter.cast %m {dtype = i64} : (tensor<?xi1>) -> tensor<?xi64>
  %m3 = sinter.cast %m {dtype = i32} : (tensor<?xi1>) -> tensor<?xi32>
  %same = sinter.cast %f {dtype = f32} : (tensor<?xf32>) -> tensor<?xf32>
  return %f0, %f1, %f2, %f3, %d0, %d1, %d2, %d3, %l0, %l1, %l2, %l3, %i0, %i1, %i2, %i3, %m0, %m1, %m2, %m3, %same
      : tensor<?xf64>, tensor<?xi64>, tensor<?xi32>, tensor<?xi1>,
        tensor<?xf32>, tensor<?xi64>, tensor<?xi32>, tensor<?xi1>,
        tensor<?xf32>, tensor<?xf64>, tensor<?xi32>, tensor<?xi1>,
        tensor<?xf32>, tensor<?xf64>, tensor<?xi64>, tensor<?xi1>,
        tensor<?xf32>, tensor<?xf64>, tensor<?xi64>, tensor<?xi32>, tensor<?xf32>
}

// Literals.
func.func @constants() -> (tensor<3xf32>, tensor<2x2xi64>, tensor<4xi1>, tensor<f64>, tensor<2x3xf32>, tensor<5xi32>, tensor<3xi1>) {
  %0 = sinter.constant dense<[1.5, -2.0, 3.25]> : tensor<3xf32>
  %1 = sinter.constant dense<[[1, -2], [9007199254740993, 4]]> : tensor<2x2xi64>
  %2 = sinter.constant dense<[true, false, false, true]> : tensor<4xi1>
  %3 = sinter.constant dense<0.1> : tensor<f64>
  %4 = sinter.full {shape = array<i64: 2, 3>, value = -0.75 : f32} : () -> tensor<2x3xf32>
  %5 = sinter.full {shape = array<i64: 5>, value = -7 : i32} : () -> tensor<5xi32>
  %6 = sinter.full {shape = array<i64: 3>, value = true} : () -> tensor<3xi1>
  return %0, %1, %2, %3, %4, %5, %6 : tensor<3xf32>, tensor<2x2xi64>, tensor<4xi1>, tensor<f64>, tensor<2x3xf32>, tensor<5xi32>, tensor<3xi1>
}
