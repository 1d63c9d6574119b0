// Where fit gets the encoder's output for each example: the pooled output (tanh(W h_[CLS] + b),
// [hidden]) of the frozen encoder. fit trains only the head on top, so every example's features
// are computed once, before the first epoch.
//
// The implementation that runs a compiled model (tokenize, run, read `pooled_output`) belongs to
// the classify API / shared-library work; plug it in by implementing this interface. Tests use
// synthetic sources.
#pragma once

#include "fit/Dataset.h"

#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

namespace bertc::fit {

struct TextPair {
  std::string_view textA;
  std::string_view textB; // empty for single-sentence rows
};

class FeatureSource {
public:
  virtual ~FeatureSource() = default;

  // Features per row (the encoder's hidden size).
  virtual std::int64_t width() const = 0;
  // The most rows one pooledOutputs() call accepts (a compiled model's max_batch).
  virtual std::int64_t maxBatch() const = 0;
  // Writes count x width() floats, row-major, one row per text pair. 1 <= count <= maxBatch().
  // Texts longer than the model's max_seq_len are truncated by the source's tokenizer.
  // Throws std::exception on failure. Results must depend only on the texts (not on the batch
  // a row lands in), so that fit stays deterministic.
  virtual void pooledOutputs(const TextPair* rows, std::int64_t count, float* out) = 0;
};

// A dataset turned into features: rows x width floats and one label per row.
struct LabeledFeatures {
  std::int64_t rows = 0, width = 0;
  std::vector<float> values;
  std::vector<int> labels;

  const float* row(std::int64_t r) const { return values.data() + r * width; }
};

// Called after each batch with the rows done so far and the total (progress bars).
using FeatureProgress = std::function<void(std::int64_t done, std::int64_t total)>;

// Runs every example of `data` through `source`, maxBatch() rows at a time.
LabeledFeatures extractFeatures(FeatureSource& source, const Dataset& data,
                                const FeatureProgress& progress = {});

} // namespace bertc::fit
