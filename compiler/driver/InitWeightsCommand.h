// `bertc init-weights MODEL.yaml --seed N [--profile bert|sharp] -o W.safetensors`.
#pragma once

#include <CLI/CLI.hpp>

namespace bertc {

void registerInitWeightsCommand(CLI::App& app, int* exitCode);

} // namespace bertc
