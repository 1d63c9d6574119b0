// Writes the C++ that describes a compiled model to the runtime (<name>_model.cpp: the calls as
// data) and the public header users include (<name>.h).
#pragma once

#include "manifest/KernelManifest.h"

#include <cstdint>
#include <string>
#include <vector>

namespace bertc {

// A head as the classify API sees it. Kind is the YAML word (binary, classes, ...): codegen does
// not depend on the frontend.
struct HeadFacts {
  std::string name, kind;
  std::vector<std::string> labels;
};

// What the runtime checks inputs against and what the classify API needs to turn text into
// labels; not part of the manifest.
struct ModelFacts {
  int64_t vocabSize = 0, typeVocabSize = 0, maxPositions = 0;
  std::vector<HeadFacts> heads;
  std::string vocabPath; // absolute; empty when the YAML has no tokenizer
  bool lowercase = true, stripAccents = true;
  bool vocabPadded = false; // the embedding table may have more rows than the vocabulary
};

struct ModelSources {
  std::string cpp;
  std::string header;
};

ModelSources writeModelSources(const KernelManifest& manifest, const ModelFacts& facts,
                               const std::string& sourceYaml);

} // namespace bertc
