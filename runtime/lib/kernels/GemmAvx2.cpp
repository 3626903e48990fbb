//===- GemmAvx2.cpp - AVX2+FMA sgemm/dgemm microkernels -------------------===//
//
// Compiled with -mavx2 -mfma (see runtime/CMakeLists.txt); reached only
// through the dispatch in Gemm.cpp after __builtin_cpu_supports said yes.
// Include nothing from the standard library that defines inline functions
// (see GemmDriver.h).
//
// Microkernels: f32 6 x 16 (12 ymm accumulators, 2 ymm of B, 1 broadcast of
// A: BLIS's haswell 16x6 with the roles of A and B swapped for row-major C),
// f64 6 x 8.
//
//===----------------------------------------------------------------------===//
#include "GemmInternal.h"

#if defined(__x86_64__)
#include "GemmDriver.h"

#include <immintrin.h>

namespace {

struct Vf32x8 {
  using T = float;
  using V = __m256;
  static constexpr int L = 8;
  static SINTER_GEMM_INLINE V zero() { return _mm256_setzero_ps(); }
  static SINTER_GEMM_INLINE V load(const T *p) { return _mm256_loadu_ps(p); }
  static SINTER_GEMM_INLINE void store(T *p, V v) { _mm256_storeu_ps(p, v); }
  static SINTER_GEMM_INLINE V bcast(T x) { return _mm256_set1_ps(x); }
  static SINTER_GEMM_INLINE V fma(V a, V b, V c) { return _mm256_fmadd_ps(a, b, c); }
  static SINTER_GEMM_INLINE V mul(V a, V b) { return _mm256_mul_ps(a, b); }
  static SINTER_GEMM_INLINE __m256i mask(int n) {
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(n),
                              _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
  }
  using Mask = __m256i;
  static SINTER_GEMM_INLINE Mask maskN(int n) { return mask(n); }
  static SINTER_GEMM_INLINE V loadM(const T *p, Mask m) {
    return _mm256_maskload_ps(p, m);
  }
  static SINTER_GEMM_INLINE void storeM(T *p, V v, Mask m) {
    _mm256_maskstore_ps(p, m, v);
  }
  static SINTER_GEMM_INLINE V loadN(const T *p, int n) {
    return _mm256_maskload_ps(p, mask(n));
  }
  static SINTER_GEMM_INLINE void storeN(T *p, V v, int n) {
    _mm256_maskstore_ps(p, mask(n), v);
  }
  static SINTER_GEMM_INLINE void prefetch(const void *p) {
    _mm_prefetch(static_cast<const char *>(p), _MM_HINT_T0);
  }
};

struct Vf64x4 {
  using T = double;
  using V = __m256d;
  static constexpr int L = 4;
  static SINTER_GEMM_INLINE V zero() { return _mm256_setzero_pd(); }
  static SINTER_GEMM_INLINE V load(const T *p) { return _mm256_loadu_pd(p); }
  static SINTER_GEMM_INLINE void store(T *p, V v) { _mm256_storeu_pd(p, v); }
  static SINTER_GEMM_INLINE V bcast(T x) { return _mm256_set1_pd(x); }
  static SINTER_GEMM_INLINE V fma(V a, V b, V c) { return _mm256_fmadd_pd(a, b, c); }
  static SINTER_GEMM_INLINE V mul(V a, V b) { return _mm256_mul_pd(a, b); }
  static SINTER_GEMM_INLINE __m256i mask(int n) {
    return _mm256_cmpgt_epi64(_mm256_set1_epi64x(n),
                              _mm256_setr_epi64x(0, 1, 2, 3));
  }
  using Mask = __m256i;
  static SINTER_GEMM_INLINE Mask maskN(int n) { return mask(n); }
  static SINTER_GEMM_INLINE V loadM(const T *p, Mask m) {
    return _mm256_maskload_pd(p, m);
  }
  static SINTER_GEMM_INLINE void storeM(T *p, V v, Mask m) {
    _mm256_maskstore_pd(p, m, v);
  }
  static SINTER_GEMM_INLINE V loadN(const T *p, int n) {
    return _mm256_maskload_pd(p, mask(n));
  }
  static SINTER_GEMM_INLINE void storeN(T *p, V v, int n) {
    _mm256_maskstore_pd(p, mask(n), v);
  }
  static SINTER_GEMM_INLINE void prefetch(const void *p) {
    _mm_prefetch(static_cast<const char *>(p), _MM_HINT_T0);
  }
};

constexpr int kSMR = 6, kSNV = 2, kSKC = 256, kSNC = 512;
constexpr int kDMR = 6, kDNV = 2, kDKC = 256, kDNC = 256;
static_assert((kSKC * kSNC + kSMR * kSKC) * sizeof(float) <=
                  sinter::gemm::kWorkspaceBytes,
              "avx2 sgemm blocking exceeds the workspace");
static_assert((kDKC * kDNC + kDMR * kDKC) * sizeof(double) <=
                  sinter::gemm::kWorkspaceBytes,
              "avx2 dgemm blocking exceeds the workspace");

} // namespace

namespace sinter {
namespace gemm {

void sgemmAvx2(int64_t m, int64_t n, int64_t k, float alpha, const float *a,
               int64_t lda, int transA, const float *b, int64_t ldb,
               int transB, float beta, float *c, int64_t ldc,
               void *workspace) {
  gemmDriver<Vf32x8, PackDefault<float>, kSMR, kSNV, kSKC, kSNC>(
      m, n, k, alpha, a, lda, transA, b, ldb, transB, beta, c, ldc, workspace);
}

void dgemmAvx2(int64_t m, int64_t n, int64_t k, double alpha, const double *a,
               int64_t lda, int transA, const double *b, int64_t ldb,
               int transB, double beta, double *c, int64_t ldc,
               void *workspace) {
  gemmDriver<Vf64x4, PackDefault<double>, kDMR, kDNV, kDKC, kDNC>(
      m, n, k, alpha, a, lda, transA, b, ldb, transB, beta, c, ldc, workspace);
}

} // namespace gemm
} // namespace sinter

#endif // defined(__x86_64__)
