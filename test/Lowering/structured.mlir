// RUN: sinter-opt %s -split-input-file --sinter-lower-to-linalg | FileCheck %s
// RUN: sinter-opt %s -split-input-file --sinter-lower-to-linalg --one-shot-bufferize="bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map" --convert-linalg-to-loops --convert-scf-to-cf --expand-strided-metadata --lower-affine --finalize-memref-to-llvm --convert-math-to-llvm --convert-arith-to-llvm --convert-func-to-llvm --convert-cf-to-llvm --reconcile-unrealized-casts | FileCheck %s --check-prefix=LLVM --implicit-check-not="{{(linalg|tensor|memref|bufferization|affine|scf|arith|math|cf)\.[a-z_]+|unrealized_conversion_cast}}"

// matmul, linear, transpose/permute, the shape ops, embedding and one_hot.
// Matrix products accumulate into a zero fill (linear: into the broadcast
// bias); dynamic sizes are read with tensor.dim. The LLVM run proves each
// function bufferizes and lowers all the way: nothing but llvm.* is left.

// 2-D matmul: linalg.matmul.
// CHECK-LABEL: func.func @matmul_dyn(
// CHECK-SAME:    %[[A:.+]]: tensor<?x784xf32>, %[[B:.+]]: tensor<784x256xf32>
// CHECK:         %[[N:.+]] = tensor.dim %[[A]], %c0
// CHECK:         %[[E:.+]] = tensor.empty(%[[N]]) : tensor<?x256xf32>
// CHECK:         %[[Z:.+]] = linalg.fill ins(%cst : f32) outs(%[[E]] : tensor<?x256xf32>)
// CHECK:         %[[R:.+]] = linalg.matmul ins(%[[A]], %[[B]] : tensor<?x784xf32>, tensor<784x256xf32>) outs(%[[Z]] : tensor<?x256xf32>)
// CHECK:         return %[[R]]
// LLVM-LABEL: llvm.func @matmul_dyn(
// LLVM:         llvm.fmul
// LLVM:         llvm.fadd
func.func @matmul_dyn(%a: tensor<?x784xf32>, %b: tensor<784x256xf32>) -> tensor<?x256xf32> {
  %0 = sinter.matmul %a, %b : (tensor<?x784xf32>, tensor<784x256xf32>) -> tensor<?x256xf32>
  return %0 : tensor<?x256xf32>
}

// -----

// Batched with the same batch: linalg.batch_matmul.
// CHECK-LABEL: func.func @matmul_batch(
// CHECK:         %[[Z:.+]] = linalg.fill ins(%cst : f64) outs(%{{.+}} : tensor<8x16x16xf64>)
// CHECK:         linalg.batch_matmul ins(%arg0, %arg1 : tensor<8x16x64xf64>, tensor<8x64x16xf64>) outs(%[[Z]] : tensor<8x16x16xf64>)
// LLVM-LABEL: llvm.func @matmul_batch(
func.func @matmul_batch(%a: tensor<8x16x64xf64>, %b: tensor<8x64x16xf64>) -> tensor<8x16x16xf64> {
  %0 = sinter.matmul %a, %b : (tensor<8x16x64xf64>, tensor<8x64x16xf64>) -> tensor<8x16x16xf64>
  return %0 : tensor<8x16x16xf64>
}

// -----

// Batched lhs against a 2-D rhs: one matmul of the rows of lhs.
// CHECK-LABEL: func.func @matmul_rows(
// CHECK-SAME:    %[[A:.+]]: tensor<?x7x3xf32>, %[[B:.+]]: tensor<3x5xf32>
// CHECK:         %[[N:.+]] = tensor.dim %[[A]], %c0
// CHECK:         %[[ROWS:.+]] = arith.muli %[[N]], %c7
// CHECK:         %[[A2:.+]] = tensor.collapse_shape %[[A]] {{\[}}[0, 1], [2]] : tensor<?x7x3xf32> into tensor<?x3xf32>
// CHECK:         %[[E:.+]] = tensor.empty(%[[ROWS]]) : tensor<?x5xf32>
// CHECK:         %[[Z:.+]] = linalg.fill ins(%cst : f32) outs(%[[E]]
// CHECK:         %[[M:.+]] = linalg.matmul ins(%[[A2]], %[[B]] : tensor<?x3xf32>, tensor<3x5xf32>) outs(%[[Z]] : tensor<?x5xf32>)
// CHECK:         %[[R:.+]] = tensor.expand_shape %[[M]] {{\[}}[0, 1], [2]] output_shape [%[[N]], 7, 5] : tensor<?x5xf32> into tensor<?x7x5xf32>
// CHECK:         return %[[R]]
// LLVM-LABEL: llvm.func @matmul_rows(
func.func @matmul_rows(%a: tensor<?x7x3xf32>, %b: tensor<3x5xf32>) -> tensor<?x7x5xf32> {
  %0 = sinter.matmul %a, %b : (tensor<?x7x3xf32>, tensor<3x5xf32>) -> tensor<?x7x5xf32>
  return %0 : tensor<?x7x5xf32>
}

// -----

// Broadcast batch dimensions: a linalg.generic over (batch..., i, j, k)
// reading a stretched size-1 batch dimension at index 0.
// CHECK-DAG:   #[[LHS:.+]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, 0, d2, d4)>
// CHECK-DAG:   #[[RHS:.+]] = affine_map<(d0, d1, d2, d3, d4) -> (d1, d4, d3)>
// CHECK-DAG:   #[[OUT:.+]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @matmul_broadcast(
// CHECK:         linalg.generic {indexing_maps = [#[[LHS]], #[[RHS]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]}
// CHECK-SAME:      ins(%arg0, %arg1 : tensor<2x1x4x3xf32>, tensor<5x3x6xf32>) outs(%{{.+}} : tensor<2x5x4x6xf32>)
// CHECK:         ^bb0(%[[X:.+]]: f32, %[[Y:.+]]: f32, %[[ACC:.+]]: f32):
// CHECK:           %[[P:.+]] = arith.mulf %[[X]], %[[Y]] : f32
// CHECK:           %[[S:.+]] = arith.addf %[[ACC]], %[[P]] : f32
// CHECK:           linalg.yield %[[S]]
// LLVM-LABEL: llvm.func @matmul_broadcast(
func.func @matmul_broadcast(%a: tensor<2x1x4x3xf32>, %b: tensor<5x3x6xf32>) -> tensor<2x5x4x6xf32> {
  %0 = sinter.matmul %a, %b : (tensor<2x1x4x3xf32>, tensor<5x3x6xf32>) -> tensor<2x5x4x6xf32>
  return %0 : tensor<2x5x4x6xf32>
}

// -----

// linear: a matmul with transposed weight (linalg.matmul with the maps of
// x·Wᵀ) accumulating onto the bias broadcast over the rows.
// CHECK-DAG:   #[[X:.+]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG:   #[[W:.+]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG:   #[[O:.+]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func.func @linear_bias(
// CHECK-SAME:    %[[IN:.+]]: tensor<?x784xf32>, %[[WT:.+]]: tensor<256x784xf32>, %[[B:.+]]: tensor<256xf32>
// CHECK:         %[[N:.+]] = tensor.dim %[[IN]], %c0
// CHECK:         %[[E:.+]] = tensor.empty(%[[N]]) : tensor<?x256xf32>
// CHECK:         %[[BB:.+]] = linalg.broadcast ins(%[[B]] : tensor<256xf32>) outs(%[[E]] : tensor<?x256xf32>) dimensions = [0]
// CHECK:         %[[R:.+]] = linalg.matmul indexing_maps = [#[[X]], #[[W]], #[[O]]] ins(%[[IN]], %[[WT]] : tensor<?x784xf32>, tensor<256x784xf32>) outs(%[[BB]] : tensor<?x256xf32>)
// CHECK:         return %[[R]]
// LLVM-LABEL: llvm.func @linear_bias(
func.func @linear_bias(%x: tensor<?x784xf32>, %w: tensor<256x784xf32>, %b: tensor<256xf32>) -> tensor<?x256xf32> {
  %0 = sinter.linear %x, %w, %b : (tensor<?x784xf32>, tensor<256x784xf32>, tensor<256xf32>) -> tensor<?x256xf32>
  return %0 : tensor<?x256xf32>
}

// -----

// [..., in] input: the leading dimensions collapsed into rows and expanded
// back (the dynamic batch read once); no bias: a zero fill.
// CHECK-LABEL: func.func @linear_3d(
// CHECK-SAME:    %[[IN:.+]]: tensor<?x16x8xf32>, %[[WT:.+]]: tensor<4x8xf32>
// CHECK:         %[[N:.+]] = tensor.dim %[[IN]], %c0
// CHECK:         %[[ROWS:.+]] = arith.muli %[[N]], %c16
// CHECK:         %[[X2:.+]] = tensor.collapse_shape %[[IN]] {{\[}}[0, 1], [2]] : tensor<?x16x8xf32> into tensor<?x8xf32>
// CHECK:         %[[E:.+]] = tensor.empty(%[[ROWS]]) : tensor<?x4xf32>
// CHECK:         %[[Z:.+]] = linalg.fill ins(%cst : f32) outs(%[[E]]
// CHECK:         %[[M:.+]] = linalg.matmul indexing_maps = [#{{.+}}, #{{.+}}, #{{.+}}] ins(%[[X2]], %[[WT]] : tensor<?x8xf32>, tensor<4x8xf32>) outs(%[[Z]] : tensor<?x4xf32>)
// CHECK:         tensor.expand_shape %[[M]] {{\[}}[0, 1], [2]] output_shape [%[[N]], 16, 4] : tensor<?x4xf32> into tensor<?x16x4xf32>
// LLVM-LABEL: llvm.func @linear_3d(
func.func @linear_3d(%x: tensor<?x16x8xf32>, %w: tensor<4x8xf32>) -> tensor<?x16x4xf32> {
  %0 = sinter.linear %x, %w : (tensor<?x16x8xf32>, tensor<4x8xf32>) -> tensor<?x16x4xf32>
  return %0 : tensor<?x16x4xf32>
}

// -----

// A vector input: one row.
// CHECK-LABEL: func.func @linear_1d(
// CHECK:         %[[X2:.+]] = tensor.expand_shape %arg0 {{\[}}[0, 1]] output_shape [1, 8] : tensor<8xf64> into tensor<1x8xf64>
// CHECK:         %[[BB:.+]] = linalg.broadcast ins(%arg2 : tensor<4xf64>) outs(%{{.+}} : tensor<1x4xf64>) dimensions = [0]
// CHECK:         %[[M:.+]] = linalg.matmul indexing_maps = {{.+}} ins(%[[X2]], %arg1 : tensor<1x8xf64>, tensor<4x8xf64>) outs(%[[BB]] : tensor<1x4xf64>)
// CHECK:         tensor.collapse_shape %[[M]] {{\[}}[0, 1]] : tensor<1x4xf64> into tensor<4xf64>
// LLVM-LABEL: llvm.func @linear_1d(
func.func @linear_1d(%x: tensor<8xf64>, %w: tensor<4x8xf64>, %b: tensor<4xf64>) -> tensor<4xf64> {
  %0 = sinter.linear %x, %w, %b : (tensor<8xf64>, tensor<4x8xf64>, tensor<4xf64>) -> tensor<4xf64>
  return %0 : tensor<4xf64>
}

// -----

// transpose and permute: linalg.transpose (negative dims normalised).
// CHECK-LABEL: func.func @transpose(
// CHECK:         %[[N:.+]] = tensor.dim %arg0, %c0 : tensor<?x3x4xf32>
// CHECK:         %[[E:.+]] = tensor.empty(%[[N]]) : tensor<4x3x?xf32>
// CHECK:         linalg.transpose ins(%arg0 : tensor<?x3x4xf32>) outs(%[[E]] : tensor<4x3x?xf32>) permutation = [2, 1, 0]
// CHECK-LABEL: func.func @permute(
// CHECK:         %[[N:.+]] = tensor.dim %arg0, %c1 : tensor<2x?x4xi64>
// CHECK:         %[[E:.+]] = tensor.empty(%[[N]]) : tensor<4x2x?xi64>
// CHECK:         linalg.transpose ins(%arg0 : tensor<2x?x4xi64>) outs(%[[E]] : tensor<4x2x?xi64>) permutation = [2, 0, 1]
// LLVM-LABEL: llvm.func @transpose(
// LLVM-LABEL: llvm.func @permute(
func.func @transpose(%x: tensor<?x3x4xf32>) -> tensor<4x3x?xf32> {
  %0 = sinter.transpose %x {dim0 = 0 : i64, dim1 = -1 : i64} : (tensor<?x3x4xf32>) -> tensor<4x3x?xf32>
  return %0 : tensor<4x3x?xf32>
}
func.func @permute(%x: tensor<2x?x4xi64>) -> tensor<4x2x?xi64> {
  %0 = sinter.permute %x {dims = array<i64: 2, 0, 1>} : (tensor<2x?x4xi64>) -> tensor<4x2x?xi64>
  return %0 : tensor<4x2x?xi64>
}

// -----

// reshape: one collapse or expand when the dimensions group; otherwise
// through one dimension, the -1 size computed from the element count.
// CHECK-LABEL: func.func @reshape_collapse(
// CHECK-NEXT:    %[[R:.+]] = tensor.collapse_shape %arg0 {{\[}}[0], [1, 2]] : tensor<?x28x28xf32> into tensor<?x784xf32>
// CHECK-NEXT:    return %[[R]]
// CHECK-LABEL: func.func @reshape_expand(
// CHECK:         %[[N:.+]] = tensor.dim %arg0, %c0
// CHECK:         tensor.expand_shape %arg0 {{\[}}[0], [1, 2, 3]] output_shape [%[[N]], 1, 28, 28] : tensor<?x784xf32> into tensor<?x1x28x28xf32>
// CHECK-LABEL: func.func @reshape_static(
// CHECK:         %[[F:.+]] = tensor.collapse_shape %arg0 {{\[}}[0, 1]] : tensor<2x6xf32> into tensor<12xf32>
// CHECK:         tensor.expand_shape %[[F]] {{\[}}[0, 1]] output_shape [3, 4] : tensor<12xf32> into tensor<3x4xf32>
// CHECK-LABEL: func.func @reshape_dynamic(
// CHECK:         %[[F:.+]] = tensor.collapse_shape %arg0 {{\[}}[0, 1]] : tensor<?x6xf32> into tensor<?xf32>
// CHECK:         %[[N:.+]] = tensor.dim %arg0, %c0
// CHECK:         %[[COUNT:.+]] = arith.muli %[[N]], %c6
// CHECK:         %[[ROWS:.+]] = arith.divui %[[COUNT]], %c4
// CHECK:         tensor.expand_shape %[[F]] {{\[}}[0, 1]] output_shape [%[[ROWS]], 4] : tensor<?xf32> into tensor<?x4xf32>
// CHECK-LABEL: func.func @reshape_to_static(
// CHECK:         %[[F:.+]] = tensor.collapse_shape %arg0 {{\[}}[0, 1]] : tensor<?x3xf32> into tensor<?xf32>
// CHECK:         tensor.cast %[[F]] : tensor<?xf32> to tensor<6xf32>
// LLVM-LABEL: llvm.func @reshape_collapse(
// LLVM-LABEL: llvm.func @reshape_expand(
// LLVM-LABEL: llvm.func @reshape_static(
// LLVM-LABEL: llvm.func @reshape_dynamic(
// LLVM-LABEL: llvm.func @reshape_to_static(
func.func @reshape_collapse(%x: tensor<?x28x28xf32>) -> tensor<?x784xf32> {
  %0 = sinter.reshape %x {shape = array<i64: -1, 784>} : (tensor<?x28x28xf32>) -> tensor<?x784xf32>
  return %0 : tensor<?x784xf32>
}
func.func @reshape_expand(%x: tensor<?x784xf32>) -> tensor<?x1x28x28xf32> {
  %0 = sinter.reshape %x {shape = array<i64: -1, 1, 28, 28>} : (tensor<?x784xf32>) -> tensor<?x1x28x28xf32>
  return %0 : tensor<?x1x28x28xf32>
}
func.func @reshape_static(%x: tensor<2x6xf32>) -> tensor<3x4xf32> {
  %0 = sinter.reshape %x {shape = array<i64: 3, -1>} : (tensor<2x6xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}
func.func @reshape_dynamic(%x: tensor<?x6xf32>) -> tensor<?x4xf32> {
  %0 = sinter.reshape %x {shape = array<i64: -1, 4>} : (tensor<?x6xf32>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}
func.func @reshape_to_static(%x: tensor<?x3xf32>) -> tensor<6xf32> {
  %0 = sinter.reshape %x {shape = array<i64: 6>} : (tensor<?x3xf32>) -> tensor<6xf32>
  return %0 : tensor<6xf32>
}

// -----

// squeeze, unsqueeze, flatten: collapse_shape / expand_shape, unit
// dimensions grouped with a neighbour.
// CHECK-LABEL: func.func @squeeze(
// CHECK-NEXT:    tensor.collapse_shape %arg0 {{\[}}[0], [1, 2, 3]] : tensor<?x1x3x1xf32> into tensor<?x3xf32>
// CHECK-LABEL: func.func @squeeze_all(
// CHECK-NEXT:    tensor.collapse_shape %arg0 [] : tensor<1x1xf32> into tensor<f32>
// CHECK-LABEL: func.func @unsqueeze(
// CHECK:         %[[N:.+]] = tensor.dim %arg0, %c0
// CHECK:         tensor.expand_shape %arg0 {{\[}}[0], [1, 2]] output_shape [%[[N]], 3, 1] : tensor<?x3xf32> into tensor<?x3x1xf32>
// CHECK-LABEL: func.func @unsqueeze_front(
// CHECK:         %[[N:.+]] = tensor.dim %arg0, %c0
// CHECK:         tensor.expand_shape %arg0 {{\[}}[0, 1], [2]] output_shape [1, %[[N]], 3] : tensor<?x3xf32> into tensor<1x?x3xf32>
// CHECK-LABEL: func.func @unsqueeze_scalar(
// CHECK-NEXT:    tensor.expand_shape %arg0 [] output_shape [1] : tensor<f32> into tensor<1xf32>
// CHECK-LABEL: func.func @flatten(
// CHECK-NEXT:    tensor.collapse_shape %arg0 {{\[}}[0], [1, 2]] : tensor<?x28x28xf32> into tensor<?x784xf32>
// CHECK-LABEL: func.func @flatten_all(
// CHECK-NEXT:    tensor.collapse_shape %arg0 {{\[}}[0, 1, 2]] : tensor<?x2x3xf32> into tensor<?xf32>
// LLVM-LABEL: llvm.func @squeeze(
// LLVM-LABEL: llvm.func @squeeze_all(
// LLVM-LABEL: llvm.func @unsqueeze(
// LLVM-LABEL: llvm.func @unsqueeze_front(
// LLVM-LABEL: llvm.func @unsqueeze_scalar(
// LLVM-LABEL: llvm.func @flatten(
// LLVM-LABEL: llvm.func @flatten_all(
func.func @squeeze(%x: tensor<?x1x3x1xf32>) -> tensor<?x3xf32> {
  %0 = sinter.squeeze %x : (tensor<?x1x3x1xf32>) -> tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}
func.func @squeeze_all(%x: tensor<1x1xf32>) -> tensor<f32> {
  %0 = sinter.squeeze %x : (tensor<1x1xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}
func.func @unsqueeze(%x: tensor<?x3xf32>) -> tensor<?x3x1xf32> {
  %0 = sinter.unsqueeze %x {dim = -1 : i64} : (tensor<?x3xf32>) -> tensor<?x3x1xf32>
  return %0 : tensor<?x3x1xf32>
}
func.func @unsqueeze_front(%x: tensor<?x3xf32>) -> tensor<1x?x3xf32> {
  %0 = sinter.unsqueeze %x {dim = 0 : i64} : (tensor<?x3xf32>) -> tensor<1x?x3xf32>
  return %0 : tensor<1x?x3xf32>
}
func.func @unsqueeze_scalar(%x: tensor<f32>) -> tensor<1xf32> {
  %0 = sinter.unsqueeze %x {dim = 0 : i64} : (tensor<f32>) -> tensor<1xf32>
  return %0 : tensor<1xf32>
}
func.func @flatten(%x: tensor<?x28x28xf32>) -> tensor<?x784xf32> {
  %0 = sinter.flatten %x {start_dim = 1 : i64} : (tensor<?x28x28xf32>) -> tensor<?x784xf32>
  return %0 : tensor<?x784xf32>
}
func.func @flatten_all(%x: tensor<?x2x3xf32>) -> tensor<?xf32> {
  %0 = sinter.flatten %x : (tensor<?x2x3xf32>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

// broadcast_to: a copy through a broadcasting map; a dynamic dimension that
// may be 1 at run time, broadcast to a static size, reads index 0 or i.
// CHECK-DAG:   #[[ROW:.+]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG:   #[[ID2:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG:   #[[STRETCH:.+]] = affine_map<(d0, d1, d2) -> (d1, 0)>
// CHECK-DAG:   #[[ID3:.+]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @broadcast_to(
// CHECK:         linalg.generic {indexing_maps = [#[[ROW]], #[[ID2]]], iterator_types = ["parallel", "parallel"]} ins(%arg0 : tensor<3xf32>) outs(%{{.+}} : tensor<4x3xf32>)
// CHECK-LABEL: func.func @broadcast_to_stretch(
// CHECK:         %[[N:.+]] = tensor.dim %arg0, %c0
// CHECK:         %[[E:.+]] = tensor.empty(%[[N]]) : tensor<2x?x5xf32>
// CHECK:         linalg.generic {indexing_maps = [#[[STRETCH]], #[[ID3]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%arg0 : tensor<?x1xf32>) outs(%[[E]] : tensor<2x?x5xf32>)
// CHECK-LABEL: func.func @broadcast_to_runtime(
// CHECK:         %[[N:.+]] = tensor.dim %arg0, %c0
// CHECK:         linalg.generic {indexing_maps = [#[[ID2]]], iterator_types = ["parallel", "parallel"]} outs(%{{.+}} : tensor<4x3xf32>)
// CHECK:           %[[UNIT:.+]] = arith.cmpi eq, %[[N]], %c1
// CHECK:           %[[I:.+]] = linalg.index 0
// CHECK:           %[[ROWI:.+]] = arith.select %[[UNIT]], %{{.+}}, %[[I]]
// CHECK:           %[[J:.+]] = linalg.index 1
// CHECK:           tensor.extract %arg0[%[[ROWI]], %[[J]]] : tensor<?x3xf32>
// LLVM-LABEL: llvm.func @broadcast_to(
// LLVM-LABEL: llvm.func @broadcast_to_stretch(
// LLVM-LABEL: llvm.func @broadcast_to_runtime(
func.func @broadcast_to(%x: tensor<3xf32>) -> tensor<4x3xf32> {
  %0 = sinter.broadcast_to %x {shape = array<i64: 4, 3>} : (tensor<3xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}
func.func @broadcast_to_stretch(%x: tensor<?x1xf32>) -> tensor<2x?x5xf32> {
  %0 = sinter.broadcast_to %x {shape = array<i64: 2, -1, 5>} : (tensor<?x1xf32>) -> tensor<2x?x5xf32>
  return %0 : tensor<2x?x5xf32>
}
func.func @broadcast_to_runtime(%x: tensor<?x3xf32>) -> tensor<4x3xf32> {
  %0 = sinter.broadcast_to %x {shape = array<i64: 4, 3>} : (tensor<?x3xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// concat: each input copied into its slot of the result (a copy between a
// matching extract_slice/insert_slice pair bufferizes in place).
// CHECK-LABEL: func.func @concat(
// CHECK-SAME:    %[[A:.+]]: tensor<?x2xf32>, %[[B:.+]]: tensor<3x2xf32>
// CHECK:         %[[N:.+]] = tensor.dim %[[A]], %c0
// CHECK:         %[[TOTAL:.+]] = arith.addi %[[N]], %c3
// CHECK:         %[[E:.+]] = tensor.empty(%[[TOTAL]]) : tensor<?x2xf32>
// CHECK:         %[[S0:.+]] = tensor.extract_slice %[[E]][0, 0] [%[[N]], 2] [1, 1]
// CHECK:         %[[C0:.+]] = linalg.copy ins(%[[A]] : tensor<?x2xf32>) outs(%[[S0]] : tensor<?x2xf32>)
// CHECK:         %[[R0:.+]] = tensor.insert_slice %[[C0]] into %[[E]][0, 0] [%[[N]], 2] [1, 1]
// CHECK:         %[[S1:.+]] = tensor.extract_slice %[[R0]][%[[N]], 0] [3, 2] [1, 1] : tensor<?x2xf32> to tensor<3x2xf32>
// CHECK:         %[[C1:.+]] = linalg.copy ins(%[[B]] : tensor<3x2xf32>) outs(%[[S1]] : tensor<3x2xf32>)
// CHECK:         %[[R1:.+]] = tensor.insert_slice %[[C1]] into %[[R0]][%[[N]], 0] [3, 2] [1, 1]
// CHECK:         return %[[R1]]
// LLVM-LABEL: llvm.func @concat(
func.func @concat(%a: tensor<?x2xf32>, %b: tensor<3x2xf32>) -> tensor<?x2xf32> {
  %0 = sinter.concat %a, %b {dim = 0 : i64} : (tensor<?x2xf32>, tensor<3x2xf32>) -> tensor<?x2xf32>
  return %0 : tensor<?x2xf32>
}

// -----

// slice: extract_slice with a stride; Python's clamping of the bounds done
// at compile time for a static dimension, with index arithmetic for a
// dynamic one (start -3 of n: max(n - 3, 0); end: n; size: ceil((end -
// start) / step) when positive). A slice that keeps nothing reads nothing.
// CHECK-LABEL: func.func @slice(
// CHECK-NEXT:    tensor.extract_slice %arg0[0, 1] [4, 2] [1, 2] : tensor<4x6xf32> to tensor<4x2xf32>
// CHECK-LABEL: func.func @slice_dynamic(
// CHECK:         %[[N:.+]] = tensor.dim %arg0, %c0
// CHECK:         %[[SHIFTED:.+]] = arith.addi %[[N]], %c-3
// CHECK:         %[[START:.+]] = arith.maxsi %[[SHIFTED]], %c0
// CHECK:         %[[LEN:.+]] = arith.subi %[[N]], %[[START]]
// CHECK:         %[[POS:.+]] = arith.maxsi %[[LEN]], %c0
// CHECK:         %[[UP:.+]] = arith.addi %[[POS]], %c1
// CHECK:         %[[SIZE:.+]] = arith.divui %[[UP]], %c2
// CHECK:         tensor.extract_slice %arg0[%[[START]], 0] [%[[SIZE]], 6] [2, 1] : tensor<?x6xf32> to tensor<?x6xf32>
// CHECK-LABEL: func.func @slice_nothing(
// CHECK-NEXT:    %[[E:.+]] = tensor.empty() : tensor<4x0xf32>
// CHECK-NEXT:    return %[[E]]
// LLVM-LABEL: llvm.func @slice(
// LLVM-LABEL: llvm.func @slice_dynamic(
// LLVM-LABEL: llvm.func @slice_nothing(
func.func @slice(%x: tensor<4x6xf32>) -> tensor<4x2xf32> {
  %0 = sinter.slice %x {dim = 1 : i64, start = 1 : i64, end = 5 : i64, step = 2 : i64} : (tensor<4x6xf32>) -> tensor<4x2xf32>
  return %0 : tensor<4x2xf32>
}
func.func @slice_dynamic(%x: tensor<?x6xf32>) -> tensor<?x6xf32> {
  %0 = sinter.slice %x {dim = 0 : i64, start = -3 : i64, step = 2 : i64} : (tensor<?x6xf32>) -> tensor<?x6xf32>
  return %0 : tensor<?x6xf32>
}
func.func @slice_nothing(%x: tensor<4x6xf32>) -> tensor<4x0xf32> {
  %0 = sinter.slice %x {dim = 1 : i64, start = 7 : i64} : (tensor<4x6xf32>) -> tensor<4x0xf32>
  return %0 : tensor<4x0xf32>
}

// -----

// embedding: a generic over the result gathering row indices[...] of the
// table. Compiled code cannot report errors yet: an index outside [0, rows)
// is clamped into range (the interpreter reports it).
// CHECK-DAG:   #[[IDX:.+]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG:   #[[OUT:.+]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @embedding(
// CHECK-SAME:    %[[I:.+]]: tensor<?x16xi64>, %[[W:.+]]: tensor<1000x64xf32>
// CHECK:         %[[N:.+]] = tensor.dim %[[I]], %c0
// CHECK:         %[[E:.+]] = tensor.empty(%[[N]]) : tensor<?x16x64xf32>
// CHECK:         linalg.generic {indexing_maps = [#[[IDX]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[I]] : tensor<?x16xi64>) outs(%[[E]] : tensor<?x16x64xf32>)
// CHECK:         ^bb0(%[[V:.+]]: i64, %{{.+}}: f32):
// CHECK:           %[[ROW:.+]] = arith.index_cast %[[V]] : i64 to index
// CHECK:           %[[LAST:.+]] = arith.subi %c1000, %c1
// CHECK:           %[[LOW:.+]] = arith.minsi %[[ROW]], %[[LAST]]
// CHECK:           %[[CLAMPED:.+]] = arith.maxsi %[[LOW]], %{{.+}}
// CHECK:           %[[COL:.+]] = linalg.index 2
// CHECK:           %[[X:.+]] = tensor.extract %[[W]][%[[CLAMPED]], %[[COL]]] : tensor<1000x64xf32>
// CHECK:           linalg.yield %[[X]]
// LLVM-LABEL: llvm.func @embedding(
func.func @embedding(%i: tensor<?x16xi64>, %w: tensor<1000x64xf32>) -> tensor<?x16x64xf32> {
  %0 = sinter.embedding %i, %w : (tensor<?x16xi64>, tensor<1000x64xf32>) -> tensor<?x16x64xf32>
  return %0 : tensor<?x16x64xf32>
}

// -----

// one_hot: i64 1 where the class equals the index (a row of zeros for an
// index out of range, which the interpreter reports).
// CHECK-DAG:   #[[IDX:.+]] = affine_map<(d0, d1) -> (d0)>
// CHECK-DAG:   #[[OUT:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @one_hot(
// CHECK:         %[[N:.+]] = tensor.dim %arg0, %c0
// CHECK:         %[[E:.+]] = tensor.empty(%[[N]]) : tensor<?x10xi64>
// CHECK:         linalg.generic {indexing_maps = [#[[IDX]], #[[OUT]]], iterator_types = ["parallel", "parallel"]} ins(%arg0 : tensor<?xi32>) outs(%[[E]] : tensor<?x10xi64>)
// CHECK:         ^bb0(%[[V:.+]]: i32, %{{.+}}: i64):
// CHECK:           %[[V64:.+]] = arith.extsi %[[V]] : i32 to i64
// CHECK:           %[[C:.+]] = linalg.index 1
// CHECK:           %[[C64:.+]] = arith.index_cast %[[C]] : index to i64
// CHECK:           %[[HIT:.+]] = arith.cmpi eq, %[[V64]], %[[C64]]
// CHECK:           %[[ONE:.+]] = arith.extui %[[HIT]] : i1 to i64
// CHECK:           linalg.yield %[[ONE]]
// LLVM-LABEL: llvm.func @one_hot(
func.func @one_hot(%i: tensor<?xi32>) -> tensor<?x10xi64> {
  %0 = sinter.one_hot %i {num_classes = 10 : i64} : (tensor<?xi32>) -> tensor<?x10xi64>
  return %0 : tensor<?x10xi64>
}

// -----

// embedding_dense_backward: a scatter-add, so loops: scf.for over the
// indices, and for an index in range an scf.for over the row adding grad's
// row into the f64 accumulator with tensor.insert; rounded once at the end.
// An index out of range is skipped (the interpreter reports it).
// CHECK-LABEL: func.func @embedding_backward(
// CHECK-SAME:    %[[G:.+]]: tensor<?x3x4xf32>, %[[I:.+]]: tensor<?x3xi64>
// CHECK:         %[[N:.+]] = tensor.dim %[[I]], %c0
// CHECK:         %[[COUNT:.+]] = arith.muli %[[N]], %c3
// CHECK:         %[[G2:.+]] = tensor.collapse_shape %[[G]] {{\[}}[0, 1], [2]] : tensor<?x3x4xf32> into tensor<?x4xf32>
// CHECK:         %[[I1:.+]] = tensor.collapse_shape %[[I]] {{\[}}[0, 1]] : tensor<?x3xi64> into tensor<?xi64>
// CHECK:         %[[ZERO:.+]] = linalg.fill ins(%{{.+}} : f64) outs(%{{.+}} : tensor<10x4xf64>)
// CHECK:         %[[ACC:.+]] = scf.for %[[K:.+]] = %{{.+}} to %[[COUNT]] step %{{.+}} iter_args(%[[A:.+]] = %[[ZERO]]) -> (tensor<10x4xf64>) {
// CHECK:           %[[IDX:.+]] = tensor.extract %[[I1]][%[[K]]] : tensor<?xi64>
// CHECK:           %[[ROW:.+]] = arith.index_cast %[[IDX]] : i64 to index
// CHECK:           %[[IN:.+]] = arith.andi
// CHECK:           %[[NEXT:.+]] = scf.if %[[IN]] -> (tensor<10x4xf64>) {
// CHECK:             scf.for %[[J:.+]] = %{{.+}} to %c4 step %{{.+}} iter_args(%[[B:.+]] = %[[A]]) -> (tensor<10x4xf64>) {
// CHECK:               %[[V:.+]] = tensor.extract %[[G2]][%[[K]], %[[J]]] : tensor<?x4xf32>
// CHECK:               %[[V64:.+]] = arith.extf %[[V]] : f32 to f64
// CHECK:               %[[OLD:.+]] = tensor.extract %[[B]][%[[ROW]], %[[J]]] : tensor<10x4xf64>
// CHECK:               %[[SUM:.+]] = arith.addf %[[OLD]], %[[V64]] : f64
// CHECK:               tensor.insert %[[SUM]] into %[[B]][%[[ROW]], %[[J]]] : tensor<10x4xf64>
// CHECK:           } else {
// CHECK:             scf.yield %[[A]] : tensor<10x4xf64>
// CHECK:         linalg.generic {{.+}} ins(%[[ACC]] : tensor<10x4xf64>) outs(%{{.+}} : tensor<10x4xf32>)
// CHECK:           arith.truncf %{{.+}} : f64 to f32
// LLVM-LABEL: llvm.func @embedding_backward(
func.func @embedding_backward(%g: tensor<?x3x4xf32>, %i: tensor<?x3xi64>) -> tensor<10x4xf32> {
  %0 = sinter.embedding_dense_backward %g, %i {num_weights = 10 : i64} : (tensor<?x3x4xf32>, tensor<?x3xi64>) -> tensor<10x4xf32>
  return %0 : tensor<10x4xf32>
}
