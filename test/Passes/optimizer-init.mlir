// @init draws the parameters with the model's @initializer, then resets the
// optimizer state, the learning rate and the dropout counter.
// RUN: sinter-opt %s --sinter-autodiff '--sinter-optimizer=name=sgd lr=0.5 momentum=0.9' | FileCheck %s

func.func @forward(%x: tensor<?x2xf32> {sinter.name = "x"}, %y: tensor<?x1xf32> {sinter.name = "y"},
                   %seed: tensor<i64> {sinter.rng},
                   %w: tensor<1x2xf32> {sinter.param = "fc.weight"}, %b: tensor<1xf32> {sinter.param = "fc.bias"})
    -> (tensor<f32> {sinter.name = "loss"}) {
  %z = sinter.linear %x, %w, %b : (tensor<?x2xf32>, tensor<1x2xf32>, tensor<1xf32>) -> tensor<?x1xf32>
  %d = sinter.dropout %z, %seed {p = 0.25 : f64} : (tensor<?x1xf32>, tensor<i64>) -> tensor<?x1xf32>
  %l = sinter.mse_loss %d, %y : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

func.func @initializer(%seed: tensor<i64> {sinter.name = "seed"})
    -> (tensor<1x2xf32> {sinter.param = "fc.weight"}, tensor<1xf32> {sinter.param = "fc.bias"}) {
  %w = sinter.uniform %seed {shape = array<i64: 1, 2>, dtype = f32, low = -0.7 : f64, high = 0.7 : f64} : (tensor<i64>) -> tensor<1x2xf32>
  %b = sinter.uniform %seed {shape = array<i64: 1>, dtype = f32, low = -0.7 : f64, high = 0.7 : f64, stream = 1 : i64} : (tensor<i64>) -> tensor<1xf32>
  return %w, %b : tensor<1x2xf32>, tensor<1xf32>
}

// CHECK-DAG: ml_program.global private mutable @rng.seed(dense<0> : tensor<i64>) : tensor<i64>
// CHECK-DAG: ml_program.global private mutable @rng.step(dense<0> : tensor<i64>) : tensor<i64>
// CHECK: func.func private @initializer(
// CHECK-LABEL: func.func @init(
// CHECK-SAME: %[[SEED:.*]]: tensor<i64> {sinter.name = "seed"})
// CHECK: %[[P:.*]]:2 = call @initializer(%[[SEED]])
// CHECK: ml_program.global_store @fc.weight = %[[P]]#0
// CHECK: ml_program.global_store @fc.bias = %[[P]]#1
// CHECK: ml_program.global_store @optimizer.fc.weight.momentum_buffer =
// CHECK: ml_program.global_store @optimizer.fc.bias.momentum_buffer =
// CHECK: ml_program.global_store @optimizer.lr =
// CHECK: ml_program.global_store @optimizer.step =
// CHECK: ml_program.global_store @rng.seed = %[[SEED]]
// CHECK: ml_program.global_store @rng.step =
// CHECK: return

// Each step draws a new dropout mask: seed * 2^32 + step.
// CHECK-LABEL: func.func @train_step(
// CHECK: %[[BASE:.*]] = ml_program.global_load @rng.seed
// CHECK: %[[STEP:.*]] = ml_program.global_load @rng.step
// CHECK: %[[SHIFT:.*]] = sinter.constant dense<4294967296> : tensor<i64>
// CHECK: %[[HI:.*]] = sinter.mul %[[BASE]], %[[SHIFT]]
// CHECK: %[[STEPSEED:.*]] = sinter.add %[[HI]], %[[STEP]]
// CHECK: ml_program.global_store @rng.step =
// CHECK: call @forward_grad(%{{.*}}, %{{.*}}, %[[STEPSEED]],
