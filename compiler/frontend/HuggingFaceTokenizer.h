// The tokenizer part of `bertc import`: the vocabulary (vocab.txt, or tokenizer.json's WordPiece
// vocabulary) and tokenizer_config.json's settings, and the description's `tokenizer` section.
#pragma once

#include "frontend/Diagnostic.h"
#include "frontend/HuggingFaceJson.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bertc::hf {

struct TokenizerSettings {
  std::string vocabFile; // absolute
  std::string vocabText; // set when taken from tokenizer.json
  int64_t vocabTokens = 0;
  bool lowercase = true;
  std::optional<bool> stripAccents; // absent: follows lowercase
  std::optional<int64_t> modelMaxLength;
  std::string origin; // where the settings came from
};

// The settings of the directory `dir`; the vocabulary of a tokenizer.json is to be written as
// `outDir/<name>.vocab.txt`. nullopt after adding to `errors`.
std::optional<TokenizerSettings> readTokenizer(const fs::path& dir, const fs::path& outDir,
                                               const std::string& name,
                                               std::vector<Diagnostic>& errors);

// The description's tokenizer section; vocab_padded when the vocabulary is below `vocabSize`.
void writeTokenizer(const TokenizerSettings& t, int64_t vocabSize, const fs::path& outDir,
                    DescriptionWriter& out);

} // namespace bertc::hf
