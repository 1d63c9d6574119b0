// Which compiled instruction set a model runs: the CPU's own features, read with CPUID and the
// OS's saved register state (XGETBV), never the build machine's and never Halide's guess (which
// takes AMD Zen 4 for Sapphire Rapids). BERTC_ISA forces one, and is refused when the CPU or the
// model lacks it: a path the CPU cannot run must never execute.
#include "Isa.h"

#include <cpuid.h>
#include <cstdint>
#include <cstdlib>

namespace bertc::detail {
namespace {

struct CpuFeatures {
  bool sse41 = false, avx2 = false, avx512 = false, ifmaVbmi = false, vnni = false, bf16 = false,
       amx = false;
};

uint64_t osSavedState() {
  uint32_t eax = 0, edx = 0;
  __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
  return (uint64_t(edx) << 32) | eax;
}

CpuFeatures readCpu() {
  CpuFeatures f;
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (!__get_cpuid(1, &a, &b, &c, &d))
    return f;
  f.sse41 = c & bit_SSE4_1;
  const bool osxsave = c & bit_OSXSAVE, avx = c & bit_AVX, fma = c & bit_FMA, f16c = c & bit_F16C;
  const uint64_t state = osxsave ? osSavedState() : 0;
  const bool ymm = (state & 0x6) == 0x6, zmm = (state & 0xe6) == 0xe6,
             tiles = (state & 0x60000) == 0x60000;
  if (!__get_cpuid_count(7, 0, &a, &b, &c, &d))
    return f;
  f.avx2 = ymm && avx && fma && f16c && (b & bit_AVX2);
  // Halide's avx512_skylake: F, CD, BW, DQ, VL.
  const unsigned skylake = bit_AVX512F | bit_AVX512CD | bit_AVX512BW | bit_AVX512DQ | bit_AVX512VL;
  f.avx512 = f.avx2 && zmm && (b & skylake) == skylake;
  f.ifmaVbmi = (b & bit_AVX512IFMA) && (c & bit_AVX512VBMI);
  f.vnni = c & bit_AVX512VNNI;
  f.amx = tiles && (d & (1u << 24)) && (d & (1u << 25)); // AMX-TILE, AMX-INT8
  unsigned a1 = 0, b1 = 0, c1 = 0, d1 = 0;
  if (__get_cpuid_count(7, 1, &a1, &b1, &c1, &d1))
    f.bf16 = a1 & (1u << 5); // AVX512_BF16
  return f;
}

// "" when the CPU runs `isa`, else what it lacks.
std::string lacking(const std::string& isa, const CpuFeatures& f) {
  if (isa == "sse2")
    return "";
  if (isa == "sse41")
    return f.sse41 ? "" : "SSE4.1";
  if (isa == "avx2")
    return f.avx2 ? "" : "AVX2 with FMA and F16C (enabled by the OS)";
  const std::string avx512 = "AVX-512 F/CD/BW/DQ/VL (enabled by the OS)";
  if (isa == "avx512")
    return f.avx512 ? "" : avx512;
  // Sapphire Rapids' Halide target: LLVM may use Cannon Lake's IFMA and VBMI anywhere in it.
  if (isa == "avx512_vnni" || isa == "avx512_bf16") {
    if (!f.avx512)
      return avx512;
    if (!f.ifmaVbmi)
      return "AVX512-IFMA and AVX512-VBMI";
    if (!f.vnni)
      return "AVX512-VNNI";
    return isa == "avx512_bf16" && !f.bf16 ? "AVX512-BF16" : "";
  }
  if (isa == "amx")
    return f.amx ? "" : "AMX-TILE and AMX-INT8 (enabled by the OS)";
  return "an instruction set bertc knows";
}

// Every name BERTC_ISA may take, best first.
const char* const kIsaNames[] = {"amx",  "avx512_vnni", "avx512_bf16", "avx512",
                                 "avx2", "sse41",       "sse2"};

} // namespace

int chooseIsa(const bertc_model_desc* desc, std::string& error) {
  static const CpuFeatures cpu = readCpu();
  std::string compiled;
  for (int i = 0; i < desc->n_isas; ++i)
    compiled += std::string(i ? ", " : "") + desc->isas[i];
  const char* forced = std::getenv("BERTC_ISA");
  if (forced && *forced) {
    const std::string isa = forced;
    bool known = false;
    std::string names;
    for (const char* n : kIsaNames) {
      known = known || isa == n;
      names += std::string(names.empty() ? "" : ", ") + n;
    }
    if (!known) {
      error = "BERTC_ISA=" + isa + " is not an instruction set bertc knows (" + names + ")";
      return -1;
    }
    if (std::string missing = lacking(isa, cpu); !missing.empty()) {
      error = "BERTC_ISA=" + isa + ": this CPU cannot run it (it lacks " + missing + ")";
      return -1;
    }
    for (int i = 0; i < desc->n_isas; ++i)
      if (isa == desc->isas[i])
        return i;
    error = "BERTC_ISA=" + isa + ": model " + desc->name + " has no code for it (compiled for " +
            compiled + ")";
    return -1;
  }
  for (int i = 0; i < desc->n_isas; ++i)
    if (lacking(desc->isas[i], cpu).empty())
      return i;
  error = "model " + std::string(desc->name) + " has no code this CPU can run (compiled for " +
          compiled + ")";
  return -1;
}

} // namespace bertc::detail
