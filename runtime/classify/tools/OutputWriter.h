// The lines bert-classify prints: TSV (each head's label and probability, then the text) or
// JSON (the text, the first head's label and probability, and every head's probabilities).
#pragma once

#include "InputReader.h"

#include <string>
#include <utility>
#include <vector>

namespace bertc::cli {

struct HeadOutput {
  std::string head, label;
  float probability = 0;                                    // as bertc_head_result
  std::vector<std::pair<std::string, float>> probabilities; // per label
};

// LABEL<TAB>PROBABILITY[<TAB>LABEL<TAB>PROBABILITY per further head]<TAB>TEXT[<TAB>TEXT_B];
// tabs and line breaks inside texts become spaces so that the columns stay columns.
std::string tsvLine(const InputText& input, const std::vector<HeadOutput>& heads);
// {"text", ["text_b"], "label", "probability", "heads": {head: {"label", "probability",
// "probabilities": {label: p}}}}
std::string jsonLine(const InputText& input, const std::vector<HeadOutput>& heads);

} // namespace bertc::cli
