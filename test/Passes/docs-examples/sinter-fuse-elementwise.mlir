// The example of docs/passes/sinter-fuse-elementwise.md, read from the IR
// printed before and after the pass inside --sinter-cpu-pipeline:
//  - @step: sigmoid and add fuse into the mul; the 0-d exp, which the mul
//    broadcasts, stays on its own (two generics instead of four);
//  - @update: a producer that is also returned (an optimizer's new moment)
//    fuses into its consumer as ONE generic with two results;
//  - @weight_grad: the transpose feeding a matmul folds into its indexing
//    maps (no linalg.transpose left).
// The checks name no SSA value by number: values are FileCheck variables.
// RUN: sinter-opt %s --sinter-cpu-pipeline --mlir-disable-threading --mlir-print-ir-before=sinter-fuse-elementwise -o /dev/null 2>&1 | FileCheck %s --check-prefix=BEFORE
// RUN: sinter-opt %s --sinter-cpu-pipeline --mlir-disable-threading --mlir-print-ir-after=sinter-fuse-elementwise -o /dev/null 2>&1 | FileCheck %s

// BEFORE-LABEL: func.func @step(
// BEFORE-COUNT-4: linalg.generic
// BEFORE-NOT:     linalg.generic
// BEFORE:         return
// BEFORE-LABEL: func.func @update(
// BEFORE-COUNT-2: linalg.generic
// BEFORE-NOT:     linalg.generic
// BEFORE:         return
// BEFORE-LABEL: func.func @weight_grad(
// BEFORE:         %[[T:[a-z0-9_]+]] = linalg.transpose ins(%{{[a-z0-9_]+}} : tensor<?x10xf32>) outs(%{{[a-z0-9_]+}} : tensor<10x?xf32>) permutation = [1, 0]
// BEFORE:         linalg.matmul ins(%[[T]], %{{[a-z0-9_]+}} : tensor<10x?xf32>, tensor<?x128xf32>)

// @step: the exp alone (0-d), then one generic doing mul, sigmoid and add,
// which reads the exp through a broadcast map.
// CHECK-LABEL: func.func @step(
// CHECK-SAME:    %[[X:[a-z0-9_]+]]: tensor<?x4xf32>, %[[S:[a-z0-9_]+]]: tensor<f32>
// CHECK:         %[[EXP:[a-z0-9_]+]] = linalg.generic {indexing_maps = [affine_map<() -> ()>, affine_map<() -> ()>], iterator_types = []} ins(%[[S]] : tensor<f32>)
// CHECK-NEXT:    ^bb0
// CHECK-NEXT:      math.exp
// CHECK-NEXT:      linalg.yield
// CHECK-NOT:     linalg.generic
// CHECK:         %[[R:[a-z0-9_]+]] = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> ()>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%[[X]], %[[EXP]] : tensor<?x4xf32>, tensor<f32>)
// CHECK:           arith.mulf
// CHECK:           math.exp
// CHECK:           arith.addf %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}} : f32
// CHECK-NEXT:      linalg.yield
// CHECK-NEXT:    } -> tensor<?x4xf32>
// CHECK-NEXT:    return %[[R]] : tensor<?x4xf32>

// @update: one generic with two results; the return reads both.
// CHECK-LABEL: func.func @update(
// CHECK-SAME:    %[[P:[a-z0-9_]+]]: tensor<2x3xf32>, %[[M:[a-z0-9_]+]]: tensor<2x3xf32>, %[[G:[a-z0-9_]+]]: tensor<2x3xf32>
// CHECK-NOT:     linalg.generic
// CHECK:         %[[U:[a-z0-9_]+]]:2 = linalg.generic
// CHECK-SAME:      ins(%[[P]], %[[M]], %[[G]] : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>)
// CHECK-SAME:      outs(%{{[a-z0-9_]+}}, %{{[a-z0-9_]+}} : tensor<2x3xf32>, tensor<2x3xf32>)
// CHECK-NEXT:    ^bb0
// CHECK-NEXT:      %[[M2:[a-z0-9_]+]] = arith.addf
// CHECK-NEXT:      %[[P2:[a-z0-9_]+]] = arith.subf %{{[a-z0-9_]+}}, %[[M2]] : f32
// CHECK-NEXT:      linalg.yield %[[M2]], %[[P2]] : f32, f32
// CHECK-NEXT:    } -> (tensor<2x3xf32>, tensor<2x3xf32>)
// CHECK-NEXT:    return %[[U]]#1, %[[U]]#0 : tensor<2x3xf32>, tensor<2x3xf32>

// @weight_grad: dZ^T is read through the matmul's map (d2, d0).
// CHECK-LABEL: func.func @weight_grad(
// CHECK-SAME:    %[[DZ:[a-z0-9_]+]]: tensor<?x10xf32>, %[[H:[a-z0-9_]+]]: tensor<?x128xf32>
// CHECK-NOT:     linalg.transpose
// CHECK:         linalg.matmul indexing_maps = [affine_map<(d0, d1, d2) -> (d2, d0)>, affine_map<(d0, d1, d2) -> (d2, d1)>, affine_map<(d0, d1, d2) -> (d0, d1)>] ins(%[[DZ]], %[[H]] : tensor<?x10xf32>, tensor<?x128xf32>)
// CHECK-NOT:     linalg.transpose
// CHECK:         return

func.func @step(%x: tensor<?x4xf32>, %s: tensor<f32>) -> tensor<?x4xf32> {
  %e = sinter.exp %s : (tensor<f32>) -> tensor<f32>
  %a = sinter.mul %x, %e : (tensor<?x4xf32>, tensor<f32>) -> tensor<?x4xf32>
  %b = sinter.sigmoid %a : (tensor<?x4xf32>) -> tensor<?x4xf32>
  %c = sinter.add %b, %x : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
  return %c : tensor<?x4xf32>
}

// m' = m + g is returned (new state) and read by p' = p - m'.
func.func @update(%p: tensor<2x3xf32>, %m: tensor<2x3xf32>, %g: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>) {
  %m2 = sinter.add %m, %g : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %p2 = sinter.sub %p, %m2 : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %p2, %m2 : tensor<2x3xf32>, tensor<2x3xf32>
}

// A weight gradient dW = dZ^T h, as the backward pass of a Linear writes it.
func.func @weight_grad(%dz: tensor<?x10xf32>, %h: tensor<?x128xf32>) -> tensor<10x128xf32> {
  %dzt = sinter.transpose %dz {dim0 = 0 : i64, dim1 = 1 : i64} : (tensor<?x10xf32>) -> tensor<10x?xf32>
  %dw = sinter.matmul %dzt, %h : (tensor<10x?xf32>, tensor<?x128xf32>) -> tensor<10x128xf32>
  return %dw : tensor<10x128xf32>
}
