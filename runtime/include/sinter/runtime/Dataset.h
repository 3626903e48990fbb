//===- Dataset.h - Training data: IDX, CSV, safetensors, batches --*- C++ -*-===//
//
// The data side of a training loop: load a data set into memory as named
// columns that share their leading (sample) dimension, then walk it in
// batches, shuffled reproducibly per epoch.
//
//   auto train = sinter::loadIdxPair("train-images-idx3-ubyte.gz",
//                                    "train-labels-idx1-ubyte.gz");
//   if (!train) { std::cerr << train.error() << "\n"; return 1; }
//   auto it = sinter::BatchIterator::create(*train, {/*batchSize=*/64,
//                                                    /*shuffle=*/true});
//   for (int64_t e = 0; e < epochs; ++e) {
//     it->reset(e);
//     while (auto batch = it->next())
//       step(batch->columns[0], batch->columns[1]);
//   }
//
// Readers are strict and never throw: a malformed file is rejected with a
// message that names the file (and the line, for CSV) and the rule broken.
// Plain C++: the runtime never includes LLVM or MLIR.
//
//===----------------------------------------------------------------------===//
#ifndef SINTER_RUNTIME_DATASET_H
#define SINTER_RUNTIME_DATASET_H

#include "sinter/runtime/Expected.h"
#include "sinter/runtime/Tensor.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sinter {

/// Named columns sharing their leading (sample) dimension, e.g. "images"
/// float32[N, 784] and "labels" int64[N].
struct Dataset {
  std::vector<std::string> names;
  std::vector<Tensor> columns;

  /// The number of samples: the leading dimension of the first column, 0
  /// when there is none.
  int64_t size() const;
  /// The column called `name`, or nullptr.
  const Tensor *find(const std::string &name) const;
  /// Checks the invariants: as many names as columns, at least one column,
  /// names unique and non-empty, every column of rank >= 1 with the same
  /// leading dimension.
  Expected<void> validate() const;
};

//===----------------------------------------------------------------------===//
// IDX (the MNIST format)
//===----------------------------------------------------------------------===//
//
// Big-endian: two zero bytes, a type code, the number of dimensions D; then
// D u32 dimensions; then the elements, row-major. Files whose first two bytes
// are 1f 8b are gunzipped on the fly (concatenated gzip members included; the
// CRC of each member is checked). The whole data section must be present and
// nothing may follow it.

/// IDX type codes.
enum class IdxType : uint8_t {
  U8 = 0x08,
  I8 = 0x09,
  I16 = 0x0B,
  I32 = 0x0C,
  F32 = 0x0D,
  F64 = 0x0E,
};

/// Reads an IDX file with the dimensions it declares. The elements keep
/// their values in a natural dtype: u8, i8, i16 and i32 become I32; f32 F32;
/// f64 F64. When `type` is given it receives the file's type code.
Expected<Tensor> readIdx(const std::string &path, IdxType *type = nullptr);

/// Reads an IDX file of N samples (rank >= 1) as float32[N, product of the
/// other dimensions] (float32[N, 1] for a rank-1 file). With `normalize`, u8
/// values are divided by 255 so that they lie in [0, 1]; other types are
/// converted unscaled.
Expected<Tensor> readIdxImages(const std::string &path, bool normalize = true);

/// Reads a rank-1 IDX file of an integer type as int64[N] class indices.
/// Negative values are rejected.
Expected<Tensor> readIdxLabels(const std::string &path);

/// Reads an images file and a labels file as the Dataset {"images",
/// "labels"}; their sample counts must agree.
Expected<Dataset> loadIdxPair(const std::string &imagesPath,
                              const std::string &labelsPath,
                              bool normalize = true);

//===----------------------------------------------------------------------===//
// CSV
//===----------------------------------------------------------------------===//

struct CsvOptions {
  /// The label column; negative counts from the end (-1: the last).
  int64_t labelColumn = -1;
  /// true: the label is a class index, int64[N] (a non-negative integer,
  /// "3" or "3.0"); false: a float target, float32[N].
  bool classLabels = true;
  /// With classLabels false: float32[N, 1] instead of float32[N], which is
  /// what MSELoss against a [N, 1] model output wants.
  bool targetAsColumn = false;
  /// Whether the first row is a header of column names. Auto: it is one when
  /// none of its fields is a number (a first row mixing numbers and text is
  /// reported as a data row with a non-numeric field).
  enum class Header { Auto, Yes, No };
  Header header = Header::Auto;
  char delimiter = ',';
  /// The names of the two columns of the Dataset.
  std::string featuresName = "features";
  std::string labelsName = "labels";
};

/// Reads a numeric CSV file as the Dataset {featuresName: float32[N, C],
/// labelsName: int64[N] or float32[N] / float32[N, 1]}. Fields are trimmed
/// of blanks and may be double-quoted; blank lines and '\r' before '\n' are
/// ignored; numbers are parsed locale-independently. Errors name
/// "<path>:<line>" and the problem: a non-numeric or empty field, a row with
/// a different number of fields, a label that is not a class index, an
/// empty file or one without data rows.
Expected<Dataset> readCsv(const std::string &path, const CsvOptions &options = {});

//===----------------------------------------------------------------------===//
// safetensors
//===----------------------------------------------------------------------===//

/// Reads every tensor of a safetensors file as a column, in the file's data
/// order. They must all have rank >= 1 and share their leading dimension;
/// the error names those that do not.
Expected<Dataset> readSafetensorsDataset(const std::string &path);

//===----------------------------------------------------------------------===//
// Batches
//===----------------------------------------------------------------------===//

struct BatchOptions {
  int64_t batchSize = 1;
  /// Visit the samples in a fresh seeded permutation each epoch.
  bool shuffle = false;
  uint64_t seed = 0;
  /// Skip the last, partial batch of an epoch.
  bool dropLast = false;
};

struct Batch {
  /// One tensor per dataset column, in its order: the gathered rows,
  /// shape [size, ...].
  std::vector<Tensor> columns;
  /// The dataset rows gathered, in batch order.
  std::vector<int64_t> indices;
  /// The batch's position in its epoch, from 0.
  int64_t index = 0;
  int64_t size() const { return static_cast<int64_t>(indices.size()); }
};

/// Walks a Dataset in batches. The permutation of an epoch depends only on
/// (seed, epoch, dataset size): std::mt19937_64 seeded from them and a
/// Fisher-Yates shuffle with its own unbiased bounded draw, so the order is
/// the same with every standard library. The dataset must outlive the
/// iterator.
class BatchIterator {
public:
  /// Checks the options (batchSize > 0) and the dataset (Dataset::validate).
  /// Positions the iterator at the start of epoch 0.
  static Expected<BatchIterator> create(const Dataset &data,
                                        const BatchOptions &options);

  /// The next batch of the current epoch, or nullopt when the epoch is over
  /// (then call reset(epoch() + 1) or nextEpoch()).
  std::optional<Batch> next();
  /// Whether next() would return a batch.
  bool hasNext() const;

  /// Starts epoch `epoch` (from 0): its permutation, batch 0.
  void reset(int64_t epoch = 0);
  /// reset(epoch() + 1).
  void nextEpoch() { reset(epoch_ + 1); }

  int64_t epoch() const { return epoch_; }
  /// Batches next() has returned in the current epoch.
  int64_t batchIndex() const { return batch_; }
  /// Batches per epoch: ceil(N / B), or floor(N / B) with dropLast.
  int64_t numBatches() const;
  /// Samples per epoch that batches cover: N, or a multiple of B with
  /// dropLast.
  int64_t samplesPerEpoch() const;
  int64_t datasetSize() const { return size_; }
  const BatchOptions &options() const { return options_; }
  /// The current epoch's sample order.
  const std::vector<int64_t> &order() const { return order_; }

  /// The order in which epoch `epoch` visits `n` samples when shuffling.
  static std::vector<int64_t> permutation(int64_t n, uint64_t seed,
                                          int64_t epoch);

private:
  BatchIterator(const Dataset &data, const BatchOptions &options);

  const Dataset *data_;
  BatchOptions options_;
  int64_t size_ = 0;
  int64_t epoch_ = 0;
  int64_t batch_ = 0;
  std::vector<int64_t> order_;
};

} // namespace sinter

#endif // SINTER_RUNTIME_DATASET_H
