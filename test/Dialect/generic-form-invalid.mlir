// Ill-formed ops in the generic form: operand and result counts.
// RUN: sinter-opt %s -split-input-file -verify-diagnostics

func.func @too_many_operands(%a: tensor<2xf32>) {
  // expected-error @+1 {{'sinter.add' op expected 2 operands, but found 3}}
  %0 = "sinter.add"(%a, %a, %a) : (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return
}

// -----

func.func @too_many_results(%a: tensor<2xf32>) {
  // expected-error @+1 {{'sinter.relu' op requires one result}}
  %0:2 = "sinter.relu"(%a) : (tensor<2xf32>) -> (tensor<2xf32>, tensor<2xf32>)
  return
}

// -----

func.func @linear_two_biases(%a: tensor<2xf32>, %w: tensor<2x2xf32>) {
  // expected-error @+1 {{'sinter.linear' op operand group starting at #2 requires 0 or 1 element, but found 2}}
  %0 = "sinter.linear"(%a, %w, %a, %a) : (tensor<2xf32>, tensor<2x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return
}

// -----

func.func @result_not_a_tensor(%a: tensor<2xf32>) {
  // expected-error @+1 {{'sinter.relu' op result #0 must be ranked tensor of 32-bit float or 64-bit float or 64-bit signless integer or 32-bit signless integer or 1-bit signless integer values, but got 'f32'}}
  %0 = "sinter.relu"(%a) : (tensor<2xf32>) -> f32
  return
}

// -----

func.func @operand_not_a_tensor(%a: f32) {
  // expected-error @+1 {{'sinter.exp' op operand #0 must be ranked tensor of 32-bit float or 64-bit float values, but got 'f32'}}
  %0 = "sinter.exp"(%a) : (f32) -> f32
  return
}
