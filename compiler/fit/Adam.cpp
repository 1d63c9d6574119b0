#include "fit/Adam.h"

#include <cmath>

namespace bertc::fit {

Adam::Adam(std::size_t parameters, AdamOptions options)
    : options_(options), m_(parameters, 0.0f), v_(parameters, 0.0f) {}

void Adam::step(float* params, const float* gradients) {
  ++steps_;
  const double t = double(steps_);
  const double b1 = options_.beta1, b2 = options_.beta2;
  const double lrT =
      options_.learningRate * std::sqrt(1.0 - std::pow(b2, t)) / (1.0 - std::pow(b1, t));
  for (std::size_t i = 0; i < m_.size(); ++i) {
    const double g = gradients[i];
    m_[i] = float(b1 * m_[i] + (1.0 - b1) * g);
    v_[i] = float(b2 * v_[i] + (1.0 - b2) * g * g);
    params[i] = float(params[i] - lrT * m_[i] / (std::sqrt(double(v_[i])) + options_.epsilon));
  }
}

} // namespace bertc::fit
