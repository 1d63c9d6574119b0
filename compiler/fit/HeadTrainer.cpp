#include "fit/HeadTrainer.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>

namespace bertc::fit {
namespace {

enum Stream : std::uint64_t { InitStream = 1, ShuffleStream = 2, DropoutStream = 3 };

DenseHead initialHead(std::int64_t inputs, std::int64_t outputs, std::uint64_t seed) {
  support::SeededRandom random(seed, InitStream);
  return DenseHead::glorotUniform(inputs, outputs, random);
}

} // namespace

Evaluation evaluate(const DenseHead& head, const LabeledFeatures& data) {
  Evaluation e;
  if (data.rows == 0)
    return e;
  std::vector<float> probs(static_cast<std::size_t>(data.rows * head.outputs));
  probabilities(head, data.values.data(), data.rows, probs.data());
  DenseHead unused;
  e.loss =
      lossAndGradient(head, data.values.data(), data.labels.data(), data.rows, nullptr, &unused);
  std::int64_t right = 0;
  for (std::int64_t r = 0; r < data.rows; ++r)
    right += predictedLabel(probs.data() + r * head.outputs, head.outputs) ==
             data.labels[std::size_t(r)];
  e.accuracy = double(right) / double(data.rows);
  return e;
}

HeadTrainer::HeadTrainer(std::int64_t inputs, std::int64_t outputs, const TrainOptions& options)
    : options_(options), shuffleRandom_(options.seed, ShuffleStream),
      dropoutRandom_(options.seed, DropoutStream),
      head_(initialHead(inputs, outputs, options.seed)),
      adam_(std::size_t(outputs * inputs + outputs), options.adam) {
  if (options.batchSize < 1)
    throw std::invalid_argument("batch size must be at least 1");
  if (!(options.dropout >= 0.0 && options.dropout < 1.0))
    throw std::invalid_argument("dropout must be in [0, 1)");
}

void HeadTrainer::trainStep(const LabeledFeatures& train, const std::int64_t* rows,
                            std::int64_t count) {
  const std::int64_t width = train.width;
  batchFeatures_.resize(std::size_t(count * width));
  batchLabels_.resize(std::size_t(count));
  for (std::int64_t i = 0; i < count; ++i) {
    std::copy_n(train.row(rows[i]), width, batchFeatures_.data() + i * width);
    batchLabels_[std::size_t(i)] = train.labels[std::size_t(rows[i])];
  }
  const float* mask = nullptr;
  if (options_.dropout > 0) {
    // Inverted dropout: kept features are scaled by 1 / (1 - rate) so the expected input of the
    // head is the same in training and inference.
    const float keep = float(1.0 / (1.0 - options_.dropout));
    mask_.resize(batchFeatures_.size());
    for (float& m : mask_)
      m = dropoutRandom_.uniform01() < options_.dropout ? 0.0f : keep;
    mask = mask_.data();
  }
  DenseHead gradient;
  lossAndGradient(head_, batchFeatures_.data(), batchLabels_.data(), count, mask, &gradient);

  // Adam sees weight then bias as one parameter vector.
  flatParams_ = head_.weight;
  flatParams_.insert(flatParams_.end(), head_.bias.begin(), head_.bias.end());
  flatGradient_ = gradient.weight;
  flatGradient_.insert(flatGradient_.end(), gradient.bias.begin(), gradient.bias.end());
  adam_.step(flatParams_.data(), flatGradient_.data());
  std::copy_n(flatParams_.begin(), head_.weight.size(), head_.weight.begin());
  std::copy(flatParams_.begin() + std::ptrdiff_t(head_.weight.size()), flatParams_.end(),
            head_.bias.begin());
}

EpochMetrics HeadTrainer::runEpoch(const LabeledFeatures& train, const LabeledFeatures* dev) {
  if (train.width != head_.inputs || (dev && dev->width != head_.inputs))
    throw std::invalid_argument("features do not match the head's input width");
  std::vector<std::int64_t> order(std::size_t(train.rows));
  std::iota(order.begin(), order.end(), 0);
  shuffleRandom_.shuffle(order);
  for (std::int64_t start = 0; start < train.rows; start += options_.batchSize)
    trainStep(train, order.data() + start, std::min(options_.batchSize, train.rows - start));

  EpochMetrics m;
  m.epoch = ++epoch_;
  m.train = evaluate(head_, train);
  if (dev)
    m.dev = evaluate(head_, *dev);
  return m;
}

std::vector<EpochMetrics> HeadTrainer::fit(const LabeledFeatures& train,
                                           const LabeledFeatures* dev) {
  std::vector<EpochMetrics> history;
  for (int e = 0; e < options_.epochs; ++e)
    history.push_back(runEpoch(train, dev));
  return history;
}

} // namespace bertc::fit
