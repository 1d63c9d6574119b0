// Tests bert-classify's input formats: plain and headed TSV (data/sst2's `sentence<TAB>label`),
// pairs, JSON lines, errors that name the line, texts kept byte for byte (NUL included), the
// limit on one line, and reading one text at a time.
#include "InputReader.h"

#include "support/Limits.h"

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

TEST(InputReader, NulBytesStayInTheText) {
  std::vector<InputText> tsv = read(std::string("hello\0 world\tb\0c\n", 16));
  ASSERT_EQ(tsv.size(), 1u);
  EXPECT_EQ(tsv[0].a, std::string("hello\0 world", 12));
  EXPECT_EQ(*tsv[0].b, std::string("b\0c", 3));
  std::vector<InputText> json = read("{\"text\": \"a\\u0000b\"}\n");
  ASSERT_EQ(json.size(), 1u);
  EXPECT_EQ(json[0].a, std::string("a\0b", 3));
}

TEST(InputReader, ALineOverTheLimitIsAnErrorAtItsLine) {
  const std::string atLimit(limits::kTextBytes, 'x');
  std::vector<InputText> ok = read("a\n" + atLimit + "\n");
  ASSERT_EQ(ok.size(), 2u);
  EXPECT_EQ(ok[1].a.size(), limits::kTextBytes);
  InputError e;
  std::vector<InputText> cut = read("a\n" + atLimit + "y\nb\n", &e);
  EXPECT_EQ(cut.size(), 1u); // the text before it
  EXPECT_EQ(e.line, 2u);
  EXPECT_EQ(e.message, "line is longer than 1 MiB (the limit on one text)");
}

TEST(InputReader, ReadsOneTextAtATime) {
  std::istringstream in("first\nsecond\n");
  InputReader reader(in);
  InputText text;
  InputError e;
  ASSERT_TRUE(reader.next(text, e));
  EXPECT_EQ(text.a, "first");
  // Only the first line has been consumed: a pipe's later lines need not have arrived yet.
  std::string rest;
  std::getline(in, rest);
  EXPECT_EQ(rest, "second");
  EXPECT_FALSE(reader.next(text, e));
  EXPECT_TRUE(e.message.empty());
}

} // namespace
} // namespace bertc::cli
