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
  static SINTER_GEMM_INLINE V add(V a, V b) { return _mm256_add_ps(a, b); }
  static SINTER_GEMM_INLINE __m256i mask(int n) {
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(n),
                              _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
  }
  static constexpr bool kDirectB = true;
  using Mask = __m256i;
  static SINTER_GEMM_INLINE Mask maskN(int n) { return mask(n); }
  static SINTER_GEMM_INLINE V loadM(const T *p, Mask m) {
    return _mm256_maskload_ps(p, m);
  }
  static SINTER_GEMM_INLINE void storeM(T *p, V v, Mask m) {
    // Not _mm256_maskstore_ps: microcoded and slow on AMD. The mask is a
    // prefix of n lanes.
    alignas(32) T tmp[8];
    _mm256_store_ps(tmp, v);
    const int n = __builtin_popcount(_mm256_movemask_ps(_mm256_castsi256_ps(m)));
    for (int i = 0; i < n; ++i)
      p[i] = tmp[i];
  }
  static SINTER_GEMM_INLINE V loadN(const T *p, int n) {
    return _mm256_maskload_ps(p, mask(n));
  }
  static SINTER_GEMM_INLINE void storeN(T *p, V v, int n) {
    storeM(p, v, mask(n));
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
  static SINTER_GEMM_INLINE V add(V a, V b) { return _mm256_add_pd(a, b); }
  static SINTER_GEMM_INLINE __m256i mask(int n) {
    return _mm256_cmpgt_epi64(_mm256_set1_epi64x(n),
                              _mm256_setr_epi64x(0, 1, 2, 3));
  }
  static constexpr bool kDirectB = true;
  using Mask = __m256i;
  static SINTER_GEMM_INLINE Mask maskN(int n) { return mask(n); }
  static SINTER_GEMM_INLINE V loadM(const T *p, Mask m) {
    return _mm256_maskload_pd(p, m);
  }
  static SINTER_GEMM_INLINE void storeM(T *p, V v, Mask m) {
    // Not _mm256_maskstore_pd: microcoded and slow on AMD. The mask is a
    // prefix of n lanes.
    alignas(32) T tmp[4];
    _mm256_store_pd(tmp, v);
    const int n = __builtin_popcount(_mm256_movemask_pd(_mm256_castsi256_pd(m)));
    for (int i = 0; i < n; ++i)
      p[i] = tmp[i];
  }
  static SINTER_GEMM_INLINE V loadN(const T *p, int n) {
    return _mm256_maskload_pd(p, mask(n));
  }
  static SINTER_GEMM_INLINE void storeN(T *p, V v, int n) {
    storeM(p, v, mask(n));
  }
  static SINTER_GEMM_INLINE void prefetch(const void *p) {
    _mm_prefetch(static_cast<const char *>(p), _MM_HINT_T0);
  }
};

// --- Packing with in-register transposes (see GemmAvx512.cpp) -----------

/// Transposes r[0..7] (rows of 8 floats) in place into columns.
SINTER_GEMM_INLINE void transpose8x8(__m256 r[8]) {
  __m256 t[8], u[8];
  for (int j = 0; j < 4; ++j) {
    t[2 * j] = _mm256_unpacklo_ps(r[2 * j], r[2 * j + 1]);
    t[2 * j + 1] = _mm256_unpackhi_ps(r[2 * j], r[2 * j + 1]);
  }
  // u[4h + q]: 128-bit lane L holds rows 4h..4h+3 of column q + 4L.
  for (int h = 0; h < 2; ++h) {
    u[4 * h + 0] = _mm256_shuffle_ps(t[4 * h + 0], t[4 * h + 2], 0x44);
    u[4 * h + 1] = _mm256_shuffle_ps(t[4 * h + 0], t[4 * h + 2], 0xEE);
    u[4 * h + 2] = _mm256_shuffle_ps(t[4 * h + 1], t[4 * h + 3], 0x44);
    u[4 * h + 3] = _mm256_shuffle_ps(t[4 * h + 1], t[4 * h + 3], 0xEE);
  }
  for (int q = 0; q < 4; ++q) {
    r[q] = _mm256_permute2f128_ps(u[q], u[4 + q], 0x20);
    r[q + 4] = _mm256_permute2f128_ps(u[q], u[4 + q], 0x31);
  }
}

/// Transposes r[0..3] (rows of 4 doubles) in place into columns.
SINTER_GEMM_INLINE void transpose4x4(__m256d r[4]) {
  const __m256d t0 = _mm256_unpacklo_pd(r[0], r[1]); // cols 0, 2 of rows 0-1
  const __m256d t1 = _mm256_unpackhi_pd(r[0], r[1]); // cols 1, 3
  const __m256d t2 = _mm256_unpacklo_pd(r[2], r[3]);
  const __m256d t3 = _mm256_unpackhi_pd(r[2], r[3]);
  r[0] = _mm256_permute2f128_pd(t0, t2, 0x20);
  r[1] = _mm256_permute2f128_pd(t1, t3, 0x20);
  r[2] = _mm256_permute2f128_pd(t0, t2, 0x31);
  r[3] = _mm256_permute2f128_pd(t1, t3, 0x31);
}

/// Packing for element type T with vectors of L lanes and an L x L
/// in-register transpose (Vec: Vf32x8 or Vf64x4).
template <class Vec> struct PackAvx2 {
  using T = typename Vec::T;
  using V = typename Vec::V;
  static constexpr int L = Vec::L;

  static SINTER_GEMM_INLINE void transpose(V r[L]) {
    if constexpr (L == 8)
      transpose8x8(r);
    else
      transpose4x4(r);
  }

  // dst[p * W + j] = op(B)(p, j), zero for w <= j < W.
  static void packB(int64_t kc, int64_t w, int64_t W, const T *b, int64_t ldb,
                    int transB, T *SINTER_GEMM_RESTRICT dst) {
    if (!transB) {
      for (int64_t p = 0; p < kc; ++p) {
        const T *src = b + p * ldb;
        for (int64_t j = 0; j < W; j += L) {
          const int lanes = static_cast<int>(gMin<int64_t>(L, w - j));
          const V x = lanes >= L  ? Vec::load(src + j)
                      : lanes > 0 ? Vec::loadN(src + j, lanes)
                                  : Vec::zero();
          Vec::store(dst + p * W + j, x);
        }
      }
      return;
    }
    // op(B)(p, j) = b[j * ldb + p]: transpose L (j) x L (p) blocks.
    for (int64_t j0 = 0; j0 < W; j0 += L) {
      const int rows = static_cast<int>(gMin<int64_t>(L, w - j0));
      for (int64_t p = 0; p < kc; p += L) {
        const int cols = static_cast<int>(gMin<int64_t>(L, kc - p));
        const __m256i m = Vec::mask(cols);
        V r[L];
        for (int i = 0; i < L; ++i)
          r[i] = i < rows ? Vec::loadM(b + (j0 + i) * ldb + p, m) : Vec::zero();
        transpose(r);
        for (int q = 0; q < cols; ++q)
          Vec::store(dst + (p + q) * W + j0, r[q]);
      }
    }
  }

  // dst[p * mr + i] = op(A)(i, p), mr <= 2 * L. AMD's masked stores
  // (vmaskmovps/pd to memory) are microcoded and slow, so this stores whole
  // vectors in ascending address order: each spills up to L - 1 elements
  // into the next p's slot, which the next store overwrites; the last one
  // spills past mr * kc, into the workspace's slack (kPackSlack).
  static void packA(int64_t kc, int mr, const T *a, int64_t lda, int transA,
                    T *SINTER_GEMM_RESTRICT dst) {
    if (mr > 2 * L) {
      PackDefault<T>::packA(kc, mr, a, lda, transA, dst);
      return;
    }
    const int lo = mr < L ? mr : L, hi = mr - lo;
    const __m256i mlo = Vec::mask(lo), mhi = Vec::mask(hi);
    if (transA) {
      // op(A)(i, p) = a[p * lda + i]: mr contiguous values per p.
      for (int64_t p = 0; p < kc; ++p) {
        const T *src = a + p * lda;
        Vec::store(dst + p * mr, Vec::loadM(src, mlo));
        if (hi > 0)
          Vec::store(dst + p * mr + L, Vec::loadM(src + L, mhi));
      }
      return;
    }
    // op(A)(i, p) = a[i * lda + p]: transpose blocks of L rows x L columns
    // (rows lo..mr-1 in a second block).
    for (int64_t p = 0; p < kc; p += L) {
      const int cols = static_cast<int>(gMin<int64_t>(L, kc - p));
      const __m256i mc = Vec::mask(cols);
      V r[L], s[L];
      for (int i = 0; i < L; ++i)
        r[i] = i < lo ? Vec::loadM(a + i * lda + p, mc) : Vec::zero();
      transpose(r);
      if (hi > 0) {
        for (int i = 0; i < L; ++i)
          s[i] = i < hi ? Vec::loadM(a + (L + i) * lda + p, mc) : Vec::zero();
        transpose(s);
      }
      for (int q = 0; q < cols; ++q) {
        Vec::store(dst + (p + q) * mr, r[q]);
        if (hi > 0)
          Vec::store(dst + (p + q) * mr + L, s[q]);
      }
    }
  }
};

constexpr int kSMR = 6, kSNV = 2, kSKC = 256, kSNC = 512;
constexpr int kDMR = 6, kDNV = 2, kDKC = 256, kDNC = 256;

} // namespace

namespace sinter {
namespace gemm {

void sgemmAvx2(int64_t m, int64_t n, int64_t k, float alpha, const float *a,
               int64_t lda, int transA, const float *b, int64_t ldb,
               int transB, float beta, float *c, int64_t ldc,
               void *workspace) {
  gemmDriver<Vf32x8, PackAvx2<Vf32x8>, kSMR, kSNV, kSKC, kSNC>(
      m, n, k, alpha, a, lda, transA, b, ldb, transB, beta, c, ldc, workspace);
}

void dgemmAvx2(int64_t m, int64_t n, int64_t k, double alpha, const double *a,
               int64_t lda, int transA, const double *b, int64_t ldb,
               int transB, double beta, double *c, int64_t ldc,
               void *workspace) {
  gemmDriver<Vf64x4, PackAvx2<Vf64x4>, kDMR, kDNV, kDKC, kDNC>(
      m, n, k, alpha, a, lda, transA, b, ldb, transB, beta, c, ldc, workspace);
}

} // namespace gemm
} // namespace sinter

#endif // defined(__x86_64__)
