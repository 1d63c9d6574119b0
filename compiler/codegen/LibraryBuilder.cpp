#include "codegen/LibraryBuilder.h"

#include "codegen/Toolchain.h"
#include "support/AtomicFile.h"

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

std::string readSmallFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// `ar -M` exits 0 even when it cannot write the archive (a full disk leaves 0 bytes), so its
// stderr is kept and any message there is a failure, as is a file that is not an archive.
std::string runArchiver(const fs::path& script, const fs::path& archive, const fs::path& work,
                        const std::string& what) {
  const fs::path errors = work / "ar.stderr";
  const std::string command = toolchain().ar + " -M < " + shellQuote(script.string());
  const int status = std::system((command + " 2> " + shellQuote(errors.string())).c_str());
  std::string message = readSmallFile(errors);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
    message.pop_back();
  if (status != 0 || !message.empty())
    return what + " failed: " + (message.empty() ? command : message);
  char magic[8] = {};
  std::ifstream in(archive, std::ios::binary);
  if (!in.read(magic, sizeof magic) || std::string(magic, sizeof magic) != "!<arch>\n")
    return what + " failed: " + archive.string() + " is not an archive";
  return "";
}

std::string writeText(const fs::path& path, const std::string& text) {
  return support::writeFileAtomically(path, text);
}

// Moves the finished outputs from the work directory into OUTDIR, archive first, so that OUTDIR
// only ever holds files of one successful compile.
std::string publish(const fs::path& work, const fs::path& out,
                    const std::vector<std::string>& names) {
  for (const std::string& name : names)
    if (std::string err = support::replaceFile(work / name, out / name); !err.empty())
      return err;
  return "";
}

// The one-line entry that names this model's description under a fixed symbol.
std::string entrySource(const std::string& model, const std::string& entry) {
  return "#include \"bertc/model_desc.h\"\nextern \"C\" const bertc_model_desc* " + model +
         "_model_desc(void);\nextern \"C\" const bertc_model_desc* " + entry + "(void) { return " +
         model + "_model_desc(); }\n";
}

// Writes and compiles the one-line entry that names this model's description under `symbol`.
std::string compileEntry(const std::string& model, const std::string& symbol,
                         const fs::path& entryCpp, const fs::path& entryObj,
                         const std::string& flags, const std::string& what) {
  const Toolchain& tc = toolchain();
  std::string err = writeText(entryCpp, entrySource(model, symbol));
  if (err.empty())
    err = run(tc.cxx + flags + " -c " + shellQuote(entryCpp.string()) + " -I" +
                  shellQuote(tc.runtimeInclude) + " -o " + shellQuote(entryObj.string()),
              what);
  return err;
}

// WORK/lib<name>.so for programs that load any model at run time (bert-classify): the fixed
// entry BERTC_SHARED_MODEL_ENTRY returns the description. The runtime and classify archives are
// linked whole so that the full C ABI is there; a version script hides everything else (Halide's
// runtime, the tokenizer's C++ symbols), so two models in one process cannot clash.
std::string linkShared(const std::string& model, const fs::path& lib, const fs::path& work) {
  const Toolchain& tc = toolchain();
  const fs::path entryCpp = work / "shared_entry.cpp", entryObj = work / "shared_entry.o",
                 versions = work / "exports.map";
  std::string err = writeText(versions, "{\n  global: bertc_*;\n  local: *;\n};\n");
  if (err.empty())
    err = compileEntry(model, "bertc_shared_model_desc", entryCpp, entryObj, " -fPIC",
                       "compiling the shared library's entry");
  if (!err.empty())
    return err;
  std::string whole;
  for (const std::string& a : tc.classifyArchives)
    whole += " " + shellQuote(a);
  for (const std::string& a : tc.runtimeArchives)
    whole += " " + shellQuote(a);
  return run(tc.cxx + " -shared -o " + shellQuote((work / ("lib" + model + ".so")).string()) + " " +
                 shellQuote(entryObj.string()) +
                 " -Wl,--version-script=" + shellQuote(versions.string()) + " -Wl,--whole-archive" +
                 whole + " -Wl,--no-whole-archive " + shellQuote(lib.string()) + " " +
                 tc.classifyLinkFlags + " " + tc.runtimeLinkFlags + " -lpthread -ldl",
             "linking lib" + model + ".so");
}

// WORK/<name>-run: the runner's main() is prebuilt; only an entry naming this model is compiled.
std::string linkRunner(const std::string& model, const fs::path& lib, const fs::path& work) {
  const Toolchain& tc = toolchain();
  const fs::path entryCpp = work / "runner_entry.cpp", entryObj = work / "runner_entry.o";
  std::string err = compileEntry(model, "bertc_runner_model", entryCpp, entryObj, "",
                                 "compiling the runner entry");
  if (!err.empty())
    return err;
  return run(tc.cxx + " -o " + shellQuote((work / (model + "-run")).string()) + " " +
                 shellQuote(entryObj.string()) + " " + shellQuote(tc.runnerArchive) + " " +
                 shellQuote(lib.string()) + " " + tc.runtimeLinkFlags + " -lpthread -ldl",
             "linking " + model + "-run");
}

// WORK/lib<name>.a, everything a user links: an ar MRI script merges the kernels' and the
// runtime's archives with the model description's object.
std::string mergeArchive(const std::string& model, const std::vector<std::string>& archives,
                         const fs::path& modelObj, const fs::path& work) {
  const fs::path lib = work / ("lib" + model + ".a");
  std::error_code ec;
  fs::remove(lib, ec);
  std::ostringstream mri;
  mri << "CREATE " << lib.string() << "\n";
  for (const std::string& a : archives)
    mri << "ADDLIB " << a << "\n";
  for (const std::string& a : toolchain().runtimeArchives)
    mri << "ADDLIB " << a << "\n";
  mri << "ADDMOD " << modelObj.string() << "\nSAVE\nEND\n";
  const fs::path script = work / "merge.mri";
  if (std::string err = writeText(script, mri.str()); !err.empty())
    return err;
  return runArchiver(script, lib, work, "merging lib" + model + ".a");
}

} // namespace

std::string buildLibrary(const KernelManifest& m, const LibraryOptions& opts,
                         std::vector<std::string>& warnings) {
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

  ModelSources sources = writeModelSources(m, opts.sourceYaml, kernels.isas);
  const fs::path modelCpp = work / (m.model + "_model.cpp"),
                 modelObj = work / (m.model + "_model.o");
  std::string err = writeText(modelCpp, sources.cpp);
  if (err.empty())
    err = writeText(work / (m.model + ".h"), sources.header);
  if (err.empty())
    err = run(tc.cxx + " -std=c++17 -O2 -fPIC -c " + shellQuote(modelCpp.string()) + " -I" +
                  shellQuote(tc.runtimeInclude) + " -o " + shellQuote(modelObj.string()),
              "compiling the model description");
  if (err.empty())
    err = mergeArchive(m.model, kernels.archives, modelObj, work);
  const fs::path lib = work / ("lib" + m.model + ".a");
  std::vector<std::string> outputs = {"lib" + m.model + ".a", m.model + ".h"};
  if (err.empty() && opts.shared) {
    err = linkShared(m.model, lib, work);
    outputs.push_back("lib" + m.model + ".so");
  } else if (err.empty() && opts.runner) {
    err = linkRunner(m.model, lib, work);
    outputs.push_back(m.model + "-run");
  }
  return err.empty() ? publish(work, out, outputs) : err;
}

} // namespace bertc
