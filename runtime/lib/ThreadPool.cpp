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
//   slots_[i].wake  bumped for worker i when a job wants it (workers 0 ..
//            helpers - 1 of each job); an idle worker spins on its word
//            briefly, then sleeps on it (futex) with slots_[i].sleeping set,
//            so that the caller makes the wake-up system call only for a
//            worker that sleeps.
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

/// The bound of an idle worker's spin, read once.
int64_t workerSpinNanos() {
  static const int64_t ns =
      int64_t(envInt("SINTER_SPIN_US", kDefaultSpinMicros)) * 1000;
  return ns;
}

/// The bound of the caller's spin while workers finish their chunks.
int64_t callerSpinNanos() {
  static const int64_t ns =
      int64_t(envInt("SINTER_CALLER_SPIN_US", kDefaultCallerSpinMicros)) * 1000;
  return ns;
}

/// Spins until pred() or for at most `limit` ns; returns pred()'s last value.
template <class Pred> bool spinUntil(Pred pred, int64_t limit) {
  if (pred())
    return true;
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

/// Whether workers are pinned (SINTER_PIN_THREADS=0 turns it off; read once).
bool pinEnabled() {
  static const bool pin = envInt("SINTER_PIN_THREADS", 1) != 0;
  return pin;
}

/// The CPUs this process may run on, in order (Linux; empty elsewhere).
struct CpuList {
  int count = 0;
  int cpus[kMaxThreads];
};

CpuList allowedCpus() {
  CpuList list;
#if defined(__linux__)
  cpu_set_t allowed;
  CPU_ZERO(&allowed);
  if (sched_getaffinity(0, sizeof allowed, &allowed) == 0)
    for (int cpu = 0; cpu < CPU_SETSIZE && list.count < kMaxThreads; ++cpu)
      if (CPU_ISSET(cpu, &allowed))
        list.cpus[list.count++] = cpu;
#endif
  return list;
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
    pinnedFor_ = -1;
    for (Slot &slot : slots_) {
      slot.wake.store(0, std::memory_order_relaxed);
      slot.sleeping.store(0, std::memory_order_relaxed);
    }
    helpers_.store(0, std::memory_order_relaxed);
    callerSleeping_.store(0, std::memory_order_relaxed);
    pending_.store(0, std::memory_order_relaxed);
    state_.store(0, std::memory_order_relaxed);
    busy_.store(false, std::memory_order_relaxed);
  }

private:
  void workerLoop(int index);
  /// Pins worker i to the (i + 1)-th allowed CPU after the caller's, while
  /// there are CPUs enough (see run).
  void pinWorkers(int callerCpu);
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

  // The CPUs this process may run on (at the pool's creation), the workers'
  // threads, and the caller's CPU they were last pinned around (-1: none).
  CpuList cpus_ = allowedCpus();
#if defined(__linux__)
  pthread_t handles_[kMaxThreads];
#endif
  int pinnedFor_ = -1;

  std::atomic<bool> busy_{false};
  // Workers of the current job: a worker woken late for an earlier job with
  // more helpers stays out of this one.
  std::atomic<int> helpers_{0};
  // Each on its own line: workers poll their slot and state_, the caller
  // pending_.
  alignas(64) std::atomic<uint64_t> state_{0};
  alignas(64) std::atomic<uint32_t> pending_{0};
  std::atomic<uint32_t> callerSleeping_{0};
  struct alignas(64) Slot {
    std::atomic<uint32_t> wake{0};
    std::atomic<uint32_t> sleeping{0};
  };
  Slot slots_[kMaxThreads];
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

void Pool::pinWorkers(int callerCpu) {
#if defined(__linux__)
  const CpuList &list = cpus_;
  int callerPos = -1;
  for (int i = 0; i < list.count; ++i)
    if (list.cpus[i] == callerCpu)
      callerPos = i;
  if (callerPos < 0)
    return;
  for (int i = 0; i < spawned_ && i + 1 < list.count; ++i) {
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(list.cpus[(callerPos + 1 + i) % list.count], &one);
    pthread_setaffinity_np(handles_[i], sizeof one, &one);
  }
#else
  (void)callerCpu;
#endif
}

void Pool::workerLoop(int index) {
  Slot &slot = slots_[index];
  uint32_t seen = 0; // a slot's word starts at 0 (see run)
  for (;;) {
    if (!spinUntil(
            [&] { return slot.wake.load(std::memory_order_acquire) != seen; },
            workerSpinNanos())) {
      slot.sleeping.store(1, std::memory_order_seq_cst);
      while (slot.wake.load(std::memory_order_seq_cst) == seen)
        waitWord(slot.wake, seen);
      slot.sleeping.store(0, std::memory_order_relaxed);
    }
    seen = slot.wake.load(std::memory_order_acquire);
    if (index < helpers_.load(std::memory_order_relaxed))
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
  // when the thread count grows). A new worker's slot word is still 0, so
  // it sees this job's bump.
  const int helpers = int(chunks - 1 < threads - 1 ? chunks - 1 : threads - 1);
  bool spawnedNow = false;
  while (spawned_ < helpers) {
    const int index = spawned_;
    std::thread worker([this, index] { workerLoop(index); });
#if defined(__linux__)
    handles_[index] = worker.native_handle();
#endif
    worker.detach();
    ++spawned_;
    spawnedNow = true;
  }
#if defined(__linux__)
  // Keep the workers off the caller's CPU (re-pinned when the caller has
  // moved): on the KVM guests measured, the guest's scheduler woke a
  // sleeping worker on the caller's own CPU (likely because an idle vCPU
  // soon counts as preempted, vcpu_is_preempted), where the two took turns:
  // after ~1 s of idleness, 2-thread products ran at 1-thread speed with CPU
  // 1 idle. A worker pinned to a busy CPU costs little more: the caller
  // takes over any chunk no worker has claimed.
  if (pinEnabled()) {
    const int cpu = sched_getcpu();
    if (cpu >= 0 && (cpu != pinnedFor_ || spawnedNow)) {
      pinWorkers(cpu);
      pinnedFor_ = cpu;
    }
  }
#else
  (void)spawnedNow;
#endif
  // Publish: descriptor, then the claimable state, then the wake-up.
  fn_ = fn;
  ctx_ = ctx;
  count_ = count;
  pending_.store(uint32_t(chunks), std::memory_order_relaxed);
  helpers_.store(helpers, std::memory_order_relaxed);
  ++gen_;
  state_.store((uint64_t(gen_) << 32) | uint64_t(chunks),
               std::memory_order_release);
  for (int i = 0; i < helpers; ++i) {
    Slot &slot = slots_[i];
    slot.wake.fetch_add(1, std::memory_order_seq_cst);
    if (slot.sleeping.load(std::memory_order_seq_cst))
      wakeWord(slot.wake, 1);
  }
  // Work alongside the workers, then wait for their last chunks.
  runChunks();
  if (!spinUntil(
          [&] { return pending_.load(std::memory_order_acquire) == 0; },
          callerSpinNanos())) {
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
