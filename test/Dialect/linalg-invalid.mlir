// Ill-formed matmul, linear, transpose and permute.
// RUN: sinter-opt %s -split-input-file -verify-diagnostics

func.func @contracting_differ(%a: tensor<8x784xf32>, %b: tensor<512x10xf32>) {
  // expected-error @+2 {{'sinter.matmul' op contracting dimensions differ: 784 vs 512}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.matmul %a, %b : (tensor<8x784xf32>, tensor<512x10xf32>) -> tensor<8x10xf32>
  return
}

// -----

func.func @matmul_vector(%a: tensor<4xf32>, %b: tensor<4x5xf32>) {
  // expected-error @+2 {{'sinter.matmul' op matmul operands must have rank 2 or more, got [4] and [4, 5] (unsqueeze a vector first)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.matmul %a, %b : (tensor<4xf32>, tensor<4x5xf32>) -> tensor<5xf32>
  return
}

// -----

func.func @matmul_scalar_rhs(%a: tensor<3x4xf32>, %b: tensor<f32>) {
  // expected-error @+2 {{matmul operands must have rank 2 or more, got [3, 4] and [] (unsqueeze a vector first)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.matmul %a, %b : (tensor<3x4xf32>, tensor<f32>) -> tensor<3x4xf32>
  return
}

// -----

func.func @matmul_batch(%a: tensor<2x3x4xf32>, %b: tensor<3x4x5xf32>) {
  // expected-error @+2 {{'sinter.matmul' op batch dimensions do not broadcast: shapes [2] and [3] do not broadcast: dimension 0 is 2 vs 3, and neither is 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.matmul %a, %b : (tensor<2x3x4xf32>, tensor<3x4x5xf32>) -> tensor<2x3x5xf32>
  return
}

// -----

func.func @matmul_element_types(%a: tensor<3x4xf32>, %b: tensor<4x5xf64>) {
  // expected-error @+2 {{'sinter.matmul' op element types differ: lhs is f32, rhs is f64 (insert sinter.cast)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.matmul %a, %b : (tensor<3x4xf32>, tensor<4x5xf64>) -> tensor<3x5xf32>
  return
}

// -----

func.func @matmul_int(%a: tensor<3x4xi64>, %b: tensor<4x5xi64>) {
  // expected-error @+1 {{'sinter.matmul' op operand #0 must be ranked tensor of 32-bit float or 64-bit float values, but got 'tensor<3x4xi64>'}}
  %0 = sinter.matmul %a, %b : (tensor<3x4xi64>, tensor<4x5xi64>) -> tensor<3x5xi64>
  return
}

// -----

func.func @matmul_wrong_result(%a: tensor<?x4xf32>, %b: tensor<4x5xf32>) {
  // expected-error @+2 {{'sinter.matmul' op inferred type(s) 'tensor<?x5xf32>' are incompatible with return type(s) of operation 'tensor<8x5xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.matmul %a, %b : (tensor<?x4xf32>, tensor<4x5xf32>) -> tensor<8x5xf32>
  return
}

// -----

func.func @linear_weight_rank(%x: tensor<?x784xf32>, %w: tensor<784xf32>) {
  // expected-error @+2 {{'sinter.linear' op weight must be [out_features, in_features], got [784]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.linear %x, %w : (tensor<?x784xf32>, tensor<784xf32>) -> tensor<?xf32>
  return
}

// -----

func.func @linear_scalar_input(%x: tensor<f32>, %w: tensor<2x3xf32>) {
  // expected-error @+2 {{'sinter.linear' op input must have rank 1 or more, got a 0-d tensor}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.linear %x, %w : (tensor<f32>, tensor<2x3xf32>) -> tensor<2xf32>
  return
}

// -----

// PyTorch's layout is [out_features, in_features]: passing the transposed
// weight is the classic mistake.
func.func @linear_in_features(%x: tensor<?x784xf32>, %w: tensor<784x256xf32>) {
  // expected-error @+2 {{'sinter.linear' op input features differ: input [?, 784] has 784, weight [784, 256] expects 256}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.linear %x, %w : (tensor<?x784xf32>, tensor<784x256xf32>) -> tensor<?x784xf32>
  return
}

// -----

func.func @linear_bias_shape(%x: tensor<?x784xf32>, %w: tensor<256x784xf32>, %b: tensor<784xf32>) {
  // expected-error @+2 {{'sinter.linear' op bias must be [256] for weight [256, 784], got [784]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.linear %x, %w, %b : (tensor<?x784xf32>, tensor<256x784xf32>, tensor<784xf32>) -> tensor<?x256xf32>
  return
}

// -----

func.func @linear_bias_rank(%x: tensor<?x784xf32>, %w: tensor<256x784xf32>, %b: tensor<1x256xf32>) {
  // expected-error @+2 {{'sinter.linear' op bias must be [256] for weight [256, 784], got [1, 256]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.linear %x, %w, %b : (tensor<?x784xf32>, tensor<256x784xf32>, tensor<1x256xf32>) -> tensor<?x256xf32>
  return
}

// -----

func.func @linear_weight_element(%x: tensor<?x3xf32>, %w: tensor<2x3xf64>) {
  // expected-error @+2 {{'sinter.linear' op element types differ: input is f32, weight is f64 (insert sinter.cast)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.linear %x, %w : (tensor<?x3xf32>, tensor<2x3xf64>) -> tensor<?x2xf32>
  return
}

// -----

func.func @linear_bias_element(%x: tensor<?x3xf32>, %w: tensor<2x3xf32>, %b: tensor<2xf64>) {
  // expected-error @+2 {{'sinter.linear' op element types differ: input is f32, bias is f64 (insert sinter.cast)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.linear %x, %w, %b : (tensor<?x3xf32>, tensor<2x3xf32>, tensor<2xf64>) -> tensor<?x2xf32>
  return
}

// -----

func.func @linear_int(%x: tensor<?x3xi64>, %w: tensor<2x3xi64>) {
  // expected-error @+1 {{'sinter.linear' op operand #0 must be ranked tensor of 32-bit float or 64-bit float values}}
  %0 = sinter.linear %x, %w : (tensor<?x3xi64>, tensor<2x3xi64>) -> tensor<?x2xi64>
  return
}

// -----

func.func @transpose_dim_out_of_range(%x: tensor<2x3xf32>) {
  // expected-error @+2 {{'sinter.transpose' op dim 2 is out of range for a rank-2 tensor (expected [-2, 1])}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.transpose %x {dim0 = 0 : i64, dim1 = 2 : i64} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return
}

// -----

func.func @transpose_dim0_out_of_range(%x: tensor<2x3xf32>) {
  // expected-error @+2 {{'sinter.transpose' op dim -3 is out of range for a rank-2 tensor (expected [-2, 1])}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.transpose %x {dim0 = -3 : i64, dim1 = 1 : i64} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return
}

// -----

func.func @transpose_wrong_result(%x: tensor<2x3x4xf32>) {
  // expected-error @+2 {{'sinter.transpose' op inferred type(s) 'tensor<4x3x2xf32>' are incompatible with return type(s) of operation 'tensor<3x2x4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.transpose %x {dim0 = 0 : i64, dim1 = 2 : i64} : (tensor<2x3x4xf32>) -> tensor<3x2x4xf32>
  return
}

// -----

func.func @transpose_missing_dim(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'sinter.transpose' op requires attribute 'dim1'}}
  %0 = sinter.transpose %x {dim0 = 0 : i64} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return
}

// -----

func.func @permute_count(%x: tensor<2x3x4xf32>) {
  // expected-error @+2 {{'sinter.permute' op permute of a rank-3 tensor needs 3 dims, got 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.permute %x {dims = array<i64: 1, 0>} : (tensor<2x3x4xf32>) -> tensor<3x2x4xf32>
  return
}

// -----

func.func @permute_not_permutation(%x: tensor<2x3x4xf32>) {
  // expected-error @+2 {{'sinter.permute' op dims [0, 1, -2] is not a permutation: 1 appears twice}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.permute %x {dims = array<i64: 0, 1, -2>} : (tensor<2x3x4xf32>) -> tensor<2x3x3xf32>
  return
}

// -----

func.func @permute_dim_out_of_range(%x: tensor<2x3x4xf32>) {
  // expected-error @+2 {{'sinter.permute' op dim 3 is out of range for a rank-3 tensor (expected [-3, 2])}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.permute %x {dims = array<i64: 0, 3, 1>} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  return
}
