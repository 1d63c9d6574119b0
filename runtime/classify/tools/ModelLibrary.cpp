#include "ModelLibrary.h"

#include <dlfcn.h>
#include <filesystem>
#include <vector>

namespace bertc::cli {
namespace {

namespace fs = std::filesystem;

// The one lib*.so in a directory (what `bertc compile --emit=shared -o DIR` leaves there).
std::string findInDirectory(const fs::path& dir, std::string& error) {
  std::vector<std::string> found;
  std::error_code ec;
  for (const fs::directory_entry& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    if (name.rfind("lib", 0) == 0 && e.path().extension() == ".so")
      found.push_back(e.path().string());
  }
  if (ec)
    error = "cannot list the directory: " + ec.message();
  else if (found.empty())
    error = "no lib<name>.so here (compile the model with bertc compile --emit=shared)";
  else if (found.size() > 1)
    error = "several shared models here (" + found[0] + ", " + found[1] + ", ...): name one";
  return found.size() == 1 ? found[0] : "";
}

template <class Fn> bool resolve(void* handle, const char* name, Fn& fn, std::string& missing) {
  fn = reinterpret_cast<Fn>(dlsym(handle, name));
  if (!fn && missing.empty())
    missing = name;
  return fn != nullptr;
}

} // namespace

std::string openModelLibrary(const std::string& path, ModelLibrary& lib) {
  std::error_code ec;
  lib.path = path;
  if (fs::is_directory(path, ec)) {
    std::string error;
    lib.path = findInDirectory(path, error);
    if (lib.path.empty())
      return error;
  } else if (!fs::exists(path, ec)) {
    return "no such file or directory";
  }
  // A path without a slash would make dlopen search the library path instead of this file.
  const std::string openPath = fs::absolute(lib.path, ec).string();
  lib.handle = dlopen(openPath.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!lib.handle)
    return std::string("cannot load: ") + dlerror();
  auto entry =
      reinterpret_cast<bertc_shared_model_desc_fn>(dlsym(lib.handle, BERTC_SHARED_MODEL_ENTRY));
  if (!entry)
    return "not a bertc model library (no " BERTC_SHARED_MODEL_ENTRY
           "; compile with bertc compile --emit=shared)";
  lib.desc = entry();
  std::string missing;
  resolve(lib.handle, "bertc_last_error", lib.lastError, missing);
  resolve(lib.handle, "bertc_set_num_threads", lib.setNumThreads, missing);
  resolve(lib.handle, "bertc_classifier_create", lib.create, missing);
  resolve(lib.handle, "bertc_classifier_free", lib.free, missing);
  resolve(lib.handle, "bertc_classifier_num_heads", lib.numHeads, missing);
  resolve(lib.handle, "bertc_classifier_head_name", lib.headName, missing);
  resolve(lib.handle, "bertc_classifier_num_labels", lib.numLabels, missing);
  resolve(lib.handle, "bertc_classifier_label", lib.label, missing);
  resolve(lib.handle, "bertc_classifier_total_labels", lib.totalLabels, missing);
  resolve(lib.handle, "bertc_classifier_set_batch_size", lib.setBatchSize, missing);
  resolve(lib.handle, "bertc_classify", lib.classify, missing);
  resolve(lib.handle, "bertc_classify_with_lengths", lib.classifyWithLengths, missing);
  resolve(lib.handle, "bertc_classify_output", lib.classifyOutput, missing);
  resolve(lib.handle, "bertc_fill_mask", lib.fillMask, missing);
  resolve(lib.handle, "bertc_classifier_model", lib.model, missing);
  resolve(lib.handle, "bertc_model_isa", lib.isa, missing);
  if (!missing.empty())
    return "the library lacks " + missing + " (compiled by an older bertc?)";
  return "";
}

} // namespace bertc::cli
