// Ill-formed random ops.
// RUN: sinter-opt %s -split-input-file -verify-diagnostics

// dtype names a supported element type that is not floating point, while
// the result type is floating point: the inference rule reports it.
func.func @uniform_int_dtype(%seed: tensor<i64>) {
  // expected-error @+2 {{'sinter.uniform' op dtype must be f32 or f64}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.uniform %seed {shape = array<i64: 2>, dtype = i64} : (tensor<i64>) -> tensor<2xf32>
  return
}

// -----

func.func @normal_bool_dtype(%seed: tensor<i64>) {
  // expected-error @+2 {{'sinter.normal' op dtype must be f32 or f64}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.normal %seed {shape = array<i64: 2>, dtype = i1} : (tensor<i64>) -> tensor<2xf32>
  return
}

// -----

func.func @uniform_int_result(%seed: tensor<i64>) {
  // expected-error @+1 {{'sinter.uniform' op result #0 must be ranked tensor of 32-bit float or 64-bit float values, but got 'tensor<2xi64>'}}
  %0 = sinter.uniform %seed {shape = array<i64: 2>, dtype = i64} : (tensor<i64>) -> tensor<2xi64>
  return
}

// -----

func.func @uniform_unsupported_dtype(%seed: tensor<i64>) {
  // expected-error @+1 {{'sinter.uniform' op attribute 'dtype' failed to satisfy constraint: type attribute of f32, f64, i64, i32 or i1}}
  %0 = sinter.uniform %seed {shape = array<i64: 2>, dtype = bf16} : (tensor<i64>) -> tensor<2xf32>
  return
}

// -----

func.func @uniform_dtype_mismatch(%seed: tensor<i64>) {
  // expected-error @+2 {{'sinter.uniform' op inferred type(s) 'tensor<2xf64>' are incompatible with return type(s) of operation 'tensor<2xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.uniform %seed {shape = array<i64: 2>, dtype = f64} : (tensor<i64>) -> tensor<2xf32>
  return
}

// -----

func.func @uniform_shape_mismatch(%seed: tensor<i64>) {
  // expected-error @+2 {{'sinter.uniform' op inferred type(s) 'tensor<2x3xf32>' are incompatible with return type(s) of operation 'tensor<3x2xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.uniform %seed {shape = array<i64: 2, 3>, dtype = f32} : (tensor<i64>) -> tensor<3x2xf32>
  return
}

// -----

func.func @uniform_negative_shape(%seed: tensor<i64>) {
  // expected-error @+2 {{'sinter.uniform' op shape [-1, 3] must have sizes >= 0}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.uniform %seed {shape = array<i64: -1, 3>, dtype = f32} : (tensor<i64>) -> tensor<?x3xf32>
  return
}

// -----

func.func @normal_negative_shape(%seed: tensor<i64>) {
  // expected-error @+2 {{'sinter.normal' op shape [2, -7] must have sizes >= 0}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.normal %seed {shape = array<i64: 2, -7>, dtype = f32} : (tensor<i64>) -> tensor<2x7xf32>
  return
}

// -----

func.func @uniform_seed_not_scalar(%seed: tensor<1xi64>) {
  // expected-error @+1 {{'sinter.uniform' op operand #0 must be 0D tensor of 64-bit signless integer values, but got 'tensor<1xi64>'}}
  %0 = sinter.uniform %seed {shape = array<i64: 2>, dtype = f32} : (tensor<1xi64>) -> tensor<2xf32>
  return
}

// -----

func.func @normal_seed_f32(%seed: tensor<f32>) {
  // expected-error @+1 {{'sinter.normal' op operand #0 must be 0D tensor of 64-bit signless integer values, but got 'tensor<f32>'}}
  %0 = sinter.normal %seed {shape = array<i64: 2>, dtype = f32} : (tensor<f32>) -> tensor<2xf32>
  return
}

// -----

func.func @uniform_missing_shape(%seed: tensor<i64>) {
  // expected-error @+1 {{'sinter.uniform' op requires attribute 'shape'}}
  %0 = sinter.uniform %seed {dtype = f32} : (tensor<i64>) -> tensor<2xf32>
  return
}

// -----

func.func @normal_missing_dtype(%seed: tensor<i64>) {
  // expected-error @+1 {{'sinter.normal' op requires attribute 'dtype'}}
  %0 = sinter.normal %seed {shape = array<i64: 2>} : (tensor<i64>) -> tensor<2xf32>
  return
}

// -----

// As torch's uniform_: low <= high, both finite.
func.func @uniform_low_above_high(%seed: tensor<i64>) {
  // expected-error @+1 {{'sinter.uniform' op expects finite low <= high, got low = 1.000000e+00, high = 5.000000e-01}}
  %0 = sinter.uniform %seed {shape = array<i64: 2>, dtype = f32, low = 1.0 : f64, high = 0.5 : f64} : (tensor<i64>) -> tensor<2xf32>
  return
}

// -----

func.func @uniform_nan_low(%seed: tensor<i64>) {
  // expected-error @+1 {{'sinter.uniform' op expects finite low <= high, got low = nan, high = 1.000000e+00}}
  %0 = sinter.uniform %seed {shape = array<i64: 2>, dtype = f32, low = 0x7FF8000000000000 : f64} : (tensor<i64>) -> tensor<2xf32>
  return
}

// -----

func.func @uniform_infinite_high(%seed: tensor<i64>) {
  // expected-error @+1 {{'sinter.uniform' op expects finite low <= high, got low = 0.000000e+00, high = INF}}
  %0 = sinter.uniform %seed {shape = array<i64: 2>, dtype = f64, high = 0x7FF0000000000000 : f64} : (tensor<i64>) -> tensor<2xf64>
  return
}

// -----

// As torch's normal_: std >= 0.
func.func @normal_negative_std(%seed: tensor<i64>) {
  // expected-error @+1 {{'sinter.normal' op expects a finite mean and a finite std >= 0, got mean = 0.000000e+00, std = -1.000000e+00}}
  %0 = sinter.normal %seed {shape = array<i64: 2>, dtype = f32, std = -1.0 : f64} : (tensor<i64>) -> tensor<2xf32>
  return
}

// -----

func.func @normal_infinite_mean(%seed: tensor<i64>) {
  // expected-error @+1 {{'sinter.normal' op expects a finite mean and a finite std >= 0, got mean = INF, std = 1.000000e+00}}
  %0 = sinter.normal %seed {shape = array<i64: 2>, dtype = f32, mean = 0x7FF0000000000000 : f64} : (tensor<i64>) -> tensor<2xf32>
  return
}
