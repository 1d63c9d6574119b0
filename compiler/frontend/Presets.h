// Named encoder shapes: Google's BERT releases (base, large, and the 2020 miniatures).
#pragma once

#include "frontend/ModelDescription.h"

#include <optional>
#include <string>
#include <vector>

namespace bertc {

const std::vector<std::string>& presetNames();
std::optional<EncoderConfig> findPreset(const std::string& name);

} // namespace bertc
