// The example of docs/passes/sinter-fuse-rows.md: softmax (@probs), and
// cross-entropy with its gradient (@loss, and @loss_grad from
// sinter-autodiff). Each row kernel becomes one scf.for over the rows: the row
// max, the row sum of exponentials and their consumer run on one row per
// iteration. The loss, summed over the batch, carries its accumulator
// through the loop; its zero fill stays outside. Read from the IR printed
// before and after the pass inside --sinter-cpu-pipeline, and before
// sinter-split-shared-inits (after the cse that follows the pass).
// The checks name no SSA value by number: values are FileCheck variables.
// RUN: sinter-opt %s '--sinter-autodiff=entry=loss wrt-inputs=x' --sinter-cpu-pipeline --mlir-disable-threading --mlir-print-ir-before=sinter-fuse-rows -o /dev/null 2>&1 | FileCheck %s --check-prefix=BEFORE
// RUN: sinter-opt %s '--sinter-autodiff=entry=loss wrt-inputs=x' --sinter-cpu-pipeline --mlir-disable-threading --mlir-print-ir-after=sinter-fuse-rows -o /dev/null 2>&1 | FileCheck %s
// RUN: sinter-opt %s '--sinter-autodiff=entry=loss wrt-inputs=x' --sinter-cpu-pipeline --mlir-disable-threading --mlir-print-ir-before=sinter-split-shared-inits -o /dev/null 2>&1 | FileCheck %s --check-prefix=CSE

// Before the pass: three whole-tensor generics (row max, row sum, softmax),
// no loop.
// BEFORE-LABEL: func.func @probs(
// BEFORE-NOT:     scf.for
// BEFORE:         linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]{{.*}} outs(%{{[a-z0-9_]+}} : tensor<?xf32>)
// BEFORE:           arith.maxnumf
// BEFORE:         linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]{{.*}} outs(%{{[a-z0-9_]+}} : tensor<?xf64>)
// BEFORE:           math.exp
// BEFORE:         linalg.generic {{.*}} iterator_types = ["parallel", "parallel"]{{.*}} outs(%{{[a-z0-9_]+}} : tensor<?x10xf32>)
// BEFORE-NOT:     scf.for
// BEFORE:         return
// BEFORE-LABEL: func.func @loss_grad(
// BEFORE-NOT:     scf.for
// BEFORE:         return

// @probs: one loop over the rows; everything inside works on one row; no
// linalg op is left outside it.
// CHECK-LABEL: func.func @probs(
// CHECK-SAME:    %[[X:[a-z0-9_]+]]: tensor<?x10xf32>
// CHECK-NOT:     linalg.
// CHECK:         %[[P:[a-z0-9_]+]] = scf.for %[[I:[a-z0-9_]+]] = %{{[a-z0-9_]+}} to %{{[a-z0-9_]+}} step %{{[a-z0-9_]+}} iter_args(%[[OUT:[a-z0-9_]+]] = %{{[a-z0-9_]+}}) -> (tensor<?x10xf32>) {
// CHECK:           tensor.extract_slice %[[X]][%[[I]], 0] [1, 10] [1, 1] : tensor<?x10xf32> to tensor<1x10xf32>
// CHECK:           linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]{{.*}} outs(%{{[a-z0-9_]+}} : tensor<1xf32>)
// CHECK-NEXT:      ^bb0
// CHECK-NEXT:        arith.maxnumf
// CHECK:           %[[SUM:[a-z0-9_]+]] = linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]{{.*}} outs(%{{[a-z0-9_]+}} : tensor<1xf64>)
// CHECK:             math.exp
// CHECK:           %[[ROW:[a-z0-9_]+]] = tensor.extract_slice %[[OUT]][%[[I]], 0] [1, 10] [1, 1]
// CHECK-NEXT:      %[[SM:[a-z0-9_]+]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel"]
// CHECK-SAME:        ins(%{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}, %[[SUM]] : tensor<1x10xf32>, tensor<1xf32>, tensor<1xf64>) outs(%[[ROW]] : tensor<1x10xf32>)
// CHECK:           %[[INS:[a-z0-9_]+]] = tensor.insert_slice %[[SM]] into %[[OUT]][%[[I]], 0] [1, 10] [1, 1] : tensor<1x10xf32> into tensor<?x10xf32>
// CHECK-NEXT:      scf.yield %[[INS]] : tensor<?x10xf32>
// CHECK-NEXT:    }
// CHECK-NEXT:    return %[[P]] : tensor<?x10xf32>

// @loss_grad: two loops. The loss: its accumulator is zeroed once, before the
// loop, and carried through it; the loop body sums one row's loss.
// CHECK-LABEL: func.func @loss_grad(
// CHECK:         %[[ZERO:[a-z0-9_]+]] = linalg.fill {{.*}} -> tensor<f64>
// CHECK-NOT:     linalg.generic
// CHECK:         scf.for {{.*}} iter_args(%[[ACC:[a-z0-9_]+]] = %[[ZERO]]) -> (tensor<f64>) {
// CHECK-NOT:       linalg.fill {{.*}} -> tensor<f64>
// CHECK:           linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]{{.*}} outs(%{{[a-z0-9_]+}} : tensor<1xf32>)
// CHECK-NOT:       linalg.fill {{.*}} -> tensor<f64>
// CHECK:           linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]{{.*}} outs(%{{[a-z0-9_]+}} : tensor<1xf64>)
// CHECK-NOT:       linalg.fill {{.*}} -> tensor<f64>
// CHECK:           %[[ACCIN:[a-z0-9_]+]] = tensor.extract_slice %[[ACC]][] [] []
// CHECK-NEXT:      %[[ROWLOSS:[a-z0-9_]+]] = linalg.generic {{.*}} iterator_types = ["reduction"]
// CHECK-SAME:        outs(%[[ACCIN]] : tensor<f64>)
// CHECK:           math.log
// CHECK-NOT:       linalg.fill {{.*}} -> tensor<f64>
// CHECK:           tensor.insert_slice %[[ROWLOSS]] into %[[ACC]][] [] []
// CHECK-NEXT:      scf.yield
// CHECK-NEXT:    }
// The gradient softmax - one_hot: one loop writing one row of dx per
// iteration (the row max and sum recomputed inside it).
// CHECK:         %[[DX:[a-z0-9_]+]] = scf.for %[[K:[a-z0-9_]+]] = {{.*}} iter_args(%[[G:[a-z0-9_]+]] = %{{[a-z0-9_]+}}) -> (tensor<?x10xf32>) {
// CHECK:           linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]{{.*}} outs(%{{[a-z0-9_]+}} : tensor<1xf32>)
// CHECK:           linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]{{.*}} outs(%{{[a-z0-9_]+}} : tensor<1xf64>)
// CHECK:           %[[GROW:[a-z0-9_]+]] = tensor.extract_slice %[[G]][%[[K]], 0] [1, 10] [1, 1]
// CHECK-NEXT:      %[[D:[a-z0-9_]+]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel"]
// CHECK-SAME:        outs(%[[GROW]] : tensor<1x10xf32>)
// CHECK:             arith.cmpi eq
// CHECK:             math.exp
// CHECK:           tensor.insert_slice %[[D]] into %[[G]][%[[K]], 0] [1, 10] [1, 1]
// CHECK-NEXT:      scf.yield
// CHECK-NEXT:    }
// CHECK-NEXT:    return %{{[a-z0-9_]+}}, %[[DX]] : tensor<f32>, tensor<?x10xf32>

// After the pipeline's cse, each loop computes each row's max once.
// CSE-LABEL: func.func @probs(
// CSE:         scf.for
// CSE-COUNT-1:   arith.maxnumf
// CSE-NOT:       arith.maxnumf
// CSE:         scf.yield
// CSE-LABEL: func.func @loss_grad(
// CSE:         scf.for
// CSE-COUNT-1:   arith.maxnumf
// CSE-NOT:       arith.maxnumf
// CSE:         scf.yield
// CSE:         scf.for
// CSE-COUNT-1:   arith.maxnumf
// CSE-NOT:       arith.maxnumf
// CSE:         scf.yield

func.func @probs(%x: tensor<?x10xf32>) -> tensor<?x10xf32> {
  %p = sinter.softmax %x {dim = 1 : i64} : (tensor<?x10xf32>) -> tensor<?x10xf32>
  return %p : tensor<?x10xf32>
}

func.func @loss(%x: tensor<?x10xf32> {sinter.name = "x"}, %labels: tensor<?xi64> {sinter.name = "labels"}) -> (tensor<f32> {sinter.name = "loss"}) {
  %l = sinter.cross_entropy %x, %labels : (tensor<?x10xf32>, tensor<?xi64>) -> tensor<f32>
  return %l : tensor<f32>
}
