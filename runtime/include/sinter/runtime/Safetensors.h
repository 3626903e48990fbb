//===- Safetensors.h - Read and write safetensors files -----------*- C++ -*-===//
//
// The safetensors format (https://github.com/huggingface/safetensors) is how
// Sinter exchanges weights and inputs with PyTorch:
//
//   u64 little-endian N | N bytes of UTF-8 JSON header | data section
//
// The header maps each tensor name to {"dtype", "shape", "data_offsets"}, the
// offsets being relative to the start of the data section, plus an optional
// "__metadata__" object of string -> string. The reader is strict: a file
// that the reference implementation would refuse, or that could only be read
// by guessing, is rejected with a message that names the file, the tensor and
// the rule broken, because a silently misread weight file shows up much later
// as a wrong number with no trail back to its cause.
//
//===----------------------------------------------------------------------===//
#ifndef SINTER_RUNTIME_SAFETENSORS_H
#define SINTER_RUNTIME_SAFETENSORS_H

#include "sinter/runtime/Tensor.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace sinter {

struct NamedTensor {
  std::string name;
  Tensor tensor;
};

struct SafetensorsFile {
  /// When read: in the order of the tensors' data offsets. When written: the
  /// data is laid out in this order.
  std::vector<NamedTensor> tensors;
  /// The "__metadata__" string -> string map. When read: sorted by key.
  std::vector<std::pair<std::string, std::string>> metadata;

  /// The tensor called `name`, or nullptr when absent.
  const Tensor *find(const std::string &name) const;
  Tensor *find(const std::string &name);
};

/// Largest header accepted, as in the reference implementation; it keeps a
/// corrupt length field from making the reader allocate gigabytes.
constexpr uint64_t kSafetensorsMaxHeaderSize = 100'000'000;

/// Parses an in-memory safetensors file into `out`. On failure returns false,
/// leaves `out` untouched and sets `error` to a message that starts with
/// "<origin>: " (origin is typically the path). Never throws.
bool parseSafetensors(const void *data, size_t size, const std::string &origin,
                      SafetensorsFile &out, std::string &error);

/// Reads and parses the file at `path`. Never throws.
bool readSafetensors(const std::string &path, SafetensorsFile &out,
                     std::string &error);

/// The bytes of a valid safetensors file holding `file`: the header lists
/// "__metadata__" (when non-empty) and then the tensors in order, is padded
/// with spaces to a multiple of 8 bytes so that the data section stays
/// aligned, and the data is contiguous in the order of `file.tensors`.
/// Throws std::invalid_argument when `file` cannot be represented: an empty,
/// duplicate or "__metadata__" tensor name, a string that is not UTF-8, or a
/// tensor whose bytes do not match its shape.
std::string serializeSafetensors(const SafetensorsFile &file);

/// Writes `file` to "<path>.tmp.<pid>" in the same directory, fsyncs it and
/// renames it over `path`, so that a crash never leaves a truncated file
/// behind; on failure removes the temporary file and returns false with
/// `error` set. Never throws.
bool writeSafetensors(const std::string &path, const SafetensorsFile &file,
                      std::string &error);

} // namespace sinter

#endif // SINTER_RUNTIME_SAFETENSORS_H
