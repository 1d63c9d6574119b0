// The outermost frame of every command-line tool's main(): nothing a tool does may end in an
// abort, and nothing it prints may be lost in silence.
//   - Allocation failure and any stray exception become `<tool>: error: ...` and status 1.
//   - Standard output is flushed and checked at the end: a full disk, /dev/full or a closed
//     pipe makes the tool fail (status 1) rather than report success for output cut short.
#pragma once

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <iostream>
#include <new>
#include <string>

namespace bertc::support {

// Flushes std::cout and stdout; false (with errno's reason in `why`) when any write failed.
inline bool flushStdout(std::string& why) {
  errno = 0;
  std::cout.flush();
  const bool ok = std::cout.good() && std::fflush(stdout) == 0 && !std::ferror(stdout);
  if (!ok)
    why = errno ? std::strerror(errno) : "write failed";
  return ok;
}

// Flushes standard output; on failure says so on stderr and returns false.
inline bool flushStdoutOrReport(const std::string& tool) {
  std::string why;
  if (flushStdout(why))
    return true;
  std::cerr << tool << ": error: cannot write standard output: " << why << "\n";
  return false;
}

// Runs body() (which returns the exit status) as described above.
template <class Body> int runTool(const std::string& tool, Body body) {
  int status = 1;
  try {
    status = body();
  } catch (const std::bad_alloc&) {
    std::cerr << tool << ": error: out of memory\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << tool << ": error: " << e.what() << "\n";
    return 1;
  }
  if (status != 0) { // already said what failed; a write error now would only repeat it
    std::string ignored;
    flushStdout(ignored);
    return status;
  }
  return flushStdoutOrReport(tool) ? 0 : 1;
}

} // namespace bertc::support
