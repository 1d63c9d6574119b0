#include "BatchEncoder.h"

#include <algorithm>

namespace bertc::classify {

BatchEncoder::BatchEncoder(tokenizer::BertTokenizer tokenizer, int maxSeqLen)
    : tokenizer_(std::move(tokenizer)) {
  tokenizer_.setTruncation({size_t(maxSeqLen)});
  tokenizer_.setPadding({}); // each run is padded here, to its own longest row
}

PaddedBatch BatchEncoder::encode(const TextView* texts, size_t n) const {
  std::vector<tokenizer::Encoding> encodings;
  encodings.reserve(n);
  PaddedBatch out;
  for (size_t i = 0; i < n; ++i) {
    encodings.push_back(texts[i].pair ? tokenizer_.encodePair(texts[i].a, texts[i].b)
                                      : tokenizer_.encode(texts[i].a));
    out.lengths.push_back(int(encodings.back().size()));
    out.seqLen = std::max(out.seqLen, out.lengths.back());
  }
  out.batch = int(n);
  const size_t cells = n * size_t(out.seqLen);
  out.ids.assign(cells, 0);
  out.typeIds.assign(cells, 0);
  out.mask.assign(cells, 0);
  for (size_t r = 0; r < n; ++r)
    for (size_t t = 0; t < encodings[r].size(); ++t) {
      const size_t at = r * size_t(out.seqLen) + t;
      out.ids[at] = encodings[r].ids[t];
      out.typeIds[at] = int32_t(encodings[r].typeIds[t]);
      out.mask[at] = 1;
    }
  return out;
}

std::vector<std::pair<size_t, size_t>> splitIntoRuns(size_t n, int batchSize) {
  std::vector<std::pair<size_t, size_t>> runs;
  const size_t step = size_t(std::max(batchSize, 1));
  for (size_t begin = 0; begin < n; begin += step)
    runs.emplace_back(begin, std::min(n, begin + step));
  return runs;
}

} // namespace bertc::classify
