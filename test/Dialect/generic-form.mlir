// Every op parses from MLIR's generic form and prints in its custom form;
// ops with attributes take them as properties (<{...}>) or, as MLIR allows
// for properties, in the attribute dictionary.
// RUN: sinter-opt %s | FileCheck %s
// RUN: sinter-opt %s -mlir-print-op-generic | FileCheck %s --check-prefix=GENERIC
// Folding and CSE leave valid IR (no fold may break an inferred type).
// RUN: sinter-opt %s -canonicalize -cse -o /dev/null

// CHECK-LABEL: func.func @no_attributes
// GENERIC-LABEL: sym_name = "no_attributes"
func.func @no_attributes(%a: tensor<2xf32>, %b: tensor<2xf32>, %m: tensor<2xi1>, %w: tensor<3x2xf32>,
                         %bias: tensor<3xf32>, %i: tensor<2xi64>, %t: tensor<5x2xf32>) {
  // CHECK: sinter.add %{{.*}}, %{{.*}} : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  // GENERIC: "sinter.add"(%{{.*}}, %{{.*}}) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %0 = "sinter.add"(%a, %b) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  // CHECK: sinter.sub %{{.*}}, %{{.*}} : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  // GENERIC: "sinter.sub"
  %1 = "sinter.sub"(%a, %b) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  // CHECK: sinter.mul
  // GENERIC: "sinter.mul"
  %2 = "sinter.mul"(%a, %b) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  // CHECK: sinter.div
  // GENERIC: "sinter.div"
  %3 = "sinter.div"(%a, %b) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  // CHECK: sinter.maximum
  // GENERIC: "sinter.maximum"
  %4 = "sinter.maximum"(%a, %b) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  // CHECK: sinter.minimum
  // GENERIC: "sinter.minimum"
  %5 = "sinter.minimum"(%a, %b) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  // CHECK: sinter.gt %{{.*}}, %{{.*}} : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xi1>
  // GENERIC: "sinter.gt"
  %6 = "sinter.gt"(%a, %b) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xi1>
  // CHECK: sinter.ge
  // GENERIC: "sinter.ge"
  %7 = "sinter.ge"(%a, %b) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xi1>
  // CHECK: sinter.lt
  // GENERIC: "sinter.lt"
  %8 = "sinter.lt"(%a, %b) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xi1>
  // CHECK: sinter.le
  // GENERIC: "sinter.le"
  %9 = "sinter.le"(%a, %b) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xi1>
  // CHECK: sinter.eq
  // GENERIC: "sinter.eq"
  %10 = "sinter.eq"(%a, %b) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xi1>
  // CHECK: sinter.where %{{.*}}, %{{.*}}, %{{.*}} : (tensor<2xi1>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  // GENERIC: "sinter.where"
  %11 = "sinter.where"(%m, %a, %b) : (tensor<2xi1>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  // CHECK: sinter.neg %{{.*}} : (tensor<2xf32>) -> tensor<2xf32>
  // GENERIC: "sinter.neg"
  %12 = "sinter.neg"(%a) : (tensor<2xf32>) -> tensor<2xf32>
  // CHECK: sinter.exp
  // GENERIC: "sinter.exp"
  %13 = "sinter.exp"(%a) : (tensor<2xf32>) -> tensor<2xf32>
  // CHECK: sinter.log
  // GENERIC: "sinter.log"
  %14 = "sinter.log"(%a) : (tensor<2xf32>) -> tensor<2xf32>
  // CHECK: sinter.sqrt
  // GENERIC: "sinter.sqrt"
  %15 = "sinter.sqrt"(%a) : (tensor<2xf32>) -> tensor<2xf32>
  // CHECK: sinter.rsqrt
  // GENERIC: "sinter.rsqrt"
  %16 = "sinter.rsqrt"(%a) : (tensor<2xf32>) -> tensor<2xf32>
  // CHECK: sinter.sigmoid
  // GENERIC: "sinter.sigmoid"
  %17 = "sinter.sigmoid"(%a) : (tensor<2xf32>) -> tensor<2xf32>
  // CHECK: sinter.tanh
  // GENERIC: "sinter.tanh"
  %18 = "sinter.tanh"(%a) : (tensor<2xf32>) -> tensor<2xf32>
  // CHECK: sinter.relu %{{.*}} : (tensor<2xf32>) -> tensor<2xf32>
  // GENERIC: "sinter.relu"(%{{.*}}) : (tensor<2xf32>) -> tensor<2xf32>
  %19 = "sinter.relu"(%a) : (tensor<2xf32>) -> tensor<2xf32>
  // CHECK: sinter.matmul %{{.*}}, %{{.*}} : (tensor<3x2xf32>, tensor<2x3xf32>) -> tensor<3x3xf32>
  // GENERIC: "sinter.matmul"
  %wt = "sinter.transpose"(%w) <{dim0 = 0 : i64, dim1 = 1 : i64}> : (tensor<3x2xf32>) -> tensor<2x3xf32>
  %20 = "sinter.matmul"(%w, %wt) : (tensor<3x2xf32>, tensor<2x3xf32>) -> tensor<3x3xf32>
  // The optional bias is present or not by the operand count.
  // CHECK: sinter.linear %{{.*}}, %{{.*}}, %{{.*}} : (tensor<2xf32>, tensor<3x2xf32>, tensor<3xf32>) -> tensor<3xf32>
  // GENERIC: "sinter.linear"(%{{.*}}, %{{.*}}, %{{.*}}) : (tensor<2xf32>, tensor<3x2xf32>, tensor<3xf32>) -> tensor<3xf32>
  %21 = "sinter.linear"(%a, %w, %bias) : (tensor<2xf32>, tensor<3x2xf32>, tensor<3xf32>) -> tensor<3xf32>
  // CHECK: sinter.linear %{{.*}}, %{{.*}} : (tensor<2xf32>, tensor<3x2xf32>) -> tensor<3xf32>
  // GENERIC: "sinter.linear"(%{{.*}}, %{{.*}}) : (tensor<2xf32>, tensor<3x2xf32>) -> tensor<3xf32>
  %22 = "sinter.linear"(%a, %w) : (tensor<2xf32>, tensor<3x2xf32>) -> tensor<3xf32>
  // CHECK: sinter.embedding %{{.*}}, %{{.*}} : (tensor<2xi64>, tensor<5x2xf32>) -> tensor<2x2xf32>
  // GENERIC: "sinter.embedding"
  %23 = "sinter.embedding"(%i, %t) : (tensor<2xi64>, tensor<5x2xf32>) -> tensor<2x2xf32>
  return
}

// Default-valued attributes may be omitted in the generic form too.
// CHECK-LABEL: func.func @with_attributes
// GENERIC-LABEL: sym_name = "with_attributes"
func.func @with_attributes(%x: tensor<4x6xf32>, %l: tensor<4xi64>, %seed: tensor<i64>) {
  // CHECK: sinter.sum %{{.*}} {dims = array<i64: 1>} : (tensor<4x6xf32>) -> tensor<4xf32>
  // GENERIC: "sinter.sum"(%{{.*}}) <{dims = array<i64: 1>, keepdim = false}> : (tensor<4x6xf32>) -> tensor<4xf32>
  %0 = "sinter.sum"(%x) <{dims = array<i64: 1>}> : (tensor<4x6xf32>) -> tensor<4xf32>
  // CHECK: sinter.sum %{{.*}} : (tensor<4x6xf32>) -> tensor<f32>
  // GENERIC: "sinter.sum"(%{{.*}}) <{dims = array<i64>, keepdim = false}> : (tensor<4x6xf32>) -> tensor<f32>
  %1 = "sinter.sum"(%x) : (tensor<4x6xf32>) -> tensor<f32>
  // CHECK: sinter.softmax %{{.*}} {dim = 1 : i64} : (tensor<4x6xf32>) -> tensor<4x6xf32>
  // GENERIC: "sinter.softmax"(%{{.*}}) <{dim = 1 : i64}> : (tensor<4x6xf32>) -> tensor<4x6xf32>
  %2 = "sinter.softmax"(%x) {dim = 1 : i64} : (tensor<4x6xf32>) -> tensor<4x6xf32>
  // CHECK: sinter.cross_entropy %{{.*}}, %{{.*}} {reduction = #sinter.reduction<sum>} : (tensor<4x6xf32>, tensor<4xi64>) -> tensor<f32>
  // GENERIC: "sinter.cross_entropy"(%{{.*}}, %{{.*}}) <{reduction = #sinter.reduction<sum>}> : (tensor<4x6xf32>, tensor<4xi64>) -> tensor<f32>
  %3 = "sinter.cross_entropy"(%x, %l) <{reduction = #sinter.reduction<sum>}> : (tensor<4x6xf32>, tensor<4xi64>) -> tensor<f32>
  // CHECK: sinter.mse_loss %{{.*}}, %{{.*}} : (tensor<4x6xf32>, tensor<4x6xf32>) -> tensor<f32>
  // GENERIC: "sinter.mse_loss"(%{{.*}}, %{{.*}}) <{reduction = #sinter.reduction<mean>}> : (tensor<4x6xf32>, tensor<4x6xf32>) -> tensor<f32>
  %4 = "sinter.mse_loss"(%x, %x) : (tensor<4x6xf32>, tensor<4x6xf32>) -> tensor<f32>
  // CHECK: sinter.slice %{{.*}} {dim = 1 : i64, end = 4 : i64} : (tensor<4x6xf32>) -> tensor<4x4xf32>
  // GENERIC: "sinter.slice"(%{{.*}}) <{dim = 1 : i64, end = 4 : i64, start = 0 : i64, step = 1 : i64}> : (tensor<4x6xf32>) -> tensor<4x4xf32>
  %5 = "sinter.slice"(%x) <{dim = 1 : i64, end = 4 : i64}> : (tensor<4x6xf32>) -> tensor<4x4xf32>
  // CHECK: sinter.uniform %{{.*}} {dtype = f32, shape = array<i64: 2>} : (tensor<i64>) -> tensor<2xf32>
  // GENERIC: "sinter.uniform"(%{{.*}}) <{dtype = f32, high = 1.000000e+00 : f64, low = 0.000000e+00 : f64, shape = array<i64: 2>, stream = 0 : i64}> : (tensor<i64>) -> tensor<2xf32>
  %6 = "sinter.uniform"(%seed) <{dtype = f32, shape = array<i64: 2>}> : (tensor<i64>) -> tensor<2xf32>
  // CHECK: sinter.constant dense<1.000000e+00> : tensor<2xf32>
  // GENERIC: "sinter.constant"() <{value = dense<1.000000e+00> : tensor<2xf32>}> : () -> tensor<2xf32>
  %7 = "sinter.constant"() <{value = dense<1.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  // CHECK: sinter.full {shape = array<i64: 3>, value = 0 : i64} : () -> tensor<3xi64>
  // GENERIC: "sinter.full"() <{shape = array<i64: 3>, value = 0 : i64}> : () -> tensor<3xi64>
  %8 = "sinter.full"() <{shape = array<i64: 3>, value = 0 : i64}> : () -> tensor<3xi64>
  // CHECK: sinter.flatten %{{.*}} : (tensor<4x6xf32>) -> tensor<24xf32>
  // GENERIC: "sinter.flatten"(%{{.*}}) <{end_dim = -1 : i64, start_dim = 0 : i64}> : (tensor<4x6xf32>) -> tensor<24xf32>
  %9 = "sinter.flatten"(%x) : (tensor<4x6xf32>) -> tensor<24xf32>
  // CHECK: sinter.concat %{{.*}}, %{{.*}} {dim = 0 : i64} : (tensor<4x6xf32>, tensor<4x6xf32>) -> tensor<8x6xf32>
  // GENERIC: "sinter.concat"(%{{.*}}, %{{.*}}) <{dim = 0 : i64}> : (tensor<4x6xf32>, tensor<4x6xf32>) -> tensor<8x6xf32>
  %10 = "sinter.concat"(%x, %x) <{dim = 0 : i64}> : (tensor<4x6xf32>, tensor<4x6xf32>) -> tensor<8x6xf32>
  return
}
