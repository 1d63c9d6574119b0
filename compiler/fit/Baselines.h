// The two baselines printed beside fit's dev accuracy, computed on the same train/dev split:
//   - majority class: always predict the most frequent train label (ties: the lower index);
//   - logistic regression on bag-of-words counts over the train vocabulary, trained with the
//     same Adam and minibatch schedule as the head, for a fixed number of epochs (no tuning on
//     dev). Sigmoid for binary heads, softmax (multinomial) for classes heads.
#pragma once

#include "fit/Adam.h"
#include "fit/Dataset.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace bertc::fit {

// Lower-cased (ASCII) tokens: runs of characters that are neither whitespace nor ASCII
// punctuation, and each punctuation character on its own. Both texts of a pair are one bag.
std::vector<std::string> bagOfWordsTokens(std::string_view text);

int majorityLabel(const std::vector<int>& labels, std::int64_t numLabels);
double majorityAccuracy(const Dataset& train, const Dataset& dev, std::int64_t numLabels);

struct BagOfWordsOptions {
  int epochs = 5;
  std::int64_t batchSize = 32;
  AdamOptions adam; // Keras' defaults, learning rate 1e-3
  std::uint64_t seed = 0;
};

// Trains on `train`, returns the accuracy on `dev`. Dev tokens missing from the train
// vocabulary are ignored.
double bagOfWordsAccuracy(const Dataset& train, const Dataset& dev, bool binary,
                          std::int64_t numLabels, const BagOfWordsOptions& options = {});

} // namespace bertc::fit
