//===- LRSchedule.h - Learning-rate schedules as torch.optim has them -*- C++ -*-===//
//
// The learning rate of a Sinter training program is named state
// (`optimizer.lr`), read by every step, so a schedule is host code that
// writes it between steps: no recompilation. Each schedule gives the rate for
// a step count `t` (PyTorch's `last_epoch`: how many times scheduler.step()
// was called), in the closed forms of torch.optim.lr_scheduler.
//
//===----------------------------------------------------------------------===//
#ifndef SINTER_RUNTIME_LRSCHEDULE_H
#define SINTER_RUNTIME_LRSCHEDULE_H

#include <cstdint>
#include <memory>
#include <string>

namespace sinter {

class LRSchedule {
public:
  virtual ~LRSchedule() = default;
  /// The learning rate after `t` scheduler steps, from `baseLR`.
  virtual double lr(double baseLR, int64_t t) const = 0;
  /// PyTorch's spelling, e.g. "StepLR(step_size=30, gamma=0.1)".
  virtual std::string describe() const = 0;

  /// Parses the command-line form:
  ///   constant | step:STEP_SIZE[:GAMMA] | cosine:T_MAX[:ETA_MIN]
  ///   | warmup:TOTAL_ITERS[:START_FACTOR[:END_FACTOR]]
  /// Returns null and sets `error` on a malformed spec.
  static std::unique_ptr<LRSchedule> parse(const std::string &spec,
                                           std::string &error);
};

/// torch.optim.lr_scheduler.StepLR: base * gamma^(t / step_size).
class StepLR : public LRSchedule {
public:
  StepLR(int64_t stepSize, double gamma = 0.1)
      : stepSize(stepSize), gamma(gamma) {}
  double lr(double baseLR, int64_t t) const override;
  std::string describe() const override;

private:
  int64_t stepSize;
  double gamma;
};

/// torch.optim.lr_scheduler.CosineAnnealingLR (closed form):
/// eta_min + (base - eta_min) * (1 + cos(pi * t / T_max)) / 2.
class CosineAnnealingLR : public LRSchedule {
public:
  CosineAnnealingLR(int64_t tMax, double etaMin = 0.0)
      : tMax(tMax), etaMin(etaMin) {}
  double lr(double baseLR, int64_t t) const override;
  std::string describe() const override;

private:
  int64_t tMax;
  double etaMin;
};

/// torch.optim.lr_scheduler.LinearLR, the usual linear warm-up:
/// base * (start + (end - start) * min(t, total_iters) / total_iters).
class LinearLR : public LRSchedule {
public:
  LinearLR(double startFactor = 1.0 / 3, double endFactor = 1.0,
           int64_t totalIters = 5)
      : startFactor(startFactor), endFactor(endFactor),
        totalIters(totalIters) {}
  double lr(double baseLR, int64_t t) const override;
  std::string describe() const override;

private:
  double startFactor, endFactor;
  int64_t totalIters;
};

/// The rate never changes.
class ConstantLR : public LRSchedule {
public:
  double lr(double baseLR, int64_t) const override { return baseLR; }
  std::string describe() const override { return "constant"; }
};

} // namespace sinter

#endif // SINTER_RUNTIME_LRSCHEDULE_H
