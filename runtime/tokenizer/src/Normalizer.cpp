#include "tokenizer/Normalizer.h"

#include "tokenizer/Utf8.h"

namespace bertc::tokenizer {

NormalizedText BertNormalizer::normalize(std::string_view text) const {
  NormalizedText result;
  for (std::size_t pos = 0; pos < text.size();) {
    const DecodedChar decoded = decodeUtf8(text, pos);
    const std::pair<std::size_t, std::size_t> origin{pos, pos + decoded.length};
    normalizeChar(decoded.codePoint, [&](char32_t c) {
      const std::size_t before = result.text.size();
      appendUtf8(result.text, c);
      result.origin.insert(result.origin.end(), result.text.size() - before, origin);
    });
    pos += decoded.length;
  }
  return result;
}

} // namespace bertc::tokenizer
