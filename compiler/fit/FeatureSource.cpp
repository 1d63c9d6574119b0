#include "fit/FeatureSource.h"

#include <algorithm>
#include <stdexcept>

namespace bertc::fit {

LabeledFeatures extractFeatures(FeatureSource& source, const Dataset& data,
                                const FeatureProgress& progress) {
  LabeledFeatures f;
  f.rows = std::int64_t(data.examples.size());
  f.width = source.width();
  const std::int64_t batch = source.maxBatch();
  if (f.width <= 0 || batch <= 0)
    throw std::runtime_error("feature source reports width " + std::to_string(f.width) +
                             " and batch " + std::to_string(batch) + "; both must be positive");
  f.values.resize(std::size_t(f.rows * f.width));
  f.labels = data.labels();
  std::vector<TextPair> pairs;
  for (std::int64_t start = 0; start < f.rows; start += batch) {
    const std::int64_t count = std::min(batch, f.rows - start);
    pairs.clear();
    for (std::int64_t r = start; r < start + count; ++r) {
      const Example& e = data.examples[std::size_t(r)];
      pairs.push_back({e.textA, e.textB});
    }
    source.pooledOutputs(pairs.data(), count, f.values.data() + start * f.width);
    if (progress)
      progress(start + count, f.rows);
  }
  return f;
}

} // namespace bertc::fit
