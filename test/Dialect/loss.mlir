// Round trips of the losses, with every reduction.
// RUN: sinter-opt %s | sinter-opt | FileCheck %s
// RUN: sinter-opt %s -mlir-print-op-generic | sinter-opt | FileCheck %s
// Folding and CSE leave valid IR (no fold may break an inferred type).
// RUN: sinter-opt %s -canonicalize -cse -o /dev/null

// mean is the default reduction and is not printed.
// CHECK-LABEL: func.func @mse_loss
func.func @mse_loss(%y: tensor<1000x3xf32>, %t: tensor<1000x3xf32>, %a: tensor<?x1xf64>, %b: tensor<?x1xf64>) {
  // CHECK: sinter.mse_loss %{{.*}}, %{{.*}} : (tensor<1000x3xf32>, tensor<1000x3xf32>) -> tensor<f32>
  %0 = sinter.mse_loss %y, %t : (tensor<1000x3xf32>, tensor<1000x3xf32>) -> tensor<f32>
  // CHECK: sinter.mse_loss %{{.*}}, %{{.*}} : (tensor<1000x3xf32>, tensor<1000x3xf32>) -> tensor<f32>
  %1 = sinter.mse_loss %y, %t {reduction = #sinter.reduction<mean>} : (tensor<1000x3xf32>, tensor<1000x3xf32>) -> tensor<f32>
  // CHECK: sinter.mse_loss %{{.*}}, %{{.*}} {reduction = #sinter.reduction<sum>} : (tensor<1000x3xf32>, tensor<1000x3xf32>) -> tensor<f32>
  %2 = sinter.mse_loss %y, %t {reduction = #sinter.reduction<sum>} : (tensor<1000x3xf32>, tensor<1000x3xf32>) -> tensor<f32>
  // CHECK: sinter.mse_loss %{{.*}}, %{{.*}} {reduction = #sinter.reduction<none>} : (tensor<1000x3xf32>, tensor<1000x3xf32>) -> tensor<1000x3xf32>
  %3 = sinter.mse_loss %y, %t {reduction = #sinter.reduction<none>} : (tensor<1000x3xf32>, tensor<1000x3xf32>) -> tensor<1000x3xf32>
  // CHECK: sinter.mse_loss %{{.*}}, %{{.*}} {reduction = #sinter.reduction<none>} : (tensor<?x1xf64>, tensor<?x1xf64>) -> tensor<?x1xf64>
  %4 = sinter.mse_loss %a, %b {reduction = #sinter.reduction<none>} : (tensor<?x1xf64>, tensor<?x1xf64>) -> tensor<?x1xf64>
  return
}

// A dynamic dimension meeting a static one: the per-element result takes
// the static size.
// CHECK-LABEL: func.func @elementwise_loss_dynamic
func.func @elementwise_loss_dynamic(%p: tensor<?x1xf32>, %t: tensor<8x1xf32>) {
  // CHECK: sinter.binary_cross_entropy %{{.*}}, %{{.*}} {reduction = #sinter.reduction<none>} : (tensor<?x1xf32>, tensor<8x1xf32>) -> tensor<8x1xf32>
  %0 = sinter.binary_cross_entropy %p, %t {reduction = #sinter.reduction<none>} : (tensor<?x1xf32>, tensor<8x1xf32>) -> tensor<8x1xf32>
  return
}

// CHECK-LABEL: func.func @binary_cross_entropy
func.func @binary_cross_entropy(%p: tensor<?x1xf32>, %t: tensor<?x1xf32>, %q: tensor<5xf64>) {
  // CHECK: sinter.binary_cross_entropy %{{.*}}, %{{.*}} : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
  %0 = sinter.binary_cross_entropy %p, %t : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
  // CHECK: sinter.binary_cross_entropy %{{.*}}, %{{.*}} {reduction = #sinter.reduction<sum>} : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
  %1 = sinter.binary_cross_entropy %p, %t {reduction = #sinter.reduction<sum>} : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
  // CHECK: sinter.binary_cross_entropy %{{.*}}, %{{.*}} {reduction = #sinter.reduction<none>} : (tensor<5xf64>, tensor<5xf64>) -> tensor<5xf64>
  %2 = sinter.binary_cross_entropy %q, %q {reduction = #sinter.reduction<none>} : (tensor<5xf64>, tensor<5xf64>) -> tensor<5xf64>
  return
}

// CHECK-LABEL: func.func @binary_cross_entropy_with_logits
func.func @binary_cross_entropy_with_logits(%z: tensor<?x1xf32>, %t: tensor<?x1xf32>, %s: tensor<f64>) {
  // CHECK: sinter.binary_cross_entropy_with_logits %{{.*}}, %{{.*}} : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
  %0 = sinter.binary_cross_entropy_with_logits %z, %t : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
  // CHECK: sinter.binary_cross_entropy_with_logits %{{.*}}, %{{.*}} {reduction = #sinter.reduction<sum>} : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
  %1 = sinter.binary_cross_entropy_with_logits %z, %t {reduction = #sinter.reduction<sum>} : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
  // CHECK: sinter.binary_cross_entropy_with_logits %{{.*}}, %{{.*}} {reduction = #sinter.reduction<none>} : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<?x1xf32>
  %2 = sinter.binary_cross_entropy_with_logits %z, %t {reduction = #sinter.reduction<none>} : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<?x1xf32>
  // CHECK: sinter.binary_cross_entropy_with_logits %{{.*}}, %{{.*}} {reduction = #sinter.reduction<none>} : (tensor<f64>, tensor<f64>) -> tensor<f64>
  %3 = sinter.binary_cross_entropy_with_logits %s, %s {reduction = #sinter.reduction<none>} : (tensor<f64>, tensor<f64>) -> tensor<f64>
  return
}

// Class-index targets of i64 or i32; [N, C] with [N], or [C] with a 0-d
// target (one sample).
// CHECK-LABEL: func.func @cross_entropy
func.func @cross_entropy(%logits: tensor<?x10xf32>, %labels: tensor<?xi64>, %l32: tensor<8xi32>,
                         %x: tensor<8x10xf64>, %one: tensor<10xf32>, %c: tensor<i64>) {
  // CHECK: sinter.cross_entropy %{{.*}}, %{{.*}} : (tensor<?x10xf32>, tensor<?xi64>) -> tensor<f32>
  %0 = sinter.cross_entropy %logits, %labels : (tensor<?x10xf32>, tensor<?xi64>) -> tensor<f32>
  // CHECK: sinter.cross_entropy %{{.*}}, %{{.*}} {reduction = #sinter.reduction<sum>} : (tensor<?x10xf32>, tensor<?xi64>) -> tensor<f32>
  %1 = sinter.cross_entropy %logits, %labels {reduction = #sinter.reduction<sum>} : (tensor<?x10xf32>, tensor<?xi64>) -> tensor<f32>
  // CHECK: sinter.cross_entropy %{{.*}}, %{{.*}} {reduction = #sinter.reduction<none>} : (tensor<?x10xf32>, tensor<?xi64>) -> tensor<?xf32>
  %2 = sinter.cross_entropy %logits, %labels {reduction = #sinter.reduction<none>} : (tensor<?x10xf32>, tensor<?xi64>) -> tensor<?xf32>
  // CHECK: sinter.cross_entropy %{{.*}}, %{{.*}} {reduction = #sinter.reduction<none>} : (tensor<8x10xf64>, tensor<8xi32>) -> tensor<8xf64>
  %3 = sinter.cross_entropy %x, %l32 {reduction = #sinter.reduction<none>} : (tensor<8x10xf64>, tensor<8xi32>) -> tensor<8xf64>
  // The batch size comes from whichever operand knows it.
  // CHECK: sinter.cross_entropy %{{.*}}, %{{.*}} {reduction = #sinter.reduction<none>} : (tensor<?x10xf32>, tensor<8xi32>) -> tensor<8xf32>
  %4 = sinter.cross_entropy %logits, %l32 {reduction = #sinter.reduction<none>} : (tensor<?x10xf32>, tensor<8xi32>) -> tensor<8xf32>
  // CHECK: sinter.cross_entropy %{{.*}}, %{{.*}} : (tensor<10xf32>, tensor<i64>) -> tensor<f32>
  %5 = sinter.cross_entropy %one, %c : (tensor<10xf32>, tensor<i64>) -> tensor<f32>
  // CHECK: sinter.cross_entropy %{{.*}}, %{{.*}} {reduction = #sinter.reduction<none>} : (tensor<10xf32>, tensor<i64>) -> tensor<f32>
  %6 = sinter.cross_entropy %one, %c {reduction = #sinter.reduction<none>} : (tensor<10xf32>, tensor<i64>) -> tensor<f32>
  return
}

// CHECK-LABEL: func.func @nll_loss
func.func @nll_loss(%logp: tensor<?x10xf32>, %labels: tensor<?xi64>, %x: tensor<4x3xf64>, %l32: tensor<4xi32>) {
  // CHECK: sinter.nll_loss %{{.*}}, %{{.*}} : (tensor<?x10xf32>, tensor<?xi64>) -> tensor<f32>
  %0 = sinter.nll_loss %logp, %labels : (tensor<?x10xf32>, tensor<?xi64>) -> tensor<f32>
  // CHECK: sinter.nll_loss %{{.*}}, %{{.*}} {reduction = #sinter.reduction<sum>} : (tensor<?x10xf32>, tensor<?xi64>) -> tensor<f32>
  %1 = sinter.nll_loss %logp, %labels {reduction = #sinter.reduction<sum>} : (tensor<?x10xf32>, tensor<?xi64>) -> tensor<f32>
  // CHECK: sinter.nll_loss %{{.*}}, %{{.*}} {reduction = #sinter.reduction<none>} : (tensor<?x10xf32>, tensor<?xi64>) -> tensor<?xf32>
  %2 = sinter.nll_loss %logp, %labels {reduction = #sinter.reduction<none>} : (tensor<?x10xf32>, tensor<?xi64>) -> tensor<?xf32>
  // An explicit default is elided when printed.
  // CHECK: sinter.nll_loss %{{.*}}, %{{.*}} : (tensor<4x3xf64>, tensor<4xi32>) -> tensor<f64>
  %3 = "sinter.nll_loss"(%x, %l32) <{reduction = #sinter.reduction<mean>}> : (tensor<4x3xf64>, tensor<4xi32>) -> tensor<f64>
  return
}
