// The example of docs/passes/sinter-hoist-scalar-operands.md: the SGD update
// of sinter-plan-memory.mlir reads the 0-d learning rate and scale from
// memrefs; after the pass they are loaded once and passed as scalars.
// RUN: sinter-opt %s --sinter-autodiff '--sinter-optimizer=name=sgd lr=0.1' --sinter-externalize-state --sinter-cpu-pipeline --mlir-disable-threading --mlir-print-ir-before=sinter-hoist-scalar-operands --mlir-print-ir-after=sinter-hoist-scalar-operands -o /dev/null 2>&1 | FileCheck %s

// CHECK:       func.func @train_step(
// CHECK:         linalg.generic {indexing_maps = [affine_map<() -> ()>, affine_map<() -> ()>], iterator_types = []} ins(%arg3 : memref<f64>) outs(%view_7 : memref<f32>) {
// CHECK:         linalg.generic {{.*}} ins(%arg2, %view_11, %view_7 : memref<2x3xf32>, memref<2x3xf32>, memref<f32>) outs(%view_11 : memref<2x3xf32>) {
// CHECK:       IR Dump After {{.*}}(sinter-hoist-scalar-operands)
// CHECK-NEXT:  func.func @train_step(
// CHECK:         %22 = memref.load %arg3[] : memref<f64>
// CHECK-NEXT:    linalg.generic {indexing_maps = [affine_map<() -> ()>, affine_map<() -> ()>], iterator_types = []} ins(%22 : f64) outs(%view_7 : memref<f32>) {
// CHECK:         %23 = memref.load %view_7[] : memref<f32>
// CHECK-NEXT:    linalg.generic {{.*}} ins(%arg2, %view_11, %23 : memref<2x3xf32>, memref<2x3xf32>, f32) outs(%view_11 : memref<2x3xf32>) {
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
