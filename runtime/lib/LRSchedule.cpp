//===- LRSchedule.cpp - Learning-rate schedules ---------------------------===//
#include "sinter/runtime/LRSchedule.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <vector>

namespace sinter {

double StepLR::lr(double baseLR, int64_t t) const {
  return baseLR * std::pow(gamma, double(t / stepSize));
}

std::string StepLR::describe() const {
  std::ostringstream os;
  os << "StepLR(step_size=" << stepSize << ", gamma=" << gamma << ")";
  return os.str();
}

double CosineAnnealingLR::lr(double baseLR, int64_t t) const {
  const double pi = 3.14159265358979323846;
  return etaMin +
         (baseLR - etaMin) * (1 + std::cos(pi * double(t) / double(tMax))) / 2;
}

std::string CosineAnnealingLR::describe() const {
  std::ostringstream os;
  os << "CosineAnnealingLR(T_max=" << tMax << ", eta_min=" << etaMin << ")";
  return os.str();
}

double LinearLR::lr(double baseLR, int64_t t) const {
  double progress = double(std::min(t, totalIters)) / double(totalIters);
  return baseLR * (startFactor + (endFactor - startFactor) * progress);
}

std::string LinearLR::describe() const {
  std::ostringstream os;
  os << "LinearLR(start_factor=" << startFactor
     << ", end_factor=" << endFactor << ", total_iters=" << totalIters << ")";
  return os.str();
}

std::unique_ptr<LRSchedule> LRSchedule::parse(const std::string &spec,
                                              std::string &error) {
  std::vector<std::string> parts;
  std::stringstream ss(spec);
  for (std::string part; std::getline(ss, part, ':');)
    parts.push_back(part);
  auto number = [&](size_t i, double fallback, double &out) {
    if (i >= parts.size()) {
      out = fallback;
      return true;
    }
    char *end = nullptr;
    out = std::strtod(parts[i].c_str(), &end);
    if (parts[i].empty() || *end != '\0' || !std::isfinite(out)) {
      error = "'" + parts[i] + "' in learning-rate schedule '" + spec +
              "' is not a number";
      return false;
    }
    return true;
  };
  auto arity = [&](size_t lo, size_t hi) {
    if (parts.size() < lo || parts.size() > hi) {
      error = "learning-rate schedule '" + spec + "' takes " +
              std::to_string(lo - 1) + " to " + std::to_string(hi - 1) +
              " numbers";
      return false;
    }
    return true;
  };
  const std::string usage =
      " (expected constant, step:STEP_SIZE[:GAMMA], cosine:T_MAX[:ETA_MIN] "
      "or warmup:TOTAL_ITERS[:START_FACTOR[:END_FACTOR]])";
  if (parts.empty()) {
    error = "empty learning-rate schedule" + usage;
    return nullptr;
  }
  const std::string &kind = parts[0];
  double a, b, c;
  if (kind == "constant" && arity(1, 1))
    return std::make_unique<ConstantLR>();
  if (kind == "step" && arity(2, 3) && number(1, 0, a) && number(2, 0.1, b)) {
    if (a < 1 || a != std::floor(a)) {
      error = "StepLR step_size must be a positive integer, got " + parts[1];
      return nullptr;
    }
    return std::make_unique<StepLR>(int64_t(a), b);
  }
  if (kind == "cosine" && arity(2, 3) && number(1, 0, a) && number(2, 0, b)) {
    if (a < 1 || a != std::floor(a)) {
      error = "CosineAnnealingLR T_max must be a positive integer, got " +
              parts[1];
      return nullptr;
    }
    return std::make_unique<CosineAnnealingLR>(int64_t(a), b);
  }
  if (kind == "warmup" && arity(2, 4) && number(1, 0, a) &&
      number(2, 1.0 / 3, b) && number(3, 1.0, c)) {
    if (a < 1 || a != std::floor(a)) {
      error = "LinearLR total_iters must be a positive integer, got " +
              parts[1];
      return nullptr;
    }
    if (b <= 0 || b > 1 || c < 0 || c > 1) {
      error = "LinearLR factors must lie in (0, 1] (start) and [0, 1] (end)";
      return nullptr;
    }
    return std::make_unique<LinearLR>(b, c, int64_t(a));
  }
  if (error.empty())
    error = "unknown learning-rate schedule '" + spec + "'" + usage;
  return nullptr;
}

} // namespace sinter
