//===- GemmParallel.cpp - sinter_sgemm_parallel / sinter_dgemm_parallel ---===//
//
// The multi-threaded entry points of Kernels.h: the product is cut into one
// block of C per thread, by rows or by columns, and each block is one call
// of the single-threaded sinter_sgemm/sinter_dgemm (with its own
// thread_local packing buffer) on the runtime's thread pool (ThreadPool.h).
//
// Which cut: rows, whenever every thread gets at least kMinRowsPerThread
// of them (two AVX-512 row tiles). Threads writing the two halves of the
// same rows of C slow each other down: measured on 128x256x128 (two
// 128x128 halves at once: 42 and 49 us against 39 us alone; two 64x256
// halves: 40 and 42 us), most likely the hardware prefetchers of one core
// fetching the lines the other is writing. Cutting rows, every block packs
// all of op(B) itself, a smaller cost than that. Products with few rows (a
// batch of one, a weight gradient with few outputs) are cut by columns, on
// multiples of 16 floats / 8 doubles (one AVX-512 vector), so that no block
// but the last has a masked edge and the blocks stay within a vector of each
// other in width.
//
// Small products run on the calling thread: below kMinFlopsPerThread per
// thread, waking a worker costs more than it saves (bench/RESULTS.md,
// "threads").
//
// The *_epilogue_parallel entry points also apply an elementwise epilogue
// to each thread's block of C as soon as its product is done, while the
// block is still in that core's cache: a ReLU, or the ReLU gradient's mask
// (the compiler fuses these into the product; see MicrokernelCalls.cpp).
//
//===----------------------------------------------------------------------===//
#include "sinter/runtime/Kernels.h"
#include "sinter/runtime/ThreadPool.h"

#include <cstdint>
#include <cstdlib>

namespace {

/// Flops (2 m n k) a thread must get for the split to pay, measured on the
/// 2-vCPU Zen 4 VM (bench/RESULTS.md, "threads"; `sinter-bench-gemm
/// --threads 2 --only small [--idle-us 200]` with SINTER_GEMM_MIN_FLOPS=0).
/// With the worker awake (products back to back), 2 threads win from
/// 64x64x64 on (0.5 MFLOP, 1.5x); with the worker asleep (a training step's
/// usual case: the code between two products outlasts its spin), waking it
/// costs 13-35 us, and 2 threads break even at ~8 MFLOP (128x128x256: 1.08x,
/// 128x128x128: 0.82x, 128x256x256: 1.5x). 6 MFLOP for 2 threads splits the
/// MLP's fc1/fc2 products and keeps fc3's and smaller ones whole.
/// SINTER_GEMM_MIN_FLOPS overrides it (read once; for tuning).
constexpr double kMinFlopsPerThread = 3.0e6;

double minFlopsPerThread() {
  static const double v = [] {
    const char *s = std::getenv("SINTER_GEMM_MIN_FLOPS");
    if (s && *s) {
      char *end = nullptr;
      const double x = std::strtod(s, &end);
      if (end != s && *end == '\0' && x >= 0)
        return x;
    }
    return kMinFlopsPerThread;
  }();
  return v;
}

/// Rows per thread below which a product is cut by columns instead.
constexpr int64_t kMinRowsPerThread = 24;

template <class T>
using GemmFn = void (*)(int64_t m, int64_t n, int64_t k, T alpha, const T *a,
                        int64_t lda, int transA, const T *b, int64_t ldb,
                        int transB, T beta, T *c, int64_t ldc);

template <class T> struct GemmArgs {
  GemmFn<T> serial;
  int64_t m, n, k;
  T alpha;
  const T *a;
  int64_t lda;
  int transA;
  const T *b;
  int64_t ldb;
  int transB;
  T beta;
  T *c;
  int64_t ldc;
  bool byColumns;
  int64_t colUnit;
  int epilogue;
  const T *mask;
  int64_t ldm;
};

/// The epilogue on rows [i0, i1) and columns [j0, j1) of C, with the
/// compiler's exact semantics (LowerElementwise.cpp and the ReLU gradient):
/// relu keeps NaN and -0 (`c < 0 ? 0 : c`); the mask zeroes C where the
/// ReLU's output is not positive (`m > 0 ? c : 0`).
template <class T>
void applyEpilogue(int epilogue, T *c, int64_t ldc, const T *mask,
                   int64_t ldm, int64_t i0, int64_t i1, int64_t j0,
                   int64_t j1) {
  if (epilogue == SINTER_EPILOGUE_RELU) {
    for (int64_t i = i0; i < i1; ++i) {
      T *row = c + i * ldc;
      for (int64_t j = j0; j < j1; ++j)
        row[j] = row[j] < T(0) ? T(0) : row[j];
    }
  } else if (epilogue == SINTER_EPILOGUE_RELU_MASK) {
    for (int64_t i = i0; i < i1; ++i) {
      T *row = c + i * ldc;
      const T *m = mask + i * ldm;
      for (int64_t j = j0; j < j1; ++j)
        row[j] = m[j] > T(0) ? row[j] : T(0);
    }
  }
}

template <class T> void runBlock(void *ctx, int64_t begin, int64_t end) {
  const GemmArgs<T> &g = *static_cast<const GemmArgs<T> *>(ctx);
  if (g.byColumns) {
    const int64_t j0 = begin * g.colUnit;
    int64_t j1 = end * g.colUnit;
    if (j1 > g.n)
      j1 = g.n;
    if (j0 >= j1)
      return;
    const T *b = g.transB ? g.b + j0 * g.ldb : g.b + j0;
    g.serial(g.m, j1 - j0, g.k, g.alpha, g.a, g.lda, g.transA, b, g.ldb,
             g.transB, g.beta, g.c + j0, g.ldc);
    applyEpilogue(g.epilogue, g.c, g.ldc, g.mask, g.ldm, 0, g.m, j0, j1);
  } else {
    const int64_t i0 = begin, i1 = end;
    const T *a = g.transA ? g.a + i0 : g.a + i0 * g.lda;
    g.serial(i1 - i0, g.n, g.k, g.alpha, a, g.lda, g.transA, g.b, g.ldb,
             g.transB, g.beta, g.c + i0 * g.ldc, g.ldc);
    applyEpilogue(g.epilogue, g.c, g.ldc, g.mask, g.ldm, i0, i1, 0, g.n);
  }
}

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

template <class T>
void gemmParallel(GemmFn<T> serial, int64_t m, int64_t n, int64_t k, T alpha,
                  const T *a, int64_t lda, int transA, const T *b, int64_t ldb,
                  int transB, T beta, T *c, int64_t ldc, int epilogue = 0,
                  const T *mask = nullptr, int64_t ldm = 0) {
  if (m <= 0 || n <= 0)
    return;
  // Threads worth waking for this much work.
  const double flops = 2.0 * double(m) * double(n) * double(k);
  int64_t threads = sinter::numThreads();
  const double minFlops = minFlopsPerThread();
  const double useful = minFlops > 0 ? flops / minFlops : double(threads);
  if (useful < double(threads))
    threads = int64_t(useful);
  const int64_t colUnit = sizeof(T) == 4 ? 16 : 8;
  const int64_t colUnits = ceilDiv(n, colUnit);
  if (threads < 2 || (m < 2 && colUnits < 2)) {
    serial(m, n, k, alpha, a, lda, transA, b, ldb, transB, beta, c, ldc);
    applyEpilogue(epilogue, c, ldc, mask, ldm, 0, m, 0, n);
    return;
  }
  // Rows whenever each thread gets a few microkernel tiles' worth of them;
  // else columns (see the file comment).
  const int64_t rowT = m < threads ? m : threads;
  const int64_t colT = colUnits < threads ? colUnits : threads;
  const bool byColumns = m < kMinRowsPerThread * threads && colT >= rowT;
  GemmArgs<T> args{serial, m,   n,         k,       alpha,    a,
                   lda,    transA, b,      ldb,     transB,   beta,
                   c,      ldc, byColumns, colUnit, epilogue, mask,
                   ldm};
  if (byColumns)
    sinter::parallelForChunks(colUnits, colT, &runBlock<T>, &args);
  else
    sinter::parallelForChunks(m, rowT, &runBlock<T>, &args);
}

} // namespace

extern "C" {

void sinter_sgemm_parallel(int64_t m, int64_t n, int64_t k, float alpha,
                           const float *a, int64_t lda, int transA,
                           const float *b, int64_t ldb, int transB,
                           float beta, float *c, int64_t ldc) {
  gemmParallel<float>(&sinter_sgemm, m, n, k, alpha, a, lda, transA, b, ldb,
                      transB, beta, c, ldc);
}

void sinter_dgemm_parallel(int64_t m, int64_t n, int64_t k, double alpha,
                           const double *a, int64_t lda, int transA,
                           const double *b, int64_t ldb, int transB,
                           double beta, double *c, int64_t ldc) {
  gemmParallel<double>(&sinter_dgemm, m, n, k, alpha, a, lda, transA, b, ldb,
                       transB, beta, c, ldc);
}

void sinter_sgemm_epilogue_parallel(int64_t m, int64_t n, int64_t k,
                                    float alpha, const float *a, int64_t lda,
                                    int transA, const float *b, int64_t ldb,
                                    int transB, float beta, float *c,
                                    int64_t ldc, int epilogue,
                                    const float *mask, int64_t ldm) {
  gemmParallel<float>(&sinter_sgemm, m, n, k, alpha, a, lda, transA, b, ldb,
                      transB, beta, c, ldc, epilogue, mask, ldm);
}

void sinter_dgemm_epilogue_parallel(int64_t m, int64_t n, int64_t k,
                                    double alpha, const double *a,
                                    int64_t lda, int transA, const double *b,
                                    int64_t ldb, int transB, double beta,
                                    double *c, int64_t ldc, int epilogue,
                                    const double *mask, int64_t ldm) {
  gemmParallel<double>(&sinter_dgemm, m, n, k, alpha, a, lda, transA, b, ldb,
                       transB, beta, c, ldc, epilogue, mask, ldm);
}

} // extern "C"
