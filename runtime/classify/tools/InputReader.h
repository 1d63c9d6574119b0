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

// Reads texts one at a time, so bert-classify can answer each batch as soon as it has read it
// (a long-running filter on a pipe). JSON lines when the first non-blank line starts with '{',
// TSV otherwise. A TSV header is a first line with a column named sentence, text, text_a or
// sentence1 (and text_b or sentence2 for pairs); other columns (label) are ignored. Without one,
// a line holds one text or a pair. Texts are taken byte for byte: a NUL byte (or JSON's
// \u0000) stays in the text, which the tokenizer then deletes as Hugging Face's does. A line
// longer than limits::kTextBytes is an error at that line; it is never read whole.
class InputReader {
public:
  explicit InputReader(std::istream& in) : in_(in) {}
  // The next text: true; at the end of the input or at an error: false, with error.message
  // empty at the end.
  bool next(InputText& text, InputError& error);

private:
  enum class Format { Unknown, Tsv, Jsonl };
  bool parseLine(const std::string& line, InputText& text, InputError& error);

  std::istream& in_;
  Format format_ = Format::Unknown;
  struct Columns {
    int a = 0, b = -1;
    size_t needed = 0; // fields a data line must have; 0: no header
  } columns_;
  size_t lineNumber_ = 0;
};

// Every text of `in`, as InputReader reads them.
bool readInputs(std::istream& in, std::vector<InputText>& out, InputError& error);

} // namespace bertc::cli
