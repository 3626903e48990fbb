// One buffer returned twice (a regression test: the CPU backend freed it
// after copying the first result and read the second from freed memory).
func.func @twice(%s: tensor<f64> {sinter.name = "s"}) -> (tensor<f64> {sinter.name = "a"}, tensor<f64> {sinter.name = "b"}) {
  %0 = sinter.add %s, %s : (tensor<f64>, tensor<f64>) -> tensor<f64>
  return %0, %0 : tensor<f64>, tensor<f64>
}
