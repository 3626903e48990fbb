//===- TrainerWriter.h - The main() of `sinterc --emit=exe` ----*- C++ -*-===//
#ifndef SINTER_TOOLS_SINTERC_TRAINERWRITER_H
#define SINTER_TOOLS_SINTERC_TRAINERWRITER_H

#include "sinter/cpu/CpuBackend.h"

#include <string>

namespace sinter::tools {

/// The C++ main() of a standalone trainer/predictor for the model whose
/// header is `headerName` (class `className`, entries named
/// <className>_<entry>): `PROG train|evaluate|predict ...`.
std::string writeTrainerMain(const std::string &className,
                             const std::string &headerName,
                             const std::string &programName,
                             const llvm::StringMap<mlir::sinter::cpu::EntryPoint>
                                 &entries);

} // namespace sinter::tools

#endif // SINTER_TOOLS_SINTERC_TRAINERWRITER_H
