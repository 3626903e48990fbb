//===- GemmParallel.cpp - sinter_sgemm_parallel / sinter_dgemm_parallel ---===//
//
// The multi-threaded entry points of Kernels.h: the product is cut into one
// block of C per thread, by rows or by columns, and each block is one call
// of the single-threaded sinter_sgemm/sinter_dgemm (with its own
// thread_local packing buffer) on the runtime's thread pool (ThreadPool.h).
//
// Which cut: each block's call packs its own copy of what it shares with the
// other blocks. Cutting rows, every thread packs all of op(B) (k x n) and its
// rows of op(A) (once per NC-column block of the driver); cutting columns,
// every thread packs its columns of op(B) and all of op(A). We take the cut
// that packs less per thread (rows on a tie). Column cuts fall on multiples
// of 32 floats / 16 doubles, the widest microkernel tile (AVX-512's NR), so
// that only the last block has a masked edge.
//
// Small products run on the calling thread: below kMinFlopsPerThread per
// thread, waking a worker costs more than it saves (bench/RESULTS.md,
// "threads").
//
//===----------------------------------------------------------------------===//
#include "sinter/runtime/Kernels.h"
#include "sinter/runtime/ThreadPool.h"

#include <cstdint>
#include <cstdlib>

namespace {

/// Flops (2 m n k) a thread must get for the split to pay: measured on the
/// 2-core Zen 5 VM (bench/RESULTS.md, "threads"). SINTER_GEMM_MIN_FLOPS
/// overrides it (read once; for tuning).
constexpr double kMinFlopsPerThread = 1.0e6;

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
/// Packing one element (a load and a store, mostly from L2) against the
/// microkernel's ~64 flop/cycle: roughly this many flops' time.
constexpr double kPackFlops = 16;

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
};

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
  } else {
    const int64_t i0 = begin, i1 = end;
    const T *a = g.transA ? g.a + i0 : g.a + i0 * g.lda;
    g.serial(i1 - i0, g.n, g.k, g.alpha, a, g.lda, g.transA, g.b, g.ldb,
             g.transB, g.beta, g.c + i0 * g.ldc, g.ldc);
  }
}

inline int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

template <class T>
void gemmParallel(GemmFn<T> serial, int64_t m, int64_t n, int64_t k, T alpha,
                  const T *a, int64_t lda, int transA, const T *b, int64_t ldb,
                  int transB, T beta, T *c, int64_t ldc) {
  if (m <= 0 || n <= 0)
    return;
  // Threads worth waking for this much work.
  const double flops = 2.0 * double(m) * double(n) * double(k);
  int64_t threads = sinter::numThreads();
  const double minFlops = minFlopsPerThread();
  const double useful = minFlops > 0 ? flops / minFlops : double(threads);
  if (useful < double(threads))
    threads = int64_t(useful);
  const int64_t colUnit = sizeof(T) == 4 ? 32 : 16;
  const int64_t colUnits = ceilDiv(n, colUnit);
  if (threads < 2 || (m < 2 && colUnits < 2)) {
    serial(m, n, k, alpha, a, lda, transA, b, ldb, transB, beta, c, ldc);
    return;
  }
  // Elements each thread packs (see the file comment); NC as the AVX-512
  // kernels block it.
  const int64_t nc = sizeof(T) == 4 ? 512 : 256;
  const int64_t rowT = m < threads ? m : threads;
  const int64_t colT = colUnits < threads ? colUnits : threads;
  const double rowPack = double(k) * double(n) +
                         double(ceilDiv(m, rowT)) * double(k) *
                             double(ceilDiv(n, nc));
  const int64_t colsPer = ceilDiv(colUnits, colT) * colUnit;
  const double colPack = double(k) * double(colsPer) +
                         double(m) * double(k) * double(ceilDiv(colsPer, nc));
  // A cut with fewer blocks than threads must win by more than the lost
  // thread: packing an element costs about as much as kPackFlops flops.
  const double rowCost = kPackFlops * rowPack + flops / double(rowT);
  const double colCost = kPackFlops * colPack + flops / double(colT);
  const bool byColumns = m < 2 || (colUnits >= 2 && colCost < rowCost);
  GemmArgs<T> args{serial, m,   n,    k,    alpha, a,         lda,    transA,
                   b,      ldb, transB, beta, c,   ldc, byColumns, colUnit};
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

} // extern "C"
