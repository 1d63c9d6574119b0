#include "codegen/KernelCompiler.h"

#include "codegen/kernels/KernelKind.h"

#include <Halide.h>
#include <algorithm>
#include <dlfcn.h>
#include <mutex>
#include <stdexcept>
#include <unistd.h>

namespace bertc {
namespace {

// Halide writes object files through its own LLVM (14), which ends the process on a write
// error (a full disk): "LLVM ERROR: IO failure on output stream", then abort(). Its fatal error
// handler is the only hook; this one says what failed in bertc's words and exits with status 1
// (nothing unwinds through LLVM, built without exceptions). Outputs are published only after
// every step succeeded (LibraryBuilder), so nothing partial is left where a build looks.
void onHalideFatalError(void* /*userData*/, const char* reason, bool /*genCrashDiag*/) {
  const std::string message =
      std::string("bertc: error: Halide's code generator failed: ") + reason + "\n";
  ssize_t ignored = ::write(STDERR_FILENO, message.data(), message.size());
  (void)ignored;
  ::_exit(1);
}

void installHalideFatalErrorHandler() {
  static std::once_flag once;
  std::call_once(once, [] {
    using Handler = void (*)(void*, const char*, bool);
    using Install = void (*)(Handler, void*);
    // llvm::install_fatal_error_handler of LLVM 14 (the one libHalide uses; versioned, so
    // LLVM 19's, linked for MLIR, is a different symbol).
    void* symbol =
        dlvsym(RTLD_DEFAULT, "_ZN4llvm27install_fatal_error_handlerEPFvPvPKcbES0_", "LLVM_14");
    if (symbol)
      reinterpret_cast<Install>(symbol)(onHalideFatalError, nullptr);
  });
}

// The target whose schedule `kernel` takes on target `i`: its own when its schedule file has an
// entry for the kernel, else the first target of the same vector width whose file has one
// (Sapphire Rapids' f32 kernels run the Skylake entries: same registers, same code for them).
std::string scheduleTarget(const ScheduleSet& schedules, const KernelSpec& kernel,
                           const std::vector<std::string>& targets, size_t i) {
  auto hasEntry = [&](const std::string& t) {
    auto it = schedules.byTarget.find(t);
    return it != schedules.byTarget.end() && it->second.find(kernel.key);
  };
  if (hasEntry(targets[i]))
    return targets[i];
  for (const std::string& t : targets)
    if (vectorLanes(t) == vectorLanes(targets[i]) && hasEntry(t))
      return t;
  return targets[i];
}

} // namespace

std::vector<std::string> defaultHalideTargets(KernelPrecision precision) {
  std::vector<std::string> targets = {"x86-64-linux-avx512_skylake", "x86-64-linux-avx2-fma-f16c",
                                      "x86-64-linux-sse41"};
  // Every implied feature spelled out: Halide links its AVX-512 intrinsics (dpbusdx16, ...) into
  // a kernel only when `avx512` itself is set.
  if (precision != KernelPrecision::F32)
    targets.insert(targets.begin(), "x86-64-linux-avx-avx2-avx512-avx512_cannonlake-"
                                    "avx512_sapphirerapids-avx512_skylake-f16c-fma-sse41");
  return targets;
}

KernelPrecision modelPrecision(const KernelManifest& manifest) {
  for (const KernelSpec& k : manifest.kernels)
    if (k.precision != KernelPrecision::F32)
      return k.precision;
  return KernelPrecision::F32;
}

std::string isaOfTarget(const std::string& name, KernelPrecision precision) {
  const Halide::Target t(name);
  if (t.arch != Halide::Target::X86 || t.bits != 64)
    return "";
  if (t.has_feature(Halide::Target::AVX512_SapphireRapids))
    return precision == KernelPrecision::BF16 ? "avx512_bf16" : "avx512_vnni";
  if (t.has_feature(Halide::Target::AVX512_Cannonlake) || t.has_feature(Halide::Target::AVX512_KNL))
    return ""; // IFMA/VBMI or Xeon Phi: no runtime check of bertc's names them
  if (t.has_feature(Halide::Target::AVX512_Skylake))
    return "avx512";
  if (t.has_feature(Halide::Target::AVX512))
    return "";
  if (t.has_feature(Halide::Target::AVX2))
    return "avx2"; // bertc's avx2 check includes FMA and F16C
  if (t.has_feature(Halide::Target::AVX))
    return "";
  if (t.has_feature(Halide::Target::SSE41))
    return "sse41";
  return "sse2";
}

ScheduleParams ScheduleSet::choose(const KernelSpec& kernel, const std::string& target,
                                   std::vector<std::string>& warnings) const {
  auto it = byTarget.find(target);
  return chooseSchedule(it == byTarget.end() ? nullptr : &it->second, kernel,
                        kernelAlgorithmHash(kernel), target, chosenByUser.count(target) != 0,
                        warnings);
}

CompiledKernels compileKernels(const KernelManifest& manifest, const std::string& symbolPrefix,
                               const std::vector<std::string>& targetNames, const std::string& dir,
                               const ScheduleSet& schedules, std::vector<std::string>& warnings) {
  CompiledKernels result;
  installHalideFatalErrorHandler();
  // Halide reports errors by throwing; nothing of it may unwind into the caller's (MLIR) code.
  try {
    const KernelPrecision precision = modelPrecision(manifest);
    for (const std::string& name : targetNames) {
      result.isas.push_back(isaOfTarget(name, precision));
      if (result.isas.back().empty())
        throw std::runtime_error("target " + name +
                                 " needs CPU features bertc cannot check at run time; give "
                                 "targets of x86-64 with sse41, avx2-fma-f16c, avx512_skylake or "
                                 "avx512_sapphirerapids");
      if (std::count(result.isas.begin(), result.isas.end(), result.isas.back()) > 1)
        throw std::runtime_error("two targets need the same instruction set (" +
                                 result.isas.back() + "); give each once");
    }
    for (const KernelSpec& kernel : manifest.kernels) {
      for (size_t i = 0; i < targetNames.size(); ++i) {
        const std::string fn = symbolPrefix + kernel.name + "_" + result.isas[i];
        const std::string archive = dir + "/" + fn + ".a";
        const Halide::Target target =
            Halide::Target(targetNames[i]).with_feature(Halide::Target::NoRuntime);
        KernelPipeline p = buildKernelPipeline(
            kernel,
            schedules.choose(kernel, scheduleTarget(schedules, kernel, targetNames, i), warnings),
            target);
        p.pipeline.compile_to_module(p.arguments, fn, target)
            .compile({{Halide::OutputFileType::static_library, archive}});
        result.archives.push_back(archive);
      }
    }
    const std::string runtime = dir + "/halide_runtime.a";
    // The runtime serves every target above: it is built for the baseline one.
    Halide::compile_standalone_runtime({{Halide::OutputFileType::static_library, runtime}},
                                       Halide::Target(targetNames.back()));
    result.archives.push_back(runtime);
  } catch (const Halide::Error& e) {
    result.error = std::string("Halide: ") + e.what();
  } catch (const std::exception& e) {
    result.error = e.what();
  }
  return result;
}

} // namespace bertc
