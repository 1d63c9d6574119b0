// Tests bert-classify's input formats: plain and headed TSV (data/sst2's `sentence<TAB>label`),
// pairs, JSON lines, and errors that name the line.
#include "InputReader.h"

#include <gtest/gtest.h>
#include <sstream>

namespace bertc::cli {
namespace {

std::vector<InputText> read(const std::string& text, InputError* error = nullptr) {
  std::istringstream in(text);
  std::vector<InputText> out;
  InputError e;
  bool ok = readInputs(in, out, e);
  if (error)
    *error = e;
  EXPECT_EQ(ok, error == nullptr) << e.message;
  return out;
}

TEST(InputReader, PlainLinesAndPairs) {
  std::vector<InputText> in = read("first text\n\nsecond a\tsecond b\r\n");
  ASSERT_EQ(in.size(), 2u);
  EXPECT_EQ(in[0].a, "first text");
  EXPECT_FALSE(in[0].b);
  EXPECT_EQ(in[1].a, "second a");
  EXPECT_EQ(*in[1].b, "second b");
  EXPECT_EQ(in[1].line, 3u);
}

TEST(InputReader, Sst2HeaderPicksTheSentenceColumn) {
  std::vector<InputText> in = read("sentence\tlabel\nit 's charming . \t1\n");
  ASSERT_EQ(in.size(), 1u);
  EXPECT_EQ(in[0].a, "it 's charming . ");
  EXPECT_FALSE(in[0].b);
}

TEST(InputReader, PairHeaderInAnyOrder) {
  std::vector<InputText> in = read("label\ttext_b\ttext_a\n0\tB\tA\n");
  ASSERT_EQ(in.size(), 1u);
  EXPECT_EQ(in[0].a, "A");
  EXPECT_EQ(*in[0].b, "B");
}

TEST(InputReader, JsonLines) {
  std::vector<InputText> in = read("{\"text\": \"one\"}\n{\"text_a\": \"a\", \"text_b\": \"b\"}\n");
  ASSERT_EQ(in.size(), 2u);
  EXPECT_EQ(in[0].a, "one");
  EXPECT_EQ(*in[1].b, "b");
}

TEST(InputReader, ErrorsNameTheLine) {
  InputError e;
  read("a\nb\tc\td\n", &e);
  EXPECT_EQ(e.line, 2u);
  EXPECT_NE(e.message.find("3 tab-separated fields"), std::string::npos);
  read("{\"text\": \"x\"}\n{\"label\": 1}\n", &e);
  EXPECT_EQ(e.line, 2u);
  read("{\"text\": \"x\"}\n{oops\n", &e);
  EXPECT_EQ(e.message, "not valid JSON");
  read("sentence\tlabel\nonly-one-field-is-fine\nx\n", nullptr);
}

} // namespace
} // namespace bertc::cli
