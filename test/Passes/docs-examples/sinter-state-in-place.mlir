// The example of docs/passes/sinter-state-in-place.md: the SGD training
// program of a Linear + MSE model (batch bound 4); the new weight is copied
// into its argument instead of being returned. Read from the IR printed
// before and after the pass inside --sinter-cpu-pipeline.
// RUN: sinter-opt %s --sinter-autodiff '--sinter-optimizer=name=sgd lr=0.1' --sinter-externalize-state --sinter-cpu-pipeline --mlir-print-ir-before=sinter-state-in-place --mlir-print-ir-after=sinter-state-in-place -o /dev/null 2>&1 | FileCheck %s

// CHECK-LABEL: IR Dump Before {{.*}}(sinter-state-in-place)
// CHECK:       func.func @init(
// CHECK-SAME:    -> (memref<f64> {sinter.state = "optimizer.lr"})
// CHECK:         memref.copy %0, %alloc : memref<f64> to memref<f64>
// CHECK-NEXT:    return %alloc : memref<f64>
// CHECK:       func.func @train_step(
// CHECK-SAME:    -> (memref<f32> {sinter.name = "loss"}, memref<2x3xf32> {sinter.state = "fc.weight"})
// CHECK:         return %alloc_6, %alloc_8 : memref<f32>, memref<2x3xf32>
// CHECK-LABEL: IR Dump After {{.*}}(sinter-state-in-place)
// CHECK:       func.func @init(%arg0: memref<i64> {sinter.name = "seed"}, %arg1: memref<f64> {sinter.state = "optimizer.lr"}) attributes
// CHECK:         memref.copy %0, %alloc : memref<f64> to memref<f64>
// CHECK-NEXT:    memref.copy %alloc, %arg1 : memref<f64> to memref<f64>
// CHECK-NEXT:    memref.dealloc %alloc : memref<f64>
// CHECK-NEXT:    return
// CHECK:       func.func @train_step(
// CHECK-SAME:    -> (memref<f32> {sinter.name = "loss"}) attributes
// CHECK:         memref.dealloc %alloc_7 : memref<2x?xf32>
// CHECK-NEXT:    memref.copy %alloc_8, %arg2 : memref<2x3xf32> to memref<2x3xf32>
// CHECK-NEXT:    memref.dealloc %alloc_8 : memref<2x3xf32>
// CHECK-NEXT:    return %alloc_6 : memref<f32>

func.func @forward(%x: tensor<?x3xf32> {sinter.name = "x", sinter.batch_bound = 4 : i64},
                   %w: tensor<2x3xf32> {sinter.param = "fc.weight"},
                   %t: tensor<?x2xf32> {sinter.name = "t", sinter.batch_bound = 4 : i64})
    -> (tensor<f32> {sinter.name = "loss"}, tensor<?x2xf32> {sinter.name = "y"}) {
  %y = sinter.linear %x, %w : (tensor<?x3xf32>, tensor<2x3xf32>) -> tensor<?x2xf32>
  %l = sinter.mse_loss %y, %t : (tensor<?x2xf32>, tensor<?x2xf32>) -> tensor<f32>
  return %l, %y : tensor<f32>, tensor<?x2xf32>
}
