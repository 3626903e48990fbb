// Ill-formed reductions and argmax.
// RUN: sinter-opt %s -split-input-file -verify-diagnostics

func.func @sum_dim_out_of_range(%x: tensor<?x10xf32>) {
  // expected-error @+2 {{'sinter.sum' op dim 2 is out of range for a rank-2 tensor (expected [-2, 1])}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.sum %x {dims = array<i64: 2>} : (tensor<?x10xf32>) -> tensor<?xf32>
  return
}

// -----

func.func @mean_dim_out_of_range_negative(%x: tensor<?x10xf32>) {
  // expected-error @+2 {{'sinter.mean' op dim -3 is out of range for a rank-2 tensor (expected [-2, 1])}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.mean %x {dims = array<i64: -3>} : (tensor<?x10xf32>) -> tensor<?xf32>
  return
}

// -----

func.func @max_duplicate_dims(%x: tensor<2x3x4xf32>) {
  // expected-error @+2 {{'sinter.max' op dim 1 appears more than once in dims}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.max %x {dims = array<i64: 1, -2>} : (tensor<2x3x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @min_scalar_dim(%x: tensor<f32>) {
  // expected-error @+2 {{'sinter.min' op dim 0 is out of range for a 0-d tensor, which has no dimensions}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.min %x {dims = array<i64: 0>} : (tensor<f32>) -> tensor<f32>
  return
}

// -----

// keepdim keeps the reduced dimension with size 1.
func.func @sum_keepdim_result(%x: tensor<?x10xf32>) {
  // expected-error @+2 {{'sinter.sum' op inferred type(s) 'tensor<?x1xf32>' are incompatible with return type(s) of operation 'tensor<?xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.sum %x {dims = array<i64: 1>, keepdim = true} : (tensor<?x10xf32>) -> tensor<?xf32>
  return
}

// -----

func.func @sum_no_keepdim_result(%x: tensor<?x10xf32>) {
  // expected-error @+2 {{'sinter.sum' op inferred type(s) 'tensor<?xf32>' are incompatible with return type(s) of operation 'tensor<?x1xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.sum %x {dims = array<i64: 1>} : (tensor<?x10xf32>) -> tensor<?x1xf32>
  return
}

// -----

func.func @sum_result_element(%x: tensor<4xi32>) {
  // expected-error @+2 {{'sinter.sum' op inferred type(s) 'tensor<i32>' are incompatible with return type(s) of operation 'tensor<i64>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.sum %x : (tensor<4xi32>) -> tensor<i64>
  return
}

// -----

func.func @mean_int(%x: tensor<4xi64>) {
  // expected-error @+1 {{'sinter.mean' op operand #0 must be ranked tensor of 32-bit float or 64-bit float values, but got 'tensor<4xi64>'}}
  %0 = sinter.mean %x : (tensor<4xi64>) -> tensor<i64>
  return
}

// -----

func.func @sum_bool(%x: tensor<4xi1>) {
  // expected-error @+1 {{'sinter.sum' op operand #0 must be ranked tensor of 32-bit float or 64-bit float or 64-bit signless integer or 32-bit signless integer values, but got 'tensor<4xi1>'}}
  %0 = sinter.sum %x : (tensor<4xi1>) -> tensor<i1>
  return
}

// -----

func.func @keepdim_not_bool(%x: tensor<4xf32>) {
  // expected-error @+1 {{'sinter.sum' op attribute 'keepdim' failed to satisfy constraint: bool attribute}}
  %0 = sinter.sum %x {keepdim = 1 : i64} : (tensor<4xf32>) -> tensor<f32>
  return
}

// -----

func.func @dims_not_array(%x: tensor<4xf32>) {
  // expected-error @+1 {{'sinter.sum' op attribute 'dims' failed to satisfy constraint: i64 dense array attribute}}
  %0 = sinter.sum %x {dims = [0]} : (tensor<4xf32>) -> tensor<f32>
  return
}

// -----

func.func @argmax_dim_out_of_range(%x: tensor<?x10xf32>) {
  // expected-error @+2 {{'sinter.argmax' op dim 2 is out of range for a rank-2 tensor (expected [-2, 1])}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.argmax %x {dim = 2 : i64} : (tensor<?x10xf32>) -> tensor<?xi64>
  return
}

// -----

func.func @argmax_scalar_dim(%x: tensor<f32>) {
  // expected-error @+2 {{'sinter.argmax' op argmax over dim 0 of a 0-d tensor; omit dim instead}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.argmax %x {dim = 0 : i64} : (tensor<f32>) -> tensor<i64>
  return
}

// -----

func.func @argmax_empty_dim(%x: tensor<4x0xf32>) {
  // expected-error @+2 {{'sinter.argmax' op argmax over dimension 1 of size 0}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.argmax %x {dim = -1 : i64} : (tensor<4x0xf32>) -> tensor<4xi64>
  return
}

// -----

func.func @argmax_empty(%x: tensor<4x0xf32>) {
  // expected-error @+2 {{'sinter.argmax' op argmax of an empty tensor [4, 0]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.argmax %x : (tensor<4x0xf32>) -> tensor<i64>
  return
}

// -----

func.func @argmax_result_not_i64(%x: tensor<?x10xf32>) {
  // expected-error @+2 {{'sinter.argmax' op inferred type(s) 'tensor<?xi64>' are incompatible with return type(s) of operation 'tensor<?xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.argmax %x {dim = 1 : i64} : (tensor<?x10xf32>) -> tensor<?xf32>
  return
}

// -----

func.func @argmax_bool(%x: tensor<4xi1>) {
  // expected-error @+1 {{'sinter.argmax' op operand #0 must be ranked tensor of 32-bit float or 64-bit float or 64-bit signless integer or 32-bit signless integer values, but got 'tensor<4xi1>'}}
  %0 = sinter.argmax %x : (tensor<4xi1>) -> tensor<i64>
  return
}
