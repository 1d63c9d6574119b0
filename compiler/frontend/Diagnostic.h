// Diagnostics for user-written input: one error, located in a file.
#pragma once

#include <string>
#include <vector>

namespace bertc {

// A 1-based position in a source file; line 0 means "the file as a whole".
struct SourcePos {
  int line = 0;
  int column = 0;
};

struct Diagnostic {
  std::string file;
  SourcePos pos;
  std::string keyPath; // "encoder.hidden_size", "heads[1].kind"; empty for file-level errors
  std::string message;

  // "FILE:LINE:COL: error: KEY.PATH: message", the format editors and build logs recognise.
  std::string str() const;
};

// Orders by position (file order) while keeping the order of errors found at the same place.
void sortInFileOrder(std::vector<Diagnostic>& diags);

// Returns the candidate closest to `word` by edit distance, or "" if none is close enough to be a
// plausible typo (more than a third of the word changed).
std::string nearestWord(const std::string& word, const std::vector<std::string>& candidates);

} // namespace bertc
