//===- nn.h - The Sinter C++ model-building DSL ---------------*- C++ -*-===//
//
// Everything of sinter::nn, after LibTorch's torch::nn: symbolic tensors,
// the functional API (F), modules, layers, losses and trace(). Includes no
// LLVM or MLIR header; sinter/nn/detail/ProgramImpl.h gives the recorded
// mlir::ModuleOp to code that needs it.
//
//===----------------------------------------------------------------------===//
#ifndef SINTER_NN_H
#define SINTER_NN_H

#include "sinter/nn/Functional.h"
#include "sinter/nn/Layers.h"
#include "sinter/nn/Losses.h"
#include "sinter/nn/Module.h"
#include "sinter/nn/Tensor.h"
#include "sinter/nn/Trace.h"

#endif // SINTER_NN_H
