// Runs two compiled models, linked into one program, on the same tokenized sentence.
//   two-models TINY_WEIGHTS ODD_WEIGHTS
#include "bert_tiny.h"
#include "odd_topics.h"

#include <cstdio>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: two-models TINY_WEIGHTS ODD_WEIGHTS\n");
    return 2;
  }
  try {
    // "[CLS] hello world [SEP]" in the bert-base uncased vocabulary.
    const std::vector<int32_t> ids = {101, 7592, 2088, 102};
    bertc::Model tiny = bert_tiny::load(argv[1]);
    bertc::Context tinyCtx(tiny);
    tinyCtx.run(1, 4, ids, {}, {});
    float positive = tinyCtx.output(BERT_TINY_OUTPUT_BINARY_PROBABILITIES)[0];

    bertc::Model odd = odd_topics::load(argv[2]);
    bertc::Context oddCtx(odd);
    oddCtx.run(1, 4, ids, {}, {});
    std::vector<float> topics = oddCtx.output(ODD_TOPICS_OUTPUT_TOPIC_PROBABILITIES);
    std::printf("bert_tiny p(positive) = %.4f; odd_topics p = [%.4f, %.4f, %.4f] (sum %.4f)\n",
                positive, topics[0], topics[1], topics[2], topics[0] + topics[1] + topics[2]);
  } catch (const bertc::Error& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  return 0;
}
