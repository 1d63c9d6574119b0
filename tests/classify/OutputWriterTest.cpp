// Tests bert-classify's output lines: TSV columns stay columns, JSON carries every head.
#include "OutputWriter.h"

#include <gtest/gtest.h>

namespace bertc::cli {
namespace {

const std::vector<HeadOutput> kOneHead = {
    {"binary", "positive", 0.75f, {{"negative", 0.25f}, {"positive", 0.75f}}}};

TEST(OutputWriter, Tsv) {
  EXPECT_EQ(tsvLine({"a\tb\nc", {}, 1}, kOneHead), "positive\t0.750000\ta b c");
  EXPECT_EQ(tsvLine({"q", std::string("r"), 1}, kOneHead), "positive\t0.750000\tq\tr");
}

TEST(OutputWriter, Json) {
  EXPECT_EQ(jsonLine({"q", std::string("r"), 1}, kOneHead),
            R"({"text":"q","text_b":"r","label":"positive","probability":0.75,"heads":{"binary":)"
            R"({"label":"positive","probability":0.75,"probabilities":{"negative":0.25,)"
            R"("positive":0.75}}}})");
}

} // namespace
} // namespace bertc::cli
