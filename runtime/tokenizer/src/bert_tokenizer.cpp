#include "tokenizer/bert_tokenizer.h"

#include "tokenizer/error.h"
#include "tokenizer/tokenizer_json.h"
#include "tokenizer/utf8.h"

#include <algorithm>

namespace bertc::tokenizer {

// Collects the normalized bytes of the current word, with the input byte range each came from,
// and hands finished words to WordPiece. Splitting follows BertPreTokenizer: white space ends a
// word and is dropped, punctuation is a word of its own.
class BertTokenizer::WordBuilder {
public:
  WordBuilder(const WordPiece& wordpiece, std::vector<TokenId>& ids, std::vector<Offset>& offsets,
              std::size_t max_tokens)
      : wordpiece_(wordpiece), ids_(ids), offsets_(offsets), first_(ids.size()),
        max_tokens_(max_tokens) {}

  // True once max_tokens have been produced: later words are skipped.
  bool full() const { return full_; }

  void append_ascii(char c, std::size_t begin) {
    if (full_)
      return;
    word_.push_back(c);
    begins_.push_back(static_cast<std::uint32_t>(begin));
    ends_.push_back(static_cast<std::uint32_t>(begin + 1));
  }

  // A normalized character that came from input bytes [begin, end).
  void append_normalized(char32_t c, std::size_t begin, std::size_t end) {
    if (is_bert_whitespace(c)) {
      flush();
    } else if (is_bert_punctuation(c)) {
      flush();
      append(c, begin, end);
      flush();
    } else {
      append(c, begin, end);
    }
  }

  void append(char32_t c, std::size_t begin, std::size_t end) {
    if (full_)
      return;
    const std::size_t before = word_.size();
    append_utf8(word_, c);
    begins_.insert(begins_.end(), word_.size() - before, static_cast<std::uint32_t>(begin));
    ends_.insert(ends_.end(), word_.size() - before, static_cast<std::uint32_t>(end));
  }

  void emit_special(TokenId id, std::size_t begin, std::size_t end) {
    if (full_)
      return;
    emit(id, begin, end);
    full_ = ids_.size() - first_ >= max_tokens_;
  }

  void flush() {
    if (word_.empty())
      return;
    pieces_.clear();
    wordpiece_.tokenize(word_, pieces_);
    for (const WordPieceMatch& piece : pieces_)
      emit(piece.id, begins_[piece.begin], ends_[piece.end - 1]);
    word_.clear();
    begins_.clear();
    ends_.clear();
    full_ = ids_.size() - first_ >= max_tokens_;
  }

private:
  void emit(TokenId id, std::size_t begin, std::size_t end) {
    ids_.push_back(id);
    offsets_.push_back({begin, end});
  }

  const WordPiece& wordpiece_;
  std::vector<TokenId>& ids_;
  std::vector<Offset>& offsets_;
  std::string word_;
  std::vector<std::uint32_t> begins_, ends_; // per byte of word_
  std::vector<WordPieceMatch> pieces_;
  std::size_t first_;
  std::size_t max_tokens_;
  bool full_ = false;
};

namespace {
TokenId require_id(const Vocab& vocab, const std::string& token, const char* role) {
  const auto id = vocab.id(token);
  if (!id)
    throw TokenizerError(std::string("the vocabulary has no ") + role + " token '" + token + "'");
  return *id;
}
} // namespace

BertTokenizer::BertTokenizer(Vocab vocab, BertTokenizerConfig config)
    : vocab_(std::move(vocab)), config_(std::move(config)), normalizer_(config_.normalizer),
      wordpiece_(vocab_, config_.wordpiece) {
  cls_id_ = require_id(vocab_, config_.cls_token, "[CLS]");
  sep_id_ = require_id(vocab_, config_.sep_token, "[SEP]");
  for (const std::string& token : config_.special_tokens) {
    const auto id = vocab_.id(token);
    if (!id || token.empty())
      continue;
    special_tokens_.push_back({token, *id});
    special_first_byte_[static_cast<unsigned char>(token[0])] = true;
  }
  std::stable_sort(special_tokens_.begin(), special_tokens_.end(),
                   [](const auto& a, const auto& b) { return a.text.size() > b.text.size(); });
  // ASCII input takes a table lookup: the normalizer's verdict on each byte, precomputed.
  for (char32_t c = 0; c < 128; ++c) {
    AsciiAction action = AsciiAction::kDrop;
    char normalized = 0;
    normalizer_.normalize_char(c, [&](char32_t out) {
      normalized = static_cast<char>(out);
      action = is_bert_whitespace(out)    ? AsciiAction::kSplit
               : is_bert_punctuation(out) ? AsciiAction::kPunctuation
                                          : AsciiAction::kWordChar;
    });
    ascii_action_[c] = action;
    ascii_normalized_[c] = normalized;
  }
}

BertTokenizer BertTokenizer::from_vocab_file(const std::string& path, bool lowercase) {
  BertTokenizerConfig config;
  config.normalizer = lowercase ? BertNormalizerOptions::uncased() : BertNormalizerOptions::cased();
  return BertTokenizer(Vocab::from_txt_file(path), config);
}

BertTokenizer BertTokenizer::from_tokenizer_json_file(const std::string& path) {
  return load_tokenizer_json_file(path);
}

bool BertTokenizer::match_special(std::string_view text, std::size_t pos, std::size_t& length,
                                  TokenId& id) const {
  for (const SpecialToken& special : special_tokens_) { // longest first
    if (text.compare(pos, special.text.size(), special.text) == 0) {
      length = special.text.size();
      id = special.id;
      return true;
    }
  }
  return false;
}

void BertTokenizer::tokenize(std::string_view text, std::vector<TokenId>& ids,
                             std::vector<Offset>& offsets, std::size_t max_tokens) const {
  WordBuilder word(wordpiece_, ids, offsets, max_tokens);
  const std::size_t size = text.size();
  std::size_t pos = 0;
  while (pos < size && !word.full()) {
    const auto byte = static_cast<unsigned char>(text[pos]);
    if (special_first_byte_[byte]) {
      std::size_t length = 0;
      TokenId id = -1;
      if (match_special(text, pos, length, id)) {
        word.flush();
        word.emit_special(id, pos, pos + length);
        pos += length;
        continue;
      }
    }
    if (byte < 0x80) {
      switch (ascii_action_[byte]) {
      case AsciiAction::kDrop:
        break;
      case AsciiAction::kSplit:
        word.flush();
        break;
      case AsciiAction::kPunctuation:
        word.flush();
        word.append_ascii(ascii_normalized_[byte], pos);
        word.flush();
        break;
      case AsciiAction::kWordChar:
        word.append_ascii(ascii_normalized_[byte], pos);
        break;
      }
      ++pos;
      continue;
    }
    const DecodedChar decoded = decode_utf8(text, pos);
    const std::size_t end = pos + decoded.length;
    normalizer_.normalize_char(decoded.code_point,
                               [&](char32_t c) { word.append_normalized(c, pos, end); });
    pos = end;
  }
  word.flush();
}

Encoding BertTokenizer::post_process(std::vector<TokenId> ids_a, std::vector<Offset> offsets_a,
                                     const std::vector<TokenId>* ids_b,
                                     const std::vector<Offset>* offsets_b,
                                     bool add_special_tokens) const {
  std::size_t keep_a = ids_a.size();
  std::size_t keep_b = ids_b ? ids_b->size() : 0;
  if (config_.truncation.max_length > 0) {
    const std::size_t added = add_special_tokens ? (ids_b ? 3 : 2) : 0;
    if (config_.truncation.max_length < added)
      throw TokenizerError("max_length " + std::to_string(config_.truncation.max_length) +
                           " is shorter than the " + std::to_string(added) +
                           " special tokens it must hold");
    const std::size_t budget = config_.truncation.max_length - added;
    if (ids_b)
      longest_first_lengths(budget, keep_a, keep_b);
    else
      keep_a = std::min(keep_a, budget);
    keep_a = std::min(keep_a, ids_a.size());
    keep_b = std::min(keep_b, ids_b ? ids_b->size() : 0);
  }
  Encoding encoding;
  const std::size_t total = keep_a + keep_b + (add_special_tokens ? (ids_b ? 3 : 2) : 0);
  encoding.ids.reserve(total);
  encoding.type_ids.reserve(total);
  encoding.attention_mask.reserve(total);
  encoding.special_tokens_mask.reserve(total);
  encoding.offsets.reserve(total);
  if (add_special_tokens)
    encoding.append(cls_id_, 0, {}, true);
  for (std::size_t i = 0; i < keep_a; ++i)
    encoding.append(ids_a[i], 0, offsets_a[i], false);
  if (add_special_tokens)
    encoding.append(sep_id_, 0, {}, true);
  if (ids_b) {
    for (std::size_t i = 0; i < keep_b; ++i)
      encoding.append((*ids_b)[i], 1, (*offsets_b)[i], false);
    if (add_special_tokens)
      encoding.append(sep_id_, 1, {}, true);
  }
  if (config_.padding.strategy == PaddingOptions::Strategy::kFixed)
    pad_encoding(encoding, config_.padding.length, config_.padding);
  return encoding;
}

Encoding BertTokenizer::encode(std::string_view text, bool add_special_tokens) const {
  std::vector<TokenId> ids;
  std::vector<Offset> offsets;
  ids.reserve(text.size() / 4 + 4);
  offsets.reserve(text.size() / 4 + 4);
  tokenize(text, ids, offsets);
  return post_process(std::move(ids), std::move(offsets), nullptr, nullptr, add_special_tokens);
}

Encoding BertTokenizer::encode_pair(std::string_view a, std::string_view b,
                                    bool add_special_tokens) const {
  std::vector<TokenId> ids_a, ids_b;
  std::vector<Offset> offsets_a, offsets_b;
  // HF's tokenizers (since its early-exit change) stops tokenizing a sequence at the first word
  // that brings it to max_length tokens. longest_first
  // then compares these partial lengths, so the limits are observable; they were measured
  // against the Rust library (golden/truncation.jsonl).
  const std::size_t max_length = config_.truncation.max_length;
  tokenize(a, ids_a, offsets_a, max_length > 0 ? max_length : kNoTokenLimit);
  tokenize(b, ids_b, offsets_b, max_length > 0 ? max_length : kNoTokenLimit);
  return post_process(std::move(ids_a), std::move(offsets_a), &ids_b, &offsets_b,
                      add_special_tokens);
}

namespace {
void pad_batch(std::vector<Encoding>& batch, const PaddingOptions& padding) {
  if (padding.strategy != PaddingOptions::Strategy::kBatchLongest)
    return; // kFixed was applied per encoding
  std::size_t longest = 0;
  for (const Encoding& encoding : batch)
    longest = std::max(longest, encoding.size());
  for (Encoding& encoding : batch)
    pad_encoding(encoding, longest, padding);
}
} // namespace

std::vector<Encoding>
BertTokenizer::encode_batch(const std::vector<std::string_view>& texts) const {
  std::vector<Encoding> batch;
  batch.reserve(texts.size());
  for (std::string_view text : texts)
    batch.push_back(encode(text));
  pad_batch(batch, config_.padding);
  return batch;
}

std::vector<Encoding> BertTokenizer::encode_pair_batch(
    const std::vector<std::pair<std::string_view, std::string_view>>& pairs) const {
  std::vector<Encoding> batch;
  batch.reserve(pairs.size());
  for (const auto& [a, b] : pairs)
    batch.push_back(encode_pair(a, b));
  pad_batch(batch, config_.padding);
  return batch;
}

std::vector<std::string_view> BertTokenizer::tokens(const Encoding& encoding) const {
  std::vector<std::string_view> result;
  result.reserve(encoding.size());
  for (TokenId id : encoding.ids)
    result.push_back(vocab_.token(id));
  return result;
}

} // namespace bertc::tokenizer
