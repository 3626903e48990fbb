// Ill-formed unary ops and softmax.
// RUN: sinter-opt %s -split-input-file -verify-diagnostics

func.func @exp_int(%x: tensor<4xi64>) {
  // expected-error @+1 {{'sinter.exp' op operand #0 must be ranked tensor of 32-bit float or 64-bit float values, but got 'tensor<4xi64>'}}
  %0 = sinter.exp %x : (tensor<4xi64>) -> tensor<4xi64>
  return
}

// -----

func.func @sigmoid_bool(%x: tensor<4xi1>) {
  // expected-error @+1 {{'sinter.sigmoid' op operand #0 must be ranked tensor of 32-bit float or 64-bit float values}}
  %0 = sinter.sigmoid %x : (tensor<4xi1>) -> tensor<4xi1>
  return
}

// -----

func.func @relu_bool(%x: tensor<4xi1>) {
  // expected-error @+1 {{'sinter.relu' op operand #0 must be ranked tensor of 32-bit float or 64-bit float or 64-bit signless integer or 32-bit signless integer values, but got 'tensor<4xi1>'}}
  %0 = sinter.relu %x : (tensor<4xi1>) -> tensor<4xi1>
  return
}

// -----

func.func @unary_result_shape(%x: tensor<4x3xf32>) {
  // expected-error @+2 {{'sinter.tanh' op inferred type(s) 'tensor<4x3xf32>' are incompatible with return type(s) of operation 'tensor<3x4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.tanh %x : (tensor<4x3xf32>) -> tensor<3x4xf32>
  return
}

// -----

func.func @unary_result_element(%x: tensor<4xf32>) {
  // expected-error @+2 {{'sinter.neg' op inferred type(s) 'tensor<4xf32>' are incompatible with return type(s) of operation 'tensor<4xf64>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.neg %x : (tensor<4xf32>) -> tensor<4xf64>
  return
}

// -----

func.func @unary_result_dynamic(%x: tensor<4xf32>) {
  // expected-error @+2 {{'sinter.relu' op inferred type(s) 'tensor<4xf32>' are incompatible with return type(s) of operation 'tensor<?xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.relu %x : (tensor<4xf32>) -> tensor<?xf32>
  return
}

// -----

func.func @pow_int(%x: tensor<4xi32>) {
  // expected-error @+1 {{'sinter.pow' op operand #0 must be ranked tensor of 32-bit float or 64-bit float values}}
  %0 = sinter.pow %x {exponent = 2.0 : f64} : (tensor<4xi32>) -> tensor<4xi32>
  return
}

// -----

func.func @pow_missing_exponent(%x: tensor<4xf32>) {
  // expected-error @+1 {{'sinter.pow' op requires attribute 'exponent'}}
  %0 = sinter.pow %x : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @pow_f32_exponent(%x: tensor<4xf32>) {
  // expected-error @+1 {{'sinter.pow' op attribute 'exponent' failed to satisfy constraint: 64-bit float attribute}}
  %0 = sinter.pow %x {exponent = 2.0 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @cast_wrong_result(%x: tensor<4xf32>) {
  // expected-error @+2 {{'sinter.cast' op inferred type(s) 'tensor<4xi64>' are incompatible with return type(s) of operation 'tensor<4xf64>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.cast %x {dtype = i64} : (tensor<4xf32>) -> tensor<4xf64>
  return
}

// -----

func.func @cast_unsupported_dtype(%x: tensor<4xf32>) {
  // expected-error @+1 {{'sinter.cast' op attribute 'dtype' failed to satisfy constraint: type attribute of f32, f64, i64, i32 or i1}}
  %0 = sinter.cast %x {dtype = f16} : (tensor<4xf32>) -> tensor<4xf16>
  return
}

// -----

func.func @cast_missing_dtype(%x: tensor<4xf32>) {
  // expected-error @+1 {{'sinter.cast' op requires attribute 'dtype'}}
  %0 = sinter.cast %x : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @softmax_dim_out_of_range(%x: tensor<?x10xf32>) {
  // expected-error @+2 {{'sinter.softmax' op dim 2 is out of range for a rank-2 tensor (expected [-2, 1])}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.softmax %x {dim = 2 : i64} : (tensor<?x10xf32>) -> tensor<?x10xf32>
  return
}

// -----

func.func @log_softmax_dim_out_of_range_negative(%x: tensor<?x10xf32>) {
  // expected-error @+2 {{'sinter.log_softmax' op dim -3 is out of range for a rank-2 tensor (expected [-2, 1])}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.log_softmax %x {dim = -3 : i64} : (tensor<?x10xf32>) -> tensor<?x10xf32>
  return
}

// -----

func.func @softmax_scalar(%x: tensor<f32>) {
  // expected-error @+2 {{'sinter.softmax' op dim 0 is out of range for a 0-d tensor, which has no dimensions}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.softmax %x {dim = 0 : i64} : (tensor<f32>) -> tensor<f32>
  return
}

// -----

func.func @softmax_int(%x: tensor<4xi64>) {
  // expected-error @+1 {{'sinter.softmax' op operand #0 must be ranked tensor of 32-bit float or 64-bit float values}}
  %0 = sinter.softmax %x {dim = 0 : i64} : (tensor<4xi64>) -> tensor<4xi64>
  return
}

// -----

func.func @softmax_missing_dim(%x: tensor<4xf32>) {
  // expected-error @+1 {{'sinter.softmax' op requires attribute 'dim'}}
  %0 = sinter.softmax %x : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @softmax_result(%x: tensor<4x10xf32>) {
  // expected-error @+2 {{'sinter.softmax' op inferred type(s) 'tensor<4x10xf32>' are incompatible with return type(s) of operation 'tensor<4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.softmax %x {dim = 1 : i64} : (tensor<4x10xf32>) -> tensor<4xf32>
  return
}
