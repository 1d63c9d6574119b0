// One test per rule of BertTokenizerFast, on small hand-made vocabularies. Expected values
// follow the rule definitions of HF tokenizers (bert.rs, wordpiece.rs), not this code's output.
#include "TestSupport.h"
#include "tokenizer/Normalizer.h"
#include "tokenizer/TokenizerError.h"
#include "tokenizer/TokenizerJson.h"
#include "tokenizer/UnicodeRules.h"
#include "tokenizer/Utf8.h"

#include <gtest/gtest.h>

namespace bertc::tokenizer {
namespace {

BertTokenizer toy(std::string_view vocabLines, BertNormalizerOptions normalizer = {}) {
  BertTokenizerConfig config;
  config.normalizer = normalizer;
  return BertTokenizer(Vocab::fromTxt(vocabLines), config);
}

constexpr std::string_view kToyVocab =
    "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\nun\n##aff\n##able\nhello\n!\n,\na\n##b\nab\n中\ni\n##̇\n";

std::vector<std::string> pieces(const BertTokenizer& tokenizer, std::string_view text) {
  const Encoding e = tokenizer.encode(text, false);
  const auto tokens = tokenizer.tokens(e);
  return {tokens.begin(), tokens.end()};
}

using Strings = std::vector<std::string>;

TEST(Utf8, InvalidBytesDecodeAsOneReplacementPerMaximalSubpart) {
  // "\xE2\x82" is a truncated 3-byte sequence: one U+FFFD covering 2 bytes.
  EXPECT_EQ(decodeUtf8("\xE2\x82x", 0).codePoint, kReplacementChar);
  EXPECT_EQ(decodeUtf8("\xE2\x82x", 0).length, 2u);
  EXPECT_EQ(decodeUtf8("\xC0\xAF", 0).length, 1u);         // overlong lead: 1 byte
  EXPECT_EQ(decodeUtf8("\xED\xA0\x80", 0).length, 1u);     // surrogate: 1 byte
  EXPECT_EQ(decodeUtf8("\xF4\x90\x80\x80", 0).length, 1u); // above U+10FFFF
  EXPECT_EQ(decodeUtf8("\xF0\x9F\x98", 0).length, 3u);     // truncated at end of input
  EXPECT_EQ(decodeUtf8("\xF0\x9F\x98\x80", 0).codePoint, char32_t(0x1F600));
  EXPECT_FALSE(isValidUtf8("a\xFF"));
  EXPECT_TRUE(isValidUtf8("\xEF\xBF\xBD")); // a real U+FFFD
}

TEST(Utf8, InvalidInputIsRemovedLikeU_FFFDAndOffsetsStayInside) {
  const BertTokenizer t = toy(kToyVocab);
  const Encoding e = t.encode("un\xFF"
                              "aff\xE2\x82"
                              "able",
                              false); // clean_text drops U+FFFD
  EXPECT_EQ(t.tokens(e), (std::vector<std::string_view>{"un", "##aff", "##able"}));
  EXPECT_EQ(e.offsets.back(), (Offset{8, 12}));
}

TEST(CleanText, RemovesControlFormatPrivateUseKeepsUnassigned) {
  EXPECT_TRUE(isRemovedByCleanText(0));
  EXPECT_TRUE(isRemovedByCleanText(0x0B));   // Cc, even though it is white space
  EXPECT_TRUE(isRemovedByCleanText(0x200D)); // Cf
  EXPECT_TRUE(isRemovedByCleanText(0xE000)); // Co
  EXPECT_TRUE(isRemovedByCleanText(0xFFFD));
  EXPECT_FALSE(isRemovedByCleanText(0x0378)); // Cn is kept, as in HF
  EXPECT_FALSE(isRemovedByCleanText('\t'));
  const BertTokenizer t = toy(kToyVocab);
  EXPECT_EQ(pieces(t, "un\x01"
                      "aff\xE2\x80\x8D"
                      "able"),
            (Strings{"un", "##aff", "##able"}));
}

TEST(CleanText, WhiteSpaceIsUnicodeWhiteSpace) {
  EXPECT_TRUE(isBertWhitespace(0x3000));
  EXPECT_TRUE(isBertWhitespace(0x2028));
  EXPECT_TRUE(isBertWhitespace(0x00A0));
  EXPECT_FALSE(isBertWhitespace(0x200B)); // ZERO WIDTH SPACE is Cf, not White_Space
  const BertTokenizer t = toy(kToyVocab);
  EXPECT_EQ(pieces(t, "hello\xE3\x80\x80hello"), (Strings{"hello", "hello"}));
}

TEST(ChineseChars, HfRangesIncludingSupplementaryPlanes) {
  EXPECT_TRUE(isChineseChar(0x4E2D));
  EXPECT_TRUE(isChineseChar(0x20000));
  EXPECT_TRUE(isChineseChar(0x2B920));
  EXPECT_FALSE(isChineseChar(0x2B820)); // HF's extension-E range starts at U+2B920
  EXPECT_TRUE(isChineseChar(0xF900));
  EXPECT_FALSE(isChineseChar(0x3042)); // Hiragana is not split
  const BertTokenizer t = toy(kToyVocab);
  EXPECT_EQ(pieces(t, "ab中ab"), (Strings{"ab", "中", "ab"}));
}

TEST(Punctuation, AsciiSymbolsAndUnicodeP) {
  EXPECT_TRUE(isBertPunctuation('$')); // ASCII symbol, not Unicode P
  EXPECT_TRUE(isBertPunctuation('`'));
  EXPECT_TRUE(isBertPunctuation(0x2013));  // EN DASH, Pd
  EXPECT_FALSE(isBertPunctuation(0x20AC)); // EURO SIGN, Sc
  const BertTokenizer t = toy(kToyVocab);
  EXPECT_EQ(pieces(t, "hello,hello!"), (Strings{"hello", ",", "hello", "!"}));
}

TEST(Normalizer, StripAccentsBeforeLowercaseAndIndependentFlags) {
  const BertNormalizer uncased(BertNormalizerOptions::uncased());
  EXPECT_EQ(uncased.normalize("\xC4\xB0stanbul Caf\xC3\xA9").text, "istanbul cafe");
  BertNormalizerOptions keepAccents;
  keepAccents.stripAccents = false;
  // Lowercase only: U+0130 becomes "i" + U+0307.
  EXPECT_EQ(BertNormalizer(keepAccents).normalize("\xC4\xB0").text, "i\xCC\x87");
  BertNormalizerOptions casedStrip = BertNormalizerOptions::cased();
  casedStrip.stripAccents = true;
  EXPECT_EQ(BertNormalizer(casedStrip).normalize("Caf\xC3\xA9").text, "Cafe");
  EXPECT_EQ(BertNormalizer(BertNormalizerOptions::cased()).normalize("Caf\xC3\xA9").text,
            "Caf\xC3\xA9");
  // NFD does not apply compatibility mappings: the ligature stays.
  EXPECT_EQ(uncased.normalize("\xEF\xAC\x81").text, "\xEF\xAC\x81");
}

TEST(Normalizer, OriginOfEachNormalizedByteIsItsInputCharacter) {
  const NormalizedText n = BertNormalizer().normalize("\xC3\x89t\xC3\xA9"); // "Été"
  EXPECT_EQ(n.text, "ete");
  EXPECT_EQ(n.origin, (std::vector<std::pair<std::size_t, std::size_t>>{{0, 2}, {2, 3}, {3, 5}}));
}

TEST(Offsets, TokensPointAtOriginalBytesWhenLengthsChange) {
  BertNormalizerOptions keepAccents;
  keepAccents.stripAccents = false;
  const BertTokenizer t = toy(kToyVocab, keepAccents);
  const Encoding e = t.encode("\xC4\xB0", false); // İ -> i + U+0307 -> "i", "##̇"
  EXPECT_EQ(t.tokens(e), (std::vector<std::string_view>{"i", "##\xCC\x87"}));
  EXPECT_EQ(e.offsets, (std::vector<Offset>{{0, 2}, {0, 2}}));
}

TEST(WordPiece, GreedyLongestMatchFirstWithContinuations) {
  const BertTokenizer t = toy(kToyVocab);
  EXPECT_EQ(pieces(t, "unaffable"), (Strings{"un", "##aff", "##able"}));
  EXPECT_EQ(pieces(t, "abb"), (Strings{"ab", "##b"}));    // "ab" beats "a" + "##b"
  EXPECT_EQ(pieces(t, "unaffablex"), (Strings{"[UNK]"})); // one unmatched part: whole word
}

TEST(WordPiece, WordsLongerThanMaxCharsAreUnknown) {
  const BertTokenizer t = toy(kToyVocab);
  std::string hundred = "a";
  for (int i = 1; i < 100; ++i)
    hundred += "b";
  EXPECT_EQ(pieces(t, hundred).size(), 99u);               // "ab" then 98 x "##b"
  EXPECT_EQ(pieces(t, hundred + "b"), (Strings{"[UNK]"})); // 101 characters
}

TEST(SpecialTokens, MatchedWholeInRawTextOnly) {
  const BertTokenizer t = toy(kToyVocab);
  EXPECT_EQ(pieces(t, "hello[MASK]hello"), (Strings{"hello", "[MASK]", "hello"}));
  EXPECT_EQ(t.encode("[MASK]", false).offsets, (std::vector<Offset>{{0, 6}}));
  // Not special: lower case, or a control character inside (HF matches before cleaning).
  EXPECT_EQ(pieces(t, "[mask]").front(), "[UNK]");
  EXPECT_EQ(pieces(t, "[MA\x01SK]").size(), 3u);
}

TEST(Template, SingleAndPair) {
  const BertTokenizer t = toy(kToyVocab);
  const Encoding single = t.encode("hello");
  EXPECT_EQ(single.ids, (std::vector<TokenId>{2, 8, 3}));
  EXPECT_EQ(single.specialTokensMask, (std::vector<std::uint8_t>{1, 0, 1}));
  const Encoding pair = t.encodePair("hello", "un");
  EXPECT_EQ(pair.ids, (std::vector<TokenId>{2, 8, 3, 5, 3}));
  EXPECT_EQ(pair.typeIds, (std::vector<std::uint32_t>{0, 0, 0, 1, 1}));
}

TEST(Truncation, LongestFirstLengths) {
  std::size_t a = 10, b = 2;
  longestFirstLengths(6, a, b);
  EXPECT_EQ(a, 4u);
  EXPECT_EQ(b, 2u);
  a = 10, b = 9;
  longestFirstLengths(5, a, b);
  EXPECT_EQ(a, 3u); // the longer one gets the odd token
  EXPECT_EQ(b, 2u);
  BertTokenizer t = toy(kToyVocab);
  t.setTruncation({1});
  EXPECT_THROW(t.encode("hello"), TokenizerError); // cannot hold [CLS] and [SEP]
}

TEST(Padding, BatchLongestPadsWithPadIdAndZeroMask) {
  BertTokenizer t = toy(kToyVocab);
  PaddingOptions padding;
  padding.strategy = PaddingOptions::Strategy::BatchLongest;
  t.setPadding(padding);
  const auto batch = t.encodeBatch({"hello", "hello hello hello"});
  EXPECT_EQ(batch[0].ids, (std::vector<TokenId>{2, 8, 3, 0, 0}));
  EXPECT_EQ(batch[0].attentionMask, (std::vector<std::uint8_t>{1, 1, 1, 0, 0}));
  EXPECT_EQ(batch[1].size(), 5u);
}

TEST(Vocab, TxtTrimsTrailingSpaceAndRejectsBadInput) {
  const Vocab v = Vocab::fromTxt("a \r\nb\n");
  EXPECT_EQ(v.id("a"), TokenId(0));
  EXPECT_EQ(v.id("b"), TokenId(1));
  EXPECT_THROW(Vocab::fromTxt("a\n\xFF\n"), TokenizerError);
  EXPECT_THROW(Vocab::fromTxt(""), TokenizerError);
  EXPECT_THROW(Vocab::fromTxtFile("/nonexistent/vocab.txt"), TokenizerError);
  EXPECT_THROW(toy("a\nb\n"), TokenizerError); // no [UNK]
}

TEST(TokenizerJson, RejectsWhatItCannotHonour) {
  EXPECT_THROW(loadTokenizerJson("not json"), TokenizerError);
  EXPECT_THROW(loadTokenizerJson(R"({"model": {"type": "BPE", "vocab": {}}})"), TokenizerError);
  EXPECT_THROW(loadTokenizerJson(
                   R"({"model": {"type": "WordPiece", "vocab": {"[UNK]": 0, "[CLS]": 1,
                   "[SEP]": 2}}, "normalizer": {"type": "NFC"}, "pre_tokenizer":
                   {"type": "BertPreTokenizer"}})"),
               TokenizerError);
}

TEST(Cli, PrintsOneJsonLinePerInputLineAndFailsClearly) {
  const std::string command =
      std::string(BERT_TOKENIZE_EXE) + " --vocab " + testing::uncasedVocab() + " < /dev/null";
  EXPECT_EQ(std::system(command.c_str()), 0);
  FILE* pipe = popen((std::string("printf 'Hello\\n\\nQuestion?\\n' | ") + BERT_TOKENIZE_EXE +
                      " --vocab " + testing::uncasedVocab())
                         .c_str(),
                     "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  char buffer[4096];
  while (std::size_t n = fread(buffer, 1, sizeof buffer, pipe))
    output.append(buffer, n);
  EXPECT_EQ(pclose(pipe), 0);
  EXPECT_EQ(output,
            "{\"ids\": [101, 7592, 102], \"tokens\": [\"[CLS]\", \"hello\", \"[SEP]\"], "
            "\"token_type_ids\": [0, 0, 0], \"offsets\": [[0, 0], [0, 5], [0, 0]]}\n"
            "{\"ids\": [101, 102], \"tokens\": [\"[CLS]\", \"[SEP]\"], \"token_type_ids\": [0, "
            "0], \"offsets\": [[0, 0], [0, 0]]}\n"
            "{\"ids\": [101, 3160, 1029, 102], \"tokens\": [\"[CLS]\", \"question\", \"?\", "
            "\"[SEP]\"], \"token_type_ids\": [0, 0, 0, 0], \"offsets\": [[0, 0], [0, 8], [8, 9], "
            "[0, 0]]}\n");
  const std::string missing = std::string(BERT_TOKENIZE_EXE) + " x 2>/dev/null";
  EXPECT_EQ(WEXITSTATUS(std::system(missing.c_str())), 2);
  const std::string badTsv = std::string("echo no-tab | ") + BERT_TOKENIZE_EXE + " --vocab " +
                             testing::uncasedVocab() + " --tsv >/dev/null 2>&1";
  EXPECT_EQ(WEXITSTATUS(std::system(badTsv.c_str())), 1);
}

} // namespace
} // namespace bertc::tokenizer
