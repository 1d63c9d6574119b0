// BertTokenizer: Hugging Face's BertTokenizerFast (BertNormalizer + BertPreTokenizer + WordPiece +
// [CLS]/[SEP] template) reimplemented without dependencies beyond utf8proc.
//
//   auto tokenizer = bertc::tokenizer::BertTokenizer::fromVocabFile("vocab.txt");
//   bertc::tokenizer::Encoding e = tokenizer.encode("Hello world!");
//   // e.ids = {101, 7592, 2088, 999, 102}, e.offsets in bytes of the input
#pragma once

#include "tokenizer/Encoding.h"
#include "tokenizer/Normalizer.h"
#include "tokenizer/Vocab.h"
#include "tokenizer/WordPiece.h"

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bertc::tokenizer {

struct BertTokenizerConfig {
  BertNormalizerOptions normalizer;
  WordPieceOptions wordpiece;
  std::string clsToken = "[CLS]";
  std::string sepToken = "[SEP]";
  // Tokens matched whole in the raw input (before normalization), leftmost-longest, as HF's
  // added special tokens. Those absent from the vocabulary are ignored.
  std::vector<std::string> specialTokens = {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"};
  TruncationOptions truncation;
  PaddingOptions padding;
};

class BertTokenizer {
public:
  // Throws TokenizerError when the vocabulary lacks unk, cls or sep.
  BertTokenizer(Vocab vocab, BertTokenizerConfig config);

  // vocab.txt with BertTokenizerFast's defaults; lowercase=false for cased vocabularies.
  static BertTokenizer fromVocabFile(const std::string& path, bool lowercase = true);
  // A Hugging Face tokenizer.json with a WordPiece model (see TokenizerJson.h).
  static BertTokenizer fromTokenizerJsonFile(const std::string& path);

  // [CLS] text [SEP] (or just the pieces when addSpecialTokens is false), truncated and padded
  // as configured.
  Encoding encode(std::string_view text, bool addSpecialTokens = true) const;
  // [CLS] a [SEP] b [SEP], token_type_ids 0 then 1.
  Encoding encodePair(std::string_view a, std::string_view b, bool addSpecialTokens = true) const;
  // Batch versions: BatchLongest padding pads to the longest encoding of the batch.
  std::vector<Encoding> encodeBatch(const std::vector<std::string_view>& texts) const;
  std::vector<Encoding>
  encodePairBatch(const std::vector<std::pair<std::string_view, std::string_view>>& pairs) const;

  static constexpr std::size_t kNoTokenLimit = static_cast<std::size_t>(-1);

  // Appends the word pieces of text (no [CLS]/[SEP], no truncation) to ids/offsets. Words after
  // the one that brings the count to maxTokens are skipped.
  void tokenize(std::string_view text, std::vector<TokenId>& ids, std::vector<Offset>& offsets,
                std::size_t maxTokens = kNoTokenLimit) const;

  std::vector<std::string_view> tokens(const Encoding& encoding) const;
  std::string_view idToToken(TokenId id) const { return vocab_.token(id); }
  const Vocab& vocab() const { return vocab_; }
  const BertTokenizerConfig& config() const { return config_; }
  TokenId clsId() const { return clsId_; }
  TokenId sepId() const { return sepId_; }

  void setTruncation(TruncationOptions truncation) { config_.truncation = truncation; }
  void setPadding(PaddingOptions padding) { config_.padding = padding; }

private:
  enum class AsciiAction : unsigned char { Drop, Split, Punctuation, WordChar };
  struct SpecialToken {
    std::string text;
    TokenId id;
  };
  class WordBuilder;

  bool matchSpecial(std::string_view text, std::size_t pos, std::size_t& length, TokenId& id) const;
  Encoding postProcess(std::vector<TokenId> idsA, std::vector<Offset> offsetsA,
                       const std::vector<TokenId>* idsB, const std::vector<Offset>* offsetsB,
                       bool addSpecialTokens) const;

  Vocab vocab_;
  BertTokenizerConfig config_;
  BertNormalizer normalizer_;
  WordPiece wordpiece_;
  TokenId clsId_ = -1;
  TokenId sepId_ = -1;
  std::vector<SpecialToken> specialTokens_; // longest first
  std::array<bool, 256> specialFirstByte_{};
  std::array<AsciiAction, 128> asciiAction_{};
  std::array<char, 128> asciiNormalized_{};
};

} // namespace bertc::tokenizer
