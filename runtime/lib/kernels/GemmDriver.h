//===- GemmDriver.h - BLIS-style packed GEMM, generic over a vector ISA -*- C++ -*-===//
//
// Included by each per-ISA translation unit (Gemm.cpp, GemmAvx2.cpp,
// GemmAvx512.cpp), which supplies a vector-traits class and instantiates
// `gemmDriver`. Everything here lives in an unnamed namespace and uses no
// standard-library functions, on purpose: the ISA translation units are
// compiled with -mavx2/-mavx512f, and an inline function instantiated there
// with external linkage (std::min, say) could be the copy the linker keeps
// for the generic translation unit too, putting AVX-512 instructions on a
// path that must run on any x86-64.
//
// Row-major C[m x n] += A[m x k] * B[k x n], vectorised along n (C's rows are
// contiguous). The loops, in the BLIS order with the roles of A and B
// swapped (for row-major C the broadcast operand is A):
//
//   for jc in n step NC:                  B block (KC x NC) -> L2
//     for pc in k step KC:                pack B into NR-wide panels
//       for ir in m step MR:              pack an MR x KC micro-panel of A (L1)
//         for jr in nc step NR:           microkernel: MR x NR tile of C
//
// The microkernel keeps an MR x NV vector tile of C in registers and, for
// each p, loads NV vectors of packed B and broadcasts MR scalars of packed A.
// Edges are exact: the last row block uses a kernel with exactly mr rows
// (packed with row stride mr) and the last column panel one with just enough
// vectors, whose lanes past n are masked on load and store of C. The packed
// B panel is zero-padded to whole vectors. beta == 0 never reads C; the
// first k block applies beta, later ones accumulate (beta = 1).
//
// Products of at most 2 MR rows (an MLP's weight gradient with few outputs,
// a batch of one) use each element of B once or twice, so packing B would
// cost as much as the product: with VT::kDirectB, and B not transposed, the
// kernel reads B as stored instead (masked loads on the edge panel).
//
// A vector-traits class VT provides:
//   using T (element), V (vector); static constexpr int L (lanes);
//   V zero(); V load(const T *); void store(T *, V); V bcast(T);
//   V fma(V a, V b, V c) (a * b + c); V mul(V, V); V add(V, V);
//   using Mask; Mask maskN(int n) (the first n lanes); V loadM(const T *,
//   Mask) (zero elsewhere, no fault past the mask); storeM(T *, V, Mask);
//   void prefetch(const void *);
//   static constexpr bool kDirectB: whether masked loads are cheap enough to
//   read an unpacked B.
// A packing class (PackDefault<T> or the ISA's own) provides
//   packB(kc, w, W, b, ldb, transB, dst) and packA(kc, mr, a, lda, transA,
//   dst), with the layouts documented at PackDefault.
//
//===----------------------------------------------------------------------===//
#ifndef SINTER_RUNTIME_LIB_KERNELS_GEMMDRIVER_H
#define SINTER_RUNTIME_LIB_KERNELS_GEMMDRIVER_H

#include "GemmInternal.h"

#include <cstddef>
#include <cstdint>

namespace {

/// Elements past the packed A micro-panel that a packA may overwrite (the
/// AVX2 one stores whole vectors; see GemmAvx2.cpp).
constexpr int kPackSlack = 16;

template <class I> inline I gMin(I a, I b) { return a < b ? a : b; }

#if defined(__GNUC__)
#define SINTER_GEMM_INLINE inline __attribute__((always_inline))
#define SINTER_GEMM_RESTRICT __restrict__
#define SINTER_GEMM_PRAGMA(x) _Pragma(#x)
#if defined(__clang__)
#define SINTER_GEMM_UNROLL SINTER_GEMM_PRAGMA(unroll)
#else
#define SINTER_GEMM_UNROLL SINTER_GEMM_PRAGMA(GCC unroll 64)
#endif
#else
#define SINTER_GEMM_INLINE inline
#define SINTER_GEMM_RESTRICT
#define SINTER_GEMM_UNROLL
#endif

template <class T>
using MicroKernelFn = void (*)(int64_t kc, const T *ap, const T *bp,
                               int64_t ldb, T *c, int64_t ldc, T alpha, T beta,
                               int nr);

/// C[MR x nr] = alpha * Ap * Bp + beta * C, with Ap packed MR-interleaved
/// (ap[p * MR + i]) and Bp either packed NV * L wide (bp[p * NV * L + j],
/// zero-padded; `ldb` unused) or, with DirectB, B itself as stored
/// (bp[p * ldb + j], read with masks past nr).
template <class VT, int MR, int NV, bool DirectB>
void microKernel(int64_t kc, const typename VT::T *SINTER_GEMM_RESTRICT ap,
                 const typename VT::T *SINTER_GEMM_RESTRICT bp, int64_t ldb,
                 typename VT::T *c, int64_t ldc, typename VT::T alpha,
                 typename VT::T beta, int nr) {
  using T = typename VT::T;
  using V = typename VT::V;
  constexpr int L = VT::L;
  // Every loop over the tile has constant bounds and is fully unrolled, so
  // that `acc` lives in registers (a runtime index anywhere, e.g. a `break`
  // in the epilogue, would put the whole array on the stack).
  V acc[MR][NV];
  SINTER_GEMM_UNROLL
  for (int i = 0; i < MR; ++i)
    SINTER_GEMM_UNROLL
    for (int v = 0; v < NV; ++v)
      acc[i][v] = VT::zero();
  // The C tile is read (beta != 0) or written only after the k loop: fetch
  // its lines meanwhile (each row spans NV * L elements, a line per 64 B).
  constexpr int kLine = 64 / sizeof(T);
  SINTER_GEMM_UNROLL
  for (int i = 0; i < MR; ++i)
    SINTER_GEMM_UNROLL
    for (int j = 0; j < NV * L; j += kLine)
      VT::prefetch(c + i * ldc + j);

  // Lanes of B to load, for DirectB (the packed panel is zero-padded).
  typename VT::Mask mask[NV];
  SINTER_GEMM_UNROLL
  for (int v = 0; v < NV; ++v) {
    const int lanes = nr - v * L;
    mask[v] = VT::maskN(lanes < 0 ? 0 : lanes > L ? L : lanes);
  }

#if defined(__GNUC__)
#pragma GCC unroll 4
#endif
  for (int64_t p = 0; p < kc; ++p) {
    V b[NV];
    SINTER_GEMM_UNROLL
    for (int v = 0; v < NV; ++v)
      b[v] = DirectB ? VT::loadM(bp + v * L, mask[v]) : VT::load(bp + v * L);
    SINTER_GEMM_UNROLL
    for (int i = 0; i < MR; ++i) {
      V a = VT::bcast(ap[i]);
      SINTER_GEMM_UNROLL
      for (int v = 0; v < NV; ++v)
        acc[i][v] = VT::fma(a, b[v], acc[i][v]);
    }
    ap += MR;
    bp += DirectB ? ldb : NV * L;
  }

  const V va = VT::bcast(alpha);
  const V vb = VT::bcast(beta);
  if (nr == NV * L) {
    // The common cases without the alpha product: C = acc (the first k
    // block of alpha = 1, beta = 0) and C += acc (every later k block).
    const bool alphaOne = alpha == T(1);
    if (beta == T(0)) {
      SINTER_GEMM_UNROLL
      for (int i = 0; i < MR; ++i)
        SINTER_GEMM_UNROLL
        for (int v = 0; v < NV; ++v)
          VT::store(c + i * ldc + v * L,
                    alphaOne ? acc[i][v] : VT::mul(acc[i][v], va));
    } else if (alphaOne && beta == T(1)) {
      SINTER_GEMM_UNROLL
      for (int i = 0; i < MR; ++i)
        SINTER_GEMM_UNROLL
        for (int v = 0; v < NV; ++v) {
          T *cp = c + i * ldc + v * L;
          VT::store(cp, VT::add(VT::load(cp), acc[i][v]));
        }
    } else {
      SINTER_GEMM_UNROLL
      for (int i = 0; i < MR; ++i)
        SINTER_GEMM_UNROLL
        for (int v = 0; v < NV; ++v) {
          T *cp = c + i * ldc + v * L;
          VT::store(cp, VT::fma(VT::load(cp), vb, VT::mul(acc[i][v], va)));
        }
    }
    return;
  }
  // A partial panel: lanes at or past nr are neither read nor written.
  SINTER_GEMM_UNROLL
  for (int i = 0; i < MR; ++i)
    SINTER_GEMM_UNROLL
    for (int v = 0; v < NV; ++v) {
      if (v * L >= nr)
        continue;
      T *cp = c + i * ldc + v * L;
      V x = VT::mul(acc[i][v], va);
      if (beta != T(0))
        x = VT::fma(VT::loadM(cp, mask[v]), vb, x);
      VT::storeM(cp, x, mask[v]);
    }
}

/// The kernel for exactly `mr` rows (1..MR) and `nv` vectors (1..NV).
template <class VT, int R, int NV, bool DirectB>
MicroKernelFn<typename VT::T> pickKernelNV(int nv) {
  if constexpr (NV == 0) {
    (void)nv;
    return nullptr;
  } else {
    if (nv == NV)
      return &microKernel<VT, R, NV, DirectB>;
    return pickKernelNV<VT, R, NV - 1, DirectB>(nv);
  }
}
template <class VT, int R, int NV, bool DirectB>
MicroKernelFn<typename VT::T> pickKernel(int mr, int nv) {
  if constexpr (R == 0) {
    (void)mr;
    (void)nv;
    return nullptr;
  } else {
    if (mr == R)
      return pickKernelNV<VT, R, NV, DirectB>(nv);
    return pickKernel<VT, R - 1, NV, DirectB>(mr, nv);
  }
}

/// Default packing routines (plain loops the compiler vectorises under the
/// translation unit's ISA flags). A traits class may override them.
template <class T> struct PackDefault {
  /// dst[p * W + j] = op(B)(p, j) for p < kc, j < w; zero for w <= j < W.
  static void packB(int64_t kc, int64_t w, int64_t W, const T *b, int64_t ldb,
                    int transB, T *SINTER_GEMM_RESTRICT dst) {
    if (!transB) {
      // b points at op(B)(0, 0) = B[0][0]: rows of B are contiguous.
      for (int64_t p = 0; p < kc; ++p) {
        const T *src = b + p * ldb;
        T *d = dst + p * W;
        int64_t j = 0;
        for (; j < w; ++j)
          d[j] = src[j];
        for (; j < W; ++j)
          d[j] = T(0);
      }
    } else {
      // op(B)(p, j) = b[j * ldb + p]: column j of op(B) is contiguous.
      for (int64_t j = 0; j < w; ++j) {
        const T *src = b + j * ldb;
        for (int64_t p = 0; p < kc; ++p)
          dst[p * W + j] = src[p];
      }
      for (int64_t j = w; j < W; ++j)
        for (int64_t p = 0; p < kc; ++p)
          dst[p * W + j] = T(0);
    }
  }
  /// dst[p * mr + i] = op(A)(i, p) for i < mr, p < kc.
  static void packA(int64_t kc, int mr, const T *a, int64_t lda, int transA,
                    T *SINTER_GEMM_RESTRICT dst) {
    if (transA) {
      // op(A)(i, p) = a[p * lda + i]: mr contiguous values per p.
      for (int64_t p = 0; p < kc; ++p)
        for (int i = 0; i < mr; ++i)
          dst[p * mr + i] = a[p * lda + i];
    } else {
      for (int i = 0; i < mr; ++i) {
        const T *src = a + i * lda;
        for (int64_t p = 0; p < kc; ++p)
          dst[p * mr + i] = src[p];
      }
    }
  }
};

/// C = beta * C (beta == 0 writes zeros without reading C).
template <class T>
void scaleC(int64_t m, int64_t n, T beta, T *c, int64_t ldc) {
  for (int64_t i = 0; i < m; ++i) {
    T *row = c + i * ldc;
    if (beta == T(0)) {
      for (int64_t j = 0; j < n; ++j)
        row[j] = T(0);
    } else if (beta != T(1)) {
      for (int64_t j = 0; j < n; ++j)
        row[j] *= beta;
    }
  }
}

/// The whole GEMM for one ISA. `Pack` supplies packA/packB (PackDefault or
/// the ISA's own). `workspace` holds kWorkspaceBytes, 64-byte aligned: the
/// packed B block (KC * NC elements), then the packed A micro-panel
/// (MR * KC, plus kPackSlack).
template <class VT, class Pack, int MR, int NV, int KC, int NC>
void gemmDriver(int64_t m, int64_t n, int64_t k, typename VT::T alpha,
                const typename VT::T *a, int64_t lda, int transA,
                const typename VT::T *b, int64_t ldb, int transB,
                typename VT::T beta, typename VT::T *c, int64_t ldc,
                void *workspace) {
  using T = typename VT::T;
  constexpr int L = VT::L;
  constexpr int NR = NV * L;
  static_assert(NC % NR == 0, "NC must be a multiple of the panel width");
  static_assert((static_cast<std::size_t>(KC) * NC + MR * KC + kPackSlack) *
                        sizeof(T) <=
                    sinter::gemm::kWorkspaceBytes,
                "the blocking exceeds the packing workspace");
  if (m <= 0 || n <= 0)
    return;
  if (k <= 0 || alpha == T(0)) {
    scaleC(m, n, beta, c, ldc);
    return;
  }
  T *bbuf = static_cast<T *>(workspace);
  T *abuf = bbuf + static_cast<int64_t>(KC) * NC;

  // With one or two blocks of rows (m <= 2 MR), each element of B is used
  // once or twice: packing it would cost as much as the product. Read B as
  // stored instead (where the ISA has cheap masked loads for the edge panel).
  if constexpr (VT::kDirectB) {
    if (m <= 2 * MR && !transB) {
      for (int64_t pc = 0; pc < k; pc += KC) {
        const int64_t kc = gMin<int64_t>(KC, k - pc);
        const T betaEff = pc == 0 ? beta : T(1);
        for (int64_t ir = 0; ir < m; ir += MR) {
          const int mr = static_cast<int>(gMin<int64_t>(MR, m - ir));
          const T *asrc = transA ? a + pc * lda + ir : a + ir * lda + pc;
          Pack::packA(kc, mr, asrc, lda, transA, abuf);
          for (int64_t j0 = 0; j0 < n; j0 += NR) {
            const int nr = static_cast<int>(gMin<int64_t>(NR, n - j0));
            pickKernel<VT, MR, NV, true>(mr, (nr + L - 1) / L)(
                kc, abuf, b + pc * ldb + j0, ldb, c + ir * ldc + j0, ldc, alpha,
                betaEff, nr);
          }
        }
      }
      return;
    }
  }

  for (int64_t jc = 0; jc < n; jc += NC) {
    const int64_t nc = gMin<int64_t>(NC, n - jc);
    for (int64_t pc = 0; pc < k; pc += KC) {
      const int64_t kc = gMin<int64_t>(KC, k - pc);
      // Pack op(B)[pc:pc+kc, jc:jc+nc] into panels of NR columns (the last
      // one rounded up to whole vectors, zero-filled).
      for (int64_t j0 = 0; j0 < nc; j0 += NR) {
        const int64_t w = gMin<int64_t>(NR, nc - j0);
        const int64_t W = (w + L - 1) / L * L;
        const T *src = transB ? b + (jc + j0) * ldb + pc : b + pc * ldb + jc + j0;
        Pack::packB(kc, w, W, src, ldb, transB, bbuf + j0 * kc);
      }
      const T betaEff = pc == 0 ? beta : T(1);
      MicroKernelFn<T> fullKernel = &microKernel<VT, MR, NV, false>;
      for (int64_t ir = 0; ir < m; ir += MR) {
        const int mr = static_cast<int>(gMin<int64_t>(MR, m - ir));
        const T *asrc = transA ? a + pc * lda + ir : a + ir * lda + pc;
        Pack::packA(kc, mr, asrc, lda, transA, abuf);
        T *crow = c + ir * ldc + jc;
        for (int64_t j0 = 0; j0 < nc; j0 += NR) {
          const int nr = static_cast<int>(gMin<int64_t>(NR, nc - j0));
          MicroKernelFn<T> kern =
              (mr == MR && nr == NR)
                  ? fullKernel
                  : pickKernel<VT, MR, NV, false>(mr, (nr + L - 1) / L);
          kern(kc, abuf, bbuf + j0 * kc, 0, crow + j0, ldc, alpha, betaEff, nr);
        }
      }
    }
  }
}

} // namespace

#endif // SINTER_RUNTIME_LIB_KERNELS_GEMMDRIVER_H
