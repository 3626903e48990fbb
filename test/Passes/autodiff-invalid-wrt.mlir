// wrt-inputs names data inputs by sinter.name; each must exist and be a
// floating-point tensor.
// RUN: sinter-opt %s -split-input-file -verify-diagnostics --sinter-autodiff="wrt-inputs=labels"

// expected-error @+1 {{no input named 'labels' (sinter.name) to differentiate for}}
func.func @forward(%x: tensor<3xf64> {sinter.name = "x"}, %w: tensor<3xf64> {sinter.param = "w"}) -> tensor<f64> {
  %y = sinter.mul %x, %w : (tensor<3xf64>, tensor<3xf64>) -> tensor<3xf64>
  %l = sinter.sum %y : (tensor<3xf64>) -> tensor<f64>
  return %l : tensor<f64>
}

// -----

// A parameter is not a data input: its sinter.param name does not count.
// expected-error @+1 {{no input named 'labels' (sinter.name) to differentiate for}}
func.func @forward(%w: tensor<3xf64> {sinter.param = "labels"}) -> tensor<f64> {
  %l = sinter.sum %w : (tensor<3xf64>) -> tensor<f64>
  return %l : tensor<f64>
}

// -----

// expected-error @+1 {{input 'labels' is not a floating-point tensor, so it has no gradient}}
func.func @forward(%x: tensor<4x3xf64> {sinter.param = "x"}, %t: tensor<4xi64> {sinter.name = "labels"}) -> tensor<f64> {
  %l = sinter.cross_entropy %x, %t : (tensor<4x3xf64>, tensor<4xi64>) -> tensor<f64>
  return %l : tensor<f64>
}
