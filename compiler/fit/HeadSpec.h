// What fit needs to know about the head it trains, taken from the model description's binary or
// classes head (the driver fills it; this library does not read YAML).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace bertc::fit {

struct HeadSpec {
  std::string prefix = "classifier"; // weights are PREFIX.weight [outputs, hidden], PREFIX.bias
  bool binary = true;                // Dense(1) + sigmoid; otherwise Dense(N) + softmax
  // Names of label 0, 1, ...: optional for binary heads (then only 0 and 1 are accepted), one per
  // class for classes heads. A TSV label is a name from this list or an integer index.
  std::vector<std::string> labels;
  double dropout = 0.0; // the head's `dropout` from the YAML: fit's default rate

  std::int64_t numLabels() const { return binary ? 2 : std::int64_t(labels.size()); }
  std::int64_t numOutputs() const { return binary ? 1 : numLabels(); }
};

} // namespace bertc::fit
