// `bertc import DIR -o MODEL.yaml [--name N] [--max-seq-len N] [--max-batch N]`.
#pragma once

#include <CLI/CLI.hpp>

namespace bertc {

void registerImportCommand(CLI::App& app, int* exitCode);

} // namespace bertc
