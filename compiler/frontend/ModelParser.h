// Reads a model description YAML file into a validated ModelDescription.
//
// Validation does not stop at the first problem: every error is reported, in file order, each
// located at the offending key or value (see Diagnostic). A description with any error yields no
// model.
#pragma once

#include "frontend/Diagnostic.h"
#include "frontend/ModelDescription.h"

#include <optional>
#include <string>
#include <vector>

namespace bertc {

struct ParseOptions {
  // Open the files the description names (tokenizer.vocab) to check them. Fuzzing turns it off.
  bool checkReferencedFiles = true;
};

struct ParseResult {
  std::optional<ModelDescription> model;
  std::vector<Diagnostic> errors; // in file order; empty exactly when `model` is set
};

// C and C++ keywords, which a model's name (a symbol prefix) must not be.
bool isCKeyword(const std::string& word);

ParseResult parseModelFile(const std::string& path, const ParseOptions& options = {});

// `fileName` is used in diagnostics; relative paths inside the text resolve against `baseDir`.
ParseResult parseModelText(const std::string& text, const std::string& fileName,
                           const std::string& baseDir, const ParseOptions& options = {});

} // namespace bertc
