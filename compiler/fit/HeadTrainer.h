// Trains a DenseHead on fixed features: minibatches in a seeded shuffled order, inverted dropout
// on the features during training only, Keras' Adam, loss averaged over each batch.
#pragma once

#include "fit/Adam.h"
#include "fit/DenseHead.h"
#include "fit/FeatureSource.h"
#include "support/SeededRandom.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace bertc::fit {

struct TrainOptions {
  int epochs = 5; // the TF Hub BERT tutorial's count
  std::int64_t batchSize = 32;
  AdamOptions adam;
  double dropout = 0.0; // rate in [0, 1): a feature is zeroed with this probability
  std::uint64_t seed = 0;
};

struct Evaluation {
  double loss = 0;     // mean over the rows, dropout off
  double accuracy = 0; // fraction of rows whose predicted label is right
};

struct EpochMetrics {
  int epoch = 0; // 1-based
  Evaluation train;
  std::optional<Evaluation> dev;
};

Evaluation evaluate(const DenseHead& head, const LabeledFeatures& data);

class HeadTrainer {
public:
  // `outputs` is 1 for a binary head, the number of classes otherwise. The weights are drawn
  // Glorot-uniform from the seed; the same seed gives the same bytes.
  HeadTrainer(std::int64_t inputs, std::int64_t outputs, const TrainOptions& options);

  // One pass over `train` in a fresh shuffled order, then the train (and dev) metrics of the
  // updated head, measured without dropout so that train and dev figures compare.
  EpochMetrics runEpoch(const LabeledFeatures& train, const LabeledFeatures* dev = nullptr);
  // options.epochs calls of runEpoch.
  std::vector<EpochMetrics> fit(const LabeledFeatures& train, const LabeledFeatures* dev = nullptr);

  const DenseHead& head() const { return head_; }

private:
  void trainStep(const LabeledFeatures& train, const std::int64_t* rows, std::int64_t count);

  TrainOptions options_;
  support::SeededRandom shuffleRandom_, dropoutRandom_;
  DenseHead head_;
  Adam adam_;
  int epoch_ = 0;
  // Scratch, reused between steps: the batch's features, labels, dropout mask and gradient.
  std::vector<float> batchFeatures_, mask_, flatParams_, flatGradient_;
  std::vector<int> batchLabels_;
};

} // namespace bertc::fit
