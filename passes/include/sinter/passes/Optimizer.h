//===- Optimizer.h - torch.optim as a graph transformation ----*- C++ -*-===//
#ifndef SINTER_PASSES_OPTIMIZER_H
#define SINTER_PASSES_OPTIMIZER_H

#include "mlir/IR/BuiltinOps.h"

#include <limits>
#include <string>

namespace mlir::sinter {

/// An optimizer and its hyper-parameters, named as torch.optim names them.
/// NaN means "torch.optim's default for this optimizer".
struct OptimizerConfig {
  enum class Kind { SGD, Adam, AdamW, RMSprop, Adagrad };
  Kind kind = Kind::SGD;
  double lr = std::numeric_limits<double>::quiet_NaN();
  double momentum = 0.0, dampening = 0.0;
  bool nesterov = false;
  double weightDecay = std::numeric_limits<double>::quiet_NaN();
  bool maximize = false;
  double beta1 = 0.9, beta2 = 0.999;
  double eps = std::numeric_limits<double>::quiet_NaN();
  bool amsgrad = false;
  double alpha = 0.99;
  bool centered = false;
  double lrDecay = 0.0, initialAccumulatorValue = 0.0;

  /// Parses "sgd", "adam", "adamw", "rmsprop", "adagrad".
  static bool parseKind(const std::string &name, Kind &kind);
  /// Fills in torch.optim's defaults and checks the values as torch.optim's
  /// constructors do; on failure `error` names the rule broken.
  bool resolve(std::string &error);
};

/// Builds the training program (docs/training-program.md) in `module` from
/// its @forward_grad and optional @eval, @predict and @initializer.
/// `config` is resolved first (defaults, range checks); errors are
/// diagnostics on the module.
LogicalResult buildTrainingProgram(ModuleOp module,
                                   const OptimizerConfig &config);

} // namespace mlir::sinter

#endif // SINTER_PASSES_OPTIMIZER_H
