// Adam as Keras implements it (tf.keras.optimizers.Adam, defaults beta1 0.9, beta2 0.999,
// epsilon 1e-7). Keras folds the bias corrections into the step size,
//   lr_t = lr * sqrt(1 - beta2^t) / (1 - beta1^t),  w -= lr_t * m / (sqrt(v) + epsilon),
// which differs from the paper's form in where epsilon sits; we keep Keras' form so that
// results can be compared with a Keras head trained on the same features.
#pragma once

#include <cstdint>
#include <vector>

namespace bertc::fit {

struct AdamOptions {
  double learningRate = 1e-3;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double epsilon = 1e-7;
};

class Adam {
public:
  Adam(std::size_t parameters, AdamOptions options);

  // One update of `params` (the size given at construction) from `gradients`.
  void step(float* params, const float* gradients);
  std::int64_t steps() const { return steps_; }

private:
  AdamOptions options_;
  std::vector<float> m_, v_;
  std::int64_t steps_ = 0;
};

} // namespace bertc::fit
