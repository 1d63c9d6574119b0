// TSV reading: both layouts, label names and indices, and every kind of bad row reported as
// FILE:LINE: message, all of them at once.
#include "fit/Dataset.h"

#include <fstream>
#include <gtest/gtest.h>

namespace bertc::fit {
namespace {

HeadSpec binaryHead() {
  return HeadSpec{"classifier", true, {"negative", "positive"}, 0.1};
}
HeadSpec threeClasses() {
  return HeadSpec{"classifier", false, {"neg", "neutral", "pos"}, 0.0};
}

std::vector<std::string> problemsOf(const std::string& text, const HeadSpec& head) {
  try {
    parseDataset(text, "t.tsv", head);
  } catch (const DatasetError& e) {
    return e.problems();
  }
  return {};
}

TEST(Dataset, ReadsSst2) {
  Dataset d = readDataset(BERTC_DATA_DIR "/sst2/dev.tsv", binaryHead());
  ASSERT_EQ(d.examples.size(), 872u); // 873 lines, one of them the header
  EXPECT_FALSE(d.pairs);
  EXPECT_EQ(d.examples[0].textA, "it 's a charming and often affecting journey . ");
  EXPECT_EQ(d.examples[0].label, 1);
  EXPECT_EQ(d.examples[0].line, 2);
  EXPECT_EQ(d.examples[1].label, 0);
  EXPECT_TRUE(d.examples[1].textB.empty());
}

TEST(Dataset, ReadsPairsLabelNamesAndIndices) {
  Dataset d = parseDataset("\xEF\xBB\xBFpremise\thypothesis\tlabel\r\n"
                           "a cat sat\tan animal sat\tpos\r\n"
                           "it rains\tit is dry\t0\n"
                           "x\ty\tneutral",
                           "p.tsv", threeClasses());
  ASSERT_EQ(d.examples.size(), 3u);
  EXPECT_TRUE(d.pairs);
  EXPECT_EQ(d.examples[0].textA, "a cat sat");
  EXPECT_EQ(d.examples[0].textB, "an animal sat");
  EXPECT_EQ(d.examples[0].label, 2);
  EXPECT_EQ(d.examples[1].label, 0);
  EXPECT_EQ(d.examples[2].label, 1);
  EXPECT_EQ(d.examples[2].line, 4);
}

TEST(Dataset, LabelColumnMayComeFirst) {
  Dataset d = parseDataset("label\tsentence\npositive\tfine\n0\tbad\n", "l.tsv", binaryHead());
  ASSERT_EQ(d.examples.size(), 2u);
  EXPECT_EQ(d.examples[0].label, 1);
  EXPECT_EQ(d.examples[0].textA, "fine");
  EXPECT_EQ(d.examples[1].label, 0);
}

TEST(Dataset, ReportsEveryBadRowWithFileAndLine) {
  const std::string text = "sentence\tlabel\n"
                           "good\t1\n"
                           "too\tmany\t1\n"  // 3: column count
                           "no label\n"      // 4: column count
                           "\n"              // 5: empty line
                           "   \t0\n"        // 6: empty text
                           "fine\t2\n"       // 7: index out of range for a binary head
                           "fine\tpositve\n" // 8: misspelt name
                           "fine\t-1\n"      // 9: not a non-negative integer
                           "fine\t1.0\n";    // 10: not an integer
  std::vector<std::string> p = problemsOf(text, binaryHead());
  ASSERT_EQ(p.size(), 8u);
  EXPECT_EQ(p[0], "t.tsv:3: expected 2 tab-separated columns (sentence, label), got 3");
  EXPECT_EQ(p[1], "t.tsv:4: expected 2 tab-separated columns (sentence, label), got 1");
  EXPECT_EQ(p[2], "t.tsv:5: expected 2 tab-separated columns (sentence, label), got an empty line");
  EXPECT_EQ(p[3], "t.tsv:6: empty text in column 'sentence'");
  EXPECT_EQ(p[4], "t.tsv:7: label '2' is not one of negative, positive or an integer in [0, 2)");
  EXPECT_EQ(p[5],
            "t.tsv:8: label 'positve' is not one of negative, positive or an integer in [0, 2)");
  EXPECT_EQ(p[6].substr(0, 23), "t.tsv:9: label '-1' is ");
  EXPECT_EQ(p[7].substr(0, 25), "t.tsv:10: label '1.0' is ");
}

TEST(Dataset, BinaryHeadWithoutLabelNamesTakesZeroAndOne) {
  HeadSpec head{"classifier", true, {}, 0.0};
  EXPECT_EQ(parseDataset("s\tlabel\na\t1\n", "t.tsv", head).examples[0].label, 1);
  std::vector<std::string> p = problemsOf("s\tlabel\na\tpositive\n", head);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0], "t.tsv:2: label 'positive' is not an integer in [0, 2)");
}

TEST(Dataset, EmptySecondTextIsAnError) {
  std::vector<std::string> p = problemsOf("a\tb\tlabel\nx\t\tpos\n", threeClasses());
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0], "t.tsv:2: empty text in column 'b'");
}

TEST(Dataset, BadHeadersEmptyFilesAndMissingFiles) {
  const std::string headerMessage =
      "t.tsv:1: the header must name 2 or 3 tab-separated columns, one of them 'label' (e.g. "
      "'sentence<TAB>label' or 'text_a<TAB>text_b<TAB>label'), got ";
  EXPECT_EQ(problemsOf("sentence\tscore\nx\t1\n", binaryHead()),
            std::vector<std::string>{headerMessage + "'sentence\tscore'"});
  EXPECT_EQ(problemsOf("label\tlabel\n", binaryHead()),
            std::vector<std::string>{headerMessage + "'label\tlabel'"});
  EXPECT_EQ(problemsOf("a\tb\tc\tlabel\n", binaryHead()),
            std::vector<std::string>{headerMessage + "'a\tb\tc\tlabel'"});
  EXPECT_EQ(problemsOf("", binaryHead()),
            std::vector<std::string>{
                "t.tsv:1: empty file; expected a header such as 'sentence<TAB>label'"});
  EXPECT_EQ(problemsOf("sentence\tlabel\n", binaryHead()),
            std::vector<std::string>{"t.tsv: no examples after the header"});
  try {
    readDataset("/nonexistent/x.tsv", binaryHead());
    FAIL() << "expected DatasetError";
  } catch (const DatasetError& e) {
    ASSERT_EQ(e.problems().size(), 1u);
    EXPECT_EQ(e.problems()[0].rfind("/nonexistent/x.tsv: cannot open: ", 0), 0u);
  }
}

} // namespace
} // namespace bertc::fit
