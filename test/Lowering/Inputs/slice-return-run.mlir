// Strided and offset slices returned as they are (slice-return-run.test).
func.func @slices(%x: tensor<?x6xf32>) -> (tensor<?x2xf32>, tensor<?x6xf32>, tensor<?x6xf32>, tensor<?x6xf32>, tensor<?x0xf32>, tensor<?x6xf32>, tensor<?x1xf32>) {
  %0 = sinter.slice %x {dim = 1 : i64, start = 1 : i64, end = 5 : i64, step = 2 : i64} : (tensor<?x6xf32>) -> tensor<?x2xf32>
  %1 = sinter.slice %x {dim = 0 : i64, start = -3 : i64, step = 2 : i64} : (tensor<?x6xf32>) -> tensor<?x6xf32>
  %2 = sinter.slice %x {dim = 0 : i64, start = 1 : i64, end = -1 : i64} : (tensor<?x6xf32>) -> tensor<?x6xf32>
  %3 = sinter.slice %x {dim = 0 : i64, start = -100 : i64, end = 100 : i64, step = 3 : i64} : (tensor<?x6xf32>) -> tensor<?x6xf32>
  %4 = sinter.slice %x {dim = 1 : i64, start = 7 : i64} : (tensor<?x6xf32>) -> tensor<?x0xf32>
  %5 = sinter.slice %x {dim = 0 : i64, start = 5 : i64, end = 2 : i64} : (tensor<?x6xf32>) -> tensor<?x6xf32>
  %6 = sinter.slice %x {dim = -1 : i64, start = -1 : i64, step = 100 : i64} : (tensor<?x6xf32>) -> tensor<?x1xf32>
  return %0, %1, %2, %3, %4, %5, %6 : tensor<?x2xf32>, tensor<?x6xf32>, tensor<?x6xf32>, tensor<?x6xf32>, tensor<?x0xf32>, tensor<?x6xf32>, tensor<?x1xf32>
}
