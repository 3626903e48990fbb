//===- fashion-experiment.cpp - Optimizers compared on Fashion-MNIST ------===//
//
// Trains the Fashion-MNIST classifier (FashionMnist.h) compiled for the CPU
// once per configuration of a grid — optimizer x batch size x learning
// rate — and writes what came of each:
//
//   OUT/results.md   a Markdown table: optimizer, lr, batch, final train
//                    loss, test accuracy, seconds
//   OUT/results.csv  the same, one row per configuration
//   OUT/curves.csv   the curves behind the plot (config, curve, epoch, value)
//   OUT/curves.svg   the training-loss and test-accuracy curves of every
//                    configuration, one line each
//
//   sinter-example-fashion-experiment [--optimizers LIST] [--batches LIST]
//       [--lrs LIST | --lrs OPT=LIST ...] [--epochs N] [--limit N]
//       [--seed N] [--data DIR] [--out DIR]
//
// Every configuration starts from the same initialisation and sees the same
// shuffles (--seed). A program is compiled once per (optimizer, batch): the
// learning rate is run-time state (optimizer.lr), so the grid's learning
// rates share it.
//
//===----------------------------------------------------------------------===//
#include "ExampleFlags.h"
#include "FashionMnist.h"
#include "FashionMnistPlot.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <system_error>
#include <vector>

namespace nn = sinter::nn;

namespace {

/// The default grid's learning rates: each optimizer's usual rate
/// (fashion::defaultLearningRate) and one a few times away from it, so that
/// the table shows how sensitive each is to the choice.
const std::map<std::string, std::vector<double>> kDefaultLearningRates = {
    {"sgd", {0.1, 0.03}},
    {"sgd-momentum", {0.03, 0.01}},
    {"adam", {3e-3, 1e-3}},
    {"rmsprop", {1e-3, 3e-4}},
};

struct Options {
  std::vector<std::string> optimizers = fashion::kOptimizerNames;
  std::vector<int64_t> batches = {64, 256};
  /// Per optimizer; kDefaultLearningRates where absent.
  std::map<std::string, std::vector<double>> learningRates;
  int64_t epochs = 2;
  int64_t limit = 0;
  int64_t seed = 0;
  std::string dataDir = fashion::kDefaultDataDir;
  std::string outDir = "fashion-experiment";
};

struct Run {
  std::string optimizer;
  double lr;
  int64_t batch;
  fashion::FitResult fit;
  double seconds; // training steps and per-epoch evaluations
};

/// What --help prints below the usage line.
std::string help() {
  return std::string(
             "  --optimizers LIST  of sgd, sgd-momentum, adam, rmsprop "
             "(default: all four)\n"
             "  --batches LIST     batch sizes (default 64,256)\n"
             "  --lrs LIST         learning rates for every optimizer, or\n"
             "  --lrs OPT=LIST     for one (repeatable); default: sgd "
             "0.1,0.03, sgd-momentum 0.03,0.01,\n"
             "                     adam 3e-3,1e-3, rmsprop 1e-3,3e-4\n"
             "  --epochs N         epochs per configuration (default 2)\n"
             "  --limit N          use the first N training and N test "
             "samples\n"
             "  --seed N           initialisation and shuffles (default 0)\n"
             "  --data DIR         the Fashion-MNIST IDX files (default ") +
         fashion::kDefaultDataDir +
         ")\n"
         "  --out DIR          where the results go (default "
         "./fashion-experiment)\n";
}

/// --optimizers LIST: optimizer names separated by commas, each once (a
/// configuration twice would be trained twice and drawn twice).
std::string readOptimizers(const std::string &list,
                           std::vector<std::string> &optimizers) {
  optimizers.clear();
  for (const std::string &name : example::splitList(list)) {
    if (!fashion::isOptimizerName(name))
      return "--optimizers: " + fashion::unknownOptimizer(name);
    if (std::count(optimizers.begin(), optimizers.end(), name))
      return "--optimizers " + list + ": '" + name + "' appears twice";
    optimizers.push_back(name);
  }
  return "";
}

/// --batches LIST: positive batch sizes separated by commas, each once.
std::string readBatches(const std::string &list,
                        std::vector<int64_t> &batches) {
  batches.clear();
  for (const std::string &field : example::splitList(list)) {
    std::optional<int64_t> b = example::parseInteger(field);
    if (!b || *b < 1)
      return "--batches takes positive batch sizes separated by commas, "
             "got '" + field + "' in '" + list + "'";
    if (std::count(batches.begin(), batches.end(), *b))
      return "--batches " + list + ": " + field + " appears twice";
    batches.push_back(*b);
  }
  return "";
}

/// Parses "0.1,0.03" into positive numbers, each once; the error starts
/// with `what`, the flag as given.
std::string parseRates(const std::string &what, const std::string &list,
                       std::vector<double> &rates) {
  rates.clear();
  for (const std::string &field : example::splitList(list)) {
    std::optional<double> lr = example::parseNumber(field);
    if (!lr || *lr <= 0)
      return what + ": learning rates are positive numbers separated by "
                    "commas, got '" + field + "'";
    if (std::count(rates.begin(), rates.end(), *lr))
      return what + ": " + field + " appears twice";
    rates.push_back(*lr);
  }
  return "";
}

/// --lrs LIST (every optimizer's rates, into `ratesForAll`) or --lrs
/// OPT=LIST (one optimizer's, into o.learningRates).
std::string readRates(const std::string &value, Options &o,
                      std::vector<double> &ratesForAll) {
  const std::string what = "--lrs " + value;
  size_t equals = value.find('=');
  if (equals == std::string::npos)
    return parseRates(what, value, ratesForAll);
  std::string name = value.substr(0, equals);
  if (!fashion::isOptimizerName(name))
    return what + ": " + fashion::unknownOptimizer(name);
  return parseRates(what, value.substr(equals + 1), o.learningRates[name]);
}

std::string number(const char *format, double v) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, format, v);
  return buffer;
}

std::string label(const Run &r) {
  return r.optimizer + " lr=" + number("%g", r.lr) + " batch " +
         std::to_string(r.batch);
}

const fashion::EpochResult &last(const Run &r) { return r.fit.epochs.back(); }

std::string markdownTable(const std::vector<Run> &runs, const Options &o,
                          int64_t trainSize, int64_t testSize) {
  std::ostringstream os;
  os << "# Fashion-MNIST: optimizers, batch sizes and learning rates\n\n"
     << "MLP 784-256-128-10, CrossEntropyLoss, compiled for the CPU; "
     << o.epochs << " epoch" << (o.epochs == 1 ? "" : "s") << " on "
     << trainSize << " training images, test accuracy on " << testSize
     << " test images; seed " << o.seed
     << ". Final train loss: the mean over the last epoch. Seconds: "
        "training steps and per-epoch evaluations, compilation excluded.\n\n"
     << "| optimizer | lr | batch | final train loss | test accuracy | "
        "seconds |\n"
     << "|---|---:|---:|---:|---:|---:|\n";
  size_t best = 0;
  for (size_t i = 0; i < runs.size(); ++i) {
    if (last(runs[i]).test.accuracy > last(runs[best]).test.accuracy)
      best = i;
    os << "| " << runs[i].optimizer << " | " << number("%g", runs[i].lr)
       << " | " << runs[i].batch << " | "
       << number("%.4f", last(runs[i]).trainLoss) << " | "
       << number("%.2f%%", 100 * last(runs[i]).test.accuracy) << " | "
       << number("%.1f", runs[i].seconds) << " |\n";
  }
  if (!runs.empty())
    os << "\nBest test accuracy: " << label(runs[best]) << ", "
       << number("%.2f%%", 100 * last(runs[best]).test.accuracy) << ".\n";
  return os.str();
}

std::string csvTable(const std::vector<Run> &runs) {
  std::ostringstream os;
  os << "optimizer,lr,batch,final_train_loss,test_accuracy,seconds\n";
  for (const Run &r : runs)
    os << r.optimizer << "," << number("%g", r.lr) << "," << r.batch << ","
       << number("%.6f", last(r).trainLoss) << ","
       << number("%.4f", 100 * last(r).test.accuracy) << ","
       << number("%.3f", r.seconds) << "\n";
  return os.str();
}

std::string curvesCsv(const std::vector<Run> &runs) {
  std::ostringstream os;
  os << "optimizer,lr,batch,curve,epoch,value\n";
  for (const Run &r : runs) {
    std::string key = r.optimizer + "," + number("%g", r.lr) + "," +
                      std::to_string(r.batch) + ",";
    for (const fashion::LossPoint &p : r.fit.lossCurve)
      os << key << "train_loss," << number("%.4f", p.epoch) << ","
         << number("%.6f", p.loss) << "\n";
    for (size_t e = 0; e < r.fit.testAccuracyCurve.size(); ++e)
      os << key << "test_accuracy," << e << ","
         << number("%.4f", 100 * r.fit.testAccuracyCurve[e]) << "\n";
  }
  return os.str();
}

/// The loss and accuracy charts. An optimizer keeps its hue in every
/// configuration; its learning rates are shades of it (the first the
/// darkest), its batch sizes dash patterns.
std::string curvesSvg(const std::vector<Run> &runs, const Options &o) {
  static const char *const hues[] = {"#1f77b4", "#ff7f0e", "#2ca02c",
                                     "#d62728"};
  static const char *const dashes[] = {"", "7 4", "2 3", "9 3 2 3"};
  auto shade = [](const std::string &hex, double towardsWhite) {
    unsigned r, g, b;
    std::sscanf(hex.c_str(), "#%02x%02x%02x", &r, &g, &b);
    auto mix = [&](unsigned c) {
      return unsigned(std::lround(c + (255 - c) * towardsWhite));
    };
    char out[8];
    std::snprintf(out, sizeof out, "#%02x%02x%02x", mix(r), mix(g), mix(b));
    return std::string(out);
  };
  fashion::plot::Chart loss{"Training loss", "epoch",
                            "cross-entropy (mean since the previous point)"};
  fashion::plot::Chart accuracy{"Test accuracy", "epoch", "accuracy"};
  loss.xRange = accuracy.xRange = fashion::plot::Range{0, double(o.epochs)};
  // Whole epochs, while they are few enough to label each.
  if (o.epochs <= 10)
    loss.xStep = accuracy.xStep = 1.0;
  // Chance level is ln 10 = 2.3; a diverging run would otherwise flatten
  // every other curve, so the loss axis stops a little above it.
  double highest = 0;
  for (const Run &r : runs)
    for (const fashion::LossPoint &p : r.fit.lossCurve)
      if (std::isfinite(p.loss))
        highest = std::max(highest, p.loss);
  loss.yRange = fashion::plot::Range{0, std::min(highest, 2.5)};
  accuracy.yUnit = "%";
  for (const Run &r : runs) {
    size_t hue = std::find(fashion::kOptimizerNames.begin(),
                           fashion::kOptimizerNames.end(), r.optimizer) -
                 fashion::kOptimizerNames.begin();
    const std::vector<double> &rates = o.learningRates.at(r.optimizer);
    size_t rate = std::find(rates.begin(), rates.end(), r.lr) - rates.begin();
    size_t batch = std::find(o.batches.begin(), o.batches.end(), r.batch) -
                   o.batches.begin();
    fashion::plot::Series s;
    s.label = label(r);
    s.color = shade(hues[hue % 4],
                    rates.size() > 1 ? 0.55 * double(rate) /
                                           double(rates.size() - 1)
                                     : 0.0);
    s.dash = dashes[batch % 4];
    for (const fashion::LossPoint &p : r.fit.lossCurve)
      s.points.push_back({p.epoch, p.loss});
    loss.series.push_back(s);
    s.points.clear();
    s.markers = true;
    for (size_t e = 0; e < r.fit.testAccuracyCurve.size(); ++e)
      s.points.push_back({double(e), 100 * r.fit.testAccuracyCurve[e]});
    accuracy.series.push_back(s);
  }
  // The accuracy axis spans the trained models' accuracies: the untrained
  // model's 10% at epoch 0 would squeeze the differences that matter into
  // the top of the chart, so its lines enter from below.
  std::optional<fashion::plot::Range> trained;
  for (const Run &r : runs)
    for (size_t e = 1; e < r.fit.testAccuracyCurve.size(); ++e) {
      double a = 100 * r.fit.testAccuracyCurve[e];
      if (!trained)
        trained = fashion::plot::Range{a, a};
      trained->low = std::min(trained->low, a);
      trained->high = std::max(trained->high, a);
    }
  accuracy.yRange = trained;
  return fashion::plot::renderSvg(
      "Fashion-MNIST MLP: optimizers, learning rates and batch sizes",
      {loss, accuracy});
}

bool writeFile(const std::string &path, const std::string &text,
               std::string &error) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  out.close();
  if (!out) {
    error = path + ": cannot write: " + std::strerror(errno);
    return false;
  }
  return true;
}

} // namespace

int main(int argc, char **argv) {
  using Clock = std::chrono::steady_clock;
  Options o;
  std::vector<double> ratesForAll;
  example::Flags flags("sinter-example-fashion-experiment", "[options]");
  flags.help(help());
  flags.custom("--optimizers", [&](const std::string &list) {
    return readOptimizers(list, o.optimizers);
  });
  flags.custom("--batches", [&](const std::string &list) {
    return readBatches(list, o.batches);
  });
  flags.custom("--lrs", [&](const std::string &value) {
    return readRates(value, o, ratesForAll);
  });
  flags.positiveInt("--epochs", &o.epochs);
  flags.positiveInt("--limit", &o.limit);
  flags.nonNegativeInt("--seed", &o.seed);
  flags.string("--data", &o.dataDir);
  flags.string("--out", &o.outDir);
  if (std::optional<int> status = flags.parse(argc, argv))
    return *status;
  // Rates for one optimizer win over rates for all, which win over the
  // defaults.
  for (const std::string &name : fashion::kOptimizerNames)
    if (!o.learningRates.count(name))
      o.learningRates[name] =
          ratesForAll.empty() ? kDefaultLearningRates.at(name) : ratesForAll;

  auto data = fashion::loadFashionMnist(o.dataDir, o.limit);
  if (!data)
    return flags.fail(data.error());
  std::error_code ec;
  std::filesystem::create_directories(o.outDir, ec);
  if (ec)
    return flags.fail(o.outDir +
                      ": cannot create the output directory: " + ec.message());
  size_t total = 0;
  for (const std::string &name : o.optimizers)
    total += o.learningRates[name].size() * o.batches.size();
  std::printf("Fashion-MNIST from %s: %lld training and %lld test images; "
              "%zu configurations, %lld epoch%s each\n",
              o.dataDir.c_str(), (long long)data->train.size(),
              (long long)data->test.size(), total, (long long)o.epochs,
              o.epochs == 1 ? "" : "s");
  std::fflush(stdout);

  std::vector<Run> runs;
  for (const std::string &name : o.optimizers) {
    for (int64_t batch : o.batches) {
      seed::MLP model;
      nn::Traced program = fashion::traceClassifier(model, batch);
      if (!program)
        return flags.fail(program.error());
      const std::vector<double> &rates = o.learningRates[name];
      auto compiled = fashion::compileClassifier(*program, name, rates.front());
      if (!compiled)
        return flags.fail(compiled.error());
      for (double lr : rates) {
        fashion::FitOptions fitOptions;
        fitOptions.batchSize = batch;
        fitOptions.epochs = o.epochs;
        fitOptions.seed = o.seed;
        // A bar that redraws in place helps on a terminal; in a log, the
        // one line per configuration below says enough.
        fitOptions.progressBar = ::isatty(STDERR_FILENO);
        auto start = Clock::now();
        auto fit = fashion::fit(*compiled, *data, fitOptions, lr);
        if (!fit)
          return flags.fail(name + " lr=" + number("%g", lr) + " batch " +
                            std::to_string(batch) + ": " + fit.error());
        runs.push_back({name, lr, batch, std::move(*fit),
                        std::chrono::duration<double>(Clock::now() - start)
                            .count()});
        const Run &r = runs.back();
        std::printf("[%zu/%zu] %-32s train loss %.4f, test accuracy %.2f%%, "
                    "%.1f s\n",
                    runs.size(), total, label(r).c_str(), last(r).trainLoss,
                    100 * last(r).test.accuracy, r.seconds);
        std::fflush(stdout);
      }
    }
  }

  std::string table = markdownTable(runs, o, data->train.size(),
                                    data->test.size());
  std::string error;
  const std::string dir = o.outDir + "/";
  if (!writeFile(dir + "results.md", table, error) ||
      !writeFile(dir + "results.csv", csvTable(runs), error) ||
      !writeFile(dir + "curves.csv", curvesCsv(runs), error) ||
      !writeFile(dir + "curves.svg", curvesSvg(runs, o), error))
    return flags.fail(error);
  std::printf("\n%s\nwrote %sresults.md, results.csv, curves.csv and "
              "curves.svg\n",
              table.c_str(), dir.c_str());
  return 0;
}
