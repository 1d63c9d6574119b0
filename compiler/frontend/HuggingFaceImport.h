// `bertc import`: a Hugging Face BERT directory (config.json, vocab.txt or tokenizer.json,
// tokenizer_config.json) made into a model description that compiles as it is, each value with a
// comment saying where it came from. Settings bertc does not implement are refused, naming the
// key and the file. See docs/import.md.
#pragma once

#include "frontend/Diagnostic.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bertc {

struct ImportOptions {
  std::string dir;    // the Hugging Face directory
  std::string output; // the description's path: tokenizer.vocab is written relative to it
  std::string name;   // empty: the directory's name made a C identifier
  // Empty: the heads the checkpoint has. "binary": one Dense(1) + sigmoid head on the pooled
  // output instead (labels from a 2-label id2label), to fit a new head on the encoder.
  std::string head;
  std::optional<int64_t> maxSeqLen, maxBatch;
};

struct ImportResult {
  std::string yaml; // empty when `errors` is not
  // Set when the vocabulary comes from tokenizer.json: its tokens, one per line in id order, to
  // be written at `vocabPath` (beside the description) before the description is used.
  std::string vocabText;
  std::string vocabPath;
  std::vector<Diagnostic> errors;
};

ImportResult importHuggingFace(const ImportOptions& options);

// `text` made a C identifier: characters other than letters, digits and '_' become '_', a
// leading digit gets a '_' before it, and a C or C++ keyword gets "_model" after it.
std::string cIdentifierFrom(const std::string& text);

} // namespace bertc
