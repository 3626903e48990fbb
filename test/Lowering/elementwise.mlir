// RUN: sinter-opt %s --sinter-lower-to-linalg | FileCheck %s
// RUN: sinter-opt %s --sinter-lower-to-linalg | mlir-opt --one-shot-bufferize="bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map" --convert-linalg-to-loops --convert-scf-to-cf --expand-strided-metadata --lower-affine --finalize-memref-to-llvm --convert-math-to-llvm --convert-arith-to-llvm --convert-func-to-llvm --convert-cf-to-llvm --reconcile-unrealized-casts | FileCheck %s --check-prefix=LLVM

// Elementwise ops become one linalg.generic each: operands read through
// broadcasting maps (a stretched size-1 dimension reads index 0, missing
// leading dimensions are dropped), the result's dynamic sizes read with
// tensor.dim.

// CHECK-DAG: #[[ID2:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[ROW:.+]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[STRETCH:.+]] = affine_map<(d0, d1) -> (0, d1)>
// CHECK-DAG: #[[SCALAR:.+]] = affine_map<(d0, d1) -> ()>

// CHECK-LABEL: func.func @add_broadcast(
// CHECK-SAME:    %[[X:.+]]: tensor<?x3xf32>, %[[B:.+]]: tensor<3xf32>
// CHECK:         %[[C0:.+]] = arith.constant 0 : index
// CHECK:         %[[N:.+]] = tensor.dim %[[X]], %[[C0]]
// CHECK:         %[[E:.+]] = tensor.empty(%[[N]]) : tensor<?x3xf32>
// CHECK:         %[[R:.+]] = linalg.generic {indexing_maps = [#[[ID2]], #[[ROW]], #[[ID2]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME:      ins(%[[X]], %[[B]] : tensor<?x3xf32>, tensor<3xf32>) outs(%[[E]] : tensor<?x3xf32>)
// CHECK:         ^bb0(%[[A:.+]]: f32, %[[BB:.+]]: f32, %{{.+}}: f32):
// CHECK:           %[[S:.+]] = arith.addf %[[A]], %[[BB]] : f32
// CHECK:           linalg.yield %[[S]] : f32
// CHECK:         return %[[R]]
// LLVM-LABEL: llvm.func @add_broadcast(
// LLVM: llvm.fadd
func.func @add_broadcast(%x: tensor<?x3xf32>, %b: tensor<3xf32>) -> tensor<?x3xf32> {
  %0 = sinter.add %x, %b : (tensor<?x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// A size-1 dimension stretches; a 0-d operand reads the same element
// everywhere.
// CHECK-LABEL: func.func @mul_stretch(
// CHECK:         linalg.fill
// CHECK:         linalg.generic {indexing_maps = [#[[ID2]], #[[SCALAR]], #[[ID2]]]
// CHECK:           arith.muli {{.*}} : i64
// CHECK:         linalg.generic {indexing_maps = [#[[ID2]], #[[STRETCH]], #[[ID2]]]
// CHECK:           arith.subi {{.*}} : i64
// LLVM-LABEL: llvm.func @mul_stretch(
func.func @mul_stretch(%x: tensor<1x3xi64>, %s: tensor<i64>) -> tensor<4x3xi64> {
  %c = sinter.full {shape = array<i64: 4, 3>, value = 2 : i64} : () -> tensor<4x3xi64>
  %0 = sinter.mul %x, %s : (tensor<1x3xi64>, tensor<i64>) -> tensor<1x3xi64>
  %1 = sinter.sub %c, %0 : (tensor<4x3xi64>, tensor<1x3xi64>) -> tensor<4x3xi64>
  return %1 : tensor<4x3xi64>
}

// CHECK-LABEL: func.func @arithmetic(
// CHECK:         arith.subf {{.*}} : f64
// CHECK:         arith.divf {{.*}} : f64
// CHECK:         arith.maximumf {{.*}} : f64
// CHECK:         arith.minimumf {{.*}} : f64
// CHECK:         arith.maxsi {{.*}} : i32
// CHECK:         arith.minsi {{.*}} : i32
// LLVM-LABEL: llvm.func @arithmetic(
// LLVM: llvm.intr.maximum
// LLVM: llvm.intr.minimum
// LLVM: llvm.intr.smax
// LLVM: llvm.intr.smin
func.func @arithmetic(%a: tensor<5xf64>, %b: tensor<5xf64>, %i: tensor<5xi32>, %j: tensor<5xi32>)
    -> (tensor<5xf64>, tensor<5xf64>, tensor<5xf64>, tensor<5xf64>, tensor<5xi32>, tensor<5xi32>) {
  %0 = sinter.sub %a, %b : (tensor<5xf64>, tensor<5xf64>) -> tensor<5xf64>
  %1 = sinter.div %a, %b : (tensor<5xf64>, tensor<5xf64>) -> tensor<5xf64>
  %2 = sinter.maximum %a, %b : (tensor<5xf64>, tensor<5xf64>) -> tensor<5xf64>
  %3 = sinter.minimum %a, %b : (tensor<5xf64>, tensor<5xf64>) -> tensor<5xf64>
  %4 = sinter.maximum %i, %j : (tensor<5xi32>, tensor<5xi32>) -> tensor<5xi32>
  %5 = sinter.minimum %i, %j : (tensor<5xi32>, tensor<5xi32>) -> tensor<5xi32>
  return %0, %1, %2, %3, %4, %5 : tensor<5xf64>, tensor<5xf64>, tensor<5xf64>, tensor<5xf64>, tensor<5xi32>, tensor<5xi32>
}

// Comparisons: ordered on floats (false with NaN), signed on integers; the
// result is i1. where is a select.
// CHECK-LABEL: func.func @compare(
// CHECK:         arith.cmpf ogt, {{.*}} : f32
// CHECK:         arith.cmpf oge, {{.*}} : f32
// CHECK:         arith.cmpf olt, {{.*}} : f32
// CHECK:         arith.cmpf ole, {{.*}} : f32
// CHECK:         arith.cmpf oeq, {{.*}} : f32
// CHECK:         arith.cmpi sgt, {{.*}} : i64
// CHECK:         linalg.generic
// CHECK-SAME:      ins({{.*}} : tensor<?x3xi1>, tensor<?x3xf32>, tensor<f32>)
// CHECK:           arith.select {{.*}} : f32
// LLVM-LABEL: llvm.func @compare(
// LLVM: llvm.fcmp "ogt"
func.func @compare(%x: tensor<?x3xf32>, %y: tensor<3xf32>, %z: tensor<f32>, %i: tensor<?xi64>, %j: tensor<?xi64>)
    -> (tensor<?x3xi1>, tensor<?x3xi1>, tensor<?x3xi1>, tensor<?x3xi1>, tensor<?x3xi1>, tensor<?xi1>, tensor<?x3xf32>) {
  %0 = sinter.gt %x, %y : (tensor<?x3xf32>, tensor<3xf32>) -> tensor<?x3xi1>
  %1 = sinter.ge %x, %y : (tensor<?x3xf32>, tensor<3xf32>) -> tensor<?x3xi1>
  %2 = sinter.lt %x, %y : (tensor<?x3xf32>, tensor<3xf32>) -> tensor<?x3xi1>
  %3 = sinter.le %x, %y : (tensor<?x3xf32>, tensor<3xf32>) -> tensor<?x3xi1>
  %4 = sinter.eq %x, %y : (tensor<?x3xf32>, tensor<3xf32>) -> tensor<?x3xi1>
  %5 = sinter.gt %i, %j : (tensor<?xi64>, tensor<?xi64>) -> tensor<?xi1>
  %6 = sinter.where %0, %x, %z : (tensor<?x3xi1>, tensor<?x3xf32>, tensor<f32>) -> tensor<?x3xf32>
  return %0, %1, %2, %3, %4, %5, %6 : tensor<?x3xi1>, tensor<?x3xi1>, tensor<?x3xi1>, tensor<?x3xi1>, tensor<?x3xi1>, tensor<?xi1>, tensor<?x3xf32>
}

// CHECK-LABEL: func.func @unary(
// CHECK:         arith.negf {{.*}} : f32
// CHECK:         math.exp {{.*}} : f32
// CHECK:         math.log {{.*}} : f32
// CHECK:         math.sqrt {{.*}} : f32
// CHECK:         math.tanh {{.*}} : f32
// rsqrt: 1 / sqrt in double, rounded once, as the interpreter.
// CHECK:         arith.extf {{.*}} : f32 to f64
// CHECK:         math.sqrt {{.*}} : f64
// CHECK:         arith.divf {{.*}} : f64
// CHECK:         arith.truncf {{.*}} : f64 to f32
// sigmoid: both branches from exp(-|x|), in double.
// CHECK:         arith.extf
// CHECK:         arith.cmpf oge
// CHECK:         math.absf
// CHECK:         arith.negf
// CHECK:         math.exp {{.*}} : f64
// CHECK:         arith.select
// CHECK:         arith.divf
// CHECK:         arith.truncf
// relu: x < 0 ? 0 : x, so that NaN stays NaN.
// CHECK:         %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK:         %[[NEG:.+]] = arith.cmpf olt, %[[IN:.+]], %[[ZERO]] : f32
// CHECK:         arith.select %[[NEG]], %[[ZERO]], %[[IN]] : f32
// LLVM-LABEL: llvm.func @unary(
// LLVM-DAG: llvm.intr.exp
// LLVM-DAG: llvm.intr.log
// LLVM-DAG: llvm.intr.tanh
func.func @unary(%x: tensor<?x7xf32>) -> (tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>) {
  %0 = sinter.neg %x : (tensor<?x7xf32>) -> tensor<?x7xf32>
  %1 = sinter.exp %x : (tensor<?x7xf32>) -> tensor<?x7xf32>
  %2 = sinter.log %x : (tensor<?x7xf32>) -> tensor<?x7xf32>
  %3 = sinter.sqrt %x : (tensor<?x7xf32>) -> tensor<?x7xf32>
  %4 = sinter.tanh %x : (tensor<?x7xf32>) -> tensor<?x7xf32>
  %5 = sinter.rsqrt %x : (tensor<?x7xf32>) -> tensor<?x7xf32>
  %6 = sinter.sigmoid %x : (tensor<?x7xf32>) -> tensor<?x7xf32>
  %7 = sinter.relu %x : (tensor<?x7xf32>) -> tensor<?x7xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7 : tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>
}

// Integer neg and relu.
// CHECK-LABEL: func.func @unary_int(
// CHECK:         arith.subi {{.*}} : i32
// CHECK:         arith.maxsi {{.*}} : i32
func.func @unary_int(%x: tensor<4xi32>) -> (tensor<4xi32>, tensor<4xi32>) {
  %0 = sinter.neg %x : (tensor<4xi32>) -> tensor<4xi32>
  %1 = sinter.relu %x : (tensor<4xi32>) -> tensor<4xi32>
  return %0, %1 : tensor<4xi32>, tensor<4xi32>
}

// pow: x * x for 2, otherwise powf in double.
// CHECK-LABEL: func.func @pow(
// CHECK:         %[[SQ:.+]] = arith.mulf %[[A:.+]], %[[A]] : f32
// CHECK:         arith.extf {{.*}} : f32 to f64
// CHECK:         math.powf {{.*}} : f64
// CHECK:         arith.truncf {{.*}} : f64 to f32
// LLVM-LABEL: llvm.func @pow(
// LLVM: llvm.intr.pow
func.func @pow(%x: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>) {
  %0 = sinter.pow %x {exponent = 2.0 : f64} : (tensor<3xf32>) -> tensor<3xf32>
  %1 = sinter.pow %x {exponent = 0.5 : f64} : (tensor<3xf32>) -> tensor<3xf32>
  return %0, %1 : tensor<3xf32>, tensor<3xf32>
}

// Float to integer: NaN gives 0, out-of-range values saturate.
// CHECK-LABEL: func.func @cast(
// CHECK:         %[[LO:.+]] = arith.constant -2.14748365E+9 : f32
// CHECK:         %[[HI:.+]] = arith.constant 2.14748365E+9 : f32
// CHECK:         %[[T:.+]] = arith.fptosi %[[V:.+]] : f32 to i32
// CHECK:         arith.cmpf ole, %[[V]], %[[LO]]
// CHECK:         arith.select
// CHECK:         arith.cmpf oge, %[[V]], %[[HI]]
// CHECK:         arith.select
// CHECK:         arith.cmpf uno, %[[V]], %[[V]]
// CHECK:         arith.select
// Anything to i1 is x != 0 (NaN is true).
// CHECK:         arith.cmpf une, {{.*}} : f32
// CHECK:         arith.cmpi ne, {{.*}} : i64
// i1 to a number is 0 or 1.
// CHECK:         arith.uitofp {{.*}} : i1 to f64
// CHECK:         arith.extui {{.*}} : i1 to i64
// CHECK:         arith.sitofp {{.*}} : i64 to f32
// CHECK:         arith.trunci {{.*}} : i64 to i32
// CHECK:         arith.extf {{.*}} : f32 to f64
// LLVM-LABEL: llvm.func @cast(
// LLVM: llvm.fptosi
func.func @cast(%x: tensor<?xf32>, %i: tensor<?xi64>, %m: tensor<?xi1>)
    -> (tensor<?xi32>, tensor<?xi1>, tensor<?xi1>, tensor<?xf64>, tensor<?xi64>, tensor<?xf32>, tensor<?xi32>, tensor<?xf64>) {
  %0 = sinter.cast %x {dtype = i32} : (tensor<?xf32>) -> tensor<?xi32>
  %1 = sinter.cast %x {dtype = i1} : (tensor<?xf32>) -> tensor<?xi1>
  %2 = sinter.cast %i {dtype = i1} : (tensor<?xi64>) -> tensor<?xi1>
  %3 = sinter.cast %m {dtype = f64} : (tensor<?xi1>) -> tensor<?xf64>
  %4 = sinter.cast %m {dtype = i64} : (tensor<?xi1>) -> tensor<?xi64>
  %5 = sinter.cast %i {dtype = f32} : (tensor<?xi64>) -> tensor<?xf32>
  %6 = sinter.cast %i {dtype = i32} : (tensor<?xi64>) -> tensor<?xi32>
  %7 = sinter.cast %x {dtype = f64} : (tensor<?xf32>) -> tensor<?xf64>
  return %0, %1, %2, %3, %4, %5, %6, %7 : tensor<?xi32>, tensor<?xi1>, tensor<?xi1>, tensor<?xf64>, tensor<?xi64>, tensor<?xf32>, tensor<?xi32>, tensor<?xf64>
}
