// What --sinter-autodiff refuses, each with its diagnostic; a failed run
// leaves no @forward_grad behind.
// RUN: sinter-opt %s -split-input-file -verify-diagnostics --sinter-autodiff

// The loss must be a 0-d floating-point tensor.
func.func @forward(%x: tensor<3xf64> {sinter.param = "x"}) -> tensor<3xf64> {
  %y = sinter.exp %x : (tensor<3xf64>) -> tensor<3xf64>
  // expected-error @+1 {{the loss (first result) must be a 0-d floating-point tensor, got 'tensor<3xf64>'}}
  return %y : tensor<3xf64>
}

// -----

func.func @forward(%x: tensor<3xf64> {sinter.param = "x"}) -> tensor<i64> {
  %i = sinter.argmax %x : (tensor<3xf64>) -> tensor<i64>
  // expected-error @+1 {{the loss (first result) must be a 0-d floating-point tensor, got 'tensor<i64>'}}
  return %i : tensor<i64>
}

// -----

func.func @forward(%x: tensor<3xf64> {sinter.param = "x"}) {
  // expected-error @+1 {{the function to differentiate must return the loss as its first result}}
  return
}

// -----

// No function to differentiate.
// expected-error @+1 {{no function @forward to differentiate}}
module {
  func.func @model(%x: tensor<3xf64> {sinter.param = "x"}) -> tensor<f64> {
    %l = sinter.sum %x : (tensor<3xf64>) -> tensor<f64>
    return %l : tensor<f64>
  }
}

// -----

// An external function has no body to differentiate.
// expected-error @+1 {{can only differentiate a function with a single-block body}}
func.func private @forward(tensor<3xf64> {sinter.param = "x"}) -> tensor<f64>

// -----

// The gradient function's name is taken.
// expected-error @+1 {{cannot differentiate @forward: @forward_grad already exists}}
func.func @forward(%x: tensor<3xf64> {sinter.param = "x"}) -> tensor<f64> {
  %l = sinter.sum %x : (tensor<3xf64>) -> tensor<f64>
  return %l : tensor<f64>
}
func.func @forward_grad(%x: tensor<3xf64>) -> tensor<3xf64> {
  return %x : tensor<3xf64>
}

// -----

// Parameters are floating point.
// expected-error @+1 {{parameter 'steps' must be a floating-point tensor}}
func.func @forward(%x: tensor<3xf64> {sinter.param = "x"}, %n: tensor<i64> {sinter.param = "steps"}) -> tensor<f64> {
  %l = sinter.sum %x : (tensor<3xf64>) -> tensor<f64>
  return %l : tensor<f64>
}

// -----

// A call on the path to the loss: inline first.
func.func @body(%a: tensor<3xf64>) -> tensor<f64> {
  %s = sinter.sum %a : (tensor<3xf64>) -> tensor<f64>
  return %s : tensor<f64>
}
func.func @forward(%x: tensor<3xf64> {sinter.param = "x"}) -> tensor<f64> {
  // expected-error @+1 {{cannot differentiate 'func.call' (inline calls first: --inline)}}
  %l = func.call @body(%x) : (tensor<3xf64>) -> tensor<f64>
  return %l : tensor<f64>
}

// -----

// A slice along the dynamic batch dimension: its zero padding would need
// the run-time size.
func.func @forward(%x: tensor<?x3xf64> {sinter.param = "x"}) -> tensor<f64> {
  // expected-error @+1 {{'sinter.slice' op cannot differentiate a slice along dynamic dimension 0 of 'tensor<?x3xf64>'}}
  %s = sinter.slice %x {dim = 0 : i64, start = 1 : i64} : (tensor<?x3xf64>) -> tensor<?x3xf64>
  %l = sinter.sum %s : (tensor<?x3xf64>) -> tensor<f64>
  return %l : tensor<f64>
}

// -----

// A reshape back to a shape with two dynamic dimensions.
func.func @forward(%x: tensor<?x?xf64> {sinter.param = "x"}) -> tensor<f64> {
  // expected-error @+1 {{'sinter.reshape' op cannot differentiate: its input 'tensor<?x?xf64>' has more than one dynamic dimension}}
  %s = sinter.reshape %x {shape = array<i64: -1>} : (tensor<?x?xf64>) -> tensor<?xf64>
  %l = sinter.sum %s : (tensor<?xf64>) -> tensor<f64>
  return %l : tensor<f64>
}

// -----

// A concat whose inputs are dynamic along the joined dimension.
func.func @forward(%x: tensor<?x3xf64> {sinter.param = "x"}) -> tensor<f64> {
  // expected-error @+1 {{'sinter.concat' op cannot differentiate: input 'tensor<?x3xf64>' has a dynamic size along the concatenated dimension 0}}
  %c = sinter.concat %x, %x {dim = 0 : i64} : (tensor<?x3xf64>, tensor<?x3xf64>) -> tensor<?x3xf64>
  %l = sinter.sum %c : (tensor<?x3xf64>) -> tensor<f64>
  return %l : tensor<f64>
}
