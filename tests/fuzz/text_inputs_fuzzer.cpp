// libFuzzer target for the two text-file readers users point at their data: `bertc fit`'s TSV
// datasets (binary and classes heads) and bert-classify's TSV / JSON lines input. Any bytes must
// give examples or a located error, never a crash; and what they accept must be consistent
// (every example has a non-empty text and a label in range; every input line number is inside
// the file).
#include "InputReader.h"
#include "fit/Dataset.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>
#include <string_view>

namespace {

void checkDataset(std::string_view text, const bertc::fit::HeadSpec& head) {
  try {
    bertc::fit::Dataset d = bertc::fit::parseDataset(text, "fuzz.tsv", head);
    for (const bertc::fit::Example& e : d.examples)
      if (e.textA.empty() || e.label < 0 || e.label >= head.numLabels())
        std::abort();
  } catch (const bertc::fit::DatasetError& e) {
    if (e.problems().empty())
      std::abort();
    for (const std::string& p : e.problems())
      if (p.rfind("fuzz.tsv", 0) != 0) // every message names the file
        std::abort();
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  checkDataset(text, bertc::fit::HeadSpec{"classifier", true, {"negative", "positive"}, 0.1});
  checkDataset(text, bertc::fit::HeadSpec{"classifier", false, {"a", "b", "c"}, 0.0});

  std::istringstream in{std::string(text)};
  std::vector<bertc::cli::InputText> inputs;
  bertc::cli::InputError error;
  const size_t lines = size_t(std::count(text.begin(), text.end(), '\n')) + 1;
  if (bertc::cli::readInputs(in, inputs, error)) {
    for (const bertc::cli::InputText& t : inputs)
      if (t.line == 0 || t.line > lines)
        std::abort();
  } else if (error.message.empty() || error.line > lines) {
    std::abort();
  }
  return 0;
}
