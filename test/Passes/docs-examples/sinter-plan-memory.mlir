// The example of docs/passes/sinter-plan-memory.md: the temporaries of the
// SGD step (batch bound 4) get offsets in one 192-byte arena (448 bytes
// allocated one by one); the loss, which is returned, keeps its allocation;
// nothing is freed or copied any more, and the update writes the weight
// argument in place. Read from the IR printed after the pass inside
// --sinter-cpu-pipeline.
// The checks name no SSA value by number: values are FileCheck variables.
// RUN: sinter-opt %s --sinter-autodiff '--sinter-optimizer=name=sgd lr=0.1' --sinter-externalize-state --sinter-cpu-pipeline --mlir-print-ir-after=sinter-plan-memory -o /dev/null 2>&1 | FileCheck %s

// CHECK-LABEL: IR Dump After {{.*}}(sinter-plan-memory)
// CHECK-DAG:   memref.global "private" @__sinter_arena_eval_step : memref<64xi8> {alignment = 64 : i64}
// CHECK-DAG:   memref.global "private" @__sinter_arena_train_step : memref<192xi8> {alignment = 64 : i64}
// CHECK-DAG:   memref.global "private" @__sinter_arena_init : memref<64xi8> {alignment = 64 : i64}
// CHECK:       func.func @train_step(
// CHECK-SAME:    %[[X:[a-z0-9_]+]]: memref<?x3xf32> {sinter.name = "x"}
// CHECK-SAME:    %[[W:[a-z0-9_]+]]: memref<2x3xf32> {sinter.state = "fc.weight"}
// CHECK-SAME:    -> (memref<f32> {sinter.name = "loss"}) attributes {sinter.arena_bytes = 192 : i64, sinter.buffer_bytes = 448 : i64,
// CHECK-NEXT:    %[[ARENA:[a-z0-9_]+]] = memref.get_global @__sinter_arena_train_step : memref<192xi8>
// CHECK-NOT:     memref.alloc
// CHECK:         %[[N:[a-z0-9_]+]] = memref.dim %[[X]], %{{[a-z0-9_]+}} : memref<?x3xf32>
// The batch-sized temporaries are views with the batch as their size.
// CHECK-NOT:     memref.alloc
// CHECK:         memref.view %[[ARENA]][%{{[a-z0-9_]+}}][%[[N]]] : memref<192xi8> to memref<?x2xf32>
// CHECK-NOT:     memref.alloc
// CHECK:         memref.view %[[ARENA]][%{{[a-z0-9_]+}}][%[[N]]] : memref<192xi8> to memref<?x2xf32>
// CHECK-NOT:     memref.alloc
// CHECK:         memref.view %[[ARENA]][%{{[a-z0-9_]+}}][] : memref<192xi8> to memref<f64>
// CHECK-NOT:     memref.alloc
// The loss, returned, is the one allocation left.
// CHECK:         %[[LOSS:[a-z0-9_]+]] = memref.alloc() {{.*}} : memref<f32>
// CHECK-NOT:     memref.alloc
// CHECK-NOT:     memref.dealloc
// CHECK-NOT:     memref.copy
// CHECK:         memref.view %[[ARENA]][%{{[a-z0-9_]+}}][] : memref<192xi8> to memref<2x3xf32>
// CHECK-NOT:     memref.alloc
// CHECK-NOT:     memref.dealloc
// CHECK-NOT:     memref.copy
// CHECK:         linalg.generic {{.*}} ins(%[[W]], {{.*}}) outs(%[[W]] : memref<2x3xf32>)
// CHECK-NOT:     memref.dealloc
// CHECK-NOT:     memref.copy
// CHECK:         return %[[LOSS]] : memref<f32>
// CHECK-NEXT:  }

func.func @forward(%x: tensor<?x3xf32> {sinter.name = "x", sinter.batch_bound = 4 : i64},
                   %w: tensor<2x3xf32> {sinter.param = "fc.weight"},
                   %t: tensor<?x2xf32> {sinter.name = "t", sinter.batch_bound = 4 : i64})
    -> (tensor<f32> {sinter.name = "loss"}, tensor<?x2xf32> {sinter.name = "y"}) {
  %y = sinter.linear %x, %w : (tensor<?x3xf32>, tensor<2x3xf32>) -> tensor<?x2xf32>
  %l = sinter.mse_loss %y, %t : (tensor<?x2xf32>, tensor<?x2xf32>) -> tensor<f32>
  return %l, %y : tensor<f32>, tensor<?x2xf32>
}
