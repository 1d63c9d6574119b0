// Compiles every kernel of a manifest into static libraries of Halide code: each kernel once per
// target under its own symbol (`<prefix><kernel>_<isa>`), all with `no_runtime`, plus a single
// standalone Halide runtime. The runtime picks one instruction set for the whole model at load,
// from the CPU's own features or BERTC_ISA (runtime/model/src/Isa.cpp), and calls that column of
// the generated table: never Halide's own dispatch, which takes AMD Zen 4 for Sapphire Rapids.
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
// With reduced precision, Sapphire Rapids' features first: the only Halide 14 target that emits
// AVX512-VNNI (vpdpbusd, int8) and AVX512-BF16 (vdpbf16ps). The runtime runs it only on a CPU
// with AVX-512 F/CD/BW/DQ/VL, IFMA, VBMI and VNNI (int8) or BF16 (bf16): LLVM may use any
// Cannon Lake instruction in it.
std::vector<std::string> defaultHalideTargets(KernelPrecision precision = KernelPrecision::F32);

// The model's reduced precision: that of its dense kernels (f32 when none has another).
KernelPrecision modelPrecision(const KernelManifest& manifest);

// The instruction set a target's code needs, as the runtime names it (bertc_model_desc.isas):
// avx512_vnni or avx512_bf16 (Sapphire Rapids' features, by the model's precision), avx512,
// avx2, sse41 or sse2; "" for a target bertc cannot check at run time (not x86-64).
std::string isaOfTarget(const std::string& target, KernelPrecision precision);

struct CompiledKernels {
  std::vector<std::string> archives; // one static library per kernel and target, then the runtime's
  std::vector<std::string> isas;     // per target, in order: isaOfTarget
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

// Kernel symbols are `<prefix><kernel name>_<isa>`; the files go to `dir`. Schedule warnings (stale
// or missing entries) are appended to `warnings`.
CompiledKernels compileKernels(const KernelManifest& manifest, const std::string& symbolPrefix,
                               const std::vector<std::string>& targets, const std::string& dir,
                               const ScheduleSet& schedules, std::vector<std::string>& warnings);

} // namespace bertc
