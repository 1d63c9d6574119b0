// Training on separable synthetic features reaches (almost) perfect train accuracy, the result
// depends only on the seed, and the initial weights follow Keras' Glorot-uniform limits.
#include "fit/HeadTrainer.h"

#include <cmath>
#include <cstring>
#include <gtest/gtest.h>

namespace bertc::fit {
namespace {

// Points in [-1, 1]^width labelled by which of `classes` fixed directions they lie closest to,
// keeping only points with a clear margin, so a linear head can separate them exactly.
LabeledFeatures separable(std::int64_t rows, std::int64_t width, int classes, std::uint64_t seed) {
  support::SeededRandom random(seed);
  std::vector<std::vector<double>> directions(static_cast<std::size_t>(classes));
  for (auto& d : directions)
    for (std::int64_t i = 0; i < width; ++i)
      d.push_back(2.0 * random.uniform01() - 1.0);
  LabeledFeatures f;
  f.width = width;
  while (f.rows < rows) {
    std::vector<float> x;
    for (std::int64_t i = 0; i < width; ++i)
      x.push_back(float(2.0 * random.uniform01() - 1.0));
    // binary: the sign of <d0, x>; classes: the largest <d_c, x>
    std::vector<double> scores;
    for (const auto& d : directions) {
      double s = 0;
      for (std::int64_t i = 0; i < width; ++i)
        s += d[std::size_t(i)] * x[std::size_t(i)];
      scores.push_back(s);
    }
    int label = 0;
    double margin = 0;
    if (classes == 1) {
      label = scores[0] > 0;
      margin = std::abs(scores[0]);
    } else {
      std::vector<double> sorted = scores;
      std::sort(sorted.rbegin(), sorted.rend());
      label = int(std::max_element(scores.begin(), scores.end()) - scores.begin());
      margin = sorted[0] - sorted[1];
    }
    if (margin < 0.3)
      continue;
    f.values.insert(f.values.end(), x.begin(), x.end());
    f.labels.push_back(label);
    ++f.rows;
  }
  return f;
}

TEST(HeadTrainer, SeparableBinaryReachesFullTrainAccuracy) {
  LabeledFeatures train = separable(400, 8, 1, 11);
  TrainOptions o;
  o.epochs = 30;
  o.adam.learningRate = 1e-2;
  HeadTrainer trainer(8, 1, o);
  std::vector<EpochMetrics> history = trainer.fit(train);
  ASSERT_EQ(history.size(), 30u);
  EXPECT_GE(history.back().train.accuracy, 0.99);
  EXPECT_LT(history.back().train.loss, history.front().train.loss);
  EXPECT_FALSE(history.back().dev.has_value());
}

TEST(HeadTrainer, SeparableThreeClassesReachFullTrainAccuracy) {
  LabeledFeatures train = separable(600, 8, 3, 12);
  TrainOptions o;
  o.epochs = 40;
  o.adam.learningRate = 1e-2;
  o.dropout = 0.1; // dropout on, as fit trains by default; accuracy is measured without it
  HeadTrainer trainer(8, 3, o);
  std::vector<EpochMetrics> history = trainer.fit(train, &train);
  EXPECT_GE(history.back().train.accuracy, 0.99);
  ASSERT_TRUE(history.back().dev.has_value());
  // Dev is the same data here, and evaluation is dropout-free: the figures must agree.
  EXPECT_EQ(history.back().dev->accuracy, history.back().train.accuracy);
  EXPECT_EQ(history.back().dev->loss, history.back().train.loss);
}

TEST(HeadTrainer, SameSeedGivesIdenticalWeightsAndOtherSeedsDiffer) {
  LabeledFeatures train = separable(100, 6, 3, 13);
  auto weightsFor = [&](std::uint64_t seed) {
    TrainOptions o;
    o.epochs = 3;
    o.batchSize = 7; // a partial last batch too
    o.dropout = 0.3;
    o.seed = seed;
    HeadTrainer trainer(6, 3, o);
    trainer.fit(train);
    std::vector<float> all = trainer.head().weight;
    all.insert(all.end(), trainer.head().bias.begin(), trainer.head().bias.end());
    return all;
  };
  std::vector<float> a = weightsFor(5), b = weightsFor(5), c = weightsFor(6);
  ASSERT_EQ(a.size(), b.size());
  EXPECT_EQ(std::memcmp(a.data(), b.data(), a.size() * sizeof(float)), 0);
  EXPECT_NE(std::memcmp(a.data(), c.data(), a.size() * sizeof(float)), 0);
}

TEST(HeadTrainer, InitialWeightsAreGlorotUniformAndBiasZero) {
  support::SeededRandom random(1);
  DenseHead head = DenseHead::glorotUniform(768, 2, random);
  const double limit = std::sqrt(6.0 / (768 + 2)); // 0.0882734
  double lo = 1, hi = -1, sum = 0;
  for (float w : head.weight) {
    lo = std::min(lo, double(w));
    hi = std::max(hi, double(w));
    sum += w;
  }
  EXPECT_GE(lo, -limit);
  EXPECT_LE(hi, limit);
  // 1536 uniform draws span nearly the whole interval and average near zero.
  EXPECT_LT(lo, -0.95 * limit);
  EXPECT_GT(hi, 0.95 * limit);
  EXPECT_LT(std::abs(sum / 1536), 0.01);
  EXPECT_EQ(head.bias, std::vector<float>(2, 0.0f));
}

TEST(HeadTrainer, EvaluateCountsBinaryPredictionsAboveOneHalf) {
  // w = (1), b = 0: features 2, -1, 0.5, -3 give logits of the same sign; the labels make the
  // second row wrong only. p(0) = 0.5 predicts 0 (Keras' threshold is strict).
  DenseHead head = DenseHead::zeros(1, 1);
  head.weight[0] = 1.0f;
  LabeledFeatures data;
  data.width = 1;
  data.rows = 5;
  data.values = {2.0f, -1.0f, 0.5f, -3.0f, 0.0f};
  data.labels = {1, 1, 1, 0, 0};
  Evaluation e = evaluate(head, data);
  EXPECT_DOUBLE_EQ(e.accuracy, 4.0 / 5.0);
  // mean of log(1 + e^-2), log(1 + e^1), log(1 + e^-0.5), log(1 + e^-3), log 2
  const double expected =
      (std::log1p(std::exp(-2.0)) + std::log1p(std::exp(1.0)) + std::log1p(std::exp(-0.5)) +
       std::log1p(std::exp(-3.0)) + std::log(2.0)) /
      5.0;
  EXPECT_NEAR(e.loss, expected, 1e-7);
}

TEST(SeededRandom, ShuffleIsAPermutationAndBelowStaysInRange) {
  support::SeededRandom random(42);
  std::vector<std::int64_t> items(100);
  for (std::int64_t i = 0; i < 100; ++i)
    items[std::size_t(i)] = i;
  random.shuffle(items);
  std::vector<std::int64_t> sorted = items;
  std::sort(sorted.begin(), sorted.end());
  for (std::int64_t i = 0; i < 100; ++i)
    EXPECT_EQ(sorted[std::size_t(i)], i);
  EXPECT_NE(items, sorted); // 1 in 100! that a shuffle leaves them in order
  std::vector<int> counts(3, 0);
  for (int i = 0; i < 3000; ++i)
    ++counts[std::size_t(random.below(3))];
  for (int c : counts)
    EXPECT_NEAR(c, 1000, 120);
  for (int i = 0; i < 1000; ++i) {
    const double u = random.uniform01();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
  }
}

} // namespace
} // namespace bertc::fit
