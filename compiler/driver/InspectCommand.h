// `bertc inspect MODEL.yaml [--json] [--tensors]`: the resolved description and its figures.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace bertc {

// Registers the subcommand; `*exitCode` receives its result when it runs.
void registerInspectCommand(CLI::App& app, int* exitCode);

} // namespace bertc
