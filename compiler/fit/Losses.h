// Per-example losses on logits and their gradients with respect to the logits. Both use the
// logits form, never log(probability), so that confident wrong answers give finite losses.
#pragma once

#include <cstdint>

namespace bertc::fit {

// Dense(1) + sigmoid + binary cross-entropy, label 0 or 1:
//   loss = max(z, 0) - z*y + log(1 + exp(-|z|)),  dloss/dz = sigmoid(z) - y.
double binaryCrossEntropy(float logit, int label, float* dlogit);

// Dense(N) + softmax + categorical cross-entropy, label in [0, n):
//   loss = logsumexp(z) - z[label],  dloss/dz = softmax(z) - onehot(label).
// `dlogits` may be null when only the loss is wanted.
double softmaxCrossEntropy(const float* logits, std::int64_t n, int label, float* dlogits);

double sigmoid(double z);
// Softmax of n logits into `probs`, shifted by the maximum so that exp never overflows.
void softmax(const float* logits, std::int64_t n, float* probs);

} // namespace bertc::fit
