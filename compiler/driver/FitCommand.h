// `bertc fit MODEL.yaml --weights ENCODER.safetensors --train TRAIN.tsv [--dev DEV.tsv]
//  -o OUT.safetensors [--epochs N] [--batch-size 32] [--lr 1e-3] [--dropout R] [--seed N]
//  [--csv LOG.csv] [--plot CURVES.svg] [--dev-probabilities P.tsv] [--baselines]`:
// trains the model's binary or classes head on the frozen encoder's pooled output.
// `bertc fit MODEL.yaml --train T --dev D --baselines` (no --weights, no -o) prints only the
// majority and bag-of-words baselines. See docs/fit.md.
#pragma once

#include <CLI/CLI.hpp>

namespace bertc {

void registerFitCommand(CLI::App& app, int* exitCode);

} // namespace bertc
