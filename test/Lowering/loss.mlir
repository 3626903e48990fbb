// RUN: sinter-opt %s -split-input-file --sinter-lower-to-linalg | FileCheck %s
// RUN: sinter-opt %s -split-input-file --sinter-lower-to-linalg --one-shot-bufferize="bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map" --convert-linalg-to-loops --convert-scf-to-cf --expand-strided-metadata --lower-affine --finalize-memref-to-llvm --convert-math-to-llvm --convert-arith-to-llvm --convert-func-to-llvm --convert-cf-to-llvm --reconcile-unrealized-casts | FileCheck %s --check-prefix=LLVM --implicit-check-not="{{(linalg|tensor|memref|bufferization|affine|scf|arith|math|cf)\.[a-z_]+|unrealized_conversion_cast}}"

// The losses compute each value in f64 and accumulate in f64, as the
// interpreter does, and round to the element type once: reduction `none` is
// one parallel generic; `sum` and `mean` reduce everything into a 0-d f64
// tensor and then divide (mean: by the element count, read at run time when
// dynamic; 0/0 is NaN as in PyTorch) and round.

// CHECK-DAG:   #[[ID:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG:   #[[ALL:.+]] = affine_map<(d0, d1) -> ()>
// CHECK-DAG:   #[[SCALAR:.+]] = affine_map<() -> ()>
// CHECK-LABEL: func.func @mse_mean(
// CHECK-SAME:    %[[Y:.+]]: tensor<?x3xf32>, %[[T:.+]]: tensor<?x3xf32>
// CHECK:         %[[N:.+]] = tensor.dim %[[Y]], %c0
// CHECK:         %[[Z:.+]] = linalg.fill ins(%{{.+}} : f64) outs(%{{.+}} : tensor<f64>)
// CHECK:         %[[SUM:.+]] = linalg.generic {indexing_maps = [#[[ID]], #[[ID]], #[[ALL]]], iterator_types = ["reduction", "reduction"]} ins(%[[Y]], %[[T]] : tensor<?x3xf32>, tensor<?x3xf32>) outs(%[[Z]] : tensor<f64>)
// CHECK:         ^bb0(%[[A:.+]]: f32, %[[B:.+]]: f32, %[[ACC:.+]]: f64):
// CHECK:           %[[A64:.+]] = arith.extf %[[A]] : f32 to f64
// CHECK:           %[[B64:.+]] = arith.extf %[[B]] : f32 to f64
// CHECK:           %[[D:.+]] = arith.subf %[[A64]], %[[B64]] : f64
// CHECK:           %[[SQ:.+]] = arith.mulf %[[D]], %[[D]] : f64
// CHECK:           %[[NEXT:.+]] = arith.addf %[[ACC]], %[[SQ]] fastmath<reassoc> : f64
// CHECK:           linalg.yield %[[NEXT]]
// CHECK:         %[[COUNT:.+]] = arith.muli %[[N]], %c3
// CHECK:         %[[COUNTI:.+]] = arith.index_cast %[[COUNT]] : index to i64
// CHECK:         %[[COUNTF:.+]] = arith.sitofp %[[COUNTI]] : i64 to f64
// CHECK:         %[[R:.+]] = linalg.generic {indexing_maps = [#[[SCALAR]], #[[SCALAR]]], iterator_types = []} ins(%[[SUM]] : tensor<f64>) outs(%{{.+}} : tensor<f32>)
// CHECK:           %[[MEAN:.+]] = arith.divf %{{.+}}, %[[COUNTF]] : f64
// CHECK:           %[[ROUNDED:.+]] = arith.truncf %[[MEAN]] : f64 to f32
// CHECK:           linalg.yield %[[ROUNDED]]
// CHECK:         return %[[R]]
// LLVM-LABEL: llvm.func @mse_mean(
// LLVM:         llvm.fpext
// LLVM:         llvm.fdiv
// LLVM:         llvm.fptrunc
func.func @mse_mean(%y: tensor<?x3xf32>, %t: tensor<?x3xf32>) -> tensor<f32> {
  %0 = sinter.mse_loss %y, %t : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

// f64 sum: the accumulated tensor is the result.
// CHECK-LABEL: func.func @mse_sum(
// CHECK:         %[[SUM:.+]] = linalg.generic {{.+}} iterator_types = ["reduction", "reduction"]} ins(%arg0, %arg1 : tensor<4x3xf64>, tensor<4x3xf64>) outs(%{{.+}} : tensor<f64>)
// CHECK-NOT:       arith.extf
// CHECK:         return %[[SUM]] : tensor<f64>
// CHECK-LABEL: func.func @mse_none(
// CHECK:         %[[N:.+]] = tensor.dim %arg0, %c0
// CHECK:         %[[E:.+]] = tensor.empty(%[[N]]) : tensor<?x3xf32>
// CHECK:         linalg.generic {{.+}} iterator_types = ["parallel", "parallel"]} ins(%arg0, %arg1 : tensor<?x3xf32>, tensor<?x3xf32>) outs(%[[E]] : tensor<?x3xf32>)
// CHECK:           arith.mulf %{{.+}}, %{{.+}} : f64
// CHECK:           %[[V:.+]] = arith.truncf %{{.+}} : f64 to f32
// CHECK:           linalg.yield %[[V]]
// LLVM-LABEL: llvm.func @mse_sum(
// LLVM-LABEL: llvm.func @mse_none(
func.func @mse_sum(%y: tensor<4x3xf64>, %t: tensor<4x3xf64>) -> tensor<f64> {
  %0 = sinter.mse_loss %y, %t {reduction = #sinter.reduction<sum>} : (tensor<4x3xf64>, tensor<4x3xf64>) -> tensor<f64>
  return %0 : tensor<f64>
}
func.func @mse_none(%y: tensor<?x3xf32>, %t: tensor<?x3xf32>) -> tensor<?x3xf32> {
  %0 = sinter.mse_loss %y, %t {reduction = #sinter.reduction<none>} : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// -----

// binary_cross_entropy: -(t·max(log p, -100) + (1 - t)·max(log1p(-p),
// -100)); log1p(u) as u·log(1 + u) / ((1 + u) - 1), exact where 1 + u
// rounds (math.log1p would be lowered to log(1 + u)).
// CHECK-LABEL: func.func @bce(
// CHECK:         linalg.generic {{.+}} iterator_types = ["reduction", "reduction"]} ins(%arg0, %arg1 : tensor<?x1xf32>, tensor<?x1xf32>) outs(%{{.+}} : tensor<f64>)
// CHECK:           %[[P:.+]] = arith.extf %{{.+}} : f32 to f64
// CHECK:           %[[T:.+]] = arith.extf %{{.+}} : f32 to f64
// CHECK-DAG:       %[[FLOOR:.+]] = arith.constant -1.000000e+02 : f64
// CHECK-DAG:       %[[ONE:.+]] = arith.constant 1.000000e+00 : f64
// CHECK:           %[[LOGP:.+]] = math.log %[[P]] : f64
// CHECK:           %[[LOGPC:.+]] = arith.maximumf %[[LOGP]], %[[FLOOR]] : f64
// CHECK:           %[[NEGP:.+]] = arith.negf %[[P]] : f64
// CHECK:           %[[W:.+]] = arith.addf %{{.+}}, %[[NEGP]] : f64
// CHECK:           %[[WM1:.+]] = arith.subf %[[W]], %{{.+}} : f64
// CHECK:           %[[EXACT:.+]] = arith.cmpf oeq, %[[WM1]], %{{.+}} : f64
// CHECK:           %[[LOGW:.+]] = math.log %[[W]] : f64
// CHECK:           %[[PROD:.+]] = arith.mulf %[[LOGW]], %[[NEGP]] : f64
// CHECK:           %[[CORR:.+]] = arith.divf %[[PROD]], %[[WM1]] : f64
// CHECK:           %[[LOG1MP:.+]] = arith.select %[[EXACT]], %[[NEGP]], %[[CORR]] : f64
// CHECK:           %[[LOG1MPC:.+]] = arith.maximumf %[[LOG1MP]], %[[FLOOR]] : f64
// CHECK:           %[[OMT:.+]] = arith.subf %[[ONE]], %[[T]] : f64
// CHECK:           %[[B:.+]] = arith.mulf %[[OMT]], %[[LOG1MPC]] : f64
// CHECK:           %[[A:.+]] = arith.mulf %[[T]], %[[LOGPC]] : f64
// CHECK:           %[[S:.+]] = arith.addf %[[A]], %[[B]] : f64
// CHECK:           %[[L:.+]] = arith.negf %[[S]] : f64
// CHECK:           arith.addf %{{.+}}, %[[L]] fastmath<reassoc> : f64
// LLVM-LABEL: llvm.func @bce(
// LLVM:         llvm.intr.log
func.func @bce(%p: tensor<?x1xf32>, %t: tensor<?x1xf32>) -> tensor<f32> {
  %0 = sinter.binary_cross_entropy %p, %t : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

// binary_cross_entropy_with_logits: max(x, 0) - x·t + log1p(exp(-|x|)).
// CHECK-LABEL: func.func @bce_logits(
// CHECK:         linalg.generic {{.+}} iterator_types = ["parallel", "parallel"]} ins(%arg0, %arg1 : tensor<?x1xf32>, tensor<?x1xf32>) outs(%{{.+}} : tensor<?x1xf32>)
// CHECK:           %[[X:.+]] = arith.extf %{{.+}} : f32 to f64
// CHECK:           %[[T:.+]] = arith.extf %{{.+}} : f32 to f64
// CHECK:           %[[RELU:.+]] = arith.maximumf %[[X]], %{{.+}} : f64
// CHECK:           %[[XT:.+]] = arith.mulf %[[X]], %[[T]] : f64
// CHECK:           %[[ABS:.+]] = math.absf %[[X]] : f64
// CHECK:           %[[NEG:.+]] = arith.negf %[[ABS]] : f64
// CHECK:           %[[E:.+]] = math.exp %[[NEG]] : f64
// CHECK:           %[[SP:.+]] = arith.select %{{.+}}, %[[E]], %{{.+}} : f64
// CHECK:           %[[D:.+]] = arith.subf %[[RELU]], %[[XT]] : f64
// CHECK:           %[[L:.+]] = arith.addf %[[D]], %[[SP]] : f64
// CHECK:           %[[R:.+]] = arith.truncf %[[L]] : f64 to f32
// CHECK:           linalg.yield %[[R]]
// LLVM-LABEL: llvm.func @bce_logits(
// LLVM:         llvm.intr.exp
func.func @bce_logits(%z: tensor<?x1xf32>, %t: tensor<?x1xf32>) -> tensor<?x1xf32> {
  %0 = sinter.binary_cross_entropy_with_logits %z, %t {reduction = #sinter.reduction<none>} : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<?x1xf32>
  return %0 : tensor<?x1xf32>
}

// -----

// cross_entropy: the row maximum (NaNs skipped, as std::max does), the sum
// of exp(x - max) in f64, then per sample max + log(sum) - x[n, t[n]], the
// target clamped into [0, C) (compiled code cannot report an out-of-range
// target yet; the interpreter does), reduced over the samples.
// CHECK-DAG:   #[[ROW:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG:   #[[SAMPLE:.+]] = affine_map<(d0, d1) -> (d0)>
// CHECK-DAG:   #[[ID1:.+]] = affine_map<(d0) -> (d0)>
// CHECK-DAG:   #[[ALL1:.+]] = affine_map<(d0) -> ()>
// CHECK-LABEL: func.func @cross_entropy(
// CHECK-SAME:    %[[X:.+]]: tensor<?x10xf32>, %[[T:.+]]: tensor<?xi64>
// CHECK:         %[[N:.+]] = tensor.dim %[[X]], %c0
// CHECK:         %[[NEGINF:.+]] = arith.constant 0xFF800000 : f32
// CHECK:         %[[MAXINIT:.+]] = linalg.fill ins(%[[NEGINF]] : f32) outs(%{{.+}} : tensor<?xf32>)
// CHECK:         %[[MAX:.+]] = linalg.generic {indexing_maps = [#[[ROW]], #[[SAMPLE]]], iterator_types = ["parallel", "reduction"]} ins(%[[X]] : tensor<?x10xf32>) outs(%[[MAXINIT]] : tensor<?xf32>)
// CHECK:           arith.maxnumf
// CHECK:         %[[SUMEXP:.+]] = linalg.generic {indexing_maps = [#[[ROW]], #[[SAMPLE]], #[[SAMPLE]]], iterator_types = ["parallel", "reduction"]} ins(%[[X]], %[[MAX]] : tensor<?x10xf32>, tensor<?xf32>) outs(%{{.+}} : tensor<?xf64>)
// CHECK:           %[[SHIFTED:.+]] = arith.subf
// CHECK:           math.exp %[[SHIFTED]] : f64
// CHECK:         %[[SUM:.+]] = linalg.generic {indexing_maps = [#[[ID1]], #[[ID1]], #[[ID1]], #[[ALL1]]], iterator_types = ["reduction"]} ins(%[[T]], %[[MAX]], %[[SUMEXP]] : tensor<?xi64>, tensor<?xf32>, tensor<?xf64>) outs(%{{.+}} : tensor<f64>)
// CHECK:         ^bb0(%[[TN:.+]]: i64, %[[M:.+]]: f32, %[[S:.+]]: f64, %[[ACC:.+]]: f64):
// CHECK:           %[[I:.+]] = linalg.index 0
// CHECK:           %[[C:.+]] = arith.index_cast %[[TN]] : i64 to index
// CHECK:           %[[CMIN:.+]] = arith.minsi %[[C]], %{{.+}}
// CHECK:           %[[CC:.+]] = arith.maxsi %[[CMIN]], %{{.+}}
// CHECK:           %[[XT:.+]] = tensor.extract %[[X]][%[[I]], %[[CC]]] : tensor<?x10xf32>
// CHECK:           %[[XT64:.+]] = arith.extf %[[XT]] : f32 to f64
// CHECK:           %[[NEGXT:.+]] = arith.negf %[[XT64]] : f64
// CHECK:           %[[LOG:.+]] = math.log %[[S]] : f64
// CHECK:           %[[M64:.+]] = arith.extf %[[M]] : f32 to f64
// CHECK:           %[[LSE:.+]] = arith.addf %[[M64]], %[[LOG]] : f64
// CHECK:           %[[L:.+]] = arith.addf %[[NEGXT]], %[[LSE]] : f64
// CHECK:           arith.addf %[[ACC]], %[[L]] fastmath<reassoc> : f64
// CHECK:         arith.divf
// CHECK:         arith.truncf
// LLVM-LABEL: llvm.func @cross_entropy(
func.func @cross_entropy(%x: tensor<?x10xf32>, %t: tensor<?xi64>) -> tensor<f32> {
  %0 = sinter.cross_entropy %x, %t : (tensor<?x10xf32>, tensor<?xi64>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

// One sample without a batch dimension: computed as a batch of one, the
// per-sample loss collapsed to 0-d.
// CHECK-LABEL: func.func @cross_entropy_unbatched(
// CHECK:         %[[X:.+]] = tensor.expand_shape %arg0 {{\[}}[0, 1]] output_shape [1, 10] : tensor<10xf64> into tensor<1x10xf64>
// CHECK:         %[[T:.+]] = tensor.expand_shape %arg1 [] output_shape [1] : tensor<i32> into tensor<1xi32>
// CHECK:         %[[L:.+]] = linalg.generic {{.+}} iterator_types = ["parallel"]} ins(%[[T]], %{{.+}}, %{{.+}} : tensor<1xi32>, tensor<1xf64>, tensor<1xf64>) outs(%{{.+}} : tensor<1xf64>)
// CHECK:         %[[R:.+]] = tensor.collapse_shape %[[L]] [] : tensor<1xf64> into tensor<f64>
// CHECK:         return %[[R]]
// LLVM-LABEL: llvm.func @cross_entropy_unbatched(
func.func @cross_entropy_unbatched(%x: tensor<10xf64>, %t: tensor<i32>) -> tensor<f64> {
  %0 = sinter.cross_entropy %x, %t {reduction = #sinter.reduction<none>} : (tensor<10xf64>, tensor<i32>) -> tensor<f64>
  return %0 : tensor<f64>
}

// -----

// nll_loss: -x[n, t[n]] (target clamped), the sum in f64.
// CHECK-LABEL: func.func @nll_sum(
// CHECK-SAME:    %[[X:.+]]: tensor<?x10xf32>, %[[T:.+]]: tensor<?xi32>
// CHECK:         %[[SUM:.+]] = linalg.generic {{.+}} iterator_types = ["reduction"]} ins(%[[T]] : tensor<?xi32>) outs(%{{.+}} : tensor<f64>)
// CHECK:           %[[I:.+]] = linalg.index 0
// CHECK:           %[[C:.+]] = arith.index_cast %{{.+}} : i32 to index
// CHECK:           %[[XT:.+]] = tensor.extract %[[X]][%[[I]], %{{.+}}] : tensor<?x10xf32>
// CHECK:           %[[XT64:.+]] = arith.extf %[[XT]] : f32 to f64
// CHECK:           %[[L:.+]] = arith.negf %[[XT64]] : f64
// CHECK:           arith.addf %{{.+}}, %[[L]] fastmath<reassoc> : f64
// CHECK:         linalg.generic {{.+}} ins(%[[SUM]] : tensor<f64>) outs(%{{.+}} : tensor<f32>)
// CHECK-NOT:       arith.divf
// CHECK:           arith.truncf
// The batch size is static on the input only: the target is cast to it.
// CHECK-LABEL: func.func @nll_none(
// CHECK:         %[[T:.+]] = tensor.cast %arg1 : tensor<?xi64> to tensor<8xi64>
// CHECK:         linalg.generic {{.+}} iterator_types = ["parallel"]} ins(%[[T]] : tensor<8xi64>) outs(%{{.+}} : tensor<8xf32>)
// LLVM-LABEL: llvm.func @nll_sum(
// LLVM-LABEL: llvm.func @nll_none(
func.func @nll_sum(%x: tensor<?x10xf32>, %t: tensor<?xi32>) -> tensor<f32> {
  %0 = sinter.nll_loss %x, %t {reduction = #sinter.reduction<sum>} : (tensor<?x10xf32>, tensor<?xi32>) -> tensor<f32>
  return %0 : tensor<f32>
}
func.func @nll_none(%x: tensor<8x10xf32>, %t: tensor<?xi64>) -> tensor<8xf32> {
  %0 = sinter.nll_loss %x, %t {reduction = #sinter.reduction<none>} : (tensor<8x10xf32>, tensor<?xi64>) -> tensor<8xf32>
  return %0 : tensor<8xf32>
}
