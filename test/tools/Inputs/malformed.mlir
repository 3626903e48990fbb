func.func @f() {
  %0 = sinter.add %a : tensor<2xf32>
}
