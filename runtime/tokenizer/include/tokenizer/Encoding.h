// The result of encoding a text or a pair, and the post-processing steps HF applies to it:
// truncation, the [CLS]/[SEP] template and padding.
#pragma once

#include "tokenizer/Vocab.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace bertc::tokenizer {

// Byte range [begin, end) into the original UTF-8 text the token came from (text A or text B
// of a pair: each sequence's offsets index its own text). Special and padding tokens: {0, 0}.
struct Offset {
  std::size_t begin = 0;
  std::size_t end = 0;
  bool operator==(const Offset& other) const { return begin == other.begin && end == other.end; }
};

struct Encoding {
  std::vector<TokenId> ids;
  std::vector<std::uint32_t> typeIds;          // 0 for text A, 1 for text B
  std::vector<std::uint8_t> attentionMask;     // 0 for padding
  std::vector<std::uint8_t> specialTokensMask; // 1 for [CLS], [SEP], padding
  std::vector<Offset> offsets;

  std::size_t size() const { return ids.size(); }
  void append(TokenId id, std::uint32_t typeId, Offset offset, bool special);
};

struct TruncationOptions {
  // Maximum number of ids including [CLS]/[SEP]; 0 disables truncation. Pairs are truncated
  // longest_first (HF's algorithm), from the right.
  std::size_t maxLength = 0;
};

struct PaddingOptions {
  enum class Strategy { None, BatchLongest, Fixed };
  Strategy strategy = Strategy::None;
  std::size_t length = 0; // for Fixed
  TokenId padId = 0;
  std::uint32_t padTypeId = 0;
  std::string padToken = "[PAD]";
};

// HF's longest_first split of a budget between two sequences of n1 and n2 tokens: returns the
// kept lengths.
void longestFirstLengths(std::size_t budget, std::size_t& n1, std::size_t& n2);

// Pads encoding on the right to length (no-op when already that long or longer).
void padEncoding(Encoding& encoding, std::size_t length, const PaddingOptions& padding);

} // namespace bertc::tokenizer
