// Bad optimizer settings and inputs are errors that name the rule.
// RUN: sinter-opt %s --sinter-autodiff '--sinter-optimizer=name=sgd' -verify-diagnostics -split-input-file
// RUN: not sinter-opt %s --sinter-autodiff '--sinter-optimizer=name=lamb' 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// RUN: not sinter-opt %s --sinter-autodiff '--sinter-optimizer=name=sgd lr=0.1 nesterov=true' 2>&1 | FileCheck %s --check-prefix=NESTEROV
// RUN: not sinter-opt %s --sinter-autodiff '--sinter-optimizer=name=adam beta1=1.0' 2>&1 | FileCheck %s --check-prefix=BETA
// RUN: not sinter-opt %s --sinter-autodiff '--sinter-optimizer=name=adam lr=-1' 2>&1 | FileCheck %s --check-prefix=LR
// RUN: not sinter-opt %s '--sinter-optimizer=name=adam' 2>&1 | FileCheck %s --check-prefix=NOGRAD

// UNKNOWN: error: unknown optimizer 'lamb' (expected sgd, adam, adamw, rmsprop or adagrad)
// NESTEROV: error: sinter-optimizer: Nesterov momentum requires a momentum and zero dampening
// BETA: error: sinter-optimizer: Invalid beta parameter at index 0: 1.0
// LR: error: sinter-optimizer: Invalid learning rate: -1.0
// NOGRAD: error: no @forward_grad to build a training program from: run --sinter-autodiff first

// expected-error @below {{sinter-optimizer: sgd needs a learning rate (lr=...), as torch.optim.SGD does}}
module {
func.func @forward(%x: tensor<4x3xf32> {sinter.name = "x"},
                   %w: tensor<2x3xf32> {sinter.param = "fc.weight"},
                   %t: tensor<4x2xf32> {sinter.name = "t"})
    -> (tensor<f32> {sinter.name = "loss"}) {
  %y = sinter.linear %x, %w : (tensor<4x3xf32>, tensor<2x3xf32>) -> tensor<4x2xf32>
  %l = sinter.mse_loss %y, %t : (tensor<4x2xf32>, tensor<4x2xf32>) -> tensor<f32>
  return %l : tensor<f32>
}
}
