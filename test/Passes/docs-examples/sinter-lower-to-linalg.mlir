// The example of docs/passes/sinter-lower-to-linalg.md: linear + relu.
// RUN: sinter-opt %s --sinter-lower-to-linalg | FileCheck %s

// CHECK-LABEL: func.func @layer(
// CHECK:         %dim = tensor.dim %arg0, %c0 : tensor<?x3xf32>
// CHECK-NEXT:    %0 = tensor.empty(%dim) : tensor<?x2xf32>
// CHECK-NEXT:    %broadcasted = linalg.broadcast ins(%arg2 : tensor<2xf32>) outs(%0 : tensor<?x2xf32>) dimensions = [0]
// CHECK-NEXT:    %1 = linalg.matmul indexing_maps = [#map, #map1, #map2] ins(%arg0, %arg1 : tensor<?x3xf32>, tensor<2x3xf32>) outs(%broadcasted : tensor<?x2xf32>) -> tensor<?x2xf32>
// CHECK:         %3 = linalg.generic {indexing_maps = [#map3, #map3], iterator_types = ["parallel", "parallel"]} ins(%1 : tensor<?x2xf32>) outs(%2 : tensor<?x2xf32>) {
// CHECK:           %4 = arith.cmpf olt, %in, %cst : f32
// CHECK-NEXT:      %5 = arith.select %4, %cst, %in : f32
// CHECK-NEXT:      linalg.yield %5 : f32
// CHECK-NOT:     sinter.

func.func @layer(%x: tensor<?x3xf32>, %w: tensor<2x3xf32>, %b: tensor<2xf32>) -> tensor<?x2xf32> {
  %h = sinter.linear %x, %w, %b : (tensor<?x3xf32>, tensor<2x3xf32>, tensor<2xf32>) -> tensor<?x2xf32>
  %y = sinter.relu %h : (tensor<?x2xf32>) -> tensor<?x2xf32>
  return %y : tensor<?x2xf32>
}
