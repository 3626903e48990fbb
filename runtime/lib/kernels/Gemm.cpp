//===- Gemm.cpp - sinter_sgemm/sinter_dgemm: dispatch and portable kernels -===//
//
// The C entry points of Kernels.h. The implementation is chosen once per
// process from the CPU's features (__builtin_cpu_supports): AVX-512
// (GemmAvx512.cpp), AVX2+FMA (GemmAvx2.cpp), or the portable one here,
// written with GCC/Clang vector extensions so that it compiles, and
// vectorises, on any architecture.
//
//===----------------------------------------------------------------------===//
#include "sinter/runtime/Kernels.h"

#include "GemmDriver.h"
#include "GemmInternal.h"

#include <atomic>
#include <cstring>

namespace {

#if defined(__GNUC__)
template <class T, int Bytes> struct GenericVT {
  using TT = T;
  typedef T V __attribute__((vector_size(Bytes)));
};

template <class ElemT> struct VecGeneric {
  using T = ElemT;
  static constexpr int Bytes = 16;
  using V = typename GenericVT<T, Bytes>::V;
  static constexpr int L = Bytes / sizeof(T);
  static SINTER_GEMM_INLINE V zero() { return V{} ; }
  static SINTER_GEMM_INLINE V load(const T *p) {
    V v;
    std::memcpy(&v, p, sizeof(V));
    return v;
  }
  static SINTER_GEMM_INLINE void store(T *p, V v) { std::memcpy(p, &v, sizeof(V)); }
  static SINTER_GEMM_INLINE V bcast(T x) { return V{} + x; }
  static SINTER_GEMM_INLINE V fma(V a, V b, V c) { return a * b + c; }
  static SINTER_GEMM_INLINE V mul(V a, V b) { return a * b; }
  static SINTER_GEMM_INLINE V add(V a, V b) { return a + b; }
  static SINTER_GEMM_INLINE V loadN(const T *p, int n) {
    V v{};
    for (int i = 0; i < n; ++i)
      v[i] = p[i];
    return v;
  }
  static SINTER_GEMM_INLINE void storeN(T *p, V v, int n) {
    for (int i = 0; i < n; ++i)
      p[i] = v[i];
  }
  static constexpr bool kDirectB = false;
  using Mask = int;
  static SINTER_GEMM_INLINE Mask maskN(int n) { return n; }
  static SINTER_GEMM_INLINE V loadM(const T *p, Mask n) { return loadN(p, n); }
  static SINTER_GEMM_INLINE void storeM(T *p, V v, Mask n) { storeN(p, v, n); }
  static SINTER_GEMM_INLINE void prefetch(const void *p) { __builtin_prefetch(p); }
};
#else
// Any other compiler: scalar "vectors".
template <class ElemT> struct VecGeneric {
  using T = ElemT;
  using V = T;
  static constexpr int L = 1;
  static V zero() { return T(0); }
  static V load(const T *p) { return *p; }
  static void store(T *p, V v) { *p = v; }
  static V bcast(T x) { return x; }
  static V fma(V a, V b, V c) { return a * b + c; }
  static V mul(V a, V b) { return a * b; }
  static V add(V a, V b) { return a + b; }
  static V loadN(const T *p, int n) { return n > 0 ? *p : T(0); }
  static void storeN(T *p, V v, int n) {
    if (n > 0)
      *p = v;
  }
  static constexpr bool kDirectB = false;
  using Mask = int;
  static Mask maskN(int n) { return n; }
  static V loadM(const T *p, Mask n) { return loadN(p, n); }
  static void storeM(T *p, V v, Mask n) { storeN(p, v, n); }
  static void prefetch(const void *) {}
};
#endif

// 4 rows x 4 vectors: 16 accumulators, as many as SSE2 or NEON registers hold
// beside the operands (the compiler spills a few on SSE2; still ~4x scalar).
constexpr int kGenMR = 4, kGenNV = 4, kGenKC = 256;
constexpr int kGenNCf = 256, kGenNCd = 256;

} // namespace

namespace sinter {
namespace gemm {

void sgemmGeneric(int64_t m, int64_t n, int64_t k, float alpha,
                  const float *a, int64_t lda, int transA, const float *b,
                  int64_t ldb, int transB, float beta, float *c, int64_t ldc,
                  void *workspace) {
  gemmDriver<VecGeneric<float>, PackDefault<float>, kGenMR, kGenNV, kGenKC,
             kGenNCf>(m, n, k, alpha, a, lda, transA, b, ldb, transB, beta, c,
                      ldc, workspace);
}

void dgemmGeneric(int64_t m, int64_t n, int64_t k, double alpha,
                  const double *a, int64_t lda, int transA, const double *b,
                  int64_t ldb, int transB, double beta, double *c,
                  int64_t ldc, void *workspace) {
  gemmDriver<VecGeneric<double>, PackDefault<double>, kGenMR, kGenNV, kGenKC,
             kGenNCd>(m, n, k, alpha, a, lda, transA, b, ldb, transB, beta, c,
                      ldc, workspace);
}

} // namespace gemm
} // namespace sinter

namespace {

using namespace sinter::gemm;

struct GemmImpl {
  const char *name;
  SgemmFn sgemm;
  DgemmFn dgemm;
};

const GemmImpl kGeneric = {"generic", &sgemmGeneric, &dgemmGeneric};
#if defined(__x86_64__)
const GemmImpl kAvx2 = {"avx2", &sgemmAvx2, &dgemmAvx2};
const GemmImpl kAvx512 = {"avx512", &sgemmAvx512, &dgemmAvx512};
#endif

bool cpuHas(const GemmImpl *impl) {
#if defined(__x86_64__) && defined(__GNUC__)
  if (impl == &kAvx512) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") &&
           __builtin_cpu_supports("avx512vl") &&
           __builtin_cpu_supports("avx512bw") &&
           __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("fma");
  }
  if (impl == &kAvx2) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  }
#endif
  return impl == &kGeneric;
}

const GemmImpl *detect() {
#if defined(__x86_64__)
  if (cpuHas(&kAvx512))
    return &kAvx512;
  if (cpuHas(&kAvx2))
    return &kAvx2;
#endif
  return &kGeneric;
}

const GemmImpl *byName(const char *isa) {
  if (!isa)
    return nullptr;
  if (std::strcmp(isa, "generic") == 0)
    return &kGeneric;
#if defined(__x86_64__)
  if (std::strcmp(isa, "avx2") == 0)
    return &kAvx2;
  if (std::strcmp(isa, "avx512") == 0)
    return &kAvx512;
#endif
  return nullptr;
}

// The one piece of global mutable state: the implementation in use, chosen
// on first call (or forced by the test hook).
std::atomic<const GemmImpl *> gImpl{nullptr};

const GemmImpl *impl() {
  const GemmImpl *p = gImpl.load(std::memory_order_acquire);
  if (!p) {
    p = detect();
    gImpl.store(p, std::memory_order_release);
  }
  return p;
}

// The packing workspace: fixed size, per thread, shared by all ISAs and both
// element types (a call uses it only for its own duration).
alignas(64) thread_local unsigned char tWorkspace[kWorkspaceBytes];

} // namespace

extern "C" {

void sinter_sgemm(int64_t m, int64_t n, int64_t k, float alpha,
                  const float *a, int64_t lda, int transA, const float *b,
                  int64_t ldb, int transB, float beta, float *c,
                  int64_t ldc) {
  if (m <= 0 || n <= 0)
    return;
  impl()->sgemm(m, n, k, alpha, a, lda, transA, b, ldb, transB, beta, c, ldc,
                tWorkspace);
}

void sinter_dgemm(int64_t m, int64_t n, int64_t k, double alpha,
                  const double *a, int64_t lda, int transA, const double *b,
                  int64_t ldb, int transB, double beta, double *c,
                  int64_t ldc) {
  if (m <= 0 || n <= 0)
    return;
  impl()->dgemm(m, n, k, alpha, a, lda, transA, b, ldb, transB, beta, c, ldc,
                tWorkspace);
}

const char *sinter_gemm_isa(void) { return impl()->name; }

int sinter_gemm_isa_supported(const char *isa) {
  const GemmImpl *p = byName(isa);
  return p && cpuHas(p) ? 1 : 0;
}

int sinter_gemm_isa_override(const char *isa) {
  if (!isa || std::strcmp(isa, "auto") == 0) {
    gImpl.store(detect(), std::memory_order_release);
    return 0;
  }
  const GemmImpl *p = byName(isa);
  if (!p || !cpuHas(p))
    return -1;
  gImpl.store(p, std::memory_order_release);
  return 0;
}

} // extern "C"
