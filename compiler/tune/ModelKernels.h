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

// This machine's last-level cache (sysconf), or 32 MiB when the system does not say.
int64_t lastLevelCacheBytes();

// How kernels' weights are timed (TuneKernel::coldWeights): flushed from the caches before
// each run (Cold), left in them (Warm), or Auto: cold when the model's weights, as its kernels
// read them with every call counted, exceed a quarter of `cacheBytes`. A model run streams all
// of them between two calls of one layer, and the last-level cache sysconf reports is shared
// with activations, other processes and, in a VM, other tenants: on the development VM (260 MiB
// reported) int8 bert-base's 85 MiB were not found there, and tiles chosen warm lost end to end.
enum class WeightTiming { Auto, Cold, Warm };

std::vector<TuneKernel> tuneKernels(const KernelManifest& manifest, const std::string& target,
                                    int64_t batch = 1, WeightTiming weights = WeightTiming::Auto,
                                    int64_t cacheBytes = lastLevelCacheBytes());

// The model's weight bytes as its kernels read them, every call counted.
int64_t modelWeightBytes(const KernelManifest& manifest);

// Bytes of weights one call of `kernel` reads, in the layouts the runtime makes at load.
int64_t weightBytesPerCall(const KernelSpec& kernel);

} // namespace bertc::tune
