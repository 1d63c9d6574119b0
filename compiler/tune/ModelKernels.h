// The kernels bert-tune tunes: the distinct kernels of a model's manifest, each with its calls,
// the rows it runs on in the model's typical request and its search space. The manifest comes
// from `bertc compile MODEL.yaml -o TMP --emit=kernels`, run as a subprocess (bert-tune links
// Halide, never MLIR), or from a manifest JSON file given directly.
#pragma once

#include "tune/Tuner.h"

#include <string>
#include <vector>

namespace bertc::tune {

// Typical rows: one sequence of max_seq_len tokens (128 for the example models) for per-token
// kernels, one row for per-sequence kernels (pooler, heads); both padded to the runtime's 16-row
// granule, as the runtime pads them.
constexpr int64_t kRowGranule = 16;

// The bertc executable beside this one (installed bin/ or the build tree), else the build's own.
std::string bertcBeside();

// Reads MODEL (a model YAML, compiled by `bertc`, or a *.json manifest). False with `error`.
bool loadManifest(const std::string& model, const std::string& bertc, KernelManifest& manifest,
                  std::string& error);

std::vector<TuneKernel> tuneKernels(const KernelManifest& manifest, const std::string& target);

} // namespace bertc::tune
