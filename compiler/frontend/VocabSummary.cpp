#include "frontend/VocabSummary.h"

#include "support/Limits.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace bertc {

std::string summarizeVocabFile(const std::string& path, VocabSummary& out) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec))
    return "file not found: " + path;
  if (!std::filesystem::is_regular_file(path, ec))
    return "not a regular file: " + path;
  if (std::filesystem::file_size(path, ec) > limits::kVocabFileBytes)
    return "file is larger than 256 MiB; not a vocab.txt: " + path;
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return "cannot open " + path + ": " + std::strerror(errno);

  out = VocabSummary{};
  std::string line;
  for (int64_t id = 0; std::getline(in, line); ++id) {
    if (!line.empty() && line.back() == '\r')
      line.pop_back();
    // First occurrence wins, as in Hugging Face's vocab loading.
    auto note = [&](const char* token, int64_t& slot) {
      if (slot < 0 && line == token)
        slot = id;
    };
    note("[CLS]", out.clsId);
    note("[SEP]", out.sepId);
    note("[UNK]", out.unkId);
    note("[PAD]", out.padId);
    note("[MASK]", out.maskId);
    out.tokens = id + 1;
  }
  if (out.tokens == 0)
    return "vocab file is empty: " + path;
  return "";
}

} // namespace bertc
