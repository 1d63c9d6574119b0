// Character classes of BERT's rules, defined exactly as Hugging Face tokenizers defines them and
// answered from utf8proc's Unicode tables.
#pragma once

#include <cstddef>

namespace bertc::tokenizer {

// Rust's char::is_whitespace (the Unicode White_Space property), plus \t \n \r.
bool isBertWhitespace(char32_t c);

// Characters BertNormalizer's clean_text deletes: NUL, U+FFFD and the categories Cc (except
// \t \n \r), Cf and Co. Unassigned code points (Cn) are kept, as in HF.
bool isRemovedByCleanText(char32_t c);

// HF's is_chinese_char: CJK Unified Ideographs and extensions A-E, compatibility ideographs.
// The ranges are HF's own, including its U+2B920 start for extension E.
bool isChineseChar(char32_t c);

// BERT punctuation: the ASCII symbol ranges 33-47, 58-64, 91-96, 123-126 and Unicode P*.
bool isBertPunctuation(char32_t c);

// General category Mn (what strip_accents removes after NFD).
bool isNonspacingMark(char32_t c);

// Canonical decomposition (NFD) of one character, canonically ordered. Returns the count
// written to out (capacity kMaxDecomposition).
constexpr std::size_t kMaxDecomposition = 8;
std::size_t decomposeCanonical(char32_t c, char32_t* out);

// Full lower-case mapping of one character, as Rust's char::to_lowercase: the simple mapping,
// except U+0130 which becomes "i" + U+0307. Returns the count written to out (at most 2).
std::size_t toLowercaseFull(char32_t c, char32_t* out);

} // namespace bertc::tokenizer
