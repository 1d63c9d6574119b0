#include "fit/Losses.h"

#include <algorithm>
#include <cmath>

namespace bertc::fit {

double sigmoid(double z) {
  // Two branches so that exp() only ever sees a non-positive argument.
  if (z >= 0)
    return 1.0 / (1.0 + std::exp(-z));
  const double e = std::exp(z);
  return e / (1.0 + e);
}

double binaryCrossEntropy(float logit, int label, float* dlogit) {
  const double z = logit, y = label;
  if (dlogit)
    *dlogit = float(sigmoid(z) - y);
  return std::max(z, 0.0) - z * y + std::log1p(std::exp(-std::abs(z)));
}

namespace {

double logSumExp(const float* z, std::int64_t n) {
  const double top = *std::max_element(z, z + n);
  double sum = 0;
  for (std::int64_t i = 0; i < n; ++i)
    sum += std::exp(double(z[i]) - top);
  return top + std::log(sum);
}

} // namespace

double softmaxCrossEntropy(const float* logits, std::int64_t n, int label, float* dlogits) {
  const double lse = logSumExp(logits, n);
  if (dlogits)
    for (std::int64_t i = 0; i < n; ++i)
      dlogits[i] = float(std::exp(double(logits[i]) - lse) - (i == label ? 1.0 : 0.0));
  return lse - logits[label];
}

void softmax(const float* logits, std::int64_t n, float* probs) {
  const double lse = logSumExp(logits, n);
  for (std::int64_t i = 0; i < n; ++i)
    probs[i] = float(std::exp(double(logits[i]) - lse));
}

} // namespace bertc::fit
