// bertc_fill_mask (bertc/classify.h): the mlm head's most probable tokens at each [MASK].
#include "ClassifierState.h"
#include "bertc/detail/last_error.hpp"

#include <algorithm>
#include <cmath>
#include <exception>
#include <numeric>
#include <string>
#include <vector>

using bertc::detail::setLastError;

namespace {

// The mlm head's per-token logits output, or "" when the model has none.
std::string mlmLogits(const bertc_model_desc* d) {
  for (int h = 0; h < d->n_heads; ++h)
    if (d->heads[h].kind == BERTC_HEAD_MLM)
      return std::string(d->heads[h].name) + ".logits";
  return "";
}

// The `topK` largest softmax probabilities of `logits`, most probable first.
std::vector<std::pair<int, float>> topProbabilities(const float* logits, int width, int topK) {
  const float max = *std::max_element(logits, logits + width);
  double sum = 0;
  for (int v = 0; v < width; ++v)
    sum += std::exp(double(logits[v]) - max);
  std::vector<int> ids(size_t(width), 0);
  std::iota(ids.begin(), ids.end(), 0);
  const int k = std::min(topK, width);
  std::partial_sort(ids.begin(), ids.begin() + k, ids.end(), [&](int a, int b) {
    return logits[a] > logits[b] || (logits[a] == logits[b] && a < b);
  });
  std::vector<std::pair<int, float>> top;
  for (int i = 0; i < k; ++i)
    top.emplace_back(ids[size_t(i)], float(std::exp(double(logits[ids[size_t(i)]]) - max) / sum));
  return top;
}

} // namespace

extern "C" int bertc_fill_mask(bertc_classifier* c, const char* text, int topK,
                               bertc_mask_candidate* out, size_t capacity, size_t* nMasks) {
  if (!c || !text || !nMasks || (capacity > 0 && !out))
    return setLastError(BERTC_ERROR_USAGE, "bertc_fill_mask: NULL argument");
  if (topK < 1)
    return setLastError(BERTC_ERROR_USAGE, "bertc_fill_mask: top_k must be at least 1");
  const bertc_model_desc* d = bertc_model_description(c->model);
  const std::string output = mlmLogits(d);
  if (output.empty())
    return setLastError(BERTC_ERROR_USAGE,
                        "bertc_fill_mask: model '" + std::string(d->name) + "' has no mlm head");
  const auto& vocab = c->encoder->tokenizer().vocab();
  const auto maskId = vocab.id("[MASK]");
  if (!maskId)
    return setLastError(BERTC_ERROR_VOCAB, "bertc_fill_mask: the vocabulary has no [MASK] token");
  try {
    bertc::classify::TextView view;
    view.a = text;
    const bertc::classify::PaddedBatch batch = c->encoder->encode(&view, 1);
    if (int s = bertc_run(c->ctx, 1, batch.seqLen, batch.ids.data(), batch.typeIds.data(),
                          batch.mask.data());
        s != BERTC_OK)
      return s;
    const int width = int(bertc_output_width(c->model, output.c_str()));
    std::vector<float> logits(size_t(batch.seqLen) * size_t(width));
    if (int s = bertc_get_output(c->ctx, output.c_str(), logits.data(), logits.size());
        s != BERTC_OK)
      return s;
    size_t masks = 0, written = 0;
    for (int t = 0; t < batch.lengths[0]; ++t) {
      if (batch.ids[size_t(t)] != int32_t(*maskId))
        continue;
      ++masks;
      for (auto [id, p] : topProbabilities(logits.data() + size_t(t) * size_t(width), width, topK))
        if (written < capacity)
          out[written++] = {id, size_t(id) < vocab.size() ? vocab.token(id).data() : "", p};
    }
    *nMasks = masks;
    return BERTC_OK;
  } catch (const std::exception& e) { // the C ABI never throws
    return setLastError(BERTC_ERROR_INPUT, std::string("bertc_fill_mask: ") + e.what());
  }
}
