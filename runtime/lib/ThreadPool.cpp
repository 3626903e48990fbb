//===- ThreadPool.cpp - The runtime's persistent worker threads -----------===//
//
// See ThreadPool.h. The whole protocol lives in a few atomics of one
// never-destroyed Pool:
//
//   state_   gen:32 | next:16 | total:16. The caller publishes a job (the
//            descriptor fn/ctx/count first, then state_ with release); any
//            thread claims chunk `next` by a CAS that increments it, and only
//            then reads the descriptor, which cannot change before that
//            chunk is done.
//   pending_ chunks not yet finished; the caller waits for 0.
//   wake_    bumped once per job; idle workers spin on it briefly, then
//            sleep on it (futex), counted in sleepers_ so that the caller
//            makes the wake-up system call only when someone sleeps.
//   busy_    taken by the caller for the duration of a job; a call that
//            finds it taken runs inline.
//
//===----------------------------------------------------------------------===//
#include "sinter/runtime/ThreadPool.h"
#include "sinter/runtime/Kernels.h"

#include <atomic>
#include <chrono>
#include <climits>
#include <cstdlib>
#include <thread>

#if defined(__linux__)
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>
#else
#include <condition_variable>
#include <mutex>
#endif

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace sinter {
namespace {

//===-- Waiting on a 32-bit word ------------------------------------------===//

#if defined(__linux__)
void waitWord(std::atomic<uint32_t> &word, uint32_t expected) {
  static_assert(sizeof(std::atomic<uint32_t>) == sizeof(uint32_t),
                "futex word");
  syscall(SYS_futex, reinterpret_cast<uint32_t *>(&word), FUTEX_WAIT_PRIVATE,
          expected, nullptr, nullptr, 0);
}
void wakeWord(std::atomic<uint32_t> &word, int n) {
  syscall(SYS_futex, reinterpret_cast<uint32_t *>(&word), FUTEX_WAKE_PRIVATE,
          n, nullptr, nullptr, 0);
}
#else
// One mutex and condition variable for all words: waiters re-check their
// word under the lock, wakers take the lock before notifying, so that no
// wake-up falls between a waiter's check and its sleep.
std::mutex &waitMutex() {
  static std::mutex *m = new std::mutex;
  return *m;
}
std::condition_variable &waitCv() {
  static std::condition_variable *cv = new std::condition_variable;
  return *cv;
}
void waitWord(std::atomic<uint32_t> &word, uint32_t expected) {
  std::unique_lock<std::mutex> lock(waitMutex());
  if (word.load(std::memory_order_seq_cst) == expected)
    waitCv().wait(lock);
}
void wakeWord(std::atomic<uint32_t> &, int) {
  { std::lock_guard<std::mutex> lock(waitMutex()); }
  waitCv().notify_all();
}
#endif

inline void cpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
  _mm_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

int64_t nowNanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

int envInt(const char *name, int fallback) {
  const char *s = std::getenv(name);
  if (!s || !*s)
    return fallback;
  char *end = nullptr;
  long v = std::strtol(s, &end, 10);
  if (end == s || *end != '\0' || v < 0 || v > INT_MAX)
    return fallback;
  return static_cast<int>(v);
}

/// The bound of every spin, read once.
int64_t spinNanos() {
  static const int64_t ns =
      int64_t(envInt("SINTER_SPIN_US", kDefaultSpinMicros)) * 1000;
  return ns;
}

/// Spins until pred() or for at most spinNanos(); returns pred()'s last value.
template <class Pred> bool spinUntil(Pred pred) {
  if (pred())
    return true;
  const int64_t limit = spinNanos();
  if (limit <= 0)
    return false;
  const int64_t start = nowNanos();
  for (unsigned i = 1;; ++i) {
    cpuRelax();
    if (pred())
      return true;
    if ((i & 15) == 0 && nowNanos() - start >= limit)
      return false;
  }
}

int hardwareThreads() {
  int n = static_cast<int>(std::thread::hardware_concurrency());
#if defined(__linux__)
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) == 0) {
    int allowed = CPU_COUNT(&set);
    if (allowed > 0 && (n <= 0 || allowed < n))
      n = allowed;
  }
#endif
  return n < 1 ? 1 : n > kMaxThreads ? kMaxThreads : n;
}

//===-- The pool ----------------------------------------------------------===//

constexpr uint64_t kChunkMask = 0xffff;
constexpr int64_t kMaxChunks = 0xffff;

class Pool {
public:
  Pool() { threads_.store(defaultNumThreads(), std::memory_order_relaxed); }

  int threads() const { return threads_.load(std::memory_order_relaxed); }
  void setThreads(int n) {
    if (n <= 0)
      n = defaultNumThreads();
    threads_.store(n > kMaxThreads ? kMaxThreads : n,
                   std::memory_order_relaxed);
  }

  void run(int64_t count, int64_t chunks, ParallelForFn fn, void *ctx);

  /// In a child after fork(): the workers are the parent's, gone here.
  void resetAfterFork() {
    spawned_ = 0;
    sleepers_.store(0, std::memory_order_relaxed);
    callerSleeping_.store(0, std::memory_order_relaxed);
    pending_.store(0, std::memory_order_relaxed);
    state_.store(0, std::memory_order_relaxed);
    busy_.store(false, std::memory_order_relaxed);
  }

private:
  void workerLoop(uint32_t seen);
  /// Claims and runs chunks of the current job until none is left.
  void runChunks();
  void finishChunk() {
    if (pending_.fetch_sub(1, std::memory_order_seq_cst) == 1 &&
        callerSleeping_.load(std::memory_order_seq_cst))
      wakeWord(pending_, 1);
  }

  std::atomic<int> threads_{1};
  // Written only by the thread holding busy_.
  int spawned_ = 0;
  uint32_t gen_ = 0;
  // The job descriptor (see the file comment for who reads it when).
  ParallelForFn fn_ = nullptr;
  void *ctx_ = nullptr;
  int64_t count_ = 0;

  std::atomic<bool> busy_{false};
  // Each on its own line: workers poll wake_ and state_, the caller
  // pending_.
  alignas(64) std::atomic<uint64_t> state_{0};
  alignas(64) std::atomic<uint32_t> wake_{0};
  std::atomic<int> sleepers_{0};
  alignas(64) std::atomic<uint32_t> pending_{0};
  std::atomic<uint32_t> callerSleeping_{0};
};

void Pool::runChunks() {
  uint64_t s = state_.load(std::memory_order_acquire);
  for (;;) {
    const uint64_t next = (s >> 16) & kChunkMask, total = s & kChunkMask;
    if (next >= total)
      return;
    if (!state_.compare_exchange_weak(s, s + (uint64_t(1) << 16),
                                      std::memory_order_acq_rel,
                                      std::memory_order_acquire))
      continue;
    // Chunk `next` of the job published with `s` is ours: its descriptor
    // stays put until we finish it.
    const int64_t count = count_, c = int64_t(next), t = int64_t(total);
    const int64_t q = count / t, r = count % t;
    const int64_t begin = c * q + (c < r ? c : r);
    const int64_t end = begin + q + (c < r ? 1 : 0);
    if (begin < end)
      fn_(ctx_, begin, end);
    finishChunk();
    s = state_.load(std::memory_order_acquire);
  }
}

void Pool::workerLoop(uint32_t seen) {
  for (;;) {
    if (!spinUntil([&] {
          return wake_.load(std::memory_order_acquire) != seen;
        })) {
      sleepers_.fetch_add(1, std::memory_order_seq_cst);
      while (wake_.load(std::memory_order_seq_cst) == seen)
        waitWord(wake_, seen);
      sleepers_.fetch_sub(1, std::memory_order_relaxed);
    }
    seen = wake_.load(std::memory_order_acquire);
    runChunks();
  }
}

void Pool::run(int64_t count, int64_t chunks, ParallelForFn fn, void *ctx) {
  if (count <= 0)
    return;
  if (chunks > count)
    chunks = count;
  if (chunks > kMaxChunks)
    chunks = kMaxChunks;
  const int threads = this->threads();
  if (chunks <= 1 || threads <= 1 ||
      busy_.exchange(true, std::memory_order_acquire)) {
    fn(ctx, 0, count);
    return;
  }
  // Workers this job can use; start the missing ones (once per process, or
  // when the thread count grows). They begin waiting on the current wake_,
  // so they see this job's bump.
  const int helpers = int(chunks - 1 < threads - 1 ? chunks - 1 : threads - 1);
  while (spawned_ < helpers) {
    const uint32_t seen = wake_.load(std::memory_order_relaxed);
    std::thread([this, seen] { workerLoop(seen); }).detach();
    ++spawned_;
  }
  // Publish: descriptor, then the claimable state, then the wake-up.
  fn_ = fn;
  ctx_ = ctx;
  count_ = count;
  pending_.store(uint32_t(chunks), std::memory_order_relaxed);
  ++gen_;
  state_.store((uint64_t(gen_) << 32) | uint64_t(chunks),
               std::memory_order_release);
  wake_.fetch_add(1, std::memory_order_seq_cst);
  if (sleepers_.load(std::memory_order_seq_cst) > 0)
    wakeWord(wake_, helpers);
  // Work alongside the workers, then wait for their last chunks.
  runChunks();
  if (!spinUntil([&] {
        return pending_.load(std::memory_order_acquire) == 0;
      })) {
    callerSleeping_.store(1, std::memory_order_seq_cst);
    for (uint32_t p; (p = pending_.load(std::memory_order_seq_cst)) != 0;)
      waitWord(pending_, p);
    callerSleeping_.store(0, std::memory_order_relaxed);
  }
  busy_.store(false, std::memory_order_release);
}

Pool &pool();

#if defined(__linux__)
void atforkChild() { pool().resetAfterFork(); }
#endif

Pool &pool() {
  // Never destroyed: detached workers may still be asleep in it at exit.
  static Pool *p = [] {
    Pool *created = new Pool;
#if defined(__linux__)
    pthread_atfork(nullptr, nullptr, &atforkChild);
#endif
    return created;
  }();
  return *p;
}

} // namespace

int defaultNumThreads() {
  static const int n = [] {
    int env = envInt("SINTER_NUM_THREADS", 0);
    if (env > 0)
      return env > kMaxThreads ? kMaxThreads : env;
    return hardwareThreads();
  }();
  return n;
}

int numThreads() { return pool().threads(); }

void setNumThreads(int n) { pool().setThreads(n); }

void parallelForChunks(int64_t count, int64_t numChunks, ParallelForFn fn,
                       void *context) {
  pool().run(count, numChunks, fn, context);
}

void parallelFor(int64_t count, ParallelForFn fn, void *context) {
  pool().run(count, numThreads(), fn, context);
}

} // namespace sinter

extern "C" {

void sinter_set_num_threads(int n) { sinter::setNumThreads(n); }

int sinter_get_num_threads(void) { return sinter::numThreads(); }

} // extern "C"
