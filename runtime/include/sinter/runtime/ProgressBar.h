//===- ProgressBar.h - A one-line progress bar for training epochs -*- C++ -*-===//
//
//   epoch 1/5 [=======>            ] 23040/60000 loss 0.4312 12345 samples/s ETA 3s
//
// On a terminal the line is redrawn in place ('\r') at most every
// `minRedrawSeconds` (a clock check on each update, not a count of calls),
// and the end of the epoch leaves the final line with a newline. When the
// stream is not a terminal (a log file, a pipe), one line is printed each
// time another tenth of the epoch is done, plus the final one, so that logs
// stay readable. No threads: everything happens inside the calls.
//
//   sinter::ProgressBar bar(epochs, it->samplesPerEpoch());
//   for (int64_t e = 0; e < epochs; ++e) {
//     bar.beginEpoch(e);
//     while (auto b = it->next())
//       bar.step(b->size(), trainStep(*b));
//     bar.endEpoch();
//   }
//
//===----------------------------------------------------------------------===//
#ifndef SINTER_RUNTIME_PROGRESSBAR_H
#define SINTER_RUNTIME_PROGRESSBAR_H

#include <cstdint>
#include <cstdio>
#include <functional>
#include <optional>
#include <string>

namespace sinter {

struct ProgressBarOptions {
  /// Where the bar goes; stderr when null.
  std::FILE *stream = nullptr;
  /// Characters between the brackets.
  int barWidth = 20;
  /// Terminal mode: the least time between two redraws.
  double minRedrawSeconds = 0.1;
  /// Auto: Terminal when isatty(fileno(stream)), else Lines.
  enum class Mode { Auto, Terminal, Lines };
  Mode mode = Mode::Auto;
  /// Seconds on a monotonic clock; std::chrono::steady_clock when empty.
  /// Tests inject a fake one.
  std::function<double()> clock;
};

class ProgressBar {
public:
  /// `samplesPerEpoch` <= 0 means unknown: no bar, percentage or ETA.
  ProgressBar(int64_t epochs, int64_t samplesPerEpoch,
              ProgressBarOptions options = {});
  /// Ends a line left open on a terminal.
  ~ProgressBar();
  ProgressBar(const ProgressBar &) = delete;
  ProgressBar &operator=(const ProgressBar &) = delete;

  /// Starts epoch `epoch`, counted from 0 (shown as epoch + 1, as
  /// BatchIterator::epoch() counts): progress 0, the clock restarted.
  void beginEpoch(int64_t epoch);
  /// Advances by a batch of `samples` whose mean loss is `loss`; the bar
  /// shows the epoch's running mean loss, weighted by samples.
  void step(int64_t samples, double loss);
  /// Sets the progress to `samplesDone` and the shown loss to `loss`.
  void update(int64_t samplesDone, std::optional<double> loss = std::nullopt);
  /// Prints the final line of the epoch (the elapsed time instead of the
  /// ETA) and a newline.
  void endEpoch();

  /// Whether the bar redraws in place.
  bool terminal() const { return terminal_; }
  /// The current line, without '\r' or '\n'.
  std::string line() const;

private:
  double now() const;
  void draw(bool final);

  int64_t epochs_;
  int64_t total_;
  ProgressBarOptions options_;
  std::FILE *stream_;
  bool terminal_ = false;

  int64_t epoch_ = 0;
  int64_t done_ = 0;
  std::optional<double> loss_;
  double lossSum_ = 0;
  int64_t lossSamples_ = 0;
  double start_ = 0;
  double lastDraw_ = 0;
  bool drawn_ = false;
  bool open_ = false; // a terminal line without its newline
  bool ended_ = true;
  int lastTenth_ = 0;
  size_t lastLength_ = 0;
  double finalElapsed_ = 0;
};

} // namespace sinter

#endif // SINTER_RUNTIME_PROGRESSBAR_H
