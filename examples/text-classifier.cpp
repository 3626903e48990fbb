//===- text-classifier.cpp - Which section is a Debian package in? -------===//
//
// Text classification on real text that ships with the system: the
// one-line descriptions of Debian's packages ("Real-time strategy game of
// ancient warfare", "Molecular dynamics simulator", "IRC client for
// X11"...), from apt's package lists, classified into three sections of
// the archive: games, science and net.
//
//   sinter-example-text-classifier [--packages FILE] [--epochs N]
//                                  [--target interp|cpu]
//
// The packages come from `apt-cache dumpavail`, or from FILE in its format
// (stanzas of "Field: value" lines, one per package, blank lines between).
//
// The pipeline, as the tutorials build it:
//   1. tokenize each description into lowercase words;
//   2. split the packages into train (80%) and test (20%), at random but
//      reproducibly;
//   3. build the vocabulary from the train split only (words in at least
//      two descriptions, the 2000 most frequent; the rest map to <unk>);
//   4. turn each description into a bag of words: a vector with a 1 for
//      each vocabulary word it contains;
//   5. train an MLP on those vectors with CrossEntropyLoss and Adam, in
//      shuffled batches of 64;
//   6. report the accuracy on the train and the held-out test split.
//
//===----------------------------------------------------------------------===//
#include "ExampleFlags.h"
#include "sinter/Compile.h"
#include "sinter/nn.h"
#include "sinter/runtime/Dataset.h"
#include "sinter/runtime/ProgressBar.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace nn = sinter::nn;
namespace F = sinter::nn::functional;
namespace optim = sinter::optim;
using HostTensor = sinter::Tensor;

namespace {

/// The classes: sections of the Debian archive whose descriptions use
/// rather different words.
const std::array<std::string, 3> kSections = {"games", "science", "net"};
constexpr int64_t kMaxVocabulary = 2000;
constexpr int64_t kMinDocumentFrequency = 2;
constexpr int64_t kHidden = 64;
constexpr int64_t kBatchSize = 64;
constexpr uint64_t kSplitSeed = 0;

// The classifier: bag of words -> Linear -> ReLU -> Linear -> class logits.
struct BagOfWordsClassifierImpl : nn::Module {
  BagOfWordsClassifierImpl(int64_t vocabulary, int64_t hidden,
                           int64_t classes) {
    fc1 = register_module("fc1", nn::Linear(vocabulary, hidden));
    fc2 = register_module("fc2", nn::Linear(hidden, classes));
  }
  nn::Tensor forward(const nn::Tensor &words) {
    return fc2(F::relu(fc1(words)));
  }
  nn::Linear fc1{nullptr}, fc2{nullptr};
};
SINTER_MODULE(BagOfWordsClassifier);

struct Package {
  std::string description;
  int64_t label; // index into kSections
};

/// The index of `section` in kSections, or -1. A section outside the main
/// component is written "contrib/games"; the component is dropped.
int64_t sectionLabel(std::string section) {
  section = section.substr(section.rfind('/') + 1);
  for (size_t i = 0; i < kSections.size(); ++i)
    if (section == kSections[i])
      return static_cast<int64_t>(i);
  return -1;
}

/// Reads package stanzas from `stream` and keeps those of kSections, once
/// per package name (the lists name a package once per version) and once
/// per description.
std::vector<Package> readPackages(std::FILE *stream) {
  std::map<std::string, Package> byName;
  std::string name, section, description;
  auto endStanza = [&] {
    int64_t label = sectionLabel(section);
    if (!name.empty() && !description.empty() && label >= 0)
      byName.emplace(name, Package{description, label});
    name.clear();
    section.clear();
    description.clear();
  };
  char *buffer = nullptr;
  size_t capacity = 0;
  ssize_t length;
  while ((length = getline(&buffer, &capacity, stream)) != -1) {
    std::string line(buffer, static_cast<size_t>(length));
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r'))
      line.pop_back();
    if (line.empty()) {
      endStanza();
      continue;
    }
    auto value = [&](const char *field) -> const char * {
      size_t n = std::strlen(field);
      if (line.compare(0, n, field) != 0)
        return nullptr;
      return line.c_str() + std::min(line.size(), n + 1); // skip ": "
    };
    if (const char *v = value("Package:"))
      name = v;
    else if (const char *v = value("Section:"))
      section = v;
    else if (const char *v = value("Description:"))
      description = v; // the one-line summary; the long text is not used
  }
  endStanza();
  std::free(buffer);
  // Packages built from one source often share a description; one copy
  // is kept, so that no test description is also a train description.
  std::vector<Package> packages;
  std::set<std::string> descriptions;
  for (auto &entry : byName)
    if (descriptions.insert(entry.second.description).second)
      packages.push_back(std::move(entry.second));
  return packages; // sorted by name
}

/// Lowercase runs of letters and digits.
std::vector<std::string> tokenize(const std::string &text) {
  std::vector<std::string> words;
  std::string word;
  for (char c : text + " ") {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!word.empty()) {
      words.push_back(word);
      word.clear();
    }
  }
  return words;
}

/// Word -> index. Index 0 is <unk>, for every word not in the vocabulary.
using Vocabulary = std::map<std::string, int64_t>;

/// The words in at least kMinDocumentFrequency descriptions of `train`,
/// the kMaxVocabulary most frequent (ties in alphabetical order).
Vocabulary buildVocabulary(const std::vector<Package> &train) {
  std::map<std::string, int64_t> documentFrequency;
  for (const Package &p : train) {
    auto words = tokenize(p.description);
    for (const std::string &w :
         std::set<std::string>(words.begin(), words.end()))
      ++documentFrequency[w];
  }
  std::vector<std::pair<int64_t, std::string>> ranked;
  for (const auto &[word, count] : documentFrequency)
    if (count >= kMinDocumentFrequency)
      ranked.push_back({-count, word});
  std::sort(ranked.begin(), ranked.end());
  if (static_cast<int64_t>(ranked.size()) > kMaxVocabulary)
    ranked.resize(kMaxVocabulary);
  Vocabulary vocabulary;
  for (size_t i = 0; i < ranked.size(); ++i)
    vocabulary[ranked[i].second] = static_cast<int64_t>(i) + 1;
  return vocabulary;
}

/// The bags of words float32[N, vocabulary size + 1] and the labels
/// int64[N], as a Dataset {"words", "labels"}.
sinter::Dataset encode(const std::vector<Package> &packages,
                       const Vocabulary &vocabulary) {
  int64_t n = static_cast<int64_t>(packages.size());
  int64_t width = static_cast<int64_t>(vocabulary.size()) + 1;
  HostTensor words(sinter::DType::F32, {n, width});
  HostTensor labels(sinter::DType::I64, {n});
  for (int64_t i = 0; i < n; ++i) {
    for (const std::string &w : tokenize(packages[i].description)) {
      auto it = vocabulary.find(w);
      int64_t column = it == vocabulary.end() ? 0 : it->second;
      words.data<float>()[i * width + column] = 1;
    }
    labels.data<int64_t>()[i] = packages[i].label;
  }
  return sinter::Dataset{{"words", "labels"}, {words, labels}};
}

/// The model's predicted class of every sample of `data`, in order.
sinter::Expected<std::vector<int64_t>> predictAll(sinter::CompiledModel &model,
                                                  const sinter::Dataset &data) {
  auto batches = sinter::BatchIterator::create(data, {kBatchSize});
  if (!batches)
    return sinter::Error{batches.error()};
  std::vector<int64_t> predicted;
  while (auto batch = batches->next()) {
    auto logits = model.predict({batch->columns[0]});
    if (!logits)
      return sinter::Error{logits.error()};
    const HostTensor &l = (*logits)[0];
    int64_t classes = l.dim(1);
    for (int64_t i = 0; i < l.dim(0); ++i) {
      const float *row = l.data<float>() + i * classes;
      predicted.push_back(std::max_element(row, row + classes) - row);
    }
  }
  return predicted;
}

double accuracy(const std::vector<int64_t> &predicted,
                const sinter::Dataset &data) {
  const int64_t *labels = data.columns[1].data<int64_t>();
  int64_t correct = 0;
  for (size_t i = 0; i < predicted.size(); ++i)
    correct += predicted[i] == labels[i];
  return 100.0 * correct / static_cast<double>(predicted.size());
}

void printCounts(const char *split, const std::vector<Package> &packages) {
  std::array<int64_t, 3> counts{};
  for (const Package &p : packages)
    ++counts[p.label];
  std::printf("%-5s %5zu packages:", split, packages.size());
  for (size_t c = 0; c < kSections.size(); ++c)
    std::printf("  %s %lld", kSections[c].c_str(), (long long)counts[c]);
  std::printf("\n");
}

/// Which section the model takes the test packages of each section for.
void printConfusion(const std::vector<Package> &test,
                    const std::vector<int64_t> &predicted) {
  std::printf("test confusion (rows: true section, columns: predicted):\n");
  std::printf("%10s", "");
  for (const std::string &s : kSections)
    std::printf("%9s", s.c_str());
  std::printf("\n");
  for (size_t t = 0; t < kSections.size(); ++t) {
    std::printf("%10s", kSections[t].c_str());
    for (size_t p = 0; p < kSections.size(); ++p) {
      int64_t count = 0;
      for (size_t i = 0; i < test.size(); ++i)
        count += test[i].label == int64_t(t) && predicted[i] == int64_t(p);
      std::printf("%9lld", (long long)count);
    }
    std::printf("\n");
  }
}

} // namespace

int main(int argc, char **argv) {
  sinter::Target target = sinter::Target::cpu();
  std::string packagesFile; // empty: run apt-cache dumpavail
  int64_t epochs = 5;
  example::Flags flags("sinter-example-text-classifier",
                       "[--packages FILE] [--epochs N] [--target interp|cpu]");
  flags.string("--packages", &packagesFile);
  flags.positiveInt("--epochs", &epochs);
  flags.target(&target);
  if (std::optional<int> status = flags.parse(argc, argv))
    return *status;

  // 1. The packages of the three sections.
  std::vector<Package> packages;
  std::string source =
      packagesFile.empty() ? "`apt-cache dumpavail`" : packagesFile;
  if (packagesFile.empty()) {
    std::FILE *pipe = popen("apt-cache dumpavail", "r");
    if (!pipe)
      return flags.fail("cannot run apt-cache dumpavail");
    packages = readPackages(pipe);
    if (pclose(pipe) != 0)
      return flags.fail(
          "`apt-cache dumpavail` failed (is this a Debian system? "
          "--packages FILE reads a file in its format instead)");
  } else {
    std::FILE *file = std::fopen(packagesFile.c_str(), "r");
    if (!file)
      return flags.fail("cannot open '" + packagesFile +
                        "': " + std::strerror(errno));
    packages = readPackages(file);
    bool readError = std::ferror(file);
    std::fclose(file);
    if (readError)
      return flags.fail("cannot read '" + packagesFile + "'");
  }
  printCounts("all", packages);
  for (size_t c = 0; c < kSections.size(); ++c)
    if (std::none_of(packages.begin(), packages.end(),
                     [&](const Package &p) { return p.label == int64_t(c); }))
      return flags.fail(source + " lists no package of section '" +
                        kSections[c] +
                        "': apt's package lists are empty or incomplete; run "
                        "`apt-get update` as root first");

  // 2. A reproducible 80/20 split: BatchIterator's permutation is the same
  // with every standard library.
  std::vector<int64_t> order = sinter::BatchIterator::permutation(
      static_cast<int64_t>(packages.size()), kSplitSeed, /*epoch=*/0);
  size_t testSize = packages.size() / 5;
  std::vector<Package> train, test;
  for (size_t i = 0; i < order.size(); ++i)
    (i < testSize ? test : train).push_back(packages[order[i]]);
  printCounts("train", train);
  printCounts("test", test);

  // 3 and 4. The vocabulary (train split only) and the bags of words.
  Vocabulary vocabulary = buildVocabulary(train);
  int64_t width = static_cast<int64_t>(vocabulary.size()) + 1;
  std::printf("vocabulary: %lld words and <unk>\n",
              (long long)vocabulary.size());
  sinter::Dataset trainData = encode(train, vocabulary);
  sinter::Dataset testData = encode(test, vocabulary);

  // 5. The model, traced with a batch of up to 64 and compiled.
  BagOfWordsClassifier model(width, kHidden,
                             static_cast<int64_t>(kSections.size()));
  std::cout << model << "\n";
  auto program = nn::trace(
      model, nn::CrossEntropyLoss(),
      {nn::Input("words", {nn::Batch::upTo(kBatchSize), width}),
       nn::Input("labels", {nn::Batch::upTo(kBatchSize)}, sinter::DType::I64)});
  if (!program)
    return flags.fail(program.error());
  auto compiled =
      sinter::compile(*program, optim::Adam(optim::AdamOptions(1e-3)), target);
  if (!compiled)
    return flags.fail(compiled.error());
  if (auto ok = compiled->init(/*seed=*/0); !ok)
    return flags.fail(ok.error());

  auto batches = sinter::BatchIterator::create(
      trainData, {kBatchSize, /*shuffle=*/true, /*seed=*/0});
  if (!batches)
    return flags.fail(batches.error());
  sinter::ProgressBar bar(epochs, batches->samplesPerEpoch());
  std::vector<int64_t> testPredictions;
  for (int epoch = 0; epoch < epochs; ++epoch) {
    batches->reset(epoch);
    bar.beginEpoch(epoch);
    double lossSum = 0;
    while (auto batch = batches->next()) {
      auto loss = compiled->train_step(batch->columns);
      if (!loss)
        return flags.fail(loss.error());
      lossSum += loss->data<float>()[0] * batch->size();
      bar.step(batch->size(), loss->data<float>()[0]);
    }
    bar.endEpoch();

    // 6. Accuracy on both splits (in eval mode; nothing changes).
    auto trainPredicted = predictAll(*compiled, trainData);
    auto testPredicted = predictAll(*compiled, testData);
    if (!trainPredicted)
      return flags.fail(trainPredicted.error());
    if (!testPredicted)
      return flags.fail(testPredicted.error());
    std::printf("epoch %d/%d  loss %.4f  train accuracy %.1f%%  "
                "test accuracy %.1f%%\n",
                epoch + 1, int(epochs), lossSum / trainData.size(),
                accuracy(*trainPredicted, trainData),
                accuracy(*testPredicted, testData));
    testPredictions = *testPredicted;
  }
  printConfusion(test, testPredictions);
  return 0;
}
