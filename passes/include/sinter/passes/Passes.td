//===- Passes.td - Sinter passes ------------------------------*- tablegen -*-===//
#ifndef SINTER_PASSES
#define SINTER_PASSES

include "mlir/Pass/PassBase.td"

def SinterAutodiff : Pass<"sinter-autodiff", "::mlir::ModuleOp"> {
  let summary = "Differentiate the forward function: add @<entry>_grad";
  let description = [{
    Reverse-mode differentiation of the function `entry` (default
    `forward`), whose first result is a 0-d floating-point loss. The pass
    adds `@<entry>_grad`: the same arguments, the same results followed by
    d(loss)/d(parameter) for every argument carrying `sinter.param` (in
    argument order, result attribute `sinter.grad = "<name>"`), then the
    gradients of the data inputs named in `wrt-inputs`.

    Each op supplies its own rule (DifferentiableOpInterface). Only ops on a
    path from a differentiated argument to the loss are differentiated.
    Forward values that backward ops read are the activations saved for the
    backward pass; their defining ops are marked `sinter.saved`.

    Example:
    ```mlir
    func.func @forward(%x: tensor<4x3xf32> {sinter.name = "x"},
                       %w: tensor<2x3xf32> {sinter.param = "w"},
                       %t: tensor<4x2xf32> {sinter.name = "t"})
        -> (tensor<f32> {sinter.name = "loss"}) {
      %y = sinter.linear %x, %w : (tensor<4x3xf32>, tensor<2x3xf32>) -> tensor<4x2xf32>
      %l = sinter.mse_loss %y, %t : (tensor<4x2xf32>, tensor<4x2xf32>) -> tensor<f32>
      return %l : tensor<f32>
    }
    ```
    gains
    ```mlir
    func.func @forward_grad(...) -> (tensor<f32> {sinter.name = "loss"},
                                     tensor<2x3xf32> {sinter.grad = "w"})
    ```
  }];
  let options = [
    Option<"entry", "entry", "std::string", /*default=*/"\"forward\"",
           "The function to differentiate">,
    ListOption<"wrtInputs", "wrt-inputs", "std::string",
               "Data inputs (by sinter.name) whose gradients to return too">,
  ];
  let dependentDialects = ["::mlir::sinter::SinterDialect"];
}


def SinterOptimizer : Pass<"sinter-optimizer", "::mlir::ModuleOp"> {
  let summary = "Append a torch.optim update and build the training program";
  let description = [{
    From `@forward_grad` (see sinter-autodiff) and the optional `@eval`,
    `@predict` and `@initializer`, builds the training program of
    docs/training-program.md: every parameter and every piece of optimizer
    state becomes an `ml_program.global` named as PyTorch names it
    (`fc1.weight`, `optimizer.fc1.weight.exp_avg`), and the entry points
    `@init(seed)`, `@train_step(batch...) -> loss`, `@eval_step`,
    `@predict` appear. The update is exactly torch.optim's (1.13) for
    `name` = sgd, adam, adamw, rmsprop or adagrad, with its hyper-parameters
    as options; an option left unset takes torch.optim's default. The
    learning rate is the global `optimizer.lr`, read every step, so a
    schedule changes it without recompiling.

    Example: `--sinter-optimizer="name=sgd lr=0.01 momentum=0.9"` adds
    ```mlir
    ml_program.global private mutable @fc1.weight : tensor<128x784xf32>
    ml_program.global private mutable @optimizer.fc1.weight.momentum_buffer(dense<0.0> : tensor<128x784xf32>) : tensor<128x784xf32>
    ml_program.global private mutable @optimizer.lr(dense<1.0e-02> : tensor<f64>) : tensor<f64>
    func.func @train_step(%x: tensor<?x784xf32> {sinter.name = "x"}, ...) -> (tensor<f32> {sinter.name = "loss"})
    ```
  }];
  let options = [
    Option<"optimizerName", "name", "std::string", /*default=*/"\"sgd\"",
           "sgd, adam, adamw, rmsprop or adagrad">,
    Option<"lr", "lr", "double", "std::numeric_limits<double>::quiet_NaN()",
           "Learning rate (default: torch.optim's for the optimizer)">,
    Option<"momentum", "momentum", "double", "0.0", "SGD and RMSprop momentum">,
    Option<"dampening", "dampening", "double", "0.0", "SGD dampening">,
    Option<"nesterov", "nesterov", "bool", "false", "SGD Nesterov momentum">,
    Option<"weightDecay", "weight-decay", "double",
           "std::numeric_limits<double>::quiet_NaN()",
           "L2 penalty (decoupled for adamw; default: torch.optim's)">,
    Option<"maximize", "maximize", "bool", "false",
           "Maximize the objective instead of minimizing it">,
    Option<"beta1", "beta1", "double", "0.9", "Adam/AdamW first-moment decay">,
    Option<"beta2", "beta2", "double", "0.999", "Adam/AdamW second-moment decay">,
    Option<"eps", "eps", "double", "std::numeric_limits<double>::quiet_NaN()",
           "Term added to the denominator (default: torch.optim's)">,
    Option<"amsgrad", "amsgrad", "bool", "false", "Adam/AdamW AMSGrad variant">,
    Option<"alpha", "alpha", "double", "0.99", "RMSprop smoothing constant">,
    Option<"centered", "centered", "bool", "false", "Centered RMSprop">,
    Option<"lrDecay", "lr-decay", "double", "0.0", "Adagrad learning-rate decay">,
    Option<"initialAccumulatorValue", "initial-accumulator-value", "double",
           "0.0", "Adagrad's initial sum of squares">,
  ];
  let dependentDialects = ["::mlir::sinter::SinterDialect",
                           "::mlir::ml_program::MLProgramDialect",
                           "::mlir::func::FuncDialect"];
}

def SinterExternalizeState : Pass<"sinter-externalize-state", "::mlir::ModuleOp"> {
  let summary = "Pass named state to entry points as arguments and results";
  let description = [{
    Code generation's calling convention for a training program: every
    public function gains one argument per `ml_program.global` it reads or
    writes (its value at the call) and one result per global it writes (its
    value at the return), in the module's order of globals;
    loads read the current value, stores replace it, and the globals
    disappear. The host owns the state and passes it in; the function
    attributes `sinter.state_in` and `sinter.state_out` list the names.

    Example: `@train_step(%x) -> loss` that loads and stores `@w` becomes
    ```mlir
    func.func @train_step(%x: tensor<?x3xf32>, %w: tensor<2x3xf32>)
        -> (tensor<f32>, tensor<2x3xf32>)
        attributes {sinter.state_in = ["w"], sinter.state_out = ["w"]}
    ```
  }];
  let dependentDialects = ["::mlir::func::FuncDialect"];
}

def SinterLowerToLinalg : Pass<"sinter-lower-to-linalg", "::mlir::ModuleOp"> {
  let summary = "Lower sinter ops to linalg, tensor, arith and math on tensors";
  let description = [{
    Rewrites every sinter op into upstream MLIR on tensors -- linalg.generic
    for elementwise ops and reductions (with the broadcast in the indexing
    maps), linalg.matmul family for products, tensor ops for data movement --
    so that MLIR's bufferization and LLVM lowering finish the job. A dynamic
    batch dimension stays dynamic (tensor.dim). The counter-based random ops
    compute Philox4x32-10 with arith ops, bit for bit as the interpreter does.

    Example:
    ```mlir
    %y = sinter.relu %x : (tensor<?x3xf32>) -> tensor<?x3xf32>
    ```
    becomes a `linalg.generic` over `tensor<?x3xf32>` whose body is
    `arith.maximumf`.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect",
                           "::mlir::tensor::TensorDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::math::MathDialect",
                           "::mlir::scf::SCFDialect"];
}

#endif // SINTER_PASSES
