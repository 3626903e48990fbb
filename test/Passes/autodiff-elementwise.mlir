// The backward IR of the elementwise ops: each forward is `sum(op(...))`,
// so the seed gradient is ones broadcast to the result's shape (%[[G]]).
// Broadcast operands get their gradient summed back to their own shape;
// forward values the rules read are marked `sinter.saved`.
// RUN: sinter-opt %s -split-input-file --sinter-autodiff | FileCheck %s
// The gradient functions are valid IR through canonicalization.
// RUN: sinter-opt %s -split-input-file --sinter-autodiff -canonicalize -cse -o /dev/null

// add: [2, 3] + [3]; b's gradient is summed over the broadcast rows.
// CHECK-LABEL: func.func @forward_grad(
// CHECK-SAME:    -> (tensor<f64>, tensor<2x3xf64> {sinter.grad = "a"}, tensor<3xf64> {sinter.grad = "b"})
// CHECK:         %[[Y:.*]] = sinter.add %arg0, %arg1 : (tensor<2x3xf64>, tensor<3xf64>) -> tensor<2x3xf64>
// CHECK:         %[[L:.*]] = sinter.sum %[[Y]]
// CHECK:         %[[ONE:.*]] = sinter.constant dense<1.000000e+00> : tensor<f64>
// CHECK:         %[[G:.*]] = sinter.broadcast_to %{{.*}} {shape = array<i64: 2, 3>} : (tensor<1x1xf64>) -> tensor<2x3xf64>
// CHECK:         %[[S:.*]] = sinter.sum %[[G]] {dims = array<i64: 0>, keepdim = true} : (tensor<2x3xf64>) -> tensor<1x3xf64>
// CHECK:         %[[GB:.*]] = sinter.squeeze %[[S]] {dims = array<i64: 0>} : (tensor<1x3xf64>) -> tensor<3xf64>
// CHECK:         return %[[L]], %[[G]], %[[GB]] : tensor<f64>, tensor<2x3xf64>, tensor<3xf64>
func.func @forward(%a: tensor<2x3xf64> {sinter.param = "a"}, %b: tensor<3xf64> {sinter.param = "b"}) -> tensor<f64> {
  %y = sinter.add %a, %b : (tensor<2x3xf64>, tensor<3xf64>) -> tensor<2x3xf64>
  %l = sinter.sum %y : (tensor<2x3xf64>) -> tensor<f64>
  return %l : tensor<f64>
}

// -----

// sub: [2, 1] - [1, 3]; both summed back over their size-1 dimensions, the
// subtrahend's negated.
// CHECK-LABEL: func.func @forward_grad(
// CHECK-SAME:    -> (tensor<f64>, tensor<2x1xf64> {sinter.grad = "a"}, tensor<1x3xf64> {sinter.grad = "b"})
// CHECK:         %[[G:.*]] = sinter.broadcast_to %{{.*}} {shape = array<i64: 2, 3>}
// CHECK:         %[[GA:.*]] = sinter.sum %[[G]] {dims = array<i64: 1>, keepdim = true} : (tensor<2x3xf64>) -> tensor<2x1xf64>
// CHECK:         %[[N:.*]] = sinter.neg %[[G]]
// CHECK:         %[[GB:.*]] = sinter.sum %[[N]] {dims = array<i64: 0>, keepdim = true} : (tensor<2x3xf64>) -> tensor<1x3xf64>
// CHECK:         return %{{.*}}, %[[GA]], %[[GB]]
func.func @forward(%a: tensor<2x1xf64> {sinter.param = "a"}, %b: tensor<1x3xf64> {sinter.param = "b"}) -> tensor<f64> {
  %y = sinter.sub %a, %b : (tensor<2x1xf64>, tensor<1x3xf64>) -> tensor<2x3xf64>
  %l = sinter.sum %y : (tensor<2x3xf64>) -> tensor<f64>
  return %l : tensor<f64>
}

// -----

// mul: 0-d * [4]; d/da = sum(g * b) down to 0-d, d/db = g * a.
// CHECK-LABEL: func.func @forward_grad(
// CHECK-SAME:    -> (tensor<f64>, tensor<f64> {sinter.grad = "a"}, tensor<4xf64> {sinter.grad = "b"})
// CHECK:         %[[G:.*]] = sinter.broadcast_to %{{.*}} {shape = array<i64: 4>}
// CHECK:         %[[GBA:.*]] = sinter.mul %[[G]], %arg1 : (tensor<4xf64>, tensor<4xf64>) -> tensor<4xf64>
// CHECK:         %[[S:.*]] = sinter.sum %[[GBA]] {dims = array<i64: 0>, keepdim = true} : (tensor<4xf64>) -> tensor<1xf64>
// CHECK:         %[[GA:.*]] = sinter.squeeze %[[S]] {dims = array<i64: 0>} : (tensor<1xf64>) -> tensor<f64>
// CHECK:         %[[GB:.*]] = sinter.mul %[[G]], %arg0 : (tensor<4xf64>, tensor<f64>) -> tensor<4xf64>
// CHECK:         return %{{.*}}, %[[GA]], %[[GB]]
func.func @forward(%a: tensor<f64> {sinter.param = "a"}, %b: tensor<4xf64> {sinter.param = "b"}) -> tensor<f64> {
  %y = sinter.mul %a, %b : (tensor<f64>, tensor<4xf64>) -> tensor<4xf64>
  %l = sinter.sum %y : (tensor<4xf64>) -> tensor<f64>
  return %l : tensor<f64>
}

// -----

// div: d/da = g / b; d/db = -(g * y) / b, reading the saved quotient.
// CHECK-LABEL: func.func @forward_grad(
// CHECK:         %[[Y:.*]] = sinter.div %arg0, %arg1 {sinter.saved}
// CHECK:         %[[G:.*]] = sinter.broadcast_to
// CHECK:         %[[GA:.*]] = sinter.div %[[G]], %arg1
// CHECK:         %[[GY:.*]] = sinter.mul %[[G]], %[[Y]]
// CHECK:         %[[Q:.*]] = sinter.div %[[GY]], %arg1
// CHECK:         %[[GB:.*]] = sinter.neg %[[Q]]
// CHECK:         return %{{.*}}, %[[GA]], %[[GB]] : tensor<f64>, tensor<2x3xf64>, tensor<2x3xf64>
func.func @forward(%a: tensor<2x3xf64> {sinter.param = "a"}, %b: tensor<2x3xf64> {sinter.param = "b"}) -> tensor<f64> {
  %y = sinter.div %a, %b : (tensor<2x3xf64>, tensor<2x3xf64>) -> tensor<2x3xf64>
  %l = sinter.sum %y : (tensor<2x3xf64>) -> tensor<f64>
  return %l : tensor<f64>
}

// -----

// maximum: the gradient goes to the larger operand, half to each on a tie.
// CHECK-LABEL: func.func @forward_grad(
// CHECK:         %[[G:.*]] = sinter.broadcast_to
// CHECK:         %[[ZERO:.*]] = sinter.constant dense<0.000000e+00> : tensor<f64>
// CHECK:         %[[HALFC:.*]] = sinter.constant dense<5.000000e-01> : tensor<f64>
// CHECK:         %[[HALF:.*]] = sinter.mul %[[G]], %[[HALFC]]
// CHECK:         %[[TIE:.*]] = sinter.eq %arg0, %arg1
// CHECK:         %[[AW:.*]] = sinter.gt %arg0, %arg1
// CHECK:         %[[BW:.*]] = sinter.lt %arg0, %arg1
// CHECK:         %[[T1:.*]] = sinter.where %[[TIE]], %[[HALF]], %[[ZERO]]
// CHECK:         %[[GA:.*]] = sinter.where %[[AW]], %[[G]], %[[T1]]
// CHECK:         %[[T2:.*]] = sinter.where %[[TIE]], %[[HALF]], %[[ZERO]]
// CHECK:         %[[GB:.*]] = sinter.where %[[BW]], %[[G]], %[[T2]]
// CHECK:         return %{{.*}}, %[[GA]], %[[GB]]
func.func @forward(%a: tensor<4xf64> {sinter.param = "a"}, %b: tensor<4xf64> {sinter.param = "b"}) -> tensor<f64> {
  %y = sinter.maximum %a, %b : (tensor<4xf64>, tensor<4xf64>) -> tensor<4xf64>
  %l = sinter.sum %y : (tensor<4xf64>) -> tensor<f64>
  return %l : tensor<f64>
}

// -----

// minimum: the smaller operand wins.
// CHECK-LABEL: func.func @forward_grad(
// CHECK:         %[[TIE:.*]] = sinter.eq %arg0, %arg1
// CHECK:         %[[AW:.*]] = sinter.lt %arg0, %arg1
// CHECK:         %[[BW:.*]] = sinter.gt %arg0, %arg1
// CHECK:         %[[GA:.*]] = sinter.where %[[AW]], %{{.*}}, %{{.*}}
// CHECK:         %[[GB:.*]] = sinter.where %[[BW]], %{{.*}}, %{{.*}}
// CHECK:         return %{{.*}}, %[[GA]], %[[GB]]
func.func @forward(%a: tensor<4xf64> {sinter.param = "a"}, %b: tensor<4xf64> {sinter.param = "b"}) -> tensor<f64> {
  %y = sinter.minimum %a, %b : (tensor<4xf64>, tensor<4xf64>) -> tensor<4xf64>
  %l = sinter.sum %y : (tensor<4xf64>) -> tensor<f64>
  return %l : tensor<f64>
}

// -----

// where: the gradient is routed by the same condition; the 0-d branch sums
// its share. The i1 condition gets none.
// CHECK-LABEL: func.func @forward_grad(
// CHECK-SAME:    -> (tensor<f64>, tensor<4xf64> {sinter.grad = "a"}, tensor<f64> {sinter.grad = "b"})
// CHECK:         %[[G:.*]] = sinter.broadcast_to
// CHECK:         %[[ZERO:.*]] = sinter.constant dense<0.000000e+00> : tensor<f64>
// CHECK:         %[[GA:.*]] = sinter.where %arg0, %[[G]], %[[ZERO]] : (tensor<4xi1>, tensor<4xf64>, tensor<f64>) -> tensor<4xf64>
// CHECK:         %[[W:.*]] = sinter.where %arg0, %[[ZERO]], %[[G]] : (tensor<4xi1>, tensor<f64>, tensor<4xf64>) -> tensor<4xf64>
// CHECK:         %[[S:.*]] = sinter.sum %[[W]] {dims = array<i64: 0>, keepdim = true}
// CHECK:         %[[GB:.*]] = sinter.squeeze %[[S]] {dims = array<i64: 0>} : (tensor<1xf64>) -> tensor<f64>
// CHECK:         return %{{.*}}, %[[GA]], %[[GB]]
func.func @forward(%c: tensor<4xi1> {sinter.name = "c"}, %a: tensor<4xf64> {sinter.param = "a"}, %b: tensor<f64> {sinter.param = "b"}) -> tensor<f64> {
  %y = sinter.where %c, %a, %b : (tensor<4xi1>, tensor<4xf64>, tensor<f64>) -> tensor<4xf64>
  %l = sinter.sum %y : (tensor<4xf64>) -> tensor<f64>
  return %l : tensor<f64>
}

// -----

// neg
// CHECK-LABEL: func.func @forward_grad(
// CHECK:         %[[G:.*]] = sinter.broadcast_to
// CHECK-NEXT:    %[[GX:.*]] = sinter.neg %[[G]]
// CHECK-NEXT:    return %{{.*}}, %[[GX]] : tensor<f64>, tensor<4xf64>
func.func @forward(%x: tensor<4xf64> {sinter.param = "x"}) -> tensor<f64> {
  %y = sinter.neg %x : (tensor<4xf64>) -> tensor<4xf64>
  %l = sinter.sum %y : (tensor<4xf64>) -> tensor<f64>
  return %l : tensor<f64>
}

// -----

// exp: g * y, with y saved.
// CHECK-LABEL: func.func @forward_grad(
// CHECK:         %[[Y:.*]] = sinter.exp %arg0 {sinter.saved}
// CHECK:         %[[G:.*]] = sinter.broadcast_to
// CHECK-NEXT:    %[[GX:.*]] = sinter.mul %[[G]], %[[Y]]
// CHECK-NEXT:    return %{{.*}}, %[[GX]]
func.func @forward(%x: tensor<4xf64> {sinter.param = "x"}) -> tensor<f64> {
  %y = sinter.exp %x : (tensor<4xf64>) -> tensor<4xf64>
  %l = sinter.sum %y : (tensor<4xf64>) -> tensor<f64>
  return %l : tensor<f64>
}

// -----

// log: g / x; the result is not needed, so not saved.
// CHECK-LABEL: func.func @forward_grad(
// CHECK:         sinter.log %arg0 : (tensor<4xf64>) -> tensor<4xf64>
// CHECK:         %[[G:.*]] = sinter.broadcast_to
// CHECK-NEXT:    %[[GX:.*]] = sinter.div %[[G]], %arg0
// CHECK-NEXT:    return %{{.*}}, %[[GX]]
func.func @forward(%x: tensor<4xf64> {sinter.param = "x"}) -> tensor<f64> {
  %y = sinter.log %x : (tensor<4xf64>) -> tensor<4xf64>
  %l = sinter.sum %y : (tensor<4xf64>) -> tensor<f64>
  return %l : tensor<f64>
}

// -----

// sqrt: (g * 0.5) / y.
// CHECK-LABEL: func.func @forward_grad(
// CHECK:         %[[Y:.*]] = sinter.sqrt %arg0 {sinter.saved}
// CHECK:         %[[G:.*]] = sinter.broadcast_to
// CHECK:         %[[C:.*]] = sinter.constant dense<5.000000e-01> : tensor<f64>
// CHECK:         %[[H:.*]] = sinter.mul %[[G]], %[[C]]
// CHECK:         %[[GX:.*]] = sinter.div %[[H]], %[[Y]]
// CHECK:         return %{{.*}}, %[[GX]]
func.func @forward(%x: tensor<4xf64> {sinter.param = "x"}) -> tensor<f64> {
  %y = sinter.sqrt %x : (tensor<4xf64>) -> tensor<4xf64>
  %l = sinter.sum %y : (tensor<4xf64>) -> tensor<f64>
  return %l : tensor<f64>
}

// -----

// rsqrt: (g * -0.5) * y³.
// CHECK-LABEL: func.func @forward_grad(
// CHECK:         %[[Y:.*]] = sinter.rsqrt %arg0 {sinter.saved}
// CHECK:         %[[G:.*]] = sinter.broadcast_to
// CHECK:         %[[Y2:.*]] = sinter.mul %[[Y]], %[[Y]]
// CHECK:         %[[Y3:.*]] = sinter.mul %[[Y]], %[[Y2]]
// CHECK:         %[[C:.*]] = sinter.constant dense<-5.000000e-01> : tensor<f64>
// CHECK:         %[[H:.*]] = sinter.mul %[[G]], %[[C]]
// CHECK:         %[[GX:.*]] = sinter.mul %[[H]], %[[Y3]]
// CHECK:         return %{{.*}}, %[[GX]]
func.func @forward(%x: tensor<4xf64> {sinter.param = "x"}) -> tensor<f64> {
  %y = sinter.rsqrt %x : (tensor<4xf64>) -> tensor<4xf64>
  %l = sinter.sum %y : (tensor<4xf64>) -> tensor<f64>
  return %l : tensor<f64>
}

// -----

// sigmoid: g * (y * (1 - y)).
// CHECK-LABEL: func.func @forward_grad(
// CHECK:         %[[Y:.*]] = sinter.sigmoid %arg0 {sinter.saved}
// CHECK:         %[[G:.*]] = sinter.broadcast_to
// CHECK:         %[[ONE:.*]] = sinter.constant dense<1.000000e+00> : tensor<f64>
// CHECK:         %[[D:.*]] = sinter.sub %[[ONE]], %[[Y]]
// CHECK:         %[[P:.*]] = sinter.mul %[[Y]], %[[D]]
// CHECK:         %[[GX:.*]] = sinter.mul %[[G]], %[[P]]
// CHECK:         return %{{.*}}, %[[GX]]
func.func @forward(%x: tensor<4xf64> {sinter.param = "x"}) -> tensor<f64> {
  %y = sinter.sigmoid %x : (tensor<4xf64>) -> tensor<4xf64>
  %l = sinter.sum %y : (tensor<4xf64>) -> tensor<f64>
  return %l : tensor<f64>
}

// -----

// tanh: g * (1 - y²).
// CHECK-LABEL: func.func @forward_grad(
// CHECK:         %[[Y:.*]] = sinter.tanh %arg0 {sinter.saved}
// CHECK:         %[[G:.*]] = sinter.broadcast_to
// CHECK:         %[[ONE:.*]] = sinter.constant dense<1.000000e+00> : tensor<f64>
// CHECK:         %[[SQ:.*]] = sinter.mul %[[Y]], %[[Y]]
// CHECK:         %[[D:.*]] = sinter.sub %[[ONE]], %[[SQ]]
// CHECK:         %[[GX:.*]] = sinter.mul %[[G]], %[[D]]
// CHECK:         return %{{.*}}, %[[GX]]
func.func @forward(%x: tensor<4xf64> {sinter.param = "x"}) -> tensor<f64> {
  %y = sinter.tanh %x : (tensor<4xf64>) -> tensor<4xf64>
  %l = sinter.sum %y : (tensor<4xf64>) -> tensor<f64>
  return %l : tensor<f64>
}

// -----

// relu: the mask is y > 0 (PyTorch's threshold_backward reads the output).
// CHECK-LABEL: func.func @forward_grad(
// CHECK:         %[[Y:.*]] = sinter.relu %arg0 {sinter.saved}
// CHECK:         %[[G:.*]] = sinter.broadcast_to
// CHECK:         %[[ZERO:.*]] = sinter.constant dense<0.000000e+00> : tensor<f64>
// CHECK:         %[[M:.*]] = sinter.gt %[[Y]], %[[ZERO]] : (tensor<4xf64>, tensor<f64>) -> tensor<4xi1>
// CHECK:         %[[GX:.*]] = sinter.where %[[M]], %[[G]], %[[ZERO]]
// CHECK:         return %{{.*}}, %[[GX]]
func.func @forward(%x: tensor<4xf64> {sinter.param = "x"}) -> tensor<f64> {
  %y = sinter.relu %x : (tensor<4xf64>) -> tensor<4xf64>
  %l = sinter.sum %y : (tensor<4xf64>) -> tensor<f64>
  return %l : tensor<f64>
}

// -----

// pow 3: (g * 3) * x².
// CHECK-LABEL: func.func @forward_grad(
// CHECK:         %[[G:.*]] = sinter.broadcast_to
// CHECK:         %[[P:.*]] = sinter.pow %arg0 {exponent = 2.000000e+00 : f64}
// CHECK:         %[[C:.*]] = sinter.constant dense<3.000000e+00> : tensor<f64>
// CHECK:         %[[H:.*]] = sinter.mul %[[G]], %[[C]]
// CHECK:         %[[GX:.*]] = sinter.mul %[[H]], %[[P]]
// CHECK:         return %{{.*}}, %[[GX]]
func.func @forward(%x: tensor<4xf64> {sinter.param = "x"}) -> tensor<f64> {
  %y = sinter.pow %x {exponent = 3.0 : f64} : (tensor<4xf64>) -> tensor<4xf64>
  %l = sinter.sum %y : (tensor<4xf64>) -> tensor<f64>
  return %l : tensor<f64>
}

// -----

// pow 0: a constant result, a zero gradient of x's shape.
// CHECK-LABEL: func.func @forward_grad(
// CHECK-DAG:     %[[ZERO:.*]] = sinter.constant dense<0.000000e+00> : tensor<f64>
// CHECK-DAG:     %[[T:.*]] = sinter.constant dense<true> : tensor<i1>
// CHECK:         %[[GX:.*]] = sinter.where %[[T]], %[[ZERO]], %arg0 : (tensor<i1>, tensor<f64>, tensor<4xf64>) -> tensor<4xf64>
// CHECK:         return %{{.*}}, %[[GX]]
func.func @forward(%x: tensor<4xf64> {sinter.param = "x"}) -> tensor<f64> {
  %y = sinter.pow %x {exponent = 0.0 : f64} : (tensor<4xf64>) -> tensor<4xf64>
  %l = sinter.sum %y : (tensor<4xf64>) -> tensor<f64>
  return %l : tensor<f64>
}

// -----

// pow 1: the gradient passes through.
// CHECK-LABEL: func.func @forward_grad(
// CHECK:         %[[G:.*]] = sinter.broadcast_to
// CHECK-NEXT:    return %{{.*}}, %[[G]]
func.func @forward(%x: tensor<4xf64> {sinter.param = "x"}) -> tensor<f64> {
  %y = sinter.pow %x {exponent = 1.0 : f64} : (tensor<4xf64>) -> tensor<4xf64>
  %l = sinter.sum %y : (tensor<4xf64>) -> tensor<f64>
  return %l : tensor<f64>
}

// -----

// cast f64 -> f32: the f32 gradient is cast back to f64; the loss is f32.
// CHECK-LABEL: func.func @forward_grad(
// CHECK-SAME:    -> (tensor<f32>, tensor<4xf64> {sinter.grad = "x"})
// CHECK:         %[[G:.*]] = sinter.broadcast_to %{{.*}} : (tensor<1xf32>) -> tensor<4xf32>
// CHECK-NEXT:    %[[GX:.*]] = sinter.cast %[[G]] {dtype = f64} : (tensor<4xf32>) -> tensor<4xf64>
// CHECK-NEXT:    return %{{.*}}, %[[GX]] : tensor<f32>, tensor<4xf64>
func.func @forward(%x: tensor<4xf64> {sinter.param = "x"}) -> tensor<f32> {
  %y = sinter.cast %x {dtype = f32} : (tensor<4xf64>) -> tensor<4xf32>
  %l = sinter.sum %y : (tensor<4xf32>) -> tensor<f32>
  return %l : tensor<f32>
}
