// BertNormalizer: clean_text, handle_chinese_chars, strip_accents (NFD, drop Mn), lowercase,
// applied in that order to each character, as Hugging Face tokenizers does.
#pragma once

#include "tokenizer/unicode_rules.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bertc::tokenizer {

struct BertNormalizerOptions {
  bool clean_text = true;
  bool handle_chinese_chars = true;
  // Unset: follows lowercase (HF's default). Set: independent of lowercase.
  std::optional<bool> strip_accents;
  bool lowercase = true;

  bool effective_strip_accents() const { return strip_accents.value_or(lowercase); }

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
      : options_(options), strip_accents_(options.effective_strip_accents()) {}

  const BertNormalizerOptions& options() const { return options_; }

  // Feeds the normalized characters of one input character to emit(char32_t). A character can
  // yield none (removed), one, or several (decomposition, CJK padding, İ lowercase).
  template <class Emit> void normalize_char(char32_t c, Emit&& emit) const {
    if (options_.clean_text) {
      if (is_removed_by_clean_text(c))
        return;
      if (is_bert_whitespace(c))
        c = U' ';
    }
    if (options_.handle_chinese_chars && is_chinese_char(c)) {
      emit(U' ');
      accents_and_case(c, emit);
      emit(U' ');
      return;
    }
    accents_and_case(c, emit);
  }

  // Normalizes a whole text (invalid UTF-8 decodes as U+FFFD, see utf8.h).
  NormalizedText normalize(std::string_view text) const;

private:
  template <class Emit> void accents_and_case(char32_t c, Emit& emit) const {
    if (!strip_accents_) {
      lower_case(c, emit);
      return;
    }
    char32_t parts[kMaxDecomposition];
    const std::size_t count = c < 0xC0 ? (parts[0] = c, 1) : decompose_canonical(c, parts);
    for (std::size_t i = 0; i < count; ++i)
      if (!is_nonspacing_mark(parts[i]))
        lower_case(parts[i], emit);
  }

  template <class Emit> void lower_case(char32_t c, Emit& emit) const {
    if (!options_.lowercase) {
      emit(c);
      return;
    }
    char32_t lowered[2];
    const std::size_t count = to_lowercase_full(c, lowered);
    for (std::size_t i = 0; i < count; ++i)
      emit(lowered[i]);
  }

  BertNormalizerOptions options_;
  bool strip_accents_;
};

} // namespace bertc::tokenizer
