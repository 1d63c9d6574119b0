// Compiles every kernel of a manifest into one static library of Halide code: each kernel for a
// list of targets with run-time dispatch (the first the CPU supports wins), all with
// `no_runtime`, plus a single standalone Halide runtime.
#pragma once

#include "manifest/KernelManifest.h"

#include <string>
#include <vector>

namespace bertc {

// Targets tried in order at run time. Never `host`: Halide 14 takes AMD Zen 4 for Sapphire
// Rapids and would emit VEX-encoded AVX-VNNI that Zen 4 lacks (docs/toolchain.md).
std::vector<std::string> defaultHalideTargets();

struct CompiledKernels {
  std::vector<std::string> archives; // one static library per kernel, then the runtime's
  std::string error;                 // set on failure
};

// Kernel symbols are `<prefix><kernel name>`; the files go to `dir`.
CompiledKernels compileKernels(const KernelManifest& manifest, const std::string& symbolPrefix,
                               const std::vector<std::string>& targets, const std::string& dir);

} // namespace bertc
