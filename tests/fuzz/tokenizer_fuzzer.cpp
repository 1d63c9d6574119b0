// libFuzzer target for the BERT tokenizer: arbitrary bytes (invalid UTF-8 included) through
// encode, encodePair with truncation, and the JSON writer. Checks the invariants every
// encoding must keep: offsets inside the input and ordered, masks and type ids consistent.
#include "tokenizer/BertTokenizer.h"
#include "tokenizer/JsonOutput.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace {

using bertc::tokenizer::BertTokenizer;
using bertc::tokenizer::Encoding;

constexpr std::size_t kMaxLengths = 8; // pairs are truncated to 3 + (0..7)

// Tokenizers are built once (copying one per input would dominate the run time): index 0 has no
// truncation, index 1 + k truncates to 3 + k.
const BertTokenizer& tokenizer(bool cased, std::size_t index) {
  static const std::vector<BertTokenizer> all = [] {
    std::vector<BertTokenizer> result;
    for (bool isCased : {false, true}) {
      const BertTokenizer base = BertTokenizer::fromVocabFile(
          std::string(BERTC_DATA_DIR) + (isCased ? "/bert-vocab/bert-base-cased-vocab.txt"
                                                 : "/bert-vocab/bert-base-uncased-vocab.txt"),
          !isCased);
      result.push_back(base);
      for (std::size_t k = 0; k < kMaxLengths; ++k) {
        result.push_back(base);
        result.back().setTruncation({3 + k});
      }
    }
    return result;
  }();
  return all[(cased ? kMaxLengths + 1 : 0) + index];
}

void check(const Encoding& e, std::size_t sizeA, std::size_t sizeB) {
  const std::size_t n = e.size();
  if (e.typeIds.size() != n || e.attentionMask.size() != n || e.offsets.size() != n ||
      e.specialTokensMask.size() != n)
    std::abort();
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t limit = e.typeIds[i] == 0 ? sizeA : sizeB;
    if (e.offsets[i].begin > e.offsets[i].end || e.offsets[i].end > limit)
      std::abort();
    if (e.specialTokensMask[i] == 0 && e.offsets[i].begin == e.offsets[i].end)
      std::abort(); // every real token covers at least one input byte
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0)
    return 0;
  // First byte: options. Rest: text A, then text B after the first 0xFF byte (if any).
  const std::uint8_t flags = data[0];
  const std::string_view input(reinterpret_cast<const char*>(data + 1), size - 1);
  const BertTokenizer& base = tokenizer(flags & 1, 0);
  const Encoding single = base.encode(input);
  check(single, input.size(), 0);
  std::string json;
  bertc::tokenizer::appendEncodingJson(json, base, single);

  const std::size_t split = input.find('\xFF');
  if (split != std::string_view::npos) {
    const std::size_t k = (flags >> 1) % kMaxLengths;
    const BertTokenizer& truncating = tokenizer(flags & 1, 1 + k);
    const std::size_t maxLength = 3 + k;
    const std::string_view a = input.substr(0, split), b = input.substr(split + 1);
    const Encoding pair = truncating.encodePair(a, b);
    check(pair, a.size(), b.size());
    if (pair.size() > maxLength)
      std::abort();
  }
  return 0;
}
