//===- Dataset.cpp - Training data: IDX, CSV, safetensors, batches --------===//
//
// IDX files are read through a small byte source that serves either the
// plain file or its gunzipped stream (zlib's inflate, driven directly so that
// a corrupt stream and a truncated one get different messages). The data
// section is read in chunks into a growing buffer, so a header that claims
// gigabytes cannot make the reader allocate more than the file really holds.
//
//===----------------------------------------------------------------------===//
#include "sinter/runtime/Dataset.h"

#include "sinter/runtime/Safetensors.h"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <random>
#include <set>
#include <sys/stat.h>

namespace sinter {

//===----------------------------------------------------------------------===//
// Dataset
//===----------------------------------------------------------------------===//

int64_t Dataset::size() const {
  if (columns.empty() || columns.front().rank() == 0)
    return 0;
  return columns.front().dim(0);
}

const Tensor *Dataset::find(const std::string &name) const {
  for (size_t i = 0; i < names.size() && i < columns.size(); ++i)
    if (names[i] == name)
      return &columns[i];
  return nullptr;
}

Expected<void> Dataset::validate() const {
  if (names.size() != columns.size())
    return Error{"dataset has " + std::to_string(names.size()) +
                 " names but " + std::to_string(columns.size()) + " columns"};
  if (columns.empty())
    return Error{"dataset has no columns"};
  std::set<std::string> seen;
  for (size_t i = 0; i < columns.size(); ++i) {
    if (names[i].empty())
      return Error{"dataset column " + std::to_string(i) + " has an empty name"};
    if (!seen.insert(names[i]).second)
      return Error{"dataset has two columns named '" + names[i] + "'"};
    if (columns[i].rank() == 0)
      return Error{"dataset column '" + names[i] + "' is a scalar (" +
                   columns[i].typeString() +
                   "); a column needs a leading sample dimension"};
  }
  const int64_t n = columns[0].dim(0);
  for (size_t i = 1; i < columns.size(); ++i)
    if (columns[i].dim(0) != n)
      return Error{"dataset columns do not share their leading (sample) "
                   "dimension: '" +
                   names[0] + "' " + columns[0].typeString() + " has " +
                   std::to_string(n) + " samples but '" + names[i] + "' " +
                   columns[i].typeString() + " has " +
                   std::to_string(columns[i].dim(0))};
  return {};
}

//===----------------------------------------------------------------------===//
// Byte source: a plain file or a gzip stream
//===----------------------------------------------------------------------===//

namespace {

class ByteSource {
public:
  ByteSource() = default;
  ByteSource(const ByteSource &) = delete;
  ByteSource &operator=(const ByteSource &) = delete;
  ~ByteSource() {
    if (gzip_)
      inflateEnd(&zs_);
    if (file_)
      std::fclose(file_);
  }

  /// Opens `path` and sniffs the gzip magic. On failure sets error().
  bool open(const std::string &path) {
    file_ = std::fopen(path.c_str(), "rb");
    if (!file_) {
      error_ = std::string("cannot open: ") + std::strerror(errno);
      return false;
    }
    struct stat st;
    if (fstat(fileno(file_), &st) == 0 && S_ISREG(st.st_mode))
      fileSize_ = static_cast<uint64_t>(st.st_size);
    in_.resize(1 << 16);
    if (!fill())
      return false;
    if (inLen_ >= 2 && in_[0] == 0x1f && in_[1] == 0x8b) {
      std::memset(&zs_, 0, sizeof(zs_));
      if (inflateInit2(&zs_, 15 + 16) != Z_OK) {
        error_ = "cannot initialise zlib";
        return false;
      }
      gzip_ = true;
      zs_.next_in = in_.data();
      zs_.avail_in = static_cast<uInt>(inLen_);
    }
    return true;
  }

  bool gzip() const { return gzip_; }
  bool failed() const { return !error_.empty(); }
  const std::string &error() const { return error_; }
  /// The size of a plain regular file, 0 when unknown.
  uint64_t fileSize() const { return fileSize_; }

  /// Reads up to `n` bytes; fewer at the end of the data or on an error
  /// (then failed() is true).
  size_t read(uint8_t *dst, size_t n) {
    if (failed())
      return 0;
    return gzip_ ? readGzip(dst, n) : readPlain(dst, n);
  }

private:
  /// Refills the input buffer; false (with error set) on a read error.
  bool fill() {
    inPos_ = 0;
    inLen_ = std::fread(in_.data(), 1, in_.size(), file_);
    if (inLen_ == 0 && std::ferror(file_)) {
      error_ = std::string("read error: ") + std::strerror(errno);
      return false;
    }
    return true;
  }

  size_t readPlain(uint8_t *dst, size_t n) {
    size_t done = 0;
    while (done < n) {
      if (inPos_ == inLen_) {
        if (!fill() || inLen_ == 0)
          break;
      }
      size_t k = std::min(n - done, inLen_ - inPos_);
      std::memcpy(dst + done, in_.data() + inPos_, k);
      inPos_ += k;
      done += k;
    }
    return done;
  }

  size_t readGzip(uint8_t *dst, size_t n) {
    size_t done = 0;
    while (done < n) {
      if (zs_.avail_in == 0) {
        if (!fill())
          break;
        zs_.next_in = in_.data();
        zs_.avail_in = static_cast<uInt>(inLen_);
        if (inLen_ == 0) {
          if (!memberDone_)
            error_ = "truncated gzip stream: the file ends before the end "
                     "of the compressed data";
          break;
        }
      }
      if (memberDone_) {
        // More input after a complete member: another concatenated member.
        if (zs_.next_in[0] != 0x1f) {
          error_ = "trailing data after the end of the gzip stream";
          break;
        }
        inflateReset(&zs_);
        memberDone_ = false;
      }
      size_t want = std::min<size_t>(n - done, 1u << 30);
      zs_.next_out = dst + done;
      zs_.avail_out = static_cast<uInt>(want);
      int ret = inflate(&zs_, Z_NO_FLUSH);
      done += want - zs_.avail_out;
      if (ret == Z_STREAM_END) {
        memberDone_ = true;
        continue;
      }
      if (ret == Z_OK || ret == Z_BUF_ERROR)
        continue;
      error_ = std::string("corrupt gzip stream: ") +
               (zs_.msg ? zs_.msg
                        : ret == Z_NEED_DICT ? "it asks for a preset dictionary"
                        : ret == Z_MEM_ERROR ? "out of memory"
                                             : "inflate failed");
      break;
    }
    return done;
  }

  std::FILE *file_ = nullptr;
  uint64_t fileSize_ = 0;
  std::vector<uint8_t> in_;
  size_t inPos_ = 0, inLen_ = 0;
  bool gzip_ = false;
  bool memberDone_ = false;
  z_stream zs_;
  std::string error_;
};

//===----------------------------------------------------------------------===//
// IDX
//===----------------------------------------------------------------------===//

const char *idxTypeName(uint8_t code) {
  switch (code) {
  case 0x08:
    return "u8";
  case 0x09:
    return "i8";
  case 0x0B:
    return "i16";
  case 0x0C:
    return "i32";
  case 0x0D:
    return "f32";
  case 0x0E:
    return "f64";
  }
  return nullptr;
}

size_t idxTypeSize(uint8_t code) {
  switch (code) {
  case 0x08:
  case 0x09:
    return 1;
  case 0x0B:
    return 2;
  case 0x0C:
  case 0x0D:
    return 4;
  case 0x0E:
    return 8;
  }
  return 0;
}

uint32_t loadBE32(const uint8_t *p) {
  return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) |
         (uint32_t(p[2]) << 8) | uint32_t(p[3]);
}

uint64_t loadBE64(const uint8_t *p) {
  return (uint64_t(loadBE32(p)) << 32) | loadBE32(p + 4);
}

std::string hex(uint64_t v, int digits) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "0x%0*llx", digits,
                static_cast<unsigned long long>(v));
  return buf;
}

/// Reads exactly `n` bytes unless the source ends or fails first.
size_t readFully(ByteSource &src, uint8_t *dst, size_t n) {
  return src.read(dst, n);
}

} // namespace

Expected<Tensor> readIdx(const std::string &path, IdxType *typeOut) {
  auto fail = [&](const std::string &msg) -> Expected<Tensor> {
    return Error{path + ": " + msg};
  };
  ByteSource src;
  if (!src.open(path))
    return fail(src.error());
  const char *what = src.gzip() ? "the decompressed data" : "the file";

  uint8_t magic[4];
  size_t got = readFully(src, magic, 4);
  if (src.failed())
    return fail(src.error());
  if (got < 4)
    return fail("truncated header: " + std::string(what) + " has " +
                std::to_string(got) +
                " bytes; an IDX file starts with a 4-byte magic number");
  if (magic[0] != 0 || magic[1] != 0)
    return fail("bad IDX magic " + hex(loadBE32(magic), 8) +
                ": an IDX file starts with two zero bytes, a type code and "
                "the number of dimensions (e.g. 0x00000803 for MNIST images, "
                "0x00000801 for labels)");
  const uint8_t code = magic[2];
  const char *typeName = idxTypeName(code);
  if (!typeName)
    return fail("unsupported IDX type code " + hex(code, 2) +
                " (supported: 0x08 u8, 0x09 i8, 0x0B i16, 0x0C i32, "
                "0x0D f32, 0x0E f64)");
  const unsigned rank = magic[3];
  if (rank == 0)
    return fail("the IDX header declares 0 dimensions; at least one is "
                "needed");

  std::vector<uint8_t> dimBytes(4 * rank);
  got = readFully(src, dimBytes.data(), dimBytes.size());
  if (src.failed())
    return fail(src.error());
  if (got < dimBytes.size())
    return fail("truncated header: it declares " + std::to_string(rank) +
                " dimensions but " + what + " ends after " +
                std::to_string(got / 4) + " of them");
  std::vector<int64_t> shape(rank);
  for (unsigned i = 0; i < rank; ++i)
    shape[i] = loadBE32(&dimBytes[4 * i]);

  const size_t esize = idxTypeSize(code);
  const int64_t count = shapeNumElements(shape);
  // 8 bytes per element is the most any output dtype needs.
  if (count < 0 || count > std::numeric_limits<int64_t>::max() / 8 ||
      static_cast<uint64_t>(count) >
          std::numeric_limits<size_t>::max() / 8)
    return fail("the dimensions " + shapeToString(shape) +
                " overflow: their product, in elements or in bytes, does not "
                "fit in 64 bits");
  const uint64_t need = static_cast<uint64_t>(count) * esize;
  const uint64_t headerBytes = 4 + 4 * uint64_t(rank);

  auto truncated = [&](uint64_t have) {
    return fail("truncated data: the dimensions " + shapeToString(shape) +
                " of " + typeName + " need " + std::to_string(need) +
                " data bytes after the header but " + what + " has only " +
                std::to_string(have));
  };
  auto trailing = [&]() {
    return fail("trailing data: " + std::string(what) +
                " continues after the " + std::to_string(need) +
                " data bytes that the dimensions " + shapeToString(shape) +
                " of " + typeName + " need");
  };
  // A plain file's size is known: check it before allocating anything.
  if (!src.gzip() && src.fileSize() != 0) {
    uint64_t have = src.fileSize() - std::min(src.fileSize(), headerBytes);
    if (have < need)
      return truncated(have);
    if (have > need)
      return trailing();
  }

  std::vector<uint8_t> raw;
  constexpr size_t kChunk = size_t(1) << 20;
  while (raw.size() < need) {
    size_t k = static_cast<size_t>(std::min<uint64_t>(kChunk, need - raw.size()));
    size_t old = raw.size();
    raw.resize(old + k);
    size_t r = readFully(src, raw.data() + old, k);
    raw.resize(old + r);
    if (src.failed())
      return fail(src.error());
    if (r < k)
      return truncated(raw.size());
  }
  // Read on to the end: a gzip member is only known to be intact (its CRC
  // and length checked) once its trailer has been read, and a corrupt stream
  // that inflates to too many bytes must be reported as corrupt.
  {
    uint8_t sink[4096];
    uint64_t extra = 0;
    while ((got = readFully(src, sink, sizeof(sink))) != 0)
      extra += got;
    if (src.failed())
      return fail(src.error());
    if (extra != 0)
      return trailing();
  }

  DType dtype = code == 0x0D ? DType::F32 : code == 0x0E ? DType::F64 : DType::I32;
  Tensor t(dtype, shape);
  const uint8_t *p = raw.data();
  switch (code) {
  case 0x08: {
    int32_t *d = t.data<int32_t>();
    for (int64_t i = 0; i < count; ++i)
      d[i] = p[i];
    break;
  }
  case 0x09: {
    int32_t *d = t.data<int32_t>();
    for (int64_t i = 0; i < count; ++i)
      d[i] = static_cast<int8_t>(p[i]);
    break;
  }
  case 0x0B: {
    int32_t *d = t.data<int32_t>();
    for (int64_t i = 0; i < count; ++i)
      d[i] = static_cast<int16_t>(uint16_t((p[2 * i] << 8) | p[2 * i + 1]));
    break;
  }
  case 0x0C: {
    int32_t *d = t.data<int32_t>();
    for (int64_t i = 0; i < count; ++i)
      d[i] = static_cast<int32_t>(loadBE32(p + 4 * i));
    break;
  }
  case 0x0D: {
    float *d = t.data<float>();
    for (int64_t i = 0; i < count; ++i) {
      uint32_t bits = loadBE32(p + 4 * i);
      std::memcpy(&d[i], &bits, 4);
    }
    break;
  }
  case 0x0E: {
    double *d = t.data<double>();
    for (int64_t i = 0; i < count; ++i) {
      uint64_t bits = loadBE64(p + 8 * i);
      std::memcpy(&d[i], &bits, 8);
    }
    break;
  }
  }
  if (typeOut)
    *typeOut = static_cast<IdxType>(code);
  return t;
}

Expected<Tensor> readIdxImages(const std::string &path, bool normalize) {
  IdxType type;
  Expected<Tensor> raw = readIdx(path, &type);
  if (!raw)
    return raw;
  const Tensor &in = *raw;
  const int64_t n = in.dim(0);
  const int64_t count = in.numElements();
  const int64_t rest = n == 0 ? shapeNumElements(std::vector<int64_t>(
                                    in.shape().begin() + 1, in.shape().end()))
                              : count / n;
  Tensor out(DType::F32, {n, rest});
  float *d = out.data<float>();
  switch (in.dtype()) {
  case DType::I32: {
    const int32_t *s = in.data<int32_t>();
    const bool scale = normalize && type == IdxType::U8;
    for (int64_t i = 0; i < count; ++i)
      d[i] = scale ? static_cast<float>(s[i]) / 255.0f : static_cast<float>(s[i]);
    break;
  }
  case DType::F32:
    std::memcpy(d, in.data<float>(), static_cast<size_t>(count) * 4);
    break;
  case DType::F64: {
    const double *s = in.data<double>();
    for (int64_t i = 0; i < count; ++i)
      d[i] = static_cast<float>(s[i]);
    break;
  }
  default:
    break;
  }
  return out;
}

Expected<Tensor> readIdxLabels(const std::string &path) {
  IdxType type;
  Expected<Tensor> raw = readIdx(path, &type);
  if (!raw)
    return raw;
  const Tensor &in = *raw;
  if (in.rank() != 1)
    return Error{path + ": labels must be one-dimensional, but the IDX "
                        "dimensions are " +
                 shapeToString(in.shape())};
  if (in.dtype() != DType::I32)
    return Error{path + ": labels must have an integer IDX type, but the "
                        "file's is " +
                 idxTypeName(static_cast<uint8_t>(type))};
  const int64_t n = in.dim(0);
  Tensor out(DType::I64, {n});
  const int32_t *s = in.data<int32_t>();
  int64_t *d = out.data<int64_t>();
  for (int64_t i = 0; i < n; ++i) {
    if (s[i] < 0)
      return Error{path + ": label " + std::to_string(i) + " is " +
                   std::to_string(s[i]) +
                   "; a class index cannot be negative"};
    d[i] = s[i];
  }
  return out;
}

Expected<Dataset> loadIdxPair(const std::string &imagesPath,
                              const std::string &labelsPath, bool normalize) {
  Expected<Tensor> images = readIdxImages(imagesPath, normalize);
  if (!images)
    return Error{images.error()};
  Expected<Tensor> labels = readIdxLabels(labelsPath);
  if (!labels)
    return Error{labels.error()};
  if (images->dim(0) != labels->dim(0))
    return Error{"IDX pair mismatch: " + imagesPath + " holds " +
                 std::to_string(images->dim(0)) + " images but " + labelsPath +
                 " holds " + std::to_string(labels->dim(0)) + " labels"};
  Dataset ds;
  ds.names = {"images", "labels"};
  ds.columns.push_back(std::move(*images));
  ds.columns.push_back(std::move(*labels));
  return ds;
}

//===----------------------------------------------------------------------===//
// CSV
//===----------------------------------------------------------------------===//

namespace {

bool isBlank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

std::string trim(const std::string &s) {
  size_t b = 0, e = s.size();
  while (b < e && isBlank(s[b]))
    ++b;
  while (e > b && isBlank(s[e - 1]))
    --e;
  return s.substr(b, e - b);
}

/// Splits one line into trimmed fields; a field may be double-quoted ("" is
/// a quote inside one). Returns false on an unterminated quote.
bool splitFields(const std::string &line, char delim,
                 std::vector<std::string> &fields) {
  fields.clear();
  size_t i = 0;
  const size_t n = line.size();
  while (true) {
    while (i < n && isBlank(line[i]) && line[i] != delim)
      ++i;
    std::string field;
    if (i < n && line[i] == '"') {
      ++i;
      bool closed = false;
      while (i < n) {
        if (line[i] == '"') {
          if (i + 1 < n && line[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          closed = true;
          break;
        }
        field += line[i++];
      }
      if (!closed)
        return false;
      // Anything up to the delimiter after the closing quote is kept, so
      // that '"1"x' is reported as the non-numeric field it is.
      size_t start = i;
      while (i < n && line[i] != delim)
        ++i;
      std::string after = trim(line.substr(start, i - start));
      field += after;
      if (!after.empty())
        field = "\"" + field; // Keep it visibly malformed.
    } else {
      size_t start = i;
      while (i < n && line[i] != delim)
        ++i;
      field = trim(line.substr(start, i - start));
    }
    fields.push_back(std::move(field));
    if (i >= n)
      break;
    ++i; // the delimiter
  }
  return true;
}

/// Parses a whole field as a number, locale-independently.
bool parseNumber(const std::string &s, double &v) {
  const char *b = s.data();
  const char *e = b + s.size();
  if (b != e && *b == '+')
    ++b;
  if (b == e)
    return false;
  auto r = std::from_chars(b, e, v);
  return r.ec == std::errc() && r.ptr == e;
}

} // namespace

Expected<Dataset> readCsv(const std::string &path, const CsvOptions &options) {
  std::FILE *f = std::fopen(path.c_str(), "rb");
  if (!f)
    return Error{path + ": cannot open: " + std::strerror(errno)};
  std::string text;
  {
    char buf[1 << 16];
    size_t k;
    while ((k = std::fread(buf, 1, sizeof(buf), f)) > 0)
      text.append(buf, k);
    bool bad = std::ferror(f);
    std::fclose(f);
    if (bad)
      return Error{path + ": read error"};
  }

  auto at = [&](int64_t line, const std::string &msg) -> Expected<Dataset> {
    return Error{path + ":" + std::to_string(line) + ": " + msg};
  };

  std::vector<std::string> header;
  bool haveFirst = false;
  size_t columns = 0;
  int64_t firstLine = 0;
  size_t labelCol = 0;
  std::vector<float> features;
  std::vector<int64_t> classes;
  std::vector<float> targets;
  int64_t rows = 0;
  std::vector<std::string> fields;

  auto columnName = [&](size_t c) {
    std::string s = "column " + std::to_string(c + 1);
    if (!header.empty() && !header[c].empty())
      s += " ('" + header[c] + "')";
    return s;
  };

  size_t pos = 0;
  int64_t lineNo = 0;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string::npos)
      eol = text.size();
    std::string line = text.substr(pos, eol - pos);
    pos = eol + 1;
    ++lineNo;
    if (!line.empty() && line.back() == '\r')
      line.pop_back();
    if (trim(line).empty())
      continue;
    if (!splitFields(line, options.delimiter, fields))
      return at(lineNo, "unterminated quoted field");

    if (!haveFirst) {
      haveFirst = true;
      firstLine = lineNo;
      columns = fields.size();
      if (columns < 2)
        return at(lineNo, "a row needs at least 2 columns (features and a "
                          "label) but this one has " +
                              std::to_string(columns));
      int64_t lc = options.labelColumn < 0
                       ? static_cast<int64_t>(columns) + options.labelColumn
                       : options.labelColumn;
      if (lc < 0 || lc >= static_cast<int64_t>(columns))
        return at(lineNo, "label column " + std::to_string(options.labelColumn) +
                              " is out of range: the rows have " +
                              std::to_string(columns) + " columns");
      labelCol = static_cast<size_t>(lc);
      bool isHeader = options.header == CsvOptions::Header::Yes;
      if (options.header == CsvOptions::Header::Auto) {
        isHeader = true;
        double v;
        for (const std::string &fld : fields)
          if (parseNumber(fld, v))
            isHeader = false;
      }
      if (isHeader) {
        header = fields;
        continue;
      }
    }

    if (fields.size() != columns)
      return at(lineNo, "ragged row: " + std::to_string(fields.size()) +
                            " fields, but line " + std::to_string(firstLine) +
                            " has " + std::to_string(columns));
    for (size_t c = 0; c < columns; ++c) {
      const std::string &fld = fields[c];
      if (fld.empty())
        return at(lineNo, columnName(c) + " is empty");
      double v;
      if (!parseNumber(fld, v))
        return at(lineNo, columnName(c) + ": non-numeric field '" + fld + "'");
      if (c != labelCol) {
        features.push_back(static_cast<float>(v));
      } else if (options.classLabels) {
        if (!std::isfinite(v) || v < 0 || v != std::floor(v) || v > 9007199254740992.0)
          return at(lineNo, columnName(c) + ": label '" + fld +
                                "' is not a class index (a non-negative "
                                "integer)");
        classes.push_back(static_cast<int64_t>(v));
      } else {
        targets.push_back(static_cast<float>(v));
      }
    }
    ++rows;
  }
  if (!haveFirst)
    return Error{path + ": empty file"};
  if (rows == 0)
    return Error{path + ": no data rows (only a header)"};

  const int64_t c = static_cast<int64_t>(columns) - 1;
  Dataset ds;
  ds.names = {options.featuresName, options.labelsName};
  Tensor x(DType::F32, {rows, c});
  if (!features.empty())
    std::memcpy(x.data<float>(), features.data(), features.size() * 4);
  ds.columns.push_back(std::move(x));
  if (options.classLabels) {
    Tensor y(DType::I64, {rows});
    std::memcpy(y.data<int64_t>(), classes.data(), classes.size() * 8);
    ds.columns.push_back(std::move(y));
  } else {
    Tensor y(DType::F32, options.targetAsColumn ? std::vector<int64_t>{rows, 1}
                                                : std::vector<int64_t>{rows});
    std::memcpy(y.data<float>(), targets.data(), targets.size() * 4);
    ds.columns.push_back(std::move(y));
  }
  if (Expected<void> ok = ds.validate(); !ok)
    return Error{path + ": " + ok.error()};
  return ds;
}

//===----------------------------------------------------------------------===//
// safetensors
//===----------------------------------------------------------------------===//

Expected<Dataset> readSafetensorsDataset(const std::string &path) {
  SafetensorsFile file;
  std::string error;
  if (!readSafetensors(path, file, error))
    return Error{error};
  if (file.tensors.empty())
    return Error{path + ": the file holds no tensors, so no dataset columns"};
  for (const NamedTensor &nt : file.tensors)
    if (nt.tensor.rank() == 0)
      return Error{path + ": tensor '" + nt.name + "' is a scalar (" +
                   nt.tensor.typeString() +
                   "); a dataset column needs a leading sample dimension"};
  const NamedTensor &first = file.tensors.front();
  std::string mismatches;
  for (const NamedTensor &nt : file.tensors) {
    if (nt.tensor.dim(0) == first.tensor.dim(0))
      continue;
    mismatches += mismatches.empty() ? "" : ", ";
    mismatches += "'" + nt.name + "' " + nt.tensor.typeString() + " has " +
                  std::to_string(nt.tensor.dim(0));
  }
  if (!mismatches.empty())
    return Error{path + ": the tensors do not share their leading (sample) "
                        "dimension: '" +
                 first.name + "' " + first.tensor.typeString() + " has " +
                 std::to_string(first.tensor.dim(0)) + " samples but " +
                 mismatches};
  Dataset ds;
  for (NamedTensor &nt : file.tensors) {
    ds.names.push_back(std::move(nt.name));
    ds.columns.push_back(std::move(nt.tensor));
  }
  if (Expected<void> ok = ds.validate(); !ok)
    return Error{path + ": " + ok.error()};
  return ds;
}

//===----------------------------------------------------------------------===//
// BatchIterator
//===----------------------------------------------------------------------===//

namespace {

uint64_t splitmix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

/// A uniform draw from [0, bound), bound > 0, by rejection: the same on
/// every platform (std::uniform_int_distribution is not).
uint64_t uniformBelow(std::mt19937_64 &rng, uint64_t bound) {
  const uint64_t threshold = (0 - bound) % bound; // 2^64 mod bound
  while (true) {
    uint64_t r = rng();
    if (r >= threshold)
      return r % bound;
  }
}

} // namespace

std::vector<int64_t> BatchIterator::permutation(int64_t n, uint64_t seed,
                                                int64_t epoch) {
  std::vector<int64_t> order(static_cast<size_t>(std::max<int64_t>(n, 0)));
  for (size_t i = 0; i < order.size(); ++i)
    order[i] = static_cast<int64_t>(i);
  std::mt19937_64 rng(
      splitmix64(splitmix64(seed) + static_cast<uint64_t>(epoch)));
  for (size_t i = order.size(); i > 1; --i) {
    size_t j = static_cast<size_t>(uniformBelow(rng, i));
    std::swap(order[i - 1], order[j]);
  }
  return order;
}

BatchIterator::BatchIterator(const Dataset &data, const BatchOptions &options)
    : data_(&data), options_(options), size_(data.size()) {
  reset(0);
}

Expected<BatchIterator> BatchIterator::create(const Dataset &data,
                                              const BatchOptions &options) {
  if (options.batchSize <= 0)
    return Error{"batch size must be positive, got " +
                 std::to_string(options.batchSize)};
  if (Expected<void> ok = data.validate(); !ok)
    return Error{ok.error()};
  return BatchIterator(data, options);
}

void BatchIterator::reset(int64_t epoch) {
  epoch_ = epoch;
  batch_ = 0;
  if (options_.shuffle) {
    order_ = permutation(size_, options_.seed, epoch);
  } else {
    order_.resize(static_cast<size_t>(size_));
    for (int64_t i = 0; i < size_; ++i)
      order_[static_cast<size_t>(i)] = i;
  }
}

int64_t BatchIterator::numBatches() const {
  const int64_t b = options_.batchSize;
  return options_.dropLast ? size_ / b : (size_ + b - 1) / b;
}

int64_t BatchIterator::samplesPerEpoch() const {
  return options_.dropLast ? numBatches() * options_.batchSize : size_;
}

bool BatchIterator::hasNext() const { return batch_ < numBatches(); }

std::optional<Batch> BatchIterator::next() {
  if (!hasNext())
    return std::nullopt;
  const int64_t start = batch_ * options_.batchSize;
  const int64_t count = std::min(options_.batchSize, size_ - start);
  Batch batch;
  batch.index = batch_;
  batch.indices.assign(order_.begin() + start, order_.begin() + start + count);
  batch.columns.reserve(data_->columns.size());
  for (const Tensor &col : data_->columns) {
    std::vector<int64_t> shape = col.shape();
    shape[0] = count;
    Tensor out(col.dtype(), shape);
    const size_t rowBytes = size_ ? col.byteSize() / static_cast<size_t>(size_) : 0;
    std::byte *dst = out.bytes();
    for (int64_t i = 0; i < count; ++i)
      std::memcpy(dst + static_cast<size_t>(i) * rowBytes,
                  col.bytes() + static_cast<size_t>(batch.indices[i]) * rowBytes,
                  rowBytes);
    batch.columns.push_back(std::move(out));
  }
  ++batch_;
  return batch;
}

} // namespace sinter
