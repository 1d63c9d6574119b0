#include "frontend/Presets.h"

namespace bertc {
namespace {

struct Preset {
  const char* name;
  int64_t layers, hidden, heads, intermediate;
};

// Shapes from google-research/bert's README (base, large, and "Well-Read Students Learn Better"
// miniatures). All use the 30522-token uncased vocabulary, 512 positions and 2 token types.
constexpr Preset kPresets[] = {
    {"bert-base-uncased", 12, 768, 12, 3072},
    {"bert-large-uncased", 24, 1024, 16, 4096},
    {"bert-tiny", 2, 128, 2, 512},
    {"bert-mini", 4, 256, 4, 1024},
    {"bert-small", 4, 512, 8, 2048},
    {"bert-medium", 8, 512, 8, 2048},
};

} // namespace

const std::vector<std::string>& presetNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const Preset& p : kPresets)
      out.push_back(p.name);
    return out;
  }();
  return names;
}

std::optional<EncoderConfig> findPreset(const std::string& name) {
  for (const Preset& p : kPresets) {
    if (name != p.name)
      continue;
    EncoderConfig e;
    e.vocabSize = 30522;
    e.hiddenSize = p.hidden;
    e.numLayers = p.layers;
    e.numHeads = p.heads;
    e.intermediateSize = p.intermediate;
    e.maxPositionEmbeddings = 512;
    return e;
  }
  return std::nullopt;
}

} // namespace bertc
