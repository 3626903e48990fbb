// Round trips of embedding, embedding_dense_backward, dropout and one_hot.
// RUN: sinter-opt %s | sinter-opt | FileCheck %s
// RUN: sinter-opt %s -mlir-print-op-generic | sinter-opt | FileCheck %s
// Folding and CSE leave valid IR (no fold may break an inferred type).
// RUN: sinter-opt %s -canonicalize -cse -o /dev/null

// CHECK-LABEL: func.func @embedding
func.func @embedding(%tokens: tensor<?x16xi64>, %table: tensor<1000x64xf32>, %idx: tensor<5xi32>,
                     %t64: tensor<10x3xf64>, %one: tensor<i64>) {
  // CHECK: sinter.embedding %{{.*}}, %{{.*}} : (tensor<?x16xi64>, tensor<1000x64xf32>) -> tensor<?x16x64xf32>
  %0 = sinter.embedding %tokens, %table : (tensor<?x16xi64>, tensor<1000x64xf32>) -> tensor<?x16x64xf32>
  // CHECK: sinter.embedding %{{.*}}, %{{.*}} : (tensor<5xi32>, tensor<10x3xf64>) -> tensor<5x3xf64>
  %1 = sinter.embedding %idx, %t64 : (tensor<5xi32>, tensor<10x3xf64>) -> tensor<5x3xf64>
  // CHECK: sinter.embedding %{{.*}}, %{{.*}} : (tensor<i64>, tensor<1000x64xf32>) -> tensor<64xf32>
  %2 = sinter.embedding %one, %table : (tensor<i64>, tensor<1000x64xf32>) -> tensor<64xf32>
  return
}

// CHECK-LABEL: func.func @dropout
func.func @dropout(%x: tensor<?x128xf32>, %y: tensor<4x3xf64>, %seed: tensor<i64>) {
  // CHECK: sinter.dropout %{{.*}}, %{{.*}} {p = 5.000000e-01 : f64, stream = 3 : i64} : (tensor<?x128xf32>, tensor<i64>) -> tensor<?x128xf32>
  %0 = sinter.dropout %x, %seed {p = 5.000000e-01 : f64, stream = 3 : i64} : (tensor<?x128xf32>, tensor<i64>) -> tensor<?x128xf32>
  // stream defaults to 0; p may be 0 or 1.
  // CHECK: sinter.dropout %{{.*}}, %{{.*}} {p = 0.000000e+00 : f64} : (tensor<4x3xf64>, tensor<i64>) -> tensor<4x3xf64>
  %1 = sinter.dropout %y, %seed {p = 0.0 : f64, stream = 0 : i64} : (tensor<4x3xf64>, tensor<i64>) -> tensor<4x3xf64>
  // CHECK: sinter.dropout %{{.*}}, %{{.*}} {p = 1.000000e+00 : f64} : (tensor<4x3xf64>, tensor<i64>) -> tensor<4x3xf64>
  %2 = sinter.dropout %y, %seed {p = 1.0 : f64} : (tensor<4x3xf64>, tensor<i64>) -> tensor<4x3xf64>
  return
}

// one_hot always gives i64.
// CHECK-LABEL: func.func @one_hot
func.func @one_hot(%labels: tensor<?xi64>, %l32: tensor<2x3xi32>, %s: tensor<i64>) {
  // CHECK: sinter.one_hot %{{.*}} {num_classes = 10 : i64} : (tensor<?xi64>) -> tensor<?x10xi64>
  %0 = sinter.one_hot %labels {num_classes = 10 : i64} : (tensor<?xi64>) -> tensor<?x10xi64>
  // CHECK: sinter.one_hot %{{.*}} {num_classes = 4 : i64} : (tensor<2x3xi32>) -> tensor<2x3x4xi64>
  %1 = sinter.one_hot %l32 {num_classes = 4 : i64} : (tensor<2x3xi32>) -> tensor<2x3x4xi64>
  // CHECK: sinter.one_hot %{{.*}} {num_classes = 1 : i64} : (tensor<i64>) -> tensor<1xi64>
  %2 = sinter.one_hot %s {num_classes = 1 : i64} : (tensor<i64>) -> tensor<1xi64>
  return
}

// -----

// CHECK-LABEL: func.func @embedding_dense_backward
func.func @embedding_dense_backward(%g: tensor<?x16x64xf32>, %tokens: tensor<?x16xi64>, %g1: tensor<5x3xf64>, %idx: tensor<5xi32>) -> (tensor<1000x64xf32>, tensor<7x3xf64>) {
  // CHECK: sinter.embedding_dense_backward %{{.*}}, %{{.*}} {num_weights = 1000 : i64} : (tensor<?x16x64xf32>, tensor<?x16xi64>) -> tensor<1000x64xf32>
  %0 = sinter.embedding_dense_backward %g, %tokens {num_weights = 1000 : i64} : (tensor<?x16x64xf32>, tensor<?x16xi64>) -> tensor<1000x64xf32>
  // CHECK: sinter.embedding_dense_backward %{{.*}}, %{{.*}} {num_weights = 7 : i64} : (tensor<5x3xf64>, tensor<5xi32>) -> tensor<7x3xf64>
  %1 = sinter.embedding_dense_backward %g1, %idx {num_weights = 7 : i64} : (tensor<5x3xf64>, tensor<5xi32>) -> tensor<7x3xf64>
  return %0, %1 : tensor<1000x64xf32>, tensor<7x3xf64>
}
