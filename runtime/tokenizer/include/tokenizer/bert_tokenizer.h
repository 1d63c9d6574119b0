// BertTokenizer: Hugging Face's BertTokenizerFast (BertNormalizer + BertPreTokenizer + WordPiece +
// [CLS]/[SEP] template) reimplemented without dependencies beyond utf8proc.
//
//   auto tokenizer = bertc::tokenizer::BertTokenizer::from_vocab_file("vocab.txt");
//   bertc::tokenizer::Encoding e = tokenizer.encode("Hello world!");
//   // e.ids = {101, 7592, 2088, 999, 102}, e.offsets in bytes of the input
#pragma once

#include "tokenizer/encoding.h"
#include "tokenizer/normalizer.h"
#include "tokenizer/vocab.h"
#include "tokenizer/wordpiece.h"

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
  std::string cls_token = "[CLS]";
  std::string sep_token = "[SEP]";
  // Tokens matched whole in the raw input (before normalization), leftmost-longest, as HF's
  // added special tokens. Those absent from the vocabulary are ignored.
  std::vector<std::string> special_tokens = {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"};
  TruncationOptions truncation;
  PaddingOptions padding;
};

class BertTokenizer {
public:
  // Throws TokenizerError when the vocabulary lacks unk, cls or sep.
  BertTokenizer(Vocab vocab, BertTokenizerConfig config);

  // vocab.txt with BertTokenizerFast's defaults; lowercase=false for cased vocabularies.
  static BertTokenizer from_vocab_file(const std::string& path, bool lowercase = true);
  // A Hugging Face tokenizer.json with a WordPiece model (see tokenizer_json.h).
  static BertTokenizer from_tokenizer_json_file(const std::string& path);

  // [CLS] text [SEP] (or just the pieces when add_special_tokens is false), truncated and padded
  // as configured.
  Encoding encode(std::string_view text, bool add_special_tokens = true) const;
  // [CLS] a [SEP] b [SEP], token_type_ids 0 then 1.
  Encoding encode_pair(std::string_view a, std::string_view b,
                       bool add_special_tokens = true) const;
  // Batch versions: BatchLongest padding pads to the longest encoding of the batch.
  std::vector<Encoding> encode_batch(const std::vector<std::string_view>& texts) const;
  std::vector<Encoding>
  encode_pair_batch(const std::vector<std::pair<std::string_view, std::string_view>>& pairs) const;

  static constexpr std::size_t kNoTokenLimit = static_cast<std::size_t>(-1);

  // Appends the word pieces of text (no [CLS]/[SEP], no truncation) to ids/offsets. Words after
  // the one that brings the count to max_tokens are skipped.
  void tokenize(std::string_view text, std::vector<TokenId>& ids, std::vector<Offset>& offsets,
                std::size_t max_tokens = kNoTokenLimit) const;

  std::vector<std::string_view> tokens(const Encoding& encoding) const;
  std::string_view id_to_token(TokenId id) const { return vocab_.token(id); }
  const Vocab& vocab() const { return vocab_; }
  const BertTokenizerConfig& config() const { return config_; }
  TokenId cls_id() const { return cls_id_; }
  TokenId sep_id() const { return sep_id_; }

  void set_truncation(TruncationOptions truncation) { config_.truncation = truncation; }
  void set_padding(PaddingOptions padding) { config_.padding = padding; }

private:
  enum class AsciiAction : unsigned char { kDrop, kSplit, kPunctuation, kWordChar };
  struct SpecialToken {
    std::string text;
    TokenId id;
  };
  class WordBuilder;

  bool match_special(std::string_view text, std::size_t pos, std::size_t& length,
                     TokenId& id) const;
  Encoding post_process(std::vector<TokenId> ids_a, std::vector<Offset> offsets_a,
                        const std::vector<TokenId>* ids_b, const std::vector<Offset>* offsets_b,
                        bool add_special_tokens) const;

  Vocab vocab_;
  BertTokenizerConfig config_;
  BertNormalizer normalizer_;
  WordPiece wordpiece_;
  TokenId cls_id_ = -1;
  TokenId sep_id_ = -1;
  std::vector<SpecialToken> special_tokens_; // longest first
  std::array<bool, 256> special_first_byte_{};
  std::array<AsciiAction, 128> ascii_action_{};
  std::array<char, 128> ascii_normalized_{};
};

} // namespace bertc::tokenizer
