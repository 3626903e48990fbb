// RUN: sinter-opt %s --split-input-file --sinter-fuse-matmul-epilogues | FileCheck %s
// RUN: sinter-opt %s --split-input-file --sinter-fuse-matmul-epilogues --sinter-matmul-to-microkernel --cse | FileCheck %s --check-prefix=CALL

// Linear + ReLU: the ReLU, last reader of the product, works in place on
// the product's buffer; its own buffer goes, and its readers read C. The
// GEMM call then applies it (epilogue 1).
#id = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @linear_relu
// CHECK: %[[C:.*]] = memref.alloc() {{.*}} : memref<32x64xf32>
// CHECK-NOT: memref.alloc
// CHECK: linalg.matmul {{.*}} outs(%[[C]] : memref<32x64xf32>)
// CHECK: linalg.generic {{.*}} outs(%[[C]] : memref<32x64xf32>)
// CHECK: ^bb0(%[[OUT:.*]]: f32):
// CHECK: arith.cmpf olt, %[[OUT]]
// CHECK: return %[[C]]
// CALL-LABEL: func.func @linear_relu
// CALL-DAG: %[[RELU:.*]] = arith.constant 1 : i32
// CALL: call @sinter_sgemm_epilogue_parallel({{.*}}, %[[RELU]], {{[^,]*}}, {{[^,]*}})
// CALL-NOT: linalg.generic
func.func @linear_relu(%x: memref<32x48xf32>, %w: memref<48x64xf32>, %b: memref<64xf32>) -> memref<32x64xf32> {
  %c = memref.alloc() {alignment = 64 : i64} : memref<32x64xf32>
  linalg.broadcast ins(%b : memref<64xf32>) outs(%c : memref<32x64xf32>) dimensions = [0]
  linalg.matmul ins(%x, %w : memref<32x48xf32>, memref<48x64xf32>) outs(%c : memref<32x64xf32>)
  %h = memref.alloc() {alignment = 64 : i64} : memref<32x64xf32>
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%c : memref<32x64xf32>) outs(%h : memref<32x64xf32>) {
  ^bb0(%in: f32, %out: f32):
    %zero = arith.constant 0.0 : f32
    %neg = arith.cmpf olt, %in, %zero : f32
    %r = arith.select %neg, %zero, %in : f32
    linalg.yield %r : f32
  }
  memref.dealloc %c : memref<32x64xf32>
  return %h : memref<32x64xf32>
}

// -----

// The ReLU gradient: dH = dZ W, then dZ' = H > 0 ? dH : 0 with H the
// activation: the mask reads H, the call gets its address (epilogue 2).
#id = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @relu_mask
// CHECK: linalg.matmul {{.*}} outs(%[[DH:.*]] : memref<32x64xf32>)
// CHECK: linalg.generic {{.*}} ins(%arg2 : memref<32x64xf32>) outs(%[[DH]] : memref<32x64xf32>)
// CHECK: arith.cmpf ogt
// CHECK: return %[[DH]]
// CALL-LABEL: func.func @relu_mask
// CALL-DAG: %[[MASK:.*]] = arith.constant 2 : i32
// CALL: call @sinter_sgemm_epilogue_parallel({{.*}}, %[[MASK]], {{[^,]*}}, {{[^,]*}})
// CALL-NOT: linalg.generic
func.func @relu_mask(%dz: memref<32x10xf32>, %w: memref<10x64xf32>, %h: memref<32x64xf32>) -> memref<32x64xf32> {
  %zero = arith.constant 0.0 : f32
  %dh = memref.alloc() {alignment = 64 : i64} : memref<32x64xf32>
  linalg.fill ins(%zero : f32) outs(%dh : memref<32x64xf32>)
  linalg.matmul ins(%dz, %w : memref<32x10xf32>, memref<10x64xf32>) outs(%dh : memref<32x64xf32>)
  %g = memref.alloc() {alignment = 64 : i64} : memref<32x64xf32>
  linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%h, %dh : memref<32x64xf32>, memref<32x64xf32>) outs(%g : memref<32x64xf32>) {
  ^bb0(%hv: f32, %gv: f32, %out: f32):
    %pos = arith.cmpf ogt, %hv, %zero : f32
    %r = arith.select %pos, %gv, %zero : f32
    linalg.yield %r : f32
  }
  memref.dealloc %dh : memref<32x64xf32>
  return %g : memref<32x64xf32>
}

// -----

// The product is read again after the ReLU (the pre-activation is needed
// later): the ReLU keeps its own buffer and stays a separate pass.
#id = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @product_read_later
// CHECK: %[[C:.*]] = memref.alloc()
// CHECK: %[[H:.*]] = memref.alloc()
// CHECK: linalg.generic {{.*}} ins(%[[C]] : memref<32x64xf32>) outs(%[[H]] : memref<32x64xf32>)
// CALL-LABEL: func.func @product_read_later
// CALL: call @sinter_sgemm_parallel(
// CALL: linalg.generic
func.func @product_read_later(%x: memref<32x48xf32>, %w: memref<48x64xf32>, %other: memref<32x64xf32>) -> memref<32x64xf32> {
  %zero = arith.constant 0.0 : f32
  %c = memref.alloc() {alignment = 64 : i64} : memref<32x64xf32>
  linalg.fill ins(%zero : f32) outs(%c : memref<32x64xf32>)
  linalg.matmul ins(%x, %w : memref<32x48xf32>, memref<48x64xf32>) outs(%c : memref<32x64xf32>)
  %h = memref.alloc() {alignment = 64 : i64} : memref<32x64xf32>
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%c : memref<32x64xf32>) outs(%h : memref<32x64xf32>) {
  ^bb0(%in: f32, %out: f32):
    %neg = arith.cmpf olt, %in, %zero : f32
    %r = arith.select %neg, %zero, %in : f32
    linalg.yield %r : f32
  }
  memref.copy %c, %other : memref<32x64xf32> to memref<32x64xf32>
  memref.dealloc %c : memref<32x64xf32>
  return %h : memref<32x64xf32>
}

// -----

// Not a ReLU (x > 0 ? x : 0.5): left alone.
#id = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @not_an_epilogue
// CHECK: %[[C:.*]] = memref.alloc()
// CHECK: %[[H:.*]] = memref.alloc()
// CHECK: ins(%[[C]] : memref<32x64xf32>) outs(%[[H]] : memref<32x64xf32>)
func.func @not_an_epilogue(%x: memref<32x48xf32>, %w: memref<48x64xf32>) -> memref<32x64xf32> {
  %zero = arith.constant 0.0 : f32
  %half = arith.constant 0.5 : f32
  %c = memref.alloc() {alignment = 64 : i64} : memref<32x64xf32>
  linalg.fill ins(%zero : f32) outs(%c : memref<32x64xf32>)
  linalg.matmul ins(%x, %w : memref<32x48xf32>, memref<48x64xf32>) outs(%c : memref<32x64xf32>)
  %h = memref.alloc() {alignment = 64 : i64} : memref<32x64xf32>
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%c : memref<32x64xf32>) outs(%h : memref<32x64xf32>) {
  ^bb0(%in: f32, %out: f32):
    %pos = arith.cmpf ogt, %in, %zero : f32
    %r = arith.select %pos, %in, %half : f32
    linalg.yield %r : f32
  }
  memref.dealloc %c : memref<32x64xf32>
  return %h : memref<32x64xf32>
}
