#include "tokenizer/JsonOutput.h"

#include "tokenizer/Utf8.h"

#include <cstdio>

namespace bertc::tokenizer {

namespace {

void appendJsonString(std::string& out, std::string_view text) {
  out.push_back('"');
  for (std::size_t pos = 0; pos < text.size();) {
    const auto byte = static_cast<unsigned char>(text[pos]);
    if (byte >= 0x80) {
      const DecodedChar decoded = decodeUtf8(text, pos);
      appendUtf8(out, decoded.codePoint); // U+FFFD for invalid bytes
      pos += decoded.length;
      continue;
    }
    if (byte == '"' || byte == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(byte));
    } else if (byte < 0x20 || byte == 0x7F) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", byte);
      out += escaped;
    } else {
      out.push_back(static_cast<char>(byte));
    }
    ++pos;
  }
  out.push_back('"');
}

template <class Numbers> void appendNumberArray(std::string& out, const Numbers& numbers) {
  out.push_back('[');
  bool first = true;
  for (const auto number : numbers) {
    if (!first)
      out += ", ";
    first = false;
    out += std::to_string(number);
  }
  out.push_back(']');
}

} // namespace

void appendEncodingJson(std::string& out, const BertTokenizer& tokenizer,
                        const Encoding& encoding) {
  out += "{\"ids\": ";
  appendNumberArray(out, encoding.ids);
  out += ", \"tokens\": [";
  for (std::size_t i = 0; i < encoding.size(); ++i) {
    if (i > 0)
      out += ", ";
    appendJsonString(out, tokenizer.idToToken(encoding.ids[i]));
  }
  out += "], \"token_type_ids\": ";
  appendNumberArray(out, encoding.typeIds);
  out += ", \"offsets\": [";
  for (std::size_t i = 0; i < encoding.size(); ++i) {
    if (i > 0)
      out += ", ";
    out += '[' + std::to_string(encoding.offsets[i].begin) + ", " +
           std::to_string(encoding.offsets[i].end) + ']';
  }
  out += "]}";
}

} // namespace bertc::tokenizer
