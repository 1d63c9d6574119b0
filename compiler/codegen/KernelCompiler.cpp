#include "codegen/KernelCompiler.h"

#include "codegen/kernels/KernelKind.h"

#include <Halide.h>
#include <dlfcn.h>
#include <mutex>
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

} // namespace

std::vector<std::string> defaultHalideTargets() {
  return {"x86-64-linux-avx512_skylake", "x86-64-linux-avx2-fma-f16c", "x86-64-linux-sse41"};
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
    std::vector<Halide::Target> targets;
    std::vector<std::string> suffixes;
    for (const std::string& name : targetNames) {
      targets.push_back(Halide::Target(name).with_feature(Halide::Target::NoRuntime));
      suffixes.push_back(std::to_string(suffixes.size()));
    }
    for (const KernelSpec& kernel : manifest.kernels) {
      const std::string fn = symbolPrefix + kernel.name;
      const std::string archive = dir + "/" + fn + ".a";
      std::vector<ScheduleParams> perTarget;
      for (const std::string& t : targetNames)
        perTarget.push_back(schedules.choose(kernel, t, warnings));
      auto factory = [&](const std::string& name, const Halide::Target& target) {
        // The targets differ in vector width; that picks the parameters.
        size_t i = 0;
        while (i + 1 < targetNames.size() &&
               vectorLanes(targetNames[i]) != vectorLanes(target.to_string()))
          ++i;
        KernelPipeline p = buildKernelPipeline(kernel, perTarget[i], target);
        return p.pipeline.compile_to_module(p.arguments, name, target);
      };
      if (targets.size() == 1) {
        factory(fn, targets[0]).compile({{Halide::OutputFileType::static_library, archive}});
      } else {
        Halide::compile_multitarget(fn, {{Halide::OutputFileType::static_library, archive}},
                                    targets, suffixes, factory);
      }
      result.archives.push_back(archive);
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
