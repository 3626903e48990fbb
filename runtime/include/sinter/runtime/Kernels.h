/*===- Kernels.h - Matrix-product microkernels of the CPU backend -*- C -*-===*\
 *
 * Freestanding C-ABI entry points that compiled Sinter programs call for
 * their matrix products (the role IREE's ukernels play). Packed,
 * register-blocked GEMM in the BLIS style, with a one-time runtime choice of
 * AVX-512, AVX2+FMA or a portable C++ implementation.
 *
 * All matrices are row-major with leading dimensions (in elements):
 *
 *   C[m x n] = alpha * op(A)[m x k] * op(B)[k x n] + beta * C
 *
 * transA = 0: A is stored m x k (element (i,p) at a[i*lda + p]);
 * transA = 1: A is stored k x m (element (i,p) at a[p*lda + i]).
 * transB = 0: B is stored k x n (element (p,j) at b[p*ldb + j]);
 * transB = 1: B is stored n x k (element (p,j) at b[j*ldb + p]).
 *
 * beta == 0 means C is not read (it may hold NaN or garbage); alpha == 0 or
 * k == 0 means A and B are not read. The calls allocate nothing on the heap
 * (packing buffers are fixed-size thread_local arrays), are single-threaded
 * and reentrant: the caller parallelises, e.g. over blocks of rows of C.
 *
\*===----------------------------------------------------------------------===*/
#ifndef SINTER_RUNTIME_KERNELS_H
#define SINTER_RUNTIME_KERNELS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

void sinter_sgemm(int64_t m, int64_t n, int64_t k, float alpha,
                  const float *a, int64_t lda, int transA,
                  const float *b, int64_t ldb, int transB,
                  float beta, float *c, int64_t ldc);

void sinter_dgemm(int64_t m, int64_t n, int64_t k, double alpha,
                  const double *a, int64_t lda, int transA,
                  const double *b, int64_t ldb, int transB,
                  double beta, double *c, int64_t ldc);

/* Which implementation sinter_sgemm (and sinter_dgemm) use on this machine:
 * "avx512", "avx2" or "generic". */
const char *sinter_gemm_isa(void);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* SINTER_RUNTIME_KERNELS_H */
