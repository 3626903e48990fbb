// Ill-formed sinter.constant and sinter.full.
// RUN: sinter-opt %s -split-input-file -verify-diagnostics

func.func @constant_f16() {
  // expected-error @+1 {{'sinter.constant' op result #0 must be ranked tensor of 32-bit float or 64-bit float or 64-bit signless integer or 32-bit signless integer or 1-bit signless integer values, but got 'tensor<2xf16>'}}
  %0 = sinter.constant dense<1.0> : tensor<2xf16>
  return
}

// -----

func.func @constant_i8() {
  // expected-error @+1 {{'sinter.constant' op result #0 must be ranked tensor of}}
  %0 = sinter.constant dense<1> : tensor<2xi8>
  return
}

// -----

// In the generic form the value's type and the result type are written
// separately; they must agree.
func.func @constant_type_mismatch() {
  // expected-error @+2 {{'sinter.constant' op inferred type(s) 'tensor<2xf32>' are incompatible with return type(s) of operation 'tensor<3xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = "sinter.constant"() <{value = dense<1.0> : tensor<2xf32>}> : () -> tensor<3xf32>
  return
}

// -----

func.func @constant_element_mismatch() {
  // expected-error @+2 {{'sinter.constant' op inferred type(s) 'tensor<2xf64>' are incompatible with return type(s) of operation 'tensor<2xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = "sinter.constant"() <{value = dense<1.0> : tensor<2xf64>}> : () -> tensor<2xf32>
  return
}

// -----

func.func @constant_value_f16() {
  // expected-error @+1 {{'sinter.constant' op value must be a tensor of f32, f64, i64, i32 or i1, got 'tensor<2xf16>'}}
  %0 = "sinter.constant"() <{value = dense<1.0> : tensor<2xf16>}> : () -> tensor<2xf32>
  return
}

// -----

func.func @constant_value_vector() {
  // expected-error @+1 {{'sinter.constant' op value must be a tensor of f32, f64, i64, i32 or i1, got 'vector<2xf32>'}}
  %0 = "sinter.constant"() <{value = dense<1.0> : vector<2xf32>}> : () -> tensor<2xf32>
  return
}

// -----

func.func @constant_value_not_elements() {
  // expected-error @+1 {{invalid properties {value = 1.000000e+00 : f32} for op sinter.constant: Invalid attribute `value` in property conversion}}
  %0 = "sinter.constant"() <{value = 1.0 : f32}> : () -> tensor<f32>
  return
}

// -----

func.func @constant_missing_value() {
  // expected-error @+1 {{'sinter.constant' op requires attribute 'value'}}
  %0 = "sinter.constant"() : () -> tensor<f32>
  return
}

// -----

func.func @full_negative_shape() {
  // expected-error @+2 {{'sinter.full' op shape [-1, 3] must have sizes >= 0}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.full {shape = array<i64: -1, 3>, value = 0.0 : f32} : () -> tensor<?x3xf32>
  return
}

// -----

func.func @full_value_not_scalar() {
  // expected-error @+2 {{'sinter.full' op value must be a float or integer attribute}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.full {shape = array<i64: 2>, value = dense<0.0> : tensor<2xf32>} : () -> tensor<2xf32>
  return
}

// -----

func.func @full_value_f16() {
  // expected-error @+2 {{'sinter.full' op value must be of type f32, f64, i64, i32 or i1, got f16}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.full {shape = array<i64: 2>, value = 0.0 : f16} : () -> tensor<2xf32>
  return
}

// -----

func.func @full_value_index() {
  // expected-error @+2 {{'sinter.full' op value must be of type f32, f64, i64, i32 or i1, got index}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.full {shape = array<i64: 2>, value = 0 : index} : () -> tensor<2xi64>
  return
}

// -----

func.func @full_value_string() {
  // expected-error @+2 {{'sinter.full' op value must be a float or integer attribute}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.full {shape = array<i64: 2>, value = "zero"} : () -> tensor<2xf32>
  return
}

// -----

func.func @full_type_mismatch() {
  // expected-error @+2 {{'sinter.full' op inferred type(s) 'tensor<2xf64>' are incompatible with return type(s) of operation 'tensor<2xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.full {shape = array<i64: 2>, value = 0.0 : f64} : () -> tensor<2xf32>
  return
}

// -----

func.func @full_shape_mismatch() {
  // expected-error @+2 {{'sinter.full' op inferred type(s) 'tensor<2xf32>' are incompatible with return type(s) of operation 'tensor<3xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.full {shape = array<i64: 2>, value = 0.0 : f32} : () -> tensor<3xf32>
  return
}

// -----

func.func @full_missing_shape() {
  // expected-error @+1 {{'sinter.full' op requires attribute 'shape'}}
  %0 = sinter.full {value = 0.0 : f32} : () -> tensor<f32>
  return
}

// -----

// The custom form infers the result type from the value while parsing.
func.func @constant_custom_vector() {
  // expected-error @+1 {{'sinter.constant' op value must be a statically shaped tensor}}
  %0 = sinter.constant dense<1.0> : vector<2xf32>
  return
}

// -----

func.func @constant_custom_scalar() {
  // expected-error @+1 {{custom op 'sinter.constant' invalid kind of attribute specified}}
  %0 = sinter.constant 1.0 : f32
  return
}
