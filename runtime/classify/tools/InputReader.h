// The texts bert-classify reads: TSV (TEXT, or TEXT_A<TAB>TEXT_B, with an optional header line
// naming the columns as in data/sst2/*.tsv) or JSON lines ({"text": ...} or {"text_a": ...,
// "text_b": ...}). Blank lines are skipped.
#pragma once

#include <cstddef>
#include <istream>
#include <optional>
#include <string>
#include <vector>

namespace bertc::cli {

struct InputText {
  std::string a;
  std::optional<std::string> b; // a pair when set
  size_t line = 0;              // 1-based line of the input it came from
};

struct InputError {
  size_t line = 0;
  std::string message;
};

// JSON lines when the first non-blank line starts with '{', TSV otherwise. A TSV header is a
// first line with a column named sentence, text, text_a or sentence1 (and text_b or sentence2
// for pairs); other columns (label) are ignored. Without one, a line holds one text or a pair.
bool readInputs(std::istream& in, std::vector<InputText>& out, InputError& error);

} // namespace bertc::cli
