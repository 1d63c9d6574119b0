// Text in, label out: the classify API (bertc::classify in the CMake package) on a model compiled
// at build time, with the vocabulary the model recorded when it was compiled.
//   classify-text WEIGHTS TEXT...
#include "bert_tiny.h"
#include "bertc/classify.hpp"

#include <cstdio>

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: classify-text WEIGHTS TEXT...\n");
    return 2;
  }
  try {
    bertc::Classifier classifier(bert_tiny_model_desc(), argv[1]);
    for (int i = 2; i < argc; ++i) {
      const bertc::Prediction p = classifier.classify(argv[i]);
      std::printf("%s\t%.6f\t%s\n", p[0].labelName.c_str(), p[0].probability, argv[i]);
    }
  } catch (const bertc::Error& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  return 0;
}
