// The adaptive optimizers' updates, op by op (torch.optim 1.13's formulas).
// RUN: sinter-opt %s --sinter-autodiff '--sinter-optimizer=name=adam lr=0.01 amsgrad=true' | FileCheck %s --check-prefix=ADAM
// RUN: sinter-opt %s --sinter-autodiff '--sinter-optimizer=name=adamw' | FileCheck %s --check-prefix=ADAMW
// RUN: sinter-opt %s --sinter-autodiff '--sinter-optimizer=name=rmsprop momentum=0.5 centered=true' | FileCheck %s --check-prefix=RMSPROP
// RUN: sinter-opt %s --sinter-autodiff '--sinter-optimizer=name=adagrad lr-decay=0.01 initial-accumulator-value=0.1' | FileCheck %s --check-prefix=ADAGRAD

func.func @forward(%x: tensor<4x3xf32> {sinter.name = "x"},
                   %w: tensor<2x3xf32> {sinter.param = "fc.weight"},
                   %t: tensor<4x2xf32> {sinter.name = "t"})
    -> (tensor<f32> {sinter.name = "loss"}) {
  %y = sinter.linear %x, %w : (tensor<4x3xf32>, tensor<2x3xf32>) -> tensor<4x2xf32>
  %l = sinter.mse_loss %y, %t : (tensor<4x2xf32>, tensor<4x2xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// Adam: step (f32, as PyTorch keeps it), exp_avg, exp_avg_sq and, with
// amsgrad, max_exp_avg_sq.
// ADAM-DAG: @optimizer.fc.weight.step(dense<0.000000e+00> : tensor<f32>) : tensor<f32>
// ADAM-DAG: @optimizer.fc.weight.exp_avg(dense<0.000000e+00> : tensor<2x3xf32>)
// ADAM-DAG: @optimizer.fc.weight.exp_avg_sq(dense<0.000000e+00> : tensor<2x3xf32>)
// ADAM-DAG: @optimizer.fc.weight.max_exp_avg_sq(dense<0.000000e+00> : tensor<2x3xf32>)
// ADAM-DAG: @optimizer.lr(dense<1.000000e-02> : tensor<f64>)
// ADAM-LABEL: func.func @train_step(
// ADAM: %[[R:.*]]:2 = call @forward_grad
// ADAM: %[[LR:.*]] = ml_program.global_load @optimizer.lr
// ADAM: %[[P:.*]] = ml_program.global_load @fc.weight :
// step += 1, then used in double
// ADAM: %[[STEP:.*]] = sinter.add %optimizer.fc.weight.step,
// ADAM: ml_program.global_store @optimizer.fc.weight.step = %[[STEP]]
// ADAM: %[[STEP64:.*]] = sinter.cast %[[STEP]] {dtype = f64}
// m = 0.9 m + 0.1 g
// ADAM: sinter.constant dense<0.899999976> : tensor<f32>
// ADAM: %[[G1:.*]] = sinter.mul %[[R]]#1,
// ADAM: %[[M:.*]] = sinter.add
// v = 0.999 v + (0.001 g) g
// ADAM: sinter.constant dense<9.990000e-01> : tensor<f32>
// ADAM: %[[GS:.*]] = sinter.mul %[[R]]#1,
// ADAM: %[[GG:.*]] = sinter.mul %[[GS]], %[[R]]#1
// ADAM: %[[V:.*]] = sinter.add %{{.*}}, %[[GG]]
// bias corrections 1 - beta^step = 1 - exp(step ln beta), in f64
// ADAM: sinter.constant dense<-0.10536051565782628> : tensor<f64>
// ADAM: sinter.exp
// ADAM: %[[BC1:.*]] = sinter.sub
// ADAM: sinter.constant dense<-0.0010005003335835344> : tensor<f64>
// ADAM: %[[BC2:.*]] = sinter.sub
// ADAM: %[[SS:.*]] = sinter.div %[[LR]], %[[BC1]] : (tensor<f64>, tensor<f64>)
// ADAM: %[[SS32:.*]] = sinter.cast %[[SS]] {dtype = f32}
// ADAM: %[[BC2S:.*]] = sinter.sqrt %[[BC2]] : (tensor<f64>)
// ADAM: %[[VMAX:.*]] = sinter.maximum %optimizer.fc.weight.max_exp_avg_sq, %[[V]]
// ADAM: ml_program.global_store @optimizer.fc.weight.max_exp_avg_sq = %[[VMAX]]
// ADAM: %[[ROOT:.*]] = sinter.sqrt %[[VMAX]]
// ADAM: %[[SCALED:.*]] = sinter.div %[[ROOT]],
// ADAM: %[[DENOM:.*]] = sinter.add %[[SCALED]],
// ADAM: %[[RATIO:.*]] = sinter.div %[[M]], %[[DENOM]]
// ADAM: %[[DELTA:.*]] = sinter.mul %[[RATIO]], %[[SS32]]
// ADAM: %[[NEW:.*]] = sinter.sub %[[P]], %[[DELTA]]
// ADAM: ml_program.global_store @fc.weight = %[[NEW]]

// AdamW decays the weight itself by (1 - lr * weight_decay), default 1e-2.
// ADAMW-LABEL: func.func @train_step(
// ADAMW: %[[LR:.*]] = ml_program.global_load @optimizer.lr
// ADAMW: %[[P:.*]] = ml_program.global_load @fc.weight :
// ADAMW: %[[WD:.*]] = sinter.constant dense<1.000000e-02> : tensor<f64>
// ADAMW: %[[DECAY:.*]] = sinter.mul %[[LR]], %[[WD]]
// ADAMW: %[[FACTOR:.*]] = sinter.sub %{{.*}}, %[[DECAY]]
// ADAMW: %[[F32:.*]] = sinter.cast %[[FACTOR]] {dtype = f32}
// ADAMW: %[[DECAYED:.*]] = sinter.mul %[[P]], %[[F32]]
// ADAMW-NOT: max_exp_avg_sq
// ADAMW: sinter.sub %[[DECAYED]],

// Centered RMSprop with momentum: square_avg, grad_avg, momentum_buffer.
// RMSPROP-DAG: @optimizer.fc.weight.square_avg(
// RMSPROP-DAG: @optimizer.fc.weight.grad_avg(
// RMSPROP-DAG: @optimizer.fc.weight.momentum_buffer(
// RMSPROP-DAG: @optimizer.lr(dense<1.000000e-02> : tensor<f64>)
// RMSPROP-LABEL: func.func @train_step(
// RMSPROP: ml_program.global_store @optimizer.fc.weight.step =
// RMSPROP: %[[SQ:.*]] = sinter.add
// RMSPROP: ml_program.global_store @optimizer.fc.weight.square_avg = %[[SQ]]
// RMSPROP: %[[GA:.*]] = sinter.add
// RMSPROP: ml_program.global_store @optimizer.fc.weight.grad_avg = %[[GA]]
// RMSPROP: %[[GA2:.*]] = sinter.mul %[[GA]], %[[GA]]
// RMSPROP: %[[VAR:.*]] = sinter.sub %[[SQ]], %[[GA2]]
// RMSPROP: %[[AVG:.*]] = sinter.sqrt %[[VAR]]
// RMSPROP: %[[AVGE:.*]] = sinter.add %[[AVG]],
// RMSPROP: %[[BUF:.*]] = sinter.add %{{.*}}, %{{.*}}
// RMSPROP: ml_program.global_store @optimizer.fc.weight.momentum_buffer = %[[BUF]]
// RMSPROP: sinter.mul %[[BUF]],

// Adagrad: the sum starts at initial_accumulator_value; clr decays.
// ADAGRAD-DAG: @optimizer.fc.weight.sum(dense<1.000000e-01> : tensor<2x3xf32>)
// ADAGRAD-LABEL: func.func @init(
// ADAGRAD: sinter.full {shape = array<i64: 2, 3>, value = 1.000000e-01 : f32}
// ADAGRAD-LABEL: func.func @train_step(
// ADAGRAD: sinter.constant dense<1.000000e-02> : tensor<f64>
// ADAGRAD: %[[CLR:.*]] = sinter.cast %{{.*}} {dtype = f32}
// ADAGRAD: %[[SUM:.*]] = sinter.add %optimizer.fc.weight.sum,
// ADAGRAD: ml_program.global_store @optimizer.fc.weight.sum = %[[SUM]]
// ADAGRAD: %[[STD:.*]] = sinter.sqrt %[[SUM]]
// ADAGRAD: sinter.mul %{{.*}}, %[[CLR]]
