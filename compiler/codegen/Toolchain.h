// Where bertc finds what generated libraries are built with: the C++ compiler and archiver, the
// runtime's headers and archives, the runner's main() and the default schedule files. An
// installed bertc (cmake --install) finds them beside itself; a build-tree bertc uses the paths
// of its build.
#pragma once

#include <string>
#include <vector>

namespace bertc {

struct Toolchain {
  std::string cxx, ar;
  std::string runtimeInclude;                // holds bertc/model.h
  std::vector<std::string> runtimeArchives;  // merged into every lib<name>.a
  std::string runtimeLinkFlags;              // what they need from the system (libzip)
  std::string runnerArchive;                 // main() of <name>-run
  std::vector<std::string> classifyArchives; // the classify API and tokenizer, for lib<name>.so
  std::string classifyLinkFlags;             // what those need from the system (utf8proc)
  std::string schedulesDir;                  // <target>.yaml defaults
};

const Toolchain& toolchain();

// `s` as one word of a POSIX shell command line (the commands bertc runs: compiler, archiver,
// bertc itself).
std::string shellQuote(const std::string& s);

} // namespace bertc
