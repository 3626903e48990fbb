//===- ThreadPoolTest.cpp - The runtime's thread pool and parallel GEMM ---===//
//
// sinter::parallelFor / parallelForChunks (runtime/lib/ThreadPool.cpp):
// every index exactly once in contiguous chunks, for many counts and thread
// counts (more threads than cores included); really parallel; nested and
// concurrent calls; idle workers sleep; SINTER_NUM_THREADS; fork.
// sinter_sgemm_parallel / sinter_dgemm_parallel (GemmParallel.cpp): bitwise
// equal to the single-threaded calls on tiny, odd, row- and column-split
// shapes, all transposes, with 1, 2 and 3 threads, on every ISA this CPU runs.
//
//===----------------------------------------------------------------------===//
#include "sinter/runtime/Kernels.h"
#include "sinter/runtime/ThreadPool.h"

#include "../../runtime/lib/kernels/GemmInternal.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

namespace {

/// Restores the default thread count when a test ends.
struct ThreadCount {
  explicit ThreadCount(int n) { sinter::setNumThreads(n); }
  ~ThreadCount() { sinter::setNumThreads(0); }
};

struct Coverage {
  std::vector<std::atomic<int>> hits;
  std::mutex mu;
  std::vector<std::pair<int64_t, int64_t>> ranges;
  explicit Coverage(int64_t count) : hits(static_cast<size_t>(count)) {
    for (auto &h : hits)
      h.store(0);
  }
  void body(int64_t begin, int64_t end) {
    {
      std::lock_guard<std::mutex> lock(mu);
      ranges.emplace_back(begin, end);
    }
    for (int64_t i = begin; i < end; ++i)
      hits[static_cast<size_t>(i)].fetch_add(1);
  }
  void expectOnce(int64_t maxCalls) {
    int64_t bad = 0;
    for (size_t i = 0; i < hits.size(); ++i)
      bad += hits[i].load() != 1;
    EXPECT_EQ(bad, 0);
    EXPECT_LE(int64_t(ranges.size()), maxCalls);
    for (auto &r : ranges)
      EXPECT_LT(r.first, r.second) << "empty chunk passed to the body";
  }
};

TEST(ThreadPool, NumThreads) {
  EXPECT_GE(sinter::defaultNumThreads(), 1);
  {
    ThreadCount tc(3);
    EXPECT_EQ(sinter::numThreads(), 3);
    EXPECT_EQ(sinter_get_num_threads(), 3);
    sinter_set_num_threads(5);
    EXPECT_EQ(sinter_get_num_threads(), 5);
    sinter_set_num_threads(100000);
    EXPECT_EQ(sinter_get_num_threads(), sinter::kMaxThreads);
  }
  EXPECT_EQ(sinter::numThreads(), sinter::defaultNumThreads());
  sinter_set_num_threads(-1);
  EXPECT_EQ(sinter_get_num_threads(), sinter::defaultNumThreads());
}

TEST(ThreadPool, EveryIndexOnce) {
  const int64_t counts[] = {0, 1, 2, 3, 5, 7, 8, 16, 31, 100, 1000, 4097};
  for (int threads : {1, 2, 3, 8}) {
    ThreadCount tc(threads);
    for (int64_t count : counts) {
      SCOPED_TRACE(::testing::Message()
                   << "threads=" << threads << " count=" << count);
      Coverage cov(count);
      sinter::parallelFor(count, [&](int64_t b, int64_t e) { cov.body(b, e); });
      cov.expectOnce(threads);
      for (int64_t chunks : {int64_t(1), int64_t(2), int64_t(3), int64_t(7),
                             int64_t(64), int64_t(100000)}) {
        SCOPED_TRACE(::testing::Message() << "chunks=" << chunks);
        Coverage cc(count);
        sinter::parallelForChunks(count, chunks,
                                  [&](int64_t b, int64_t e) { cc.body(b, e); });
        cc.expectOnce(chunks);
        // Near-equal contiguous chunks: sizes differ by at most one.
        if (!cc.ranges.empty() && threads > 1) {
          int64_t lo = INT64_MAX, hi = 0;
          for (auto &r : cc.ranges) {
            lo = std::min(lo, r.second - r.first);
            hi = std::max(hi, r.second - r.first);
          }
          EXPECT_LE(hi - lo, 1);
        }
      }
    }
  }
}

TEST(ThreadPool, ManyCallsInARow) {
  // Back-to-back jobs: a worker that wakes late must never run a chunk of
  // the wrong job.
  for (int threads : {2, 3, 8}) {
    ThreadCount tc(threads);
    std::vector<int64_t> sums(64, 0);
    for (int iter = 0; iter < 3000; ++iter) {
      const int64_t count = 1 + iter % 97;
      std::atomic<int64_t> sum{0};
      sinter::parallelForChunks(count, 1 + iter % 5, [&](int64_t b, int64_t e) {
        int64_t s = 0;
        for (int64_t i = b; i < e; ++i)
          s += i + 1;
        sum.fetch_add(s);
      });
      ASSERT_EQ(sum.load(), count * (count + 1) / 2)
          << "threads=" << threads << " iter=" << iter;
    }
  }
}

TEST(ThreadPool, RunsOnSeveralThreads) {
  ThreadCount tc(2);
  // Each chunk waits (bounded) until both chunks have started: passes only
  // if a worker really runs beside the caller.
  for (int round = 0; round < 3; ++round) {
    std::atomic<int> started{0};
    std::mutex mu;
    std::set<std::thread::id> ids;
    sinter::parallelForChunks(2, 2, [&](int64_t, int64_t) {
      {
        std::lock_guard<std::mutex> lock(mu);
        ids.insert(std::this_thread::get_id());
      }
      started.fetch_add(1);
      auto deadline =
          std::chrono::steady_clock::now() + std::chrono::seconds(5);
      while (started.load() < 2 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::yield();
    });
    EXPECT_EQ(started.load(), 2);
    EXPECT_EQ(ids.size(), 2u);
    EXPECT_TRUE(ids.count(std::this_thread::get_id()));
  }
}

TEST(ThreadPool, NestedCallsRunInline) {
  for (int threads : {2, 3}) {
    ThreadCount tc(threads);
    const int64_t outer = 6, inner = 50;
    std::vector<std::atomic<int>> hits(outer * inner);
    for (auto &h : hits)
      h.store(0);
    sinter::parallelFor(outer, [&](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; ++i)
        sinter::parallelFor(inner, [&](int64_t b2, int64_t e2) {
          for (int64_t j = b2; j < e2; ++j)
            hits[static_cast<size_t>(i * inner + j)].fetch_add(1);
        });
    });
    for (auto &h : hits)
      EXPECT_EQ(h.load(), 1);
  }
}

TEST(ThreadPool, ConcurrentCallersDontDeadlock) {
  ThreadCount tc(2);
  std::atomic<int> failures{0};
  auto caller = [&](int seed) {
    for (int iter = 0; iter < 2000; ++iter) {
      const int64_t count = 1 + (iter * 7 + seed) % 200;
      std::atomic<int64_t> sum{0};
      sinter::parallelFor(count, [&](int64_t b, int64_t e) {
        int64_t s = 0;
        for (int64_t i = b; i < e; ++i)
          s += i;
        sum.fetch_add(s);
      });
      if (sum.load() != count * (count - 1) / 2)
        failures.fetch_add(1);
    }
  };
  std::thread t1(caller, 1), t2(caller, 2);
  caller(3);
  t1.join();
  t2.join();
  EXPECT_EQ(failures.load(), 0);
}

double processCpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
}

TEST(ThreadPool, IdleWorkersSleep) {
  // After a job, workers spin a few microseconds at most and then block:
  // an idle process uses (almost) no CPU time.
  ThreadCount tc(8);
  Coverage cov(64);
  sinter::parallelForChunks(64, 8,
                            [&](int64_t b, int64_t e) { cov.body(b, e); });
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  const double t0 = processCpuSeconds();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const double used = processCpuSeconds() - t0;
  EXPECT_LT(used, 0.02) << "idle workers used " << used << " s of CPU in 0.3 s";
}

// Run by SinterNumThreadsIsRead in a child process with SINTER_NUM_THREADS set.
TEST(ThreadPoolEnv, DISABLED_ReportsThreads) {
  const char *want = std::getenv("SINTER_TEST_EXPECT_THREADS");
  ASSERT_NE(want, nullptr);
  EXPECT_EQ(sinter_get_num_threads(), std::atoi(want));
  EXPECT_EQ(sinter::defaultNumThreads(), std::atoi(want));
}

TEST(ThreadPool, SinterNumThreadsIsRead) {
  char exe[4096];
  ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (len <= 0)
    GTEST_SKIP() << "no /proc/self/exe";
  exe[len] = '\0';
  std::string cmd = std::string("SINTER_NUM_THREADS=3 SINTER_TEST_EXPECT_THREADS=3 '") +
                    exe +
                    "' --gtest_also_run_disabled_tests "
                    "--gtest_filter=ThreadPoolEnv.DISABLED_ReportsThreads "
                    ">/dev/null 2>&1";
  EXPECT_EQ(std::system(cmd.c_str()), 0);
}

TEST(ThreadPool, WorksInAForkedChild) {
  ThreadCount tc(2);
  Coverage cov(100);
  sinter::parallelFor(100, [&](int64_t b, int64_t e) { cov.body(b, e); });
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    alarm(20); // a hang kills the child, which the parent reports
    std::atomic<int64_t> sum{0};
    for (int iter = 0; iter < 50; ++iter)
      sinter::parallelForChunks(1000, 2, [&](int64_t b, int64_t e) {
        sum.fetch_add(e - b);
      });
    _exit(sum.load() == 50 * 1000 ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
      << "child status " << status;
}

//===-- Parallel GEMM ------------------------------------------------------===//

void serialGemm(int64_t m, int64_t n, int64_t k, float alpha, const float *a,
                int64_t lda, int ta, const float *b, int64_t ldb, int tb,
                float beta, float *c, int64_t ldc) {
  sinter_sgemm(m, n, k, alpha, a, lda, ta, b, ldb, tb, beta, c, ldc);
}
void serialGemm(int64_t m, int64_t n, int64_t k, double alpha,
                const double *a, int64_t lda, int ta, const double *b,
                int64_t ldb, int tb, double beta, double *c, int64_t ldc) {
  sinter_dgemm(m, n, k, alpha, a, lda, ta, b, ldb, tb, beta, c, ldc);
}
void parallelGemm(int64_t m, int64_t n, int64_t k, float alpha,
                  const float *a, int64_t lda, int ta, const float *b,
                  int64_t ldb, int tb, float beta, float *c, int64_t ldc) {
  sinter_sgemm_parallel(m, n, k, alpha, a, lda, ta, b, ldb, tb, beta, c, ldc);
}
void parallelGemm(int64_t m, int64_t n, int64_t k, double alpha,
                  const double *a, int64_t lda, int ta, const double *b,
                  int64_t ldb, int tb, double beta, double *c, int64_t ldc) {
  sinter_dgemm_parallel(m, n, k, alpha, a, lda, ta, b, ldb, tb, beta, c, ldc);
}

struct Shape {
  int64_t m, n, k;
};

// Tiny and odd shapes (run on the calling thread), products cut by rows,
// and products cut by columns (few rows: m = 1, 2, 10, 24, 40), above the
// size threshold of sinter_*gemm_parallel (2 m n k >= 6 MFLOP for 2
// threads), and the MLP's products.
const Shape kShapes[] = {
    {1, 1, 1},       {7, 7, 7},       {33, 33, 33},     {257, 257, 257},
    {128, 784, 256}, {256, 784, 128}, {128, 256, 784},  {64, 64, 300},
    {1, 9000, 700},  {2, 4097, 1000}, {10, 128, 128},   {10, 1000, 300},
    {24, 333, 512},  {40, 1000, 300}, {3000, 3, 500},   {5000, 1, 700},
    {128, 128, 10},  {300, 200, 0},   {97, 1031, 61}};

template <class T>
void checkParallel(const Shape &s, int ta, int tb, double alpha, double beta,
                   unsigned seed) {
  SCOPED_TRACE(::testing::Message()
               << sinter_gemm_isa() << (sizeof(T) == 4 ? " sgemm" : " dgemm")
               << " threads=" << sinter::numThreads() << " m=" << s.m
               << " n=" << s.n << " k=" << s.k << " transA=" << ta
               << " transB=" << tb << " alpha=" << alpha << " beta=" << beta);
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> dist(-1.0, 1.0);
  const int64_t padA = 3, padB = 5, padC = 7;
  const int64_t aRows = ta ? s.k : s.m, aCols = ta ? s.m : s.k;
  const int64_t bRows = tb ? s.n : s.k, bCols = tb ? s.k : s.n;
  const int64_t lda = aCols + padA, ldb = bCols + padB, ldc = s.n + padC;
  std::vector<T> A(static_cast<size_t>(aRows * lda) + 1);
  std::vector<T> B(static_cast<size_t>(bRows * ldb) + 1);
  std::vector<T> C(static_cast<size_t>(s.m * ldc) + 1, T(-777));
  for (T &x : A)
    x = T(dist(rng));
  for (T &x : B)
    x = T(dist(rng));
  for (int64_t i = 0; i < s.m; ++i)
    for (int64_t j = 0; j < s.n; ++j)
      C[i * ldc + j] = T(dist(rng));
  std::vector<T> ref = C;
  serialGemm(s.m, s.n, s.k, T(alpha), A.data(), lda, ta, B.data(), ldb, tb,
             T(beta), ref.data(), ldc);
  parallelGemm(s.m, s.n, s.k, T(alpha), A.data(), lda, ta, B.data(), ldb, tb,
               T(beta), C.data(), ldc);
  size_t mismatches = 0, first = C.size();
  for (size_t i = 0; i < C.size(); ++i)
    if (std::memcmp(&C[i], &ref[i], sizeof(T)) != 0) {
      ++mismatches;
      if (first == C.size())
        first = i;
    }
  EXPECT_EQ(mismatches, 0u) << "first at " << first << ": " << C[first]
                            << " vs " << ref[first];
}

std::vector<std::string> supportedIsas() {
  std::vector<std::string> isas;
  for (const char *isa : {"generic", "avx2", "avx512"})
    if (sinter_gemm_isa_supported(isa))
      isas.push_back(isa);
  return isas;
}

/// Every shape and transpose with `threads` threads, on this CPU's automatic
/// ISA choice or (allIsas) on each ISA it runs.
template <class T> void checkAllShapes(int threads, bool allIsas) {
  ThreadCount tc(threads);
  unsigned seed = 1;
  const std::vector<std::string> isas =
      allIsas ? supportedIsas() : std::vector<std::string>{"auto"};
  for (const std::string &isa : isas) {
    ASSERT_EQ(sinter_gemm_isa_override(isa.c_str()), 0);
    for (const Shape &s : kShapes)
      for (int ta : {0, 1})
        for (int tb : {0, 1}) {
          // beta == 0 (C not read) and a general alpha/beta.
          checkParallel<T>(s, ta, tb, 1.0, 0.0, seed++);
          if (ta == tb)
            checkParallel<T>(s, ta, tb, -0.5, 0.75, seed++);
        }
  }
  sinter_gemm_isa_override("auto");
}

TEST(ParallelGemm, SgemmOneThread) { checkAllShapes<float>(1, false); }
TEST(ParallelGemm, SgemmTwoThreadsEveryIsa) { checkAllShapes<float>(2, true); }
TEST(ParallelGemm, SgemmThreeThreads) { checkAllShapes<float>(3, false); }
TEST(ParallelGemm, DgemmOneThread) { checkAllShapes<double>(1, false); }
TEST(ParallelGemm, DgemmTwoThreads) { checkAllShapes<double>(2, false); }

//===-- GEMM epilogues -----------------------------------------------------===//

void epilogueGemm(int64_t m, int64_t n, int64_t k, const float *a, int64_t lda,
                  const float *b, int64_t ldb, float beta, float *c,
                  int64_t ldc, int epilogue, const float *mask, int64_t ldm) {
  sinter_sgemm_epilogue_parallel(m, n, k, 1.f, a, lda, 0, b, ldb, 0, beta, c,
                                 ldc, epilogue, mask, ldm);
}
void epilogueGemm(int64_t m, int64_t n, int64_t k, const double *a,
                  int64_t lda, const double *b, int64_t ldb, double beta,
                  double *c, int64_t ldc, int epilogue, const double *mask,
                  int64_t ldm) {
  sinter_dgemm_epilogue_parallel(m, n, k, 1.0, a, lda, 0, b, ldb, 0, beta, c,
                                 ldc, epilogue, mask, ldm);
}

/// The product then the epilogue as the compiler's loops compute them:
/// bitwise equal, NaN and -0 included, by rows and by columns.
template <class T> void checkEpilogue(const Shape &s, int epilogue) {
  SCOPED_TRACE(::testing::Message()
               << "threads=" << sinter::numThreads() << " m=" << s.m
               << " n=" << s.n << " k=" << s.k << " epilogue=" << epilogue);
  std::mt19937 rng(unsigned(s.m * 31 + s.n * 7 + s.k + epilogue));
  std::uniform_real_distribution<double> dist(-1.0, 1.0);
  const int64_t lda = s.k + 1, ldb = s.n + 2, ldc = s.n + 3, ldm = s.n + 5;
  std::vector<T> A(size_t(s.m * lda)), B(size_t(s.k * ldb)),
      C(size_t(s.m * ldc)), M(size_t(s.m * ldm));
  for (T &x : A)
    x = T(dist(rng));
  for (T &x : B)
    x = T(dist(rng));
  for (T &x : C)
    x = T(dist(rng));
  // The mask: positive, negative, zero, -0 and NaN activations.
  const T specials[] = {T(1), T(-1), T(0), T(-0.0), std::numeric_limits<T>::quiet_NaN()};
  for (size_t i = 0; i < M.size(); ++i)
    M[i] = specials[i % 5];
  // NaN in the product too, for ReLU (a NaN in A spreads along its row).
  if (s.m > 2 && s.k > 0)
    A[size_t(2 * lda)] = std::numeric_limits<T>::quiet_NaN();
  std::vector<T> ref = C;
  serialGemm(s.m, s.n, s.k, T(1), A.data(), lda, 0, B.data(), ldb, 0, T(1),
             ref.data(), ldc);
  for (int64_t i = 0; i < s.m; ++i)
    for (int64_t j = 0; j < s.n; ++j) {
      T &c = ref[size_t(i * ldc + j)];
      if (epilogue == SINTER_EPILOGUE_RELU)
        c = c < T(0) ? T(0) : c;
      else
        c = M[size_t(i * ldm + j)] > T(0) ? c : T(0);
    }
  epilogueGemm(s.m, s.n, s.k, A.data(), lda, B.data(), ldb, T(1), C.data(),
               ldc, epilogue, M.data(), ldm);
  size_t mismatches = 0;
  for (size_t i = 0; i < C.size(); ++i)
    mismatches += std::memcmp(&C[i], &ref[i], sizeof(T)) != 0;
  EXPECT_EQ(mismatches, 0u);
}

TEST(ParallelGemm, Epilogues) {
  for (int threads : {1, 2})
    for (const Shape &s : kShapes)
      for (int epilogue : {SINTER_EPILOGUE_RELU, SINTER_EPILOGUE_RELU_MASK}) {
        ThreadCount tc(threads);
        checkEpilogue<float>(s, epilogue);
        checkEpilogue<double>(s, epilogue);
      }
}

TEST(ParallelGemm, EmptyProducts) {
  ThreadCount tc(2);
  float c = 5.f;
  sinter_sgemm_parallel(0, 10, 10, 1.f, nullptr, 10, 0, nullptr, 10, 0, 0.f,
                        nullptr, 10);
  sinter_sgemm_parallel(10, 0, 10, 1.f, nullptr, 10, 0, nullptr, 0, 0, 0.f,
                        nullptr, 0);
  // k == 0: C = beta * C, A and B unread.
  sinter_sgemm_parallel(1, 1, 0, 1.f, nullptr, 1, 0, nullptr, 1, 0, 2.f, &c,
                        1);
  EXPECT_EQ(c, 10.f);
}

TEST(ParallelGemm, ConcurrentCallers) {
  // Two threads each running large products: one gets the pool, the other
  // runs inline; both results are right.
  ThreadCount tc(2);
  auto work = [](unsigned seed, int *ok) {
    const int64_t m = 200, n = 300, k = 150;
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> d(-1, 1);
    std::vector<float> a(m * k), b(k * n), c(m * n), ref(m * n);
    for (float &x : a)
      x = d(rng);
    for (float &x : b)
      x = d(rng);
    sinter_sgemm(m, n, k, 1.f, a.data(), k, 0, b.data(), n, 0, 0.f,
                 ref.data(), n);
    *ok = 1;
    for (int iter = 0; iter < 50; ++iter) {
      std::fill(c.begin(), c.end(), 0.f);
      sinter_sgemm_parallel(m, n, k, 1.f, a.data(), k, 0, b.data(), n, 0, 0.f,
                            c.data(), n);
      if (std::memcmp(c.data(), ref.data(), c.size() * sizeof(float)) != 0)
        *ok = 0;
    }
  };
  int ok1 = 0, ok2 = 0;
  std::thread t(work, 7u, &ok1);
  work(8u, &ok2);
  t.join();
  EXPECT_EQ(ok1, 1);
  EXPECT_EQ(ok2, 1);
}

} // namespace
