// The file `bertc fit -o` writes: every tensor of the encoder checkpoint, byte for byte, plus the
// trained head under Hugging Face names, PREFIX.weight [outputs, hidden] and PREFIX.bias
// [outputs] (PREFIX is the head's, "classifier" by default, the names the compiled model binds).
#pragma once

#include "fit/DenseHead.h"

#include <string>

namespace bertc::fit {

// Head tensors already in the encoder file (as PREFIX.* or bert.PREFIX.*) are replaced.
// Throws std::exception (weights::WeightsError for a bad checkpoint).
void writeHeadWeights(const std::string& encoderPath, const std::string& prefix,
                      const DenseHead& head, const std::string& outPath);

// The head stored under `prefix` in a safetensors file (with or without "bert."), e.g. to check
// that a saved file reproduces fit's probabilities. F32 only; throws if absent or mis-shaped.
DenseHead readHeadWeights(const std::string& path, const std::string& prefix);

} // namespace bertc::fit
