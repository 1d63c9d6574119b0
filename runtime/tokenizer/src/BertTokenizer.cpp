#include "tokenizer/BertTokenizer.h"

#include "tokenizer/TokenizerError.h"
#include "tokenizer/TokenizerJson.h"
#include "tokenizer/Utf8.h"

#include <algorithm>

namespace bertc::tokenizer {

// Collects the normalized bytes of the current word, with the input byte range each came from,
// and hands finished words to WordPiece. Splitting follows BertPreTokenizer: white space ends a
// word and is dropped, punctuation is a word of its own.
class BertTokenizer::WordBuilder {
public:
  WordBuilder(const WordPiece& wordpiece, std::vector<TokenId>& ids, std::vector<Offset>& offsets,
              std::size_t maxTokens)
      : wordpiece_(wordpiece), ids_(ids), offsets_(offsets), first_(ids.size()),
        maxTokens_(maxTokens) {}

  // True once maxTokens have been produced: later words are skipped.
  bool full() const { return full_; }

  void appendAscii(char c, std::size_t begin) {
    if (full_)
      return;
    word_.push_back(c);
    begins_.push_back(static_cast<std::uint32_t>(begin));
    ends_.push_back(static_cast<std::uint32_t>(begin + 1));
  }

  // A normalized character that came from input bytes [begin, end).
  void appendNormalized(char32_t c, std::size_t begin, std::size_t end) {
    if (isBertWhitespace(c)) {
      flush();
    } else if (isBertPunctuation(c)) {
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
    appendUtf8(word_, c);
    begins_.insert(begins_.end(), word_.size() - before, static_cast<std::uint32_t>(begin));
    ends_.insert(ends_.end(), word_.size() - before, static_cast<std::uint32_t>(end));
  }

  void emitSpecial(TokenId id, std::size_t begin, std::size_t end) {
    if (full_)
      return;
    emit(id, begin, end);
    full_ = ids_.size() - first_ >= maxTokens_;
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
    full_ = ids_.size() - first_ >= maxTokens_;
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
  std::size_t maxTokens_;
  bool full_ = false;
};

namespace {
TokenId requireId(const Vocab& vocab, const std::string& token, const char* role) {
  const auto id = vocab.id(token);
  if (!id)
    throw TokenizerError(std::string("the vocabulary has no ") + role + " token '" + token + "'");
  return *id;
}
} // namespace

BertTokenizer::BertTokenizer(Vocab vocab, BertTokenizerConfig config)
    : vocab_(std::move(vocab)), config_(std::move(config)), normalizer_(config_.normalizer),
      wordpiece_(vocab_, config_.wordpiece) {
  clsId_ = requireId(vocab_, config_.clsToken, "[CLS]");
  sepId_ = requireId(vocab_, config_.sepToken, "[SEP]");
  for (const std::string& token : config_.specialTokens) {
    const auto id = vocab_.id(token);
    if (!id || token.empty())
      continue;
    specialTokens_.push_back({token, *id});
    specialFirstByte_[static_cast<unsigned char>(token[0])] = true;
  }
  std::stable_sort(specialTokens_.begin(), specialTokens_.end(),
                   [](const auto& a, const auto& b) { return a.text.size() > b.text.size(); });
  // ASCII input takes a table lookup: the normalizer's verdict on each byte, precomputed.
  for (char32_t c = 0; c < 128; ++c) {
    AsciiAction action = AsciiAction::Drop;
    char normalized = 0;
    normalizer_.normalizeChar(c, [&](char32_t out) {
      normalized = static_cast<char>(out);
      action = isBertWhitespace(out)    ? AsciiAction::Split
               : isBertPunctuation(out) ? AsciiAction::Punctuation
                                        : AsciiAction::WordChar;
    });
    asciiAction_[c] = action;
    asciiNormalized_[c] = normalized;
  }
}

BertTokenizer BertTokenizer::fromVocabFile(const std::string& path, bool lowercase) {
  BertTokenizerConfig config;
  config.normalizer = lowercase ? BertNormalizerOptions::uncased() : BertNormalizerOptions::cased();
  return BertTokenizer(Vocab::fromTxtFile(path), config);
}

BertTokenizer BertTokenizer::fromTokenizerJsonFile(const std::string& path) {
  return loadTokenizerJsonFile(path);
}

bool BertTokenizer::matchSpecial(std::string_view text, std::size_t pos, std::size_t& length,
                                 TokenId& id) const {
  for (const SpecialToken& special : specialTokens_) { // longest first
    if (text.compare(pos, special.text.size(), special.text) == 0) {
      length = special.text.size();
      id = special.id;
      return true;
    }
  }
  return false;
}

void BertTokenizer::tokenize(std::string_view text, std::vector<TokenId>& ids,
                             std::vector<Offset>& offsets, std::size_t maxTokens) const {
  WordBuilder word(wordpiece_, ids, offsets, maxTokens);
  const std::size_t size = text.size();
  std::size_t pos = 0;
  while (pos < size && !word.full()) {
    const auto byte = static_cast<unsigned char>(text[pos]);
    if (specialFirstByte_[byte]) {
      std::size_t length = 0;
      TokenId id = -1;
      if (matchSpecial(text, pos, length, id)) {
        word.flush();
        word.emitSpecial(id, pos, pos + length);
        pos += length;
        continue;
      }
    }
    if (byte < 0x80) {
      switch (asciiAction_[byte]) {
      case AsciiAction::Drop:
        break;
      case AsciiAction::Split:
        word.flush();
        break;
      case AsciiAction::Punctuation:
        word.flush();
        word.appendAscii(asciiNormalized_[byte], pos);
        word.flush();
        break;
      case AsciiAction::WordChar:
        word.appendAscii(asciiNormalized_[byte], pos);
        break;
      }
      ++pos;
      continue;
    }
    const DecodedChar decoded = decodeUtf8(text, pos);
    const std::size_t end = pos + decoded.length;
    normalizer_.normalizeChar(decoded.codePoint,
                              [&](char32_t c) { word.appendNormalized(c, pos, end); });
    pos = end;
  }
  word.flush();
}

Encoding BertTokenizer::postProcess(std::vector<TokenId> idsA, std::vector<Offset> offsetsA,
                                    const std::vector<TokenId>* idsB,
                                    const std::vector<Offset>* offsetsB,
                                    bool addSpecialTokens) const {
  std::size_t keepA = idsA.size();
  std::size_t keepB = idsB ? idsB->size() : 0;
  if (config_.truncation.maxLength > 0) {
    const std::size_t added = addSpecialTokens ? (idsB ? 3 : 2) : 0;
    if (config_.truncation.maxLength < added)
      throw TokenizerError("max_length " + std::to_string(config_.truncation.maxLength) +
                           " is shorter than the " + std::to_string(added) +
                           " special tokens it must hold");
    const std::size_t budget = config_.truncation.maxLength - added;
    if (idsB)
      longestFirstLengths(budget, keepA, keepB);
    else
      keepA = std::min(keepA, budget);
    keepA = std::min(keepA, idsA.size());
    keepB = std::min(keepB, idsB ? idsB->size() : 0);
  }
  Encoding encoding;
  const std::size_t total = keepA + keepB + (addSpecialTokens ? (idsB ? 3 : 2) : 0);
  encoding.ids.reserve(total);
  encoding.typeIds.reserve(total);
  encoding.attentionMask.reserve(total);
  encoding.specialTokensMask.reserve(total);
  encoding.offsets.reserve(total);
  if (addSpecialTokens)
    encoding.append(clsId_, 0, {}, true);
  for (std::size_t i = 0; i < keepA; ++i)
    encoding.append(idsA[i], 0, offsetsA[i], false);
  if (addSpecialTokens)
    encoding.append(sepId_, 0, {}, true);
  if (idsB) {
    for (std::size_t i = 0; i < keepB; ++i)
      encoding.append((*idsB)[i], 1, (*offsetsB)[i], false);
    if (addSpecialTokens)
      encoding.append(sepId_, 1, {}, true);
  }
  if (config_.padding.strategy == PaddingOptions::Strategy::Fixed)
    padEncoding(encoding, config_.padding.length, config_.padding);
  return encoding;
}

Encoding BertTokenizer::encode(std::string_view text, bool addSpecialTokens) const {
  std::vector<TokenId> ids;
  std::vector<Offset> offsets;
  ids.reserve(text.size() / 4 + 4);
  offsets.reserve(text.size() / 4 + 4);
  tokenize(text, ids, offsets);
  return postProcess(std::move(ids), std::move(offsets), nullptr, nullptr, addSpecialTokens);
}

Encoding BertTokenizer::encodePair(std::string_view a, std::string_view b,
                                   bool addSpecialTokens) const {
  std::vector<TokenId> idsA, idsB;
  std::vector<Offset> offsetsA, offsetsB;
  // HF's tokenizers (since its early-exit change) stops tokenizing a sequence at the first word
  // that brings it to max_length tokens. longest_first
  // then compares these partial lengths, so the limits are observable; they were measured
  // against the Rust library (golden/truncation.jsonl).
  const std::size_t maxLength = config_.truncation.maxLength;
  tokenize(a, idsA, offsetsA, maxLength > 0 ? maxLength : kNoTokenLimit);
  tokenize(b, idsB, offsetsB, maxLength > 0 ? maxLength : kNoTokenLimit);
  return postProcess(std::move(idsA), std::move(offsetsA), &idsB, &offsetsB, addSpecialTokens);
}

namespace {
void padBatch(std::vector<Encoding>& batch, const PaddingOptions& padding) {
  if (padding.strategy != PaddingOptions::Strategy::BatchLongest)
    return; // Fixed padding was applied per encoding
  std::size_t longest = 0;
  for (const Encoding& encoding : batch)
    longest = std::max(longest, encoding.size());
  for (Encoding& encoding : batch)
    padEncoding(encoding, longest, padding);
}
} // namespace

std::vector<Encoding> BertTokenizer::encodeBatch(const std::vector<std::string_view>& texts) const {
  std::vector<Encoding> batch;
  batch.reserve(texts.size());
  for (std::string_view text : texts)
    batch.push_back(encode(text));
  padBatch(batch, config_.padding);
  return batch;
}

std::vector<Encoding> BertTokenizer::encodePairBatch(
    const std::vector<std::pair<std::string_view, std::string_view>>& pairs) const {
  std::vector<Encoding> batch;
  batch.reserve(pairs.size());
  for (const auto& [a, b] : pairs)
    batch.push_back(encodePair(a, b));
  padBatch(batch, config_.padding);
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
