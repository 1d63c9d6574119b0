// The classifier head fit trains: Dense(outputs) on the pooled output, read as a sigmoid when it
// has one output (binary heads) and a softmax otherwise (classes heads). Weights use PyTorch's
// Linear layout, [outputs, inputs], as Hugging Face's classifier.weight does.
#pragma once

#include "support/SeededRandom.h"

#include <cstdint>
#include <vector>

namespace bertc::fit {

struct DenseHead {
  std::int64_t inputs = 0, outputs = 0;
  std::vector<float> weight; // [outputs, inputs], row-major
  std::vector<float> bias;   // [outputs]

  static DenseHead zeros(std::int64_t inputs, std::int64_t outputs);
  // Keras' defaults for Dense: Glorot-uniform kernel, limit sqrt(6 / (inputs + outputs)); zero
  // bias.
  static DenseHead glorotUniform(std::int64_t inputs, std::int64_t outputs,
                                 support::SeededRandom& random);

  bool binary() const { return outputs == 1; }
  // Logits of one row of `inputs` features.
  void logits(const float* features, float* out) const;
};

// Mean loss over `rows` examples and its gradient (into `gradient`, shaped like `head`).
// `mask`, when given, multiplies the features elementwise (rows x inputs): inverted dropout.
double lossAndGradient(const DenseHead& head, const float* features, const int* labels,
                       std::int64_t rows, const float* mask, DenseHead* gradient);

// Probabilities per row, rows x outputs: sigmoid(logit) for binary heads, softmax otherwise.
void probabilities(const DenseHead& head, const float* features, std::int64_t rows, float* out);

// The label a row of probabilities predicts: 1 when a binary head's probability exceeds 0.5
// (Keras' binary_accuracy), otherwise the first largest probability.
int predictedLabel(const float* probs, std::int64_t outputs);

} // namespace bertc::fit
