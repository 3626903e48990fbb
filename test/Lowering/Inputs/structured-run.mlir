// Entries for structured-run.test: each runs one structured op (or a few of
// one kind) so that sinter-run --check-against compares it with the
// interpreter. Dynamic `?` dimensions take their size from the inputs.

func.func @matmul_f32(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %0 = sinter.matmul %a, %b : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}
func.func @matmul_f64(%a: tensor<?x?xf64>, %b: tensor<?x?xf64>) -> tensor<?x?xf64> {
  %0 = sinter.matmul %a, %b : (tensor<?x?xf64>, tensor<?x?xf64>) -> tensor<?x?xf64>
  return %0 : tensor<?x?xf64>
}
func.func @matmul_static(%a: tensor<7x33xf32>, %b: tensor<33x257xf32>) -> tensor<7x257xf32> {
  %0 = sinter.matmul %a, %b : (tensor<7x33xf32>, tensor<33x257xf32>) -> tensor<7x257xf32>
  return %0 : tensor<7x257xf32>
}
func.func @matmul_batch(%a: tensor<?x7x33xf32>, %b: tensor<?x33x5xf32>) -> tensor<?x7x5xf32> {
  %0 = sinter.matmul %a, %b : (tensor<?x7x33xf32>, tensor<?x33x5xf32>) -> tensor<?x7x5xf32>
  return %0 : tensor<?x7x5xf32>
}
func.func @matmul_batch_rhs2d(%a: tensor<?x7x33xf64>, %b: tensor<33x5xf64>) -> tensor<?x7x5xf64> {
  %0 = sinter.matmul %a, %b : (tensor<?x7x33xf64>, tensor<33x5xf64>) -> tensor<?x7x5xf64>
  return %0 : tensor<?x7x5xf64>
}
func.func @matmul_broadcast(%a: tensor<2x1x4x3xf32>, %b: tensor<5x3x6xf32>) -> tensor<2x5x4x6xf32> {
  %0 = sinter.matmul %a, %b : (tensor<2x1x4x3xf32>, tensor<5x3x6xf32>) -> tensor<2x5x4x6xf32>
  return %0 : tensor<2x5x4x6xf32>
}
func.func @matmul_lhs2d(%a: tensor<4x3xf64>, %b: tensor<?x3x5xf64>) -> tensor<?x4x5xf64> {
  %0 = sinter.matmul %a, %b : (tensor<4x3xf64>, tensor<?x3x5xf64>) -> tensor<?x4x5xf64>
  return %0 : tensor<?x4x5xf64>
}

func.func @linear_f32(%x: tensor<?x33xf32>, %w: tensor<7x33xf32>, %b: tensor<7xf32>) -> tensor<?x7xf32> {
  %0 = sinter.linear %x, %w, %b : (tensor<?x33xf32>, tensor<7x33xf32>, tensor<7xf32>) -> tensor<?x7xf32>
  return %0 : tensor<?x7xf32>
}
func.func @linear_3d(%x: tensor<?x5x8xf64>, %w: tensor<4x8xf64>) -> tensor<?x5x4xf64> {
  %0 = sinter.linear %x, %w : (tensor<?x5x8xf64>, tensor<4x8xf64>) -> tensor<?x5x4xf64>
  return %0 : tensor<?x5x4xf64>
}
func.func @linear_1d(%x: tensor<8xf32>, %w: tensor<4x8xf32>, %b: tensor<4xf32>) -> tensor<4xf32> {
  %0 = sinter.linear %x, %w, %b : (tensor<8xf32>, tensor<4x8xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

func.func @transposes(%x: tensor<?x3x4xf32>) -> (tensor<4x3x?xf32>, tensor<3x4x?xf32>, tensor<?x4x3xf32>) {
  %0 = sinter.transpose %x {dim0 = 0 : i64, dim1 = -1 : i64} : (tensor<?x3x4xf32>) -> tensor<4x3x?xf32>
  %1 = sinter.permute %x {dims = array<i64: 1, 2, 0>} : (tensor<?x3x4xf32>) -> tensor<3x4x?xf32>
  %2 = sinter.transpose %x {dim0 = 1 : i64, dim1 = 2 : i64} : (tensor<?x3x4xf32>) -> tensor<?x4x3xf32>
  return %0, %1, %2 : tensor<4x3x?xf32>, tensor<3x4x?xf32>, tensor<?x4x3xf32>
}
func.func @permute_i64(%x: tensor<2x3x4x5xi64>) -> tensor<5x2x4x3xi64> {
  %0 = sinter.permute %x {dims = array<i64: -1, 0, 2, 1>} : (tensor<2x3x4x5xi64>) -> tensor<5x2x4x3xi64>
  return %0 : tensor<5x2x4x3xi64>
}

func.func @reshapes(%x: tensor<?x4x6xf32>) -> (tensor<?x24xf32>, tensor<?x1x4x6xf32>, tensor<?x8xf32>, tensor<3x?xf32>, tensor<?xf32>) {
  %0 = sinter.reshape %x {shape = array<i64: -1, 24>} : (tensor<?x4x6xf32>) -> tensor<?x24xf32>
  %1 = sinter.reshape %0 {shape = array<i64: -1, 1, 4, 6>} : (tensor<?x24xf32>) -> tensor<?x1x4x6xf32>
  %2 = sinter.reshape %x {shape = array<i64: -1, 8>} : (tensor<?x4x6xf32>) -> tensor<?x8xf32>
  %3 = sinter.reshape %x {shape = array<i64: 3, -1>} : (tensor<?x4x6xf32>) -> tensor<3x?xf32>
  %4 = sinter.reshape %x {shape = array<i64: -1>} : (tensor<?x4x6xf32>) -> tensor<?xf32>
  return %0, %1, %2, %3, %4 : tensor<?x24xf32>, tensor<?x1x4x6xf32>, tensor<?x8xf32>, tensor<3x?xf32>, tensor<?xf32>
}
func.func @reshape_static(%x: tensor<2x6xf64>) -> (tensor<3x4xf64>, tensor<12x1xf64>, tensor<2x3x2xf64>) {
  %0 = sinter.reshape %x {shape = array<i64: 3, -1>} : (tensor<2x6xf64>) -> tensor<3x4xf64>
  %1 = sinter.reshape %x {shape = array<i64: 12, 1>} : (tensor<2x6xf64>) -> tensor<12x1xf64>
  %2 = sinter.reshape %x {shape = array<i64: 2, 3, 2>} : (tensor<2x6xf64>) -> tensor<2x3x2xf64>
  return %0, %1, %2 : tensor<3x4xf64>, tensor<12x1xf64>, tensor<2x3x2xf64>
}
func.func @reshape_to_static(%x: tensor<?x3xi32>) -> tensor<2x3xi32> {
  %0 = sinter.reshape %x {shape = array<i64: 2, 3>} : (tensor<?x3xi32>) -> tensor<2x3xi32>
  return %0 : tensor<2x3xi32>
}

func.func @broadcasts(%x: tensor<?x1xf32>, %b: tensor<3xf32>) -> (tensor<2x?x5xf32>, tensor<4x3xf32>) {
  %0 = sinter.broadcast_to %x {shape = array<i64: 2, -1, 5>} : (tensor<?x1xf32>) -> tensor<2x?x5xf32>
  %1 = sinter.broadcast_to %b {shape = array<i64: 4, 3>} : (tensor<3xf32>) -> tensor<4x3xf32>
  return %0, %1 : tensor<2x?x5xf32>, tensor<4x3xf32>
}
func.func @broadcast_runtime(%x: tensor<?x3xf64>) -> tensor<2x4x3xf64> {
  %0 = sinter.broadcast_to %x {shape = array<i64: 2, 4, 3>} : (tensor<?x3xf64>) -> tensor<2x4x3xf64>
  return %0 : tensor<2x4x3xf64>
}

func.func @unit_dims(%x: tensor<?x1x3x1xf32>) -> (tensor<?x3xf32>, tensor<?x3x1xf32>, tensor<1x?x1x3x1xf32>, tensor<?x3xf32>, tensor<?xf32>) {
  %0 = sinter.squeeze %x : (tensor<?x1x3x1xf32>) -> tensor<?x3xf32>
  %1 = sinter.squeeze %x {dims = array<i64: 1>} : (tensor<?x1x3x1xf32>) -> tensor<?x3x1xf32>
  %2 = sinter.unsqueeze %x {dim = 0 : i64} : (tensor<?x1x3x1xf32>) -> tensor<1x?x1x3x1xf32>
  %3 = sinter.flatten %x {start_dim = 1 : i64} : (tensor<?x1x3x1xf32>) -> tensor<?x3xf32>
  %4 = sinter.flatten %x : (tensor<?x1x3x1xf32>) -> tensor<?xf32>
  return %0, %1, %2, %3, %4 : tensor<?x3xf32>, tensor<?x3x1xf32>, tensor<1x?x1x3x1xf32>, tensor<?x3xf32>, tensor<?xf32>
}
func.func @unit_dims_scalar(%x: tensor<f64>, %y: tensor<1x1xf64>) -> (tensor<1xf64>, tensor<1xf64>, tensor<f64>, tensor<1x1x1xf64>) {
  %0 = sinter.unsqueeze %x {dim = -1 : i64} : (tensor<f64>) -> tensor<1xf64>
  %1 = sinter.flatten %x : (tensor<f64>) -> tensor<1xf64>
  %2 = sinter.squeeze %y : (tensor<1x1xf64>) -> tensor<f64>
  %3 = sinter.unsqueeze %y {dim = 1 : i64} : (tensor<1x1xf64>) -> tensor<1x1x1xf64>
  return %0, %1, %2, %3 : tensor<1xf64>, tensor<1xf64>, tensor<f64>, tensor<1x1x1xf64>
}

func.func @concats(%a: tensor<?x2xf32>, %b: tensor<?x3xf32>, %c: tensor<4x2xf32>) -> (tensor<?x5xf32>, tensor<?x2xf32>) {
  %0 = sinter.concat %a, %b {dim = 1 : i64} : (tensor<?x2xf32>, tensor<?x3xf32>) -> tensor<?x5xf32>
  %1 = sinter.concat %c, %a, %c {dim = 0 : i64} : (tensor<4x2xf32>, tensor<?x2xf32>, tensor<4x2xf32>) -> tensor<?x2xf32>
  return %0, %1 : tensor<?x5xf32>, tensor<?x2xf32>
}
func.func @concat_i64(%a: tensor<2x3xi64>, %b: tensor<2x1xi64>) -> tensor<2x4xi64> {
  %0 = sinter.concat %a, %b {dim = -1 : i64} : (tensor<2x3xi64>, tensor<2x1xi64>) -> tensor<2x4xi64>
  return %0 : tensor<2x4xi64>
}

// Slices, each used by an op (a strided view returned as it is needs a
// strided copy at the function boundary: slice-return-run.test).
func.func @slices_used(%x: tensor<?x6xf32>) -> (tensor<?x2xf32>, tensor<?x6xf32>, tensor<?x6xf32>, tensor<?x6xf32>, tensor<?x0xf32>, tensor<?x6xf32>, tensor<?x1xf32>) {
  %0 = sinter.slice %x {dim = 1 : i64, start = 1 : i64, end = 5 : i64, step = 2 : i64} : (tensor<?x6xf32>) -> tensor<?x2xf32>
  %1 = sinter.slice %x {dim = 0 : i64, start = -3 : i64, step = 2 : i64} : (tensor<?x6xf32>) -> tensor<?x6xf32>
  %2 = sinter.slice %x {dim = 0 : i64, start = 1 : i64, end = -1 : i64} : (tensor<?x6xf32>) -> tensor<?x6xf32>
  %3 = sinter.slice %x {dim = 0 : i64, start = -100 : i64, end = 100 : i64, step = 3 : i64} : (tensor<?x6xf32>) -> tensor<?x6xf32>
  %4 = sinter.slice %x {dim = 1 : i64, start = 7 : i64} : (tensor<?x6xf32>) -> tensor<?x0xf32>
  %5 = sinter.slice %x {dim = 0 : i64, start = 5 : i64, end = 2 : i64} : (tensor<?x6xf32>) -> tensor<?x6xf32>
  %6 = sinter.slice %x {dim = -1 : i64, start = -1 : i64, step = 100 : i64} : (tensor<?x6xf32>) -> tensor<?x1xf32>
  %n0 = sinter.neg %0 : (tensor<?x2xf32>) -> tensor<?x2xf32>
  %n1 = sinter.neg %1 : (tensor<?x6xf32>) -> tensor<?x6xf32>
  %n2 = sinter.neg %2 : (tensor<?x6xf32>) -> tensor<?x6xf32>
  %n3 = sinter.neg %3 : (tensor<?x6xf32>) -> tensor<?x6xf32>
  %n4 = sinter.neg %4 : (tensor<?x0xf32>) -> tensor<?x0xf32>
  %n5 = sinter.neg %5 : (tensor<?x6xf32>) -> tensor<?x6xf32>
  %n6 = sinter.neg %6 : (tensor<?x1xf32>) -> tensor<?x1xf32>
  return %n0, %n1, %n2, %n3, %n4, %n5, %n6 : tensor<?x2xf32>, tensor<?x6xf32>, tensor<?x6xf32>, tensor<?x6xf32>, tensor<?x0xf32>, tensor<?x6xf32>, tensor<?x1xf32>
}
func.func @slice_matmul(%x: tensor<?x6xf64>, %w: tensor<6x3xf64>) -> tensor<?x3xf64> {
  %0 = sinter.slice %x {dim = 0 : i64, start = 1 : i64, step = 2 : i64} : (tensor<?x6xf64>) -> tensor<?x6xf64>
  %1 = sinter.slice %w {dim = 1 : i64, start = -2 : i64} : (tensor<6x3xf64>) -> tensor<6x2xf64>
  %2 = sinter.slice %w {dim = 1 : i64, end = 1 : i64} : (tensor<6x3xf64>) -> tensor<6x1xf64>
  %3 = sinter.concat %1, %2 {dim = 1 : i64} : (tensor<6x2xf64>, tensor<6x1xf64>) -> tensor<6x3xf64>
  %4 = sinter.matmul %0, %3 : (tensor<?x6xf64>, tensor<6x3xf64>) -> tensor<?x3xf64>
  return %4 : tensor<?x3xf64>
}

func.func @embedding_i64(%i: tensor<?x3xi64>, %w: tensor<11x5xf32>) -> tensor<?x3x5xf32> {
  %0 = sinter.embedding %i, %w : (tensor<?x3xi64>, tensor<11x5xf32>) -> tensor<?x3x5xf32>
  return %0 : tensor<?x3x5xf32>
}
func.func @embedding_i32(%i: tensor<?xi32>, %w: tensor<?x4xf64>) -> tensor<?x4xf64> {
  %0 = sinter.embedding %i, %w : (tensor<?xi32>, tensor<?x4xf64>) -> tensor<?x4xf64>
  return %0 : tensor<?x4xf64>
}
func.func @embedding_backward(%g: tensor<?x3x4xf32>, %i: tensor<?x3xi64>) -> tensor<10x4xf32> {
  %0 = sinter.embedding_dense_backward %g, %i {num_weights = 10 : i64} : (tensor<?x3x4xf32>, tensor<?x3xi64>) -> tensor<10x4xf32>
  return %0 : tensor<10x4xf32>
}
func.func @embedding_backward_f64(%g: tensor<?x5xf64>, %i: tensor<?xi32>) -> tensor<7x5xf64> {
  %0 = sinter.embedding_dense_backward %g, %i {num_weights = 7 : i64} : (tensor<?x5xf64>, tensor<?xi32>) -> tensor<7x5xf64>
  return %0 : tensor<7x5xf64>
}
func.func @one_hot(%i: tensor<?xi64>, %j: tensor<2x3xi32>) -> (tensor<?x10xi64>, tensor<2x3x4xi64>) {
  %0 = sinter.one_hot %i {num_classes = 10 : i64} : (tensor<?xi64>) -> tensor<?x10xi64>
  %1 = sinter.one_hot %j {num_classes = 4 : i64} : (tensor<2x3xi32>) -> tensor<2x3x4xi64>
  return %0, %1 : tensor<?x10xi64>, tensor<2x3x4xi64>
}

func.func @mse(%y: tensor<?x3xf32>, %t: tensor<?x3xf32>) -> (tensor<f32>, tensor<f32>, tensor<?x3xf32>) {
  %0 = sinter.mse_loss %y, %t : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
  %1 = sinter.mse_loss %y, %t {reduction = #sinter.reduction<sum>} : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
  %2 = sinter.mse_loss %y, %t {reduction = #sinter.reduction<none>} : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<?x3xf32>
  return %0, %1, %2 : tensor<f32>, tensor<f32>, tensor<?x3xf32>
}
func.func @mse_f64(%y: tensor<4x?xf64>, %t: tensor<4x?xf64>) -> (tensor<f64>, tensor<f64>, tensor<4x?xf64>) {
  %0 = sinter.mse_loss %y, %t : (tensor<4x?xf64>, tensor<4x?xf64>) -> tensor<f64>
  %1 = sinter.mse_loss %y, %t {reduction = #sinter.reduction<sum>} : (tensor<4x?xf64>, tensor<4x?xf64>) -> tensor<f64>
  %2 = sinter.mse_loss %y, %t {reduction = #sinter.reduction<none>} : (tensor<4x?xf64>, tensor<4x?xf64>) -> tensor<4x?xf64>
  return %0, %1, %2 : tensor<f64>, tensor<f64>, tensor<4x?xf64>
}
func.func @bce(%p: tensor<?x1xf32>, %t: tensor<?x1xf32>) -> (tensor<f32>, tensor<f32>, tensor<?x1xf32>) {
  %0 = sinter.binary_cross_entropy %p, %t : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
  %1 = sinter.binary_cross_entropy %p, %t {reduction = #sinter.reduction<sum>} : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
  %2 = sinter.binary_cross_entropy %p, %t {reduction = #sinter.reduction<none>} : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<?x1xf32>
  return %0, %1, %2 : tensor<f32>, tensor<f32>, tensor<?x1xf32>
}
func.func @bce_f64(%p: tensor<?xf64>, %t: tensor<?xf64>) -> (tensor<f64>, tensor<?xf64>) {
  %0 = sinter.binary_cross_entropy %p, %t : (tensor<?xf64>, tensor<?xf64>) -> tensor<f64>
  %1 = sinter.binary_cross_entropy %p, %t {reduction = #sinter.reduction<none>} : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  return %0, %1 : tensor<f64>, tensor<?xf64>
}
func.func @bce_logits(%z: tensor<?x2xf32>, %t: tensor<?x2xf32>) -> (tensor<f32>, tensor<f32>, tensor<?x2xf32>) {
  %0 = sinter.binary_cross_entropy_with_logits %z, %t : (tensor<?x2xf32>, tensor<?x2xf32>) -> tensor<f32>
  %1 = sinter.binary_cross_entropy_with_logits %z, %t {reduction = #sinter.reduction<sum>} : (tensor<?x2xf32>, tensor<?x2xf32>) -> tensor<f32>
  %2 = sinter.binary_cross_entropy_with_logits %z, %t {reduction = #sinter.reduction<none>} : (tensor<?x2xf32>, tensor<?x2xf32>) -> tensor<?x2xf32>
  return %0, %1, %2 : tensor<f32>, tensor<f32>, tensor<?x2xf32>
}
func.func @bce_logits_f64(%z: tensor<?xf64>, %t: tensor<?xf64>) -> (tensor<f64>, tensor<?xf64>) {
  %0 = sinter.binary_cross_entropy_with_logits %z, %t : (tensor<?xf64>, tensor<?xf64>) -> tensor<f64>
  %1 = sinter.binary_cross_entropy_with_logits %z, %t {reduction = #sinter.reduction<none>} : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  return %0, %1 : tensor<f64>, tensor<?xf64>
}
func.func @cross_entropy(%x: tensor<?x10xf32>, %t: tensor<?xi64>) -> (tensor<f32>, tensor<f32>, tensor<?xf32>) {
  %0 = sinter.cross_entropy %x, %t : (tensor<?x10xf32>, tensor<?xi64>) -> tensor<f32>
  %1 = sinter.cross_entropy %x, %t {reduction = #sinter.reduction<sum>} : (tensor<?x10xf32>, tensor<?xi64>) -> tensor<f32>
  %2 = sinter.cross_entropy %x, %t {reduction = #sinter.reduction<none>} : (tensor<?x10xf32>, tensor<?xi64>) -> tensor<?xf32>
  return %0, %1, %2 : tensor<f32>, tensor<f32>, tensor<?xf32>
}
func.func @cross_entropy_f64(%x: tensor<?x?xf64>, %t: tensor<?xi32>) -> (tensor<f64>, tensor<?xf64>) {
  %0 = sinter.cross_entropy %x, %t : (tensor<?x?xf64>, tensor<?xi32>) -> tensor<f64>
  %1 = sinter.cross_entropy %x, %t {reduction = #sinter.reduction<none>} : (tensor<?x?xf64>, tensor<?xi32>) -> tensor<?xf64>
  return %0, %1 : tensor<f64>, tensor<?xf64>
}
func.func @cross_entropy_unbatched(%x: tensor<7xf32>, %t: tensor<i64>) -> (tensor<f32>, tensor<f32>) {
  %0 = sinter.cross_entropy %x, %t : (tensor<7xf32>, tensor<i64>) -> tensor<f32>
  %1 = sinter.cross_entropy %x, %t {reduction = #sinter.reduction<none>} : (tensor<7xf32>, tensor<i64>) -> tensor<f32>
  return %0, %1 : tensor<f32>, tensor<f32>
}
func.func @nll(%x: tensor<?x10xf32>, %t: tensor<?xi32>) -> (tensor<f32>, tensor<f32>, tensor<?xf32>) {
  %0 = sinter.nll_loss %x, %t : (tensor<?x10xf32>, tensor<?xi32>) -> tensor<f32>
  %1 = sinter.nll_loss %x, %t {reduction = #sinter.reduction<sum>} : (tensor<?x10xf32>, tensor<?xi32>) -> tensor<f32>
  %2 = sinter.nll_loss %x, %t {reduction = #sinter.reduction<none>} : (tensor<?x10xf32>, tensor<?xi32>) -> tensor<?xf32>
  return %0, %1, %2 : tensor<f32>, tensor<f32>, tensor<?xf32>
}
func.func @nll_f64(%x: tensor<5x?xf64>, %t: tensor<5xi64>) -> (tensor<f64>, tensor<5xf64>) {
  %0 = sinter.nll_loss %x, %t : (tensor<5x?xf64>, tensor<5xi64>) -> tensor<f64>
  %1 = sinter.nll_loss %x, %t {reduction = #sinter.reduction<none>} : (tensor<5x?xf64>, tensor<5xi64>) -> tensor<5xf64>
  return %0, %1 : tensor<f64>, tensor<5xf64>
}

// Out-of-range indices: the interpreter reports them; compiled code cannot
// report errors yet and clamps them into range (one_hot gives a zero row,
// embedding's backward skips them).
func.func @out_of_range(%i: tensor<3xi64>, %w: tensor<4x2xf32>, %x: tensor<3x4xf32>) -> (tensor<3x2xf32>, tensor<3x4xi64>, tensor<3xf32>, tensor<4x2xf32>) {
  %0 = sinter.embedding %i, %w : (tensor<3xi64>, tensor<4x2xf32>) -> tensor<3x2xf32>
  %1 = sinter.one_hot %i {num_classes = 4 : i64} : (tensor<3xi64>) -> tensor<3x4xi64>
  %2 = sinter.nll_loss %x, %i {reduction = #sinter.reduction<none>} : (tensor<3x4xf32>, tensor<3xi64>) -> tensor<3xf32>
  %3 = sinter.embedding_dense_backward %0, %i {num_weights = 4 : i64} : (tensor<3x2xf32>, tensor<3xi64>) -> tensor<4x2xf32>
  return %0, %1, %2, %3 : tensor<3x2xf32>, tensor<3x4xi64>, tensor<3xf32>, tensor<4x2xf32>
}
