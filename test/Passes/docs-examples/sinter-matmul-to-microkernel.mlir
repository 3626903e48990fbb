// The example of docs/passes/sinter-matmul-to-microkernel.md: a product into
// a zero fill, a Linear with its bias broadcast into C (B transposed) and a
// tiny product that stays a loop nest. Today the zero fill stays and the call
// accumulates (beta = 1): the pass's zero-fill check sees its own
// extract_strided_metadata of C first and gives up. When that is fixed, the
// @matmul_dyn lines here and the page change together (beta = 0, no fill).
// RUN: sinter-opt %s --sinter-cpu-pipeline --mlir-print-ir-after=sinter-matmul-to-microkernel -o /dev/null 2>&1 | FileCheck %s

// CHECK-LABEL: IR Dump After {{.*}}(sinter-matmul-to-microkernel)
// CHECK:       func.func private @sinter_sgemm_parallel(i64, i64, i64, f32, i64, i64, i32, i64, i64, i32, f32, i64, i64)
// CHECK-LABEL: func.func @matmul_dyn(
// CHECK:         linalg.fill ins(%cst : f32) outs(%alloc : memref<?x256xf32>)
// CHECK:         %cst_19 = arith.constant 1.000000e+00 : f32
// CHECK-NEXT:    call @sinter_sgemm_parallel(%12, %13, %14, %cst_17, %3, %2, %c0_i32, %7, %6, %c0_i32_18, %cst_19, %11, %10)
// CHECK-LABEL: func.func @linear_bias(
// CHECK:         linalg.broadcast
// CHECK:         %c0_i32 = arith.constant 0 : i32
// CHECK-NEXT:    %c1_i32 = arith.constant 1 : i32
// CHECK-NEXT:    %cst_17 = arith.constant 1.000000e+00 : f32
// CHECK-NEXT:    call @sinter_sgemm_parallel(%12, %13, %14, %cst, %3, %2, %c0_i32, %7, %6, %c1_i32, %cst_17, %11, %10)
// CHECK-LABEL: func.func @tiny(
// CHECK-NOT:     call @sinter_sgemm_parallel
// CHECK:         linalg.matmul

func.func @matmul_dyn(%a: tensor<?x784xf32>, %b: tensor<784x256xf32>) -> tensor<?x256xf32> {
  %0 = sinter.matmul %a, %b : (tensor<?x784xf32>, tensor<784x256xf32>) -> tensor<?x256xf32>
  return %0 : tensor<?x256xf32>
}

func.func @linear_bias(%x: tensor<?x784xf32>, %w: tensor<256x784xf32>, %b: tensor<256xf32>) -> tensor<?x256xf32> {
  %0 = sinter.linear %x, %w, %b : (tensor<?x784xf32>, tensor<256x784xf32>, tensor<256xf32>) -> tensor<?x256xf32>
  return %0 : tensor<?x256xf32>
}

func.func @tiny(%a: tensor<?x3xf32>, %b: tensor<3x3xf32>) -> tensor<?x3xf32> {
  %0 = sinter.matmul %a, %b : (tensor<?x3xf32>, tensor<3x3xf32>) -> tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}
