//===- FashionMnist.h - The Fashion-MNIST classifier's shared pieces -*- C++ -*-===//
//
// What the Fashion-MNIST example (fashion-mnist.cpp) and the optimizer
// experiment (fashion-experiment.cpp) share: the data (Debian's
// dataset-fashion-mnist IDX files, pixels scaled to [0, 1] as torchvision's
// ToTensor() does), the optimizers by name, the model traced for a batch
// size and compiled, and the training loop with a test evaluation after
// every epoch. Their command lines are read with ExampleFlags.h.
//
// The model is seed::MLP (SeedModels.h), 784-256-128-10 with ReLU, trained
// with CrossEntropyLoss, compiled for this CPU.
//
//===----------------------------------------------------------------------===//
#ifndef SINTER_EXAMPLES_FASHIONMNIST_H
#define SINTER_EXAMPLES_FASHIONMNIST_H

#include "sinter/Compile.h"
#include "sinter/nn.h"
#include "sinter/runtime/Dataset.h"
#include "sinter/runtime/ProgressBar.h"
#include "sinter/runtime/Safetensors.h"
#include "SeedModels.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace fashion {

namespace nn = ::sinter::nn;
namespace optim = ::sinter::optim;
using ::sinter::Error;
using ::sinter::Expected;
using HostTensor = ::sinter::Tensor;

/// Where Debian's dataset-fashion-mnist package puts the IDX files.
inline const char *const kDefaultDataDir = "/usr/share/datasets/fashion-mnist";

constexpr int64_t kNumClasses = 10;
constexpr int64_t kPixels = 28 * 28;

/// The labels 0-9, as the Fashion-MNIST README names them.
inline const char *const kClassNames[kNumClasses] = {
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};

/// The optimizers the example and the experiment compare, by their flag name.
inline const std::vector<std::string> kOptimizerNames = {"sgd", "sgd-momentum",
                                                         "adam", "rmsprop"};

//===----------------------------------------------------------------------===//
// Optimizers
//===----------------------------------------------------------------------===//

inline bool isOptimizerName(const std::string &name) {
  return std::find(kOptimizerNames.begin(), kOptimizerNames.end(), name) !=
         kOptimizerNames.end();
}

inline std::string unknownOptimizer(const std::string &name) {
  return "unknown optimizer '" + name +
         "' (expected sgd, sgd-momentum, adam or rmsprop)";
}

/// A learning rate that trains this model well in a few epochs: Adam's and
/// RMSprop's are torch.optim's usual 1e-3 (RMSprop's own default, 1e-2,
/// diverges on this MLP); plain SGD needs a larger step than SGD with
/// momentum 0.9, whose effective step is ten times its lr.
inline double defaultLearningRate(const std::string &name) {
  if (name == "sgd")
    return 0.1;
  if (name == "sgd-momentum")
    return 0.01;
  return 1e-3;
}

/// The optimizer called `name` (sgd, sgd-momentum: momentum 0.9, adam,
/// rmsprop) with learning rate `lr`, torch.optim's other defaults. An
/// optim::Optimizer is plain data (the pass options and the lr), so the
/// copy of its base part keeps all of it.
inline Expected<optim::Optimizer> makeOptimizer(const std::string &name,
                                               double lr) {
  if (!(lr > 0))
    return Error{"the learning rate must be positive, got " +
                 std::to_string(lr)};
  if (name == "sgd")
    return optim::Optimizer(optim::SGD(optim::SGDOptions(lr)));
  if (name == "sgd-momentum")
    return optim::Optimizer(optim::SGD(optim::SGDOptions(lr).momentum(0.9)));
  if (name == "adam")
    return optim::Optimizer(optim::Adam(optim::AdamOptions(lr)));
  if (name == "rmsprop")
    return optim::Optimizer(optim::RMSprop(optim::RMSpropOptions(lr)));
  return Error{unknownOptimizer(name)};
}

//===----------------------------------------------------------------------===//
// Data
//===----------------------------------------------------------------------===//

/// The training and test sets, each {"images": float32[N, 784] in [0, 1],
/// "labels": int64[N] in [0, 10)}.
struct FashionMnist {
  ::sinter::Dataset train, test;
};

/// The first `n` rows of `t` (all of them when it has fewer).
inline HostTensor firstRows(const HostTensor &t, int64_t n) {
  if (n >= t.dim(0))
    return t;
  std::vector<int64_t> shape = t.shape();
  shape[0] = n;
  HostTensor rows(t.dtype(), shape);
  std::memcpy(rows.bytes(), t.bytes(), rows.byteSize());
  return rows;
}

namespace detail {

inline bool isDirectory(const std::string &path) {
  struct stat info;
  return ::stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode);
}

inline bool isFile(const std::string &path) {
  struct stat info;
  return ::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode);
}

/// DIR/NAME.gz as Debian ships it, else an unpacked DIR/NAME.
inline Expected<std::string> findIdxFile(const std::string &dir,
                                         const std::string &name) {
  for (const std::string &candidate :
       {dir + "/" + name + ".gz", dir + "/" + name})
    if (isFile(candidate))
      return candidate;
  return Error{dir + ": no " + name + ".gz or " + name +
               " (a Fashion-MNIST directory holds train-images-idx3-ubyte, "
               "train-labels-idx1-ubyte, t10k-images-idx3-ubyte and "
               "t10k-labels-idx1-ubyte, gzipped or not)"};
}

/// One split, checked for what the model needs: 784 pixels per image and
/// labels that are class indices 0-9.
inline Expected<::sinter::Dataset> loadSplit(const std::string &dir,
                                             const std::string &prefix,
                                             int64_t limit) {
  auto images = findIdxFile(dir, prefix + "-images-idx3-ubyte");
  if (!images)
    return Error{images.error()};
  auto labels = findIdxFile(dir, prefix + "-labels-idx1-ubyte");
  if (!labels)
    return Error{labels.error()};
  auto data = ::sinter::loadIdxPair(*images, *labels, /*normalize=*/true);
  if (!data)
    return Error{data.error()};
  const HostTensor &x = data->columns[0];
  if (x.dim(1) != kPixels)
    return Error{*images + ": images must be 28x28 (784 pixels), got " +
                 x.typeString() + " after flattening"};
  const HostTensor &y = data->columns[1];
  for (int64_t i = 0; i < y.numElements(); ++i)
    if (y.data<int64_t>()[i] >= kNumClasses)
      return Error{*labels + ": label " + std::to_string(i) + " is " +
                   std::to_string(y.data<int64_t>()[i]) +
                   ", outside Fashion-MNIST's 10 classes"};
  if (data->size() == 0)
    return Error{*images + ": the file holds no images"};
  if (limit > 0)
    for (HostTensor &column : data->columns)
      column = firstRows(column, limit);
  return std::move(*data);
}

} // namespace detail

/// Loads Fashion-MNIST from `dir`; with `limit` > 0 keeps the first `limit`
/// samples of each split (for quick runs). Errors name the directory or the
/// file and what is wrong with it.
inline Expected<FashionMnist> loadFashionMnist(const std::string &dir,
                                               int64_t limit = 0) {
  if (!detail::isDirectory(dir))
    return Error{dir + ": no such directory (Fashion-MNIST comes from "
                       "Debian's dataset-fashion-mnist package, in " +
                 std::string(kDefaultDataDir) + "; --data DIR names another)"};
  FashionMnist data;
  auto train = detail::loadSplit(dir, "train", limit);
  if (!train)
    return Error{train.error()};
  auto test = detail::loadSplit(dir, "t10k", limit);
  if (!test)
    return Error{test.error()};
  data.train = std::move(*train);
  data.test = std::move(*test);
  return data;
}

//===----------------------------------------------------------------------===//
// The model
//===----------------------------------------------------------------------===//

/// Records the MLP with CrossEntropyLoss for batches of up to `batchBound`
/// images (a dynamic batch, so that the last, partial batch of an epoch and
/// the test set's need no second program).
inline nn::Traced traceClassifier(seed::MLP &model, int64_t batchBound) {
  return nn::trace(model, nn::CrossEntropyLoss(),
                   {nn::Input("x", {nn::Batch::upTo(batchBound), kPixels}),
                    nn::Input("labels", {nn::Batch::upTo(batchBound)},
                              ::sinter::DType::I64)});
}

/// The traced classifier compiled for this CPU, to be trained with the
/// optimizer called `optimizer` (makeOptimizer) at learning rate `lr`.
inline Expected<::sinter::CompiledModel>
compileClassifier(const nn::Program &program, const std::string &optimizer,
                  double lr) {
  auto made = makeOptimizer(optimizer, lr);
  if (!made)
    return Error{made.error()};
  return ::sinter::compile(program, *made, ::sinter::Target::cpu());
}

/// Writes the model's parameters under their PyTorch state_dict names
/// (fc1.weight, fc1.bias, ...), without the optimizer state: what
/// `model.load_state_dict(safetensors.torch.load_file(path))` and a
/// `sinterc --emit=exe` predictor built with any optimizer both read.
inline Expected<void> saveParameters(const ::sinter::CompiledModel &compiled,
                                     const nn::Program &program,
                                     const std::string &path) {
  std::map<std::string, HostTensor> state = compiled.state_dict();
  ::sinter::SafetensorsFile file;
  for (const nn::ParameterInfo &p : program.parameters()) {
    auto it = state.find(p.name);
    if (it == state.end())
      return Error{"the compiled model has no parameter '" + p.name + "'"};
    file.tensors.push_back({p.name, it->second});
  }
  file.metadata.push_back({"format", "pt"});
  std::string error;
  if (!::sinter::writeSafetensors(path, file, error))
    return Error{error};
  return {};
}

//===----------------------------------------------------------------------===//
// Training and evaluation
//===----------------------------------------------------------------------===//

struct Evaluation {
  double loss = 0;     // mean cross-entropy over the samples
  double accuracy = 0; // fraction of argmax(logits) == label
  int64_t samples = 0;
};

/// Loss and accuracy of the model on `data` in batches of `batchSize` (at
/// most the traced bound), in eval mode: nothing changes.
inline Expected<Evaluation> evaluate(::sinter::CompiledModel &compiled,
                                     const ::sinter::Dataset &data,
                                     int64_t batchSize) {
  ::sinter::BatchOptions batching;
  batching.batchSize = batchSize;
  auto batches = ::sinter::BatchIterator::create(data, batching);
  if (!batches)
    return Error{batches.error()};
  Evaluation result;
  double lossSum = 0;
  int64_t correct = 0;
  while (auto batch = batches->next()) {
    auto outputs = compiled.eval_step(batch->columns);
    if (!outputs)
      return Error{outputs.error()};
    const HostTensor &logits = (*outputs)[1];
    const int64_t *labels = batch->columns[1].data<int64_t>();
    for (int64_t n = 0; n < batch->size(); ++n) {
      const float *row = logits.data<float>() + n * kNumClasses;
      int64_t predicted = std::max_element(row, row + kNumClasses) - row;
      correct += predicted == labels[n];
    }
    lossSum += double((*outputs)[0].data<float>()[0]) * double(batch->size());
    result.samples += batch->size();
  }
  result.loss = lossSum / double(std::max<int64_t>(result.samples, 1));
  result.accuracy =
      double(correct) / double(std::max<int64_t>(result.samples, 1));
  return result;
}

/// A point of a training-loss curve: the mean loss of the batches since the
/// previous point, at `epoch` epochs into training (fractional).
struct LossPoint {
  double epoch;
  double loss;
};

struct EpochResult {
  int64_t epoch = 0;       // from 1
  double trainLoss = 0;    // mean over the epoch's samples
  Evaluation test;         // after the epoch
  double trainSeconds = 0; // the epoch's training steps, evaluation excluded
  double samplesPerSecond = 0;
};

struct FitOptions {
  int64_t batchSize = 128;
  int64_t epochs = 5;
  /// Seeds the parameters' initialisation and each epoch's shuffle.
  uint64_t seed = 0;
  /// Draw the runtime's progress bar on stderr.
  bool progressBar = true;
  /// Loss-curve points per epoch.
  int64_t lossPointsPerEpoch = 10;
};

struct FitResult {
  std::vector<EpochResult> epochs;
  std::vector<LossPoint> lossCurve;
  /// Test accuracy before training (epoch 0) and after each epoch.
  std::vector<double> testAccuracyCurve;
};

/// Initialises the model from `options.seed` and trains it for
/// `options.epochs` epochs over `data.train`, shuffled afresh each epoch,
/// evaluating on `data.test` after each; `onEpoch` sees each epoch's result
/// as it is done. The learning rate is the one compiled in unless `lr` is
/// given (a run-time value: no recompilation).
inline Expected<FitResult>
fit(::sinter::CompiledModel &compiled, const FashionMnist &data,
    const FitOptions &options, std::optional<double> lr = std::nullopt,
    const std::function<void(const EpochResult &)> &onEpoch = {}) {
  using Clock = std::chrono::steady_clock;
  if (auto ok = compiled.init(options.seed); !ok)
    return Error{ok.error()};
  if (lr)
    compiled.set_lr(*lr);
  ::sinter::BatchOptions batching;
  batching.batchSize = options.batchSize;
  batching.shuffle = true;
  batching.seed = options.seed;
  auto batches = ::sinter::BatchIterator::create(data.train, batching);
  if (!batches)
    return Error{batches.error()};

  FitResult result;
  auto before = evaluate(compiled, data.test, options.batchSize);
  if (!before)
    return Error{before.error()};
  result.testAccuracyCurve.push_back(before->accuracy);

  std::optional<::sinter::ProgressBar> bar;
  if (options.progressBar)
    bar.emplace(options.epochs, batches->samplesPerEpoch());
  const int64_t perEpoch = batches->numBatches();
  const int64_t pointEvery = std::max<int64_t>(
      1, perEpoch / std::max<int64_t>(options.lossPointsPerEpoch, 1));
  for (int64_t epoch = 0; epoch < options.epochs; ++epoch) {
    batches->reset(epoch);
    if (bar)
      bar->beginEpoch(epoch);
    double epochLoss = 0, pointLoss = 0;
    int64_t epochSamples = 0, pointSamples = 0;
    auto start = Clock::now();
    while (auto batch = batches->next()) {
      auto loss = compiled.train_step(batch->columns);
      if (!loss)
        return Error{loss.error()};
      double value = loss->data<float>()[0];
      epochLoss += value * double(batch->size());
      epochSamples += batch->size();
      pointLoss += value * double(batch->size());
      pointSamples += batch->size();
      if (bar)
        bar->step(batch->size(), value);
      if ((batch->index + 1) % pointEvery == 0 || !batches->hasNext()) {
        result.lossCurve.push_back(
            {double(epoch) + double(batch->index + 1) / double(perEpoch),
             pointLoss / double(pointSamples)});
        pointLoss = 0;
        pointSamples = 0;
      }
    }
    double seconds =
        std::chrono::duration<double>(Clock::now() - start).count();
    if (bar)
      bar->endEpoch();
    auto test = evaluate(compiled, data.test, options.batchSize);
    if (!test)
      return Error{test.error()};
    EpochResult r;
    r.epoch = epoch + 1;
    r.trainLoss = epochLoss / double(std::max<int64_t>(epochSamples, 1));
    r.test = *test;
    r.trainSeconds = seconds;
    r.samplesPerSecond = double(epochSamples) / std::max(seconds, 1e-9);
    result.epochs.push_back(r);
    result.testAccuracyCurve.push_back(test->accuracy);
    if (onEpoch)
      onEpoch(r);
  }
  return result;
}

} // namespace fashion

#endif // SINTER_EXAMPLES_FASHIONMNIST_H
