// What a bertc_classifier holds (bertc/classify.h), shared by the files that implement its C ABI:
// Classifier.cpp (classification) and FillMask.cpp (masked-token prediction).
#pragma once

#include "BatchEncoder.h"
#include "bertc/classify.h"

#include <memory>
#include <string>
#include <vector>

namespace bertc::classify {

// A head that answers labels: binary, classes or nsp.
struct Head {
  std::string name;
  int kind = BERTC_HEAD_BINARY;
  std::vector<std::string> labels;
  std::string output; // <name>.probabilities
  int width = 0;      // of that output
};

} // namespace bertc::classify

struct bertc_classifier {
  bertc_model* model = nullptr;
  bertc_context* ctx = nullptr;
  std::unique_ptr<bertc::classify::BatchEncoder> encoder;
  std::vector<bertc::classify::Head> heads; // empty for a masked-LM-only model
  int batchSize = 1, totalLabels = 0;
  std::vector<float> scratch; // one head's probabilities for one run

  ~bertc_classifier() {
    bertc_context_free(ctx);
    bertc_model_free(model);
  }
};
