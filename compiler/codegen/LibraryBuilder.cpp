#include "codegen/LibraryBuilder.h"

#include "codegen/Toolchain.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace bertc {
namespace {

namespace fs = std::filesystem;

std::string run(const std::string& command, const std::string& what) {
  if (std::system(command.c_str()) != 0)
    return what + " failed: " + command;
  return "";
}

bool writeText(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  return bool(out);
}

// OUT/lib<name>.so for programs that load any model at run time (bert-classify): the fixed
// entry BERTC_SHARED_MODEL_ENTRY returns the description. The runtime and classify archives are
// linked whole so that the full C ABI is there; a version script hides everything else (Halide's
// runtime, the tokenizer's C++ symbols), so two models in one process cannot clash.
std::string linkShared(const std::string& model, const fs::path& lib, const fs::path& work,
                       const fs::path& out) {
  const Toolchain& tc = toolchain();
  const fs::path entryCpp = work / "shared_entry.cpp", entryObj = work / "shared_entry.o",
                 versions = work / "exports.map";
  if (!writeText(entryCpp,
                 "#include \"bertc/model_desc.h\"\nextern \"C\" const bertc_model_desc* " + model +
                     "_model_desc(void);\nextern \"C\" const bertc_model_desc* "
                     "bertc_shared_model_desc(void) { return " +
                     model + "_model_desc(); }\n") ||
      !writeText(versions, "{\n  global: bertc_*;\n  local: *;\n};\n"))
    return "cannot write the shared library's entry in " + work.string();
  std::string err = run(tc.cxx + " -fPIC -c " + shellQuote(entryCpp.string()) + " -I" +
                            shellQuote(tc.runtimeInclude) + " -o " + shellQuote(entryObj.string()),
                        "compiling the shared library's entry");
  if (!err.empty())
    return err;
  std::string whole;
  for (const std::string& a : tc.classifyArchives)
    whole += " " + shellQuote(a);
  for (const std::string& a : tc.runtimeArchives)
    whole += " " + shellQuote(a);
  return run(tc.cxx + " -shared -o " + shellQuote((out / ("lib" + model + ".so")).string()) + " " +
                 shellQuote(entryObj.string()) +
                 " -Wl,--version-script=" + shellQuote(versions.string()) + " -Wl,--whole-archive" +
                 whole + " -Wl,--no-whole-archive " + shellQuote(lib.string()) + " " +
                 tc.classifyLinkFlags + " -lpthread -ldl",
             "linking lib" + model + ".so");
}

} // namespace

std::string buildLibrary(const KernelManifest& m, const ModelFacts& facts,
                         const LibraryOptions& opts, std::vector<std::string>& warnings) {
  const Toolchain& tc = toolchain();
  const fs::path out(opts.outDir);
  const fs::path work = out / (m.model + ".build");
  std::error_code ec;
  fs::create_directories(work, ec);
  if (ec)
    return "cannot create " + work.string() + ": " + ec.message();

  CompiledKernels kernels =
      compileKernels(m, m.model + "_", opts.halideTargets, work.string(), opts.schedules, warnings);
  if (!kernels.error.empty())
    return kernels.error;

  ModelSources sources = writeModelSources(m, facts, opts.sourceYaml);
  const fs::path modelCpp = work / (m.model + "_model.cpp"),
                 modelObj = work / (m.model + "_model.o");
  if (!writeText(modelCpp, sources.cpp) || !writeText(out / (m.model + ".h"), sources.header))
    return "cannot write the generated sources in " + out.string();
  std::string err =
      run(tc.cxx + " -std=c++17 -O2 -fPIC -c " + shellQuote(modelCpp.string()) + " -I" +
              shellQuote(tc.runtimeInclude) + " -o " + shellQuote(modelObj.string()),
          "compiling the model description");
  if (!err.empty())
    return err;

  // One archive with everything a user links: an ar MRI script merges the others into it.
  const fs::path lib = out / ("lib" + m.model + ".a");
  fs::remove(lib, ec);
  std::ostringstream mri;
  mri << "CREATE " << lib.string() << "\n";
  for (const std::string& a : kernels.archives)
    mri << "ADDLIB " << a << "\n";
  for (const std::string& a : tc.runtimeArchives)
    mri << "ADDLIB " << a << "\n";
  mri << "ADDMOD " << modelObj.string() << "\nSAVE\nEND\n";
  const fs::path script = work / "merge.mri";
  if (!writeText(script, mri.str()))
    return "cannot write " + script.string();
  err = run(tc.ar + " -M < " + shellQuote(script.string()), "merging lib" + m.model + ".a");
  if (!err.empty())
    return err;
  if (opts.shared)
    return linkShared(m.model, lib, work, out);
  if (!opts.runner)
    return err;

  // The runner's main() is prebuilt; only an entry naming this model is compiled here.
  const fs::path entryCpp = work / "runner_entry.cpp", entryObj = work / "runner_entry.o";
  if (!writeText(entryCpp,
                 "#include \"bertc/model_desc.h\"\nextern \"C\" const bertc_model_desc* " +
                     m.model +
                     "_model_desc(void);\nextern \"C\" const bertc_model_desc* "
                     "bertc_runner_model(void) { return " +
                     m.model + "_model_desc(); }\n"))
    return "cannot write " + entryCpp.string();
  err = run(tc.cxx + " -c " + shellQuote(entryCpp.string()) + " -I" +
                shellQuote(tc.runtimeInclude) + " -o " + shellQuote(entryObj.string()),
            "compiling the runner entry");
  if (!err.empty())
    return err;
  return run(tc.cxx + " -o " + shellQuote((out / (m.model + "-run")).string()) + " " +
                 shellQuote(entryObj.string()) + " " + shellQuote(tc.runnerArchive) + " " +
                 shellQuote(lib.string()) + " " + " -lpthread -ldl",
             "linking " + m.model + "-run");
}

} // namespace bertc
