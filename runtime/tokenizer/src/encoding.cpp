#include "tokenizer/encoding.h"

#include <algorithm>

namespace bertc::tokenizer {

void Encoding::append(TokenId id, std::uint32_t type_id, Offset offset, bool special) {
  ids.push_back(id);
  type_ids.push_back(type_id);
  attention_mask.push_back(1);
  special_tokens_mask.push_back(special ? 1 : 0);
  offsets.push_back(offset);
}

// HF tokenizers' truncate_encodings, TruncationStrategy::LongestFirst.
void longest_first_lengths(std::size_t budget, std::size_t& n1, std::size_t& n2) {
  if (n1 + n2 <= budget)
    return;
  std::size_t shorter = std::min(n1, n2);
  std::size_t longer = std::max(n1, n2);
  const bool swapped = n1 > n2;
  if (shorter > budget)
    longer = shorter;
  else
    longer = std::max(shorter, budget - shorter);
  if (shorter + longer > budget) {
    shorter = budget / 2;
    longer = shorter + budget % 2;
  }
  n1 = swapped ? longer : shorter;
  n2 = swapped ? shorter : longer;
}

void pad_encoding(Encoding& encoding, std::size_t length, const PaddingOptions& padding) {
  while (encoding.size() < length) {
    encoding.ids.push_back(padding.pad_id);
    encoding.type_ids.push_back(padding.pad_type_id);
    encoding.attention_mask.push_back(0);
    encoding.special_tokens_mask.push_back(1);
    encoding.offsets.push_back({});
  }
}

} // namespace bertc::tokenizer
