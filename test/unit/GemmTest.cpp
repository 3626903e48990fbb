//===- GemmTest.cpp - sinter_sgemm/sinter_dgemm against a naive product ---===//
//
// Every implementation this CPU can run (generic, avx2, avx512, forced
// through the internal sinter_gemm_isa_override hook), in f32 and f64,
// against a triple loop in double: odd and block-crossing shapes, all four
// transpose combinations, alpha/beta in {0, 1, -0.5}, leading dimensions
// larger than the rows, NaN in C with beta == 0 (must not leak), NaN in A and
// B with alpha == 0 (not read), and the padding of C left untouched.
//
//===----------------------------------------------------------------------===//
#include "sinter/runtime/Kernels.h"

#include "../../runtime/lib/kernels/GemmInternal.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace {

void gemm(int64_t m, int64_t n, int64_t k, float alpha, const float *a,
          int64_t lda, int ta, const float *b, int64_t ldb, int tb,
          float beta, float *c, int64_t ldc) {
  sinter_sgemm(m, n, k, alpha, a, lda, ta, b, ldb, tb, beta, c, ldc);
}
void gemm(int64_t m, int64_t n, int64_t k, double alpha, const double *a,
          int64_t lda, int ta, const double *b, int64_t ldb, int tb,
          double beta, double *c, int64_t ldc) {
  sinter_dgemm(m, n, k, alpha, a, lda, ta, b, ldb, tb, beta, c, ldc);
}

struct Shape {
  int64_t m, n, k;
};

// A sentinel for C's padding (ldc > n): must survive every call.
constexpr double kPadSentinel = 12345.25;

template <class T>
void checkGemm(int64_t m, int64_t n, int64_t k, int ta, int tb, double alpha,
               double beta, int64_t padA, int64_t padB, int64_t padC,
               unsigned seed) {
  SCOPED_TRACE(::testing::Message()
               << sinter_gemm_isa() << (sizeof(T) == 4 ? " sgemm" : " dgemm")
               << " m=" << m << " n=" << n << " k=" << k << " transA=" << ta
               << " transB=" << tb << " alpha=" << alpha << " beta=" << beta
               << " pads=" << padA << "," << padB << "," << padC);
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> dist(-1.0, 1.0);
  const T nan = std::numeric_limits<T>::quiet_NaN();

  // Stored shapes: A is m x k (or k x m), B is k x n (or n x k).
  const int64_t aRows = ta ? k : m, aCols = ta ? m : k;
  const int64_t bRows = tb ? n : k, bCols = tb ? k : n;
  const int64_t lda = aCols + padA, ldb = bCols + padB, ldc = n + padC;
  // Padding of A and B holds NaN: reading it would poison C.
  std::vector<T> A(static_cast<size_t>(aRows * lda) + 1, nan);
  std::vector<T> B(static_cast<size_t>(bRows * ldb) + 1, nan);
  std::vector<T> C(static_cast<size_t>(m * ldc) + 1, T(kPadSentinel));
  for (int64_t i = 0; i < aRows; ++i)
    for (int64_t j = 0; j < aCols; ++j)
      A[i * lda + j] = T(dist(rng));
  for (int64_t i = 0; i < bRows; ++i)
    for (int64_t j = 0; j < bCols; ++j)
      B[i * ldb + j] = T(dist(rng));
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j)
      C[i * ldc + j] = beta == 0.0 ? nan : T(dist(rng));
  const std::vector<T> C0 = C;

  auto opA = [&](int64_t i, int64_t p) -> double {
    return ta ? A[p * lda + i] : A[i * lda + p];
  };
  auto opB = [&](int64_t p, int64_t j) -> double {
    return tb ? B[j * ldb + p] : B[p * ldb + j];
  };

  gemm(m, n, k, T(alpha), A.data(), lda, ta, B.data(), ldb, tb, T(beta),
       C.data(), ldc);

  const double eps = std::numeric_limits<T>::epsilon();
  int64_t failures = 0;
  for (int64_t i = 0; i < m && failures < 5; ++i) {
    for (int64_t j = 0; j < n && failures < 5; ++j) {
      double dot = 0, absDot = 0;
      if (alpha != 0.0)
        for (int64_t p = 0; p < k; ++p) {
          const double x = opA(i, p) * opB(p, j);
          dot += x;
          absDot += std::fabs(x);
        }
      const double c0 = beta == 0.0 ? 0.0 : double(C0[i * ldc + j]);
      const double want = alpha * dot + beta * c0;
      const double tol =
          (double(k) + 4) * eps * (std::fabs(alpha) * absDot + std::fabs(beta * c0)) +
          std::numeric_limits<T>::min();
      const double got = C[i * ldc + j];
      if (!(std::fabs(got - want) <= tol)) {
        ADD_FAILURE() << "C(" << i << "," << j << ") = " << got << ", want "
                      << want << " (tol " << tol << ")";
        ++failures;
      }
    }
    for (int64_t j = n; j < ldc && failures < 5; ++j)
      if (!(C[i * ldc + j] == T(kPadSentinel))) {
        ADD_FAILURE() << "padding C(" << i << "," << j << ") overwritten";
        ++failures;
      }
  }
  EXPECT_EQ(C.back(), T(kPadSentinel)) << "wrote past the last row of C";
}

std::vector<std::string> supportedIsas() {
  std::vector<std::string> out;
  for (const char *isa : {"generic", "avx2", "avx512"})
    if (sinter_gemm_isa_supported(isa))
      out.push_back(isa);
  return out;
}

class GemmIsa : public ::testing::TestWithParam<std::string> {
protected:
  void SetUp() override {
    ASSERT_EQ(sinter_gemm_isa_override(GetParam().c_str()), 0);
    ASSERT_EQ(std::string(sinter_gemm_isa()), GetParam());
  }
  void TearDown() override { sinter_gemm_isa_override("auto"); }
};

const double kScalars[] = {0.0, 1.0, -0.5};

template <class T> void smallShapes() {
  const int64_t dims[] = {1, 7, 33};
  unsigned seed = 1;
  for (int64_t m : dims)
    for (int64_t n : dims)
      for (int64_t k : dims)
        for (int ta = 0; ta < 2; ++ta)
          for (int tb = 0; tb < 2; ++tb)
            for (double alpha : kScalars)
              for (double beta : kScalars)
                checkGemm<T>(m, n, k, ta, tb, alpha, beta, 0, 0, 0, seed++);
}

template <class T> void paddedOddShapes() {
  // Shapes around the register tiles (MR = 12/6/4 rows, NR = 16/32 columns)
  // and the cache blocks (KC = 256, NC = 256/512), with leading dimensions
  // larger than the rows.
  const Shape shapes[] = {{1, 1, 1},     {2, 3, 5},      {13, 17, 19},
                          {64, 64, 64},  {255, 7, 33},   {7, 255, 64},
                          {257, 33, 1},  {13, 257, 255}, {33, 255, 257},
                          {25, 49, 513}, {37, 530, 20},  {12, 32, 256},
                          {24, 16, 8},   {6, 8, 3},      {11, 31, 300},
                          // m <= MR (B read unpacked), across KC blocks.
                          {5, 70, 600},  {12, 40, 520},  {4, 3, 257}};
  unsigned seed = 100;
  for (const Shape &s : shapes)
    for (int ta = 0; ta < 2; ++ta)
      for (int tb = 0; tb < 2; ++tb)
        for (double alpha : {1.0, -0.5})
          for (double beta : kScalars)
            checkGemm<T>(s.m, s.n, s.k, ta, tb, alpha, beta, 3, 5, 7, seed++);
}

template <class T> void largeShapes() {
  unsigned seed = 1000;
  for (int ta = 0; ta < 2; ++ta)
    for (int tb = 0; tb < 2; ++tb) {
      checkGemm<T>(300, 500, 700, ta, tb, 1.0, 0.0, 0, 0, 0, seed++);
      checkGemm<T>(257, 255, 257, ta, tb, -0.5, 1.0, 1, 2, 3, seed++);
    }
  checkGemm<T>(300, 500, 700, 0, 0, -0.5, -0.5, 16, 0, 1, seed++);
}

template <class T> void emptyShapes() {
  // m or n == 0: nothing is touched; k == 0 or alpha == 0: C = beta * C.
  const Shape shapes[] = {{0, 0, 0}, {0, 5, 5}, {5, 0, 5}, {5, 5, 0},
                          {0, 7, 0}, {33, 7, 0}};
  unsigned seed = 2000;
  for (const Shape &s : shapes)
    for (int ta = 0; ta < 2; ++ta)
      for (int tb = 0; tb < 2; ++tb)
        for (double alpha : kScalars)
          for (double beta : kScalars)
            checkGemm<T>(s.m, s.n, s.k, ta, tb, alpha, beta, 1, 1, 2, seed++);
  // Null pointers are fine when nothing is read or written.
  gemm(0, 0, 0, T(1), static_cast<const T *>(nullptr), 1, 0,
       static_cast<const T *>(nullptr), 1, 0, T(0), static_cast<T *>(nullptr),
       1);
}

template <class T> void alphaZeroDoesNotReadAB() {
  const T nan = std::numeric_limits<T>::quiet_NaN();
  std::vector<T> A(40 * 40, nan), B(40 * 40, nan), C(40 * 40, T(2));
  gemm(40, 40, 40, T(0), A.data(), 40, 0, B.data(), 40, 1, T(-0.5), C.data(),
       40);
  for (T x : C)
    ASSERT_EQ(x, T(-1));
  std::fill(C.begin(), C.end(), nan);
  gemm(40, 40, 40, T(0), A.data(), 40, 1, B.data(), 40, 0, T(0), C.data(), 40);
  for (T x : C)
    ASSERT_EQ(x, T(0));
}

TEST_P(GemmIsa, SgemmSmallShapesAllScalars) { smallShapes<float>(); }
TEST_P(GemmIsa, DgemmSmallShapesAllScalars) { smallShapes<double>(); }
TEST_P(GemmIsa, SgemmOddPaddedShapes) { paddedOddShapes<float>(); }
TEST_P(GemmIsa, DgemmOddPaddedShapes) { paddedOddShapes<double>(); }
TEST_P(GemmIsa, SgemmLargeShapes) { largeShapes<float>(); }
TEST_P(GemmIsa, DgemmLargeShapes) { largeShapes<double>(); }
TEST_P(GemmIsa, SgemmEmptyShapes) { emptyShapes<float>(); }
TEST_P(GemmIsa, DgemmEmptyShapes) { emptyShapes<double>(); }
TEST_P(GemmIsa, SgemmAlphaZeroDoesNotReadAB) { alphaZeroDoesNotReadAB<float>(); }
TEST_P(GemmIsa, DgemmAlphaZeroDoesNotReadAB) { alphaZeroDoesNotReadAB<double>(); }

TEST_P(GemmIsa, ConcurrentCallsUseSeparateWorkspaces) {
  // Two threads at once, each checking its own product: the packing buffers
  // are per thread. (The ISA override is process-wide and already set.)
  std::thread t1([] {
    for (int r = 0; r < 3; ++r)
      checkGemm<float>(200, 300, 280, 0, 1, 1.0, 0.0, 0, 0, 0, 7 + r);
  });
  std::thread t2([] {
    for (int r = 0; r < 3; ++r)
      checkGemm<double>(150, 270, 300, 1, 0, -0.5, 1.0, 0, 0, 0, 70 + r);
  });
  t1.join();
  t2.join();
}

INSTANTIATE_TEST_SUITE_P(Isa, GemmIsa, ::testing::ValuesIn(supportedIsas()),
                         [](const ::testing::TestParamInfo<std::string> &i) {
                           return i.param;
                         });

TEST(Gemm, AutomaticChoiceIsTheBestSupported) {
  ASSERT_EQ(sinter_gemm_isa_override("auto"), 0);
  const std::string isa = sinter_gemm_isa();
  if (sinter_gemm_isa_supported("avx512"))
    EXPECT_EQ(isa, "avx512");
  else if (sinter_gemm_isa_supported("avx2"))
    EXPECT_EQ(isa, "avx2");
  else
    EXPECT_EQ(isa, "generic");
  EXPECT_TRUE(sinter_gemm_isa_supported("generic"));
}

TEST(Gemm, OverrideRejectsUnknownNames) {
  EXPECT_EQ(sinter_gemm_isa_override("sse9"), -1);
  EXPECT_EQ(sinter_gemm_isa_supported("sse9"), 0);
  EXPECT_EQ(sinter_gemm_isa_override(nullptr), 0);
}

} // namespace
