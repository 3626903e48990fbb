//===- ProgressBar.cpp - A one-line progress bar for training epochs -------===//
#include "sinter/runtime/ProgressBar.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <unistd.h>

namespace sinter {

namespace {

/// "3s", "4m05s", "2h07m": whole seconds, rounded up (an ETA).
std::string formatEta(double seconds) {
  if (!(seconds >= 0) || seconds > 1e9)
    return "?";
  long long s = static_cast<long long>(std::ceil(seconds));
  char buf[48];
  if (s < 60)
    std::snprintf(buf, sizeof(buf), "%llds", s);
  else if (s < 3600)
    std::snprintf(buf, sizeof(buf), "%lldm%02llds", s / 60, s % 60);
  else
    std::snprintf(buf, sizeof(buf), "%lldh%02lldm", s / 3600, (s % 3600) / 60);
  return buf;
}

/// "4.9s" below a minute, else as formatEta.
std::string formatElapsed(double seconds) {
  if (seconds < 60) {
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%.1fs", std::max(0.0, seconds));
    return buf;
  }
  return formatEta(seconds);
}

} // namespace

ProgressBar::ProgressBar(int64_t epochs, int64_t samplesPerEpoch,
                         ProgressBarOptions options)
    : epochs_(epochs), total_(samplesPerEpoch), options_(std::move(options)) {
  stream_ = options_.stream ? options_.stream : stderr;
  switch (options_.mode) {
  case ProgressBarOptions::Mode::Terminal:
    terminal_ = true;
    break;
  case ProgressBarOptions::Mode::Lines:
    terminal_ = false;
    break;
  case ProgressBarOptions::Mode::Auto:
    terminal_ = isatty(fileno(stream_)) == 1;
    break;
  }
  if (options_.barWidth < 1)
    options_.barWidth = 1;
}

ProgressBar::~ProgressBar() {
  if (open_) {
    std::fputc('\n', stream_);
    std::fflush(stream_);
  }
}

double ProgressBar::now() const {
  if (options_.clock)
    return options_.clock();
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}

void ProgressBar::beginEpoch(int64_t epoch) {
  if (open_) {
    std::fputc('\n', stream_);
    open_ = false;
  }
  epoch_ = epoch;
  done_ = 0;
  loss_.reset();
  lossSum_ = 0;
  lossSamples_ = 0;
  start_ = now();
  lastDraw_ = start_;
  drawn_ = false;
  ended_ = false;
  lastTenth_ = 0;
  lastLength_ = 0;
  finalElapsed_ = 0;
}

void ProgressBar::step(int64_t samples, double loss) {
  if (samples > 0) {
    lossSum_ += loss * static_cast<double>(samples);
    lossSamples_ += samples;
  }
  std::optional<double> mean;
  if (lossSamples_ > 0)
    mean = lossSum_ / static_cast<double>(lossSamples_);
  update(done_ + std::max<int64_t>(samples, 0), mean);
}

void ProgressBar::update(int64_t samplesDone, std::optional<double> loss) {
  done_ = std::max<int64_t>(samplesDone, 0);
  if (loss)
    loss_ = loss;
  if (ended_)
    return;
  if (terminal_) {
    double t = now();
    if (!drawn_ || t - lastDraw_ >= options_.minRedrawSeconds) {
      lastDraw_ = t;
      draw(false);
    }
    return;
  }
  if (total_ <= 0)
    return;
  int tenth = static_cast<int>(
      std::min<int64_t>(10, done_ * 10 / std::max<int64_t>(total_, 1)));
  if (tenth > lastTenth_ && tenth < 10) {
    lastTenth_ = tenth;
    draw(false);
  }
}

void ProgressBar::endEpoch() {
  if (ended_)
    return;
  finalElapsed_ = now() - start_;
  ended_ = true;
  draw(true);
}

std::string ProgressBar::line() const {
  std::string s = "epoch " + std::to_string(epoch_ + 1) + "/" +
                  std::to_string(epochs_);
  const double elapsed = ended_ ? finalElapsed_ : now() - start_;
  if (total_ > 0) {
    const int w = options_.barWidth;
    const int64_t shown = std::min(done_, total_);
    int filled = static_cast<int>(shown * w / total_);
    s += " [";
    if (filled >= w) {
      s.append(static_cast<size_t>(w), '=');
    } else {
      s.append(static_cast<size_t>(filled), '=');
      s += '>';
      s.append(static_cast<size_t>(w - filled - 1), ' ');
    }
    s += "] ";
    std::string totalStr = std::to_string(total_);
    std::string doneStr = std::to_string(done_);
    if (doneStr.size() < totalStr.size())
      s.append(totalStr.size() - doneStr.size(), ' ');
    s += doneStr + "/" + totalStr;
  } else {
    s += " " + std::to_string(done_) + " samples";
  }
  if (loss_) {
    char buf[48];
    std::snprintf(buf, sizeof(buf), " loss %.4f", *loss_);
    s += buf;
  }
  if (elapsed > 0 && done_ > 0) {
    const double rate = static_cast<double>(done_) / elapsed;
    char buf[48];
    std::snprintf(buf, sizeof(buf), " %.0f samples/s", rate);
    s += buf;
    if (ended_)
      s += " time " + formatElapsed(elapsed);
    else if (total_ > 0 && done_ < total_)
      s += " ETA " + formatEta(static_cast<double>(total_ - done_) / rate);
  } else if (ended_) {
    s += " time " + formatElapsed(elapsed);
  }
  return s;
}

void ProgressBar::draw(bool final) {
  std::string s = line();
  if (terminal_) {
    std::string out = "\r" + s;
    // Blank out what is left of a longer previous line.
    if (lastLength_ > s.size())
      out.append(lastLength_ - s.size(), ' ');
    lastLength_ = s.size();
    if (final)
      out += '\n';
    std::fputs(out.c_str(), stream_);
    open_ = !final;
  } else {
    std::fputs((s + "\n").c_str(), stream_);
  }
  drawn_ = true;
  std::fflush(stream_);
}

} // namespace sinter
