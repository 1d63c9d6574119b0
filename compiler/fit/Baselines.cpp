#include "fit/Baselines.h"

#include "fit/DenseHead.h"
#include "fit/Losses.h"
#include "support/SeededRandom.h"

#include <algorithm>
#include <map>
#include <numeric>

namespace bertc::fit {
namespace {

bool isAsciiSpace(unsigned char c) {
  return c == ' ' || (c >= '\t' && c <= '\r');
}
bool isAsciiPunct(unsigned char c) {
  return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) ||
         (c >= 123 && c <= 126);
}

// One example as sorted (vocabulary index, count) pairs.
using SparseRow = std::vector<std::pair<std::int64_t, float>>;

SparseRow countTokens(const Example& e, const std::map<std::string, std::int64_t>& vocab) {
  std::map<std::int64_t, float> counts;
  for (std::string_view text : {std::string_view(e.textA), std::string_view(e.textB)})
    for (const std::string& token : bagOfWordsTokens(text))
      if (auto it = vocab.find(token); it != vocab.end())
        counts[it->second] += 1.0f;
  return SparseRow(counts.begin(), counts.end());
}

void logitsOf(const DenseHead& head, const SparseRow& row, float* out) {
  for (std::int64_t o = 0; o < head.outputs; ++o) {
    double sum = head.bias[std::size_t(o)];
    for (const auto& [index, count] : row)
      sum += double(head.weight[std::size_t(o * head.inputs + index)]) * count;
    out[o] = float(sum);
  }
}

} // namespace

std::vector<std::string> bagOfWordsTokens(std::string_view text) {
  std::vector<std::string> tokens;
  std::string word;
  for (unsigned char c : text) {
    if (isAsciiSpace(c) || isAsciiPunct(c)) {
      if (!word.empty())
        tokens.push_back(std::move(word));
      word.clear();
      if (isAsciiPunct(c))
        tokens.emplace_back(1, char(c));
      continue;
    }
    word += (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : char(c);
  }
  if (!word.empty())
    tokens.push_back(std::move(word));
  return tokens;
}

int majorityLabel(const std::vector<int>& labels, std::int64_t numLabels) {
  std::vector<std::int64_t> counts(std::size_t(numLabels), 0);
  for (int label : labels)
    ++counts[std::size_t(label)];
  return int(std::max_element(counts.begin(), counts.end()) - counts.begin());
}

double majorityAccuracy(const Dataset& train, const Dataset& dev, std::int64_t numLabels) {
  const int majority = majorityLabel(train.labels(), numLabels);
  std::vector<int> devLabels = dev.labels();
  if (devLabels.empty())
    return 0.0;
  return double(std::count(devLabels.begin(), devLabels.end(), majority)) /
         double(devLabels.size());
}

double bagOfWordsAccuracy(const Dataset& train, const Dataset& dev, bool binary,
                          std::int64_t numLabels, const BagOfWordsOptions& options) {
  // The vocabulary in sorted order, so indices do not depend on hashing.
  std::map<std::string, std::int64_t> vocab;
  for (const Example& e : train.examples)
    for (std::string_view text : {std::string_view(e.textA), std::string_view(e.textB)})
      for (std::string& token : bagOfWordsTokens(text))
        vocab.emplace(std::move(token), 0);
  std::int64_t next = 0;
  for (auto& entry : vocab)
    entry.second = next++;

  std::vector<SparseRow> rows;
  for (const Example& e : train.examples)
    rows.push_back(countTokens(e, vocab));

  const std::int64_t outputs = binary ? 1 : numLabels, width = std::int64_t(vocab.size());
  // Zero start: the problem is convex, so initialization only matters for speed.
  DenseHead head = DenseHead::zeros(width, outputs);
  Adam adam(std::size_t(outputs * width + outputs), options.adam);
  std::vector<float> params(static_cast<std::size_t>(outputs * width + outputs)),
      grad(params.size());
  std::vector<float> z(static_cast<std::size_t>(outputs)), dz(static_cast<std::size_t>(outputs));
  support::SeededRandom shuffleRandom(options.seed, /*stream=*/4);
  std::vector<std::int64_t> order(rows.size());

  for (int epoch = 0; epoch < options.epochs; ++epoch) {
    std::iota(order.begin(), order.end(), 0);
    shuffleRandom.shuffle(order);
    for (std::size_t start = 0; start < order.size(); start += std::size_t(options.batchSize)) {
      const std::size_t end = std::min(order.size(), start + std::size_t(options.batchSize));
      std::fill(grad.begin(), grad.end(), 0.0f);
      for (std::size_t i = start; i < end; ++i) {
        const SparseRow& row = rows[std::size_t(order[i])];
        const int label = train.examples[std::size_t(order[i])].label;
        logitsOf(head, row, z.data());
        if (binary)
          binaryCrossEntropy(z[0], label, dz.data());
        else
          softmaxCrossEntropy(z.data(), outputs, label, dz.data());
        for (std::int64_t o = 0; o < outputs; ++o) {
          for (const auto& [index, count] : row)
            grad[std::size_t(o * width + index)] += dz[std::size_t(o)] * count;
          grad[std::size_t(outputs * width + o)] += dz[std::size_t(o)];
        }
      }
      const float scale = 1.0f / float(end - start);
      for (float& g : grad)
        g *= scale;
      std::copy(head.weight.begin(), head.weight.end(), params.begin());
      std::copy(head.bias.begin(), head.bias.end(), params.begin() + outputs * width);
      adam.step(params.data(), grad.data());
      std::copy_n(params.begin(), head.weight.size(), head.weight.begin());
      std::copy(params.begin() + outputs * width, params.end(), head.bias.begin());
    }
  }

  if (dev.examples.empty())
    return 0.0;
  std::int64_t right = 0;
  std::vector<float> probs(static_cast<std::size_t>(outputs));
  for (const Example& e : dev.examples) {
    logitsOf(head, countTokens(e, vocab), z.data());
    if (binary)
      probs[0] = float(sigmoid(z[0]));
    else
      softmax(z.data(), outputs, probs.data());
    right += predictedLabel(probs.data(), outputs) == e.label;
  }
  return double(right) / double(dev.examples.size());
}

} // namespace bertc::fit
