// BertNormalizer: clean_text, handle_chinese_chars, strip_accents (NFD, drop Mn), lowercase,
// applied in that order to each character, as Hugging Face tokenizers does.
#pragma once

#include "tokenizer/UnicodeRules.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bertc::tokenizer {

struct BertNormalizerOptions {
  bool cleanText = true;
  bool handleChineseChars = true;
  // Unset: follows lowercase (HF's default). Set: independent of lowercase.
  std::optional<bool> stripAccents;
  bool lowercase = true;

  bool effectiveStripAccents() const { return stripAccents.value_or(lowercase); }

  static BertNormalizerOptions uncased() { return {}; }
  static BertNormalizerOptions cased() {
    BertNormalizerOptions options;
    options.lowercase = false;
    return options;
  }
};

// The normalized text of a whole input and, for each of its bytes, the byte range of the input
// character it came from. Used by tests and tools; the tokenizer normalizes on the fly.
struct NormalizedText {
  std::string text;
  std::vector<std::pair<std::size_t, std::size_t>> origin; // one per byte of text
};

class BertNormalizer {
public:
  explicit BertNormalizer(BertNormalizerOptions options = {})
      : options_(options), stripAccents_(options.effectiveStripAccents()) {}

  const BertNormalizerOptions& options() const { return options_; }

  // Feeds the normalized characters of one input character to emit(char32_t). A character can
  // yield none (removed), one, or several (decomposition, CJK padding, İ lowercase).
  template <class Emit> void normalizeChar(char32_t c, Emit&& emit) const {
    if (options_.cleanText) {
      if (isRemovedByCleanText(c))
        return;
      if (isBertWhitespace(c))
        c = U' ';
    }
    if (options_.handleChineseChars && isChineseChar(c)) {
      emit(U' ');
      accentsAndCase(c, emit);
      emit(U' ');
      return;
    }
    accentsAndCase(c, emit);
  }

  // Normalizes a whole text (invalid UTF-8 decodes as U+FFFD, see Utf8.h).
  NormalizedText normalize(std::string_view text) const;

private:
  template <class Emit> void accentsAndCase(char32_t c, Emit& emit) const {
    if (!stripAccents_) {
      lowerCase(c, emit);
      return;
    }
    char32_t parts[kMaxDecomposition];
    const std::size_t count = c < 0xC0 ? (parts[0] = c, 1) : decomposeCanonical(c, parts);
    for (std::size_t i = 0; i < count; ++i)
      if (!isNonspacingMark(parts[i]))
        lowerCase(parts[i], emit);
  }

  template <class Emit> void lowerCase(char32_t c, Emit& emit) const {
    if (!options_.lowercase) {
      emit(c);
      return;
    }
    char32_t lowered[2];
    const std::size_t count = toLowercaseFull(c, lowered);
    for (std::size_t i = 0; i < count; ++i)
      emit(lowered[i]);
  }

  BertNormalizerOptions options_;
  bool stripAccents_;
};

} // namespace bertc::tokenizer
