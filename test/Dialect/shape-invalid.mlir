// Ill-formed shape ops: each rule's message at least once.
// RUN: sinter-opt %s -split-input-file -verify-diagnostics

func.func @reshape_count(%x: tensor<4x6xf32>) {
  // expected-error @+2 {{'sinter.reshape' op shape [5, 5] is invalid for input of size 24}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.reshape %x {shape = array<i64: 5, 5>} : (tensor<4x6xf32>) -> tensor<5x5xf32>
  return
}

// -----

func.func @reshape_inferred_not_divisible(%x: tensor<4x6xf32>) {
  // expected-error @+2 {{'sinter.reshape' op shape [5, -1] is invalid for input of size 24}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.reshape %x {shape = array<i64: 5, -1>} : (tensor<4x6xf32>) -> tensor<5x5xf32>
  return
}

// -----

func.func @reshape_dynamic_not_multiple(%x: tensor<?x4xf32>) {
  // expected-error @+2 {{'sinter.reshape' op shape [6] is invalid for input of size ?*4}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.reshape %x {shape = array<i64: 6>} : (tensor<?x4xf32>) -> tensor<6xf32>
  return
}

// -----

// An input with a static 0 has no elements, whatever its dynamic size.
func.func @reshape_dynamic_empty(%x: tensor<?x0xf32>) {
  // expected-error @+2 {{'sinter.reshape' op shape [5] is invalid for input of size ?*0}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.reshape %x {shape = array<i64: 5>} : (tensor<?x0xf32>) -> tensor<5xf32>
  return
}

// -----

// -1 beside a 0 is ambiguous or impossible, as in PyTorch.
func.func @reshape_inferred_beside_zero(%x: tensor<0x3xf32>) {
  // expected-error @+2 {{'sinter.reshape' op shape [0, -1] is invalid for input of size 0}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.reshape %x {shape = array<i64: 0, -1>} : (tensor<0x3xf32>) -> tensor<0x3xf32>
  return
}

// -----

func.func @reshape_inferred_beside_zero_dynamic(%x: tensor<?x3xf32>) {
  // expected-error @+2 {{'sinter.reshape' op shape [0, -1] is invalid for input of size ?*3}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.reshape %x {shape = array<i64: 0, -1>} : (tensor<?x3xf32>) -> tensor<0x?xf32>
  return
}

// -----

func.func @reshape_two_inferred(%x: tensor<4x6xf32>) {
  // expected-error @+2 {{'sinter.reshape' op shape [-1, -1] has more than one -1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.reshape %x {shape = array<i64: -1, -1>} : (tensor<4x6xf32>) -> tensor<4x6xf32>
  return
}

// -----

func.func @reshape_negative(%x: tensor<4x6xf32>) {
  // expected-error @+2 {{'sinter.reshape' op shape [-2, -12] has a negative size other than -1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.reshape %x {shape = array<i64: -2, -12>} : (tensor<4x6xf32>) -> tensor<2x12xf32>
  return
}

// -----

// A product that overflows int64_t must not wrap around to the input's size
// (8 * 2305843009213693955 is 24 modulo 2^64).
func.func @reshape_overflow(%x: tensor<4x6xf32>) {
  // expected-error @+2 {{'sinter.reshape' op shape [8, 2305843009213693955] has more elements than fit in a 64-bit count}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.reshape %x {shape = array<i64: 8, 2305843009213693955>} : (tensor<4x6xf32>) -> tensor<8x2305843009213693955xf32>
  return
}

// -----

func.func @reshape_wrong_result(%x: tensor<?x28x28xf32>) {
  // expected-error @+2 {{'sinter.reshape' op inferred type(s) 'tensor<?x784xf32>' are incompatible with return type(s) of operation 'tensor<8x784xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.reshape %x {shape = array<i64: -1, 784>} : (tensor<?x28x28xf32>) -> tensor<8x784xf32>
  return
}

// -----

func.func @reshape_missing_shape(%x: tensor<4x6xf32>) {
  // expected-error @+1 {{'sinter.reshape' op requires attribute 'shape'}}
  %0 = sinter.reshape %x : (tensor<4x6xf32>) -> tensor<4x6xf32>
  return
}

// -----

func.func @broadcast_to_lower_rank(%x: tensor<4x3xf32>) {
  // expected-error @+2 {{'sinter.broadcast_to' op cannot broadcast [4, 3] to [3]: the target has lower rank}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.broadcast_to %x {shape = array<i64: 3>} : (tensor<4x3xf32>) -> tensor<3xf32>
  return
}

// -----

func.func @broadcast_to_mismatch(%x: tensor<4x3xf32>) {
  // expected-error @+2 {{'sinter.broadcast_to' op cannot broadcast [4, 3] to [2, 4, 5]: dimension 2 is 3, not 1 or 5}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.broadcast_to %x {shape = array<i64: 2, 4, 5>} : (tensor<4x3xf32>) -> tensor<2x4x5xf32>
  return
}

// -----

func.func @broadcast_to_negative(%x: tensor<3xf32>) {
  // expected-error @+2 {{'sinter.broadcast_to' op shape [2, -3] has a negative size other than -1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.broadcast_to %x {shape = array<i64: 2, -3>} : (tensor<3xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @broadcast_to_negative_leading(%x: tensor<3xf32>) {
  // expected-error @+2 {{'sinter.broadcast_to' op shape [-5, 3] has a negative size other than -1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.broadcast_to %x {shape = array<i64: -5, 3>} : (tensor<3xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @broadcast_to_leading_inferred(%x: tensor<3xf32>) {
  // expected-error @+2 {{'sinter.broadcast_to' op -1 is not allowed in new leading dimension 0 of shape [-1, 3]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.broadcast_to %x {shape = array<i64: -1, 3>} : (tensor<3xf32>) -> tensor<1x3xf32>
  return
}

// -----

func.func @squeeze_dynamic(%x: tensor<?x3xf32>) {
  // expected-error @+2 {{'sinter.squeeze' op cannot squeeze dimension 0 of [?, 3]: its size is not known}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.squeeze %x {dims = array<i64: 0>} : (tensor<?x3xf32>) -> tensor<3xf32>
  return
}

// -----

func.func @squeeze_duplicate(%x: tensor<1x3x1xf32>) {
  // expected-error @+2 {{'sinter.squeeze' op dim 2 appears more than once in dims}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.squeeze %x {dims = array<i64: 2, -1>} : (tensor<1x3x1xf32>) -> tensor<1x3xf32>
  return
}

// -----

func.func @squeeze_out_of_range(%x: tensor<1x3xf32>) {
  // expected-error @+2 {{'sinter.squeeze' op dim 2 is out of range for a rank-2 tensor (expected [-2, 1])}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.squeeze %x {dims = array<i64: 2>} : (tensor<1x3xf32>) -> tensor<1x3xf32>
  return
}

// -----

func.func @squeeze_scalar_dim(%x: tensor<f32>) {
  // expected-error @+2 {{'sinter.squeeze' op dim 0 is out of range for a 0-d tensor, which has no dimensions}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.squeeze %x {dims = array<i64: 0>} : (tensor<f32>) -> tensor<f32>
  return
}

// -----

func.func @squeeze_wrong_result(%x: tensor<1x3x1xf32>) {
  // expected-error @+2 {{'sinter.squeeze' op inferred type(s) 'tensor<3xf32>' are incompatible with return type(s) of operation 'tensor<1x3xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.squeeze %x : (tensor<1x3x1xf32>) -> tensor<1x3xf32>
  return
}

// -----

// The message names the input's rank, not the result's.
func.func @unsqueeze_out_of_range(%x: tensor<3xf32>) {
  // expected-error @+2 {{'sinter.unsqueeze' op unsqueeze dim 2 is out of range for a rank-1 input (expected [-2, 1])}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.unsqueeze %x {dim = 2 : i64} : (tensor<3xf32>) -> tensor<3x1xf32>
  return
}

// -----

func.func @unsqueeze_out_of_range_negative(%x: tensor<f32>) {
  // expected-error @+2 {{'sinter.unsqueeze' op unsqueeze dim -2 is out of range for a rank-0 input (expected [-1, 0])}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.unsqueeze %x {dim = -2 : i64} : (tensor<f32>) -> tensor<1xf32>
  return
}

// -----

func.func @unsqueeze_wrong_result(%x: tensor<3xf32>) {
  // expected-error @+2 {{'sinter.unsqueeze' op inferred type(s) 'tensor<3x1xf32>' are incompatible with return type(s) of operation 'tensor<1x3xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.unsqueeze %x {dim = -1 : i64} : (tensor<3xf32>) -> tensor<1x3xf32>
  return
}

// -----

func.func @concat_no_inputs() {
  // expected-error @+2 {{'sinter.concat' op concat needs at least one input}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.concat {dim = 0 : i64} : () -> tensor<0xf32>
  return
}

// -----

func.func @concat_rank(%a: tensor<4x2xf32>, %b: tensor<4xf32>) {
  // expected-error @+2 {{'sinter.concat' op concat inputs must have the same rank: input 0 is [4, 2], input 1 is [4]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.concat %a, %b {dim = 1 : i64} : (tensor<4x2xf32>, tensor<4xf32>) -> tensor<4x3xf32>
  return
}

// -----

func.func @concat_other_dims(%a: tensor<4x2xf32>, %b: tensor<4x2xf32>, %c: tensor<5x2xf32>) {
  // expected-error @+2 {{'sinter.concat' op concat inputs differ outside dim 1: input 0 is [4, 2], input 2 is [5, 2]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.concat %a, %b, %c {dim = 1 : i64} : (tensor<4x2xf32>, tensor<4x2xf32>, tensor<5x2xf32>) -> tensor<4x6xf32>
  return
}

// -----

func.func @concat_element_types(%a: tensor<2xf32>, %b: tensor<2xf32>, %c: tensor<2xf64>) {
  // expected-error @+2 {{'sinter.concat' op element types differ: input 0 is f32, input 2 is f64 (insert sinter.cast)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.concat %a, %b, %c {dim = 0 : i64} : (tensor<2xf32>, tensor<2xf32>, tensor<2xf64>) -> tensor<6xf32>
  return
}

// -----

func.func @concat_dim_out_of_range(%a: tensor<2xf32>) {
  // expected-error @+2 {{'sinter.concat' op dim 1 is out of range for a rank-1 tensor (expected [-1, 0])}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.concat %a, %a {dim = 1 : i64} : (tensor<2xf32>, tensor<2xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @concat_scalar(%a: tensor<f32>) {
  // expected-error @+2 {{'sinter.concat' op dim 0 is out of range for a 0-d tensor, which has no dimensions}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.concat %a, %a {dim = 0 : i64} : (tensor<f32>, tensor<f32>) -> tensor<2xf32>
  return
}

// -----

func.func @slice_step_zero(%x: tensor<4x6xf32>) {
  // expected-error @+2 {{'sinter.slice' op slice step must be positive, got 0}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.slice %x {dim = 1 : i64, step = 0 : i64} : (tensor<4x6xf32>) -> tensor<4x6xf32>
  return
}

// -----

// The step is checked on a dynamic dimension too.
func.func @slice_step_negative_dynamic(%x: tensor<?x6xf32>) {
  // expected-error @+2 {{'sinter.slice' op slice step must be positive, got -1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.slice %x {dim = 0 : i64, step = -1 : i64} : (tensor<?x6xf32>) -> tensor<?x6xf32>
  return
}

// -----

func.func @slice_dim_out_of_range(%x: tensor<4x6xf32>) {
  // expected-error @+2 {{'sinter.slice' op dim -3 is out of range for a rank-2 tensor (expected [-2, 1])}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.slice %x {dim = -3 : i64} : (tensor<4x6xf32>) -> tensor<4x6xf32>
  return
}

// -----

func.func @slice_wrong_result(%x: tensor<4x6xf32>) {
  // expected-error @+2 {{'sinter.slice' op inferred type(s) 'tensor<4x3xf32>' are incompatible with return type(s) of operation 'tensor<4x2xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.slice %x {dim = 1 : i64, start = 0 : i64, end = 5 : i64, step = 2 : i64} : (tensor<4x6xf32>) -> tensor<4x2xf32>
  return
}

// -----

func.func @slice_missing_dim(%x: tensor<4x6xf32>) {
  // expected-error @+1 {{'sinter.slice' op requires attribute 'dim'}}
  %0 = sinter.slice %x {start = 1 : i64} : (tensor<4x6xf32>) -> tensor<4x5xf32>
  return
}

// -----

func.func @flatten_start_after_end(%x: tensor<2x3x4xf32>) {
  // expected-error @+2 {{'sinter.flatten' op flatten start_dim 2 comes after end_dim -2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.flatten %x {start_dim = 2 : i64, end_dim = -2 : i64} : (tensor<2x3x4xf32>) -> tensor<2x12xf32>
  return
}

// -----

func.func @flatten_out_of_range(%x: tensor<2x3x4xf32>) {
  // expected-error @+2 {{'sinter.flatten' op dim 3 is out of range for a rank-3 tensor (expected [-3, 2])}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.flatten %x {start_dim = 3 : i64} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  return
}

// -----

func.func @flatten_end_out_of_range(%x: tensor<2x3x4xf32>) {
  // expected-error @+2 {{'sinter.flatten' op dim -4 is out of range for a rank-3 tensor (expected [-3, 2])}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.flatten %x {end_dim = -4 : i64} : (tensor<2x3x4xf32>) -> tensor<24xf32>
  return
}

// -----

func.func @flatten_overflow(%x: tensor<4611686018427387904x4xf32>) {
  // expected-error @+2 {{'sinter.flatten' op shape [4611686018427387904, 4] has more elements than fit in a 64-bit count}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.flatten %x : (tensor<4611686018427387904x4xf32>) -> tensor<0xf32>
  return
}

// -----

func.func @flatten_wrong_result(%x: tensor<?x28x28xf32>) {
  // expected-error @+2 {{'sinter.flatten' op inferred type(s) 'tensor<?x784xf32>' are incompatible with return type(s) of operation 'tensor<?x28x28xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.flatten %x {start_dim = 1 : i64} : (tensor<?x28x28xf32>) -> tensor<?x28x28xf32>
  return
}
