//===- SafetensorsTest.cpp - safetensors reader and writer ----------------===//
//
// Round trips, byte-exact compatibility with the format as the spec writes
// it, atomic writes, and one test per rule the reader enforces, each checking
// that the message names the file, the tensor and the rule.
//
//===----------------------------------------------------------------------===//
#include "sinter/runtime/Safetensors.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fstream>
#include <stdexcept>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

using namespace sinter;

namespace {

/// u64 little-endian length + header + data, exactly as the spec lays out a
/// file; nothing of the writer is used.
std::string makeFile(const std::string &header, const std::string &data = "") {
  std::string out;
  uint64_t n = header.size();
  for (int i = 0; i < 8; ++i)
    out += static_cast<char>((n >> (8 * i)) & 0xFF);
  return out + header + data;
}

std::string lengthBytes(uint64_t n) {
  std::string out;
  for (int i = 0; i < 8; ++i)
    out += static_cast<char>((n >> (8 * i)) & 0xFF);
  return out;
}

/// Parses `bytes` as "model.safetensors" and returns the error, or "" when
/// it parsed.
std::string parseError(const std::string &bytes) {
  SafetensorsFile file;
  std::string error;
  if (parseSafetensors(bytes.data(), bytes.size(), "model.safetensors", file,
                       error))
    return "";
  return error;
}

bool parse(const std::string &bytes, SafetensorsFile &file) {
  std::string error;
  bool ok =
      parseSafetensors(bytes.data(), bytes.size(), "mem", file, error);
  EXPECT_TRUE(ok) << error;
  return ok;
}

template <typename T>
Tensor makeTensor(DType dtype, std::vector<int64_t> shape,
                  const std::vector<T> &values) {
  Tensor t(dtype, std::move(shape));
  EXPECT_EQ(t.byteSize(), values.size() * sizeof(T));
  if (!values.empty())
    std::memcpy(t.bytes(), values.data(), values.size() * sizeof(T));
  return t;
}

/// A temporary directory removed (with its files) at the end of the test.
class TempDir {
public:
  TempDir() {
    char tmpl[] = "/tmp/sinter-st-XXXXXX";
    char *p = mkdtemp(tmpl);
    EXPECT_NE(p, nullptr);
    path_ = p ? p : "/tmp";
  }
  ~TempDir() {
    for (const std::string &name : list())
      ::unlink((path_ + "/" + name).c_str());
    ::rmdir(path_.c_str());
  }
  const std::string &path() const { return path_; }
  std::vector<std::string> list() const {
    std::vector<std::string> names;
    if (DIR *d = ::opendir(path_.c_str())) {
      while (dirent *e = ::readdir(d)) {
        std::string n = e->d_name;
        if (n != "." && n != "..")
          names.push_back(n);
      }
      ::closedir(d);
    }
    return names;
  }

private:
  std::string path_;
};

std::string readAll(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Header text of a one-tensor file, for the malformation tests.
std::string entry(const std::string &name, const std::string &body) {
  return "{\"" + name + "\":" + body + "}";
}

} // namespace

//===----------------------------------------------------------------------===//
// Round trips
//===----------------------------------------------------------------------===//

TEST(Safetensors, RoundTripsEveryDType) {
  SafetensorsFile in;
  in.tensors.push_back(
      {"f32", makeTensor<float>(DType::F32, {2, 3},
                                {1.5f, -2.25f, 0.0f, 3e38f, -0.0f, 7.0f})});
  in.tensors.push_back(
      {"f64", makeTensor<double>(DType::F64, {2}, {3.141592653589793, -1e-300})});
  in.tensors.push_back({"i64", makeTensor<int64_t>(
                                   DType::I64, {3},
                                   {INT64_MIN, -1, INT64_MAX})});
  in.tensors.push_back(
      {"i32", makeTensor<int32_t>(DType::I32, {2, 2}, {1, -2, INT32_MAX, 0})});
  in.tensors.push_back(
      {"mask", makeTensor<uint8_t>(DType::I1, {4}, {1, 0, 0, 1})});

  std::string bytes = serializeSafetensors(in);
  SafetensorsFile out;
  ASSERT_TRUE(parse(bytes, out));
  ASSERT_EQ(out.tensors.size(), 5u);
  const char *names[] = {"f32", "f64", "i64", "i32", "mask"};
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(out.tensors[i].name, names[i]);
    EXPECT_TRUE(out.tensors[i].tensor.identical(in.tensors[i].tensor)) << i;
  }
  const Tensor *f32 = out.find("f32");
  ASSERT_NE(f32, nullptr);
  EXPECT_EQ(f32->dtype(), DType::F32);
  EXPECT_EQ(f32->shape(), (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(f32->data<float>()[1], -2.25f);
  EXPECT_EQ(f32->data<float>()[3], 3e38f);
  EXPECT_EQ(out.find("f64")->data<double>()[0], 3.141592653589793);
  EXPECT_EQ(out.find("i64")->data<int64_t>()[0], INT64_MIN);
  EXPECT_EQ(out.find("i64")->data<int64_t>()[2], INT64_MAX);
  EXPECT_EQ(out.find("i32")->data<int32_t>()[2], INT32_MAX);
  EXPECT_EQ(out.find("mask")->dtype(), DType::I1);
  EXPECT_EQ(out.find("mask")->data<uint8_t>()[3], 1);
  EXPECT_EQ(out.find("absent"), nullptr);
  // Serializing what was read gives the same bytes.
  EXPECT_EQ(serializeSafetensors(out), bytes);
}

TEST(Safetensors, ScalarRoundTrips) {
  SafetensorsFile in;
  in.tensors.push_back({"lr", makeTensor<double>(DType::F64, {}, {3.25})});
  in.tensors.push_back({"step", makeTensor<int64_t>(DType::I64, {}, {42})});
  std::string bytes = serializeSafetensors(in);
  EXPECT_NE(bytes.find("\"shape\":[]"), std::string::npos);
  SafetensorsFile out;
  ASSERT_TRUE(parse(bytes, out));
  ASSERT_EQ(out.tensors.size(), 2u);
  EXPECT_EQ(out.tensors[0].tensor.rank(), 0);
  EXPECT_EQ(out.tensors[0].tensor.numElements(), 1);
  EXPECT_EQ(out.tensors[0].tensor.data<double>()[0], 3.25);
  EXPECT_EQ(out.tensors[1].tensor.data<int64_t>()[0], 42);
}

TEST(Safetensors, ZeroElementTensorsRoundTrip) {
  SafetensorsFile in;
  in.tensors.push_back({"a", makeTensor<float>(DType::F32, {2}, {1.f, 2.f})});
  in.tensors.push_back({"empty", Tensor(DType::F32, {0})});
  in.tensors.push_back({"empty2d", Tensor(DType::I64, {3, 0, 5})});
  in.tensors.push_back({"b", makeTensor<int32_t>(DType::I32, {1}, {9})});
  std::string bytes = serializeSafetensors(in);
  SafetensorsFile out;
  ASSERT_TRUE(parse(bytes, out));
  ASSERT_EQ(out.tensors.size(), 4u);
  EXPECT_EQ(out.tensors[0].name, "a");
  EXPECT_EQ(out.tensors[1].name, "empty");
  EXPECT_EQ(out.tensors[2].name, "empty2d");
  EXPECT_EQ(out.tensors[3].name, "b");
  EXPECT_EQ(out.find("empty2d")->shape(), (std::vector<int64_t>{3, 0, 5}));
  EXPECT_EQ(out.find("empty2d")->numElements(), 0);
  EXPECT_EQ(out.find("empty2d")->byteSize(), 0u);
  EXPECT_EQ(out.find("b")->data<int32_t>()[0], 9);
  EXPECT_EQ(serializeSafetensors(out), bytes);
}

TEST(Safetensors, EmptyFileRoundTrips) {
  SafetensorsFile in;
  std::string bytes = serializeSafetensors(in);
  EXPECT_EQ(bytes, lengthBytes(8) + "{}      ");
  SafetensorsFile out;
  ASSERT_TRUE(parse(bytes, out));
  EXPECT_TRUE(out.tensors.empty());
  EXPECT_TRUE(out.metadata.empty());
}

TEST(Safetensors, MetadataRoundTripsSortedByKey) {
  SafetensorsFile in;
  in.metadata = {{"format", "pt"}, {"author", "sinter \"q\" \xc3\xa9"}, {"", ""}};
  in.tensors.push_back({"x", makeTensor<float>(DType::F32, {1}, {4.f})});
  std::string bytes = serializeSafetensors(in);
  SafetensorsFile out;
  ASSERT_TRUE(parse(bytes, out));
  ASSERT_EQ(out.metadata.size(), 3u);
  EXPECT_EQ(out.metadata[0], (std::pair<std::string, std::string>{"", ""}));
  EXPECT_EQ(out.metadata[1].first, "author");
  EXPECT_EQ(out.metadata[1].second, "sinter \"q\" \xc3\xa9");
  EXPECT_EQ(out.metadata[2].first, "format");
  EXPECT_EQ(out.metadata[2].second, "pt");
  EXPECT_EQ(out.find("x")->data<float>()[0], 4.f);
}

TEST(Safetensors, HeaderIsPaddedToEightBytes) {
  for (int len = 1; len <= 9; ++len) {
    SafetensorsFile in;
    in.tensors.push_back(
        {std::string(len, 'w'), makeTensor<double>(DType::F64, {1}, {2.0})});
    std::string bytes = serializeSafetensors(in);
    uint64_t n = 0;
    for (int i = 7; i >= 0; --i)
      n = (n << 8) | static_cast<unsigned char>(bytes[i]);
    EXPECT_EQ(n % 8, 0u) << len;
    EXPECT_EQ(bytes.size(), 8 + n + 8);
    std::string header = bytes.substr(8, n);
    size_t close = header.rfind('}');
    EXPECT_EQ(header.find_first_not_of(' ', close + 1), std::string::npos);
    EXPECT_LT(n - close - 1, 8u);
    SafetensorsFile out;
    ASSERT_TRUE(parse(bytes, out));
    EXPECT_EQ(out.tensors[0].tensor.data<double>()[0], 2.0);
  }
}

TEST(Safetensors, ReaderAcceptsArbitraryTrailingSpaces) {
  std::string header =
      "{\"t\":{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[0,4]}}   ";
  std::string data("\x07\x00\x00\x00", 4);
  SafetensorsFile out;
  ASSERT_TRUE(parse(makeFile(header, data), out));
  EXPECT_EQ(out.find("t")->data<int32_t>()[0], 7);
}

//===----------------------------------------------------------------------===//
// Compatibility with the format as the spec describes it
//===----------------------------------------------------------------------===//

TEST(Safetensors, ReadsHandBuiltSpecFile) {
  // The spec's example, with keys in a different order than Sinter writes,
  // metadata after the tensors and data laid out in reverse name order.
  std::string header =
      "{\"b\":{\"shape\":[2,2],\"dtype\":\"I32\",\"data_offsets\":[0,16]},"
      "\"__metadata__\":{\"format\":\"pt\"},"
      "\"a\":{\"data_offsets\":[16,24],\"dtype\":\"F64\",\"shape\":[]}}";
  std::string data;
  for (int32_t v : {1, 2, -3, 4})
    for (int i = 0; i < 4; ++i)
      data += static_cast<char>((static_cast<uint32_t>(v) >> (8 * i)) & 0xFF);
  double d = -0.5;
  data.append(reinterpret_cast<const char *>(&d), 8);

  SafetensorsFile out;
  ASSERT_TRUE(parse(makeFile(header, data), out));
  ASSERT_EQ(out.tensors.size(), 2u);
  // File order of data offsets, not name order.
  EXPECT_EQ(out.tensors[0].name, "b");
  EXPECT_EQ(out.tensors[1].name, "a");
  const Tensor &b = out.tensors[0].tensor;
  EXPECT_EQ(b.dtype(), DType::I32);
  EXPECT_EQ(b.shape(), (std::vector<int64_t>{2, 2}));
  EXPECT_EQ(b.data<int32_t>()[0], 1);
  EXPECT_EQ(b.data<int32_t>()[2], -3);
  EXPECT_EQ(b.data<int32_t>()[3], 4);
  EXPECT_EQ(out.tensors[1].tensor.data<double>()[0], -0.5);
  ASSERT_EQ(out.metadata.size(), 1u);
  EXPECT_EQ(out.metadata[0].first, "format");
  EXPECT_EQ(out.metadata[0].second, "pt");
}

TEST(Safetensors, WritesTheSpecLayoutByteForByte) {
  // What the reference implementation writes for
  // save_file({"test": torch.zeros((2, 2), dtype=torch.int32)}): a 60-byte
  // header padded to 64 with four spaces.
  SafetensorsFile in;
  in.tensors.push_back({"test", Tensor(DType::I32, {2, 2})});
  std::string header =
      "{\"test\":{\"dtype\":\"I32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}    ";
  ASSERT_EQ(header.size(), 64u);
  EXPECT_EQ(serializeSafetensors(in),
            lengthBytes(64) + header + std::string(16, '\0'));

  SafetensorsFile meta;
  meta.metadata = {{"k", "v"}};
  std::string metaHeader = "{\"__metadata__\":{\"k\":\"v\"}}";
  metaHeader.append((8 - metaHeader.size() % 8) % 8, ' ');
  EXPECT_EQ(serializeSafetensors(meta),
            lengthBytes(metaHeader.size()) + metaHeader);
}

TEST(Safetensors, NamesWithEscapesRoundTrip) {
  SafetensorsFile in;
  std::string odd = std::string("a\"b\\c\nd\x01", 8) + "\xe2\x82\xac";
  in.tensors.push_back({odd, makeTensor<int32_t>(DType::I32, {1}, {5})});
  SafetensorsFile out;
  ASSERT_TRUE(parse(serializeSafetensors(in), out));
  ASSERT_NE(out.find(odd), nullptr);
  EXPECT_EQ(out.find(odd)->data<int32_t>()[0], 5);
}

//===----------------------------------------------------------------------===//
// Files
//===----------------------------------------------------------------------===//

TEST(Safetensors, WriteThenRead) {
  TempDir dir;
  std::string path = dir.path() + "/model.safetensors";
  SafetensorsFile in;
  in.metadata = {{"format", "pt"}};
  in.tensors.push_back(
      {"fc1.weight", makeTensor<float>(DType::F32, {2, 2}, {1, 2, 3, 4})});
  in.tensors.push_back({"fc1.bias", makeTensor<float>(DType::F32, {2}, {5, 6})});
  std::string error;
  ASSERT_TRUE(writeSafetensors(path, in, error)) << error;
  EXPECT_EQ(dir.list(), std::vector<std::string>{"model.safetensors"});
  EXPECT_EQ(readAll(path), serializeSafetensors(in));

  SafetensorsFile out;
  ASSERT_TRUE(readSafetensors(path, out, error)) << error;
  ASSERT_EQ(out.tensors.size(), 2u);
  EXPECT_EQ(out.tensors[0].name, "fc1.weight");
  EXPECT_EQ(out.tensors[0].tensor.data<float>()[3], 4.f);
  EXPECT_EQ(out.tensors[1].tensor.data<float>()[1], 6.f);
  EXPECT_EQ(out.metadata, in.metadata);

  // Overwriting replaces the file whole.
  SafetensorsFile smaller;
  smaller.tensors.push_back({"x", makeTensor<int64_t>(DType::I64, {}, {-7})});
  ASSERT_TRUE(writeSafetensors(path, smaller, error)) << error;
  ASSERT_TRUE(readSafetensors(path, out, error)) << error;
  ASSERT_EQ(out.tensors.size(), 1u);
  EXPECT_EQ(out.tensors[0].tensor.data<int64_t>()[0], -7);
  EXPECT_TRUE(out.metadata.empty());
  EXPECT_EQ(dir.list().size(), 1u);
}

TEST(Safetensors, WriteIntoMissingDirectoryFails) {
  TempDir dir;
  std::string path = dir.path() + "/no/such/dir/model.safetensors";
  SafetensorsFile in;
  in.tensors.push_back({"x", Tensor(DType::F32, {1})});
  std::string error;
  EXPECT_FALSE(writeSafetensors(path, in, error));
  EXPECT_NE(error.find(path), std::string::npos) << error;
  EXPECT_NE(error.find("cannot create temporary file"), std::string::npos)
      << error;
  EXPECT_NE(error.find("No such file or directory"), std::string::npos)
      << error;
  EXPECT_TRUE(dir.list().empty());
}

TEST(Safetensors, FailedWriteLeavesNoTemporaryFile) {
  // Renaming a file over a non-empty directory fails after the temporary
  // file is complete, which exercises the cleanup path even as root (where
  // directory permissions would not stop the write).
  TempDir dir;
  std::string path = dir.path() + "/model.safetensors";
  ASSERT_EQ(::mkdir(path.c_str(), 0755), 0);
  std::string inner = path + "/keep";
  std::ofstream(inner) << "x";
  SafetensorsFile in;
  in.tensors.push_back({"x", Tensor(DType::F32, {4})});
  std::string error;
  EXPECT_FALSE(writeSafetensors(path, in, error));
  EXPECT_NE(error.find("cannot rename"), std::string::npos) << error;
  EXPECT_EQ(dir.list(), std::vector<std::string>{"model.safetensors"});
  ::unlink(inner.c_str());
  ::rmdir(path.c_str());
}

TEST(Safetensors, WriteRejectsUnrepresentableFiles) {
  TempDir dir;
  std::string path = dir.path() + "/bad.safetensors";
  std::string error;

  SafetensorsFile dup;
  dup.tensors.push_back({"x", Tensor(DType::F32, {1})});
  dup.tensors.push_back({"x", Tensor(DType::F32, {1})});
  EXPECT_THROW(serializeSafetensors(dup), std::invalid_argument);
  EXPECT_FALSE(writeSafetensors(path, dup, error));
  EXPECT_NE(error.find("duplicate tensor name 'x'"), std::string::npos)
      << error;

  SafetensorsFile empty;
  empty.tensors.push_back({"", Tensor(DType::F32, {1})});
  EXPECT_THROW(serializeSafetensors(empty), std::invalid_argument);

  SafetensorsFile reserved;
  reserved.tensors.push_back({"__metadata__", Tensor(DType::F32, {1})});
  EXPECT_THROW(serializeSafetensors(reserved), std::invalid_argument);

  SafetensorsFile badUtf8;
  badUtf8.tensors.push_back({"\xff", Tensor(DType::F32, {1})});
  EXPECT_THROW(serializeSafetensors(badUtf8), std::invalid_argument);

  // A default-constructed Tensor claims shape [] but holds no bytes.
  SafetensorsFile inconsistent;
  inconsistent.tensors.push_back({"t", Tensor()});
  EXPECT_THROW(serializeSafetensors(inconsistent), std::invalid_argument);

  SafetensorsFile dupMeta;
  dupMeta.metadata = {{"k", "1"}, {"k", "2"}};
  EXPECT_THROW(serializeSafetensors(dupMeta), std::invalid_argument);

  EXPECT_TRUE(dir.list().empty());
}

TEST(Safetensors, ReadMissingFileNamesPathAndCause) {
  SafetensorsFile out;
  std::string error;
  EXPECT_FALSE(
      readSafetensors("/nonexistent/sinter/x.safetensors", out, error));
  EXPECT_EQ(error,
            "/nonexistent/sinter/x.safetensors: cannot open: No such file or "
            "directory");
}

TEST(Safetensors, ReadDirectoryIsAReadError) {
  TempDir dir;
  SafetensorsFile out;
  std::string error;
  EXPECT_FALSE(readSafetensors(dir.path(), out, error));
  EXPECT_NE(error.find(dir.path() + ": read error: Is a directory"),
            std::string::npos)
      << error;
}

TEST(Safetensors, ReadMalformedFileNamesPath) {
  TempDir dir;
  std::string path = dir.path() + "/short.safetensors";
  std::ofstream(path) << "abc";
  SafetensorsFile out;
  std::string error;
  EXPECT_FALSE(readSafetensors(path, out, error));
  EXPECT_EQ(error, path + ": file is 3 bytes, shorter than the 8-byte header "
                          "length");
}

TEST(Safetensors, FailedParseLeavesOutputUntouched) {
  SafetensorsFile out;
  out.tensors.push_back({"keep", Tensor(DType::F32, {1})});
  std::string error;
  std::string bytes = makeFile("{\"x\":1}");
  EXPECT_FALSE(
      parseSafetensors(bytes.data(), bytes.size(), "m", out, error));
  ASSERT_EQ(out.tensors.size(), 1u);
  EXPECT_EQ(out.tensors[0].name, "keep");
}

//===----------------------------------------------------------------------===//
// Malformed files: one rule each
//===----------------------------------------------------------------------===//

#define EXPECT_ERROR(bytes, ...)                                               \
  do {                                                                         \
    std::string err_ = parseError(bytes);                                      \
    EXPECT_EQ(err_.rfind("model.safetensors: ", 0), 0u) << err_;               \
    for (const char *part : {__VA_ARGS__})                                     \
      EXPECT_NE(err_.find(part), std::string::npos)                            \
          << "missing '" << part << "' in: " << err_;                          \
  } while (0)

TEST(SafetensorsMalformed, ShorterThanEightBytes) {
  EXPECT_EQ(parseError(""), "model.safetensors: file is 0 bytes, shorter than "
                            "the 8-byte header length");
  EXPECT_ERROR(std::string("\x02\0\0\0", 4), "file is 4 bytes",
               "shorter than the 8-byte header length");
}

TEST(SafetensorsMalformed, HeaderLengthPastEndOfFile) {
  EXPECT_ERROR(lengthBytes(1000) + "{}", "header length 1000",
               "past the end of the file", "(10 bytes", "at most 2 bytes");
}

TEST(SafetensorsMalformed, HeaderLengthAbsurd) {
  EXPECT_ERROR(lengthBytes(uint64_t(1) << 40) + "{}", "header length 1099511627776",
               "exceeds the limit of 100000000 bytes");
  EXPECT_ERROR(lengthBytes(UINT64_MAX) + "{}", "18446744073709551615",
               "exceeds the limit");
}

TEST(SafetensorsMalformed, HeaderEmpty) {
  EXPECT_ERROR(lengthBytes(0), "header is empty");
}

TEST(SafetensorsMalformed, HeaderNotJson) {
  EXPECT_ERROR(makeFile("{\"a\": }"), "header is not valid JSON",
               "parse error");
  EXPECT_ERROR(makeFile("{\"a\":{}} x"), "header is not valid JSON");
}

TEST(SafetensorsMalformed, HeaderNotUtf8) {
  EXPECT_ERROR(makeFile("{\"\xff\":1}"), "not valid UTF-8", "byte 2");
  // Overlong encoding of '/' and a lone surrogate.
  EXPECT_ERROR(makeFile("{\"\xc0\xaf\":1}"), "not valid UTF-8");
  EXPECT_ERROR(makeFile("{\"\xed\xa0\x80\":1}"), "not valid UTF-8");
}

TEST(SafetensorsMalformed, HeaderNotAnObject) {
  EXPECT_ERROR(makeFile("[1, 2]"), "header is not a JSON object");
  EXPECT_ERROR(makeFile("  {}"), "header is not a JSON object");
}

TEST(SafetensorsMalformed, EntryNotAnObject) {
  EXPECT_ERROR(makeFile(entry("w", "[1,2]")), "tensor 'w'", "entry is array",
               "not an object");
}

TEST(SafetensorsMalformed, MissingDType) {
  EXPECT_ERROR(
      makeFile(entry("w", "{\"shape\":[1],\"data_offsets\":[0,4]}"), "1234"),
      "tensor 'w'", "missing 'dtype'");
}

TEST(SafetensorsMalformed, DTypeNotAString) {
  EXPECT_ERROR(makeFile(entry(
                   "w", "{\"dtype\":5,\"shape\":[1],\"data_offsets\":[0,4]}"),
               "1234"),
               "tensor 'w'", "'dtype' is 5", "not a string");
}

TEST(SafetensorsMalformed, MissingShape) {
  EXPECT_ERROR(
      makeFile(entry("w", "{\"dtype\":\"F32\",\"data_offsets\":[0,4]}"), "1234"),
      "tensor 'w'", "missing 'shape'");
}

TEST(SafetensorsMalformed, ShapeNotAnArray) {
  EXPECT_ERROR(makeFile(entry("w", "{\"dtype\":\"F32\",\"shape\":\"1\","
                                   "\"data_offsets\":[0,4]}"),
                        "1234"),
               "tensor 'w'", "'shape' is \"1\"", "not an array");
}

TEST(SafetensorsMalformed, ShapeEntryNotAnInteger) {
  EXPECT_ERROR(makeFile(entry("w", "{\"dtype\":\"F32\",\"shape\":[1.5],"
                                   "\"data_offsets\":[0,4]}"),
                        "1234"),
               "tensor 'w'", "shape[0] is 1.5", "not a non-negative integer");
}

TEST(SafetensorsMalformed, MissingDataOffsets) {
  EXPECT_ERROR(makeFile(entry("w", "{\"dtype\":\"F32\",\"shape\":[1]}"), "1234"),
               "tensor 'w'", "missing 'data_offsets'");
}

TEST(SafetensorsMalformed, UnknownKeyInEntry) {
  EXPECT_ERROR(makeFile(entry("w", "{\"dtype\":\"F32\",\"shape\":[1],"
                                   "\"data_offsets\":[0,4],\"stride\":[1]}"),
                        "1234"),
               "tensor 'w'", "unknown key 'stride'",
               "expected dtype, shape, data_offsets");
}

TEST(SafetensorsMalformed, UnsupportedDType) {
  EXPECT_ERROR(makeFile(entry("w", "{\"dtype\":\"F16\",\"shape\":[2],"
                                   "\"data_offsets\":[0,4]}"),
                        "1234"),
               "tensor 'w'", "unsupported dtype 'F16'",
               "supported: F32 F64 I64 I32 BOOL");
}

TEST(SafetensorsMalformed, NegativeShapeEntry) {
  EXPECT_ERROR(makeFile(entry("w", "{\"dtype\":\"F32\",\"shape\":[2,-3],"
                                   "\"data_offsets\":[0,4]}"),
                        "1234"),
               "tensor 'w'", "shape[1] is -3", "negative");
}

TEST(SafetensorsMalformed, ShapeEntryTooLarge) {
  EXPECT_ERROR(makeFile(entry("w", "{\"dtype\":\"F32\",\"shape\":"
                                   "[9223372036854775808],"
                                   "\"data_offsets\":[0,4]}"),
                        "1234"),
               "tensor 'w'", "shape[0] is 9223372036854775808", "too large");
}

TEST(SafetensorsMalformed, ElementCountOverflow) {
  EXPECT_ERROR(makeFile(entry("w", "{\"dtype\":\"F32\",\"shape\":"
                                   "[4294967296,4294967296],"
                                   "\"data_offsets\":[0,4]}"),
                        "1234"),
               "tensor 'w'", "[4294967296, 4294967296]",
               "more elements than fit in 64 bits");
}

TEST(SafetensorsMalformed, ByteSizeOverflow) {
  EXPECT_ERROR(makeFile(entry("w", "{\"dtype\":\"F64\",\"shape\":"
                                   "[4611686018427387904],"
                                   "\"data_offsets\":[0,4]}"),
                        "1234"),
               "tensor 'w'", "F64 [4611686018427387904]",
               "more bytes than fit in 64 bits");
}

TEST(SafetensorsMalformed, DataOffsetsNotAPair) {
  EXPECT_ERROR(makeFile(entry("w", "{\"dtype\":\"F32\",\"shape\":[1],"
                                   "\"data_offsets\":[0,4,8]}"),
                        "1234"),
               "tensor 'w'", "'data_offsets' is [0,4,8]", "not [begin, end]");
  EXPECT_ERROR(makeFile(entry("w", "{\"dtype\":\"F32\",\"shape\":[1],"
                                   "\"data_offsets\":4}"),
                        "1234"),
               "tensor 'w'", "not [begin, end]");
}

TEST(SafetensorsMalformed, DataOffsetNegative) {
  EXPECT_ERROR(makeFile(entry("w", "{\"dtype\":\"F32\",\"shape\":[1],"
                                   "\"data_offsets\":[-4,0]}"),
                        "1234"),
               "tensor 'w'", "data_offsets[0] is -4", "negative");
}

TEST(SafetensorsMalformed, DataOffsetNotAnInteger) {
  EXPECT_ERROR(makeFile(entry("w", "{\"dtype\":\"F32\",\"shape\":[1],"
                                   "\"data_offsets\":[0,\"4\"]}"),
                        "1234"),
               "tensor 'w'", "data_offsets[1] is \"4\"",
               "not a non-negative integer");
}

TEST(SafetensorsMalformed, DataOffsetsBeginAfterEnd) {
  EXPECT_ERROR(makeFile(entry("w", "{\"dtype\":\"F32\",\"shape\":[1],"
                                   "\"data_offsets\":[4,0]}"),
                        "1234"),
               "tensor 'w'", "data_offsets [4, 0]", "begin > end");
}

TEST(SafetensorsMalformed, TruncatedData) {
  EXPECT_ERROR(makeFile(entry("w", "{\"dtype\":\"F32\",\"shape\":[4],"
                                   "\"data_offsets\":[0,16]}"),
                        "12345678"),
               "tensor 'w'", "data_offsets [0, 16]",
               "past the end of the data section", "holds 8 bytes",
               "truncated");
}

TEST(SafetensorsMalformed, ByteSizeMismatch) {
  EXPECT_EQ(parseError(makeFile(
                entry("fc1.weight", "{\"dtype\":\"F32\",\"shape\":[5,6],"
                                    "\"data_offsets\":[0,100]}"),
                std::string(100, '\0'))),
            "model.safetensors: tensor 'fc1.weight': data_offsets [0, 100] "
            "hold 100 bytes but F32 [5, 6] needs 120");
}

TEST(SafetensorsMalformed, OverlappingTensors) {
  std::string header =
      "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
      "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
  EXPECT_ERROR(makeFile(header, std::string(12, '\0')),
               "tensor 'a' (data_offsets [0, 8])",
               "tensor 'b' (data_offsets [4, 12])", "overlap");
  // Two tensors sharing one buffer exactly.
  std::string alias =
      "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
      "\"b\":{\"dtype\":\"I32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
  EXPECT_ERROR(makeFile(alias, std::string(8, '\0')), "overlap");
}

TEST(SafetensorsMalformed, GapBetweenTensors) {
  std::string header =
      "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
      "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}";
  EXPECT_ERROR(makeFile(header, std::string(12, '\0')),
               "data section bytes [4, 8)", "between tensor 'a' and tensor 'b'",
               "belong to no tensor");
}

TEST(SafetensorsMalformed, GapBeforeFirstTensor) {
  EXPECT_ERROR(makeFile(entry("w", "{\"dtype\":\"F32\",\"shape\":[1],"
                                   "\"data_offsets\":[4,8]}"),
                        "12345678"),
               "data section bytes [0, 4)", "before tensor 'w'",
               "belong to no tensor");
}

TEST(SafetensorsMalformed, TrailingBytesAfterLastTensor) {
  EXPECT_ERROR(makeFile(entry("w", "{\"dtype\":\"F32\",\"shape\":[1],"
                                   "\"data_offsets\":[0,4]}"),
                        "12345678"),
               "data section bytes [4, 8)", "after the last tensor 'w'",
               "belong to no tensor");
  EXPECT_ERROR(makeFile("{}", "xy"), "data section bytes [0, 2)",
               "no tensors");
}

TEST(SafetensorsMalformed, MetadataNotAnObject) {
  EXPECT_ERROR(makeFile("{\"__metadata__\":[\"a\"]}"), "__metadata__ is",
               "not an object of strings");
}

TEST(SafetensorsMalformed, MetadataValueNotAString) {
  EXPECT_ERROR(makeFile("{\"__metadata__\":{\"epoch\":3}}"),
               "__metadata__: value of 'epoch' is 3", "not a string");
}

TEST(SafetensorsMalformed, DuplicateTensorName) {
  std::string header =
      "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
      "\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}";
  EXPECT_ERROR(makeFile(header, "12345678"), "duplicate tensor name 'w'");
}

TEST(SafetensorsMalformed, DuplicateKeyInEntry) {
  EXPECT_ERROR(makeFile(entry("w", "{\"dtype\":\"F32\",\"dtype\":\"I32\","
                                   "\"shape\":[1],\"data_offsets\":[0,4]}"),
                        "1234"),
               "tensor 'w'", "duplicate key 'dtype'");
}

TEST(SafetensorsMalformed, DuplicateMetadata) {
  EXPECT_ERROR(makeFile("{\"__metadata__\":{},\"__metadata__\":{}}"),
               "duplicate key '__metadata__'");
  EXPECT_ERROR(makeFile("{\"__metadata__\":{\"k\":\"1\",\"k\":\"2\"}}"),
               "__metadata__: duplicate key 'k'");
}

TEST(SafetensorsMalformed, EmptyTensorName) {
  EXPECT_ERROR(makeFile(entry("", "{\"dtype\":\"F32\",\"shape\":[1],"
                                  "\"data_offsets\":[0,4]}"),
                        "1234"),
               "empty name");
}

TEST(SafetensorsMalformed, BoolNotZeroOrOne) {
  EXPECT_ERROR(makeFile(entry("mask", "{\"dtype\":\"BOOL\",\"shape\":[4],"
                                      "\"data_offsets\":[0,4]}"),
                        std::string("\x01\x00\x07\x01", 4)),
               "tensor 'mask'", "BOOL element 2 is 7", "not 0 or 1");
}

TEST(SafetensorsMalformed, NestingTooDeep) {
  std::string deep = "{\"w\":{\"dtype\":\"F32\",\"shape\":" +
                     std::string(100000, '[') + std::string(100000, ']') +
                     ",\"data_offsets\":[0,0]}}";
  EXPECT_ERROR(makeFile(deep), "nests deeper than");
}

TEST(SafetensorsMalformed, ControlCharactersInNamesAreEscaped) {
  EXPECT_ERROR(makeFile(entry("a\\u001b[31mb", "[]")), "tensor 'a\\x1b[31mb'");
}
