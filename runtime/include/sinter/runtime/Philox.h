//===- Philox.h - The counter-based generator of sinter's random ops -*- C++ -*-===//
//
// Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2,
// 3", SC'11) and the mapping from its output words to the values of
// `sinter.uniform`, `sinter.normal` and the keep mask of `sinter.dropout`.
// Counter-based: element `i` of a random tensor depends only on (seed,
// stream, i), so every backend -- the interpreter, CPU kernels, GPU threads
// -- computes the same numbers without sharing state. Header-only and
// freestanding so that generated kernels can use the same definitions.
//
//===----------------------------------------------------------------------===//
#ifndef SINTER_RUNTIME_PHILOX_H
#define SINTER_RUNTIME_PHILOX_H

#include <array>
#include <cmath>
#include <cstdint>

namespace sinter {

using PhiloxWords = std::array<uint32_t, 4>;

/// Philox4x32 with 10 rounds on `counter` under `key`.
inline PhiloxWords philox4x32_10(PhiloxWords counter,
                                 std::array<uint32_t, 2> key) {
  constexpr uint32_t kMul0 = 0xD2511F53u, kMul1 = 0xCD9E8D57u;
  constexpr uint32_t kWeyl0 = 0x9E3779B9u, kWeyl1 = 0xBB67AE85u;
  for (int round = 0; round < 10; ++round) {
    if (round > 0) {
      key[0] += kWeyl0;
      key[1] += kWeyl1;
    }
    uint64_t p0 = uint64_t(kMul0) * counter[0];
    uint64_t p1 = uint64_t(kMul1) * counter[2];
    counter = {uint32_t(p1 >> 32) ^ counter[1] ^ key[0], uint32_t(p1),
               uint32_t(p0 >> 32) ^ counter[3] ^ key[1], uint32_t(p0)};
  }
  return counter;
}

/// The Philox words of element `index` of a random op with `seed` and
/// `stream`: counter (lo32(index), hi32(index), lo32(stream), hi32(stream)),
/// key (lo32(seed), hi32(seed)).
inline PhiloxWords philoxForElement(uint64_t seed, uint64_t stream,
                                    uint64_t index) {
  return philox4x32_10({uint32_t(index), uint32_t(index >> 32),
                        uint32_t(stream), uint32_t(stream >> 32)},
                       {uint32_t(seed), uint32_t(seed >> 32)});
}

/// A float in [0, 1) with 24 random bits: (w >> 8) * 2^-24.
inline float uniformUnitF32(uint32_t w) {
  return float(w >> 8) * (1.0f / 16777216.0f);
}

/// A double in [0, 1) with 53 random bits from two words.
inline double uniformUnitF64(uint32_t w0, uint32_t w1) {
  return (double(w0 >> 5) * 67108864.0 + double(w1 >> 6)) *
         (1.0 / 9007199254740992.0);
}

/// Element `index` of `sinter.uniform` in [low, high).
inline float uniformF32(uint64_t seed, uint64_t stream, uint64_t index,
                        double low, double high) {
  PhiloxWords w = philoxForElement(seed, stream, index);
  return float(low + (high - low) * double(uniformUnitF32(w[0])));
}
inline double uniformF64(uint64_t seed, uint64_t stream, uint64_t index,
                         double low, double high) {
  PhiloxWords w = philoxForElement(seed, stream, index);
  return low + (high - low) * uniformUnitF64(w[0], w[1]);
}

/// Element `index` of `sinter.normal`: Box-Muller on u1 = 1 - a (in (0, 1],
/// so the log is finite) and u2 = b, a and b uniform units of the same call.
inline float normalF32(uint64_t seed, uint64_t stream, uint64_t index,
                       double mean, double std) {
  PhiloxWords w = philoxForElement(seed, stream, index);
  double u1 = 1.0 - double(uniformUnitF32(w[0]));
  double u2 = double(uniformUnitF32(w[2]));
  return float(mean + std * std::sqrt(-2.0 * std::log(u1)) *
                          std::cos(6.283185307179586 * u2));
}
inline double normalF64(uint64_t seed, uint64_t stream, uint64_t index,
                        double mean, double std) {
  PhiloxWords w = philoxForElement(seed, stream, index);
  double u1 = 1.0 - uniformUnitF64(w[0], w[1]);
  double u2 = uniformUnitF64(w[2], w[3]);
  return mean + std * std::sqrt(-2.0 * std::log(u1)) *
                    std::cos(6.283185307179586 * u2);
}

/// Whether `sinter.dropout` keeps element `index`: its f32 uniform unit
/// (whatever the input's element type, so that f32 and f64 programs draw the
/// same mask) is at least p.
inline bool dropoutKeeps(uint64_t seed, uint64_t stream, uint64_t index,
                         double p) {
  PhiloxWords w = philoxForElement(seed, stream, index);
  return double(uniformUnitF32(w[0])) >= p;
}

} // namespace sinter

#endif // SINTER_RUNTIME_PHILOX_H
