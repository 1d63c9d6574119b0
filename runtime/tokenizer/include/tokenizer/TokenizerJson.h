// Loading a Hugging Face tokenizer.json that describes a BERT WordPiece tokenizer.
#pragma once

#include "tokenizer/BertTokenizer.h"

#include <string>
#include <string_view>

namespace bertc::tokenizer {

// Accepts model.type "WordPiece" (vocab, unk_token, continuing_subword_prefix,
// max_input_chars_per_word), normalizer "BertNormalizer" (clean_text, handle_chinese_chars,
// strip_accents null/bool, lowercase) or null, pre_tokenizer "BertPreTokenizer",
// post_processor "TemplateProcessing" of the BERT shape or "BertProcessing" (or null: [CLS]/[SEP]),
// added_tokens (special ones kept whole; lstrip/rstrip/single_word/normalized must be false),
// truncation (max_length, LongestFirst, Right, stride 0) and padding (Right). Anything else
// throws TokenizerError naming the field.
BertTokenizer loadTokenizerJson(std::string_view jsonText);
BertTokenizer loadTokenizerJsonFile(const std::string& path);

} // namespace bertc::tokenizer
