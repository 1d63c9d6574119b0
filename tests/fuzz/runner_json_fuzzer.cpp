// libFuzzer target for the runner's JSON batch (<name>-run INPUT.json): any bytes give a padded
// batch or an error that says where, never a crash; what is accepted is consistent (rows of the
// longest length, masks of 0s and 1s, one mask per id), and an error on invalid JSON names a
// line and column inside the input.
#include "RunnerInput.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  bertc::runner::Batch batch;
  std::string error;
  if (!bertc::runner::parseBatch(text, batch, error)) {
    if (error.empty())
      std::abort();
    if (error.rfind("line ", 0) == 0) { // invalid JSON: the line must exist
      const size_t line = std::strtoul(error.c_str() + 5, nullptr, 10);
      const size_t lines = size_t(std::count(text.begin(), text.end(), '\n')) + 1;
      if (line < 1 || line > lines)
        std::abort();
    }
    return 0;
  }
  const size_t n = size_t(batch.batch) * size_t(batch.seqLen);
  if (batch.batch < 1 || batch.seqLen < 1 || batch.ids.size() != n || batch.types.size() != n ||
      batch.mask.size() != n)
    std::abort();
  return 0;
}
