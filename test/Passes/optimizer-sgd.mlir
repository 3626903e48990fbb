// RUN: sinter-opt %s --sinter-autodiff '--sinter-optimizer=name=sgd lr=0.1 momentum=0.9 dampening=0.1 weight-decay=0.01' | FileCheck %s
// RUN: sinter-opt %s --sinter-autodiff '--sinter-optimizer=name=sgd lr=0.1' | FileCheck %s --check-prefix=PLAIN
// RUN: sinter-opt %s --sinter-autodiff '--sinter-optimizer=name=sgd lr=0.1 momentum=0.5 nesterov=true maximize=true' | FileCheck %s --check-prefix=NESTEROV

func.func @forward(%x: tensor<?x3xf32> {sinter.name = "x"},
                   %w: tensor<2x3xf32> {sinter.param = "fc.weight"},
                   %t: tensor<?x2xf32> {sinter.name = "t"})
    -> (tensor<f32> {sinter.name = "loss"}, tensor<?x2xf32> {sinter.name = "y"}) {
  %y = sinter.linear %x, %w : (tensor<?x3xf32>, tensor<2x3xf32>) -> tensor<?x2xf32>
  %l = sinter.mse_loss %y, %t : (tensor<?x2xf32>, tensor<?x2xf32>) -> tensor<f32>
  return %l, %y : tensor<f32>, tensor<?x2xf32>
}

// The state: the parameter (no initial value: init or a checkpoint sets
// it), PyTorch's momentum buffer, the learning rate, SGD's step counter.
// CHECK-DAG: ml_program.global private mutable @fc.weight : tensor<2x3xf32>
// CHECK-DAG: ml_program.global private mutable @optimizer.fc.weight.momentum_buffer(dense<0.000000e+00> : tensor<2x3xf32>) : tensor<2x3xf32>
// CHECK-DAG: ml_program.global private mutable @optimizer.lr(dense<1.000000e-01> : tensor<f64>) : tensor<f64>
// CHECK-DAG: ml_program.global private mutable @optimizer.step(dense<0> : tensor<i64>) : tensor<i64>
// CHECK: func.func private @forward(
// CHECK: func.func private @forward_grad(

// init resets the optimizer state and the learning rate.
// CHECK-LABEL: func.func @init(
// CHECK-SAME: %[[SEED:.*]]: tensor<i64> {sinter.name = "seed"})
// CHECK: %[[ZERO:.*]] = sinter.full {shape = array<i64: 2, 3>, value = 0.000000e+00 : f32}
// CHECK: ml_program.global_store @optimizer.fc.weight.momentum_buffer = %[[ZERO]]
// CHECK: ml_program.global_store @optimizer.lr =
// CHECK: ml_program.global_store @optimizer.step =

// train_step takes the data inputs only and returns the loss.
// CHECK-LABEL: func.func @train_step(
// CHECK-SAME: %[[X:.*]]: tensor<?x3xf32> {sinter.name = "x"}, %[[T:.*]]: tensor<?x2xf32> {sinter.name = "t"})
// CHECK-SAME: -> (tensor<f32> {sinter.name = "loss"})
// CHECK: %[[W:.*]] = ml_program.global_load @fc.weight
// CHECK: %[[R:.*]]:3 = call @forward_grad(%[[X]], %[[W]], %[[T]])
// CHECK: %[[LR:.*]] = ml_program.global_load @optimizer.lr : tensor<f64>
// CHECK: %[[STEP:.*]] = ml_program.global_load @optimizer.step : tensor<i64>
// CHECK: ml_program.global_store @optimizer.step =
// d_p = grad + weight_decay * param
// CHECK: %[[P:.*]] = ml_program.global_load @fc.weight
// CHECK: %[[LRF:.*]] = sinter.cast %[[LR]] {dtype = f32}
// CHECK: %[[WD:.*]] = sinter.constant dense<0.00999999977> : tensor<f32>
// CHECK: %[[DECAY:.*]] = sinter.mul %[[P]], %[[WD]]
// CHECK: %[[D:.*]] = sinter.add %[[R]]#2, %[[DECAY]]
// buf = momentum * buf + (1 - dampening) * d_p, or d_p on the first step
// CHECK: %[[BUF:.*]] = ml_program.global_load @optimizer.fc.weight.momentum_buffer
// CHECK: sinter.constant dense<0.899999976> : tensor<f32>
// CHECK: sinter.constant dense<0.899999976> : tensor<f32>
// CHECK: %[[FIRST:.*]] = sinter.eq %[[STEP]],
// CHECK: %[[NEWBUF:.*]] = sinter.where %[[FIRST]], %[[D]],
// CHECK: ml_program.global_store @optimizer.fc.weight.momentum_buffer = %[[NEWBUF]]
// param -= lr * buf
// CHECK: %[[UPDATE:.*]] = sinter.mul %[[NEWBUF]], %[[LRF]]
// CHECK: %[[NEW:.*]] = sinter.sub %[[P]], %[[UPDATE]]
// CHECK: ml_program.global_store @fc.weight = %[[NEW]]
// CHECK: return %[[R]]#0 : tensor<f32>

// eval_step runs the forward function on the state.
// CHECK-LABEL: func.func @eval_step(
// CHECK: %[[EW:.*]] = ml_program.global_load @fc.weight
// CHECK: call @forward(%{{.*}}, %[[EW]], %{{.*}})

// Without momentum SGD keeps no state.
// PLAIN-NOT: momentum_buffer
// PLAIN-NOT: @optimizer.step
// PLAIN-LABEL: func.func @train_step(
// PLAIN: %[[R:.*]]:3 = call @forward_grad
// PLAIN: %[[P:.*]] = ml_program.global_load @fc.weight
// PLAIN: %[[U:.*]] = sinter.mul %[[R]]#2,
// PLAIN: sinter.sub %[[P]], %[[U]]

// Nesterov: d_p + momentum * buf; maximize negates the gradient first.
// NESTEROV-LABEL: func.func @train_step(
// NESTEROV: %[[R:.*]]:3 = call @forward_grad
// NESTEROV: %[[G:.*]] = sinter.neg %[[R]]#2
// NESTEROV: %[[BUF:.*]] = sinter.where %{{.*}}, %[[G]],
// NESTEROV: %[[MB:.*]] = sinter.mul %[[BUF]],
// NESTEROV: %[[D:.*]] = sinter.add %[[G]], %[[MB]]
// NESTEROV: sinter.mul %[[D]],
