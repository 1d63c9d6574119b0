// A head's probabilities output turned into an answer: the label and its probability.
#pragma once

#include <vector>

namespace bertc::classify {

struct HeadAnswer {
  int label = 0;
  float probability = 0;
  std::vector<float> probabilities; // one per label
};

// binary: width 1 holding P(positive); the label is positive iff P >= 0.5 and the probability
// stays P(positive). Otherwise (softmax over width labels): the first argmax and its probability.
HeadAnswer answerHead(bool binary, const float* probabilities, int width);

} // namespace bertc::classify
