// The example of docs/passes/sinter-externalize-state.md: the SGD training
// program of the model of sinter-autodiff.mlir, with its state passed in and
// out.
// RUN: sinter-opt %s --sinter-autodiff '--sinter-optimizer=name=sgd lr=0.1' --sinter-externalize-state | FileCheck %s

// CHECK-NOT:   ml_program.global
// CHECK-LABEL: func.func @init(%arg0: tensor<i64> {sinter.name = "seed"}, %arg1: tensor<f64> {sinter.state = "optimizer.lr"}) -> (tensor<f64> {sinter.state = "optimizer.lr"}) attributes {sinter.state_in = ["optimizer.lr"], sinter.state_out = ["optimizer.lr"], sinter.state_read = []} {
// CHECK-LABEL: func.func @train_step(%arg0: tensor<?x3xf32> {sinter.name = "x"}, %arg1: tensor<?x2xf32> {sinter.name = "t"}, %arg2: tensor<2x3xf32> {sinter.state = "fc.weight"}, %arg3: tensor<f64> {sinter.state = "optimizer.lr"}) -> (tensor<f32> {sinter.name = "loss"}, tensor<2x3xf32> {sinter.state = "fc.weight"}) attributes {sinter.state_in = ["fc.weight", "optimizer.lr"], sinter.state_out = ["fc.weight"], sinter.state_read = ["fc.weight", "optimizer.lr"]} {
// CHECK-NEXT:    %0:3 = call @forward_grad(%arg0, %arg2, %arg1)
// CHECK-NEXT:    %1 = sinter.cast %arg3 {dtype = f32} : (tensor<f64>) -> tensor<f32>
// CHECK:         %3 = sinter.sub %arg2, %2 : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT:    return %0#0, %3 : tensor<f32>, tensor<2x3xf32>
// CHECK-LABEL: func.func @eval_step(
// CHECK-SAME:    attributes {sinter.state_in = ["fc.weight"], sinter.state_out = [], sinter.state_read = ["fc.weight"]}
// CHECK-NOT:   ml_program.

func.func @forward(%x: tensor<?x3xf32> {sinter.name = "x"},
                   %w: tensor<2x3xf32> {sinter.param = "fc.weight"},
                   %t: tensor<?x2xf32> {sinter.name = "t"})
    -> (tensor<f32> {sinter.name = "loss"}, tensor<?x2xf32> {sinter.name = "y"}) {
  %y = sinter.linear %x, %w : (tensor<?x3xf32>, tensor<2x3xf32>) -> tensor<?x2xf32>
  %l = sinter.mse_loss %y, %t : (tensor<?x2xf32>, tensor<?x2xf32>) -> tensor<f32>
  return %l, %y : tensor<f32>, tensor<?x2xf32>
}
