// The example of docs/passes/sinter-externalize-state.md: the SGD training
// program of the model of sinter-autodiff.mlir, with its state passed in and
// out: no ml_program op is left; each entry point takes the state it touches
// as trailing arguments and returns the state it writes as trailing results.
// The checks name no SSA value by number: values are FileCheck variables.
// RUN: sinter-opt %s --sinter-autodiff '--sinter-optimizer=name=sgd lr=0.1' --sinter-externalize-state | FileCheck %s --implicit-check-not=ml_program.

// CHECK-LABEL: func.func @init(%{{[a-z0-9_]+}}: tensor<i64> {sinter.name = "seed"}, %{{[a-z0-9_]+}}: tensor<f64> {sinter.state = "optimizer.lr"}) -> (tensor<f64> {sinter.state = "optimizer.lr"}) attributes {sinter.state_in = ["optimizer.lr"], sinter.state_out = ["optimizer.lr"], sinter.state_read = []} {
// CHECK-NEXT:    %[[LR0:[a-z0-9_]+]] = sinter.constant dense<1.000000e-01> : tensor<f64>
// CHECK-NEXT:    return %[[LR0]] : tensor<f64>
// CHECK-LABEL: func.func @train_step(
// CHECK-SAME:    %[[X:[a-z0-9_]+]]: tensor<?x3xf32> {sinter.name = "x"}, %[[T:[a-z0-9_]+]]: tensor<?x2xf32> {sinter.name = "t"}, %[[W:[a-z0-9_]+]]: tensor<2x3xf32> {sinter.state = "fc.weight"}, %[[LR:[a-z0-9_]+]]: tensor<f64> {sinter.state = "optimizer.lr"}
// CHECK-SAME:    -> (tensor<f32> {sinter.name = "loss"}, tensor<2x3xf32> {sinter.state = "fc.weight"}) attributes {sinter.state_in = ["fc.weight", "optimizer.lr"], sinter.state_out = ["fc.weight"], sinter.state_read = ["fc.weight", "optimizer.lr"]} {
// Both loads of @fc.weight became the argument.
// CHECK-NEXT:    %[[G:[a-z0-9_]+]]:3 = call @forward_grad(%[[X]], %[[W]], %[[T]])
// CHECK-NEXT:    %[[LR32:[a-z0-9_]+]] = sinter.cast %[[LR]] {dtype = f32} : (tensor<f64>) -> tensor<f32>
// CHECK-NEXT:    %[[STEP:[a-z0-9_]+]] = sinter.mul %[[G]]#2, %[[LR32]]
// CHECK-NEXT:    %[[NEWW:[a-z0-9_]+]] = sinter.sub %[[W]], %[[STEP]] : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT:    return %[[G]]#0, %[[NEWW]] : tensor<f32>, tensor<2x3xf32>
// CHECK-LABEL: func.func @eval_step(
// CHECK-SAME:    %{{[a-z0-9_]+}}: tensor<2x3xf32> {sinter.state = "fc.weight"}) -> (tensor<f32> {sinter.name = "loss"}, tensor<?x2xf32> {sinter.name = "y"}) attributes {sinter.state_in = ["fc.weight"], sinter.state_out = [], sinter.state_read = ["fc.weight"]}

func.func @forward(%x: tensor<?x3xf32> {sinter.name = "x"},
                   %w: tensor<2x3xf32> {sinter.param = "fc.weight"},
                   %t: tensor<?x2xf32> {sinter.name = "t"})
    -> (tensor<f32> {sinter.name = "loss"}, tensor<?x2xf32> {sinter.name = "y"}) {
  %y = sinter.linear %x, %w : (tensor<?x3xf32>, tensor<2x3xf32>) -> tensor<?x2xf32>
  %l = sinter.mse_loss %y, %t : (tensor<?x2xf32>, tensor<?x2xf32>) -> tensor<f32>
  return %l, %y : tensor<f32>, tensor<?x2xf32>
}
