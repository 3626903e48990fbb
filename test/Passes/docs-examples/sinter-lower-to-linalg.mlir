// The example of docs/passes/sinter-lower-to-linalg.md: linear + relu. The
// bias is broadcast into the product's output, the weight [out, in] is read
// as W^T through the product's second map (no transpose), and relu is a
// compare and a select (NaN kept). No sinter op is left.
// The checks name no SSA value by number: values are FileCheck variables.
// RUN: sinter-opt %s --sinter-lower-to-linalg | FileCheck %s --implicit-check-not=sinter.

// CHECK-DAG:   #[[A:[a-z0-9_]+]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG:   #[[WT:[a-z0-9_]+]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG:   #[[C:[a-z0-9_]+]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG:   #[[ID:[a-z0-9_]+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @layer(
// CHECK-SAME:    %[[X:[a-z0-9_]+]]: tensor<?x3xf32>, %[[W:[a-z0-9_]+]]: tensor<2x3xf32>, %[[B:[a-z0-9_]+]]: tensor<2xf32>
// CHECK:         %[[N:[a-z0-9_]+]] = tensor.dim %[[X]], %{{[a-z0-9_]+}} : tensor<?x3xf32>
// CHECK-NEXT:    %[[E:[a-z0-9_]+]] = tensor.empty(%[[N]]) : tensor<?x2xf32>
// CHECK-NEXT:    %[[BIAS:[a-z0-9_]+]] = linalg.broadcast ins(%[[B]] : tensor<2xf32>) outs(%[[E]] : tensor<?x2xf32>) dimensions = [0]
// CHECK-NEXT:    %[[H:[a-z0-9_]+]] = linalg.matmul indexing_maps = [#[[A]], #[[WT]], #[[C]]] ins(%[[X]], %[[W]] : tensor<?x3xf32>, tensor<2x3xf32>) outs(%[[BIAS]] : tensor<?x2xf32>) -> tensor<?x2xf32>
// CHECK-NOT:     linalg.transpose
// CHECK:         %[[Y:[a-z0-9_]+]] = linalg.generic {indexing_maps = [#[[ID]], #[[ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[H]] : tensor<?x2xf32>) outs(%{{[a-z0-9_]+}} : tensor<?x2xf32>) {
// CHECK:           %[[NEG:[a-z0-9_]+]] = arith.cmpf olt, %{{[a-z0-9_]+}}, %[[ZERO:[a-z0-9_]+]] : f32
// CHECK-NEXT:      %[[R:[a-z0-9_]+]] = arith.select %[[NEG]], %[[ZERO]], %{{[a-z0-9_]+}} : f32
// CHECK-NEXT:      linalg.yield %[[R]] : f32
// CHECK:         return %[[Y]] : tensor<?x2xf32>

func.func @layer(%x: tensor<?x3xf32>, %w: tensor<2x3xf32>, %b: tensor<2xf32>) -> tensor<?x2xf32> {
  %h = sinter.linear %x, %w, %b : (tensor<?x3xf32>, tensor<2x3xf32>, tensor<2xf32>) -> tensor<?x2xf32>
  %y = sinter.relu %h : (tensor<?x2xf32>) -> tensor<?x2xf32>
  return %y : tensor<?x2xf32>
}
