// The example of docs/passes/sinter-state-in-place.md: the SGD training
// program of a Linear + MSE model (batch bound 4). @train_step's update
// writes the new weight straight into its argument (retargeted: no copy,
// its allocation gone); @init's new learning rate, written by a
// memref.copy, is copied into its argument at the return. Read from the IR
// printed before and after the pass inside --sinter-cpu-pipeline.
// The checks name no SSA value by number: values are FileCheck variables.
// RUN: sinter-opt %s --sinter-autodiff '--sinter-optimizer=name=sgd lr=0.1' --sinter-externalize-state --sinter-cpu-pipeline --mlir-print-ir-before=sinter-state-in-place --mlir-print-ir-after=sinter-state-in-place -o /dev/null 2>&1 | FileCheck %s

// CHECK-LABEL: IR Dump Before {{.*}}(sinter-state-in-place)
// CHECK:       func.func @init(
// CHECK-SAME:    -> (memref<f64> {sinter.state = "optimizer.lr"})
// CHECK:         memref.copy %{{[a-z0-9_]+}}, %[[LR:[a-z0-9_]+]] : memref<f64> to memref<f64>
// CHECK-NEXT:    return %[[LR]] : memref<f64>
// CHECK:       func.func @train_step(
// CHECK-SAME:    %[[W:[a-z0-9_]+]]: memref<2x3xf32> {sinter.state = "fc.weight"}
// CHECK-SAME:    -> (memref<f32> {sinter.name = "loss"}, memref<2x3xf32> {sinter.state = "fc.weight"})
// CHECK-NOT:     memref.copy
// CHECK:         linalg.generic {{.*}} ins(%[[W]], %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}} : memref<2x3xf32>, memref<2x3xf32>, memref<f32>) outs(%[[NEW:[a-z0-9_]+]] : memref<2x3xf32>)
// CHECK-NOT:     memref.copy
// CHECK:         return %{{[a-z0-9_]+}}, %[[NEW]] : memref<f32>, memref<2x3xf32>

// CHECK-LABEL: IR Dump After {{.*}}(sinter-state-in-place)
// @init: copied into its argument at the return, the source freed.
// CHECK:       func.func @init(%{{[a-z0-9_]+}}: memref<i64> {sinter.name = "seed"}, %[[LRARG:[a-z0-9_]+]]: memref<f64> {sinter.state = "optimizer.lr"}) attributes
// CHECK:         memref.copy %{{[a-z0-9_]+}}, %[[LR2:[a-z0-9_]+]] : memref<f64> to memref<f64>
// CHECK-NEXT:    memref.copy %[[LR2]], %[[LRARG]] : memref<f64> to memref<f64>
// CHECK-NEXT:    memref.dealloc %[[LR2]] : memref<f64>
// CHECK-NEXT:    return{{$}}
// @train_step: the update reads and writes the weight argument; one 2x3
// buffer is left (the gradient); nothing is copied; only the loss returned.
// CHECK:       func.func @train_step(
// CHECK-SAME:    %[[W2:[a-z0-9_]+]]: memref<2x3xf32> {sinter.state = "fc.weight"}
// CHECK-SAME:    -> (memref<f32> {sinter.name = "loss"}) attributes
// CHECK-NOT:     memref.copy
// CHECK:         %[[GRAD:[a-z0-9_]+]] = memref.alloc() {{.*}} : memref<2x3xf32>
// CHECK-NOT:     memref.alloc() {{.*}} : memref<2x3xf32>
// CHECK-NOT:     memref.copy
// CHECK:         linalg.generic {{.*}} ins(%[[W2]], %[[GRAD]], %{{[a-z0-9_]+}} : memref<2x3xf32>, memref<2x3xf32>, memref<f32>) outs(%[[W2]] : memref<2x3xf32>)
// CHECK-NOT:     memref.copy
// CHECK:         memref.dealloc %[[GRAD]] : memref<2x3xf32>
// CHECK-NOT:     memref.copy
// CHECK:         return %{{[a-z0-9_]+}} : memref<f32>
// CHECK-NEXT:  }

func.func @forward(%x: tensor<?x3xf32> {sinter.name = "x", sinter.batch_bound = 4 : i64},
                   %w: tensor<2x3xf32> {sinter.param = "fc.weight"},
                   %t: tensor<?x2xf32> {sinter.name = "t", sinter.batch_bound = 4 : i64})
    -> (tensor<f32> {sinter.name = "loss"}, tensor<?x2xf32> {sinter.name = "y"}) {
  %y = sinter.linear %x, %w : (tensor<?x3xf32>, tensor<2x3xf32>) -> tensor<?x2xf32>
  %l = sinter.mse_loss %y, %t : (tensor<?x2xf32>, tensor<?x2xf32>) -> tensor<f32>
  return %l, %y : tensor<f32>, tensor<?x2xf32>
}
