//===- fashion-mnist.cpp - The Fashion-MNIST classifier, compiled ---------===//
//
// The PyTorch tutorials' Fashion-MNIST classifier: an MLP 784-256-128-10
// with ReLU and CrossEntropyLoss, written with Sinter's C++ DSL, compiled
// for this CPU and trained with the runtime's progress bar; the test
// accuracy after every epoch; the parameters saved as a safetensors
// checkpoint under PyTorch's state_dict names.
//
//   sinter-example-fashion-mnist [--optimizer sgd|sgd-momentum|adam|rmsprop]
//       [--lr X] [--batch N] [--epochs N] [--seed N] [--data DIR]
//       [--limit N] [--checkpoint OUT.safetensors] [--emit-mlir OUT.mlir]
//
// --emit-mlir writes the traced model (@forward, @eval, @predict,
// @initializer) for `sinterc --optimizer=... --emit=exe`, whose predictor
// reads the checkpoint (scripts/demo.sh does this).
//
//===----------------------------------------------------------------------===//
#include "ExampleFlags.h"
#include "FashionMnist.h"

#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>

namespace nn = sinter::nn;

namespace {

struct Options {
  std::string optimizer = "adam";
  double lr = 0; // 0 until --lr: the optimizer's default
  int64_t batchSize = 128;
  int64_t epochs = 5;
  int64_t seed = 0;
  std::string dataDir = fashion::kDefaultDataDir;
  int64_t limit = 0;
  std::string checkpoint;
  std::string emitMlir;
};

/// What --help prints below the usage line.
std::string help() {
  return std::string(
             "  --optimizer NAME  sgd, sgd-momentum (0.9), adam or rmsprop "
             "(default adam)\n"
             "  --lr X            learning rate (default: sgd 0.1, "
             "sgd-momentum 0.01, adam and rmsprop 1e-3)\n"
             "  --batch N         batch size (default 128)\n"
             "  --epochs N        epochs (default 5)\n"
             "  --seed N          seeds the initialisation and the shuffles "
             "(default 0)\n"
             "  --data DIR        the Fashion-MNIST IDX files (default ") +
         fashion::kDefaultDataDir +
         ")\n"
         "  --limit N         use the first N training and N test samples\n"
         "  --checkpoint F    write the trained parameters to F "
         "(safetensors)\n"
         "  --emit-mlir F     write the traced model (MLIR) to F, for "
         "sinterc\n";
}

} // namespace

int main(int argc, char **argv) {
  using Clock = std::chrono::steady_clock;
  Options o;
  example::Flags flags("sinter-example-fashion-mnist", "[options]");
  flags.help(help());
  flags.custom("--optimizer", [&](const std::string &name) -> std::string {
    if (!fashion::isOptimizerName(name))
      return "--optimizer: " + fashion::unknownOptimizer(name);
    o.optimizer = name;
    return "";
  });
  flags.positiveNumber("--lr", &o.lr);
  flags.positiveInt("--batch", &o.batchSize);
  flags.positiveInt("--epochs", &o.epochs);
  flags.nonNegativeInt("--seed", &o.seed);
  flags.string("--data", &o.dataDir);
  flags.positiveInt("--limit", &o.limit);
  flags.string("--checkpoint", &o.checkpoint);
  flags.string("--emit-mlir", &o.emitMlir);
  if (std::optional<int> status = flags.parse(argc, argv))
    return *status;
  const double lr = o.lr > 0 ? o.lr : fashion::defaultLearningRate(o.optimizer);

  // The data first: a missing or malformed file is the likeliest mistake,
  // and it should not wait for a compilation.
  auto data = fashion::loadFashionMnist(o.dataDir, o.limit);
  if (!data)
    return flags.fail(data.error());
  std::printf("Fashion-MNIST from %s: %lld training and %lld test images\n",
              o.dataDir.c_str(), (long long)data->train.size(),
              (long long)data->test.size());

  seed::MLP model;
  std::cout << model << "\n";
  nn::Traced program = fashion::traceClassifier(model, o.batchSize);
  if (!program)
    return flags.fail(program.error());
  if (!o.emitMlir.empty()) {
    std::string error;
    if (!program->write(o.emitMlir, &error))
      return flags.fail(error);
    std::printf("wrote the traced model to %s\n", o.emitMlir.c_str());
  }

  auto compileStart = Clock::now();
  auto compiled = fashion::compileClassifier(*program, o.optimizer, lr);
  if (!compiled)
    return flags.fail(compiled.error());
  std::printf("compiled for the CPU in %.2f s: %s lr=%g, batch %lld, %lld "
              "epoch%s, seed %llu\n",
              std::chrono::duration<double>(Clock::now() - compileStart).count(),
              o.optimizer.c_str(), lr, (long long)o.batchSize,
              (long long)o.epochs, o.epochs == 1 ? "" : "s",
              (unsigned long long)o.seed);
  std::fflush(stdout);

  fashion::FitOptions fitOptions;
  fitOptions.batchSize = o.batchSize;
  fitOptions.epochs = o.epochs;
  fitOptions.seed = o.seed;
  auto result = fashion::fit(
      *compiled, *data, fitOptions, std::nullopt,
      [&](const fashion::EpochResult &r) {
        std::printf("epoch %lld/%lld: train loss %.4f, test loss %.4f, test "
                    "accuracy %.2f%%, %.1f s, %.0f samples/s\n",
                    (long long)r.epoch, (long long)o.epochs, r.trainLoss,
                    r.test.loss, 100 * r.test.accuracy, r.trainSeconds,
                    r.samplesPerSecond);
        std::fflush(stdout);
      });
  if (!result)
    return flags.fail(result.error());

  if (!o.checkpoint.empty()) {
    if (auto saved = fashion::saveParameters(*compiled, *program, o.checkpoint);
        !saved)
      return flags.fail(saved.error());
    std::printf("saved the parameters to %s\n", o.checkpoint.c_str());
  }
  const fashion::EpochResult &last = result->epochs.back();
  std::printf("final test accuracy: %.2f%% (%lld images)\n",
              100 * last.test.accuracy, (long long)last.test.samples);
  return 0;
}
