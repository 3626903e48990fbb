// The example of docs/passes/sinter-fuse-matmul-epilogues.md: the SGD
// training program of Linear(32, 64) + ReLU + Linear(64, 16, no bias) + MSE
// (batch bound 8), and @features, which returns both the pre-activation and
// the ReLU.
// In @train_step the forward ReLU comes to work in place on the first
// product's buffer (its own buffer gone; the next layer reads C), and the
// backward's ReLU mask (h > 0 ? dH : 0) in place on the product dH (its
// buffer gone; the weight and bias gradients read dH). In @features the
// pre-activation is returned, so the ReLU keeps its own buffer.
// sinter-matmul-to-microkernel then folds both epilogues into
// sinter_sgemm_epilogue_parallel calls (kind 1, no mask; kind 2, the ReLU's
// output as mask).
// Read from the IR printed before and after the pass inside
// --sinter-cpu-pipeline-to-memrefs (one dump per function, in order with
// --mlir-disable-threading), and after sinter-matmul-to-microkernel inside
// --sinter-cpu-pipeline. The checks name no SSA value by number: values are
// FileCheck variables.
// RUN: sinter-opt %s --sinter-autodiff '--sinter-optimizer=name=sgd lr=0.1' --sinter-externalize-state --sinter-cpu-pipeline-to-memrefs --mlir-disable-threading --mlir-print-ir-before=sinter-fuse-matmul-epilogues -o /dev/null 2>&1 | FileCheck %s --check-prefix=BEFORE
// RUN: sinter-opt %s --sinter-autodiff '--sinter-optimizer=name=sgd lr=0.1' --sinter-externalize-state --sinter-cpu-pipeline-to-memrefs --mlir-disable-threading --mlir-print-ir-before=sinter-fuse-matmul-epilogues -o /dev/null 2>&1 | FileCheck %s --check-prefix=BUFS-BEFORE
// RUN: sinter-opt %s --sinter-autodiff '--sinter-optimizer=name=sgd lr=0.1' --sinter-externalize-state --sinter-cpu-pipeline-to-memrefs --mlir-disable-threading --mlir-print-ir-after=sinter-fuse-matmul-epilogues -o /dev/null 2>&1 | FileCheck %s
// RUN: sinter-opt %s --sinter-autodiff '--sinter-optimizer=name=sgd lr=0.1' --sinter-externalize-state --sinter-cpu-pipeline-to-memrefs --mlir-disable-threading --mlir-print-ir-after=sinter-fuse-matmul-epilogues -o /dev/null 2>&1 | FileCheck %s --check-prefix=BUFS-AFTER
// RUN: sinter-opt %s --sinter-autodiff '--sinter-optimizer=name=sgd lr=0.1' --sinter-externalize-state --sinter-cpu-pipeline --mlir-print-ir-after=sinter-matmul-to-microkernel -o /dev/null 2>&1 | FileCheck %s --check-prefix=CALL

// Before: the ReLU reads the product Z and writes its own buffer H; the mask
// reads H and the product dH and writes its own buffer G, which the weight
// gradient reads.
// BEFORE-LABEL: func.func @train_step(
// BEFORE:         linalg.matmul {{.*}} ins(%{{[a-z0-9_]+}}, %{{[a-z0-9_]+}} : memref<?x32xf32>, memref<64x32xf32>) outs(%[[Z:[a-z0-9_]+]] : memref<?x64xf32>)
// BEFORE-NEXT:    %[[H:[a-z0-9_]+]] = memref.alloc(%{{[a-z0-9_]+}}) {{.*}} : memref<?x64xf32>
// BEFORE-NEXT:    linalg.generic {{.*}} ins(%[[Z]] : memref<?x64xf32>) outs(%[[H]] : memref<?x64xf32>) {
// BEFORE-NEXT:    ^bb0(%[[IN:[a-z0-9_]+]]: f32, %{{[a-z0-9_]+}}: f32):
// BEFORE-NEXT:      %[[NEG:[a-z0-9_]+]] = arith.cmpf olt, %[[IN]], %[[ZERO:[a-z0-9_]+]] : f32
// BEFORE-NEXT:      arith.select %[[NEG]], %[[ZERO]], %[[IN]] : f32
// BEFORE:         linalg.matmul {{.*}} ins(%[[H]], %{{[a-z0-9_]+}} : memref<?x64xf32>, memref<16x64xf32>)
// BEFORE:         linalg.matmul ins(%{{[a-z0-9_]+}}, %{{[a-z0-9_]+}} : memref<?x16xf32>, memref<16x64xf32>) outs(%[[DH:[a-z0-9_]+]] : memref<?x64xf32>)
// BEFORE:         linalg.generic {{.*}} ins(%[[H]], %[[DH]] : memref<?x64xf32>, memref<?x64xf32>) outs(%[[G:[a-z0-9_]+]] : memref<?x64xf32>) {
// BEFORE-NEXT:    ^bb0(%[[HV:[a-z0-9_]+]]: f32, %[[DHV:[a-z0-9_]+]]: f32, %{{[a-z0-9_]+}}: f32):
// BEFORE-NEXT:      %[[POS:[a-z0-9_]+]] = arith.cmpf ogt, %[[HV]], %[[ZERO2:[a-z0-9_]+]] : f32
// BEFORE-NEXT:      arith.select %[[POS]], %[[DHV]], %[[ZERO2]] : f32
// BEFORE:         linalg.matmul {{.*}} ins(%[[G]], %{{[a-z0-9_]+}} : memref<?x64xf32>, memref<?x32xf32>)
// BEFORE:         return

// Four [batch, 64] buffers before (G, Z, H, dH), two after (C, dH).
// BUFS-BEFORE-LABEL: func.func @train_step(
// BUFS-BEFORE-COUNT-4: memref.alloc(%{{[a-z0-9_]+}}) {{.*}} : memref<?x64xf32>
// BUFS-BEFORE-NOT:     memref.alloc(%{{[a-z0-9_]+}}) {{.*}} : memref<?x64xf32>
// BUFS-BEFORE:         return
// BUFS-AFTER-LABEL: func.func @train_step(
// BUFS-AFTER-COUNT-2: memref.alloc(%{{[a-z0-9_]+}}) {{.*}} : memref<?x64xf32>
// BUFS-AFTER-NOT:     memref.alloc(%{{[a-z0-9_]+}}) {{.*}} : memref<?x64xf32>
// BUFS-AFTER:         return

// @features: the pre-activation is returned (read after the ReLU): unchanged,
// the ReLU still reads C and writes its own buffer.
// CHECK-LABEL: func.func @features(
// CHECK:         linalg.matmul {{.*}} outs(%[[FZ:[a-z0-9_]+]] : memref<?x64xf32>)
// CHECK-NEXT:    linalg.generic {{.*}} ins(%[[FZ]] : memref<?x64xf32>) outs(%[[FH:[a-z0-9_]+]] : memref<?x64xf32>)
// CHECK:         return %[[FZ]], %[[FH]]

// @train_step, forward: the ReLU has no input; it reads and writes C, and
// the next layer reads C.
// CHECK-LABEL: func.func @train_step(
// CHECK:         linalg.matmul {{.*}} ins(%{{[a-z0-9_]+}}, %{{[a-z0-9_]+}} : memref<?x32xf32>, memref<64x32xf32>) outs(%[[C:[a-z0-9_]+]] : memref<?x64xf32>)
// CHECK-NEXT:    %[[ZERO:[a-z0-9_]+]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT:    linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} outs(%[[C]] : memref<?x64xf32>) {
// CHECK-NEXT:    ^bb0(%[[V:[a-z0-9_]+]]: f32):
// CHECK-NEXT:      %[[NEG:[a-z0-9_]+]] = arith.cmpf olt, %[[V]], %[[ZERO]] : f32
// CHECK-NEXT:      %[[R:[a-z0-9_]+]] = arith.select %[[NEG]], %[[ZERO]], %[[V]] : f32
// CHECK-NEXT:      linalg.yield %[[R]] : f32
// CHECK-NEXT:    }
// CHECK:         linalg.matmul {{.*}} ins(%[[C]], %{{[a-z0-9_]+}} : memref<?x64xf32>, memref<16x64xf32>)
// Backward: the mask reads h (now C) and works in place on dH; the weight
// gradient dW2 = dY^T h reads C, dW1 = dZ^T x and db1 read dH.
// CHECK:         linalg.matmul ins(%{{[a-z0-9_]+}}, %{{[a-z0-9_]+}} : memref<?x16xf32>, memref<16x64xf32>) outs(%[[DH:[a-z0-9_]+]] : memref<?x64xf32>)
// CHECK:         linalg.matmul {{.*}} ins(%{{[a-z0-9_]+}}, %[[C]] : memref<?x16xf32>, memref<?x64xf32>) outs(%{{[a-z0-9_]+}} : memref<16x64xf32>)
// CHECK-NEXT:    %[[ZERO2:[a-z0-9_]+]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT:    linalg.generic {{.*}} ins(%[[C]] : memref<?x64xf32>) outs(%[[DH]] : memref<?x64xf32>) {
// CHECK-NEXT:    ^bb0(%[[HV:[a-z0-9_]+]]: f32, %[[DHV:[a-z0-9_]+]]: f32):
// CHECK-NEXT:      %[[POS:[a-z0-9_]+]] = arith.cmpf ogt, %[[HV]], %[[ZERO2]] : f32
// CHECK-NEXT:      %[[S:[a-z0-9_]+]] = arith.select %[[POS]], %[[DHV]], %[[ZERO2]] : f32
// CHECK-NEXT:      linalg.yield %[[S]] : f32
// CHECK-NEXT:    }
// CHECK:         linalg.matmul {{.*}} ins(%[[DH]], %{{[a-z0-9_]+}} : memref<?x64xf32>, memref<?x32xf32>)
// CHECK:         linalg.generic {{.*}} ins(%[[DH]] : memref<?x64xf32>) outs(%{{[a-z0-9_]+}} : memref<64xf64>)
// Both buffers are freed once, at the end (C now lives as long as h did).
// CHECK-DAG:     memref.dealloc %[[DH]] : memref<?x64xf32>
// CHECK-DAG:     memref.dealloc %[[C]] : memref<?x64xf32>
// CHECK:         return
// @eval_step: the same forward ReLU, in place.
// CHECK-LABEL: func.func @eval_step(
// CHECK:         linalg.matmul {{.*}} outs(%[[EC:[a-z0-9_]+]] : memref<?x64xf32>)
// CHECK-NEXT:    arith.constant 0.000000e+00 : f32
// CHECK-NEXT:    linalg.generic {{.*}} outs(%[[EC]] : memref<?x64xf32>) {
// CHECK-NEXT:    ^bb0(%{{[a-z0-9_]+}}: f32):
// CHECK:         linalg.matmul {{.*}} ins(%[[EC]], %{{[a-z0-9_]+}} : memref<?x64xf32>, memref<16x64xf32>)
// CHECK:         return

// After sinter-matmul-to-microkernel: both epilogues are arguments of the
// GEMM call, and their loop nests are gone.
// CALL-LABEL: IR Dump After {{.*}}(sinter-matmul-to-microkernel)
// CALL-DAG:   func.func private @sinter_sgemm_epilogue_parallel(i64, i64, i64, f32, i64, i64, i32, i64, i64, i32, f32, i64, i64, i32, i64, i64)
// CALL-DAG:   func.func private @sinter_sgemm_parallel(i64, i64, i64, f32, i64, i64, i32, i64, i64, i32, f32, i64, i64)
// @features: a plain call, then the ReLU as a loop nest.
// CALL-LABEL: func.func @features(
// CALL:         call @sinter_sgemm_parallel(
// CALL-NEXT:    linalg.generic
// CALL:           arith.cmpf olt
// CALL:         return
// @train_step: the first layer's call applies the ReLU (kind 1, no mask).
// CALL-LABEL: func.func @train_step(
// CALL:         %[[H:[a-z0-9_]+]] = memref.view %{{[a-z0-9_]+}}[%{{[a-z0-9_]+}}][%{{[a-z0-9_]+}}] : memref<{{[0-9]+}}xi8> to memref<?x64xf32>
// CALL-NEXT:    linalg.broadcast {{.*}} outs(%[[H]] : memref<?x64xf32>)
// CALL:         %[[NOMASK:[a-z0-9_]+]] = arith.constant 0 : i64
// CALL-NEXT:    %[[RELU:[a-z0-9_]+]] = arith.constant 1 : i32
// CALL-NEXT:    call @sinter_sgemm_epilogue_parallel({{.*}}, %[[RELU]], %[[NOMASK]], %[[NOMASK]])
// CALL-NOT:     arith.cmpf olt
// The second layer: a plain call.
// CALL:         call @sinter_sgemm_parallel(
// CALL-NOT:     arith.cmpf ogt
// dH = dY W2: the call applies the mask (kind 2) with h's address and row
// stride.
// CALL:         arith.constant 0 : i64
// CALL-NEXT:    %{{.*}} = memref.extract_strided_metadata %[[H]] : memref<?x64xf32>
// CALL-NEXT:    %{{[a-z0-9_]+}} = memref.extract_aligned_pointer_as_index %[[H]] : memref<?x64xf32> -> index
// CALL-NEXT:    %{{[a-z0-9_]+}} = arith.constant 4 : index
// CALL-NEXT:    %{{[a-z0-9_]+}} = arith.muli
// CALL-NEXT:    %[[MADDR:[a-z0-9_]+]] = arith.addi
// CALL-NEXT:    %[[LDM:[a-z0-9_]+]] = arith.index_cast %{{[a-z0-9_#]+}} : index to i64
// CALL-NEXT:    %[[MASK:[a-z0-9_]+]] = arith.index_cast %[[MADDR]] : index to i64
// CALL-NEXT:    %[[KIND:[a-z0-9_]+]] = arith.constant 2 : i32
// CALL-NEXT:    call @sinter_sgemm_epilogue_parallel({{.*}}, %[[KIND]], %[[MASK]], %[[LDM]])
// CALL-NOT:     arith.cmpf ogt
// CALL:         return

func.func @forward(%x: tensor<?x32xf32> {sinter.name = "x", sinter.batch_bound = 8 : i64},
                   %t: tensor<?x16xf32> {sinter.name = "t", sinter.batch_bound = 8 : i64},
                   %w1: tensor<64x32xf32> {sinter.param = "fc1.weight"},
                   %b1: tensor<64xf32> {sinter.param = "fc1.bias"},
                   %w2: tensor<16x64xf32> {sinter.param = "fc2.weight"})
    -> (tensor<f32> {sinter.name = "loss"}) {
  %z = sinter.linear %x, %w1, %b1 : (tensor<?x32xf32>, tensor<64x32xf32>, tensor<64xf32>) -> tensor<?x64xf32>
  %h = sinter.relu %z : (tensor<?x64xf32>) -> tensor<?x64xf32>
  %y = sinter.linear %h, %w2 : (tensor<?x64xf32>, tensor<16x64xf32>) -> tensor<?x16xf32>
  %l = sinter.mse_loss %y, %t : (tensor<?x16xf32>, tensor<?x16xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// Not a training-program entry: a layer returning its pre-activation too.
func.func @features(%x: tensor<?x32xf32>, %w: tensor<64x32xf32>, %b: tensor<64xf32>) -> (tensor<?x64xf32>, tensor<?x64xf32>) {
  %z = sinter.linear %x, %w, %b : (tensor<?x32xf32>, tensor<64x32xf32>, tensor<64xf32>) -> tensor<?x64xf32>
  %h = sinter.relu %z : (tensor<?x64xf32>) -> tensor<?x64xf32>
  return %z, %h : tensor<?x64xf32>, tensor<?x64xf32>
}
