//===- GemmInternal.h - Per-ISA GEMM entry points and test hooks -*- C++ -*-===//
//
// Internal to the runtime and its tests: the per-ISA implementations behind
// sinter_sgemm/sinter_dgemm (runtime/include/sinter/runtime/Kernels.h), the
// size of the thread_local packing workspace they share, and a test hook that
// forces one implementation.
//
//===----------------------------------------------------------------------===//
#ifndef SINTER_RUNTIME_LIB_KERNELS_GEMMINTERNAL_H
#define SINTER_RUNTIME_LIB_KERNELS_GEMMINTERNAL_H

#include <cstddef>
#include <cstdint>

namespace sinter {
namespace gemm {

/// Bytes of the per-thread packing workspace (one packed KC x NC block of B
/// plus one packed MR x KC micro-panel of A). Every implementation
/// static_asserts that its blocking fits. One buffer for all ISAs and both
/// element types keeps the static TLS of each thread at this size.
constexpr std::size_t kWorkspaceBytes = 576 * 1024;

using SgemmFn = void (*)(int64_t m, int64_t n, int64_t k, float alpha,
                         const float *a, int64_t lda, int transA,
                         const float *b, int64_t ldb, int transB, float beta,
                         float *c, int64_t ldc, void *workspace);
using DgemmFn = void (*)(int64_t m, int64_t n, int64_t k, double alpha,
                         const double *a, int64_t lda, int transA,
                         const double *b, int64_t ldb, int transB,
                         double beta, double *c, int64_t ldc, void *workspace);

// The portable implementation (Gemm.cpp): any architecture.
void sgemmGeneric(int64_t m, int64_t n, int64_t k, float alpha,
                  const float *a, int64_t lda, int transA, const float *b,
                  int64_t ldb, int transB, float beta, float *c, int64_t ldc,
                  void *workspace);
void dgemmGeneric(int64_t m, int64_t n, int64_t k, double alpha,
                  const double *a, int64_t lda, int transA, const double *b,
                  int64_t ldb, int transB, double beta, double *c,
                  int64_t ldc, void *workspace);

#if defined(__x86_64__)
// GemmAvx2.cpp, compiled with -mavx2 -mfma: call only where the CPU has both.
void sgemmAvx2(int64_t m, int64_t n, int64_t k, float alpha, const float *a,
               int64_t lda, int transA, const float *b, int64_t ldb,
               int transB, float beta, float *c, int64_t ldc, void *workspace);
void dgemmAvx2(int64_t m, int64_t n, int64_t k, double alpha, const double *a,
               int64_t lda, int transA, const double *b, int64_t ldb,
               int transB, double beta, double *c, int64_t ldc,
               void *workspace);
// GemmAvx512.cpp, compiled with -mavx512f/vl/bw/dq -mfma.
void sgemmAvx512(int64_t m, int64_t n, int64_t k, float alpha, const float *a,
                 int64_t lda, int transA, const float *b, int64_t ldb,
                 int transB, float beta, float *c, int64_t ldc,
                 void *workspace);
void dgemmAvx512(int64_t m, int64_t n, int64_t k, double alpha,
                 const double *a, int64_t lda, int transA, const double *b,
                 int64_t ldb, int transB, double beta, double *c, int64_t ldc,
                 void *workspace);
#endif

} // namespace gemm
} // namespace sinter

extern "C" {
/// Test hook: makes sinter_sgemm/sinter_dgemm use `isa` ("avx512", "avx2" or
/// "generic"), or the automatic choice again for null or "auto". Returns 0 on
/// success, -1 (changing nothing) when the name is unknown or this CPU lacks
/// the instructions. Not thread-safe against concurrent GEMM calls' choice of
/// implementation beyond what an atomic pointer swap gives.
int sinter_gemm_isa_override(const char *isa);
/// Whether this CPU can run `isa` ("avx512", "avx2", "generic").
int sinter_gemm_isa_supported(const char *isa);
}

#endif // SINTER_RUNTIME_LIB_KERNELS_GEMMINTERNAL_H
