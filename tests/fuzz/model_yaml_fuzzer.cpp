// Feeds arbitrary bytes to the model description parser. It must never crash, hang or read out
// of bounds, and must always either produce a model or at least one located error.
#include "frontend/ModelParser.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  bertc::ParseOptions options;
  options.checkReferencedFiles = false; // stay off the file system
  bertc::ParseResult r = bertc::parseModelText(
      std::string(reinterpret_cast<const char*>(data), size), "fuzz.yaml", ".", options);
  if (r.model.has_value() == !r.errors.empty())
    std::abort();
  for (const bertc::Diagnostic& d : r.errors)
    if (d.message.empty())
      std::abort();
  return 0;
}
