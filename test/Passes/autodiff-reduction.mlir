// The backward IR of sum, mean, max (amax) and min (amin).
// RUN: sinter-opt %s -split-input-file --sinter-autodiff | FileCheck %s
// RUN: sinter-opt %s -split-input-file --sinter-autodiff -canonicalize -cse -o /dev/null

// sum over dims 0 and 2: the reduced dims put back, then broadcast.
// CHECK-LABEL: func.func @forward_grad(
// CHECK:         sinter.broadcast_to
// CHECK-NEXT:    %[[G:.*]] = sinter.mul %{{.*}}, %arg1 : (tensor<3xf64>, tensor<3xf64>) -> tensor<3xf64>
// CHECK-NEXT:    %[[U0:.*]] = sinter.unsqueeze %[[G]] {dim = 0 : i64} : (tensor<3xf64>) -> tensor<1x3xf64>
// CHECK-NEXT:    %[[U2:.*]] = sinter.unsqueeze %[[U0]] {dim = 2 : i64} : (tensor<1x3xf64>) -> tensor<1x3x1xf64>
// CHECK-NEXT:    %[[GX:.*]] = sinter.broadcast_to %[[U2]] {shape = array<i64: 2, -1, 4>} : (tensor<1x3x1xf64>) -> tensor<2x3x4xf64>
// CHECK-NEXT:    return %{{.*}}, %[[GX]]
func.func @forward(%x: tensor<2x3x4xf64> {sinter.param = "x"}, %r: tensor<3xf64> {sinter.name = "r"}) -> tensor<f64> {
  %y = sinter.sum %x {dims = array<i64: 0, 2>} : (tensor<2x3x4xf64>) -> tensor<3xf64>
  %m = sinter.mul %y, %r : (tensor<3xf64>, tensor<3xf64>) -> tensor<3xf64>
  %l = sinter.sum %m : (tensor<3xf64>) -> tensor<f64>
  return %l : tensor<f64>
}

// -----

// mean with keepdim: broadcast, divided by the static count 3.
// CHECK-LABEL: func.func @forward_grad(
// CHECK:         sinter.broadcast_to
// CHECK-NEXT:    %[[G:.*]] = sinter.mul %{{.*}}, %arg1 : (tensor<2x1x4xf64>, tensor<2x1x4xf64>) -> tensor<2x1x4xf64>
// CHECK-NEXT:    %[[B:.*]] = sinter.broadcast_to %[[G]] {shape = array<i64: -1, 3, -1>} : (tensor<2x1x4xf64>) -> tensor<2x3x4xf64>
// CHECK-NEXT:    %[[N:.*]] = sinter.constant dense<3.000000e+00> : tensor<f64>
// CHECK-NEXT:    %[[GX:.*]] = sinter.div %[[B]], %[[N]]
// CHECK-NEXT:    return %{{.*}}, %[[GX]]
func.func @forward(%x: tensor<2x3x4xf64> {sinter.param = "x"}, %r: tensor<2x1x4xf64> {sinter.name = "r"}) -> tensor<f64> {
  %y = sinter.mean %x {dims = array<i64: 1>, keepdim = true} : (tensor<2x3x4xf64>) -> tensor<2x1x4xf64>
  %m = sinter.mul %y, %r : (tensor<2x1x4xf64>, tensor<2x1x4xf64>) -> tensor<2x1x4xf64>
  %l = sinter.sum %m : (tensor<2x1x4xf64>) -> tensor<f64>
  return %l : tensor<f64>
}

// -----

// mean over a dynamic batch: the gradient broadcasts against x itself and
// the count is summed from ones shaped like x at run time.
// CHECK-LABEL: func.func @forward_grad(
// CHECK-SAME:    -> (tensor<f64>, tensor<?x3xf64> {sinter.grad = "x"})
// CHECK:         %[[ZEROS:.*]] = sinter.where %{{.*}}, %{{.*}}, %arg0 : (tensor<i1>, tensor<f64>, tensor<?x3xf64>) -> tensor<?x3xf64>
// CHECK-NEXT:    %[[B:.*]] = sinter.add %[[ZEROS]], %{{.*}} : (tensor<?x3xf64>, tensor<1x1xf64>) -> tensor<?x3xf64>
// CHECK-DAG:     %[[T:.*]] = sinter.constant dense<true> : tensor<i1>
// CHECK-DAG:     %[[ONE:.*]] = sinter.constant dense<1.000000e+00> : tensor<f64>
// CHECK:         %[[ONES:.*]] = sinter.where %[[T]], %[[ONE]], %arg0 : (tensor<i1>, tensor<f64>, tensor<?x3xf64>) -> tensor<?x3xf64>
// CHECK-NEXT:    %[[N:.*]] = sinter.sum %[[ONES]] {dims = array<i64: 0, 1>, keepdim = true} : (tensor<?x3xf64>) -> tensor<1x1xf64>
// CHECK-NEXT:    %[[GX:.*]] = sinter.div %[[B]], %[[N]] : (tensor<?x3xf64>, tensor<1x1xf64>) -> tensor<?x3xf64>
// CHECK-NEXT:    return %{{.*}}, %[[GX]]
func.func @forward(%x: tensor<?x3xf64> {sinter.param = "x"}) -> tensor<f64> {
  %l = sinter.mean %x : (tensor<?x3xf64>) -> tensor<f64>
  return %l : tensor<f64>
}

// -----

// max (amax) over the last dim: the gradient is spread evenly over the
// elements equal to the saved maximum.
// CHECK-LABEL: func.func @forward_grad(
// CHECK:         %[[Y:.*]] = sinter.max %arg0 {dims = array<i64: -1>, sinter.saved} : (tensor<2x3xf64>) -> tensor<2xf64>
// CHECK:         sinter.broadcast_to
// CHECK-NEXT:    %[[G:.*]] = sinter.mul %{{.*}}, %arg1 : (tensor<2xf64>, tensor<2xf64>) -> tensor<2xf64>
// CHECK-NEXT:    %[[YU:.*]] = sinter.unsqueeze %[[Y]] {dim = 1 : i64} : (tensor<2xf64>) -> tensor<2x1xf64>
// CHECK-NEXT:    %[[EQ:.*]] = sinter.eq %arg0, %[[YU]] : (tensor<2x3xf64>, tensor<2x1xf64>) -> tensor<2x3xi1>
// CHECK-NEXT:    %[[MASK:.*]] = sinter.cast %[[EQ]] {dtype = f64} : (tensor<2x3xi1>) -> tensor<2x3xf64>
// CHECK-NEXT:    %[[COUNT:.*]] = sinter.sum %[[MASK]] {dims = array<i64: 1>, keepdim = true} : (tensor<2x3xf64>) -> tensor<2x1xf64>
// CHECK-NEXT:    %[[GU:.*]] = sinter.unsqueeze %[[G]] {dim = 1 : i64} : (tensor<2xf64>) -> tensor<2x1xf64>
// CHECK-NEXT:    %[[SHARE:.*]] = sinter.div %[[GU]], %[[COUNT]]
// CHECK-NEXT:    %[[GX:.*]] = sinter.mul %[[SHARE]], %[[MASK]] : (tensor<2x1xf64>, tensor<2x3xf64>) -> tensor<2x3xf64>
// CHECK-NEXT:    return %{{.*}}, %[[GX]]
func.func @forward(%x: tensor<2x3xf64> {sinter.param = "x"}, %r: tensor<2xf64> {sinter.name = "r"}) -> tensor<f64> {
  %y = sinter.max %x {dims = array<i64: -1>} : (tensor<2x3xf64>) -> tensor<2xf64>
  %m = sinter.mul %y, %r : (tensor<2xf64>, tensor<2xf64>) -> tensor<2xf64>
  %l = sinter.sum %m : (tensor<2xf64>) -> tensor<f64>
  return %l : tensor<f64>
}

// -----

// min (amin) of everything, as the loss: the same rule over all dims.
// CHECK-LABEL: func.func @forward_grad(
// CHECK:         %[[Y:.*]] = sinter.min %arg0 {sinter.saved} : (tensor<2x3xf64>) -> tensor<f64>
// CHECK:         %[[EQ:.*]] = sinter.eq %arg0, %{{.*}} : (tensor<2x3xf64>, tensor<1x1xf64>) -> tensor<2x3xi1>
// CHECK-NEXT:    %[[MASK:.*]] = sinter.cast %[[EQ]] {dtype = f64}
// CHECK-NEXT:    %[[COUNT:.*]] = sinter.sum %[[MASK]] {dims = array<i64: 0, 1>, keepdim = true} : (tensor<2x3xf64>) -> tensor<1x1xf64>
// CHECK:         %[[SHARE:.*]] = sinter.div %{{.*}}, %[[COUNT]] : (tensor<1x1xf64>, tensor<1x1xf64>) -> tensor<1x1xf64>
// CHECK-NEXT:    %[[GX:.*]] = sinter.mul %[[SHARE]], %[[MASK]] : (tensor<1x1xf64>, tensor<2x3xf64>) -> tensor<2x3xf64>
// CHECK-NEXT:    return %[[Y]], %[[GX]]
func.func @forward(%x: tensor<2x3xf64> {sinter.param = "x"}) -> tensor<f64> {
  %l = sinter.min %x : (tensor<2x3xf64>) -> tensor<f64>
  return %l : tensor<f64>
}
