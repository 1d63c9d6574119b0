// The baselines on a hand-made dataset whose answers are known: the majority class is label 0
// (4 of 7 train rows), which is right on 3 of 5 dev rows; every dev row is decided by a word
// seen in only one class in train, so a trained logistic regression gets all 5 right.
#include "fit/Baselines.h"

#include <gtest/gtest.h>

namespace bertc::fit {
namespace {

const HeadSpec kBinary{"classifier", true, {}, 0.0};

Dataset train() {
  return parseDataset("sentence\tlabel\n"
                      "good\t1\n"
                      "great\t1\n"
                      "good fun\t1\n"
                      "bad\t0\n"
                      "awful\t0\n"
                      "bad mess\t0\n"
                      "bad bad\t0\n",
                      "train.tsv", kBinary);
}

Dataset dev() {
  return parseDataset("sentence\tlabel\n"
                      "Good movie!\t1\n" // case folded; "movie" and "!" are not in train
                      "great, good\t1\n"
                      "AWFUL\t0\n"
                      "mess.\t0\n"
                      "bad\t0\n",
                      "dev.tsv", kBinary);
}

TEST(Baselines, TokensAreLowercasedWordsAndPunctuation) {
  EXPECT_EQ(
      bagOfWordsTokens("It's GREAT,  really!\tno-one"),
      (std::vector<std::string>{"it", "'", "s", "great", ",", "really", "!", "no", "-", "one"}));
  EXPECT_EQ(bagOfWordsTokens("  "), std::vector<std::string>{});
  EXPECT_EQ(bagOfWordsTokens("Café"),
            std::vector<std::string>{"caf\xC3\xA9"}); // bytes >= 0x80 kept
}

TEST(Baselines, MajorityClassComesFromTrain) {
  EXPECT_EQ(majorityLabel({1, 1, 0}, 2), 1);
  EXPECT_EQ(majorityLabel({2, 0, 2, 1}, 3), 2);
  EXPECT_EQ(majorityLabel({1, 0}, 2), 0); // a tie goes to the lower index
  EXPECT_DOUBLE_EQ(majorityAccuracy(train(), dev(), 2), 3.0 / 5.0);
}

TEST(Baselines, BagOfWordsLogisticRegressionSeparatesByWords) {
  BagOfWordsOptions o;
  o.epochs = 200; // 7 rows make one batch: 200 Adam steps
  o.adam.learningRate = 0.05;
  EXPECT_DOUBLE_EQ(bagOfWordsAccuracy(train(), dev(), true, 2, o), 1.0);
}

TEST(Baselines, BagOfWordsMulticlassUsesSoftmax) {
  const HeadSpec three{"classifier", false, {"a", "b", "c"}, 0.0};
  Dataset t = parseDataset("text\tlabel\nred\ta\nred apple\ta\nblue\tb\nblue sky\tb\n"
                           "green\tc\ngreen grass\tc\n",
                           "t.tsv", three);
  Dataset d = parseDataset("text\tlabel\nRed!\ta\nsky\tb\ngrass\tc\nblue\tb\n", "d.tsv", three);
  BagOfWordsOptions o;
  o.epochs = 200;
  o.adam.learningRate = 0.05;
  EXPECT_DOUBLE_EQ(bagOfWordsAccuracy(t, d, false, 3, o), 1.0);
  // Majority: a tie of three, so label 0 ("a"), right on one dev row of four.
  EXPECT_DOUBLE_EQ(majorityAccuracy(t, d, 3), 0.25);
}

} // namespace
} // namespace bertc::fit
