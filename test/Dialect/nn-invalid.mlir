// Ill-formed embedding, dropout and one_hot.
// RUN: sinter-opt %s -split-input-file -verify-diagnostics

func.func @embedding_float_indices(%idx: tensor<4xf32>, %table: tensor<10x3xf32>) {
  // expected-error @+1 {{'sinter.embedding' op operand #0 must be ranked tensor of 64-bit signless integer or 32-bit signless integer values, but got 'tensor<4xf32>'}}
  %0 = sinter.embedding %idx, %table : (tensor<4xf32>, tensor<10x3xf32>) -> tensor<4x3xf32>
  return
}

// -----

func.func @embedding_int_table(%idx: tensor<4xi64>, %table: tensor<10x3xi64>) {
  // expected-error @+1 {{'sinter.embedding' op operand #1 must be ranked tensor of 32-bit float or 64-bit float values, but got 'tensor<10x3xi64>'}}
  %0 = sinter.embedding %idx, %table : (tensor<4xi64>, tensor<10x3xi64>) -> tensor<4x3xi64>
  return
}

// -----

func.func @embedding_weight_rank(%idx: tensor<4xi64>, %table: tensor<10xf32>) {
  // expected-error @+2 {{'sinter.embedding' op embedding weight must be [num_embeddings, embedding_dim], got [10]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.embedding %idx, %table : (tensor<4xi64>, tensor<10xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @embedding_wrong_result(%idx: tensor<?x16xi64>, %table: tensor<1000x64xf32>) {
  // expected-error @+2 {{'sinter.embedding' op inferred type(s) 'tensor<?x16x64xf32>' are incompatible with return type(s) of operation 'tensor<?x16x1000xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.embedding %idx, %table : (tensor<?x16xi64>, tensor<1000x64xf32>) -> tensor<?x16x1000xf32>
  return
}

// -----

func.func @dropout_p_above_one(%x: tensor<4xf32>, %seed: tensor<i64>) {
  // expected-error @+2 {{'sinter.dropout' op dropout probability must be in [0, 1], got 1.500000}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.dropout %x, %seed {p = 1.5 : f64} : (tensor<4xf32>, tensor<i64>) -> tensor<4xf32>
  return
}

// -----

func.func @dropout_p_negative(%x: tensor<4xf32>, %seed: tensor<i64>) {
  // expected-error @+2 {{'sinter.dropout' op dropout probability must be in [0, 1], got -0.100000}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.dropout %x, %seed {p = -0.1 : f64} : (tensor<4xf32>, tensor<i64>) -> tensor<4xf32>
  return
}

// -----

func.func @dropout_p_nan(%x: tensor<4xf32>, %seed: tensor<i64>) {
  // expected-error @+2 {{'sinter.dropout' op dropout probability must be in [0, 1], got nan}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.dropout %x, %seed {p = 0x7FF8000000000000 : f64} : (tensor<4xf32>, tensor<i64>) -> tensor<4xf32>
  return
}

// -----

func.func @dropout_seed_shape(%x: tensor<4xf32>, %seed: tensor<1xi64>) {
  // expected-error @+1 {{'sinter.dropout' op operand #1 must be 0D tensor of 64-bit signless integer values, but got 'tensor<1xi64>'}}
  %0 = sinter.dropout %x, %seed {p = 0.5 : f64} : (tensor<4xf32>, tensor<1xi64>) -> tensor<4xf32>
  return
}

// -----

func.func @dropout_seed_type(%x: tensor<4xf32>, %seed: tensor<i32>) {
  // expected-error @+1 {{'sinter.dropout' op operand #1 must be 0D tensor of 64-bit signless integer values, but got 'tensor<i32>'}}
  %0 = sinter.dropout %x, %seed {p = 0.5 : f64} : (tensor<4xf32>, tensor<i32>) -> tensor<4xf32>
  return
}

// -----

func.func @dropout_int_input(%x: tensor<4xi64>, %seed: tensor<i64>) {
  // expected-error @+1 {{'sinter.dropout' op operand #0 must be ranked tensor of 32-bit float or 64-bit float values, but got 'tensor<4xi64>'}}
  %0 = sinter.dropout %x, %seed {p = 0.5 : f64} : (tensor<4xi64>, tensor<i64>) -> tensor<4xi64>
  return
}

// -----

func.func @dropout_missing_p(%x: tensor<4xf32>, %seed: tensor<i64>) {
  // expected-error @+1 {{'sinter.dropout' op requires attribute 'p'}}
  %0 = sinter.dropout %x, %seed : (tensor<4xf32>, tensor<i64>) -> tensor<4xf32>
  return
}

// -----

func.func @one_hot_zero_classes(%l: tensor<?xi64>) {
  // expected-error @+2 {{'sinter.one_hot' op num_classes must be positive, got 0}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.one_hot %l {num_classes = 0 : i64} : (tensor<?xi64>) -> tensor<?x0xi64>
  return
}

// -----

func.func @one_hot_negative_classes(%l: tensor<?xi64>) {
  // expected-error @+2 {{'sinter.one_hot' op num_classes must be positive, got -1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.one_hot %l {num_classes = -1 : i64} : (tensor<?xi64>) -> tensor<?x1xi64>
  return
}

// -----

func.func @one_hot_float_indices(%l: tensor<4xf32>) {
  // expected-error @+1 {{'sinter.one_hot' op operand #0 must be ranked tensor of 64-bit signless integer or 32-bit signless integer values, but got 'tensor<4xf32>'}}
  %0 = sinter.one_hot %l {num_classes = 3 : i64} : (tensor<4xf32>) -> tensor<4x3xi64>
  return
}

// -----

func.func @one_hot_result_type(%l: tensor<4xi32>) {
  // expected-error @+2 {{'sinter.one_hot' op inferred type(s) 'tensor<4x3xi64>' are incompatible with return type(s) of operation 'tensor<4x3xi32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.one_hot %l {num_classes = 3 : i64} : (tensor<4xi32>) -> tensor<4x3xi32>
  return
}

// -----

func.func @embedding_backward_rank(%g: tensor<4x3xf32>, %idx: tensor<2x4xi64>) {
  // expected-error @+2 {{'sinter.embedding_dense_backward' op grad must be indices' shape plus a row dimension: indices [2, 4], grad [4, 3]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.embedding_dense_backward %g, %idx {num_weights = 10 : i64} : (tensor<4x3xf32>, tensor<2x4xi64>) -> tensor<10x3xf32>
  return
}

// -----

func.func @embedding_backward_mismatch(%g: tensor<5x3xf32>, %idx: tensor<4xi64>) {
  // expected-error @+2 {{'sinter.embedding_dense_backward' op grad [5, 3] does not match indices [4] in dimension 0}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.embedding_dense_backward %g, %idx {num_weights = 10 : i64} : (tensor<5x3xf32>, tensor<4xi64>) -> tensor<10x3xf32>
  return
}

// -----

func.func @embedding_backward_negative(%g: tensor<4x3xf32>, %idx: tensor<4xi64>) {
  // expected-error @+2 {{'sinter.embedding_dense_backward' op num_weights must be >= 0, got -1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.embedding_dense_backward %g, %idx {num_weights = -1 : i64} : (tensor<4x3xf32>, tensor<4xi64>) -> tensor<10x3xf32>
  return
}
