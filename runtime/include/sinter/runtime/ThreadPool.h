//===- ThreadPool.h - The runtime's persistent worker threads -*- C++ -*-===//
//
// One process-wide pool: N - 1 worker threads plus the calling thread, where
// N is std::thread::hardware_concurrency() (bounded by the CPU affinity
// mask), or SINTER_NUM_THREADS from the environment (read once, at the first
// use), or whatever sinter_set_num_threads / sinter::setNumThreads last set.
// Workers are started lazily, on the first parallel call that needs them,
// and never exit: they are detached and the pool is never destroyed, so that
// nothing can hang in static destructors at exit.
//
// Waiting: a worker with nothing to do spins for a few microseconds
// (SINTER_SPIN_US, default kDefaultSpinMicros) and then sleeps on a futex
// (a condition variable off Linux); the caller waiting for the workers'
// last chunks spins up to SINTER_CALLER_SPIN_US (kDefaultCallerSpinMicros)
// and then sleeps too. Nothing busy-waits between parallel calls: on these
// shared VMs spinning steals the core from someone else's work (see
// shared/TOOLCHAIN.md on libgomp). The price: a call that finds its workers
// asleep pays for waking them (bench/RESULTS.md, "threads").
//
// Placement (Linux): while there are CPUs enough, worker i is pinned to the
// (i + 1)-th allowed CPU after the one the caller runs on, re-pinned when
// the caller moves (SINTER_PIN_THREADS=0: never pinned). Unpinned, the guest
// scheduler of the KVM VMs measured woke sleeping workers on the caller's
// own CPU (likely because an idle vCPU counts as preempted there), where
// they took turns with the caller: 1-thread speed.
//
// A parallel call allocates nothing: the job is a function pointer and a
// context pointer in a preallocated slot, and chunks are claimed through one
// atomic word, so a worker that wakes late finds its chunk already done by
// the caller rather than delaying it.
//
// Calls from several threads are safe: one at a time uses the pool; a call
// that finds it busy (a concurrent call from another thread, or a nested
// call from inside a body) runs its whole range inline on its own thread.
// Bodies must not throw.
//
//===----------------------------------------------------------------------===//
#ifndef SINTER_RUNTIME_THREADPOOL_H
#define SINTER_RUNTIME_THREADPOOL_H

#include <cstdint>
#include <type_traits>

namespace sinter {

/// The body of a parallel loop: handles the indices [begin, end).
using ParallelForFn = void (*)(void *context, int64_t begin, int64_t end);

/// Default bound of the spin before a waiting thread sleeps, in microseconds
/// (SINTER_SPIN_US overrides it, read once; 0 sleeps at once).
constexpr int kDefaultSpinMicros = 5;
/// Default bound of the caller's spin while the workers finish the chunks
/// they took (SINTER_CALLER_SPIN_US overrides it, read once). Longer than a
/// worker's: this wait is inside a parallel call, usually shorter than a
/// chunk, and sleeping through it would put a wake-up (~25-35 us on the VMs
/// measured) on the caller's critical path.
constexpr int kDefaultCallerSpinMicros = 50;

/// Threads a parallel call uses (the caller included), >= 1.
int numThreads();
/// Sets the threads of later parallel calls; n <= 0 restores the default
/// (SINTER_NUM_THREADS, else the hardware's). Bounded by kMaxThreads.
void setNumThreads(int n);
/// The default: SINTER_NUM_THREADS if set and positive, else the number of
/// CPUs this process may run on.
int defaultNumThreads();
constexpr int kMaxThreads = 256;

/// Splits [0, count) into `numChunks` contiguous chunks of near-equal size
/// (chunk c is [c * count / numChunks, (c + 1) * count / numChunks), computed
/// without overflow) and calls fn(context, begin, end) once per non-empty
/// chunk, on the pool's workers and the calling thread; returns when all are
/// done. numChunks is clamped to [1, min(count, 65535)]. With one thread, one
/// chunk, or a busy pool, runs fn(context, 0, count) inline, once.
void parallelForChunks(int64_t count, int64_t numChunks, ParallelForFn fn,
                       void *context);

/// parallelForChunks with one chunk per thread.
void parallelFor(int64_t count, ParallelForFn fn, void *context);

/// parallelFor over any callable `body(int64_t begin, int64_t end)`, by
/// reference (a function_ref: nothing is copied or allocated).
template <class F> void parallelFor(int64_t count, F &&body) {
  using Body = typename std::remove_reference<F>::type;
  parallelFor(
      count,
      [](void *ctx, int64_t begin, int64_t end) {
        (*static_cast<Body *>(ctx))(begin, end);
      },
      const_cast<void *>(static_cast<const void *>(&body)));
}

template <class F>
void parallelForChunks(int64_t count, int64_t numChunks, F &&body) {
  using Body = typename std::remove_reference<F>::type;
  parallelForChunks(
      count, numChunks,
      [](void *ctx, int64_t begin, int64_t end) {
        (*static_cast<Body *>(ctx))(begin, end);
      },
      const_cast<void *>(static_cast<const void *>(&body)));
}

} // namespace sinter

#endif // SINTER_RUNTIME_THREADPOOL_H
