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

#endif // SINTER_PASSES
