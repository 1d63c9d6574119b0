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
  std::string runtimeInclude;               // holds bertc/model.h
  std::vector<std::string> runtimeArchives; // merged into every lib<name>.a
  std::string runnerArchive;                // main() of <name>-run
  std::string schedulesDir;                 // <target>.yaml defaults
};

const Toolchain& toolchain();

} // namespace bertc
