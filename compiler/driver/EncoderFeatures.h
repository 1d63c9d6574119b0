// fit's encoder features from the compiled model itself: `bertc compile --emit=shared` makes
// lib<name>.so (the generated kernels users link), which is opened here and asked, through the
// classify API, for each text's pooled output. The same tokenizer, truncation and kernels as
// bert-classify, so a head trained on these features sees at inference what it saw in training.
#pragma once

#include "fit/FeatureSource.h"
#include "fit/HeadSpec.h"

#include <memory>
#include <string>

namespace bertc {

struct EncoderFeatureOptions {
  std::string modelYaml;   // compiled into a temporary directory unless `compiled` is set
  std::string compiled;    // a lib<name>.so (or its directory) from --emit=shared, reused
  std::string weightsPath; // the encoder checkpoint; a missing head is filled with zeros
  int threads = 0;         // 0: the runtime's default (one per core)
};

// Throws std::runtime_error saying what failed (compilation, loading, weights).
std::unique_ptr<fit::FeatureSource> openEncoderFeatures(const EncoderFeatureOptions& options,
                                                        const fit::HeadSpec& head);

} // namespace bertc
