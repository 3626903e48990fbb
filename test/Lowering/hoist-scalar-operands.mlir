// RUN: sinter-opt %s --sinter-hoist-scalar-operands | FileCheck %s

// Adam's parameter update reads its bias correction from a 0-d buffer of the
// arena: it is loaded once, before the op, and read as a scalar operand.
#id = affine_map<(d0, d1) -> (d0, d1)>
#scalar = affine_map<(d0, d1) -> ()>
// CHECK-LABEL: func.func @update
// CHECK-SAME: (%[[P:.*]]: memref<4x8xf32>, %[[G:.*]]: memref<4x8xf32>, %[[S:.*]]: memref<f32>)
// CHECK: %[[V:.*]] = memref.load %[[S]][] : memref<f32>
// CHECK-NEXT: linalg.generic
// CHECK-SAME: ins(%[[G]], %[[V]] : memref<4x8xf32>, f32) outs(%[[P]] : memref<4x8xf32>)
func.func @update(%p: memref<4x8xf32>, %g: memref<4x8xf32>, %s: memref<f32>) {
  linalg.generic {indexing_maps = [#id, #scalar, #id],
                  iterator_types = ["parallel", "parallel"]}
      ins(%g, %s : memref<4x8xf32>, memref<f32>) outs(%p : memref<4x8xf32>) {
  ^bb0(%gi: f32, %si: f32, %pi: f32):
    %d = arith.mulf %gi, %si : f32
    %n = arith.subf %pi, %d : f32
    linalg.yield %n : f32
  }
  return
}

// A 0-d op that updates its own state in place (the step counter) keeps
// reading the value from before the op: the load precedes the write.
// CHECK-LABEL: func.func @step
// CHECK: %[[V:.*]] = memref.load %arg0[] : memref<f32>
// CHECK-NEXT: linalg.generic
// CHECK-SAME: ins(%[[V]] : f32) outs(%arg0 : memref<f32>)
#s0 = affine_map<() -> ()>
func.func @step(%step: memref<f32>) {
  linalg.generic {indexing_maps = [#s0, #s0], iterator_types = []}
      ins(%step : memref<f32>) outs(%step : memref<f32>) {
  ^bb0(%in: f32, %out: f32):
    %one = arith.constant 1.0 : f32
    %n = arith.addf %in, %one : f32
    linalg.yield %n : f32
  }
  return
}

// Ops on tensors and operands of higher rank are left alone.
// CHECK-LABEL: func.func @tensors
// CHECK-NOT: memref.load
// CHECK: linalg.generic
// CHECK-SAME: ins(%arg0, %arg1 : tensor<4xf32>, tensor<f32>)
#v = affine_map<(d0) -> (d0)>
#vs = affine_map<(d0) -> ()>
func.func @tensors(%x: tensor<4xf32>, %s: tensor<f32>) -> tensor<4xf32> {
  %r = linalg.generic {indexing_maps = [#v, #vs, #v], iterator_types = ["parallel"]}
      ins(%x, %s : tensor<4xf32>, tensor<f32>) outs(%x : tensor<4xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    linalg.yield %m : f32
  } -> tensor<4xf32>
  return %r : tensor<4xf32>
}
