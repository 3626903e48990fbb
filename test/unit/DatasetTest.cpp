//===- DatasetTest.cpp - Datasets, batches and the progress bar -----------===//
//
// IDX files (plain and gzipped, written here with zlib), CSV and safetensors
// datasets, every malformation a reader rejects, BatchIterator's order and
// batching, and the progress bar's output with a fake clock.
//
//===----------------------------------------------------------------------===//
#include "sinter/runtime/Dataset.h"
#include "sinter/runtime/ProgressBar.h"
#include "sinter/runtime/Safetensors.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace sinter;
namespace fs = std::filesystem;

namespace {

//===----------------------------------------------------------------------===//
// Fixtures
//===----------------------------------------------------------------------===//

class TempDir {
public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "sinter-dataset-XXXXXX").string();
    std::vector<char> buf(tmpl.begin(), tmpl.end());
    buf.push_back('\0');
    char *p = mkdtemp(buf.data());
    EXPECT_NE(p, nullptr);
    path_ = p ? p : "";
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string file(const std::string &name) const {
    return (fs::path(path_) / name).string();
  }

private:
  std::string path_;
};

void writeFile(const std::string &path, const std::string &bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  ASSERT_TRUE(out.good()) << path;
}

void putBE32(std::string &s, uint32_t v) {
  s += static_cast<char>(v >> 24);
  s += static_cast<char>(v >> 16);
  s += static_cast<char>(v >> 8);
  s += static_cast<char>(v);
}

/// An IDX header followed by `payload` (already big-endian).
std::string idx(uint8_t type, const std::vector<uint32_t> &dims,
                const std::string &payload) {
  std::string s;
  s += '\0';
  s += '\0';
  s += static_cast<char>(type);
  s += static_cast<char>(dims.size());
  for (uint32_t d : dims)
    putBE32(s, d);
  return s + payload;
}

std::string u8Payload(const std::vector<int> &values) {
  std::string s;
  for (int v : values)
    s += static_cast<char>(static_cast<uint8_t>(v));
  return s;
}

/// One gzip member holding `data`, compressed with zlib's deflate.
std::string gzip(const std::string &data) {
  z_stream zs;
  std::memset(&zs, 0, sizeof(zs));
  EXPECT_EQ(deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8,
                         Z_DEFAULT_STRATEGY),
            Z_OK);
  std::string out(deflateBound(&zs, data.size()) + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef *>(&out[0]);
  zs.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&zs, Z_FINISH), Z_STREAM_END);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

/// A gzip file written through zlib's gzFile interface.
void writeGzFile(const std::string &path, const std::string &data) {
  gzFile f = gzopen(path.c_str(), "wb9");
  ASSERT_NE(f, nullptr);
  ASSERT_EQ(gzwrite(f, data.data(), static_cast<unsigned>(data.size())),
            static_cast<int>(data.size()));
  ASSERT_EQ(gzclose(f), Z_OK);
}

/// Checks that `e` failed with a message that starts with `prefix` and
/// contains every one of `parts`.
template <typename T>
void expectError(const Expected<T> &e, const std::string &prefix,
                 std::initializer_list<const char *> parts) {
  ASSERT_FALSE(e.ok()) << "expected an error mentioning " << *parts.begin();
  const std::string &msg = e.error();
  EXPECT_EQ(msg.rfind(prefix, 0), 0u) << msg;
  for (const char *part : parts)
    EXPECT_NE(msg.find(part), std::string::npos)
        << "'" << part << "' not in: " << msg;
}

// 3 images of 2x2 and their labels.
const std::vector<int> kPixels = {0, 255, 128, 1, 2, 3, 4, 5, 250, 251, 252, 253};
const std::vector<int> kLabels = {7, 0, 9};

std::string imagesIdx() { return idx(0x08, {3, 2, 2}, u8Payload(kPixels)); }
std::string labelsIdx() { return idx(0x08, {3}, u8Payload(kLabels)); }

//===----------------------------------------------------------------------===//
// IDX: good files
//===----------------------------------------------------------------------===//

TEST(Idx, ReadsU8ImagesWithTheirDimensions) {
  TempDir dir;
  std::string path = dir.file("images.idx");
  writeFile(path, imagesIdx());
  IdxType type;
  Expected<Tensor> t = readIdx(path, &type);
  ASSERT_TRUE(t.ok()) << t.error();
  EXPECT_EQ(type, IdxType::U8);
  EXPECT_EQ(t->dtype(), DType::I32);
  EXPECT_EQ(t->shape(), (std::vector<int64_t>{3, 2, 2}));
  for (size_t i = 0; i < kPixels.size(); ++i)
    EXPECT_EQ(t->data<int32_t>()[i], kPixels[i]);
}

TEST(Idx, ImagesAreFlattenedAndNormalized) {
  TempDir dir;
  std::string path = dir.file("images.idx");
  writeFile(path, imagesIdx());
  Expected<Tensor> t = readIdxImages(path);
  ASSERT_TRUE(t.ok()) << t.error();
  EXPECT_EQ(t->dtype(), DType::F32);
  EXPECT_EQ(t->shape(), (std::vector<int64_t>{3, 4}));
  for (size_t i = 0; i < kPixels.size(); ++i)
    EXPECT_EQ(t->data<float>()[i], static_cast<float>(kPixels[i]) / 255.0f);
  EXPECT_EQ(t->data<float>()[1], 1.0f);

  Expected<Tensor> raw = readIdxImages(path, /*normalize=*/false);
  ASSERT_TRUE(raw.ok()) << raw.error();
  for (size_t i = 0; i < kPixels.size(); ++i)
    EXPECT_EQ(raw->data<float>()[i], static_cast<float>(kPixels[i]));
}

TEST(Idx, LabelsAreInt64) {
  TempDir dir;
  std::string path = dir.file("labels.idx");
  writeFile(path, labelsIdx());
  Expected<Tensor> t = readIdxLabels(path);
  ASSERT_TRUE(t.ok()) << t.error();
  EXPECT_EQ(t->dtype(), DType::I64);
  EXPECT_EQ(t->shape(), (std::vector<int64_t>{3}));
  for (size_t i = 0; i < kLabels.size(); ++i)
    EXPECT_EQ(t->data<int64_t>()[i], kLabels[i]);
}

TEST(Idx, GzippedFilesReadTheSameAsPlainOnes) {
  TempDir dir;
  writeFile(dir.file("images.idx"), imagesIdx());
  writeGzFile(dir.file("images.idx.gz"), imagesIdx());
  writeFile(dir.file("deflated.gz"), gzip(imagesIdx()));
  Expected<Tensor> plain = readIdx(dir.file("images.idx"));
  Expected<Tensor> gz = readIdx(dir.file("images.idx.gz"));
  Expected<Tensor> deflated = readIdx(dir.file("deflated.gz"));
  ASSERT_TRUE(plain.ok()) << plain.error();
  ASSERT_TRUE(gz.ok()) << gz.error();
  ASSERT_TRUE(deflated.ok()) << deflated.error();
  EXPECT_TRUE(plain->identical(*gz));
  EXPECT_TRUE(plain->identical(*deflated));
}

TEST(Idx, ConcatenatedGzipMembersAreOneStream) {
  TempDir dir;
  std::string bytes = imagesIdx();
  std::string path = dir.file("two-members.gz");
  writeFile(path, gzip(bytes.substr(0, 9)) + gzip(bytes.substr(9)));
  Expected<Tensor> t = readIdx(path);
  ASSERT_TRUE(t.ok()) << t.error();
  EXPECT_EQ(t->shape(), (std::vector<int64_t>{3, 2, 2}));
  EXPECT_EQ(t->data<int32_t>()[11], 253);
}

TEST(Idx, LargeGzippedFileCrossesBufferBoundaries) {
  // 200 x 28 x 28 pixels: several input and output chunks.
  TempDir dir;
  std::vector<int> pixels(200 * 28 * 28);
  for (size_t i = 0; i < pixels.size(); ++i)
    pixels[i] = static_cast<int>((i * 2654435761u) >> 24) & 0xff;
  std::string path = dir.file("big.gz");
  writeFile(path, gzip(idx(0x08, {200, 28, 28}, u8Payload(pixels))));
  Expected<Tensor> t = readIdxImages(path, false);
  ASSERT_TRUE(t.ok()) << t.error();
  EXPECT_EQ(t->shape(), (std::vector<int64_t>{200, 784}));
  for (size_t i = 0; i < pixels.size(); i += 997)
    EXPECT_EQ(t->data<float>()[i], static_cast<float>(pixels[i]));
}

TEST(Idx, EveryTypeCode) {
  TempDir dir;
  struct Case {
    uint8_t code;
    IdxType type;
    std::string payload;
    DType dtype;
  };
  std::string i16, i32, f32, f64;
  // i16: -300, 7
  i16 += static_cast<char>(0xFE);
  i16 += static_cast<char>(0xD4);
  i16 += '\0';
  i16 += '\7';
  // i32: -70000, 123456
  putBE32(i32, static_cast<uint32_t>(-70000));
  putBE32(i32, 123456);
  // f32: 1.5, -2.25
  for (float v : {1.5f, -2.25f}) {
    uint32_t bits;
    std::memcpy(&bits, &v, 4);
    putBE32(f32, bits);
  }
  // f64: 0.1, -1e300
  for (double v : {0.1, -1e300}) {
    uint64_t bits;
    std::memcpy(&bits, &v, 8);
    putBE32(f64, static_cast<uint32_t>(bits >> 32));
    putBE32(f64, static_cast<uint32_t>(bits));
  }
  std::string i8 = u8Payload({-5 & 0xff, 100});

  writeFile(dir.file("i8"), idx(0x09, {2}, i8));
  writeFile(dir.file("i16"), idx(0x0B, {2}, i16));
  writeFile(dir.file("i32"), idx(0x0C, {2}, i32));
  writeFile(dir.file("f32"), idx(0x0D, {2}, f32));
  writeFile(dir.file("f64"), idx(0x0E, {2, 1}, f64));

  IdxType type;
  Expected<Tensor> t = readIdx(dir.file("i8"), &type);
  ASSERT_TRUE(t.ok()) << t.error();
  EXPECT_EQ(type, IdxType::I8);
  EXPECT_EQ(t->dtype(), DType::I32);
  EXPECT_EQ(t->data<int32_t>()[0], -5);
  EXPECT_EQ(t->data<int32_t>()[1], 100);

  t = readIdx(dir.file("i16"), &type);
  ASSERT_TRUE(t.ok()) << t.error();
  EXPECT_EQ(type, IdxType::I16);
  EXPECT_EQ(t->data<int32_t>()[0], -300);
  EXPECT_EQ(t->data<int32_t>()[1], 7);

  t = readIdx(dir.file("i32"), &type);
  ASSERT_TRUE(t.ok()) << t.error();
  EXPECT_EQ(type, IdxType::I32);
  EXPECT_EQ(t->data<int32_t>()[0], -70000);
  EXPECT_EQ(t->data<int32_t>()[1], 123456);

  t = readIdx(dir.file("f32"), &type);
  ASSERT_TRUE(t.ok()) << t.error();
  EXPECT_EQ(type, IdxType::F32);
  EXPECT_EQ(t->dtype(), DType::F32);
  EXPECT_EQ(t->data<float>()[0], 1.5f);
  EXPECT_EQ(t->data<float>()[1], -2.25f);

  t = readIdx(dir.file("f64"), &type);
  ASSERT_TRUE(t.ok()) << t.error();
  EXPECT_EQ(type, IdxType::F64);
  EXPECT_EQ(t->dtype(), DType::F64);
  EXPECT_EQ(t->shape(), (std::vector<int64_t>{2, 1}));
  EXPECT_EQ(t->data<double>()[0], 0.1);
  EXPECT_EQ(t->data<double>()[1], -1e300);

  // Non-u8 images are converted unscaled.
  Expected<Tensor> img = readIdxImages(dir.file("i16"));
  ASSERT_TRUE(img.ok()) << img.error();
  EXPECT_EQ(img->shape(), (std::vector<int64_t>{2, 1}));
  EXPECT_EQ(img->data<float>()[0], -300.0f);
  img = readIdxImages(dir.file("f64"));
  ASSERT_TRUE(img.ok()) << img.error();
  EXPECT_EQ(img->data<float>()[0], 0.1f);

  // i32 labels are fine.
  writeFile(dir.file("i32labels"), idx(0x0C, {1}, i32.substr(4)));
  Expected<Tensor> lab = readIdxLabels(dir.file("i32labels"));
  ASSERT_TRUE(lab.ok()) << lab.error();
  EXPECT_EQ(lab->data<int64_t>()[0], 123456);
}

TEST(Idx, EmptyLeadingDimension) {
  TempDir dir;
  writeFile(dir.file("empty"), idx(0x08, {0, 28, 28}, ""));
  Expected<Tensor> img = readIdxImages(dir.file("empty"));
  ASSERT_TRUE(img.ok()) << img.error();
  EXPECT_EQ(img->shape(), (std::vector<int64_t>{0, 784}));
}

TEST(Idx, PairIsADataset) {
  TempDir dir;
  writeFile(dir.file("images"), imagesIdx());
  writeGzFile(dir.file("labels.gz"), labelsIdx());
  Expected<Dataset> ds = loadIdxPair(dir.file("images"), dir.file("labels.gz"));
  ASSERT_TRUE(ds.ok()) << ds.error();
  EXPECT_EQ(ds->size(), 3);
  EXPECT_EQ(ds->names, (std::vector<std::string>{"images", "labels"}));
  EXPECT_EQ(ds->columns[0].typeString(), "float32[3, 4]");
  EXPECT_EQ(ds->columns[1].typeString(), "int64[3]");
  ASSERT_NE(ds->find("labels"), nullptr);
  EXPECT_EQ(ds->find("labels")->data<int64_t>()[2], 9);
  EXPECT_EQ(ds->find("nope"), nullptr);
  EXPECT_TRUE(ds->validate().ok());
}

//===----------------------------------------------------------------------===//
// IDX: malformations
//===----------------------------------------------------------------------===//

TEST(IdxErrors, MissingFile) {
  TempDir dir;
  std::string path = dir.file("absent.idx");
  expectError(readIdx(path), path + ": ", {"cannot open"});
}

TEST(IdxErrors, BadMagic) {
  TempDir dir;
  std::string path = dir.file("bad-magic");
  std::string bytes = imagesIdx();
  bytes[0] = 0x01;
  writeFile(path, bytes);
  expectError(readIdx(path), path + ": ", {"bad IDX magic 0x01000803", "two zero bytes"});
  // Also for a text file.
  writeFile(path, "hello world\n");
  expectError(readIdx(path), path + ": ", {"bad IDX magic"});
}

TEST(IdxErrors, UnsupportedTypeCode) {
  TempDir dir;
  std::string path = dir.file("type");
  writeFile(path, idx(0x0A, {2}, "ab"));
  expectError(readIdx(path), path + ": ", {"unsupported IDX type code 0x0a", "0x08 u8"});
}

TEST(IdxErrors, ZeroDimensions) {
  TempDir dir;
  std::string path = dir.file("rank0");
  writeFile(path, idx(0x08, {}, "x"));
  expectError(readIdx(path), path + ": ", {"0 dimensions"});
}

TEST(IdxErrors, TruncatedHeader) {
  TempDir dir;
  std::string path = dir.file("short");
  writeFile(path, std::string("\0\0", 2));
  expectError(readIdx(path), path + ": ", {"truncated header", "4-byte magic"});
  writeFile(path, imagesIdx().substr(0, 10));
  expectError(readIdx(path), path + ": ", {"truncated header", "declares 3 dimensions", "after 1 of them"});
  writeFile(path, "");
  expectError(readIdx(path), path + ": ", {"truncated header"});
}

TEST(IdxErrors, TruncatedData) {
  TempDir dir;
  std::string path = dir.file("truncated");
  std::string bytes = imagesIdx();
  writeFile(path, bytes.substr(0, bytes.size() - 3));
  expectError(readIdx(path), path + ": ",
              {"truncated data", "[3, 2, 2]", "need 12 data bytes", "has only 9"});
  // The same inside a valid gzip stream.
  std::string gz = dir.file("truncated.gz");
  writeFile(gz, gzip(bytes.substr(0, bytes.size() - 3)));
  expectError(readIdx(gz), gz + ": ",
              {"truncated data", "decompressed data has only 9"});
}

TEST(IdxErrors, TrailingData) {
  TempDir dir;
  std::string path = dir.file("trailing");
  writeFile(path, imagesIdx() + "xyz");
  expectError(readIdx(path), path + ": ", {"trailing data", "12 data bytes"});
  std::string gz = dir.file("trailing.gz");
  writeFile(gz, gzip(imagesIdx() + "xyz"));
  expectError(readIdx(gz), gz + ": ", {"trailing data"});
}

TEST(IdxErrors, DimensionProductOverflow) {
  TempDir dir;
  std::string path = dir.file("overflow");
  writeFile(path, idx(0x08, {0xFFFFFFFFu, 0xFFFFFFFFu, 0xFFFFFFFFu}, ""));
  expectError(readIdx(path), path + ": ",
              {"[4294967295, 4294967295, 4294967295]", "overflow"});
  // Gzipped, a huge but representable count must not be allocated up front:
  // it is reported as truncated.
  std::string gz = dir.file("huge.gz");
  writeFile(gz, gzip(idx(0x0E, {0xFFFFFFFFu, 0xFFFFFFFu}, "12345678")));
  expectError(readIdx(gz), gz + ": ", {"truncated data", "has only 8"});
}

TEST(IdxErrors, CorruptGzip) {
  TempDir dir;
  std::string gz = gzip(imagesIdx());
  // The CRC-32 in the member's trailer.
  std::string badCrc = gz;
  badCrc[badCrc.size() - 8] ^= 0x5a;
  std::string path = dir.file("crc.gz");
  writeFile(path, badCrc);
  expectError(readIdx(path), path + ": ", {"corrupt gzip stream", "incorrect data check"});
  // A reserved deflate block type (the first block header, right after the
  // 10-byte gzip header).
  std::string badBlock = gz;
  badBlock[10] = static_cast<char>(0x07); // BFINAL=1, BTYPE=11 (reserved)
  writeFile(path, badBlock);
  expectError(readIdx(path), path + ": ", {"corrupt gzip stream", "invalid block type"});
  // Garbage after a complete member.
  writeFile(path, gz + "garbage");
  expectError(readIdx(path), path + ": ", {"trailing data after the end of the gzip stream"});
}

TEST(IdxErrors, TruncatedGzip) {
  TempDir dir;
  std::string gz = gzip(imagesIdx());
  std::string path = dir.file("cut.gz");
  for (size_t cut : {size_t(3), size_t(12), gz.size() / 2, gz.size() - 4, gz.size() - 1}) {
    writeFile(path, gz.substr(0, cut));
    expectError(readIdx(path), path + ": ", {"truncated gzip stream"});
  }
}

TEST(IdxErrors, Labels) {
  TempDir dir;
  std::string path = dir.file("labels");
  writeFile(path, idx(0x08, {1, 3}, u8Payload({1, 2, 3})));
  expectError(readIdxLabels(path), path + ": ", {"one-dimensional", "[1, 3]"});
  writeFile(path, idx(0x0D, {1}, std::string(4, '\0')));
  expectError(readIdxLabels(path), path + ": ", {"integer IDX type", "f32"});
  writeFile(path, idx(0x09, {2}, u8Payload({1, 0xff})));
  expectError(readIdxLabels(path), path + ": ", {"label 1 is -1", "negative"});
}

TEST(IdxErrors, PairCountMismatch) {
  TempDir dir;
  writeFile(dir.file("images"), imagesIdx());
  writeFile(dir.file("labels"), idx(0x08, {2}, u8Payload({1, 2})));
  Expected<Dataset> ds = loadIdxPair(dir.file("images"), dir.file("labels"));
  expectError(ds, "IDX pair mismatch: ",
              {"images holds 3 images but", "labels holds 2 labels"});
  // Errors of either file come through.
  writeFile(dir.file("labels"), "junk");
  expectError(loadIdxPair(dir.file("images"), dir.file("labels")),
              dir.file("labels") + ": ", {"bad IDX magic"});
}

//===----------------------------------------------------------------------===//
// CSV
//===----------------------------------------------------------------------===//

TEST(Csv, HeaderAndClassLabels) {
  TempDir dir;
  std::string path = dir.file("iris.csv");
  writeFile(path, "a,b,c,species\n"
                  "5.1,3.5,1.4,0\n"
                  "\n"
                  "4.9, 3.0 ,1.4,2\r\n"
                  "-1e-3,+2,\"7\",1.0\n");
  Expected<Dataset> ds = readCsv(path);
  ASSERT_TRUE(ds.ok()) << ds.error();
  EXPECT_EQ(ds->size(), 3);
  EXPECT_EQ(ds->names, (std::vector<std::string>{"features", "labels"}));
  EXPECT_EQ(ds->columns[0].typeString(), "float32[3, 3]");
  EXPECT_EQ(ds->columns[1].typeString(), "int64[3]");
  const float *x = ds->columns[0].data<float>();
  std::vector<float> wantX = {5.1f, 3.5f, 1.4f, 4.9f, 3.0f, 1.4f, -1e-3f, 2.0f, 7.0f};
  for (size_t i = 0; i < wantX.size(); ++i)
    EXPECT_EQ(x[i], wantX[i]) << i;
  const int64_t *y = ds->columns[1].data<int64_t>();
  EXPECT_EQ(y[0], 0);
  EXPECT_EQ(y[1], 2);
  EXPECT_EQ(y[2], 1);
}

TEST(Csv, NoHeaderFirstColumnFloatTarget) {
  TempDir dir;
  std::string path = dir.file("reg.csv");
  writeFile(path, "0.5;1;2\n-1.25;3;4");
  CsvOptions opts;
  opts.labelColumn = 0;
  opts.classLabels = false;
  opts.delimiter = ';';
  opts.featuresName = "x";
  opts.labelsName = "y";
  Expected<Dataset> ds = readCsv(path, opts);
  ASSERT_TRUE(ds.ok()) << ds.error();
  EXPECT_EQ(ds->names, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(ds->columns[0].typeString(), "float32[2, 2]");
  EXPECT_EQ(ds->columns[1].typeString(), "float32[2]");
  EXPECT_EQ(ds->columns[0].data<float>()[3], 4.0f);
  EXPECT_EQ(ds->columns[1].data<float>()[1], -1.25f);

  opts.targetAsColumn = true;
  ds = readCsv(path, opts);
  ASSERT_TRUE(ds.ok()) << ds.error();
  EXPECT_EQ(ds->columns[1].typeString(), "float32[2, 1]");
}

TEST(Csv, HeaderOptions) {
  TempDir dir;
  std::string path = dir.file("h.csv");
  // A numeric first row is data under Auto and No, a header under Yes.
  writeFile(path, "1,2\n3,4\n");
  CsvOptions opts;
  Expected<Dataset> ds = readCsv(path, opts);
  ASSERT_TRUE(ds.ok()) << ds.error();
  EXPECT_EQ(ds->size(), 2);
  opts.header = CsvOptions::Header::Yes;
  ds = readCsv(path, opts);
  ASSERT_TRUE(ds.ok()) << ds.error();
  EXPECT_EQ(ds->size(), 1);
  EXPECT_EQ(ds->columns[1].data<int64_t>()[0], 4);
  // A textual first row under No is a data row with non-numeric fields.
  writeFile(path, "x,y\n3,4\n");
  opts.header = CsvOptions::Header::No;
  expectError(readCsv(path, opts), path + ":1: ", {"column 1: non-numeric field 'x'"});
}

TEST(CsvErrors, NonNumericField) {
  TempDir dir;
  std::string path = dir.file("bad.csv");
  writeFile(path, "a,b,label\n1,2,0\n3,abc,1\n");
  expectError(readCsv(path), path + ":3: ",
              {"column 2 ('b')", "non-numeric field 'abc'"});
  // A first row mixing numbers and text is data, and wrong.
  writeFile(path, "1,x,0\n");
  expectError(readCsv(path), path + ":1: ", {"column 2", "non-numeric field 'x'"});
  writeFile(path, "1,\"2\"x,0\n");
  expectError(readCsv(path), path + ":1: ", {"non-numeric"});
}

TEST(CsvErrors, EmptyField) {
  TempDir dir;
  std::string path = dir.file("bad.csv");
  writeFile(path, "1,2,0\n1,,0\n");
  expectError(readCsv(path), path + ":2: ", {"column 2 is empty"});
}

TEST(CsvErrors, RaggedRow) {
  TempDir dir;
  std::string path = dir.file("ragged.csv");
  writeFile(path, "a,b,label\n1,2,0\n\n1,2\n");
  expectError(readCsv(path), path + ":4: ",
              {"ragged row", "2 fields", "line 1 has 3"});
}

TEST(CsvErrors, EmptyFileAndHeaderOnly) {
  TempDir dir;
  std::string path = dir.file("empty.csv");
  writeFile(path, "");
  expectError(readCsv(path), path + ": ", {"empty file"});
  writeFile(path, "\n  \n\r\n");
  expectError(readCsv(path), path + ": ", {"empty file"});
  writeFile(path, "a,b,label\n");
  expectError(readCsv(path), path + ": ", {"no data rows"});
  expectError(readCsv(dir.file("absent.csv")), dir.file("absent.csv") + ": ",
              {"cannot open"});
}

TEST(CsvErrors, LabelNotAClassIndex) {
  TempDir dir;
  std::string path = dir.file("labels.csv");
  writeFile(path, "1,2,0\n1,2,1.5\n");
  expectError(readCsv(path), path + ":2: ",
              {"column 3", "label '1.5' is not a class index"});
  writeFile(path, "1,2,-1\n");
  expectError(readCsv(path), path + ":1: ", {"label '-1' is not a class index"});
  writeFile(path, "1,2,nan\n");
  expectError(readCsv(path), path + ":1: ", {"not a class index"});
}

TEST(CsvErrors, Columns) {
  TempDir dir;
  std::string path = dir.file("cols.csv");
  writeFile(path, "1,2,3\n");
  CsvOptions opts;
  opts.labelColumn = 3;
  expectError(readCsv(path, opts), path + ":1: ",
              {"label column 3 is out of range", "3 columns"});
  opts.labelColumn = -4;
  expectError(readCsv(path, opts), path + ":1: ", {"label column -4 is out of range"});
  writeFile(path, "1\n2\n");
  expectError(readCsv(path), path + ":1: ", {"at least 2 columns"});
  writeFile(path, "1,\"2,3\n");
  expectError(readCsv(path), path + ":1: ", {"unterminated quoted field"});
}

//===----------------------------------------------------------------------===//
// safetensors
//===----------------------------------------------------------------------===//

TEST(SafetensorsDataset, EveryTensorIsAColumn) {
  TempDir dir;
  SafetensorsFile file;
  Tensor x(DType::F32, {4, 3});
  for (int i = 0; i < 12; ++i)
    x.data<float>()[i] = static_cast<float>(i);
  Tensor y(DType::I64, {4});
  for (int i = 0; i < 4; ++i)
    y.data<int64_t>()[i] = 10 + i;
  file.tensors.push_back({"x", x});
  file.tensors.push_back({"y", y});
  std::string path = dir.file("data.safetensors");
  std::string error;
  ASSERT_TRUE(writeSafetensors(path, file, error)) << error;
  Expected<Dataset> ds = readSafetensorsDataset(path);
  ASSERT_TRUE(ds.ok()) << ds.error();
  EXPECT_EQ(ds->size(), 4);
  EXPECT_EQ(ds->names, (std::vector<std::string>{"x", "y"}));
  EXPECT_TRUE(ds->columns[0].identical(x));
  EXPECT_TRUE(ds->columns[1].identical(y));
}

TEST(SafetensorsDataset, LeadingDimensionsMustAgree) {
  TempDir dir;
  SafetensorsFile file;
  file.tensors.push_back({"x", Tensor(DType::F32, {4, 3})});
  file.tensors.push_back({"y", Tensor(DType::I64, {4})});
  file.tensors.push_back({"z", Tensor(DType::F64, {3, 2})});
  file.tensors.push_back({"w", Tensor(DType::I32, {5})});
  std::string path = dir.file("bad.safetensors");
  std::string error;
  ASSERT_TRUE(writeSafetensors(path, file, error)) << error;
  expectError(readSafetensorsDataset(path), path + ": ",
              {"do not share their leading (sample) dimension",
               "'x' float32[4, 3] has 4 samples",
               "'z' float64[3, 2] has 3", "'w' int32[5] has 5"});
  Expected<Dataset> ds = readSafetensorsDataset(path);
  EXPECT_EQ(ds.error().find("'y'"), std::string::npos) << ds.error();
}

TEST(SafetensorsDataset, ScalarsEmptyFilesAndReadErrors) {
  TempDir dir;
  std::string error;
  SafetensorsFile file;
  file.tensors.push_back({"x", Tensor(DType::F32, {4})});
  file.tensors.push_back({"s", Tensor(DType::F32, {})});
  std::string path = dir.file("scalar.safetensors");
  ASSERT_TRUE(writeSafetensors(path, file, error)) << error;
  expectError(readSafetensorsDataset(path), path + ": ", {"'s' is a scalar"});

  std::string empty = dir.file("empty.safetensors");
  ASSERT_TRUE(writeSafetensors(empty, SafetensorsFile{}, error)) << error;
  expectError(readSafetensorsDataset(empty), empty + ": ", {"no tensors"});

  std::string junk = dir.file("junk.safetensors");
  writeFile(junk, "not a safetensors file");
  expectError(readSafetensorsDataset(junk), junk + ": ", {});
}

//===----------------------------------------------------------------------===//
// BatchIterator
//===----------------------------------------------------------------------===//

/// N samples: "x" float64[N, 2] = {i, -i}, "y" int64[N] = 100 + i.
Dataset numbered(int64_t n) {
  Dataset ds;
  Tensor x(DType::F64, {n, 2});
  Tensor y(DType::I64, {n});
  for (int64_t i = 0; i < n; ++i) {
    x.data<double>()[2 * i] = static_cast<double>(i);
    x.data<double>()[2 * i + 1] = -static_cast<double>(i);
    y.data<int64_t>()[i] = 100 + i;
  }
  ds.names = {"x", "y"};
  ds.columns.push_back(std::move(x));
  ds.columns.push_back(std::move(y));
  return ds;
}

/// The sample order of a whole epoch, checking that every batch's rows are
/// the ones its indices name.
std::vector<int64_t> drain(BatchIterator &it, std::vector<int64_t> *sizes = nullptr) {
  std::vector<int64_t> order;
  int64_t expectIndex = 0;
  while (auto b = it.next()) {
    EXPECT_EQ(b->index, expectIndex++);
    EXPECT_EQ(b->columns.size(), 2u);
    EXPECT_EQ(b->columns[0].shape(), (std::vector<int64_t>{b->size(), 2}));
    EXPECT_EQ(b->columns[1].shape(), (std::vector<int64_t>{b->size()}));
    for (int64_t i = 0; i < b->size(); ++i) {
      int64_t s = b->indices[i];
      EXPECT_EQ(b->columns[0].data<double>()[2 * i], static_cast<double>(s));
      EXPECT_EQ(b->columns[0].data<double>()[2 * i + 1], -static_cast<double>(s));
      EXPECT_EQ(b->columns[1].data<int64_t>()[i], 100 + s);
      order.push_back(s);
    }
    if (sizes)
      sizes->push_back(b->size());
  }
  EXPECT_FALSE(it.hasNext());
  return order;
}

TEST(BatchIterator, SequentialBatchesWithAPartialLastOne) {
  Dataset ds = numbered(10);
  auto it = BatchIterator::create(ds, {3, false, 0, false});
  ASSERT_TRUE(it.ok()) << it.error();
  EXPECT_EQ(it->numBatches(), 4);
  EXPECT_EQ(it->samplesPerEpoch(), 10);
  EXPECT_EQ(it->epoch(), 0);
  std::vector<int64_t> sizes;
  std::vector<int64_t> order = drain(*it, &sizes);
  EXPECT_EQ(sizes, (std::vector<int64_t>{3, 3, 3, 1}));
  EXPECT_EQ(order, (std::vector<int64_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
  EXPECT_EQ(it->batchIndex(), 4);
  EXPECT_FALSE(it->next().has_value());
  it->nextEpoch();
  EXPECT_EQ(it->epoch(), 1);
  EXPECT_EQ(drain(*it), order);
}

TEST(BatchIterator, DropLast) {
  Dataset ds = numbered(10);
  auto it = BatchIterator::create(ds, {3, true, 5, true});
  ASSERT_TRUE(it.ok()) << it.error();
  EXPECT_EQ(it->numBatches(), 3);
  EXPECT_EQ(it->samplesPerEpoch(), 9);
  std::vector<int64_t> sizes;
  std::vector<int64_t> order = drain(*it, &sizes);
  EXPECT_EQ(sizes, (std::vector<int64_t>{3, 3, 3}));
  // The 9 visited are the permutation's first 9.
  std::vector<int64_t> perm = BatchIterator::permutation(10, 5, 0);
  EXPECT_EQ(order, std::vector<int64_t>(perm.begin(), perm.begin() + 9));

  // Batch size dividing N: nothing dropped; larger than N: no batch at all.
  auto even = BatchIterator::create(ds, {5, false, 0, true});
  ASSERT_TRUE(even.ok());
  EXPECT_EQ(even->numBatches(), 2);
  auto big = BatchIterator::create(ds, {11, false, 0, true});
  ASSERT_TRUE(big.ok());
  EXPECT_EQ(big->numBatches(), 0);
  EXPECT_FALSE(big->next().has_value());
  auto bigKeep = BatchIterator::create(ds, {11, false, 0, false});
  ASSERT_TRUE(bigKeep.ok());
  EXPECT_EQ(bigKeep->numBatches(), 1);
  EXPECT_EQ(bigKeep->next()->size(), 10);
}

TEST(BatchIterator, ShuffleIsReproducibleAndCoversEverySampleOnce) {
  Dataset ds = numbered(37);
  auto a = BatchIterator::create(ds, {4, true, 1234, false});
  auto b = BatchIterator::create(ds, {4, true, 1234, false});
  auto c = BatchIterator::create(ds, {4, true, 1235, false});
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  std::vector<std::vector<int64_t>> epochs;
  for (int64_t e = 0; e < 4; ++e) {
    a->reset(e);
    b->reset(e);
    c->reset(e);
    std::vector<int64_t> oa = drain(*a), ob = drain(*b), oc = drain(*c);
    EXPECT_EQ(oa, ob) << "epoch " << e;
    EXPECT_NE(oa, oc) << "epoch " << e;
    EXPECT_EQ(oa, a->order());
    std::vector<int64_t> sorted = oa;
    std::sort(sorted.begin(), sorted.end());
    for (int64_t i = 0; i < 37; ++i)
      EXPECT_EQ(sorted[i], i);
    epochs.push_back(oa);
  }
  for (size_t i = 0; i < epochs.size(); ++i)
    for (size_t j = i + 1; j < epochs.size(); ++j)
      EXPECT_NE(epochs[i], epochs[j]) << i << " vs " << j;
  // Going back to an epoch gives its order again.
  a->reset(1);
  EXPECT_EQ(drain(*a), epochs[1]);
}

TEST(BatchIterator, FixedPermutationForSeedZero) {
  // Pinned: changing the generator, the seeding or the shuffle changes every
  // user's training run.
  // The values were cross-checked against an independent Python
  // implementation of mt19937_64, splitmix64 and this Fisher-Yates.
  EXPECT_EQ(BatchIterator::permutation(10, 0, 0),
            (std::vector<int64_t>{6, 1, 2, 4, 7, 5, 3, 0, 9, 8}));
  EXPECT_EQ(BatchIterator::permutation(10, 0, 1),
            (std::vector<int64_t>{7, 4, 3, 6, 9, 5, 2, 8, 0, 1}));
  Dataset ds = numbered(10);
  auto it = BatchIterator::create(ds, {10, true, 0, false});
  ASSERT_TRUE(it.ok());
  EXPECT_EQ(drain(*it), BatchIterator::permutation(10, 0, 0));
  EXPECT_TRUE(BatchIterator::permutation(0, 0, 0).empty());
  EXPECT_EQ(BatchIterator::permutation(1, 0, 0), (std::vector<int64_t>{0}));
}

TEST(BatchIterator, RejectsBadOptionsAndDatasets) {
  Dataset ds = numbered(4);
  expectError(BatchIterator::create(ds, {0, false, 0, false}), "",
              {"batch size must be positive, got 0"});
  Dataset ragged = numbered(4);
  ragged.columns[1] = Tensor(DType::I64, {3});
  expectError(BatchIterator::create(ragged, {2, false, 0, false}), "",
              {"leading (sample) dimension", "'x'", "'y'"});
  Dataset scalar = numbered(4);
  scalar.columns[1] = Tensor(DType::I64, {});
  expectError(BatchIterator::create(scalar, {2, false, 0, false}), "",
              {"'y' is a scalar"});
  Dataset unnamed = numbered(4);
  unnamed.names.pop_back();
  expectError(BatchIterator::create(unnamed, {2, false, 0, false}), "",
              {"1 names but 2 columns"});
  expectError(BatchIterator::create(Dataset{}, {2, false, 0, false}), "",
              {"no columns"});
}

TEST(BatchIterator, EmptyDataset) {
  Dataset ds = numbered(0);
  auto it = BatchIterator::create(ds, {4, true, 0, false});
  ASSERT_TRUE(it.ok()) << it.error();
  EXPECT_EQ(it->numBatches(), 0);
  EXPECT_FALSE(it->next().has_value());
}

//===----------------------------------------------------------------------===//
// ProgressBar
//===----------------------------------------------------------------------===//

/// A fake monotonic clock the test advances.
struct FakeClock {
  double t = 100.0;
  std::function<double()> fn() {
    return [this] { return t; };
  }
};

std::string contents(std::FILE *f) {
  std::fflush(f);
  std::rewind(f);
  std::string s;
  char buf[4096];
  size_t k;
  while ((k = std::fread(buf, 1, sizeof(buf), f)) > 0)
    s.append(buf, k);
  return s;
}

TEST(ProgressBar, LineFormat) {
  FakeClock clock;
  ProgressBarOptions opts;
  opts.stream = std::tmpfile();
  ASSERT_NE(opts.stream, nullptr);
  opts.clock = clock.fn();
  opts.mode = ProgressBarOptions::Mode::Lines;
  {
    ProgressBar bar(5, 60000, opts);
    EXPECT_FALSE(bar.terminal());
    bar.beginEpoch(0);
    EXPECT_EQ(bar.line(), "epoch 1/5 [>                   ]     0/60000");
    clock.t += 2.0;
    bar.update(23040, 0.4312);
    EXPECT_EQ(bar.line(), "epoch 1/5 [=======>            ] 23040/60000 loss "
                          "0.4312 11520 samples/s ETA 4s");
    clock.t += 100.0;
    bar.update(30000, 0.5);
    EXPECT_EQ(bar.line(), "epoch 1/5 [==========>         ] 30000/60000 loss "
                          "0.5000 294 samples/s ETA 1m42s");
  }
  std::fclose(opts.stream);
}

TEST(ProgressBar, NonTerminalPrintsOneLinePerTenth) {
  FakeClock clock;
  ProgressBarOptions opts;
  opts.stream = std::tmpfile();
  ASSERT_NE(opts.stream, nullptr);
  opts.clock = clock.fn();
  // A tmpfile is not a terminal: Auto picks Lines.
  {
    ProgressBar bar(3, 1000, opts);
    EXPECT_FALSE(bar.terminal());
    for (int64_t e = 0; e < 2; ++e) {
      bar.beginEpoch(e);
      for (int i = 0; i < 100; ++i) {
        clock.t += 0.01;
        bar.step(10, 1.0 + i); // running mean of 1..100 = 50.5
      }
      bar.endEpoch();
    }
  }
  std::string out = contents(opts.stream);
  std::fclose(opts.stream);
  EXPECT_EQ(out.find('\r'), std::string::npos) << out;
  std::vector<std::string> lines;
  std::istringstream in(out);
  for (std::string l; std::getline(in, l);)
    lines.push_back(l);
  ASSERT_EQ(lines.size(), 20u) << out; // 10%..90% and the final line, twice
  EXPECT_EQ(lines[0], "epoch 1/3 [==>                 ]  100/1000 loss 5.5000 "
                      "1000 samples/s ETA 1s");
  EXPECT_NE(lines[4].find(" 500/1000 "), std::string::npos) << lines[4];
  EXPECT_EQ(lines[9], "epoch 1/3 [====================] 1000/1000 loss 50.5000 "
                      "1000 samples/s time 1.0s");
  EXPECT_EQ(lines[10].rfind("epoch 2/3 [==>", 0), 0u) << lines[10];
  EXPECT_EQ(lines[19].rfind("epoch 2/3 [====================] 1000/1000", 0), 0u)
      << lines[19];
  for (const std::string &l : lines) {
    EXPECT_NE(l.find("loss "), std::string::npos) << l;
    EXPECT_NE(l.find(" samples/s"), std::string::npos) << l;
  }
}

TEST(ProgressBar, TerminalRedrawsInPlaceAtMostTenTimesASecond) {
  FakeClock clock;
  ProgressBarOptions opts;
  opts.stream = std::tmpfile();
  ASSERT_NE(opts.stream, nullptr);
  opts.clock = clock.fn();
  opts.mode = ProgressBarOptions::Mode::Terminal;
  {
    ProgressBar bar(1, 1000, opts);
    EXPECT_TRUE(bar.terminal());
    bar.beginEpoch(0);
    // 1000 updates over 1 second: the first draws, then one per 0.1 s.
    for (int i = 1; i <= 1000; ++i) {
      clock.t += 0.001;
      bar.update(i, 0.25);
    }
    bar.endEpoch();
  }
  std::string out = contents(opts.stream);
  std::fclose(opts.stream);
  size_t redraws = std::count(out.begin(), out.end(), '\r');
  EXPECT_GE(redraws, 9u) << out;
  EXPECT_LE(redraws, 12u) << out;
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 1);
  ASSERT_FALSE(out.empty());
  EXPECT_EQ(out.back(), '\n');
  std::string last = out.substr(out.rfind('\r') + 1);
  EXPECT_EQ(last.rfind("epoch 1/1 [====================] 1000/1000 loss 0.2500 "
                       "1000 samples/s time 1.0s",
                       0),
            0u)
      << last;
}

TEST(ProgressBar, TerminalLineLeftOpenIsClosedAndShorterLinesBlankOut) {
  FakeClock clock;
  ProgressBarOptions opts;
  opts.stream = std::tmpfile();
  ASSERT_NE(opts.stream, nullptr);
  opts.clock = clock.fn();
  opts.mode = ProgressBarOptions::Mode::Terminal;
  opts.minRedrawSeconds = 0;
  {
    ProgressBar bar(1, 0, opts); // unknown size: no bar
    bar.beginEpoch(0);
    clock.t += 1;
    bar.update(5, 123456.0);
    bar.update(6); // the loss stays
    EXPECT_EQ(bar.line(), "epoch 1/1 6 samples loss 123456.0000 6 samples/s");
  }
  std::string out = contents(opts.stream);
  std::fclose(opts.stream);
  EXPECT_EQ(out.back(), '\n') << out;
}

//===----------------------------------------------------------------------===//
// Fashion-MNIST, when Debian's dataset-fashion-mnist is installed
//===----------------------------------------------------------------------===//

std::string findFile(const std::vector<std::string> &dirs, const std::string &base) {
  for (const std::string &d : dirs)
    for (const char *suffix : {"", ".gz"}) {
      std::string p = d + "/" + base + suffix;
      if (fs::exists(p))
        return p;
    }
  return "";
}

TEST(FashionMnist, TrainAndTestSplits) {
  // Debian's package puts the files in /usr/share/datasets/fashion-mnist.
  const std::vector<std::string> dirs = {"/usr/share/datasets/fashion-mnist",
                                         "/usr/share/dataset-fashion-mnist",
                                         "/usr/share/fashion-mnist"};
  std::string trainImages = findFile(dirs, "train-images-idx3-ubyte");
  std::string trainLabels = findFile(dirs, "train-labels-idx1-ubyte");
  std::string testImages = findFile(dirs, "t10k-images-idx3-ubyte");
  std::string testLabels = findFile(dirs, "t10k-labels-idx1-ubyte");
  if (trainImages.empty() || trainLabels.empty() || testImages.empty() ||
      testLabels.empty())
    GTEST_SKIP() << "Debian's dataset-fashion-mnist is not installed "
                    "(looked in /usr/share/datasets/fashion-mnist)";
  Expected<Dataset> train = loadIdxPair(trainImages, trainLabels);
  ASSERT_TRUE(train.ok()) << train.error();
  EXPECT_EQ(train->size(), 60000);
  EXPECT_EQ(train->columns[0].typeString(), "float32[60000, 784]");
  Expected<Dataset> test = loadIdxPair(testImages, testLabels);
  ASSERT_TRUE(test.ok()) << test.error();
  EXPECT_EQ(test->size(), 10000);
  const int64_t *y = test->columns[1].data<int64_t>();
  EXPECT_TRUE(std::all_of(y, y + 10000, [](int64_t v) { return v >= 0 && v < 10; }));
}

} // namespace
