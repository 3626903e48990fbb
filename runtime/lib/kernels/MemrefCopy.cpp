//===- MemrefCopy.cpp - The strided copy compiled code calls --------------===//
//
// MLIR lowers a memref.copy between non-contiguous memrefs (a strided slice
// returned as is, say) to a call of `memrefCopy(elemSize, src, dst)` on
// unranked descriptors; MLIR's own definition lives in a shared library of
// the LLVM installation, which a compiled Sinter program must not need. This
// is the same contract in plain C++: element-by-element in row-major order,
// with a single memcpy when both sides are contiguous.
//
//===----------------------------------------------------------------------===//
#include "sinter/runtime/Kernels.h"

#include <cstring>
#include <vector>

namespace {

/// The ranked descriptor an unranked one points to:
/// {allocated, aligned, offset, sizes[rank], strides[rank]}.
struct Descriptor {
  char *aligned;
  int64_t offset;
  const int64_t *sizes;
  const int64_t *strides;
};

Descriptor read(const void *descriptor, int64_t rank) {
  auto *words = static_cast<const int64_t *>(descriptor);
  Descriptor d;
  d.aligned = reinterpret_cast<char *>(words[1]);
  d.offset = words[2];
  d.sizes = words + 3;
  d.strides = words + 3 + rank;
  return d;
}

bool contiguous(const Descriptor &d, int64_t rank) {
  int64_t expected = 1;
  for (int64_t i = rank - 1; i >= 0; --i) {
    if (d.sizes[i] != 1 && d.strides[i] != expected)
      return false;
    expected *= d.sizes[i];
  }
  return true;
}

} // namespace

extern "C" void memrefCopy(int64_t elemSize, SinterUnrankedMemRef *src,
                           SinterUnrankedMemRef *dst) {
  int64_t rank = src->rank;
  Descriptor s = read(src->descriptor, rank), d = read(dst->descriptor, rank);
  int64_t count = 1;
  for (int64_t i = 0; i < rank; ++i)
    count *= s.sizes[i];
  if (count == 0)
    return;
  if (contiguous(s, rank) && contiguous(d, rank)) {
    std::memmove(d.aligned + d.offset * elemSize,
                 s.aligned + s.offset * elemSize, count * elemSize);
    return;
  }
  std::vector<int64_t> index(rank, 0);
  for (int64_t n = 0; n < count; ++n) {
    int64_t from = s.offset, to = d.offset;
    for (int64_t i = 0; i < rank; ++i) {
      from += index[i] * s.strides[i];
      to += index[i] * d.strides[i];
    }
    std::memcpy(d.aligned + to * elemSize, s.aligned + from * elemSize,
                elemSize);
    for (int64_t i = rank - 1; i >= 0; --i) {
      if (++index[i] < s.sizes[i])
        break;
      index[i] = 0;
    }
  }
}
