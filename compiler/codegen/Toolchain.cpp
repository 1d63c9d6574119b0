#include "codegen/Toolchain.h"

#include <filesystem>
#include <sstream>

namespace bertc {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> split(const std::string& list) {
  std::vector<std::string> out;
  std::stringstream ss(list);
  for (std::string item; std::getline(ss, item, '|');)
    if (!item.empty())
      out.push_back(item);
  return out;
}

Toolchain locate() {
  Toolchain t;
  t.cxx = BERTC_CXX;
  t.ar = BERTC_AR;
  std::error_code ec;
  // Installed layout: PREFIX/bin/bertc, PREFIX/lib/bertc/*.a, PREFIX/include/bertc/,
  // PREFIX/share/bertc/schedules/.
  fs::path prefix = fs::read_symlink("/proc/self/exe", ec).parent_path().parent_path();
  if (!ec && fs::exists(prefix / "lib" / "bertc" / "libbertc_runtime.a", ec)) {
    fs::path lib = prefix / "lib" / "bertc";
    t.runtimeInclude = (prefix / "include").string();
    t.runtimeArchives = {(lib / "libbertc_runtime.a").string(),
                         (lib / "libbertc_weights.a").string()};
    t.runnerArchive = (lib / "libbertc_runner.a").string();
    t.classifyArchives = {(lib / "libbertc_classify.a").string(),
                          (lib / "libbertc_tokenizer.a").string()};
    t.classifyLinkFlags = BERTC_CLASSIFY_LINK_FLAGS;
    t.runtimeLinkFlags = BERTC_RUNTIME_LINK_FLAGS;
    t.schedulesDir = (prefix / "share" / "bertc" / "schedules").string();
    return t;
  }
  t.runtimeInclude = BERTC_RUNTIME_INCLUDE;
  t.runtimeArchives = split(BERTC_RUNTIME_ARCHIVES);
  t.runnerArchive = BERTC_RUNNER_ARCHIVE;
  t.classifyArchives = split(BERTC_CLASSIFY_ARCHIVES);
  t.classifyLinkFlags = BERTC_CLASSIFY_LINK_FLAGS;
  t.runtimeLinkFlags = BERTC_RUNTIME_LINK_FLAGS;
  t.schedulesDir = BERTC_SCHEDULES_DIR;
  return t;
}

} // namespace

const Toolchain& toolchain() {
  static const Toolchain t = locate();
  return t;
}

std::string shellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s)
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

} // namespace bertc
