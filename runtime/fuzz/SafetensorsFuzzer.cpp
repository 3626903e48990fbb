//===- SafetensorsFuzzer.cpp - libFuzzer target for the safetensors parser ===//
//
// Feeds arbitrary bytes to parseSafetensors. Besides crashes and sanitizer
// reports, it checks the invariant the rest of Sinter relies on: whatever the
// parser accepts, the writer can write back, and reading that again gives
// the same tensors, metadata and bytes. A violation aborts, which libFuzzer
// reports as a crash and the replay test as a failure.
//
//===----------------------------------------------------------------------===//
#include "sinter/runtime/Safetensors.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>

using namespace sinter;

namespace {

[[noreturn]] void fail(const char *what, const std::string &detail) {
  std::fprintf(stderr, "safetensors fuzzer: %s: %s\n", what, detail.c_str());
  std::abort();
}

bool sameFile(const SafetensorsFile &a, const SafetensorsFile &b) {
  if (a.tensors.size() != b.tensors.size() || a.metadata != b.metadata)
    return false;
  for (size_t i = 0; i < a.tensors.size(); ++i)
    if (a.tensors[i].name != b.tensors[i].name ||
        !a.tensors[i].tensor.identical(b.tensors[i].tensor))
      return false;
  return true;
}

/// Parses one file; when it parses, checks that it round-trips.
void checkFile(const uint8_t *data, size_t size) {
  SafetensorsFile file;
  std::string error;
  if (!parseSafetensors(data, size, "fuzz", file, error)) {
    if (error.rfind("fuzz: ", 0) != 0)
      fail("error message lacks the origin", error);
    // Only the catch-alls in parseSafetensors start a message this way (a
    // tensor name may well contain the words).
    if (error.rfind("fuzz: internal error", 0) == 0 ||
        error.rfind("fuzz: out of memory", 0) == 0)
      fail("unexpected exception", error);
    return;
  }
  std::string bytes;
  try {
    bytes = serializeSafetensors(file);
  } catch (const std::exception &e) {
    fail("cannot serialize what was parsed", e.what());
  }
  SafetensorsFile again;
  if (!parseSafetensors(bytes.data(), bytes.size(), "reserialized", again,
                        error))
    fail("cannot parse what was serialized", error);
  if (!sameFile(file, again))
    fail("round trip changed the file", "tensors or metadata differ");
  if (serializeSafetensors(again) != bytes)
    fail("round trip changed the bytes", "second serialization differs");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  // The input as a file, length field and all.
  checkFile(data, size);
  // Random mutations rarely keep the 8-byte length field in step with the
  // header, so most inputs would die at the first check. An input that
  // starts with '{' is therefore also read as "header 0xFF data" (0xFF never
  // occurs in UTF-8) with the length field computed here, which lets the
  // fuzzer work on the JSON and the offsets directly.
  if (size && data[0] == '{') {
    const uint8_t *sep =
        static_cast<const uint8_t *>(std::memchr(data, 0xFF, size));
    size_t headerLen = sep ? static_cast<size_t>(sep - data) : size;
    std::string file(8, '\0');
    for (int i = 0; i < 8; ++i)
      file[i] = static_cast<char>((uint64_t(headerLen) >> (8 * i)) & 0xFF);
    file.append(reinterpret_cast<const char *>(data), headerLen);
    if (sep)
      file.append(reinterpret_cast<const char *>(sep + 1),
                  size - headerLen - 1);
    checkFile(reinterpret_cast<const uint8_t *>(file.data()), file.size());
  }
  return 0;
}
