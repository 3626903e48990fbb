//===- GemmAvx512.cpp - AVX-512 sgemm/dgemm microkernels -------------------===//
//
// Compiled with -mavx512f -mavx512vl -mavx512bw -mavx512dq -mfma (see
// runtime/CMakeLists.txt); reached only through the dispatch in Gemm.cpp
// after __builtin_cpu_supports said yes. Include nothing from the standard
// library that defines inline functions (see GemmDriver.h).
//
// Microkernels: f32 12 x 32 (24 zmm accumulators, 2 zmm of B, 1 broadcast
// of A: BLIS's skx 32x12 with the roles of A and B swapped for row-major C),
// f64 12 x 16.
//
//===----------------------------------------------------------------------===//
#include "GemmInternal.h"

#if defined(__x86_64__)
#include "GemmDriver.h"

#include <immintrin.h>

// GCC 12 warns about _mm512_undefined_ps() inside its own intrinsics when
// they are inlined into loops (GCC PR 105593): a false positive.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

namespace {

struct Vf32x16 {
  using T = float;
  using V = __m512;
  static constexpr int L = 16;
  static SINTER_GEMM_INLINE V zero() { return _mm512_setzero_ps(); }
  static SINTER_GEMM_INLINE V load(const T *p) { return _mm512_loadu_ps(p); }
  static SINTER_GEMM_INLINE void store(T *p, V v) { _mm512_storeu_ps(p, v); }
  static SINTER_GEMM_INLINE V bcast(T x) { return _mm512_set1_ps(x); }
  static SINTER_GEMM_INLINE V fma(V a, V b, V c) { return _mm512_fmadd_ps(a, b, c); }
  static SINTER_GEMM_INLINE V mul(V a, V b) { return _mm512_mul_ps(a, b); }
  static SINTER_GEMM_INLINE V add(V a, V b) { return _mm512_add_ps(a, b); }
  static SINTER_GEMM_INLINE __mmask16 mask(int n) {
    return static_cast<__mmask16>((1u << n) - 1u);
  }
  static constexpr bool kDirectB = true;
  using Mask = __mmask16;
  static SINTER_GEMM_INLINE Mask maskN(int n) { return mask(n); }
  static SINTER_GEMM_INLINE V loadM(const T *p, Mask m) {
    return _mm512_maskz_loadu_ps(m, p);
  }
  static SINTER_GEMM_INLINE void storeM(T *p, V v, Mask m) {
    _mm512_mask_storeu_ps(p, m, v);
  }
  static SINTER_GEMM_INLINE V loadN(const T *p, int n) {
    return _mm512_maskz_loadu_ps(mask(n), p);
  }
  static SINTER_GEMM_INLINE void storeN(T *p, V v, int n) {
    _mm512_mask_storeu_ps(p, mask(n), v);
  }
  static SINTER_GEMM_INLINE void prefetch(const void *p) {
    _mm_prefetch(static_cast<const char *>(p), _MM_HINT_T0);
  }
};

struct Vf64x8 {
  using T = double;
  using V = __m512d;
  static constexpr int L = 8;
  static SINTER_GEMM_INLINE V zero() { return _mm512_setzero_pd(); }
  static SINTER_GEMM_INLINE V load(const T *p) { return _mm512_loadu_pd(p); }
  static SINTER_GEMM_INLINE void store(T *p, V v) { _mm512_storeu_pd(p, v); }
  static SINTER_GEMM_INLINE V bcast(T x) { return _mm512_set1_pd(x); }
  static SINTER_GEMM_INLINE V fma(V a, V b, V c) { return _mm512_fmadd_pd(a, b, c); }
  static SINTER_GEMM_INLINE V mul(V a, V b) { return _mm512_mul_pd(a, b); }
  static SINTER_GEMM_INLINE V add(V a, V b) { return _mm512_add_pd(a, b); }
  static SINTER_GEMM_INLINE __mmask8 mask(int n) {
    return static_cast<__mmask8>((1u << n) - 1u);
  }
  static constexpr bool kDirectB = true;
  using Mask = __mmask8;
  static SINTER_GEMM_INLINE Mask maskN(int n) { return mask(n); }
  static SINTER_GEMM_INLINE V loadM(const T *p, Mask m) {
    return _mm512_maskz_loadu_pd(m, p);
  }
  static SINTER_GEMM_INLINE void storeM(T *p, V v, Mask m) {
    _mm512_mask_storeu_pd(p, m, v);
  }
  static SINTER_GEMM_INLINE V loadN(const T *p, int n) {
    return _mm512_maskz_loadu_pd(mask(n), p);
  }
  static SINTER_GEMM_INLINE void storeN(T *p, V v, int n) {
    _mm512_mask_storeu_pd(p, mask(n), v);
  }
  static SINTER_GEMM_INLINE void prefetch(const void *p) {
    _mm_prefetch(static_cast<const char *>(p), _MM_HINT_T0);
  }
};


// --- Packing with in-register transposes --------------------------------
//
// The default packing loops (GemmDriver.h) move one scalar at a time with a
// strided store wherever the packed order is the transpose of the stored one
// (A as stored, B transposed): ~3 cycles an element, which cost up to a
// third of the time of the MLP's 128-row products. These transpose 16 x 16
// (f32) or 8 x 8 (f64) blocks in zmm registers instead, with masked loads
// for the edges (a short k), and fall back to the default loops only for
// more than 16 rows.

/// Transposes r[0..15] (rows) in place into columns: r[c][i] = old r[i][c].
SINTER_GEMM_INLINE void transpose16x16(__m512 r[16]) {
  __m512 t[16], u[16];
  for (int j = 0; j < 8; ++j) {
    t[2 * j] = _mm512_unpacklo_ps(r[2 * j], r[2 * j + 1]);
    t[2 * j + 1] = _mm512_unpackhi_ps(r[2 * j], r[2 * j + 1]);
  }
  // u[4j + q]: 128-bit lane L holds rows 4j..4j+3 of column q + 4L.
  for (int j = 0; j < 4; ++j) {
    u[4 * j + 0] = _mm512_shuffle_ps(t[4 * j + 0], t[4 * j + 2], 0x44);
    u[4 * j + 1] = _mm512_shuffle_ps(t[4 * j + 0], t[4 * j + 2], 0xEE);
    u[4 * j + 2] = _mm512_shuffle_ps(t[4 * j + 1], t[4 * j + 3], 0x44);
    u[4 * j + 3] = _mm512_shuffle_ps(t[4 * j + 1], t[4 * j + 3], 0xEE);
  }
  for (int q = 0; q < 4; ++q) {
    const __m512 v0 = _mm512_shuffle_f32x4(u[q], u[4 + q], 0x88);
    const __m512 w0 = _mm512_shuffle_f32x4(u[q], u[4 + q], 0xDD);
    const __m512 v1 = _mm512_shuffle_f32x4(u[8 + q], u[12 + q], 0x88);
    const __m512 w1 = _mm512_shuffle_f32x4(u[8 + q], u[12 + q], 0xDD);
    r[q] = _mm512_shuffle_f32x4(v0, v1, 0x88);
    r[q + 8] = _mm512_shuffle_f32x4(v0, v1, 0xDD);
    r[q + 4] = _mm512_shuffle_f32x4(w0, w1, 0x88);
    r[q + 12] = _mm512_shuffle_f32x4(w0, w1, 0xDD);
  }
}

/// Transposes r[0..7] (rows of 8 doubles) in place into columns.
SINTER_GEMM_INLINE void transpose8x8(__m512d r[8]) {
  __m512d t[8], s[8];
  for (int j = 0; j < 4; ++j) {
    t[2 * j] = _mm512_unpacklo_pd(r[2 * j], r[2 * j + 1]);     // cols 0,2,4,6
    t[2 * j + 1] = _mm512_unpackhi_pd(r[2 * j], r[2 * j + 1]); // cols 1,3,5,7
  }
  // s: lanes hold row pairs (0,1),(2,3) | (4,5),(6,7) of columns {c, c+4}.
  for (int h = 0; h < 2; ++h) { // h = 0: even columns, 1: odd
    s[4 * h + 0] = _mm512_shuffle_f64x2(t[0 + h], t[2 + h], 0x88);
    s[4 * h + 1] = _mm512_shuffle_f64x2(t[0 + h], t[2 + h], 0xDD);
    s[4 * h + 2] = _mm512_shuffle_f64x2(t[4 + h], t[6 + h], 0x88);
    s[4 * h + 3] = _mm512_shuffle_f64x2(t[4 + h], t[6 + h], 0xDD);
    r[0 + h] = _mm512_shuffle_f64x2(s[4 * h + 0], s[4 * h + 2], 0x88);
    r[4 + h] = _mm512_shuffle_f64x2(s[4 * h + 0], s[4 * h + 2], 0xDD);
    r[2 + h] = _mm512_shuffle_f64x2(s[4 * h + 1], s[4 * h + 3], 0x88);
    r[6 + h] = _mm512_shuffle_f64x2(s[4 * h + 1], s[4 * h + 3], 0xDD);
  }
}

struct PackAvx512f32 {
  using Default = PackDefault<float>;

  // dst[p * W + j] = op(B)(p, j).
  static void packB(int64_t kc, int64_t w, int64_t W, const float *b,
                    int64_t ldb, int transB, float *SINTER_GEMM_RESTRICT dst) {
    if (!transB) {
      if (w == 32 && W == 32) {
        for (int64_t p = 0; p < kc; ++p) {
          const float *src = b + p * ldb;
          _mm512_storeu_ps(dst + p * 32, _mm512_loadu_ps(src));
          _mm512_storeu_ps(dst + p * 32 + 16, _mm512_loadu_ps(src + 16));
        }
        return;
      }
      for (int64_t p = 0; p < kc; ++p) {
        const float *src = b + p * ldb;
        for (int64_t j = 0; j < W; j += 16) {
          const int lanes = static_cast<int>(gMin<int64_t>(16, w - j));
          const __m512 x =
              lanes > 0 ? Vf32x16::loadN(src + j, lanes) : _mm512_setzero_ps();
          _mm512_storeu_ps(dst + p * W + j, x);
        }
      }
      return;
    }
    // op(B)(p, j) = b[j * ldb + p]: transpose 16 (j) x 16 (p) blocks; rows
    // of the block past w are zero, as the padding wants.
    for (int64_t j0 = 0; j0 < W; j0 += 16) {
      const int rows = static_cast<int>(gMin<int64_t>(16, w - j0));
      for (int64_t p = 0; p < kc; p += 16) {
        const int cols = static_cast<int>(gMin<int64_t>(16, kc - p));
        const __mmask16 m = Vf32x16::mask(cols);
        __m512 r[16];
        for (int i = 0; i < 16; ++i)
          r[i] = i < rows ? _mm512_maskz_loadu_ps(m, b + (j0 + i) * ldb + p)
                          : _mm512_setzero_ps();
        transpose16x16(r);
        for (int q = 0; q < cols; ++q)
          _mm512_storeu_ps(dst + (p + q) * W + j0, r[q]);
      }
    }
  }

  // dst[p * mr + i] = op(A)(i, p).
  static void packA(int64_t kc, int mr, const float *a, int64_t lda,
                    int transA, float *SINTER_GEMM_RESTRICT dst) {
    if (transA) {
      // op(A)(i, p) = a[p * lda + i]: mr contiguous floats per p.
      if (mr <= 16) {
        const __mmask16 m = Vf32x16::mask(mr);
        for (int64_t p = 0; p < kc; ++p)
          _mm512_mask_storeu_ps(dst + p * mr, m,
                                _mm512_maskz_loadu_ps(m, a + p * lda));
        return;
      }
      Default::packA(kc, mr, a, lda, transA, dst);
      return;
    }
    // op(A)(i, p) = a[i * lda + p]: transpose mr (<= 16) x 16 blocks and
    // keep the first mr lanes of each column.
    if (mr > 16) {
      Default::packA(kc, mr, a, lda, transA, dst);
      return;
    }
    const __mmask16 m = Vf32x16::mask(mr);
    for (int64_t p = 0; p < kc; p += 16) {
      const int cols = static_cast<int>(gMin<int64_t>(16, kc - p));
      const __mmask16 mc = Vf32x16::mask(cols);
      __m512 r[16];
      for (int i = 0; i < 16; ++i)
        r[i] = i < mr ? _mm512_maskz_loadu_ps(mc, a + i * lda + p)
                      : _mm512_setzero_ps();
      transpose16x16(r);
      for (int q = 0; q < cols; ++q)
        _mm512_mask_storeu_ps(dst + (p + q) * mr, m, r[q]);
    }
  }
};

struct PackAvx512f64 {
  using Default = PackDefault<double>;

  static void packB(int64_t kc, int64_t w, int64_t W, const double *b,
                    int64_t ldb, int transB, double *SINTER_GEMM_RESTRICT dst) {
    if (!transB) {
      for (int64_t p = 0; p < kc; ++p) {
        const double *src = b + p * ldb;
        for (int64_t j = 0; j < W; j += 8) {
          const int lanes = static_cast<int>(gMin<int64_t>(8, w - j));
          const __m512d x = lanes >= 8 ? _mm512_loadu_pd(src + j)
                            : lanes > 0 ? Vf64x8::loadN(src + j, lanes)
                                        : _mm512_setzero_pd();
          _mm512_storeu_pd(dst + p * W + j, x);
        }
      }
      return;
    }
    for (int64_t j0 = 0; j0 < W; j0 += 8) {
      const int rows = static_cast<int>(gMin<int64_t>(8, w - j0));
      for (int64_t p = 0; p < kc; p += 8) {
        const int cols = static_cast<int>(gMin<int64_t>(8, kc - p));
        const __mmask8 m = Vf64x8::mask(cols);
        __m512d r[8];
        for (int i = 0; i < 8; ++i)
          r[i] = i < rows ? _mm512_maskz_loadu_pd(m, b + (j0 + i) * ldb + p)
                          : _mm512_setzero_pd();
        transpose8x8(r);
        for (int q = 0; q < cols; ++q)
          _mm512_storeu_pd(dst + (p + q) * W + j0, r[q]);
      }
    }
  }

  static void packA(int64_t kc, int mr, const double *a, int64_t lda,
                    int transA, double *SINTER_GEMM_RESTRICT dst) {
    if (transA) {
      if (mr <= 16) {
        const int lo = mr < 8 ? mr : 8, hi = mr - lo;
        const __mmask8 mlo = Vf64x8::mask(lo), mhi = Vf64x8::mask(hi);
        for (int64_t p = 0; p < kc; ++p) {
          const double *src = a + p * lda;
          _mm512_mask_storeu_pd(dst + p * mr, mlo,
                                _mm512_maskz_loadu_pd(mlo, src));
          if (hi > 0)
            _mm512_mask_storeu_pd(dst + p * mr + 8, mhi,
                                  _mm512_maskz_loadu_pd(mhi, src + 8));
        }
        return;
      }
      Default::packA(kc, mr, a, lda, transA, dst);
      return;
    }
    if (mr > 16) {
      Default::packA(kc, mr, a, lda, transA, dst);
      return;
    }
    for (int i0 = 0; i0 < mr; i0 += 8) {
      const int rows = mr - i0 < 8 ? mr - i0 : 8;
      const __mmask8 m = Vf64x8::mask(rows);
      for (int64_t p = 0; p < kc; p += 8) {
        const int cols = static_cast<int>(gMin<int64_t>(8, kc - p));
        const __mmask8 mc = Vf64x8::mask(cols);
        __m512d r[8];
        for (int i = 0; i < 8; ++i)
          r[i] = i < rows ? _mm512_maskz_loadu_pd(mc, a + (i0 + i) * lda + p)
                          : _mm512_setzero_pd();
        transpose8x8(r);
        for (int q = 0; q < cols; ++q)
          _mm512_mask_storeu_pd(dst + (p + q) * mr + i0, m, r[q]);
      }
    }
  }
};

constexpr int kSMR = 12, kSNV = 2, kSKC = 256, kSNC = 512;
constexpr int kDMR = 12, kDNV = 2, kDKC = 256, kDNC = 256;

} // namespace

namespace sinter {
namespace gemm {

/// A few rows times a transposed B (x . W^T with W stored [n, k], as a
/// Linear layer's forward at batch 1): each output is a dot product of two
/// contiguous k-vectors, so packing B -- the whole weight matrix, every call
/// -- would cost more than the product. Four columns at a time, 16 lanes,
/// a masked tail.
static void sgemmFewRowsTransB(int64_t m, int64_t n, int64_t k, float alpha,
                               const float *a, int64_t lda, const float *b,
                               int64_t ldb, float beta, float *c,
                               int64_t ldc) {
  const __mmask16 tail = __mmask16((1u << (k % 16)) - 1);
  const int64_t full = k - k % 16;
  for (int64_t i = 0; i < m; ++i) {
    const float *x = a + i * lda;
    int64_t j = 0;
    for (; j + 4 <= n; j += 4) {
      const float *w0 = b + j * ldb, *w1 = w0 + ldb, *w2 = w1 + ldb,
                  *w3 = w2 + ldb;
      __m512 s0 = _mm512_setzero_ps(), s1 = s0, s2 = s0, s3 = s0;
      for (int64_t p = 0; p < full; p += 16) {
        __m512 v = _mm512_loadu_ps(x + p);
        s0 = _mm512_fmadd_ps(v, _mm512_loadu_ps(w0 + p), s0);
        s1 = _mm512_fmadd_ps(v, _mm512_loadu_ps(w1 + p), s1);
        s2 = _mm512_fmadd_ps(v, _mm512_loadu_ps(w2 + p), s2);
        s3 = _mm512_fmadd_ps(v, _mm512_loadu_ps(w3 + p), s3);
      }
      if (tail) {
        __m512 v = _mm512_maskz_loadu_ps(tail, x + full);
        s0 = _mm512_fmadd_ps(v, _mm512_maskz_loadu_ps(tail, w0 + full), s0);
        s1 = _mm512_fmadd_ps(v, _mm512_maskz_loadu_ps(tail, w1 + full), s1);
        s2 = _mm512_fmadd_ps(v, _mm512_maskz_loadu_ps(tail, w2 + full), s2);
        s3 = _mm512_fmadd_ps(v, _mm512_maskz_loadu_ps(tail, w3 + full), s3);
      }
      float d[4] = {_mm512_reduce_add_ps(s0), _mm512_reduce_add_ps(s1),
                    _mm512_reduce_add_ps(s2), _mm512_reduce_add_ps(s3)};
      for (int q = 0; q < 4; ++q) {
        float *out = c + i * ldc + j + q;
        *out = beta == 0 ? alpha * d[q] : alpha * d[q] + beta * *out;
      }
    }
    for (; j < n; ++j) {
      const float *w = b + j * ldb;
      __m512 s = _mm512_setzero_ps();
      for (int64_t p = 0; p < full; p += 16)
        s = _mm512_fmadd_ps(_mm512_loadu_ps(x + p), _mm512_loadu_ps(w + p), s);
      if (tail)
        s = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(tail, x + full),
                            _mm512_maskz_loadu_ps(tail, w + full), s);
      float d = _mm512_reduce_add_ps(s);
      float *out = c + i * ldc + j;
      *out = beta == 0 ? alpha * d : alpha * d + beta * *out;
    }
  }
}

void sgemmAvx512(int64_t m, int64_t n, int64_t k, float alpha, const float *a,
                 int64_t lda, int transA, const float *b, int64_t ldb,
                 int transB, float beta, float *c, int64_t ldc,
                 void *workspace) {
  // alpha == 0 or k == 0 must not read A or B: the driver handles those.
  if (m <= 4 && transA == 0 && transB == 1 && k >= 16 && alpha != 0) {
    sgemmFewRowsTransB(m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    return;
  }
  gemmDriver<Vf32x16, PackAvx512f32, kSMR, kSNV, kSKC, kSNC>(
      m, n, k, alpha, a, lda, transA, b, ldb, transB, beta, c, ldc, workspace);
}

void dgemmAvx512(int64_t m, int64_t n, int64_t k, double alpha,
                 const double *a, int64_t lda, int transA, const double *b,
                 int64_t ldb, int transB, double beta, double *c, int64_t ldc,
                 void *workspace) {
  gemmDriver<Vf64x8, PackAvx512f64, kDMR, kDNV, kDKC, kDNC>(
      m, n, k, alpha, a, lda, transA, b, ldb, transB, beta, c, ldc, workspace);
}

} // namespace gemm
} // namespace sinter

#endif // defined(__x86_64__)
