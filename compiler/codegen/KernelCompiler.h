// Compiles every kernel of a manifest into one static library of Halide code: each kernel for a
// list of targets with run-time dispatch (the first the CPU supports wins), all with
// `no_runtime`, plus a single standalone Halide runtime.
#pragma once

#include "manifest/KernelManifest.h"
#include "schedules/ScheduleFile.h"

#include <map>
#include <set>
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

// Schedule files by target; those the user named warn about kernels they lack.
struct ScheduleSet {
  std::map<std::string, ScheduleFile> byTarget;
  std::set<std::string> chosenByUser;
  // The parameters each kernel gets on `target`; stale entries add a warning.
  ScheduleParams choose(const KernelSpec& kernel, const std::string& target,
                        std::vector<std::string>& warnings) const;
};

// Kernel symbols are `<prefix><kernel name>`; the files go to `dir`. Schedule warnings (stale or
// missing entries) are appended to `warnings`.
CompiledKernels compileKernels(const KernelManifest& manifest, const std::string& symbolPrefix,
                               const std::vector<std::string>& targets, const std::string& dir,
                               const ScheduleSet& schedules, std::vector<std::string>& warnings);

} // namespace bertc
