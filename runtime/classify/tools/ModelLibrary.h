// A model compiled with `bertc compile --emit=shared`, loaded at run time: its description and
// the C ABI (bertc/model.h, bertc/classify.h) that the library itself exports. The tool calls
// the library's copy of the runtime, so kernels, their Halide runtime and the scratch pool stay
// together inside it.
#pragma once

#include "bertc/classify.h"

#include <string>

namespace bertc::cli {

struct ModelLibrary {
  std::string path; // the .so actually opened
  void* handle = nullptr;
  const bertc_model_desc* desc = nullptr;
  decltype(&bertc_last_error) lastError = nullptr;
  decltype(&bertc_set_num_threads) setNumThreads = nullptr;
  decltype(&bertc_classifier_create) create = nullptr;
  decltype(&bertc_classifier_free) free = nullptr;
  decltype(&bertc_classifier_num_heads) numHeads = nullptr;
  decltype(&bertc_classifier_head_name) headName = nullptr;
  decltype(&bertc_classifier_num_labels) numLabels = nullptr;
  decltype(&bertc_classifier_label) label = nullptr;
  decltype(&bertc_classifier_total_labels) totalLabels = nullptr;
  decltype(&bertc_classifier_set_batch_size) setBatchSize = nullptr;
  decltype(&bertc_classify) classify = nullptr;
  decltype(&bertc_classify_with_lengths) classifyWithLengths = nullptr;
  decltype(&bertc_classify_output) classifyOutput = nullptr;
  decltype(&bertc_fill_mask) fillMask = nullptr;
  decltype(&bertc_classifier_model) model = nullptr;
  decltype(&bertc_model_isa) isa = nullptr;
};

// `path` is a lib<name>.so or a directory holding exactly one. Returns "" or what was wrong.
std::string openModelLibrary(const std::string& path, ModelLibrary& lib);

} // namespace bertc::cli
