//===- gemm_bench.cpp - sinter_sgemm against OpenBLAS ---------------------===//
//
// Times sinter_sgemm (and, for a few sizes, sinter_dgemm) against OpenBLAS's
// cblas_sgemm/cblas_dgemm on square sizes and the matrix products of an MLP's
// forward and backward passes. Medians over repetitions, each repetition long
// enough (>= 25 ms) to average out the timer; the two libraries alternate so
// that both see the same background load.
//
// OpenBLAS is loaded with dlopen after this program has fixed its
// environment: one thread (OPENBLAS_NUM_THREADS=1, plus
// openblas_set_num_threads(1)), and OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE
// unset so that it picks its own (AVX-512) kernels for this CPU.
//
// --threads N times sinter_sgemm_parallel/sinter_dgemm_parallel with N
// threads (sinter_set_num_threads) against OpenBLAS with N threads, beside
// the single-threaded sinter_sgemm, on the wall clock (a thread's CPU clock
// would not count the workers). --only small adds products around the
// parallel entry points' size threshold (set SINTER_GEMM_MIN_FLOPS=0 to time
// them split anyway).
//
// --idle-us N times single calls instead, each after N microseconds of
// single-threaded busy work, as between the products of a training step (the
// pool's workers have gone to sleep by then): the case that sets the
// parallel calls' size threshold.
//
//   sinter-bench-gemm [--isa generic|avx2|avx512] [--reps N] [--quick]
//                     [--only square|mlp|dgemm|small] [--wall] [--threads N]
//                     [--idle-us N]
//
//===----------------------------------------------------------------------===//
#include "sinter/runtime/Kernels.h"

#include "../runtime/lib/kernels/GemmInternal.h"

#include <dlfcn.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <time.h>

#ifndef SINTER_OPENBLAS_PATH
#define SINTER_OPENBLAS_PATH "libopenblas.so.0"
#endif

namespace {

// cblas.h's enums (CblasRowMajor = 101, CblasNoTrans = 111, CblasTrans = 112)
// and OpenBLAS's 32-bit blasint, declared here so the benchmark needs no
// BLAS headers.
using CblasSgemm = void (*)(int order, int transA, int transB, int m, int n,
                            int k, float alpha, const float *a, int lda,
                            const float *b, int ldb, float beta, float *c,
                            int ldc);
using CblasDgemm = void (*)(int order, int transA, int transB, int m, int n,
                            int k, double alpha, const double *a, int lda,
                            const double *b, int ldb, double beta, double *c,
                            int ldc);
using SetThreads = void (*)(int);
using GetConfig = char *(*)();
using GetCoreName = char *(*)();

struct OpenBlas {
  CblasSgemm sgemm = nullptr;
  CblasDgemm dgemm = nullptr;
  std::string config;
};

OpenBlas loadOpenBlas(int threads) {
  OpenBlas ob;
  void *h = dlopen(SINTER_OPENBLAS_PATH, RTLD_NOW | RTLD_LOCAL);
  if (!h)
    h = dlopen("libopenblas.so.0", RTLD_NOW | RTLD_LOCAL);
  if (!h) {
    std::fprintf(stderr, "OpenBLAS not found (%s): timing Sinter only\n",
                 dlerror());
    return ob;
  }
  ob.sgemm = reinterpret_cast<CblasSgemm>(dlsym(h, "cblas_sgemm"));
  ob.dgemm = reinterpret_cast<CblasDgemm>(dlsym(h, "cblas_dgemm"));
  if (auto set = reinterpret_cast<SetThreads>(dlsym(h, "openblas_set_num_threads")))
    set(threads);
  if (auto cfg = reinterpret_cast<GetConfig>(dlsym(h, "openblas_get_config")))
    ob.config = cfg();
  if (auto core = reinterpret_cast<GetCoreName>(dlsym(h, "openblas_get_corename")))
    ob.config += std::string(" core=") + core();
  return ob;
}

struct Case {
  const char *name;
  int64_t m, n, k;
  int ta, tb;
};

template <class T> struct Buffers {
  std::vector<T> a, b, c;
  int64_t lda, ldb, ldc;
  Buffers(const Case &cs, std::mt19937 &rng) {
    std::uniform_real_distribution<float> d(-1.f, 1.f);
    lda = cs.ta ? cs.m : cs.k;
    ldb = cs.tb ? cs.k : cs.n;
    ldc = cs.n;
    a.resize(static_cast<size_t>(cs.m * cs.k));
    b.resize(static_cast<size_t>(cs.k * cs.n));
    c.assign(static_cast<size_t>(cs.m * cs.n), T(0));
    for (T &x : a)
      x = d(rng);
    for (T &x : b)
      x = d(rng);
  }
};

// The machines these run on are shared (other builds, 2 cores): time with
// the thread's CPU clock, which stops while the thread is descheduled, so
// that load from elsewhere costs cache misses but not whole time slices.
// --wall switches to the monotonic wall clock.
bool gWallClock = false;

double now() {
  if (gWallClock)
    return std::chrono::duration<double>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
}

/// Seconds per call of `f`, over enough calls to last >= minSeconds.
template <class F> double timeOnce(F &&f, double minSeconds) {
  int iters = 1;
  for (;;) {
    const double t0 = now();
    for (int i = 0; i < iters; ++i)
      f();
    const double dt = now() - t0;
    if (dt >= minSeconds)
      return dt / iters;
    iters = dt <= 0 ? iters * 10
                    : std::max(iters + 1, int(iters * minSeconds * 1.3 / dt));
  }
}

// CPU time (jiffies) used by the whole machine and by this process: their
// difference over a case is what other processes took meanwhile, shown with
// --threads, where the second core must be free for the numbers to mean
// anything.
long long machineBusyJiffies() {
  long long v[3] = {0, 0, 0};
  if (FILE *f = std::fopen("/proc/stat", "r")) {
    if (std::fscanf(f, "cpu %lld %lld %lld", &v[0], &v[1], &v[2]) != 3)
      v[0] = v[1] = v[2] = 0;
    std::fclose(f);
  }
  return v[0] + v[1] + v[2];
}

long long selfBusyJiffies() {
  long long ut = 0, st = 0;
  if (FILE *f = std::fopen("/proc/self/stat", "r")) {
    char buf[1024];
    size_t len = std::fread(buf, 1, sizeof buf - 1, f);
    buf[len] = '\0';
    std::fclose(f);
    // After the command name, which ends at the last ')': " S ppid ...",
    // state is field 3 and utime (field 14) follows the 12th space.
    if (const char *p = std::strrchr(buf, ')')) {
      const char *q = p + 1;
      for (int spaces = 0; *q && spaces < 12; ++q)
        if (*q == ' ')
          ++spaces;
      if (std::sscanf(q, "%lld %lld", &ut, &st) != 2)
        ut = st = 0;
    }
  }
  return ut + st;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

template <class T>
double maxRelDiff(const std::vector<T> &x, const std::vector<T> &y) {
  double num = 0, den = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    num = std::max(num, std::fabs(double(x[i]) - double(y[i])));
    den = std::max(den, std::fabs(double(y[i])));
  }
  return den > 0 ? num / den : num;
}

struct Options {
  int reps = 9;
  double minSeconds = 0.025;
  std::string only;
  int threads = 0; // 0: the single-threaded comparison
  int idleUs = 0;   // > 0: time single calls, each after this much idleness
};

/// Seconds of one call of `f` made after `idleUs` microseconds of
/// single-threaded busy work (so that the pool's workers have gone to sleep,
/// as between the matrix products of a training step): median of `calls`.
template <class F> double timeAfterIdle(F &&f, int idleUs, int calls) {
  std::vector<double> t;
  for (int i = 0; i < calls; ++i) {
    const auto g0 = std::chrono::steady_clock::now();
    while (std::chrono::duration<double, std::micro>(
               std::chrono::steady_clock::now() - g0)
               .count() < idleUs) {
    }
    const double t0 = now();
    f();
    t.push_back(now() - t0);
  }
  return median(t);
}

template <class T, class Sinter, class Blas>
void runCase(const Case &cs, const Options &opt, Sinter sinterFn,
             Sinter serialFn, Blas blasFn, std::mt19937 &rng) {
  Buffers<T> buf(cs, rng);
  std::vector<T> cRef(buf.c.size());
  auto runSinter = [&] {
    sinterFn(cs.m, cs.n, cs.k, T(1), buf.a.data(), buf.lda, cs.ta,
             buf.b.data(), buf.ldb, cs.tb, T(0), buf.c.data(), buf.ldc);
  };
  std::vector<T> cSerial(serialFn ? buf.c.size() : 0);
  auto runSerial = [&] {
    serialFn(cs.m, cs.n, cs.k, T(1), buf.a.data(), buf.lda, cs.ta,
             buf.b.data(), buf.ldb, cs.tb, T(0), cSerial.data(), buf.ldc);
  };
  auto runBlas = [&] {
    blasFn(101, cs.ta ? 112 : 111, cs.tb ? 112 : 111, int(cs.m), int(cs.n),
           int(cs.k), T(1), buf.a.data(), int(buf.lda), buf.b.data(),
           int(buf.ldb), T(0), cRef.data(), int(buf.ldc));
  };
  const bool haveBlas = blasFn != nullptr;
  // Warm up (first-touch page faults, OpenBLAS's buffers) and check.
  runSinter();
  double diff = -1;
  if (haveBlas) {
    runBlas();
    diff = maxRelDiff(buf.c, cRef);
  }
  if (serialFn) {
    runSerial();
    if (std::memcmp(cSerial.data(), buf.c.data(), buf.c.size() * sizeof(T)))
      std::fprintf(stderr, "%s: parallel and serial results differ\n",
                   cs.name);
  }
  // OpenBLAS's pthread workers busy-wait for 2^28 cycles (~80 ms here) after
  // each call before they sleep: timing Sinter's threads meanwhile would
  // measure them against OpenBLAS's spinning on the other core. With
  // --threads, let them fall asleep first.
  auto letBlasSleep = [&] {
    if (serialFn && haveBlas)
      std::this_thread::sleep_for(std::chrono::milliseconds(150));
  };
  letBlasSleep();
  std::vector<double> ts, tb, t1;
  const long long machine0 = machineBusyJiffies(), self0 = selfBusyJiffies();
  const auto wall0 = std::chrono::steady_clock::now();
  auto timeIt = [&](auto &&f) {
    return opt.idleUs > 0 ? timeAfterIdle(f, opt.idleUs, 50)
                          : timeOnce(f, opt.minSeconds);
  };
  for (int r = 0; r < opt.reps; ++r) {
    ts.push_back(timeIt(runSinter));
    if (serialFn)
      t1.push_back(timeIt(runSerial));
    if (haveBlas) {
      tb.push_back(timeIt(runBlas));
      letBlasSleep();
    }
  }
  const double flops = 2.0 * double(cs.m) * double(cs.n) * double(cs.k);
  const double gs = flops / median(ts) * 1e-9;
  char shape[64];
  std::snprintf(shape, sizeof shape, "%lldx%lldx%lld %s%s", (long long)cs.m,
                (long long)cs.n, (long long)cs.k, cs.ta ? "T" : "N",
                cs.tb ? "T" : "N");
  if (serialFn) {
    const double g1 = flops / median(t1) * 1e-9;
    const double gb = haveBlas ? flops / median(tb) * 1e-9 : NAN;
    // Jiffies are 10 ms: as a percentage of one core over the case.
    const double wall = std::chrono::duration<double>(
                            std::chrono::steady_clock::now() - wall0)
                            .count();
    const double others =
        double((machineBusyJiffies() - machine0) - (selfBusyJiffies() - self0)) /
        wall;
    std::printf("| %-22s | %-18s | %8.1f | %8.1f | %8.1f | %6.2f | %6.2f | "
                "%8.2f | %5.0f%% |\n",
                cs.name, shape, gs, g1, gb, gs / gb, gs / g1,
                median(ts) * 1e6, others < 0 ? 0.0 : others);
  } else if (haveBlas) {
    const double gb = flops / median(tb) * 1e-9;
    std::printf("| %-22s | %-18s | %8.1f | %8.1f | %6.2f | %8.1e |\n", cs.name,
                shape, gs, gb, gs / gb, diff);
  } else {
    std::printf("| %-22s | %-18s | %8.1f | %8s | %6s | %8s |\n", cs.name,
                shape, gs, "-", "-", "-");
  }
  std::fflush(stdout);
}

} // namespace

int main(int argc, char **argv) {
  Options opt;
  const char *isa = nullptr;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--isa" && i + 1 < argc)
      isa = argv[++i];
    else if (a == "--reps" && i + 1 < argc)
      opt.reps = std::max(1, std::atoi(argv[++i]));
    else if (a == "--quick")
      opt.reps = 3, opt.minSeconds = 0.01;
    else if (a == "--wall")
      gWallClock = true;
    else if (a == "--only" && i + 1 < argc)
      opt.only = argv[++i];
    else if (a == "--threads" && i + 1 < argc)
      opt.threads = std::max(1, std::atoi(argv[++i]));
    else if (a == "--idle-us" && i + 1 < argc)
      opt.idleUs = std::max(0, std::atoi(argv[++i]));
    else {
      std::fprintf(stderr,
                   "usage: %s [--isa generic|avx2|avx512] [--reps N] [--quick] "
                   "[--only square|mlp|dgemm|small] [--wall] [--threads N] "
                   "[--idle-us N]\n",
                   argv[0]);
      return 2;
    }
  }
  if (isa && sinter_gemm_isa_override(isa) != 0) {
    std::fprintf(stderr, "ISA '%s' is unknown or unsupported here\n", isa);
    return 2;
  }
  // Before OpenBLAS's constructor reads them.
  unsetenv("OPENBLAS_CORETYPE");
  unsetenv("OPENBLAS_L2_SIZE");
  const int threads = opt.threads > 0 ? opt.threads : 1;
  const std::string threadsStr = std::to_string(threads);
  setenv("OPENBLAS_NUM_THREADS", threadsStr.c_str(), 1);
  setenv("OMP_NUM_THREADS", threadsStr.c_str(), 1);
  OpenBlas ob = loadOpenBlas(threads);
  if (opt.threads > 0) {
    gWallClock = true;
    sinter_set_num_threads(threads);
  }

  std::printf("sinter isa: %s; OpenBLAS: %s\n", sinter_gemm_isa(),
              ob.sgemm ? ob.config.c_str() : "(none)");
  if (opt.threads > 0) {
    std::printf("%d threads (sinter_*gemm_parallel, OpenBLAS) vs sinter_*gemm "
                "on 1 thread, median of %d repetitions, GFLOP/s = 2mnk / "
                "time; m x n x k, op(A) op(B); us = one parallel call; "
                "others = CPU other processes used meanwhile (%% of a core)\n",
                threads, opt.reps);
    if (opt.idleUs > 0)
      std::printf("each repetition the median of 50 single calls, each after "
                  "%d us of single-threaded busy work\n\n",
                  opt.idleUs);
    else
      std::printf("each repetition >= %.0f ms of back-to-back calls, wall "
                  "clock\n\n",
                  opt.minSeconds * 1e3);
    std::printf("| %-22s | %-18s | %8s | %8s | %8s | %6s | %6s | %8s | %6s |\n",
                "case", "m x n x k", "sinter", "sinter 1", "openblas",
                "vs ob", "vs 1", "us", "others");
    std::printf("|%s|%s|%s|%s|%s|%s|%s|%s|%s|\n", std::string(24, '-').c_str(),
                std::string(20, '-').c_str(), std::string(10, '-').c_str(),
                std::string(10, '-').c_str(), std::string(10, '-').c_str(),
                std::string(8, '-').c_str(), std::string(8, '-').c_str(),
                std::string(10, '-').c_str(), std::string(8, '-').c_str());
  } else {
    std::printf("single thread, median of %d repetitions (each >= %.0f ms of "
                "%s time), GFLOP/s = 2mnk / time; m x n x k, op(A) op(B)\n\n",
                opt.reps, opt.minSeconds * 1e3,
                gWallClock ? "wall-clock" : "thread CPU");
    std::printf("| %-22s | %-18s | %8s | %8s | %6s | %8s |\n", "case",
                "m x n x k", "sinter", "openblas", "ratio", "max rdiff");
    std::printf("|%s|%s|%s|%s|%s|%s|\n", std::string(24, '-').c_str(),
                std::string(20, '-').c_str(), std::string(10, '-').c_str(),
                std::string(10, '-').c_str(), std::string(8, '-').c_str(),
                std::string(10, '-').c_str());
  }

  std::mt19937 rng(42);
  const Case square[] = {{"sgemm square", 256, 256, 256, 0, 0},
                         {"sgemm square", 512, 512, 512, 0, 0},
                         {"sgemm square", 1024, 1024, 1024, 0, 0},
                         {"sgemm square", 2048, 2048, 2048, 0, 0}};
  // An MLP 784-256-128-10 at batch 128 (torch.nn.Linear: y = x W^T, W is
  // out x in): forward x W^T (NT), backward dX = dY W (NN), dW = dY^T X (TN).
  const Case mlp[] = {
      {"mlp fc1 fwd", 128, 256, 784, 0, 1}, {"mlp fc1 dX", 128, 784, 256, 0, 0},
      {"mlp fc1 dW", 256, 784, 128, 1, 0},  {"mlp fc2 fwd", 128, 128, 256, 0, 1},
      {"mlp fc2 dX", 128, 256, 128, 0, 0},  {"mlp fc2 dW", 128, 256, 128, 1, 0},
      {"mlp fc3 fwd", 128, 10, 128, 0, 1},  {"mlp fc3 dX", 128, 128, 10, 0, 0},
      {"mlp fc3 dW", 10, 128, 128, 1, 0}};
  const Case dsq[] = {{"dgemm square", 256, 256, 256, 0, 0},
                      {"dgemm square", 1024, 1024, 1024, 0, 0},
                      {"dgemm NT", 512, 512, 512, 0, 1},
                      {"dgemm TN", 512, 512, 512, 1, 0}};

  // Around the parallel calls' threshold (2 m n k of a few MFLOP).
  const Case small[] = {
      {"small square", 32, 32, 32, 0, 0},    {"small square", 64, 64, 64, 0, 0},
      {"small square", 80, 80, 80, 0, 0},    {"small square", 96, 96, 96, 0, 0},
      {"small square", 128, 128, 128, 0, 0}, {"small rows", 128, 64, 64, 0, 0},
      {"small rows", 128, 32, 128, 0, 1},    {"small cols", 16, 256, 256, 0, 0},
      {"small cols", 10, 512, 256, 1, 0},    {"small rows", 128, 128, 256, 0, 1},
      {"small rows", 128, 256, 128, 0, 0},   {"small square", 192, 192, 192, 0, 0},
      {"small rows", 128, 256, 256, 0, 0}};

  using SFn = decltype(&sinter_sgemm);
  using DFn = decltype(&sinter_dgemm);
  const bool par = opt.threads > 0;
  const SFn sFn = par ? &sinter_sgemm_parallel : &sinter_sgemm;
  const SFn sSerial = par ? &sinter_sgemm : nullptr;
  const DFn dFn = par ? &sinter_dgemm_parallel : &sinter_dgemm;
  const DFn dSerial = par ? &sinter_dgemm : nullptr;
  if (opt.only.empty() || opt.only == "square")
    for (const Case &cs : square)
      runCase<float>(cs, opt, sFn, sSerial, ob.sgemm, rng);
  if (opt.only.empty() || opt.only == "mlp")
    for (const Case &cs : mlp)
      runCase<float>(cs, opt, sFn, sSerial, ob.sgemm, rng);
  if (opt.only == "small")
    for (const Case &cs : small)
      runCase<float>(cs, opt, sFn, sSerial, ob.sgemm, rng);
  if (opt.only.empty() || opt.only == "dgemm")
    for (const Case &cs : dsq)
      runCase<double>(cs, opt, dFn, dSerial, ob.dgemm, rng);
  return 0;
}
