// A C++ wrapper over bertc/classify.h: RAII, strings and exceptions (bertc::Error).
//
//   bertc::Classifier c(bert_tiny_model_desc(), "w.safetensors");
//   bertc::Prediction p = c.classify("a charming journey");  // p[0].labelName, p[0].probability
#pragma once

#include "bertc/classify.h"
#include "bertc/model.hpp"

#include <optional>
#include <string>
#include <vector>

namespace bertc {

struct TextInput {
  std::string textA;
  std::optional<std::string> textB; // a pair when set
};

struct HeadPrediction {
  std::string head;
  int label = 0;
  std::string labelName;
  float probability = 0;            // binary: P(positive); otherwise P(label)
  std::vector<float> probabilities; // one per label (binary: 1 - p, p)
};

using Prediction = std::vector<HeadPrediction>; // one per classification head

class Classifier {
public:
  // vocabPath "": the vocabulary the model recorded at compile time.
  Classifier(const bertc_model_desc* desc, const std::string& weightsPath,
             const std::string& vocabPath = "") {
    check(bertc_classifier_create(desc, weightsPath.c_str(), vocabPath.c_str(), &c_));
  }
  ~Classifier() { bertc_classifier_free(c_); }
  Classifier(const Classifier&) = delete;
  Classifier& operator=(const Classifier&) = delete;
  Classifier(Classifier&& o) noexcept : c_(o.c_) { o.c_ = nullptr; }

  Prediction classify(const std::string& text) { return classify({TextInput{text, {}}})[0]; }
  Prediction classify(const std::string& textA, const std::string& textB) {
    return classify({TextInput{textA, textB}})[0];
  }
  // Split into runs of at most batchSize() texts, each as long as its longest text.
  std::vector<Prediction> classify(const std::vector<TextInput>& batch) {
    std::vector<const char*> a, b;
    bool pairs = false;
    for (const TextInput& t : batch) {
      a.push_back(t.textA.c_str());
      b.push_back(t.textB ? t.textB->c_str() : nullptr);
      pairs = pairs || t.textB.has_value();
    }
    const int heads = numHeads(), total = bertc_classifier_total_labels(c_);
    std::vector<bertc_head_result> results(batch.size() * size_t(heads));
    std::vector<float> probabilities(batch.size() * size_t(total));
    check(bertc_classify(c_, batch.size(), a.data(), pairs ? b.data() : nullptr, results.data(),
                         probabilities.data()));
    std::vector<Prediction> out(batch.size());
    for (size_t i = 0; i < batch.size(); ++i) {
      const float* p = probabilities.data() + i * size_t(total);
      for (int h = 0; h < heads; ++h) {
        const bertc_head_result& r = results[i * size_t(heads) + size_t(h)];
        const int n = bertc_classifier_num_labels(c_, h);
        out[i].push_back({bertc_classifier_head_name(c_, h), r.label,
                          bertc_classifier_label(c_, h, r.label), r.probability,
                          std::vector<float>(p, p + n)});
        p += n;
      }
    }
    return out;
  }

  void setBatchSize(int n) { check(bertc_classifier_set_batch_size(c_, n)); }
  int numHeads() const { return bertc_classifier_num_heads(c_); }
  std::string headName(int head) const { return bertc_classifier_head_name(c_, head); }
  std::vector<std::string> labels(int head) const {
    std::vector<std::string> out;
    for (int i = 0; i < bertc_classifier_num_labels(c_, head); ++i)
      out.push_back(bertc_classifier_label(c_, head, i));
    return out;
  }
  const bertc_classifier* get() const { return c_; }

private:
  bertc_classifier* c_ = nullptr;
};

} // namespace bertc
