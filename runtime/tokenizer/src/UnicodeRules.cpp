#include "tokenizer/UnicodeRules.h"

#include <algorithm>
#include <utf8proc.h>

namespace bertc::tokenizer {

namespace {
utf8proc_category_t category(char32_t c) {
  return utf8proc_category(static_cast<utf8proc_int32_t>(c));
}
} // namespace

bool isBertWhitespace(char32_t c) {
  if (c == U' ' || (c >= 0x09 && c <= 0x0D) || c == 0x85)
    return true;
  if (c < 0x80)
    return false;
  // White_Space = the separators Zs/Zl/Zp plus the control characters above.
  const auto cat = category(c);
  return cat == UTF8PROC_CATEGORY_ZS || cat == UTF8PROC_CATEGORY_ZL || cat == UTF8PROC_CATEGORY_ZP;
}

bool isRemovedByCleanText(char32_t c) {
  if (c == U'\t' || c == U'\n' || c == U'\r')
    return false;
  if (c == 0 || c == 0xFFFD)
    return true;
  const auto cat = category(c);
  return cat == UTF8PROC_CATEGORY_CC || cat == UTF8PROC_CATEGORY_CF ||
         cat == UTF8PROC_CATEGORY_CO || cat == UTF8PROC_CATEGORY_CS;
}

bool isChineseChar(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x20000 && c <= 0x2A6DF) || (c >= 0x2A700 && c <= 0x2B73F) ||
         (c >= 0x2B740 && c <= 0x2B81F) || (c >= 0x2B920 && c <= 0x2CEAF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F);
}

bool isBertPunctuation(char32_t c) {
  if (c < 0x80)
    return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) ||
           (c >= 123 && c <= 126);
  const auto cat = category(c);
  return cat >= UTF8PROC_CATEGORY_PC && cat <= UTF8PROC_CATEGORY_PO;
}

bool isNonspacingMark(char32_t c) {
  return c >= 0x300 && category(c) == UTF8PROC_CATEGORY_MN;
}

std::size_t decomposeCanonical(char32_t c, char32_t* out) {
  utf8proc_int32_t buffer[kMaxDecomposition];
  int lastBoundclass = 0;
  const utf8proc_ssize_t count =
      utf8proc_decompose_char(static_cast<utf8proc_int32_t>(c), buffer, kMaxDecomposition,
                              UTF8PROC_DECOMPOSE, &lastBoundclass);
  if (count <= 0 || count > static_cast<utf8proc_ssize_t>(kMaxDecomposition)) {
    out[0] = c; // not decomposable (or an impossible error): keep the character
    return 1;
  }
  const auto size = static_cast<std::size_t>(count);
  // Canonical ordering: marks (combining class > 0) sorted stably by class.
  auto combiningClass = [](utf8proc_int32_t cp) {
    return utf8proc_get_property(cp)->combining_class;
  };
  for (std::size_t begin = 0; begin < size;) {
    if (combiningClass(buffer[begin]) == 0) {
      ++begin;
      continue;
    }
    std::size_t end = begin;
    while (end < size && combiningClass(buffer[end]) != 0)
      ++end;
    std::stable_sort(buffer + begin, buffer + end,
                     [&](auto a, auto b) { return combiningClass(a) < combiningClass(b); });
    begin = end;
  }
  for (std::size_t i = 0; i < size; ++i)
    out[i] = static_cast<char32_t>(buffer[i]);
  return size;
}

std::size_t toLowercaseFull(char32_t c, char32_t* out) {
  if (c < 0x80) {
    out[0] = (c >= U'A' && c <= U'Z') ? c + 32 : c;
    return 1;
  }
  if (c == 0x130) { // the one unconditional multi-character lower-case mapping
    out[0] = U'i';
    out[1] = 0x307;
    return 2;
  }
  out[0] = static_cast<char32_t>(utf8proc_tolower(static_cast<utf8proc_int32_t>(c)));
  return 1;
}

} // namespace bertc::tokenizer
