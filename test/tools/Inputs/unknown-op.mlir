func.func @f() {
  "sinter.frobnicate"() : () -> ()
  return
}
