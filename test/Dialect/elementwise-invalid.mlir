// Ill-formed elementwise ops: each verifier message at least once.
// RUN: sinter-opt %s -split-input-file -verify-diagnostics

func.func @broadcast_mismatch(%a: tensor<4x3xf32>, %b: tensor<4x5xf32>) {
  // expected-error @+2 {{'sinter.add' op shapes [4, 3] and [4, 5] do not broadcast: dimension 1 is 3 vs 5, and neither is 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.add %a, %b : (tensor<4x3xf32>, tensor<4x5xf32>) -> tensor<4x5xf32>
  return
}

// -----

// The dimension named is the result's (aligned from the right).
func.func @broadcast_mismatch_rank(%a: tensor<2x4x3xf32>, %b: tensor<5x1xf32>) {
  // expected-error @+2 {{shapes [2, 4, 3] and [5, 1] do not broadcast: dimension 1 is 4 vs 5, and neither is 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.mul %a, %b : (tensor<2x4x3xf32>, tensor<5x1xf32>) -> tensor<2x4x3xf32>
  return
}

// -----

func.func @broadcast_mismatch_dynamic(%a: tensor<?x3xf32>, %b: tensor<?x4xf32>) {
  // expected-error @+2 {{shapes [?, 3] and [?, 4] do not broadcast: dimension 1 is 3 vs 4, and neither is 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.sub %a, %b : (tensor<?x3xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
  return
}

// -----

func.func @element_types_differ(%a: tensor<2xf32>, %b: tensor<2xf64>) {
  // expected-error @+2 {{'sinter.add' op element types differ: lhs is f32, rhs is f64 (insert sinter.cast)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.add %a, %b : (tensor<2xf32>, tensor<2xf64>) -> tensor<2xf32>
  return
}

// -----

func.func @element_types_differ_int(%a: tensor<2xi64>, %b: tensor<2xi32>) {
  // expected-error @+2 {{'sinter.maximum' op element types differ: lhs is i64, rhs is i32 (insert sinter.cast)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.maximum %a, %b : (tensor<2xi64>, tensor<2xi32>) -> tensor<2xi64>
  return
}

// -----

func.func @element_types_differ_compare(%a: tensor<2xf32>, %b: tensor<2xi64>) {
  // expected-error @+2 {{'sinter.gt' op element types differ: lhs is f32, rhs is i64 (insert sinter.cast)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.gt %a, %b : (tensor<2xf32>, tensor<2xi64>) -> tensor<2xi1>
  return
}

// -----

func.func @wrong_result_shape(%a: tensor<2xf32>) {
  // expected-error @+2 {{'sinter.add' op inferred type(s) 'tensor<2xf32>' are incompatible with return type(s) of operation 'tensor<3xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.add %a, %a : (tensor<2xf32>, tensor<2xf32>) -> tensor<3xf32>
  return
}

// -----

// The result is exactly the inferred type: a dynamic dimension where the
// rule gives a static one is an error too.
func.func @wrong_result_dynamic(%a: tensor<?x3xf32>, %b: tensor<8x3xf32>) {
  // expected-error @+2 {{inferred type(s) 'tensor<8x3xf32>' are incompatible with return type(s) of operation 'tensor<?x3xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.add %a, %b : (tensor<?x3xf32>, tensor<8x3xf32>) -> tensor<?x3xf32>
  return
}

// -----

func.func @wrong_result_element(%a: tensor<2xf32>) {
  // expected-error @+2 {{'sinter.mul' op inferred type(s) 'tensor<2xf32>' are incompatible with return type(s) of operation 'tensor<2xf64>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.mul %a, %a : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf64>
  return
}

// -----

func.func @compare_result_not_i1(%a: tensor<2xf32>) {
  // expected-error @+2 {{'sinter.lt' op inferred type(s) 'tensor<2xi1>' are incompatible with return type(s) of operation 'tensor<2xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.lt %a, %a : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return
}

// -----

func.func @compare_broadcast_mismatch(%a: tensor<2xf32>, %b: tensor<3xf32>) {
  // expected-error @+2 {{'sinter.eq' op shapes [2] and [3] do not broadcast: dimension 0 is 2 vs 3, and neither is 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.eq %a, %b : (tensor<2xf32>, tensor<3xf32>) -> tensor<2xi1>
  return
}

// -----

// i1 is not a numeric element type.
func.func @add_bool(%a: tensor<2xi1>) {
  // expected-error @+1 {{'sinter.add' op operand #0 must be ranked tensor of 32-bit float or 64-bit float or 64-bit signless integer or 32-bit signless integer values, but got 'tensor<2xi1>'}}
  %0 = sinter.add %a, %a : (tensor<2xi1>, tensor<2xi1>) -> tensor<2xi1>
  return
}

// -----

// True division is floating point only.
func.func @div_int(%a: tensor<2xi64>) {
  // expected-error @+1 {{'sinter.div' op operand #0 must be ranked tensor of 32-bit float or 64-bit float values, but got 'tensor<2xi64>'}}
  %0 = sinter.div %a, %a : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
  return
}

// -----

func.func @unsupported_element(%a: tensor<2xf16>) {
  // expected-error @+1 {{'sinter.add' op operand #0 must be ranked tensor of}}
  %0 = sinter.add %a, %a : (tensor<2xf16>, tensor<2xf16>) -> tensor<2xf16>
  return
}

// -----

func.func @unranked(%a: tensor<*xf32>) {
  // expected-error @+1 {{'sinter.sub' op operand #0 must be ranked tensor of}}
  %0 = sinter.sub %a, %a : (tensor<*xf32>, tensor<*xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @compare_bool(%a: tensor<2xi1>) {
  // expected-error @+1 {{'sinter.ge' op operand #0 must be ranked tensor of}}
  %0 = sinter.ge %a, %a : (tensor<2xi1>, tensor<2xi1>) -> tensor<2xi1>
  return
}

// -----

func.func @where_condition_not_bool(%m: tensor<3xf32>, %x: tensor<3xf32>) {
  // expected-error @+1 {{'sinter.where' op operand #0 must be ranked tensor of 1-bit signless integer values, but got 'tensor<3xf32>'}}
  %0 = sinter.where %m, %x, %x : (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return
}

// -----

func.func @where_element_types_differ(%m: tensor<3xi1>, %x: tensor<3xf32>, %y: tensor<3xf64>) {
  // expected-error @+2 {{'sinter.where' op element types differ: self is f32, other is f64 (insert sinter.cast)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.where %m, %x, %y : (tensor<3xi1>, tensor<3xf32>, tensor<3xf64>) -> tensor<3xf32>
  return
}

// -----

func.func @where_condition_shape(%m: tensor<4xi1>, %x: tensor<3xf32>) {
  // expected-error @+2 {{'sinter.where' op shapes [4] and [3] do not broadcast: dimension 0 is 4 vs 3, and neither is 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.where %m, %x, %x : (tensor<4xi1>, tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return
}

// -----

func.func @where_other_shape(%m: tensor<3xi1>, %x: tensor<3xf32>, %y: tensor<2x2xf32>) {
  // expected-error @+2 {{'sinter.where' op shapes [3] and [2, 2] do not broadcast: dimension 1 is 3 vs 2, and neither is 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.where %m, %x, %y : (tensor<3xi1>, tensor<3xf32>, tensor<2x2xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @wrong_operand_count(%a: tensor<2xf32>) {
  // expected-error @+1 {{expected ','}}
  %0 = sinter.add %a : (tensor<2xf32>) -> tensor<2xf32>
  return
}
