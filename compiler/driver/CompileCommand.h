// `bertc compile MODEL.yaml -o OUTDIR [--emit=mlir|kernels|model] [--print-ir-after-all]`.
#pragma once

#include <CLI/CLI.hpp>

namespace bertc {

void registerCompileCommand(CLI::App& app, int* exitCode);

} // namespace bertc
