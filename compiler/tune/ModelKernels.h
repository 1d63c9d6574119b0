// The kernels bert-tune tunes: the distinct kernels of a model's manifest, each with its calls,
// the rows it runs on in the model's typical request and its search space. The manifest comes
// from `bertc compile MODEL.yaml -o TMP --emit=kernels`, run as a subprocess (bert-tune links
// Halide, never MLIR), or from a manifest JSON file given directly.
#pragma once

#include "bertc/model_desc.h"
#include "tune/Tuner.h"

#include <string>
#include <vector>

namespace bertc::tune {

// The request kernels are timed for: `batch` sequences of max_seq_len tokens (one of 128 for the
// example models by default). Per-token kernels run on batch x max_seq_len rows, per-sequence
// kernels (pooler, heads) on batch rows, both padded to the runtime's 16-row granule as the
// runtime pads them; attention runs once per sequence on max_seq_len rows, so its calls count
// batch times.
constexpr int64_t kRowGranule = BERTC_ROW_GRANULE;

// The bertc executable beside this one (installed bin/ or the build tree), else the build's own.
std::string bertcBeside();

// Reads MODEL (a model YAML, compiled by `bertc`, or a *.json manifest). False with `error`.
bool loadManifest(const std::string& model, const std::string& bertc, KernelManifest& manifest,
                  std::string& error);

std::vector<TuneKernel> tuneKernels(const KernelManifest& manifest, const std::string& target,
                                    int64_t batch = 1);

} // namespace bertc::tune
