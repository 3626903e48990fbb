// RUN: sinter-opt %s --sinter-split-shared-inits | FileCheck %s
// RUN: sinter-opt %s --sinter-split-shared-inits --one-shot-bufferize="bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map" | FileCheck %s --check-prefix=SPLIT
// RUN: sinter-opt %s --one-shot-bufferize="bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map" | FileCheck %s --check-prefix=SHARED

#id = affine_map<(d0, d1) -> (d0, d1)>

// CSE gives two gradients' accumulators one zero fill. Each matmul gets its
// own fill, cloned right before it (the user found first in the use list
// keeps the original); the tensor.empty under them is left shared, since a
// fill only writes it.
// CHECK-LABEL: func.func @matmuls
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[E:.*]] = tensor.empty() : tensor<4x16xf32>
// CHECK: %[[F1:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[E]] : tensor<4x16xf32>)
// CHECK-NEXT: %[[F2:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[E]] : tensor<4x16xf32>)
// CHECK-NEXT: linalg.matmul {{.*}} outs(%[[F2]] : tensor<4x16xf32>)
// CHECK-NEXT: linalg.matmul {{.*}} outs(%[[F1]] : tensor<4x16xf32>)
// CHECK-NOT: linalg.fill
//
// The point: bufferized, each matmul accumulates into its own zeroed buffer.
// With the fill shared, one-shot bufferization gives the second matmul a new
// buffer and a copy of the first's zeroes.
// SPLIT-LABEL: func.func @matmuls
// SPLIT-COUNT-2: linalg.fill
// SPLIT-NOT: memref.copy
// SPLIT: return
// SHARED-LABEL: func.func @matmuls
// SHARED-COUNT-1: linalg.fill
// SHARED: memref.copy
// SHARED: return
// SPLIT-LABEL: func.func @empty_twice
// SHARED-LABEL: func.func @empty_twice
func.func @matmuls(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>, %c: tensor<4x8xf32>, %d: tensor<8x16xf32>) -> (tensor<4x16xf32>, tensor<4x16xf32>) {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4x16xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<4x16xf32>) -> tensor<4x16xf32>
  %x = linalg.matmul ins(%a, %b : tensor<4x8xf32>, tensor<8x16xf32>) outs(%f : tensor<4x16xf32>) -> tensor<4x16xf32>
  %y = linalg.matmul ins(%c, %d : tensor<4x8xf32>, tensor<8x16xf32>) outs(%f : tensor<4x16xf32>) -> tensor<4x16xf32>
  return %x, %y : tensor<4x16xf32>, tensor<4x16xf32>
}

// A fused kernel with two results names one tensor.empty twice: each outs
// operand gets its own empty.
// CHECK-LABEL: func.func @empty_twice
// CHECK: %[[E1:.*]] = tensor.empty() : tensor<4x8xf32>
// CHECK-NEXT: %[[E2:.*]] = tensor.empty() : tensor<4x8xf32>
// CHECK-NEXT: linalg.generic
// CHECK-SAME: outs(%[[E2]], %[[E1]] : tensor<4x8xf32>, tensor<4x8xf32>)
// CHECK-NOT: tensor.empty
// CHECK: return
func.func @empty_twice(%x: tensor<4x8xf32>) -> (tensor<4x8xf32>, tensor<4x8xf32>) {
  %e = tensor.empty() : tensor<4x8xf32>
  %r:2 = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<4x8xf32>) outs(%e, %e : tensor<4x8xf32>, tensor<4x8xf32>) {
  ^bb0(%i: f32, %o: f32, %o2: f32):
    %a = math.exp %i : f32
    %b = math.log %i : f32
    linalg.yield %a, %b : f32, f32
  } -> (tensor<4x8xf32>, tensor<4x8xf32>)
  return %r#0, %r#1 : tensor<4x8xf32>, tensor<4x8xf32>
}

// A dynamically sized empty tensor is cloned with its sizes.
// CHECK-LABEL: func.func @empty_dynamic
// CHECK-SAME: %[[N:[^:]*]]: index
// CHECK: tensor.empty(%[[N]]) : tensor<?xf32>
// CHECK: tensor.empty(%[[N]]) : tensor<?xf32>
// CHECK-NOT: tensor.empty
// CHECK: return
#v = affine_map<(d0) -> (d0)>
func.func @empty_dynamic(%x: tensor<?xf32>, %n: index) -> (tensor<?xf32>, tensor<?xf32>) {
  %e = tensor.empty(%n) : tensor<?xf32>
  %r:2 = linalg.generic {indexing_maps = [#v, #v, #v], iterator_types = ["parallel"]}
      ins(%x : tensor<?xf32>) outs(%e, %e : tensor<?xf32>, tensor<?xf32>) {
  ^bb0(%i: f32, %o: f32, %o2: f32):
    %a = math.exp %i : f32
    linalg.yield %a, %i : f32, f32
  } -> (tensor<?xf32>, tensor<?xf32>)
  return %r#0, %r#1 : tensor<?xf32>, tensor<?xf32>
}

// A fill of a value that is not a constant (a function argument) is left
// alone: it is not an init the pass knows to be cheap to remake.
// CHECK-LABEL: func.func @fill_non_constant
// CHECK-COUNT-1: linalg.fill
// CHECK-NOT: linalg.fill
// CHECK: return
func.func @fill_non_constant(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>, %s: f32) -> (tensor<4x16xf32>, tensor<4x16xf32>) {
  %e = tensor.empty() : tensor<4x16xf32>
  %f = linalg.fill ins(%s : f32) outs(%e : tensor<4x16xf32>) -> tensor<4x16xf32>
  %x = linalg.matmul ins(%a, %b : tensor<4x8xf32>, tensor<8x16xf32>) outs(%f : tensor<4x16xf32>) -> tensor<4x16xf32>
  %y = linalg.matmul ins(%a, %b : tensor<4x8xf32>, tensor<8x16xf32>) outs(%f : tensor<4x16xf32>) -> tensor<4x16xf32>
  return %x, %y : tensor<4x16xf32>, tensor<4x16xf32>
}

// A constant fill of a tensor that is not a tensor.empty (an argument: the
// fill overwrites a value the function was given) is left alone.
// CHECK-LABEL: func.func @fill_non_empty
// CHECK-COUNT-1: linalg.fill
// CHECK-NOT: linalg.fill
// CHECK: return
func.func @fill_non_empty(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>, %acc: tensor<4x16xf32>) -> (tensor<4x16xf32>, tensor<4x16xf32>) {
  %zero = arith.constant 0.0 : f32
  %f = linalg.fill ins(%zero : f32) outs(%acc : tensor<4x16xf32>) -> tensor<4x16xf32>
  %x = linalg.matmul ins(%a, %b : tensor<4x8xf32>, tensor<8x16xf32>) outs(%f : tensor<4x16xf32>) -> tensor<4x16xf32>
  %y = linalg.matmul ins(%a, %b : tensor<4x8xf32>, tensor<8x16xf32>) outs(%f : tensor<4x16xf32>) -> tensor<4x16xf32>
  return %x, %y : tensor<4x16xf32>, tensor<4x16xf32>
}

// A fill or empty with a single user is not touched.
// CHECK-LABEL: func.func @single_use
// CHECK-COUNT-1: tensor.empty
// CHECK-NOT: tensor.empty
// CHECK-COUNT-1: linalg.fill
// CHECK-NOT: linalg.fill
// CHECK: return
func.func @single_use(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>) -> tensor<4x16xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4x16xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<4x16xf32>) -> tensor<4x16xf32>
  %x = linalg.matmul ins(%a, %b : tensor<4x8xf32>, tensor<8x16xf32>) outs(%f : tensor<4x16xf32>) -> tensor<4x16xf32>
  return %x : tensor<4x16xf32>
}

// The fills are split first, and then the empty tensor under them, which now
// has three users (two fills and the generic): every op gets its own.
// CHECK-LABEL: func.func @fill_and_empty
// CHECK: %[[E1:.*]] = tensor.empty
// CHECK-NEXT: %[[E2:.*]] = tensor.empty
// CHECK-NEXT: linalg.fill {{.*}} outs(%[[E2]] :
// CHECK-NEXT: linalg.fill {{.*}} outs(%[[E1]] :
// CHECK: %[[E3:.*]] = tensor.empty
// CHECK-NEXT: linalg.generic {{.*}} outs(%[[E3]] :
// CHECK-NOT: tensor.empty
// CHECK: return
func.func @fill_and_empty(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>, %x: tensor<4x16xf32>) -> (tensor<4x16xf32>, tensor<4x16xf32>, tensor<4x16xf32>) {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4x16xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<4x16xf32>) -> tensor<4x16xf32>
  %m1 = linalg.matmul ins(%a, %b : tensor<4x8xf32>, tensor<8x16xf32>) outs(%f : tensor<4x16xf32>) -> tensor<4x16xf32>
  %m2 = linalg.matmul ins(%a, %b : tensor<4x8xf32>, tensor<8x16xf32>) outs(%f : tensor<4x16xf32>) -> tensor<4x16xf32>
  %g = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<4x16xf32>) outs(%e : tensor<4x16xf32>) {
  ^bb0(%i: f32, %o: f32):
    %r = math.exp %i : f32
    linalg.yield %r : f32
  } -> tensor<4x16xf32>
  return %m1, %m2, %g : tensor<4x16xf32>, tensor<4x16xf32>, tensor<4x16xf32>
}
