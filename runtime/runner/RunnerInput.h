// The runner's input: a JSON batch {"input_ids": [[...]], "token_type_ids": [[...]],
// "attention_mask": [[...]]} read from a file or stdin, checked and padded to its longest row.
// Errors say where: the line and column of invalid JSON, the row and position of a bad value.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace bertc::runner {

// Padded [batch, seqLen] rows, as bertc_run takes them.
struct Batch {
  int batch = 0, seqLen = 0;
  std::vector<int32_t> ids, types, mask;
};

// The bytes of `path` ("-": stdin), at most limits::kRunnerInputBytes; false with `error`.
bool readInputText(const std::string& path, std::string& text, std::string& error);
// Parses and checks one batch; false with `error` saying what and where.
bool parseBatch(const std::string& text, Batch& batch, std::string& error);

} // namespace bertc::runner
