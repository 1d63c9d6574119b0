// UTF-8 decoding with one fixed policy for invalid input (see docs/tokenizer.md).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace bertc::tokenizer {

constexpr char32_t kReplacementChar = 0xFFFD;

// One decoded code point and the number of input bytes it covers.
struct DecodedChar {
  char32_t codePoint;
  std::size_t length;
};

// Decodes the character that starts at text[pos] (pos < text.size()).
// Ill-formed input follows the WHATWG / Unicode "maximal subpart" rule: the longest prefix of a
// well-formed sequence (at least one byte) decodes as U+FFFD. Never reads past text.size().
inline DecodedChar decodeUtf8(std::string_view text, std::size_t pos) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t size = text.size();
  const unsigned char lead = bytes[pos];
  if (lead < 0x80)
    return {lead, 1};
  std::size_t need = 0;
  unsigned char lower = 0x80, upper = 0xBF; // allowed range of the second byte
  char32_t cp = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    need = 1;
    cp = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    need = 2;
    cp = lead & 0x0F;
    if (lead == 0xE0)
      lower = 0xA0; // overlong
    if (lead == 0xED)
      upper = 0x9F; // surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    need = 3;
    cp = lead & 0x07;
    if (lead == 0xF0)
      lower = 0x90; // overlong
    if (lead == 0xF4)
      upper = 0x8F; // above U+10FFFF
  } else {
    return {kReplacementChar, 1};
  }
  std::size_t len = 1;
  for (std::size_t i = 0; i < need; ++i) {
    if (pos + len >= size)
      return {kReplacementChar, len};
    const unsigned char b = bytes[pos + len];
    if (b < lower || b > upper)
      return {kReplacementChar, len};
    lower = 0x80;
    upper = 0xBF;
    cp = (cp << 6) | (b & 0x3F);
    ++len;
  }
  return {cp, len};
}

// Appends the UTF-8 encoding of a valid scalar value.
void appendUtf8(std::string& out, char32_t codePoint);

// True when every byte of text belongs to a well-formed UTF-8 sequence.
bool isValidUtf8(std::string_view text);

} // namespace bertc::tokenizer
