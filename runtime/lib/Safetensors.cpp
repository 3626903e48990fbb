//===- Safetensors.cpp - Read and write safetensors files -----------------===//
//
// The header is parsed with nlohmann::json. Its DOM keeps only the last of
// two equal keys, so a parser callback watches the key stream for
// duplicates (a second "fc1.weight" would otherwise silently replace the
// first) and bounds the nesting depth (a valid header nests three levels;
// the bound keeps hostile input from building deep DOMs). Everything that can
// throw stays inside parseSafetensors' try block: the caller only ever sees
// a bool and a message.
//
//===----------------------------------------------------------------------===//
#include "sinter/runtime/Safetensors.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <limits>
#include <set>
#include <stdexcept>
#include <sys/stat.h>
#include <unistd.h>
#include <unordered_set>

namespace sinter {

const Tensor *SafetensorsFile::find(const std::string &name) const {
  for (const NamedTensor &nt : tensors)
    if (nt.name == name)
      return &nt.tensor;
  return nullptr;
}

Tensor *SafetensorsFile::find(const std::string &name) {
  for (NamedTensor &nt : tensors)
    if (nt.name == name)
      return &nt.tensor;
  return nullptr;
}

namespace {

using json = nlohmann::json;

constexpr const char *kMetadataKey = "__metadata__";
constexpr const char *kSupportedDTypes = "F32 F64 I64 I32 BOOL";
/// A valid header nests three levels deep ({ name: { shape: [ ] } }).
constexpr int kMaxHeaderDepth = 8;

/// A broken rule, without the origin prefix, which parseSafetensors adds.
class FormatError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// Returns the offset of the first byte that is not part of well-formed
/// UTF-8 (no overlong forms, surrogates or code points past U+10FFFF), or
/// `size` when all of it is.
size_t firstInvalidUtf8(const unsigned char *s, size_t size) {
  size_t i = 0;
  while (i < size) {
    unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF; // Range of the second byte.
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0)
        lo = 0xA0; // Overlong.
      else if (c == 0xED)
        hi = 0x9F; // Surrogates.
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0)
        lo = 0x90; // Overlong.
      else if (c == 0xF4)
        hi = 0x8F; // Past U+10FFFF.
    } else {
      return i;
    }
    if (size - i < len)
      return i;
    if (s[i + 1] < lo || s[i + 1] > hi)
      return i;
    for (size_t k = 2; k < len; ++k)
      if (s[i + k] < 0x80 || s[i + k] > 0xBF)
        return i;
    i += len;
  }
  return size;
}

bool isUtf8(const std::string &s) {
  return firstInvalidUtf8(reinterpret_cast<const unsigned char *>(s.data()),
                          s.size()) == s.size();
}

/// A name as it appears in messages: quoted, with control characters escaped
/// so that a hostile name cannot garble the terminal, and cut short.
std::string quote(const std::string &s) {
  std::string out = "'";
  size_t n = std::min<size_t>(s.size(), 200);
  for (size_t i = 0; i < n; ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\x%02x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  if (n < s.size())
    out += "...";
  return out + "'";
}

/// A JSON value as it appears in messages, cut short.
std::string brief(const json &j) {
  std::string s =
      j.dump(-1, ' ', /*ensure_ascii=*/true, json::error_handler_t::replace);
  if (s.size() > 60)
    s = s.substr(0, 57) + "...";
  return s;
}

std::string offsetsToString(uint64_t begin, uint64_t end) {
  return "[" + std::to_string(begin) + ", " + std::to_string(end) + "]";
}

/// Throws on a repeated key within one JSON object and on nesting deeper
/// than kMaxHeaderDepth; nlohmann's DOM would keep the last duplicate.
class HeaderChecker {
public:
  bool operator()(int depth, json::parse_event_t event, json &parsed) {
    switch (event) {
    case json::parse_event_t::object_start:
      if (depth >= kMaxHeaderDepth)
        throw FormatError("header nests deeper than " +
                          std::to_string(kMaxHeaderDepth) + " levels");
      // depth 0 is the header itself; an object at depth 1 is the value of
      // the top-level key seen last.
      objects_.push_back({depth == 1 ? lastTopKey_ : std::string(), {}});
      break;
    case json::parse_event_t::array_start:
      if (depth >= kMaxHeaderDepth)
        throw FormatError("header nests deeper than " +
                          std::to_string(kMaxHeaderDepth) + " levels");
      break;
    case json::parse_event_t::object_end:
      if (!objects_.empty())
        objects_.pop_back();
      break;
    case json::parse_event_t::key: {
      const std::string &key = parsed.get_ref<const std::string &>();
      if (objects_.empty())
        break;
      if (!objects_.back().keys.insert(key).second) {
        if (depth == 1)
          throw FormatError(key == kMetadataKey
                                ? std::string("duplicate key '__metadata__'")
                                : "duplicate tensor name " + quote(key));
        const std::string &owner = objects_.back().owner;
        if (owner == kMetadataKey)
          throw FormatError("__metadata__: duplicate key " + quote(key));
        if (depth == 2)
          throw FormatError("tensor " + quote(owner) + ": duplicate key " +
                            quote(key));
        throw FormatError("duplicate key " + quote(key) + " in header");
      }
      if (depth == 1)
        lastTopKey_ = key;
      break;
    }
    default:
      break;
    }
    return true;
  }

private:
  struct OpenObject {
    std::string owner; // The top-level key it belongs to, for messages.
    std::set<std::string> keys;
  };
  std::vector<OpenObject> objects_;
  std::string lastTopKey_;
};

struct Entry {
  std::string name;
  DType dtype;
  std::vector<int64_t> shape;
  uint64_t begin, end;
};

/// Reads a JSON integer that must be non-negative and fit int64 (shape
/// entries) or uint64 (offsets). `what` names it in messages.
uint64_t nonNegativeInteger(const json &j, const std::string &context,
                            const std::string &what, uint64_t max) {
  if (j.is_number_unsigned()) {
    uint64_t v = j.get<uint64_t>();
    if (v > max)
      throw FormatError(context + what + " is " + std::to_string(v) +
                        ", too large");
    return v;
  }
  if (j.is_number_integer())
    throw FormatError(context + what + " is " + std::to_string(j.get<int64_t>()) +
                      ", which is negative");
  throw FormatError(context + what + " is " + brief(j) +
                    ", not a non-negative integer");
}

Entry parseEntry(const std::string &name, const json &value,
                 uint64_t dataSize) {
  if (name.empty())
    throw FormatError("a tensor has an empty name");
  const std::string ctx = "tensor " + quote(name) + ": ";
  if (!value.is_object())
    throw FormatError(ctx + "entry is " + std::string(value.type_name()) +
                      " " + brief(value) + ", not an object");
  for (auto it = value.begin(); it != value.end(); ++it)
    if (it.key() != "dtype" && it.key() != "shape" &&
        it.key() != "data_offsets")
      throw FormatError(ctx + "unknown key " + quote(it.key()) +
                        " (expected dtype, shape, data_offsets)");

  Entry e;
  e.name = name;

  auto dtypeIt = value.find("dtype");
  if (dtypeIt == value.end())
    throw FormatError(ctx + "missing 'dtype'");
  if (!dtypeIt->is_string())
    throw FormatError(ctx + "'dtype' is " + brief(*dtypeIt) + ", not a string");
  const std::string &dtypeName = dtypeIt->get_ref<const std::string &>();
  if (!parseSafetensorsDType(dtypeName, e.dtype))
    throw FormatError(ctx + "unsupported dtype " + quote(dtypeName) +
                      " (supported: " + kSupportedDTypes + ")");

  auto shapeIt = value.find("shape");
  if (shapeIt == value.end())
    throw FormatError(ctx + "missing 'shape'");
  if (!shapeIt->is_array())
    throw FormatError(ctx + "'shape' is " + brief(*shapeIt) +
                      ", not an array");
  for (size_t i = 0; i < shapeIt->size(); ++i)
    e.shape.push_back(static_cast<int64_t>(nonNegativeInteger(
        (*shapeIt)[i], ctx, "shape[" + std::to_string(i) + "]",
        static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))));
  int64_t numElements = shapeNumElements(e.shape);
  if (numElements < 0)
    throw FormatError(ctx + "shape " + shapeToString(e.shape) +
                      " has more elements than fit in 64 bits");
  uint64_t elemSize = dtypeSize(e.dtype);
  if (static_cast<uint64_t>(numElements) >
      static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) / elemSize)
    throw FormatError(ctx + dtypeSafetensorsName(e.dtype) + " " +
                      shapeToString(e.shape) +
                      " needs more bytes than fit in 64 bits");
  uint64_t needed = static_cast<uint64_t>(numElements) * elemSize;

  auto offIt = value.find("data_offsets");
  if (offIt == value.end())
    throw FormatError(ctx + "missing 'data_offsets'");
  if (!offIt->is_array() || offIt->size() != 2)
    throw FormatError(ctx + "'data_offsets' is " + brief(*offIt) +
                      ", not [begin, end]");
  uint64_t maxU64 = std::numeric_limits<uint64_t>::max();
  e.begin = nonNegativeInteger((*offIt)[0], ctx, "data_offsets[0]", maxU64);
  e.end = nonNegativeInteger((*offIt)[1], ctx, "data_offsets[1]", maxU64);
  std::string offs = offsetsToString(e.begin, e.end);
  if (e.begin > e.end)
    throw FormatError(ctx + "data_offsets " + offs + " have begin > end");
  if (e.end > dataSize)
    throw FormatError(ctx + "data_offsets " + offs +
                      " run past the end of the data section, which holds " +
                      std::to_string(dataSize) + " bytes (truncated file?)");
  if (e.end - e.begin != needed)
    throw FormatError(ctx + "data_offsets " + offs + " hold " +
                      std::to_string(e.end - e.begin) + " bytes but " +
                      dtypeSafetensorsName(e.dtype) + " " +
                      shapeToString(e.shape) + " needs " +
                      std::to_string(needed));
  return e;
}

std::vector<std::pair<std::string, std::string>>
parseMetadata(const json &value) {
  if (!value.is_object())
    throw FormatError("__metadata__ is " + brief(value) +
                      ", not an object of strings");
  std::vector<std::pair<std::string, std::string>> metadata;
  for (auto it = value.begin(); it != value.end(); ++it) {
    if (!it.value().is_string())
      throw FormatError("__metadata__: value of " + quote(it.key()) + " is " +
                        brief(it.value()) + ", not a string");
    metadata.emplace_back(it.key(), it.value().get<std::string>());
  }
  return metadata;
}

/// Checks that the entries, sorted by offset, tile the data section exactly:
/// the format requires no overlaps (two tensors aliasing one buffer) and no
/// holes (bytes that belong to nothing, a sign of a corrupt header).
void checkCoverage(const std::vector<Entry> &sorted, uint64_t dataSize) {
  uint64_t pos = 0;
  const Entry *prev = nullptr;
  for (const Entry &e : sorted) {
    if (e.begin < pos)
      throw FormatError("tensor " + quote(prev->name) + " (data_offsets " +
                        offsetsToString(prev->begin, prev->end) +
                        ") and tensor " + quote(e.name) + " (data_offsets " +
                        offsetsToString(e.begin, e.end) + ") overlap");
    if (e.begin > pos)
      throw FormatError(
          "data section bytes [" + std::to_string(pos) + ", " +
          std::to_string(e.begin) + ") " +
          (prev ? "between tensor " + quote(prev->name) + " and tensor "
                : std::string("before tensor ")) +
          quote(e.name) + " belong to no tensor (a gap)");
    pos = e.end;
    prev = &e;
  }
  if (pos != dataSize)
    throw FormatError("data section bytes [" + std::to_string(pos) + ", " +
                      std::to_string(dataSize) + ") " +
                      (prev ? "after the last tensor " + quote(prev->name)
                            : std::string("(the file has no tensors)")) +
                      " belong to no tensor (a gap)");
}

void parseOrThrow(const unsigned char *bytes, size_t size,
                  SafetensorsFile &out) {
  if (size < 8)
    throw FormatError("file is " + std::to_string(size) +
                      " bytes, shorter than the 8-byte header length");
  uint64_t headerLen = 0;
  for (int i = 7; i >= 0; --i)
    headerLen = (headerLen << 8) | bytes[i];
  if (headerLen > kSafetensorsMaxHeaderSize)
    throw FormatError("header length " + std::to_string(headerLen) +
                      " exceeds the limit of " +
                      std::to_string(kSafetensorsMaxHeaderSize) +
                      " bytes (not a safetensors file, or corrupt)");
  if (headerLen > size - 8)
    throw FormatError("header length " + std::to_string(headerLen) +
                      " runs past the end of the file (" +
                      std::to_string(size) + " bytes, so at most " +
                      std::to_string(size - 8) + " bytes of header)");
  const unsigned char *header = bytes + 8;
  size_t headerSize = static_cast<size_t>(headerLen);
  if (headerSize == 0)
    throw FormatError("header is empty (length 0), not a JSON object");
  size_t bad = firstInvalidUtf8(header, headerSize);
  if (bad != headerSize)
    throw FormatError("header is not valid UTF-8 (byte " + std::to_string(bad) +
                      " of the header)");
  // As the reference implementation does: this also catches a file whose
  // first 8 bytes happen to be a plausible length.
  if (header[0] != '{')
    throw FormatError("header is not a JSON object (it must start with '{')");

  json root;
  try {
    root = json::parse(header, header + headerSize, HeaderChecker());
  } catch (const json::exception &e) {
    // Drop nlohmann's "[json.exception.parse_error.101] " tag; the rest says
    // where and what.
    std::string what = e.what();
    if (what.rfind("[json.exception.", 0) == 0) {
      size_t close = what.find("] ");
      if (close != std::string::npos)
        what = what.substr(close + 2);
    }
    throw FormatError("header is not valid JSON: " + what);
  }
  if (!root.is_object())
    throw FormatError("header is not a JSON object");

  uint64_t dataSize = size - 8 - headerLen;
  SafetensorsFile file;
  std::vector<Entry> entries;
  for (auto it = root.begin(); it != root.end(); ++it) {
    if (it.key() == kMetadataKey)
      file.metadata = parseMetadata(it.value());
    else
      entries.push_back(parseEntry(it.key(), it.value(), dataSize));
  }
  // Entries come out of the DOM sorted by name; the file order is by offset.
  // Zero-sized tensors sort before a tensor starting at the same offset, and
  // names break the remaining ties, so re-serializing keeps this order.
  std::sort(entries.begin(), entries.end(), [](const Entry &a, const Entry &b) {
    if (a.begin != b.begin)
      return a.begin < b.begin;
    if (a.end != b.end)
      return a.end < b.end;
    return a.name < b.name;
  });
  checkCoverage(entries, dataSize);

  const unsigned char *data = header + headerSize;
  for (Entry &e : entries) {
    Tensor t(e.dtype, std::move(e.shape));
    if (t.byteSize() != e.end - e.begin)
      throw FormatError("tensor " + quote(e.name) +
                        ": internal error: size mismatch");
    if (t.byteSize())
      std::memcpy(t.bytes(), data + e.begin, t.byteSize());
    if (e.dtype == DType::I1) {
      const uint8_t *b = t.data<uint8_t>();
      for (size_t i = 0; i < t.byteSize(); ++i)
        if (b[i] > 1)
          throw FormatError("tensor " + quote(e.name) + ": BOOL element " +
                            std::to_string(i) + " is " + std::to_string(b[i]) +
                            ", not 0 or 1");
    }
    file.tensors.push_back({std::move(e.name), std::move(t)});
  }
  out = std::move(file);
}

/// The JSON spelling of a string (quoted, escaped).
std::string jsonString(const std::string &s) {
  return json(s).dump(-1, ' ', /*ensure_ascii=*/false,
                      json::error_handler_t::strict);
}

/// The header of `file`, padded with spaces so that 8 + its length is a
/// multiple of 8, keeping the data section 8-byte aligned for F64 and I64.
std::string buildHeader(const SafetensorsFile &file) {
  std::string h = "{";
  bool first = true;
  if (!file.metadata.empty()) {
    h += "\"__metadata__\":{";
    std::unordered_set<std::string> seen;
    for (size_t i = 0; i < file.metadata.size(); ++i) {
      const auto &[key, value] = file.metadata[i];
      if (!isUtf8(key) || !isUtf8(value))
        throw std::invalid_argument("safetensors: __metadata__ entry " +
                                    quote(key) + " is not valid UTF-8");
      if (!seen.insert(key).second)
        throw std::invalid_argument("safetensors: duplicate __metadata__ key " +
                                    quote(key));
      if (i)
        h += ",";
      h += jsonString(key) + ":" + jsonString(value);
    }
    h += "}";
    first = false;
  }
  std::unordered_set<std::string> names;
  uint64_t offset = 0;
  for (const NamedTensor &nt : file.tensors) {
    const Tensor &t = nt.tensor;
    if (nt.name.empty())
      throw std::invalid_argument("safetensors: a tensor has an empty name");
    if (nt.name == kMetadataKey)
      throw std::invalid_argument(
          "safetensors: a tensor cannot be called '__metadata__'");
    if (!isUtf8(nt.name))
      throw std::invalid_argument("safetensors: tensor name " + quote(nt.name) +
                                  " is not valid UTF-8");
    if (!names.insert(nt.name).second)
      throw std::invalid_argument("safetensors: duplicate tensor name " +
                                  quote(nt.name));
    int64_t n = shapeNumElements(t.shape());
    if (n < 0 ||
        t.byteSize() != static_cast<uint64_t>(n) * dtypeSize(t.dtype()))
      throw std::invalid_argument("safetensors: tensor " + quote(nt.name) +
                                  " holds " + std::to_string(t.byteSize()) +
                                  " bytes, which does not match " +
                                  t.typeString());
    if (!first)
      h += ",";
    first = false;
    h += jsonString(nt.name) + ":{\"dtype\":\"" +
         dtypeSafetensorsName(t.dtype()) + "\",\"shape\":[";
    for (size_t i = 0; i < t.shape().size(); ++i) {
      if (i)
        h += ",";
      h += std::to_string(t.shape()[i]);
    }
    h += "],\"data_offsets\":[" + std::to_string(offset) + ",";
    offset += t.byteSize();
    h += std::to_string(offset) + "]}";
  }
  h += "}";
  h.append((8 - h.size() % 8) % 8, ' ');
  return h;
}

std::string lengthPrefix(uint64_t n) {
  std::string s(8, '\0');
  for (int i = 0; i < 8; ++i)
    s[i] = static_cast<char>((n >> (8 * i)) & 0xFF);
  return s;
}

/// write(2) until done, retrying on EINTR and short writes.
bool writeAll(int fd, const void *data, size_t size) {
  const char *p = static_cast<const char *>(data);
  while (size) {
    ssize_t n = ::write(fd, p, size);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      return false;
    }
    p += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

} // namespace

bool parseSafetensors(const void *data, size_t size, const std::string &origin,
                      SafetensorsFile &out, std::string &error) {
  std::string prefix = origin.empty() ? std::string() : origin + ": ";
  try {
    parseOrThrow(static_cast<const unsigned char *>(data), size, out);
    return true;
  } catch (const FormatError &e) {
    error = prefix + e.what();
  } catch (const std::bad_alloc &) {
    error = prefix + "out of memory while reading the file";
  } catch (const std::exception &e) {
    error = prefix + "internal error: " + e.what();
  } catch (...) {
    error = prefix + "internal error: unknown exception";
  }
  return false;
}

bool readSafetensors(const std::string &path, SafetensorsFile &out,
                     std::string &error) {
  try {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      error = path + ": cannot open: " + std::strerror(errno);
      return false;
    }
    std::string buf;
    struct stat st;
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
      buf.reserve(static_cast<size_t>(st.st_size));
    // Read to EOF rather than trusting st_size: pipes and /proc report 0.
    char chunk[1 << 16];
    for (;;) {
      ssize_t n = ::read(fd, chunk, sizeof(chunk));
      if (n < 0) {
        if (errno == EINTR)
          continue;
        error = path + ": read error: " + std::strerror(errno);
        ::close(fd);
        return false;
      }
      if (n == 0)
        break;
      buf.append(chunk, static_cast<size_t>(n));
    }
    ::close(fd);
    return parseSafetensors(buf.data(), buf.size(), path, out, error);
  } catch (const std::bad_alloc &) {
    error = path + ": out of memory while reading the file";
  } catch (const std::exception &e) {
    error = path + ": " + e.what();
  }
  return false;
}

std::string serializeSafetensors(const SafetensorsFile &file) {
  std::string header = buildHeader(file);
  std::string out = lengthPrefix(header.size()) + header;
  for (const NamedTensor &nt : file.tensors)
    out.append(reinterpret_cast<const char *>(nt.tensor.bytes()),
               nt.tensor.byteSize());
  return out;
}

bool writeSafetensors(const std::string &path, const SafetensorsFile &file,
                      std::string &error) {
  std::string header;
  try {
    std::string text = buildHeader(file);
    header = lengthPrefix(text.size()) + text;
  } catch (const std::exception &e) {
    error = path + ": " + e.what();
    return false;
  }

  std::string tmp;
  try {
    tmp = path + ".tmp." + std::to_string(::getpid());
  } catch (const std::exception &e) {
    error = path + ": " + e.what();
    return false;
  }
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) {
    error = path + ": cannot create temporary file " + quote(tmp) + ": " +
            std::strerror(errno);
    return false;
  }
  // Tensors are written straight from their buffers rather than through
  // serializeSafetensors, so that saving a model does not double its memory.
  auto fail = [&](const char *what) {
    int err = errno;
    error = path + ": " + what + " " + quote(tmp) + ": " + std::strerror(err);
    if (fd >= 0)
      ::close(fd);
    ::unlink(tmp.c_str());
    return false;
  };
  if (!writeAll(fd, header.data(), header.size()))
    return fail("cannot write");
  for (const NamedTensor &nt : file.tensors)
    if (!writeAll(fd, nt.tensor.bytes(), nt.tensor.byteSize()))
      return fail("cannot write");
  if (::fsync(fd) != 0)
    return fail("cannot fsync");
  int rc = ::close(fd);
  fd = -1;
  if (rc != 0)
    return fail("cannot close");
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    error = path + ": cannot rename " + quote(tmp) + " over it: " +
            std::strerror(err);
    return false;
  }
  // Make the rename itself durable; failure here loses nothing already
  // visible, so it is not reported.
  std::string::size_type slash = path.rfind('/');
  std::string dir = slash == std::string::npos ? "."
                    : slash == 0               ? "/"
                                               : path.substr(0, slash);
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return true;
}

} // namespace sinter
