// Labelled text from a TSV file: a header row naming the columns, then one example per line.
//   sentence<TAB>label                (data/sst2/*.tsv: any name for the text column)
//   text_a<TAB>text_b<TAB>label       (sentence pairs: any names for the two text columns)
// The label column is the one named `label`; its values are label names of the head or integer
// indices. Texts are passed through untouched (truncation to max_seq_len is the tokenizer's job).
#pragma once

#include "fit/HeadSpec.h"

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace bertc::fit {

struct Example {
  std::string textA, textB; // textB empty unless the file has two text columns
  int label = 0;            // index into the head's labels
  std::int64_t line = 0;    // 1-based line in the file, for messages
};

struct Dataset {
  std::string path;
  bool pairs = false; // two text columns
  std::vector<Example> examples;

  std::vector<int> labels() const;
};

// Every bad row of a file, one "FILE:LINE: message" each (what() joins them with newlines).
class DatasetError : public std::runtime_error {
public:
  explicit DatasetError(std::vector<std::string> problems);
  const std::vector<std::string>& problems() const { return problems_; }

private:
  std::vector<std::string> problems_;
};

// Throws DatasetError listing every problem: an unreadable file, a bad header, rows with the
// wrong column count, an empty text, a label that is neither a label name nor an integer index
// in range, or no examples at all.
Dataset readDataset(const std::string& path, const HeadSpec& head);
// The same on text already in memory; `name` stands for the file in messages.
Dataset parseDataset(std::string_view text, const std::string& name, const HeadSpec& head);

} // namespace bertc::fit
