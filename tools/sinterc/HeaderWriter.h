//===- HeaderWriter.h - The typed C++ header of a compiled model -*- C++ -*-===//
//
// sinterc's header for an object file: a class that owns the model's named
// state (parameters, optimizer state, learning rate), with an accessor per
// tensor, and one method per entry point that builds the memref descriptors
// of the C interface (`_mlir_ciface_<entry>`), calls it, copies the results
// out and frees what the compiled code allocated. XLA's tfcompile header is
// the model. Plain C++17; the header needs nothing but the C library.
//
//===----------------------------------------------------------------------===//
#ifndef SINTER_TOOLS_SINTERC_HEADERWRITER_H
#define SINTER_TOOLS_SINTERC_HEADERWRITER_H

#include "sinter/cpu/CpuBackend.h"

#include <map>
#include <string>

namespace sinter::tools {

/// One piece of named state: its name and type, and its initial value when
/// the program gives one (a splat).
struct StateTensor {
  std::string name;
  mlir::sinter::cpu::TensorSignature type;
  bool hasInitialValue = false;
  double initialValue = 0;
};

/// Writes the header for entry points `entries` (named <className>_<entry>)
/// and state `state` (in the module's order of globals) as class
/// `className`.
std::string writeHeader(const std::string &className,
                        const std::string &sourceName,
                        const llvm::StringMap<mlir::sinter::cpu::EntryPoint>
                            &entries,
                        const std::vector<StateTensor> &state);

} // namespace sinter::tools

#endif // SINTER_TOOLS_SINTERC_HEADERWRITER_H
