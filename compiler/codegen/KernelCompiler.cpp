#include "codegen/KernelCompiler.h"

#include "codegen/KernelPipelines.h"
#include "codegen/ScheduleParams.h"

#include <Halide.h>

namespace bertc {

std::vector<std::string> defaultHalideTargets() {
  return {"x86-64-linux-avx512_skylake", "x86-64-linux-avx2-fma-f16c", "x86-64-linux-sse41"};
}

CompiledKernels compileKernels(const KernelManifest& manifest, const std::string& symbolPrefix,
                               const std::vector<std::string>& targetNames,
                               const std::string& dir) {
  CompiledKernels result;
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
      ScheduleParams schedule = defaultSchedule(kernel);
      auto factory = [&](const std::string& name, const Halide::Target& target) {
        KernelPipeline p = buildKernelPipeline(kernel, schedule, target);
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
