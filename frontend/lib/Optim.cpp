//===- Optim.cpp - Optimizer choices as sinter-optimizer options ----------===//
#include "sinter/optim.h"

#include <cstdio>

namespace sinter {
namespace optim {
namespace {

/// Round-trip precision: the pass sees exactly the double the user wrote.
std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

std::string flag(bool v) { return v ? "true" : "false"; }

} // namespace

SGD::SGD(const SGDOptions &o)
    : Optimizer("name=sgd lr=" + number(o.lr()) +
                    " momentum=" + number(o.momentum()) +
                    " dampening=" + number(o.dampening()) +
                    " weight-decay=" + number(o.weight_decay()) +
                    " nesterov=" + flag(o.nesterov()) +
                    " maximize=" + flag(o.maximize()),
                o.lr()) {}

Adam::Adam(const AdamOptions &o, const char *name)
    : Optimizer(std::string("name=") + name + " lr=" + number(o.lr()) +
                    " beta1=" + number(o.betas().first) +
                    " beta2=" + number(o.betas().second) +
                    " eps=" + number(o.eps()) +
                    " weight-decay=" + number(o.weight_decay()) +
                    " amsgrad=" + flag(o.amsgrad()) +
                    " maximize=" + flag(o.maximize()),
                o.lr()) {}

Adam::Adam(const AdamOptions &o) : Adam(o, "adam") {}

AdamW::AdamW(const AdamWOptions &o) : Adam(o, "adamw") {}

RMSprop::RMSprop(const RMSpropOptions &o)
    : Optimizer("name=rmsprop lr=" + number(o.lr()) +
                    " alpha=" + number(o.alpha()) + " eps=" + number(o.eps()) +
                    " weight-decay=" + number(o.weight_decay()) +
                    " momentum=" + number(o.momentum()) +
                    " centered=" + flag(o.centered()) +
                    " maximize=" + flag(o.maximize()),
                o.lr()) {}

Adagrad::Adagrad(const AdagradOptions &o)
    : Optimizer("name=adagrad lr=" + number(o.lr()) +
                    " lr-decay=" + number(o.lr_decay()) +
                    " weight-decay=" + number(o.weight_decay()) +
                    " initial-accumulator-value=" +
                    number(o.initial_accumulator_value()) +
                    " eps=" + number(o.eps()) +
                    " maximize=" + flag(o.maximize()),
                o.lr()) {}

} // namespace optim
} // namespace sinter
