//===- optim.h - Optimizers, as torch::optim spells them ------*- C++ -*-===//
//
// The optimizer of a training program and its hyper-parameters, written as
// LibTorch writes them:
//
//   auto adam = sinter::optim::Adam(sinter::optim::AdamOptions(1e-3).weight_decay(1e-4));
//   auto sgd  = sinter::optim::SGD(sinter::optim::SGDOptions(0.01).momentum(0.9));
//
// Plain data: sinter::compile turns it into the sinter-optimizer pass, which
// appends the update to the program as ops (torch.optim 1.13's formulas).
//
//===----------------------------------------------------------------------===//
#ifndef SINTER_OPTIM_H
#define SINTER_OPTIM_H

#include <string>
#include <utility>

namespace sinter {
namespace optim {

#define SINTER_OPTION(TYPE, NAME)                                             \
  auto &NAME(TYPE value) {                                                     \
    NAME##_ = value;                                                           \
    return *this;                                                              \
  }                                                                            \
  TYPE NAME() const { return NAME##_; }                                        \
  TYPE NAME##_

struct SGDOptions {
  explicit SGDOptions(double lr) : lr_(lr) {}
  SINTER_OPTION(double, lr);
  SINTER_OPTION(double, momentum) = 0.0;
  SINTER_OPTION(double, dampening) = 0.0;
  SINTER_OPTION(double, weight_decay) = 0.0;
  SINTER_OPTION(bool, nesterov) = false;
  SINTER_OPTION(bool, maximize) = false;
};

struct AdamOptions {
  explicit AdamOptions(double lr = 1e-3) : lr_(lr) {}
  SINTER_OPTION(double, lr);
  SINTER_OPTION(double, eps) = 1e-8;
  SINTER_OPTION(double, weight_decay) = 0.0;
  SINTER_OPTION(bool, amsgrad) = false;
  SINTER_OPTION(bool, maximize) = false;
  auto &betas(std::pair<double, double> b) {
    betas_ = b;
    return *this;
  }
  std::pair<double, double> betas() const { return betas_; }
  std::pair<double, double> betas_{0.9, 0.999};
};

struct AdamWOptions : AdamOptions {
  explicit AdamWOptions(double lr = 1e-3) : AdamOptions(lr) {
    weight_decay(1e-2);
  }
};

struct RMSpropOptions {
  explicit RMSpropOptions(double lr = 1e-2) : lr_(lr) {}
  SINTER_OPTION(double, lr);
  SINTER_OPTION(double, alpha) = 0.99;
  SINTER_OPTION(double, eps) = 1e-8;
  SINTER_OPTION(double, weight_decay) = 0.0;
  SINTER_OPTION(double, momentum) = 0.0;
  SINTER_OPTION(bool, centered) = false;
  SINTER_OPTION(bool, maximize) = false;
};

struct AdagradOptions {
  explicit AdagradOptions(double lr = 1e-2) : lr_(lr) {}
  SINTER_OPTION(double, lr);
  SINTER_OPTION(double, lr_decay) = 0.0;
  SINTER_OPTION(double, weight_decay) = 0.0;
  SINTER_OPTION(double, initial_accumulator_value) = 0.0;
  SINTER_OPTION(double, eps) = 1e-10;
  SINTER_OPTION(bool, maximize) = false;
};

#undef SINTER_OPTION

/// An optimizer choice: the options of the sinter-optimizer pass, spelled
/// out (`name=adam lr=0.001 ...`), so it prints and round-trips through
/// sinter-opt.
class Optimizer {
public:
  const std::string &passOptions() const { return options_; }
  double lr() const { return lr_; }

protected:
  Optimizer(std::string options, double lr)
      : options_(std::move(options)), lr_(lr) {}

private:
  std::string options_;
  double lr_;
};

class SGD : public Optimizer {
public:
  explicit SGD(const SGDOptions &o);
};
class Adam : public Optimizer {
public:
  explicit Adam(const AdamOptions &o = AdamOptions());

protected:
  Adam(const AdamOptions &o, const char *name);
};
class AdamW : public Adam {
public:
  explicit AdamW(const AdamWOptions &o = AdamWOptions());
};
class RMSprop : public Optimizer {
public:
  explicit RMSprop(const RMSpropOptions &o = RMSpropOptions());
};
class Adagrad : public Optimizer {
public:
  explicit Adagrad(const AdagradOptions &o = AdagradOptions());
};

} // namespace optim
} // namespace sinter

#endif // SINTER_OPTIM_H
