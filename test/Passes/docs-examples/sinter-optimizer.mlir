// The example of docs/passes/sinter-optimizer.md: SGD with momentum on the
// model of sinter-autodiff.mlir: the state as ml_program globals, @init, and
// @train_step with torch.optim.SGD(lr=0.1, momentum=0.9)'s update.
// The checks name no SSA value by number: values are FileCheck variables.
// RUN: sinter-opt %s --sinter-autodiff '--sinter-optimizer=name=sgd lr=0.1 momentum=0.9' | FileCheck %s

// CHECK:       ml_program.global private mutable @fc.weight : tensor<2x3xf32>
// CHECK-NEXT:  ml_program.global private mutable @optimizer.fc.weight.momentum_buffer(dense<0.000000e+00> : tensor<2x3xf32>) : tensor<2x3xf32>
// CHECK-NEXT:  ml_program.global private mutable @optimizer.lr(dense<1.000000e-01> : tensor<f64>) : tensor<f64>
// CHECK-NEXT:  ml_program.global private mutable @optimizer.step(dense<0> : tensor<i64>) : tensor<i64>
// CHECK:       func.func private @forward(
// CHECK:       func.func private @forward_grad(
// CHECK-LABEL: func.func @init(%{{[a-z0-9_]+}}: tensor<i64> {sinter.name = "seed"}) {
// CHECK-NOT:     ml_program.global_store @fc.weight
// CHECK-DAG:     ml_program.global_store @optimizer.fc.weight.momentum_buffer =
// CHECK-DAG:     ml_program.global_store @optimizer.lr =
// CHECK-DAG:     ml_program.global_store @optimizer.step =
// CHECK-NOT:     ml_program.global_store @fc.weight
// CHECK:         return
// CHECK-LABEL: func.func @train_step(%{{[a-z0-9_]+}}: tensor<?x3xf32> {sinter.name = "x"}, %{{[a-z0-9_]+}}: tensor<?x2xf32> {sinter.name = "t"}) -> (tensor<f32> {sinter.name = "loss"}) {
// CHECK:         %[[GRAD:[a-z0-9_]+]]:3 = call @forward_grad(
// CHECK:         %[[LR:[a-z0-9_.]+]] = ml_program.global_load @optimizer.lr : tensor<f64>
// CHECK-NEXT:    %[[STEP:[a-z0-9_.]+]] = ml_program.global_load @optimizer.step : tensor<i64>
// CHECK:         ml_program.global_store @optimizer.step =
// CHECK:         %[[W:[a-z0-9_.]+]] = ml_program.global_load @fc.weight : tensor<2x3xf32>
// CHECK-NEXT:    %[[LR32:[a-z0-9_]+]] = sinter.cast %[[LR]] {dtype = f32}
// buf = 0.9 buf + grad, or grad on the first step (step == 0).
// CHECK:         %[[MOM:[a-z0-9_]+]] = sinter.constant dense<0.899999976> : tensor<f32>
// CHECK:         %[[SCALED:[a-z0-9_]+]] = sinter.mul %{{[a-z0-9_.]+}}, %[[MOM]]
// CHECK:         %[[BUF:[a-z0-9_]+]] = sinter.add %[[SCALED]], %{{[a-z0-9_]+}}
// CHECK:         %[[FIRST:[a-z0-9_]+]] = sinter.eq %[[STEP]], %{{[a-z0-9_]+}} : (tensor<i64>, tensor<i64>) -> tensor<i1>
// CHECK-NEXT:    %[[NEWBUF:[a-z0-9_]+]] = sinter.where %[[FIRST]], %[[GRAD]]#2, %[[BUF]] : (tensor<i1>, tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT:    ml_program.global_store @optimizer.fc.weight.momentum_buffer = %[[NEWBUF]] : tensor<2x3xf32>
// w -= lr buf.
// CHECK-NEXT:    %[[STEPW:[a-z0-9_]+]] = sinter.mul %[[NEWBUF]], %[[LR32]] : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
// CHECK-NEXT:    %[[NEWW:[a-z0-9_]+]] = sinter.sub %[[W]], %[[STEPW]] : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT:    ml_program.global_store @fc.weight = %[[NEWW]] : tensor<2x3xf32>
// CHECK-NEXT:    return %[[GRAD]]#0 : tensor<f32>
// CHECK-LABEL: func.func @eval_step(

func.func @forward(%x: tensor<?x3xf32> {sinter.name = "x"},
                   %w: tensor<2x3xf32> {sinter.param = "fc.weight"},
                   %t: tensor<?x2xf32> {sinter.name = "t"})
    -> (tensor<f32> {sinter.name = "loss"}, tensor<?x2xf32> {sinter.name = "y"}) {
  %y = sinter.linear %x, %w : (tensor<?x3xf32>, tensor<2x3xf32>) -> tensor<?x2xf32>
  %l = sinter.mse_loss %y, %t : (tensor<?x2xf32>, tensor<?x2xf32>) -> tensor<f32>
  return %l, %y : tensor<f32>, tensor<?x2xf32>
}
