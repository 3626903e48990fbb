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
#include "FashionMnist.h"

#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>

namespace nn = sinter::nn;

namespace {

const char *const kProgram = "sinter-example-fashion-mnist";

struct Options {
  std::string optimizer = "adam";
  std::optional<double> lr; // the optimizer's default when absent
  int64_t batchSize = 128;
  int64_t epochs = 5;
  uint64_t seed = 0;
  std::string dataDir = fashion::kDefaultDataDir;
  int64_t limit = 0;
  std::string checkpoint;
  std::string emitMlir;
};

int usage(std::FILE *stream) {
  std::fprintf(
      stream,
      "usage: %s [options]\n"
      "  --optimizer NAME  sgd, sgd-momentum (0.9), adam or rmsprop (default "
      "adam)\n"
      "  --lr X            learning rate (default: sgd 0.1, sgd-momentum 0.01, "
      "adam and rmsprop 1e-3)\n"
      "  --batch N         batch size (default 128)\n"
      "  --epochs N        epochs (default 5)\n"
      "  --seed N          seeds the initialisation and the shuffles "
      "(default 0)\n"
      "  --data DIR        the Fashion-MNIST IDX files (default %s)\n"
      "  --limit N         use the first N training and N test samples\n"
      "  --checkpoint F    write the trained parameters to F (safetensors)\n"
      "  --emit-mlir F     write the traced model (MLIR) to F, for sinterc\n",
      kProgram, fashion::kDefaultDataDir);
  return stream == stdout ? 0 : 2;
}

int fail(const std::string &message) {
  std::fprintf(stderr, "%s: error: %s\n", kProgram, message.c_str());
  return 1;
}

/// Parses the command line into `o`; returns an exit status to stop with.
std::optional<int> parseArguments(int argc, char **argv, Options &o) {
  for (int i = 1; i < argc; ++i) {
    std::string flag = argv[i];
    if (flag == "--help" || flag == "-h")
      return usage(stdout);
    if (flag.rfind("--", 0) != 0)
      return fail("unexpected argument '" + flag + "' (see --help)");
    if (i + 1 >= argc)
      return fail(flag + " needs a value (see --help)");
    std::string value = argv[++i];
    auto positive = [&](int64_t &into) -> bool {
      std::optional<int64_t> n = fashion::parseInteger(value);
      if (!n || *n < 1)
        return false;
      into = *n;
      return true;
    };
    if (flag == "--optimizer") {
      if (!fashion::isOptimizerName(value))
        return fail("--optimizer: " + fashion::unknownOptimizer(value));
      o.optimizer = value;
    } else if (flag == "--lr") {
      o.lr = fashion::parseNumber(value);
      if (!o.lr || *o.lr <= 0)
        return fail("--lr takes a positive number, got '" + value + "'");
    } else if (flag == "--batch") {
      if (!positive(o.batchSize))
        return fail("--batch takes a positive integer, got '" + value + "'");
    } else if (flag == "--epochs") {
      if (!positive(o.epochs))
        return fail("--epochs takes a positive integer, got '" + value + "'");
    } else if (flag == "--limit") {
      if (!positive(o.limit))
        return fail("--limit takes a positive integer, got '" + value + "'");
    } else if (flag == "--seed") {
      std::optional<int64_t> n = fashion::parseInteger(value);
      if (!n || *n < 0)
        return fail("--seed takes a non-negative integer, got '" + value +
                    "'");
      o.seed = uint64_t(*n);
    } else if (flag == "--data") {
      o.dataDir = value;
    } else if (flag == "--checkpoint") {
      o.checkpoint = value;
    } else if (flag == "--emit-mlir") {
      o.emitMlir = value;
    } else {
      return fail("unknown option '" + flag + "' (see --help)");
    }
  }
  return std::nullopt;
}

} // namespace

int main(int argc, char **argv) {
  using Clock = std::chrono::steady_clock;
  Options o;
  if (std::optional<int> status = parseArguments(argc, argv, o))
    return *status;
  const double lr = o.lr ? *o.lr : fashion::defaultLearningRate(o.optimizer);

  // The data first: a missing or malformed file is the likeliest mistake,
  // and it should not wait for a compilation.
  auto data = fashion::loadFashionMnist(o.dataDir, o.limit);
  if (!data)
    return fail(data.error());
  std::printf("Fashion-MNIST from %s: %lld training and %lld test images\n",
              o.dataDir.c_str(), (long long)data->train.size(),
              (long long)data->test.size());

  seed::MLP model;
  std::cout << model << "\n";
  nn::Traced program = fashion::traceClassifier(model, o.batchSize);
  if (!program)
    return fail(program.error());
  if (!o.emitMlir.empty()) {
    std::string error;
    if (!program->write(o.emitMlir, &error))
      return fail(error);
    std::printf("wrote the traced model to %s\n", o.emitMlir.c_str());
  }

  auto optimizer = fashion::makeOptimizer(o.optimizer, lr);
  if (!optimizer)
    return fail(optimizer.error());
  auto compileStart = Clock::now();
  auto compiled =
      sinter::compile(*program, *optimizer, sinter::Target::cpu());
  if (!compiled)
    return fail(compiled.error());
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
    return fail(result.error());

  if (!o.checkpoint.empty()) {
    if (auto saved = fashion::saveParameters(*compiled, *program, o.checkpoint);
        !saved)
      return fail(saved.error());
    std::printf("saved the parameters to %s\n", o.checkpoint.c_str());
  }
  const fashion::EpochResult &last = result->epochs.back();
  std::printf("final test accuracy: %.2f%% (%lld images)\n",
              100 * last.test.accuracy, (long long)last.test.samples);
  return 0;
}
