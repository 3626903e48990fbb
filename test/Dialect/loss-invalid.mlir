// Ill-formed losses.
// RUN: sinter-opt %s -split-input-file -verify-diagnostics

func.func @mse_shapes_differ(%y: tensor<8x3xf32>, %t: tensor<8x4xf32>) {
  // expected-error @+2 {{'sinter.mse_loss' op input and target shapes differ: [8, 3] vs [8, 4]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.mse_loss %y, %t : (tensor<8x3xf32>, tensor<8x4xf32>) -> tensor<f32>
  return
}

// -----

// Losses do not broadcast (PyTorch warns and broadcasts; Sinter refuses).
func.func @bce_ranks_differ(%p: tensor<8x1xf32>, %t: tensor<8xf32>) {
  // expected-error @+2 {{'sinter.binary_cross_entropy' op input and target shapes differ: [8, 1] vs [8]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.binary_cross_entropy %p, %t : (tensor<8x1xf32>, tensor<8xf32>) -> tensor<f32>
  return
}

// -----

func.func @bce_logits_dynamic_mismatch(%z: tensor<?x2xf32>, %t: tensor<?x3xf32>) {
  // expected-error @+2 {{'sinter.binary_cross_entropy_with_logits' op input and target shapes differ: [?, 2] vs [?, 3]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.binary_cross_entropy_with_logits %z, %t : (tensor<?x2xf32>, tensor<?x3xf32>) -> tensor<f32>
  return
}

// -----

func.func @mse_element_types(%y: tensor<8xf32>, %t: tensor<8xf64>) {
  // expected-error @+2 {{'sinter.mse_loss' op element types differ: input is f32, target is f64 (insert sinter.cast)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.mse_loss %y, %t : (tensor<8xf32>, tensor<8xf64>) -> tensor<f32>
  return
}

// -----

func.func @mse_int_target(%y: tensor<8xf32>, %t: tensor<8xi64>) {
  // expected-error @+1 {{'sinter.mse_loss' op operand #1 must be ranked tensor of 32-bit float or 64-bit float values, but got 'tensor<8xi64>'}}
  %0 = sinter.mse_loss %y, %t : (tensor<8xf32>, tensor<8xi64>) -> tensor<f32>
  return
}

// -----

// reduction = none keeps the per-element shape.
func.func @mse_none_result(%y: tensor<8x3xf32>, %t: tensor<8x3xf32>) {
  // expected-error @+2 {{'sinter.mse_loss' op inferred type(s) 'tensor<8x3xf32>' are incompatible with return type(s) of operation 'tensor<f32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.mse_loss %y, %t {reduction = #sinter.reduction<none>} : (tensor<8x3xf32>, tensor<8x3xf32>) -> tensor<f32>
  return
}

// -----

func.func @mse_sum_result(%y: tensor<8x3xf32>, %t: tensor<8x3xf32>) {
  // expected-error @+2 {{'sinter.mse_loss' op inferred type(s) 'tensor<f32>' are incompatible with return type(s) of operation 'tensor<8x3xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.mse_loss %y, %t {reduction = #sinter.reduction<sum>} : (tensor<8x3xf32>, tensor<8x3xf32>) -> tensor<8x3xf32>
  return
}

// -----

func.func @unknown_reduction(%y: tensor<8xf32>, %t: tensor<8xf32>) {
  // expected-error @+2 {{expected ::mlir::sinter::Reduction to be one of: none, mean, sum}}
  // expected-error @+1 {{failed to parse Sinter_ReductionAttr parameter 'value' which is to be a `::mlir::sinter::Reduction`}}
  %0 = sinter.mse_loss %y, %t {reduction = #sinter.reduction<max>} : (tensor<8xf32>, tensor<8xf32>) -> tensor<f32>
  return
}

// -----

func.func @reduction_not_enum(%y: tensor<8xf32>, %t: tensor<8xf32>) {
  // expected-error @+1 {{'sinter.mse_loss' op attribute 'reduction' failed to satisfy constraint: how a loss reduces its per-element values}}
  %0 = sinter.mse_loss %y, %t {reduction = "sum"} : (tensor<8xf32>, tensor<8xf32>) -> tensor<f32>
  return
}

// -----

func.func @class_target_dtype(%x: tensor<?x10xf32>, %t: tensor<?xf32>) {
  // expected-error @+2 {{'sinter.cross_entropy' op expects class-index targets of type i64 or i32, got f32}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.cross_entropy %x, %t : (tensor<?x10xf32>, tensor<?xf32>) -> tensor<f32>
  return
}

// -----

func.func @nll_target_bool(%x: tensor<?x10xf32>, %t: tensor<?xi1>) {
  // expected-error @+2 {{'sinter.nll_loss' op expects class-index targets of type i64 or i32, got i1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.nll_loss %x, %t : (tensor<?x10xf32>, tensor<?xi1>) -> tensor<f32>
  return
}

// -----

func.func @class_input_rank(%x: tensor<2x3x4xf32>, %t: tensor<2x3xi64>) {
  // expected-error @+2 {{'sinter.cross_entropy' op input must be [N, C] scores (or [C] for one sample), got [2, 3, 4]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.cross_entropy %x, %t : (tensor<2x3x4xf32>, tensor<2x3xi64>) -> tensor<f32>
  return
}

// -----

func.func @class_input_scalar(%x: tensor<f32>, %t: tensor<i64>) {
  // expected-error @+2 {{'sinter.nll_loss' op input must be [N, C] scores (or [C] for one sample), got []}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.nll_loss %x, %t : (tensor<f32>, tensor<i64>) -> tensor<f32>
  return
}

// -----

// One-hot or probability targets (same shape as the input) are not
// supported: the target is class indices.
func.func @class_target_rank(%x: tensor<8x10xf32>, %t: tensor<8x10xi64>) {
  // expected-error @+2 {{'sinter.cross_entropy' op target must be [N] class indices for input [8, 10], got [8, 10]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.cross_entropy %x, %t : (tensor<8x10xf32>, tensor<8x10xi64>) -> tensor<f32>
  return
}

// -----

func.func @class_batch_differ(%x: tensor<8x10xf32>, %t: tensor<4xi64>) {
  // expected-error @+2 {{'sinter.nll_loss' op batch sizes differ: input has 8, target has 4}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.nll_loss %x, %t : (tensor<8x10xf32>, tensor<4xi64>) -> tensor<f32>
  return
}

// -----

func.func @class_none_result(%x: tensor<?x10xf32>, %t: tensor<?xi64>) {
  // expected-error @+2 {{'sinter.cross_entropy' op inferred type(s) 'tensor<?xf32>' are incompatible with return type(s) of operation 'tensor<f32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.cross_entropy %x, %t {reduction = #sinter.reduction<none>} : (tensor<?x10xf32>, tensor<?xi64>) -> tensor<f32>
  return
}

// -----

func.func @class_int_input(%x: tensor<8x10xi64>, %t: tensor<8xi64>) {
  // expected-error @+1 {{'sinter.cross_entropy' op operand #0 must be ranked tensor of 32-bit float or 64-bit float values, but got 'tensor<8x10xi64>'}}
  %0 = sinter.cross_entropy %x, %t : (tensor<8x10xi64>, tensor<8xi64>) -> tensor<i64>
  return
}
