// The one-line JSON form bert-tokenize prints for an encoding.
#pragma once

#include "tokenizer/BertTokenizer.h"

#include <string>

namespace bertc::tokenizer {

// Appends {"ids": [...], "tokens": [...], "token_type_ids": [...], "offsets": [[b, e], ...]}
// (no newline). Strings are escaped per RFC 8259; invalid UTF-8 in a token becomes U+FFFD.
void appendEncodingJson(std::string& out, const BertTokenizer& tokenizer, const Encoding& encoding);

} // namespace bertc::tokenizer
