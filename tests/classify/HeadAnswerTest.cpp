// Tests how a head's probabilities become an answer: binary at 0.5 keeping P(positive), classes
// the first argmax.
#include "HeadAnswer.h"

#include <gtest/gtest.h>

namespace bertc::classify {
namespace {

TEST(HeadAnswer, BinaryKeepsThePositiveProbability) {
  float low = 0.25f, half = 0.5f;
  HeadAnswer a = answerHead(true, &low, 1);
  EXPECT_EQ(a.label, 0);
  EXPECT_FLOAT_EQ(a.probability, 0.25f);
  EXPECT_EQ(a.probabilities, (std::vector<float>{0.75f, 0.25f}));
  EXPECT_EQ(answerHead(true, &half, 1).label, 1);
}

TEST(HeadAnswer, ClassesTakeTheFirstArgmax) {
  const float p[] = {0.1f, 0.45f, 0.45f};
  HeadAnswer a = answerHead(false, p, 3);
  EXPECT_EQ(a.label, 1);
  EXPECT_FLOAT_EQ(a.probability, 0.45f);
  EXPECT_EQ(a.probabilities.size(), 3u);
}

} // namespace
} // namespace bertc::classify
