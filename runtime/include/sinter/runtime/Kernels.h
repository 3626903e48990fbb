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
 * and reentrant: the caller parallelises, e.g. over blocks of rows of C, as
 * the *_parallel entry points below do.
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

/* The same products on the runtime's thread pool (sinter/runtime/ThreadPool.h):
 * C is cut into one block of rows (or of columns, when that packs less) per
 * thread, each block a call of sinter_sgemm/sinter_dgemm. Products too small
 * to pay for waking a thread run on the calling thread. Same arguments and
 * semantics as the single-threaded calls; every element of C is summed in the
 * same order as there, so the results are bitwise equal to theirs. These are
 * what compiled programs call. */
void sinter_sgemm_parallel(int64_t m, int64_t n, int64_t k, float alpha,
                           const float *a, int64_t lda, int transA,
                           const float *b, int64_t ldb, int transB,
                           float beta, float *c, int64_t ldc);

void sinter_dgemm_parallel(int64_t m, int64_t n, int64_t k, double alpha,
                           const double *a, int64_t lda, int transA,
                           const double *b, int64_t ldb, int transB,
                           double beta, double *c, int64_t ldc);

/* The same, then an elementwise epilogue on C, applied to each thread's
 * block of C right after its product (while it is in cache): what the
 * compiler fuses into a product. SINTER_EPILOGUE_RELU: c = c < 0 ? 0 : c
 * (NaN kept). SINTER_EPILOGUE_RELU_MASK: c = mask > 0 ? c : 0, with `mask`
 * (m x n, rows ldm apart) the ReLU's output: its gradient. `mask` is read
 * only by the mask epilogue. */
enum {
  SINTER_EPILOGUE_NONE = 0,
  SINTER_EPILOGUE_RELU = 1,
  SINTER_EPILOGUE_RELU_MASK = 2
};

void sinter_sgemm_epilogue_parallel(int64_t m, int64_t n, int64_t k,
                                    float alpha, const float *a, int64_t lda,
                                    int transA, const float *b, int64_t ldb,
                                    int transB, float beta, float *c,
                                    int64_t ldc, int epilogue,
                                    const float *mask, int64_t ldm);

void sinter_dgemm_epilogue_parallel(int64_t m, int64_t n, int64_t k,
                                    double alpha, const double *a,
                                    int64_t lda, int transA, const double *b,
                                    int64_t ldb, int transB, double beta,
                                    double *c, int64_t ldc, int epilogue,
                                    const double *mask, int64_t ldm);

/* Threads the parallel calls use, the caller included (default: the CPUs
 * this process may run on, or SINTER_NUM_THREADS, read once). n <= 0
 * restores the default. */
void sinter_set_num_threads(int n);
int sinter_get_num_threads(void);

/* Which implementation sinter_sgemm (and sinter_dgemm) use on this machine:
 * "avx512", "avx2" or "generic". */
const char *sinter_gemm_isa(void);

/* An unranked memref as MLIR's C interface passes it: the rank and a
 * pointer to the ranked descriptor. */
typedef struct {
  int64_t rank;
  void *descriptor;
} SinterUnrankedMemRef;

/* The strided copy MLIR emits for memref.copy between non-contiguous
 * memrefs (the name and contract are MLIR's; see MemrefCopy.cpp). */
void memrefCopy(int64_t elemSize, SinterUnrankedMemRef *src,
                SinterUnrankedMemRef *dst);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* SINTER_RUNTIME_KERNELS_H */
