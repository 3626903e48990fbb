// RUN: sinter-opt %s --sinter-lower-to-linalg | FileCheck %s
// RUN: sinter-opt %s --sinter-lower-to-linalg | mlir-opt --one-shot-bufferize="bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map" --convert-linalg-to-loops --convert-scf-to-cf --expand-strided-metadata --lower-affine --finalize-memref-to-llvm --convert-math-to-llvm --convert-arith-to-llvm --convert-func-to-llvm --convert-cf-to-llvm --reconcile-unrealized-casts | FileCheck %s --check-prefix=LLVM

// Reductions: a linalg.generic with reduction iterators into a filled
// accumulator of the kept dimensions; keepdim is a tensor.expand_shape.
// Float sums and means accumulate in f64 (as the interpreter) and round at
// the end.

// CHECK-DAG: #[[ID3:.+]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[KEEP02:.+]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[ID2:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[COL:.+]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[ROWS:.+]] = affine_map<(d0, d1) -> (d0)>
// CHECK-DAG: #[[ALL2:.+]] = affine_map<(d0, d1) -> ()>

// CHECK-LABEL: func.func @sum_keepdim(
// CHECK-SAME:    %[[X:.+]]: tensor<?x7x5xf32>
// CHECK:         %[[ZERO:.+]] = arith.constant 0.000000e+00 : f64
// CHECK:         %[[N:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x7x5xf32>
// CHECK:         %[[E:.+]] = tensor.empty(%[[N]]) : tensor<?x5xf64>
// CHECK:         %[[F:.+]] = linalg.fill ins(%[[ZERO]] : f64) outs(%[[E]] : tensor<?x5xf64>)
// CHECK:         %[[S:.+]] = linalg.generic {indexing_maps = [#[[ID3]], #[[KEEP02]]], iterator_types = ["parallel", "reduction", "parallel"]}
// CHECK-SAME:      ins(%[[X]] : tensor<?x7x5xf32>) outs(%[[F]] : tensor<?x5xf64>)
// CHECK:           %[[W:.+]] = arith.extf %{{.+}} : f32 to f64
// CHECK:           arith.addf %{{.+}}, %[[W]] fastmath<reassoc> : f64
// CHECK:         %[[R:.+]] = linalg.generic
// CHECK:           arith.truncf %{{.+}} : f64 to f32
// CHECK:         tensor.expand_shape %[[R]] {{\[}}[0, 1], [2]] output_shape [%{{.+}}, 1, 5] : tensor<?x5xf32> into tensor<?x1x5xf32>
// LLVM-LABEL: llvm.func @sum_keepdim(
func.func @sum_keepdim(%x: tensor<?x7x5xf32>) -> tensor<?x1x5xf32> {
  %0 = sinter.sum %x {dims = array<i64: 1>, keepdim = true} : (tensor<?x7x5xf32>) -> tensor<?x1x5xf32>
  return %0 : tensor<?x1x5xf32>
}

// mean over a dynamic dimension divides by its size read at run time.
// CHECK-LABEL: func.func @mean_dynamic(
// CHECK-SAME:    %[[X:.+]]: tensor<?x7xf64>
// CHECK:         %[[S:.+]] = linalg.generic {indexing_maps = [#[[ID2]], #[[COL]]], iterator_types = ["reduction", "parallel"]}
// CHECK:         %[[N:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x7xf64>
// CHECK:         %[[NI:.+]] = arith.index_castui %[[N]] : index to i64
// CHECK:         %[[NF:.+]] = arith.uitofp %[[NI]] : i64 to f64
// CHECK:         %[[COUNT:.+]] = arith.mulf %{{.+}}, %[[NF]] : f64
// CHECK:         linalg.generic
// CHECK-SAME:      ins(%[[S]] : tensor<7xf64>)
// CHECK:           arith.divf %{{.+}}, %[[COUNT]] : f64
// LLVM-LABEL: llvm.func @mean_dynamic(
func.func @mean_dynamic(%x: tensor<?x7xf64>) -> tensor<7xf64> {
  %0 = sinter.mean %x {dims = array<i64: 0>} : (tensor<?x7xf64>) -> tensor<7xf64>
  return %0 : tensor<7xf64>
}

// max/min start from -inf/+inf (INT_MIN/INT_MAX) and propagate NaN.
// CHECK-LABEL: func.func @max_min_all(
// CHECK:         %[[NEGINF:.+]] = arith.constant 0xFF800000 : f32
// CHECK:         linalg.fill ins(%[[NEGINF]] : f32)
// CHECK:         linalg.generic {indexing_maps = [#[[ID2]], #[[ALL2]]], iterator_types = ["reduction", "reduction"]}
// CHECK:           arith.maximumf {{.*}} : f32
// CHECK:         %[[IMAX:.+]] = arith.constant 2147483647 : i32
// CHECK:         linalg.fill ins(%[[IMAX]] : i32)
// CHECK:           arith.minsi {{.*}} : i32
// LLVM-LABEL: llvm.func @max_min_all(
func.func @max_min_all(%x: tensor<?x7xf32>, %i: tensor<4xi32>) -> (tensor<f32>, tensor<i32>) {
  %0 = sinter.max %x : (tensor<?x7xf32>) -> tensor<f32>
  %1 = sinter.min %i : (tensor<4xi32>) -> tensor<i32>
  return %0, %1 : tensor<f32>, tensor<i32>
}

// argmax: a (value, index) pair of accumulators; an element replaces the
// best when greater, or NaN over a non-NaN, so the first maximum (or NaN)
// wins. The index comes from linalg.index; without dim it is row-major over
// all dimensions.
// CHECK-LABEL: func.func @argmax(
// CHECK:         %[[P:.+]]:2 = linalg.generic {indexing_maps = [#[[ID2]], #[[ROWS]], #[[ROWS]]], iterator_types = ["parallel", "reduction"]}
// CHECK:           %[[ORD:.+]] = arith.cmpf ord, %[[BEST:.+]], %[[BEST]] : f32
// CHECK:           %[[NAN:.+]] = arith.cmpf uno, %[[V:.+]], %[[V]] : f32
// CHECK:           %[[NANWINS:.+]] = arith.andi %[[NAN]], %[[ORD]] : i1
// CHECK:           %[[GT:.+]] = arith.cmpf ogt, %[[V]], %[[BEST]] : f32
// CHECK:           %[[BETTER:.+]] = arith.ori %[[GT]], %[[NANWINS]] : i1
// CHECK:           %[[J:.+]] = linalg.index 1 : index
// CHECK:           %[[JI:.+]] = arith.index_castui %[[J]] : index to i64
// CHECK:           arith.select %[[BETTER]], %[[V]], %[[BEST]] : f32
// CHECK:           arith.select %[[BETTER]], %[[JI]], %{{.+}} : i64
// CHECK:         %[[Q:.+]]:2 = linalg.generic {indexing_maps = [#[[ID2]], #[[ALL2]], #[[ALL2]]], iterator_types = ["reduction", "reduction"]}
// CHECK:           %[[I0:.+]] = linalg.index 0 : index
// CHECK:           %[[I1:.+]] = linalg.index 1 : index
// CHECK:           %[[ROW:.+]] = arith.muli %[[I0]], %{{.+}} : index
// CHECK:           arith.addi %[[ROW]], %[[I1]] : index
// CHECK:         %[[K:.+]] = tensor.expand_shape %[[Q]]#1 [] output_shape [1, 1] : tensor<i64> into tensor<1x1xi64>
// CHECK:         return %[[P]]#1, %[[K]]
// LLVM-LABEL: llvm.func @argmax(
func.func @argmax(%x: tensor<?x7xf32>) -> (tensor<?xi64>, tensor<1x1xi64>) {
  %0 = sinter.argmax %x {dim = 1 : i64} : (tensor<?x7xf32>) -> tensor<?xi64>
  %1 = sinter.argmax %x {keepdim = true} : (tensor<?x7xf32>) -> tensor<1x1xi64>
  return %0, %1 : tensor<?xi64>, tensor<1x1xi64>
}

// softmax: the maximum along dim (maxnumf: NaN ignored, as the interpreter's
// std::max; 0 when infinite), the sum of exp(x - max) in f64, then
// exp(x - max) / sum rounded once.
// CHECK-LABEL: func.func @softmax(
// CHECK-SAME:    %[[X:.+]]: tensor<?x10xf32>
// CHECK:         %[[M:.+]] = linalg.generic {indexing_maps = [#[[ID2]], #[[ROWS]]], iterator_types = ["parallel", "reduction"]}
// CHECK:           arith.maxnumf
// CHECK:         %[[S:.+]] = linalg.generic {indexing_maps = [#[[ID2]], #[[ROWS]], #[[ROWS]]], iterator_types = ["parallel", "reduction"]}
// CHECK-SAME:      ins(%[[X]], %[[M]] : tensor<?x10xf32>, tensor<?xf32>)
// CHECK:           math.exp {{.*}} : f64
// CHECK:           arith.addf {{.*}} : f64
// CHECK:         linalg.generic {indexing_maps = [#[[ID2]], #[[ROWS]], #[[ROWS]], #[[ID2]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME:      ins(%[[X]], %[[M]], %[[S]] : tensor<?x10xf32>, tensor<?xf32>, tensor<?xf64>)
// CHECK:           math.exp {{.*}} : f64
// CHECK:           arith.divf {{.*}} : f64
// CHECK:           arith.truncf {{.*}} : f64 to f32
// LLVM-LABEL: llvm.func @softmax(
func.func @softmax(%x: tensor<?x10xf32>) -> tensor<?x10xf32> {
  %0 = sinter.softmax %x {dim = 1 : i64} : (tensor<?x10xf32>) -> tensor<?x10xf32>
  return %0 : tensor<?x10xf32>
}

// log_softmax along a negative dim of a 3-D tensor.
// CHECK-LABEL: func.func @log_softmax(
// CHECK:         linalg.generic {indexing_maps = [#[[ID3]], #[[KEEP02]]], iterator_types = ["parallel", "reduction", "parallel"]}
// CHECK:         linalg.generic {indexing_maps = [#[[ID3]], #[[KEEP02]], #[[KEEP02]]], iterator_types = ["parallel", "reduction", "parallel"]}
// CHECK:         linalg.generic {indexing_maps = [#[[ID3]], #[[KEEP02]], #[[KEEP02]], #[[ID3]]]
// CHECK:           math.log {{.*}} : f64
// CHECK:           arith.subf {{.*}} : f64
// LLVM-LABEL: llvm.func @log_softmax(
func.func @log_softmax(%x: tensor<2x?x4xf64>) -> tensor<2x?x4xf64> {
  %0 = sinter.log_softmax %x {dim = -2 : i64} : (tensor<2x?x4xf64>) -> tensor<2x?x4xf64>
  return %0 : tensor<2x?x4xf64>
}
