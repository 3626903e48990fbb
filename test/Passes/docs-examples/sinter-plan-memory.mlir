// The example of docs/passes/sinter-plan-memory.md: the temporaries of the
// SGD step (batch bound 4) get offsets in one 192-byte arena; the loss,
// which is returned, keeps its allocation. Read from the IR printed after
// the pass inside --sinter-cpu-pipeline.
// RUN: sinter-opt %s --sinter-autodiff '--sinter-optimizer=name=sgd lr=0.1' --sinter-externalize-state --sinter-cpu-pipeline --mlir-print-ir-after=sinter-plan-memory -o /dev/null 2>&1 | FileCheck %s

// CHECK-LABEL: IR Dump After {{.*}}(sinter-plan-memory)
// CHECK:       memref.global "private" @__sinter_arena_train_step : memref<192xi8> {alignment = 64 : i64}
// CHECK:       func.func @train_step(
// CHECK-SAME:    sinter.arena_bytes = 192 : i64, sinter.buffer_bytes = 384 : i64
// CHECK-NEXT:    %0 = memref.get_global @__sinter_arena_train_step : memref<192xi8>
// CHECK:         %view = memref.view %0[%c0_3][%dim] : memref<192xi8> to memref<?x2xf32>
// CHECK:         %view_4 = memref.view %0[%c64][] : memref<192xi8> to memref<f64>
// CHECK:         %view_5 = memref.view %0[%c128][] : memref<192xi8> to memref<f64>
// CHECK:         %alloc = memref.alloc() {alignment = 64 : i64} : memref<f32>
// CHECK:         %view_9 = memref.view %0[%c64_8][%dim] : memref<192xi8> to memref<2x?xf32>
// CHECK:         %view_11 = memref.view %0[%c0_10][] : memref<192xi8> to memref<2x3xf32>
// CHECK-NOT:     memref.dealloc
// CHECK:         memref.copy %view_11, %arg2 : memref<2x3xf32> to memref<2x3xf32>
// CHECK-NEXT:    return %alloc : memref<f32>

func.func @forward(%x: tensor<?x3xf32> {sinter.name = "x", sinter.batch_bound = 4 : i64},
                   %w: tensor<2x3xf32> {sinter.param = "fc.weight"},
                   %t: tensor<?x2xf32> {sinter.name = "t", sinter.batch_bound = 4 : i64})
    -> (tensor<f32> {sinter.name = "loss"}, tensor<?x2xf32> {sinter.name = "y"}) {
  %y = sinter.linear %x, %w : (tensor<?x3xf32>, tensor<2x3xf32>) -> tensor<?x2xf32>
  %l = sinter.mse_loss %y, %t : (tensor<?x2xf32>, tensor<?x2xf32>) -> tensor<f32>
  return %l, %y : tensor<f32>, tensor<?x2xf32>
}
