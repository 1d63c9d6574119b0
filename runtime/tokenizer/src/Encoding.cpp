#include "tokenizer/Encoding.h"

#include <algorithm>

namespace bertc::tokenizer {

void Encoding::append(TokenId id, std::uint32_t typeId, Offset offset, bool special) {
  ids.push_back(id);
  typeIds.push_back(typeId);
  attentionMask.push_back(1);
  specialTokensMask.push_back(special ? 1 : 0);
  offsets.push_back(offset);
}

// HF tokenizers' truncate_encodings, TruncationStrategy::LongestFirst.
void longestFirstLengths(std::size_t budget, std::size_t& n1, std::size_t& n2) {
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

void padEncoding(Encoding& encoding, std::size_t length, const PaddingOptions& padding) {
  while (encoding.size() < length) {
    encoding.ids.push_back(padding.padId);
    encoding.typeIds.push_back(padding.padTypeId);
    encoding.attentionMask.push_back(0);
    encoding.specialTokensMask.push_back(1);
    encoding.offsets.push_back({});
  }
}

} // namespace bertc::tokenizer
