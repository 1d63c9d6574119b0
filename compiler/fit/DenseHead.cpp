#include "fit/DenseHead.h"

#include "fit/Losses.h"

#include <algorithm>
#include <cmath>

namespace bertc::fit {

DenseHead DenseHead::zeros(std::int64_t inputs, std::int64_t outputs) {
  DenseHead h;
  h.inputs = inputs;
  h.outputs = outputs;
  h.weight.assign(std::size_t(inputs * outputs), 0.0f);
  h.bias.assign(std::size_t(outputs), 0.0f);
  return h;
}

DenseHead DenseHead::glorotUniform(std::int64_t inputs, std::int64_t outputs,
                                   support::SeededRandom& random) {
  DenseHead h = zeros(inputs, outputs);
  const double limit = std::sqrt(6.0 / double(inputs + outputs));
  for (float& w : h.weight)
    w = float((2.0 * random.uniform01() - 1.0) * limit);
  return h;
}

void DenseHead::logits(const float* features, float* out) const {
  for (std::int64_t o = 0; o < outputs; ++o) {
    const float* w = weight.data() + o * inputs;
    double sum = bias[std::size_t(o)];
    for (std::int64_t i = 0; i < inputs; ++i)
      sum += double(w[i]) * features[i];
    out[o] = float(sum);
  }
}

double lossAndGradient(const DenseHead& head, const float* features, const int* labels,
                       std::int64_t rows, const float* mask, DenseHead* gradient) {
  const std::int64_t in = head.inputs, out = head.outputs;
  *gradient = DenseHead::zeros(in, out);
  std::vector<float> x(static_cast<std::size_t>(in)), z(static_cast<std::size_t>(out)),
      dz(static_cast<std::size_t>(out));
  double total = 0;
  for (std::int64_t r = 0; r < rows; ++r) {
    const float* row = features + r * in;
    for (std::int64_t i = 0; i < in; ++i)
      x[std::size_t(i)] = mask ? row[i] * mask[r * in + i] : row[i];
    head.logits(x.data(), z.data());
    total += head.binary() ? binaryCrossEntropy(z[0], labels[r], dz.data())
                           : softmaxCrossEntropy(z.data(), out, labels[r], dz.data());
    for (std::int64_t o = 0; o < out; ++o) {
      float* g = gradient->weight.data() + o * in;
      for (std::int64_t i = 0; i < in; ++i)
        g[i] += dz[std::size_t(o)] * x[std::size_t(i)];
      gradient->bias[std::size_t(o)] += dz[std::size_t(o)];
    }
  }
  // Keras reduces a batch's loss by its mean, so the gradient is the mean too.
  const float scale = rows > 0 ? 1.0f / float(rows) : 0.0f;
  for (float& g : gradient->weight)
    g *= scale;
  for (float& g : gradient->bias)
    g *= scale;
  return rows > 0 ? total / double(rows) : 0.0;
}

void probabilities(const DenseHead& head, const float* features, std::int64_t rows, float* out) {
  std::vector<float> z(static_cast<std::size_t>(head.outputs));
  for (std::int64_t r = 0; r < rows; ++r) {
    float* p = out + r * head.outputs;
    head.logits(features + r * head.inputs, z.data());
    if (head.binary())
      p[0] = float(sigmoid(z[0]));
    else
      softmax(z.data(), head.outputs, p);
  }
}

int predictedLabel(const float* probs, std::int64_t outputs) {
  if (outputs == 1)
    return probs[0] > 0.5f ? 1 : 0;
  return int(std::max_element(probs, probs + outputs) - probs);
}

} // namespace bertc::fit
