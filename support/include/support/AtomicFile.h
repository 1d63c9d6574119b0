// Output files written whole or not at all. The bytes go to a temporary beside the destination,
// are checked, and the temporary is renamed over it: a reader (or a build system comparing
// times) never sees a partial file, a failed write leaves no file that looks fresh, and a
// symbolic link at the destination is replaced, never followed.
#pragma once

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <string>
#include <unistd.h>

namespace bertc::support {

// Renames `from` over `to`; "" or what went wrong (both on one file system).
inline std::string replaceFile(const std::filesystem::path& from, const std::filesystem::path& to) {
  if (std::rename(from.c_str(), to.c_str()) != 0) {
    std::string why = std::strerror(errno);
    std::remove(from.c_str());
    return "cannot move " + from.string() + " to " + to.string() + ": " + why;
  }
  return "";
}

// Writes `bytes` to `path` as described above; "" or what went wrong, naming the file.
inline std::string writeFileAtomically(const std::filesystem::path& path,
                                       const std::string& bytes) {
  const std::filesystem::path temp = path.string() + ".tmp" + std::to_string(::getpid());
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    return "cannot write " + path.string() + ": " + std::strerror(errno);
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      break;
    done += size_t(n);
  }
  const int writeErrno = done == bytes.size() ? 0 : (errno ? errno : EIO);
  const bool closed = ::close(fd) == 0;
  if (writeErrno || !closed) {
    const std::string why = std::strerror(writeErrno ? writeErrno : errno);
    std::remove(temp.c_str());
    return "cannot write " + path.string() + ": " + why;
  }
  return replaceFile(temp, path);
}

} // namespace bertc::support
