// Folders and canonicalization patterns of the sinter ops.
// RUN: sinter-opt %s -canonicalize -split-input-file | FileCheck %s

// CHECK-LABEL: func.func @add_zero
// CHECK-SAME: (%[[X:.*]]: tensor<4x3xf32>)
// CHECK-NOT: sinter.add
// CHECK: return %[[X]], %[[X]] : tensor<4x3xf32>, tensor<4x3xf32>
func.func @add_zero(%x: tensor<4x3xf32>) -> (tensor<4x3xf32>, tensor<4x3xf32>) {
  %zero = sinter.constant dense<0.0> : tensor<f32>
  %0 = sinter.add %x, %zero : (tensor<4x3xf32>, tensor<f32>) -> tensor<4x3xf32>
  %1 = sinter.add %zero, %x : (tensor<f32>, tensor<4x3xf32>) -> tensor<4x3xf32>
  return %0, %1 : tensor<4x3xf32>, tensor<4x3xf32>
}

// -----

// An all-zero tensor constant and integer zeros fold too.
// CHECK-LABEL: func.func @add_zero_tensor_and_int
// CHECK-SAME: (%[[X:.*]]: tensor<?x3xf64>, %[[I:.*]]: tensor<5xi64>)
// CHECK-NOT: sinter.add
// CHECK: return %[[X]], %[[I]]
func.func @add_zero_tensor_and_int(%x: tensor<?x3xf64>, %i: tensor<5xi64>) -> (tensor<?x3xf64>, tensor<5xi64>) {
  %zero = sinter.constant dense<[0.0, 0.0, 0.0]> : tensor<3xf64>
  %0 = sinter.add %x, %zero : (tensor<?x3xf64>, tensor<3xf64>) -> tensor<?x3xf64>
  %izero = sinter.constant dense<0> : tensor<i64>
  %1 = sinter.add %izero, %i : (tensor<i64>, tensor<5xi64>) -> tensor<5xi64>
  return %0, %1 : tensor<?x3xf64>, tensor<5xi64>
}

// -----

// x + 0 is not x when the zero broadcasts x to a larger shape, nor when
// the constant is not all zeros.
// CHECK-LABEL: func.func @add_zero_broadcasting
// CHECK: %[[A:.*]] = sinter.add
// CHECK: %[[B:.*]] = sinter.add
// CHECK: return %[[A]], %[[B]]
func.func @add_zero_broadcasting(%x: tensor<3xf32>) -> (tensor<2x3xf32>, tensor<3xf32>) {
  %zero = sinter.constant dense<0.0> : tensor<2x3xf32>
  %0 = sinter.add %x, %zero : (tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %c = sinter.constant dense<[0.0, 1.0, 0.0]> : tensor<3xf32>
  %1 = sinter.add %x, %c : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %0, %1 : tensor<2x3xf32>, tensor<3xf32>
}

// -----

// x - 0 is x; 0 - x is not.
// CHECK-LABEL: func.func @sub_zero
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>)
// CHECK: %[[Z:.*]] = sinter.constant dense<0.000000e+00> : tensor<f32>
// CHECK-NEXT: %[[N:.*]] = sinter.sub %[[Z]], %[[X]]
// CHECK-NEXT: return %[[X]], %[[N]]
func.func @sub_zero(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %zero = sinter.constant dense<0.0> : tensor<f32>
  %0 = sinter.sub %x, %zero : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  %1 = sinter.sub %zero, %x : (tensor<f32>, tensor<4xf32>) -> tensor<4xf32>
  return %0, %1 : tensor<4xf32>, tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @mul_one
// CHECK-SAME: (%[[X:.*]]: tensor<4x3xf32>, %[[I:.*]]: tensor<2xi32>)
// CHECK-NOT: sinter.mul
// CHECK: return %[[X]], %[[X]], %[[I]]
func.func @mul_one(%x: tensor<4x3xf32>, %i: tensor<2xi32>) -> (tensor<4x3xf32>, tensor<4x3xf32>, tensor<2xi32>) {
  %one = sinter.constant dense<1.0> : tensor<f32>
  %0 = sinter.mul %x, %one : (tensor<4x3xf32>, tensor<f32>) -> tensor<4x3xf32>
  %1 = sinter.mul %one, %x : (tensor<f32>, tensor<4x3xf32>) -> tensor<4x3xf32>
  %ione = sinter.constant dense<1> : tensor<2xi32>
  %2 = sinter.mul %i, %ione : (tensor<2xi32>, tensor<2xi32>) -> tensor<2xi32>
  return %0, %1, %2 : tensor<4x3xf32>, tensor<4x3xf32>, tensor<2xi32>
}

// -----

// Multiplying by zero is not folded (NaN * 0 is NaN).
// CHECK-LABEL: func.func @mul_zero_kept
// CHECK: sinter.mul
func.func @mul_zero_kept(%x: tensor<4xf32>) -> tensor<4xf32> {
  %zero = sinter.constant dense<0.0> : tensor<f32>
  %0 = sinter.mul %x, %zero : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// x / 1 is x; 1 / x is not.
// CHECK-LABEL: func.func @div_one
// CHECK-SAME: (%[[X:.*]]: tensor<4xf64>)
// CHECK: %[[ONE:.*]] = sinter.constant dense<1.000000e+00> : tensor<f64>
// CHECK-NEXT: %[[R:.*]] = sinter.div %[[ONE]], %[[X]]
// CHECK-NEXT: return %[[X]], %[[R]]
func.func @div_one(%x: tensor<4xf64>) -> (tensor<4xf64>, tensor<4xf64>) {
  %one = sinter.constant dense<1.0> : tensor<f64>
  %0 = sinter.div %x, %one : (tensor<4xf64>, tensor<f64>) -> tensor<4xf64>
  %1 = sinter.div %one, %x : (tensor<f64>, tensor<4xf64>) -> tensor<4xf64>
  return %0, %1 : tensor<4xf64>, tensor<4xf64>
}

// -----

// CHECK-LABEL: func.func @maximum_minimum_same
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>, %[[Y:.*]]: tensor<4xf32>)
// CHECK-NEXT: %[[M:.*]] = sinter.maximum %[[X]], %[[Y]]
// CHECK-NEXT: return %[[X]], %[[X]], %[[M]]
func.func @maximum_minimum_same(%x: tensor<4xf32>, %y: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %0 = sinter.maximum %x, %x : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %1 = sinter.minimum %x, %x : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %2 = sinter.maximum %x, %y : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0, %1, %2 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @neg_neg
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>, %[[I:.*]]: tensor<2xi64>)
// CHECK-NEXT: %[[N:.*]] = sinter.neg %[[X]]
// CHECK-NEXT: return %[[X]], %[[I]], %[[N]]
func.func @neg_neg(%x: tensor<4xf32>, %i: tensor<2xi64>) -> (tensor<4xf32>, tensor<2xi64>, tensor<4xf32>) {
  %0 = sinter.neg %x : (tensor<4xf32>) -> tensor<4xf32>
  %1 = sinter.neg %0 : (tensor<4xf32>) -> tensor<4xf32>
  %2 = sinter.neg %i : (tensor<2xi64>) -> tensor<2xi64>
  %3 = sinter.neg %2 : (tensor<2xi64>) -> tensor<2xi64>
  // Three negations are one.
  %4 = sinter.neg %1 : (tensor<4xf32>) -> tensor<4xf32>
  return %1, %3, %4 : tensor<4xf32>, tensor<2xi64>, tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @pow_one
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>)
// CHECK-NEXT: %[[P:.*]] = sinter.pow %[[X]] {exponent = 2.000000e+00 : f64}
// CHECK-NEXT: return %[[X]], %[[P]]
func.func @pow_one(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %0 = sinter.pow %x {exponent = 1.0 : f64} : (tensor<4xf32>) -> tensor<4xf32>
  %1 = sinter.pow %x {exponent = 2.0 : f64} : (tensor<4xf32>) -> tensor<4xf32>
  return %0, %1 : tensor<4xf32>, tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @cast_same_type
// CHECK-SAME: (%[[X:.*]]: tensor<?x3xf32>)
// CHECK-NEXT: %[[C:.*]] = sinter.cast %[[X]] {dtype = f64}
// CHECK-NEXT: return %[[X]], %[[C]]
func.func @cast_same_type(%x: tensor<?x3xf32>) -> (tensor<?x3xf32>, tensor<?x3xf64>) {
  %0 = sinter.cast %x {dtype = f32} : (tensor<?x3xf32>) -> tensor<?x3xf32>
  %1 = sinter.cast %x {dtype = f64} : (tensor<?x3xf32>) -> tensor<?x3xf64>
  return %0, %1 : tensor<?x3xf32>, tensor<?x3xf64>
}

// -----

// Swapping a dimension with itself, also when written once negative.
// CHECK-LABEL: func.func @transpose_identity
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
// CHECK-NOT: sinter.transpose
// CHECK: return %[[X]], %[[X]]
func.func @transpose_identity(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>) {
  %0 = sinter.transpose %x {dim0 = 1 : i64, dim1 = 1 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %1 = sinter.transpose %x {dim0 = -1 : i64, dim1 = 1 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0, %1 : tensor<2x3xf32>, tensor<2x3xf32>
}

// -----

// A transpose undoes the same transpose, whatever the order and sign of the
// dims.
// CHECK-LABEL: func.func @double_transpose
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>)
// CHECK-NOT: sinter.transpose
// CHECK: return %[[X]], %[[X]]
func.func @double_transpose(%x: tensor<2x3x4xf32>) -> (tensor<2x3x4xf32>, tensor<2x3x4xf32>) {
  %0 = sinter.transpose %x {dim0 = 0 : i64, dim1 = 2 : i64} : (tensor<2x3x4xf32>) -> tensor<4x3x2xf32>
  %1 = sinter.transpose %0 {dim0 = 0 : i64, dim1 = 2 : i64} : (tensor<4x3x2xf32>) -> tensor<2x3x4xf32>
  %2 = sinter.transpose %x {dim0 = -1 : i64, dim1 = -2 : i64} : (tensor<2x3x4xf32>) -> tensor<2x4x3xf32>
  %3 = sinter.transpose %2 {dim0 = 1 : i64, dim1 = 2 : i64} : (tensor<2x4x3xf32>) -> tensor<2x3x4xf32>
  return %1, %3 : tensor<2x3x4xf32>, tensor<2x3x4xf32>
}

// -----

// Two different transposes stay.
// CHECK-LABEL: func.func @transpose_different
// CHECK: sinter.transpose
// CHECK: sinter.transpose
func.func @transpose_different(%x: tensor<2x3x4xf32>) -> tensor<3x4x2xf32> {
  %0 = sinter.transpose %x {dim0 = 0 : i64, dim1 = 1 : i64} : (tensor<2x3x4xf32>) -> tensor<3x2x4xf32>
  %1 = sinter.transpose %0 {dim0 = 1 : i64, dim1 = 2 : i64} : (tensor<3x2x4xf32>) -> tensor<3x4x2xf32>
  return %1 : tensor<3x4x2xf32>
}

// -----

// CHECK-LABEL: func.func @permute_identity
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>)
// CHECK-NEXT: %[[P:.*]] = sinter.permute %[[X]] {dims = array<i64: 1, 0, 2>}
// CHECK-NEXT: return %[[X]], %[[X]], %[[P]]
func.func @permute_identity(%x: tensor<2x3x4xf32>) -> (tensor<2x3x4xf32>, tensor<2x3x4xf32>, tensor<3x2x4xf32>) {
  %0 = sinter.permute %x {dims = array<i64: 0, 1, 2>} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %1 = sinter.permute %x {dims = array<i64: -3, 1, -1>} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %2 = sinter.permute %x {dims = array<i64: 1, 0, 2>} : (tensor<2x3x4xf32>) -> tensor<3x2x4xf32>
  return %0, %1, %2 : tensor<2x3x4xf32>, tensor<2x3x4xf32>, tensor<3x2x4xf32>
}

// -----

// A chain of reshapes is one reshape of the first input.
// CHECK-LABEL: func.func @reshape_chain
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>, %[[D:.*]]: tensor<?x28x28xf32>)
// CHECK-NEXT: %[[A:.*]] = sinter.reshape %[[X]] {shape = array<i64: 4, 6>} : (tensor<2x3x4xf32>) -> tensor<4x6xf32>
// CHECK-NEXT: %[[B:.*]] = sinter.reshape %[[D]] {shape = array<i64: -1, 784>} : (tensor<?x28x28xf32>) -> tensor<?x784xf32>
// CHECK-NEXT: return %[[A]], %[[B]]
func.func @reshape_chain(%x: tensor<2x3x4xf32>, %d: tensor<?x28x28xf32>) -> (tensor<4x6xf32>, tensor<?x784xf32>) {
  %0 = sinter.reshape %x {shape = array<i64: 24>} : (tensor<2x3x4xf32>) -> tensor<24xf32>
  %1 = sinter.reshape %0 {shape = array<i64: 12, 2>} : (tensor<24xf32>) -> tensor<12x2xf32>
  %2 = sinter.reshape %1 {shape = array<i64: 4, 6>} : (tensor<12x2xf32>) -> tensor<4x6xf32>
  %3 = sinter.reshape %d {shape = array<i64: -1, 28, 28, 1>} : (tensor<?x28x28xf32>) -> tensor<?x28x28x1xf32>
  %4 = sinter.reshape %3 {shape = array<i64: -1, 784>} : (tensor<?x28x28x1xf32>) -> tensor<?x784xf32>
  return %2, %4 : tensor<4x6xf32>, tensor<?x784xf32>
}

// -----

// Regression: with a dynamic input, the outer reshape of a chain may not be
// valid on the inner input (6 is a multiple of 2 but not of 4), so the chain
// stays. Folding it produced IR that failed verification.
// CHECK-LABEL: func.func @reshape_chain_not_composable
// CHECK-SAME: (%[[X:.*]]: tensor<?x4xf32>)
// CHECK-NEXT: %[[A:.*]] = sinter.reshape %[[X]] {shape = array<i64: -1, 2>} : (tensor<?x4xf32>) -> tensor<?x2xf32>
// CHECK-NEXT: %[[B:.*]] = sinter.reshape %[[A]] {shape = array<i64: 6>} : (tensor<?x2xf32>) -> tensor<6xf32>
// CHECK-NEXT: return %[[B]]
func.func @reshape_chain_not_composable(%x: tensor<?x4xf32>) -> tensor<6xf32> {
  %0 = sinter.reshape %x {shape = array<i64: -1, 2>} : (tensor<?x4xf32>) -> tensor<?x2xf32>
  %1 = sinter.reshape %0 {shape = array<i64: 6>} : (tensor<?x2xf32>) -> tensor<6xf32>
  return %1 : tensor<6xf32>
}

// -----

// A chain that comes back to the input's type folds away entirely.
// CHECK-LABEL: func.func @reshape_identity
// CHECK-SAME: (%[[X:.*]]: tensor<4x6xf32>, %[[D:.*]]: tensor<?x3xf32>)
// CHECK-NOT: sinter.reshape
// CHECK: return %[[X]], %[[X]], %[[D]]
func.func @reshape_identity(%x: tensor<4x6xf32>, %d: tensor<?x3xf32>) -> (tensor<4x6xf32>, tensor<4x6xf32>, tensor<?x3xf32>) {
  %0 = sinter.reshape %x {shape = array<i64: 4, 6>} : (tensor<4x6xf32>) -> tensor<4x6xf32>
  %1 = sinter.reshape %x {shape = array<i64: 24>} : (tensor<4x6xf32>) -> tensor<24xf32>
  %2 = sinter.reshape %1 {shape = array<i64: 4, -1>} : (tensor<24xf32>) -> tensor<4x6xf32>
  %3 = sinter.reshape %d {shape = array<i64: -1, 3>} : (tensor<?x3xf32>) -> tensor<?x3xf32>
  return %0, %2, %3 : tensor<4x6xf32>, tensor<4x6xf32>, tensor<?x3xf32>
}

// -----

// CHECK-LABEL: func.func @broadcast_to_same
// CHECK-SAME: (%[[X:.*]]: tensor<?x3xf32>)
// CHECK-NEXT: %[[B:.*]] = sinter.broadcast_to %[[X]] {shape = array<i64: 2, -1, 3>}
// CHECK-NEXT: return %[[X]], %[[B]]
func.func @broadcast_to_same(%x: tensor<?x3xf32>) -> (tensor<?x3xf32>, tensor<2x?x3xf32>) {
  %0 = sinter.broadcast_to %x {shape = array<i64: -1, 3>} : (tensor<?x3xf32>) -> tensor<?x3xf32>
  %1 = sinter.broadcast_to %x {shape = array<i64: 2, -1, 3>} : (tensor<?x3xf32>) -> tensor<2x?x3xf32>
  return %0, %1 : tensor<?x3xf32>, tensor<2x?x3xf32>
}

// -----

// A squeeze that drops nothing is the identity.
// CHECK-LABEL: func.func @squeeze_nothing
// CHECK-SAME: (%[[X:.*]]: tensor<4x3xf32>, %[[Y:.*]]: tensor<4x1xf32>)
// CHECK-NEXT: %[[S:.*]] = sinter.squeeze %[[Y]]
// CHECK-NEXT: return %[[X]], %[[S]]
func.func @squeeze_nothing(%x: tensor<4x3xf32>, %y: tensor<4x1xf32>) -> (tensor<4x3xf32>, tensor<4xf32>) {
  %0 = sinter.squeeze %x {dims = array<i64: 0>} : (tensor<4x3xf32>) -> tensor<4x3xf32>
  %1 = sinter.squeeze %y : (tensor<4x1xf32>) -> tensor<4xf32>
  return %0, %1 : tensor<4x3xf32>, tensor<4xf32>
}

// -----

// unsqueeze(squeeze(x)) is x when the unsqueeze restores x's type.
// CHECK-LABEL: func.func @unsqueeze_squeeze
// CHECK-SAME: (%[[X:.*]]: tensor<4x1x3xf32>, %[[Y:.*]]: tensor<1x1x3xf32>)
// CHECK-NEXT: %[[S:.*]] = sinter.squeeze %[[Y]] : (tensor<1x1x3xf32>) -> tensor<3xf32>
// CHECK-NEXT: %[[U:.*]] = sinter.unsqueeze %[[S]] {dim = 0 : i64} : (tensor<3xf32>) -> tensor<1x3xf32>
// CHECK-NEXT: return %[[X]], %[[U]]
func.func @unsqueeze_squeeze(%x: tensor<4x1x3xf32>, %y: tensor<1x1x3xf32>) -> (tensor<4x1x3xf32>, tensor<1x3xf32>) {
  %0 = sinter.squeeze %x {dims = array<i64: 1>} : (tensor<4x1x3xf32>) -> tensor<4x3xf32>
  %1 = sinter.unsqueeze %0 {dim = 1 : i64} : (tensor<4x3xf32>) -> tensor<4x1x3xf32>
  // Dropping two dimensions and restoring one is not the identity.
  %2 = sinter.squeeze %y : (tensor<1x1x3xf32>) -> tensor<3xf32>
  %3 = sinter.unsqueeze %2 {dim = 0 : i64} : (tensor<3xf32>) -> tensor<1x3xf32>
  return %1, %3 : tensor<4x1x3xf32>, tensor<1x3xf32>
}

// -----

// CHECK-LABEL: func.func @concat_one
// CHECK-SAME: (%[[X:.*]]: tensor<4x2xf32>)
// CHECK-NEXT: %[[C:.*]] = sinter.concat %[[X]], %[[X]]
// CHECK-NEXT: return %[[X]], %[[C]]
func.func @concat_one(%x: tensor<4x2xf32>) -> (tensor<4x2xf32>, tensor<4x4xf32>) {
  %0 = sinter.concat %x {dim = 1 : i64} : (tensor<4x2xf32>) -> tensor<4x2xf32>
  %1 = sinter.concat %x, %x {dim = 1 : i64} : (tensor<4x2xf32>, tensor<4x2xf32>) -> tensor<4x4xf32>
  return %0, %1 : tensor<4x2xf32>, tensor<4x4xf32>
}

// -----

// A slice that keeps a whole static dimension is the identity; one along the
// dynamic dimension is not known to be.
// CHECK-LABEL: func.func @slice_whole
// CHECK-SAME: (%[[X:.*]]: tensor<?x6xf32>)
// CHECK-NEXT: %[[D:.*]] = sinter.slice %[[X]] {dim = 0 : i64, end = 4 : i64}
// CHECK-NEXT: %[[H:.*]] = sinter.slice %[[X]] {dim = 1 : i64, end = 3 : i64}
// CHECK-NEXT: return %[[X]], %[[X]], %[[D]], %[[H]]
func.func @slice_whole(%x: tensor<?x6xf32>) -> (tensor<?x6xf32>, tensor<?x6xf32>, tensor<?x6xf32>, tensor<?x3xf32>) {
  %0 = sinter.slice %x {dim = 1 : i64} : (tensor<?x6xf32>) -> tensor<?x6xf32>
  %1 = sinter.slice %x {dim = -1 : i64, start = -100 : i64, end = 100 : i64} : (tensor<?x6xf32>) -> tensor<?x6xf32>
  %2 = sinter.slice %x {dim = 0 : i64, end = 4 : i64} : (tensor<?x6xf32>) -> tensor<?x6xf32>
  %3 = sinter.slice %x {dim = 1 : i64, end = 3 : i64} : (tensor<?x6xf32>) -> tensor<?x3xf32>
  return %0, %1, %2, %3 : tensor<?x6xf32>, tensor<?x6xf32>, tensor<?x6xf32>, tensor<?x3xf32>
}

// -----

// CHECK-LABEL: func.func @flatten_one_dim
// CHECK-SAME: (%[[X:.*]]: tensor<?x3x4xf32>)
// CHECK-NEXT: %[[F:.*]] = sinter.flatten %[[X]] {start_dim = 1 : i64}
// CHECK-NEXT: return %[[X]], %[[F]]
func.func @flatten_one_dim(%x: tensor<?x3x4xf32>) -> (tensor<?x3x4xf32>, tensor<?x12xf32>) {
  %0 = sinter.flatten %x {start_dim = 1 : i64, end_dim = 1 : i64} : (tensor<?x3x4xf32>) -> tensor<?x3x4xf32>
  %1 = sinter.flatten %x {start_dim = 1 : i64} : (tensor<?x3x4xf32>) -> tensor<?x12xf32>
  return %0, %1 : tensor<?x3x4xf32>, tensor<?x12xf32>
}

// -----

// sinter.full is constant-like: it stays as written, and the folders see its
// value (x + full(0) is x). Unused ones are removed.
// CHECK-LABEL: func.func @full_is_constant
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>, %[[I:.*]]: tensor<3xi64>)
// CHECK-NEXT: %[[C:.*]] = sinter.full {shape = array<i64: 2, 3>, value = 2.500000e+00 : f32} : () -> tensor<2x3xf32>
// CHECK-NEXT: return %[[C]], %[[X]], %[[I]]
func.func @full_is_constant(%x: tensor<4xf32>, %i: tensor<3xi64>) -> (tensor<2x3xf32>, tensor<4xf32>, tensor<3xi64>) {
  %0 = sinter.full {shape = array<i64: 2, 3>, value = 2.5 : f32} : () -> tensor<2x3xf32>
  %zero = sinter.full {shape = array<i64: 4>, value = 0.0 : f32} : () -> tensor<4xf32>
  %1 = sinter.add %x, %zero : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %one = sinter.full {shape = array<i64>, value = 1 : i64} : () -> tensor<i64>
  %2 = sinter.mul %one, %i : (tensor<i64>, tensor<3xi64>) -> tensor<3xi64>
  %unused = sinter.full {shape = array<i64: 2>, value = true} : () -> tensor<2xi1>
  return %0, %1, %2 : tensor<2x3xf32>, tensor<4xf32>, tensor<3xi64>
}

// -----

// Equal constants are uniqued; dead ones removed.
// CHECK-LABEL: func.func @constants_uniqued
// CHECK: %[[C:.*]] = sinter.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>
// CHECK-NOT: sinter.constant
// CHECK: return %[[C]], %[[C]]
func.func @constants_uniqued() -> (tensor<2xf32>, tensor<2xf32>) {
  %0 = sinter.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %1 = sinter.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %2 = sinter.constant dense<3.0> : tensor<2xf32>
  return %0, %1 : tensor<2xf32>, tensor<2xf32>
}

// -----

// Negative softmax dims become non-negative.
// CHECK-LABEL: func.func @softmax_dim
// CHECK: sinter.softmax %{{.*}} {dim = 1 : i64} : (tensor<?x10xf32>) -> tensor<?x10xf32>
// CHECK: sinter.log_softmax %{{.*}} {dim = 0 : i64} : (tensor<2x3x4xf64>) -> tensor<2x3x4xf64>
// CHECK: sinter.softmax %{{.*}} {dim = 2 : i64} : (tensor<2x3x4xf64>) -> tensor<2x3x4xf64>
func.func @softmax_dim(%x: tensor<?x10xf32>, %y: tensor<2x3x4xf64>) -> (tensor<?x10xf32>, tensor<2x3x4xf64>, tensor<2x3x4xf64>) {
  %0 = sinter.softmax %x {dim = -1 : i64} : (tensor<?x10xf32>) -> tensor<?x10xf32>
  %1 = sinter.log_softmax %y {dim = -3 : i64} : (tensor<2x3x4xf64>) -> tensor<2x3x4xf64>
  %2 = sinter.softmax %y {dim = 2 : i64} : (tensor<2x3x4xf64>) -> tensor<2x3x4xf64>
  return %0, %1, %2 : tensor<?x10xf32>, tensor<2x3x4xf64>, tensor<2x3x4xf64>
}

// -----

// Reduction dims become non-negative and sorted; all the dims become none.
// CHECK-LABEL: func.func @reduction_dims
// CHECK: sinter.sum %{{.*}} {dims = array<i64: 0, 2>} : (tensor<2x3x4xf32>) -> tensor<3xf32>
// CHECK: sinter.mean %{{.*}} {dims = array<i64: 1, 2>, keepdim = true} : (tensor<2x3x4xf32>) -> tensor<2x1x1xf32>
// CHECK: sinter.max %{{.*}} : (tensor<2x3x4xf32>) -> tensor<f32>
// CHECK: sinter.min %{{.*}} {keepdim = true} : (tensor<2x3x4xf32>) -> tensor<1x1x1xf32>
// CHECK: sinter.sum %{{.*}} {dims = array<i64: 1>} : (tensor<?x10xi64>) -> tensor<?xi64>
// CHECK: sinter.sum %{{.*}} {dims = array<i64: 0>} : (tensor<?x10xi64>) -> tensor<10xi64>
func.func @reduction_dims(%x: tensor<2x3x4xf32>, %i: tensor<?x10xi64>) -> (tensor<3xf32>, tensor<2x1x1xf32>, tensor<f32>, tensor<1x1x1xf32>, tensor<?xi64>, tensor<10xi64>) {
  %0 = sinter.sum %x {dims = array<i64: -1, 0>} : (tensor<2x3x4xf32>) -> tensor<3xf32>
  %1 = sinter.mean %x {dims = array<i64: 2, -2>, keepdim = true} : (tensor<2x3x4xf32>) -> tensor<2x1x1xf32>
  %2 = sinter.max %x {dims = array<i64: 1, -1, 0>} : (tensor<2x3x4xf32>) -> tensor<f32>
  %3 = sinter.min %x {dims = array<i64: 0, 1, 2>, keepdim = true} : (tensor<2x3x4xf32>) -> tensor<1x1x1xf32>
  %4 = sinter.sum %i {dims = array<i64: -1>} : (tensor<?x10xi64>) -> tensor<?xi64>
  %5 = sinter.sum %i {dims = array<i64: 0>} : (tensor<?x10xi64>) -> tensor<10xi64>
  return %0, %1, %2, %3, %4, %5 : tensor<3xf32>, tensor<2x1x1xf32>, tensor<f32>, tensor<1x1x1xf32>, tensor<?xi64>, tensor<10xi64>
}

// -----

// Commutative ops (add, mul, maximum, minimum) take their constant operand
// on the right; sub and div keep their order.
// CHECK-LABEL: func.func @commutative_constant_right
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>)
// CHECK: %[[C:.*]] = sinter.constant dense<2.000000e+00> : tensor<f32>
// CHECK-NEXT: sinter.add %[[X]], %[[C]] : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
// CHECK-NEXT: sinter.mul %[[X]], %[[C]] : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
// CHECK-NEXT: sinter.maximum %[[X]], %[[C]] : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
// CHECK-NEXT: sinter.minimum %[[X]], %[[C]] : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
// CHECK-NEXT: sinter.sub %[[C]], %[[X]] : (tensor<f32>, tensor<4xf32>) -> tensor<4xf32>
// CHECK-NEXT: sinter.div %[[C]], %[[X]] : (tensor<f32>, tensor<4xf32>) -> tensor<4xf32>
func.func @commutative_constant_right(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %c = sinter.constant dense<2.0> : tensor<f32>
  %0 = sinter.add %c, %x : (tensor<f32>, tensor<4xf32>) -> tensor<4xf32>
  %1 = sinter.mul %c, %x : (tensor<f32>, tensor<4xf32>) -> tensor<4xf32>
  %2 = sinter.maximum %c, %x : (tensor<f32>, tensor<4xf32>) -> tensor<4xf32>
  %3 = sinter.minimum %c, %x : (tensor<f32>, tensor<4xf32>) -> tensor<4xf32>
  %4 = sinter.sub %c, %x : (tensor<f32>, tensor<4xf32>) -> tensor<4xf32>
  %5 = sinter.div %c, %x : (tensor<f32>, tensor<4xf32>) -> tensor<4xf32>
  return %0, %1, %2, %3, %4, %5 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// Pure ops without uses are removed; the random ops and dropout are pure too
// (their values depend only on the seed operand, the stream and the shape).
// CHECK-LABEL: func.func @dead_ops
// CHECK-NOT: sinter.
// CHECK: return
func.func @dead_ops(%x: tensor<4xf32>, %seed: tensor<i64>) {
  %0 = sinter.exp %x : (tensor<4xf32>) -> tensor<4xf32>
  %1 = sinter.uniform %seed {shape = array<i64: 2>, dtype = f32} : (tensor<i64>) -> tensor<2xf32>
  %2 = sinter.dropout %x, %seed {p = 0.5 : f64} : (tensor<4xf32>, tensor<i64>) -> tensor<4xf32>
  return
}
