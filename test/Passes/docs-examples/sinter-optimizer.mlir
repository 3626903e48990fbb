// The example of docs/passes/sinter-optimizer.md: SGD with momentum on the
// model of sinter-autodiff.mlir.
// RUN: sinter-opt %s --sinter-autodiff '--sinter-optimizer=name=sgd lr=0.1 momentum=0.9' | FileCheck %s

// CHECK:       ml_program.global private mutable @fc.weight : tensor<2x3xf32>
// CHECK-NEXT:  ml_program.global private mutable @optimizer.fc.weight.momentum_buffer(dense<0.000000e+00> : tensor<2x3xf32>) : tensor<2x3xf32>
// CHECK-NEXT:  ml_program.global private mutable @optimizer.lr(dense<1.000000e-01> : tensor<f64>) : tensor<f64>
// CHECK-NEXT:  ml_program.global private mutable @optimizer.step(dense<0> : tensor<i64>) : tensor<i64>
// CHECK:       func.func private @forward(
// CHECK:       func.func private @forward_grad(
// CHECK-LABEL: func.func @init(%arg0: tensor<i64> {sinter.name = "seed"}) {
// CHECK-LABEL: func.func @train_step(%arg0: tensor<?x3xf32> {sinter.name = "x"}, %arg1: tensor<?x2xf32> {sinter.name = "t"}) -> (tensor<f32> {sinter.name = "loss"}) {
// CHECK:         %4 = sinter.constant dense<0.899999976> : tensor<f32>
// CHECK:         %11 = sinter.where %10, %0#2, %8 : (tensor<i1>, tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT:    ml_program.global_store @optimizer.fc.weight.momentum_buffer = %11 : tensor<2x3xf32>
// CHECK-NEXT:    %12 = sinter.mul %11, %3 : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
// CHECK-NEXT:    %13 = sinter.sub %fc.weight_0, %12 : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT:    ml_program.global_store @fc.weight = %13 : tensor<2x3xf32>
// CHECK-NEXT:    return %0#0 : tensor<f32>
// CHECK-LABEL: func.func @eval_step(

func.func @forward(%x: tensor<?x3xf32> {sinter.name = "x"},
                   %w: tensor<2x3xf32> {sinter.param = "fc.weight"},
                   %t: tensor<?x2xf32> {sinter.name = "t"})
    -> (tensor<f32> {sinter.name = "loss"}, tensor<?x2xf32> {sinter.name = "y"}) {
  %y = sinter.linear %x, %w : (tensor<?x3xf32>, tensor<2x3xf32>) -> tensor<?x2xf32>
  %l = sinter.mse_loss %y, %t : (tensor<?x2xf32>, tensor<?x2xf32>) -> tensor<f32>
  return %l, %y : tensor<f32>, tensor<?x2xf32>
}
