// Writes the C++ that describes a compiled model to the runtime (<name>_model.cpp: the calls as
// data) and the public header users include (<name>.h).
#pragma once

#include "manifest/KernelManifest.h"

#include <cstdint>
#include <string>
#include <vector>

namespace bertc {

struct ModelSources {
  std::string cpp;
  std::string header;
};

// `isas`: the instruction sets each kernel was compiled for, best first (CompiledKernels::isas).
ModelSources writeModelSources(const KernelManifest& manifest, const std::string& sourceYaml,
                               const std::vector<std::string>& isas);

} // namespace bertc
