// Text to model input: tokenizes texts (or pairs), truncates them to the model's max_seq_len
// and pads one run's texts to its longest, so a run costs its real tokens only.
#pragma once

#include "tokenizer/BertTokenizer.h"

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace bertc::classify {

struct TextView {
  std::string_view a;
  bool pair = false;
  std::string_view b;
};

// Padded [batch, seqLen] rows as bertc_run takes them; seqLen is the longest real row.
struct PaddedBatch {
  int batch = 0, seqLen = 0;
  std::vector<int32_t> ids, typeIds, mask;
  std::vector<int> lengths; // real tokens per row
};

class BatchEncoder {
public:
  // Truncates to maxSeqLen tokens including [CLS]/[SEP] (pairs: longest_first).
  BatchEncoder(tokenizer::BertTokenizer tokenizer, int maxSeqLen);

  PaddedBatch encode(const TextView* texts, size_t n) const;
  const tokenizer::BertTokenizer& tokenizer() const { return tokenizer_; }

private:
  tokenizer::BertTokenizer tokenizer_;
};

// [begin, end) ranges of at most batchSize texts covering 0..n in order.
std::vector<std::pair<size_t, size_t>> splitIntoRuns(size_t n, int batchSize);

} // namespace bertc::classify
