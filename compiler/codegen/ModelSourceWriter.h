// Writes the C++ that describes a compiled model to the runtime (<name>_model.cpp: the calls as
// data) and the public header users include (<name>.h).
#pragma once

#include "manifest/KernelManifest.h"

#include <cstdint>
#include <string>

namespace bertc {

// What the runtime checks inputs against; not part of the manifest.
struct ModelFacts {
  int64_t vocabSize = 0, typeVocabSize = 0, maxPositions = 0;
};

struct ModelSources {
  std::string cpp;
  std::string header;
};

ModelSources writeModelSources(const KernelManifest& manifest, const ModelFacts& facts,
                               const std::string& sourceYaml);

} // namespace bertc
