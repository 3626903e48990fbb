// The example of docs/passes/sinter-fuse-elementwise.md: sigmoid and add fuse
// into the mul; the 0-d exp, which the mul broadcasts, stays on its own.
// The test reads the IR printed after the pass inside --sinter-cpu-pipeline.
// RUN: sinter-opt %s --sinter-cpu-pipeline --mlir-print-ir-after=sinter-fuse-elementwise -o /dev/null 2>&1 | FileCheck %s

// CHECK-LABEL: IR Dump After {{.*}}(sinter-fuse-elementwise)
// CHECK:         %1 = linalg.generic {indexing_maps = [affine_map<() -> ()>, affine_map<() -> ()>], iterator_types = []} ins(%arg1 : tensor<f32>)
// CHECK:           math.exp %in : f32
// CHECK:         %3 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> ()>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%arg0, %1 : tensor<?x4xf32>, tensor<f32>)
// CHECK:           %4 = arith.mulf %in, %in_1 : f32
// CHECK:           %14 = arith.addf %13, %in : f32
// CHECK-NEXT:      linalg.yield %14 : f32
// CHECK:         return %3 : tensor<?x4xf32>

func.func @step(%x: tensor<?x4xf32>, %s: tensor<f32>) -> tensor<?x4xf32> {
  %e = sinter.exp %s : (tensor<f32>) -> tensor<f32>
  %a = sinter.mul %x, %e : (tensor<?x4xf32>, tensor<f32>) -> tensor<?x4xf32>
  %b = sinter.sigmoid %a : (tensor<?x4xf32>) -> tensor<?x4xf32>
  %c = sinter.add %b, %x : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
  return %c : tensor<?x4xf32>
}
