// Tests that texts become padded runs as bertc_run takes them: each run as long as its longest
// real row (never max_seq_len), masks 1s then 0s, pairs typed 0 then 1, over-long texts
// truncated as the tokenizer (checked against Hugging Face) truncates them.
#include "BatchEncoder.h"

#include <gtest/gtest.h>
#include <string>

namespace bertc::classify {
namespace {

const std::string kVocab = std::string(BERTC_DATA_DIR) + "/bert-vocab/bert-base-uncased-vocab.txt";

BatchEncoder encoder(int maxSeqLen) {
  return BatchEncoder(tokenizer::BertTokenizer::fromVocabFile(kVocab), maxSeqLen);
}

std::string words(int n) {
  std::string s;
  for (int i = 0; i < n; ++i)
    s += "word ";
  return s;
}

TEST(BatchEncoder, PadsToTheLongestRowOfTheRun) {
  BatchEncoder e = encoder(128);
  TextView texts[] = {{"Hello world!", false, {}}, {"a", false, {}}};
  PaddedBatch b = e.encode(texts, 2);
  EXPECT_EQ(b.batch, 2);
  EXPECT_EQ(b.seqLen, 5); // not 128
  EXPECT_EQ(b.lengths, (std::vector<int>{5, 3}));
  EXPECT_EQ(b.ids, (std::vector<int32_t>{101, 7592, 2088, 999, 102, 101, 1037, 102, 0, 0}));
  EXPECT_EQ(b.mask, (std::vector<int32_t>{1, 1, 1, 1, 1, 1, 1, 1, 0, 0}));
  EXPECT_EQ(b.typeIds, std::vector<int32_t>(10, 0));
}

TEST(BatchEncoder, PairsAreTypedZeroThenOne) {
  BatchEncoder e = encoder(128);
  TextView texts[] = {{"Hello", true, "world"}};
  PaddedBatch b = e.encode(texts, 1);
  EXPECT_EQ(b.ids, (std::vector<int32_t>{101, 7592, 102, 2088, 102}));
  EXPECT_EQ(b.typeIds, (std::vector<int32_t>{0, 0, 0, 1, 1}));
}

TEST(BatchEncoder, TruncatesToMaxSeqLen) {
  BatchEncoder e = encoder(16);
  const std::string longText = words(40);
  TextView texts[] = {{longText, false, {}}};
  PaddedBatch b = e.encode(texts, 1);
  ASSERT_EQ(b.seqLen, 16);
  EXPECT_EQ(b.ids.front(), 101);
  EXPECT_EQ(b.ids.back(), 102);
  EXPECT_EQ(b.ids[1], 2773); // "word"
}

TEST(BatchEncoder, TruncatesPairsLongestFirst) {
  BatchEncoder e = encoder(16);
  const std::string longText = words(40);
  TextView texts[] = {{longText, true, "a b"}};
  PaddedBatch b = e.encode(texts, 1);
  ASSERT_EQ(b.seqLen, 16);
  // 13 pieces left after [CLS] and two [SEP]: the short side keeps its 2, the long side 11.
  int typeOne = 0;
  for (int32_t t : b.typeIds)
    typeOne += t;
  EXPECT_EQ(typeOne, 3); // "a", "b", [SEP]
}

TEST(SplitIntoRuns, CoversEveryTextInOrder) {
  EXPECT_EQ(splitIntoRuns(10, 4),
            (std::vector<std::pair<size_t, size_t>>{{0, 4}, {4, 8}, {8, 10}}));
  EXPECT_EQ(splitIntoRuns(3, 8), (std::vector<std::pair<size_t, size_t>>{{0, 3}}));
  EXPECT_TRUE(splitIntoRuns(0, 8).empty());
}

} // namespace
} // namespace bertc::classify
