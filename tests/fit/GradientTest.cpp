// The head's analytic gradients against central finite differences of its loss, for binary
// (sigmoid + BCE) and classes (softmax + CE) heads, with and without a fixed dropout mask.
#include "fit/DenseHead.h"
#include "fit/Losses.h"

#include <cmath>
#include <gtest/gtest.h>

namespace bertc::fit {
namespace {

struct Batch {
  std::int64_t rows = 5, width = 4;
  std::vector<float> features;
  std::vector<int> labels;
  std::vector<float> mask;
};

Batch makeBatch(std::int64_t classes, bool withMask) {
  Batch b;
  support::SeededRandom random(7);
  for (std::int64_t i = 0; i < b.rows * b.width; ++i)
    b.features.push_back(float(4.0 * random.uniform01() - 2.0));
  for (std::int64_t r = 0; r < b.rows; ++r)
    b.labels.push_back(int(random.below(std::uint64_t(classes))));
  if (withMask) // inverted dropout at rate 0.5: each feature zeroed or doubled
    for (std::int64_t i = 0; i < b.rows * b.width; ++i)
      b.mask.push_back(random.uniform01() < 0.5 ? 0.0f : 2.0f);
  return b;
}

double lossOf(const DenseHead& head, const Batch& b) {
  DenseHead unused;
  return lossAndGradient(head, b.features.data(), b.labels.data(), b.rows,
                         b.mask.empty() ? nullptr : b.mask.data(), &unused);
}

// d loss / d p by (L(p + h) - L(p - h)) / 2h for every weight and bias.
void expectGradientMatches(std::int64_t outputs, std::int64_t classes, bool withMask) {
  Batch b = makeBatch(classes, withMask);
  support::SeededRandom random(3);
  DenseHead head = DenseHead::glorotUniform(b.width, outputs, random);
  head.bias.assign(std::size_t(outputs), 0.3f);
  DenseHead grad;
  lossAndGradient(head, b.features.data(), b.labels.data(), b.rows,
                  withMask ? b.mask.data() : nullptr, &grad);
  ASSERT_EQ(grad.weight.size(), head.weight.size());
  ASSERT_EQ(grad.bias.size(), head.bias.size());

  const float h = 1e-2f;
  auto check = [&](std::vector<float>& params, const std::vector<float>& analytic,
                   const char* what) {
    for (std::size_t i = 0; i < params.size(); ++i) {
      const float saved = params[i];
      params[i] = saved + h;
      const double up = lossOf(head, b);
      params[i] = saved - h;
      const double down = lossOf(head, b);
      params[i] = saved;
      const double numeric = (up - down) / (2.0 * h);
      EXPECT_NEAR(analytic[i], numeric, 1e-3 + 1e-3 * std::abs(numeric)) << what << "[" << i << "]";
    }
  };
  check(head.weight, grad.weight, "weight");
  check(head.bias, grad.bias, "bias");
}

TEST(HeadGradient, BinaryMatchesFiniteDifferences) {
  expectGradientMatches(1, 2, false);
}
TEST(HeadGradient, BinaryWithDropoutMaskMatchesFiniteDifferences) {
  expectGradientMatches(1, 2, true);
}
TEST(HeadGradient, ClassesMatchesFiniteDifferences) {
  expectGradientMatches(3, 3, false);
}
TEST(HeadGradient, ClassesWithDropoutMaskMatchesFiniteDifferences) {
  expectGradientMatches(3, 3, true);
}

TEST(HeadGradient, MaskZeroesTheGradientOfDroppedFeatures) {
  // A feature dropped in every row contributes nothing, so its weights get no gradient.
  Batch b = makeBatch(2, false);
  b.mask.assign(std::size_t(b.rows * b.width), 1.0f);
  for (std::int64_t r = 0; r < b.rows; ++r)
    b.mask[std::size_t(r * b.width + 2)] = 0.0f;
  support::SeededRandom random(5);
  DenseHead head = DenseHead::glorotUniform(b.width, 1, random), grad;
  lossAndGradient(head, b.features.data(), b.labels.data(), b.rows, b.mask.data(), &grad);
  EXPECT_EQ(grad.weight[2], 0.0f);
  EXPECT_NE(grad.weight[1], 0.0f);
}

TEST(Losses, BinaryCrossEntropyByHand) {
  // z = 0: loss log 2 either way, gradient sigmoid(0) - y = +-0.5.
  float d = 0;
  EXPECT_NEAR(binaryCrossEntropy(0.0f, 1, &d), std::log(2.0), 1e-12);
  EXPECT_FLOAT_EQ(d, -0.5f);
  // z = 2, y = 0: -log(1 - sigmoid(2)) = log(1 + e^2).
  EXPECT_NEAR(binaryCrossEntropy(2.0f, 0, &d), std::log(1.0 + std::exp(2.0)), 1e-12);
  EXPECT_NEAR(d, 1.0 / (1.0 + std::exp(-2.0)), 1e-7);
  // Far past float's sigmoid saturation the loss stays finite and exact: log(1 + e^200) ~ 200.
  EXPECT_NEAR(binaryCrossEntropy(200.0f, 0, &d), 200.0, 1e-9);
  EXPECT_NEAR(binaryCrossEntropy(-200.0f, 1, &d), 200.0, 1e-9);
}

TEST(Losses, SoftmaxCrossEntropyByHand) {
  // Logits (1, 2, 3), label 0: log(e + e^2 + e^3) - 1.
  const float z[3] = {1, 2, 3};
  float d[3];
  const double sum = std::exp(1.0) + std::exp(2.0) + std::exp(3.0);
  EXPECT_NEAR(softmaxCrossEntropy(z, 3, 0, d), std::log(sum) - 1.0, 1e-9);
  EXPECT_NEAR(d[0], std::exp(1.0) / sum - 1.0, 1e-7);
  EXPECT_NEAR(d[2], std::exp(3.0) / sum, 1e-7);
  // Huge logits do not overflow: (1000, 0) with label 1 costs 1000.
  const float big[2] = {1000, 0};
  EXPECT_NEAR(softmaxCrossEntropy(big, 2, 1, nullptr), 1000.0, 1e-9);
}

} // namespace
} // namespace bertc::fit
