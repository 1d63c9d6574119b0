// What the compiler needs to know about a WordPiece vocab.txt: its size and where the special
// tokens are. The runtime's tokenizer reads the full vocabulary; the compiler only checks it.
#pragma once

#include <cstdint>
#include <string>

namespace bertc {

struct VocabSummary {
  int64_t tokens = 0;
  int64_t clsId = -1, sepId = -1, unkId = -1, padId = -1, maskId = -1;
};

// Fills `out` and returns "" on success, or a message saying why the file can't be used.
std::string summarizeVocabFile(const std::string& path, VocabSummary& out);

} // namespace bertc
