// `bertc check-weights MODEL.yaml W.safetensors`: does the checkpoint hold every tensor the
// model needs, with the right shapes and dtypes?
#pragma once

#include <CLI/CLI.hpp>

namespace bertc {

void registerCheckWeightsCommand(CLI::App& app, int* exitCode);

} // namespace bertc
