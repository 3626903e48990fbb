// RUN: sinter-opt %s --sinter-lower-to-linalg | FileCheck %s
// RUN: sinter-opt %s --sinter-lower-to-linalg | mlir-opt --one-shot-bufferize="bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map" --convert-linalg-to-loops --convert-scf-to-cf --expand-strided-metadata --lower-affine --finalize-memref-to-llvm --convert-math-to-llvm --convert-arith-to-llvm --convert-func-to-llvm --convert-cf-to-llvm --reconcile-unrealized-casts | FileCheck %s --check-prefix=LLVM

// Random numbers: Philox4x32-10 spelled out in arith ops inside a generic
// that reads its row-major element index with linalg.index; the round keys
// are computed once, before the generic, from the seed. Literals become
// arith.constant, full a linalg.fill.

// CHECK-LABEL: func.func @uniform(
// CHECK-SAME:    %[[SEED:.+]]: tensor<i64>
// CHECK:         %[[S:.+]] = tensor.extract %[[SEED]][] : tensor<i64>
// CHECK:         %[[K0:.+]] = arith.trunci %[[S]] : i64 to i32
// CHECK:         %[[HI:.+]] = arith.shrui %[[S]], %{{.+}} : i64
// CHECK:         %[[K1:.+]] = arith.trunci %[[HI]] : i64 to i32
// CHECK:         %[[WEYL0:.+]] = arith.constant -1640531527 : i32
// CHECK:         %[[WEYL1:.+]] = arith.constant -1150833019 : i32
// CHECK:         arith.addi %[[K0]], %[[WEYL0]] : i32
// CHECK:         arith.addi %[[K1]], %[[WEYL1]] : i32
// CHECK:         linalg.generic {indexing_maps = [#{{.+}}], iterator_types = ["parallel", "parallel"]} outs(%{{.+}} : tensor<2x3xf32>)
// CHECK:           %[[I0:.+]] = linalg.index 0 : index
// CHECK:           %[[I1:.+]] = linalg.index 1 : index
// CHECK:           arith.muli %[[I0]], %{{.+}} : index
// CHECK-COUNT-20:  arith.mului_extended {{.*}} : i32
// CHECK-NOT:       arith.mului_extended
// CHECK:           arith.shrui %{{.+}}, %{{.+}} : i32
// CHECK:           arith.uitofp %{{.+}} : i32 to f32
// CHECK:           arith.extf %{{.+}} : f32 to f64
// CHECK:           arith.truncf %{{.+}} : f64 to f32
// LLVM-LABEL: llvm.func @uniform(
// LLVM: llvm.mul {{.*}} : i64
func.func @uniform(%seed: tensor<i64>) -> tensor<2x3xf32> {
  %0 = sinter.uniform %seed {shape = array<i64: 2, 3>, dtype = f32, low = -1.0 : f64, high = 1.0 : f64, stream = 5000000000 : i64} : (tensor<i64>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// normal f64: Box-Muller on two 53-bit units, in f64.
// CHECK-LABEL: func.func @normal(
// CHECK:         linalg.generic
// CHECK:           math.log {{.*}} : f64
// CHECK:           math.sqrt {{.*}} : f64
// CHECK:           math.cos {{.*}} : f64
// CHECK-NOT:       arith.truncf
// CHECK:           linalg.yield %{{.+}} : f64
// LLVM-LABEL: llvm.func @normal(
// LLVM: llvm.intr.cos
func.func @normal(%seed: tensor<i64>) -> tensor<5xf64> {
  %0 = sinter.normal %seed {shape = array<i64: 5>, dtype = f64, mean = 1.0 : f64, std = 2.0 : f64} : (tensor<i64>) -> tensor<5xf64>
  return %0 : tensor<5xf64>
}

// dropout over a dynamic batch: the linear index uses the run-time size;
// kept when the f32 unit (widened) is >= p, scaled by 1 / (1 - p).
// CHECK-LABEL: func.func @dropout(
// CHECK-SAME:    %[[X:.+]]: tensor<?x7xf32>
// CHECK:         %[[N:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x7xf32>
// CHECK:         %[[SCALE:.+]] = arith.constant 2.000000e+00 : f32
// CHECK:         %[[P:.+]] = arith.constant 5.000000e-01 : f64
// CHECK:         linalg.generic
// CHECK-SAME:      ins(%[[X]] : tensor<?x7xf32>)
// CHECK:           %[[KEEP:.+]] = arith.cmpf oge, %{{.+}}, %[[P]] : f64
// CHECK:           %[[SCALED:.+]] = arith.mulf %{{.+}}, %[[SCALE]] : f32
// CHECK:           arith.select %[[KEEP]], %[[SCALED]], %{{.+}} : f32
// p = 1 zeroes everything.
// CHECK:         %[[Z:.+]] = arith.constant 0.000000e+00 : f64
// CHECK:         linalg.fill ins(%[[Z]] : f64) outs(%{{.+}} : tensor<3xf64>)
// LLVM-LABEL: llvm.func @dropout(
func.func @dropout(%x: tensor<?x7xf32>, %y: tensor<3xf64>, %seed: tensor<i64>) -> (tensor<?x7xf32>, tensor<3xf64>) {
  %0 = sinter.dropout %x, %seed {p = 0.5 : f64, stream = 3 : i64} : (tensor<?x7xf32>, tensor<i64>) -> tensor<?x7xf32>
  %1 = sinter.dropout %y, %seed {p = 1.0 : f64} : (tensor<3xf64>, tensor<i64>) -> tensor<3xf64>
  return %0, %1 : tensor<?x7xf32>, tensor<3xf64>
}

// CHECK-LABEL: func.func @literals(
// CHECK:         %[[C:.+]] = arith.constant dense<[1.500000e+00, -2.000000e+00]> : tensor<2xf32>
// CHECK:         %[[V:.+]] = arith.constant 7 : i64
// CHECK:         %[[E:.+]] = tensor.empty() : tensor<4x3xi64>
// CHECK:         %[[F:.+]] = linalg.fill ins(%[[V]] : i64) outs(%[[E]] : tensor<4x3xi64>)
// CHECK:         return %[[C]], %[[F]]
// LLVM-LABEL: llvm.func @literals(
func.func @literals() -> (tensor<2xf32>, tensor<4x3xi64>) {
  %0 = sinter.constant dense<[1.5, -2.0]> : tensor<2xf32>
  %1 = sinter.full {shape = array<i64: 4, 3>, value = 7 : i64} : () -> tensor<4x3xi64>
  return %0, %1 : tensor<2xf32>, tensor<4x3xi64>
}
