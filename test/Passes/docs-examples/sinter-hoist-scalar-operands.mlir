// The example of docs/passes/sinter-hoist-scalar-operands.md: the SGD update
// of sinter-plan-memory.mlir reads the 0-d learning rate and scale from
// memrefs; after the pass they are loaded once, right before each generic,
// and passed as scalars. Read from the per-function IR printed before and
// after the pass inside --sinter-cpu-pipeline.
// The checks name no SSA value by number: values are FileCheck variables.
// RUN: sinter-opt %s --sinter-autodiff '--sinter-optimizer=name=sgd lr=0.1' --sinter-externalize-state --sinter-cpu-pipeline --mlir-disable-threading --mlir-print-ir-before=sinter-hoist-scalar-operands --mlir-print-ir-after=sinter-hoist-scalar-operands -o /dev/null 2>&1 | FileCheck %s

// The dumps come one function at a time: the GEMM's declaration, @init,
// @train_step, @eval_step.
// CHECK:       func.func @train_step(
// CHECK-SAME:    %[[W:[a-z0-9_]+]]: memref<2x3xf32> {sinter.state = "fc.weight"}, %[[LR:[a-z0-9_]+]]: memref<f64> {sinter.state = "optimizer.lr"}
// CHECK:         linalg.generic {indexing_maps = [affine_map<() -> ()>, affine_map<() -> ()>], iterator_types = []} ins(%[[LR]] : memref<f64>) outs(%[[LR32:[a-z0-9_]+]] : memref<f32>) {
// CHECK:         linalg.generic {{.*}} ins(%[[W]], %{{[a-z0-9_]+}}, %[[LR32]] : memref<2x3xf32>, memref<2x3xf32>, memref<f32>) outs(%[[W]] : memref<2x3xf32>) {
// CHECK:         return

// After: each 0-d input is a value loaded right before its generic; no
// generic of @train_step reads a 0-d memref any more.
// CHECK:       IR Dump After {{.*}}(sinter-hoist-scalar-operands)
// CHECK-NEXT:  func.func @train_step(
// CHECK-SAME:    %[[W2:[a-z0-9_]+]]: memref<2x3xf32> {sinter.state = "fc.weight"}, %[[LR2:[a-z0-9_]+]]: memref<f64> {sinter.state = "optimizer.lr"}
// CHECK-NOT:     ins({{[^)]*}}memref<f{{(32|64)}}>{{[^)]*}}) outs
// CHECK:         %[[S:[0-9]+]] = memref.load %[[LR2]][] : memref<f64>
// CHECK-NEXT:    linalg.generic {indexing_maps = [affine_map<() -> ()>, affine_map<() -> ()>], iterator_types = []} ins(%[[S]] : f64) outs(%[[LR32B:[a-z0-9_]+]] : memref<f32>) {
// CHECK-NOT:     ins({{[^)]*}}memref<f{{(32|64)}}>{{[^)]*}}) outs
// CHECK:         %[[T:[0-9]+]] = memref.load %[[LR32B]][] : memref<f32>
// CHECK-NEXT:    linalg.generic {{.*}} ins(%[[W2]], %{{[a-z0-9_]+}}, %[[T]] : memref<2x3xf32>, memref<2x3xf32>, f32) outs(%[[W2]] : memref<2x3xf32>) {
// CHECK-NOT:     ins({{[^)]*}}memref<f{{(32|64)}}>{{[^)]*}}) outs
// CHECK:         return
// CHECK:       IR Dump Before {{.*}}(sinter-hoist-scalar-operands)
// CHECK-NEXT:  func.func @eval_step(

func.func @forward(%x: tensor<?x3xf32> {sinter.name = "x", sinter.batch_bound = 4 : i64},
                   %w: tensor<2x3xf32> {sinter.param = "fc.weight"},
                   %t: tensor<?x2xf32> {sinter.name = "t", sinter.batch_bound = 4 : i64})
    -> (tensor<f32> {sinter.name = "loss"}, tensor<?x2xf32> {sinter.name = "y"}) {
  %y = sinter.linear %x, %w : (tensor<?x3xf32>, tensor<2x3xf32>) -> tensor<?x2xf32>
  %l = sinter.mse_loss %y, %t : (tensor<?x2xf32>, tensor<?x2xf32>) -> tensor<f32>
  return %l, %y : tensor<f32>, tensor<?x2xf32>
}
