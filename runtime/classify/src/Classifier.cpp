// The C ABI of bertc/classify.h: a model, a context and a tokenizer, and the heads to answer.
#include "ClassifierState.h"
#include "HeadAnswer.h"
#include "bertc/classify.h"
#include "bertc/detail/last_error.hpp"

#include <cstring>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

using bertc::classify::Head;
using bertc::detail::setLastError;
namespace tok = bertc::tokenizer;

namespace {

bool classifies(int kind) {
  return kind == BERTC_HEAD_BINARY || kind == BERTC_HEAD_CLASSES || kind == BERTC_HEAD_NSP;
}

// The heads that answer labels, checked against the outputs the model computes.
int findHeads(const bertc_model_desc* d, std::vector<Head>& heads) {
  for (int h = 0; h < d->n_heads; ++h) {
    const bertc_head_desc& hd = d->heads[h];
    if (!classifies(hd.kind))
      continue;
    Head head{hd.name, hd.kind, {}, std::string(hd.name) + ".probabilities", 0};
    for (int i = 0; i < d->n_outputs; ++i)
      if (head.output == d->outputs[i].name && d->outputs[i].rows == BERTC_ROWS_SEQUENCES)
        head.width = int(d->outputs[i].width);
    const int nLabels = hd.kind == BERTC_HEAD_BINARY ? 2 : head.width;
    if (head.width == 0 || (hd.kind == BERTC_HEAD_BINARY && head.width != 1))
      return setLastError(BERTC_ERROR_USAGE, "model '" + std::string(d->name) + "': head '" +
                                                 head.name + "' has no per-sequence output '" +
                                                 head.output + "' of the expected width");
    for (int i = 0; i < nLabels; ++i)
      head.labels.push_back(i < hd.n_labels ? std::string(hd.labels[i])
                                            : "LABEL_" + std::to_string(i));
    heads.push_back(std::move(head));
  }
  bool mlm = false; // a masked-LM model answers bertc_fill_mask only
  for (int h = 0; h < d->n_heads; ++h)
    mlm = mlm || d->heads[h].kind == BERTC_HEAD_MLM;
  if (heads.empty() && !mlm)
    return setLastError(BERTC_ERROR_USAGE, "model '" + std::string(d->name) +
                                               "' has no binary, classes, nsp or mlm head");
  return BERTC_OK;
}

std::optional<tok::BertTokenizer> loadTokenizer(const bertc_model_desc* d, const std::string& path,
                                                int& status) {
  status = BERTC_ERROR_VOCAB;
  try {
    tok::Vocab vocab = tok::Vocab::fromTxtFile(path);
    const int64_t tokens = int64_t(vocab.size());
    // Smaller is wrong too, unless the model says its embedding table is padded: a vocabulary
    // of another model would otherwise give wrong ids in silence.
    if (tokens > d->vocab_size || (tokens < d->vocab_size && !d->vocab_padded)) {
      setLastError(BERTC_ERROR_VOCAB,
                   "vocabulary " + path + " has " + std::to_string(tokens) + " tokens but model '" +
                       d->name + "' was compiled for vocab_size " + std::to_string(d->vocab_size) +
                       (tokens < d->vocab_size ? " (and its YAML does not say tokenizer."
                                                 "vocab_padded: true)"
                                               : ""));
      return std::nullopt;
    }
    tok::BertTokenizerConfig config;
    config.normalizer.lowercase = d->lowercase != 0;
    config.normalizer.stripAccents = d->strip_accents != 0;
    // The constructor throws when [CLS], [SEP] or [UNK] is missing: OK only once it returned.
    tok::BertTokenizer tokenizer(std::move(vocab), config);
    status = BERTC_OK;
    return tokenizer;
  } catch (const std::exception& e) { // TokenizerError, or out of memory
    // The tokenizer's messages usually name the file already.
    const std::string what = e.what();
    setLastError(BERTC_ERROR_VOCAB,
                 what.find(path) != std::string::npos ? what : "vocabulary " + path + ": " + what);
  }
  return std::nullopt;
}

} // namespace

extern "C" int bertc_classifier_create(const bertc_model_desc* desc, const char* weightsPath,
                                       const char* vocabPath, bertc_classifier** out) {
  if (out)
    *out = nullptr; // on every failure
  if (!desc || !weightsPath || !out)
    return setLastError(BERTC_ERROR_USAGE, "bertc_classifier_create: NULL argument");
  auto c = std::make_unique<bertc_classifier>();
  if (int s = findHeads(desc, c->heads); s != BERTC_OK)
    return s;
  for (const Head& h : c->heads)
    c->totalLabels += int(h.labels.size());

  std::string vocab = vocabPath && *vocabPath ? vocabPath
                      : desc->vocab_path      ? desc->vocab_path
                                              : "";
  if (vocab.empty())
    return setLastError(BERTC_ERROR_VOCAB, "model '" + std::string(desc->name) +
                                               "' records no vocabulary (its YAML has no "
                                               "tokenizer.vocab): give one");
  int status = BERTC_OK;
  std::optional<tok::BertTokenizer> tokenizer = loadTokenizer(desc, vocab, status);
  if (!tokenizer)
    return status;
  c->encoder =
      std::make_unique<bertc::classify::BatchEncoder>(std::move(*tokenizer), desc->max_seq_len);
  c->batchSize = desc->max_batch;
  if (int s = bertc_model_load(desc, weightsPath, &c->model); s != BERTC_OK)
    return s;
  if (int s = bertc_context_create(c->model, &c->ctx); s != BERTC_OK)
    return s;
  *out = c.release();
  return BERTC_OK;
}

extern "C" void bertc_classifier_free(bertc_classifier* c) {
  delete c;
}

extern "C" const bertc_model* bertc_classifier_model(const bertc_classifier* c) {
  return c ? c->model : nullptr;
}

extern "C" int bertc_classifier_num_heads(const bertc_classifier* c) {
  return c ? int(c->heads.size()) : 0;
}

static const Head* headAt(const bertc_classifier* c, int head) {
  return c && head >= 0 && head < int(c->heads.size()) ? &c->heads[size_t(head)] : nullptr;
}

extern "C" const char* bertc_classifier_head_name(const bertc_classifier* c, int head) {
  const Head* h = headAt(c, head);
  return h ? h->name.c_str() : nullptr;
}

extern "C" int bertc_classifier_head_kind(const bertc_classifier* c, int head) {
  const Head* h = headAt(c, head);
  return h ? h->kind : -1;
}

extern "C" int bertc_classifier_num_labels(const bertc_classifier* c, int head) {
  const Head* h = headAt(c, head);
  return h ? int(h->labels.size()) : -1;
}

extern "C" const char* bertc_classifier_label(const bertc_classifier* c, int head, int label) {
  const Head* h = headAt(c, head);
  return h && label >= 0 && label < int(h->labels.size()) ? h->labels[size_t(label)].c_str()
                                                          : nullptr;
}

extern "C" int bertc_classifier_total_labels(const bertc_classifier* c) {
  return c ? c->totalLabels : 0;
}

extern "C" int bertc_classifier_set_batch_size(bertc_classifier* c, int batchSize) {
  if (!c)
    return setLastError(BERTC_ERROR_USAGE, "bertc_classifier_set_batch_size: NULL classifier");
  const int max = bertc_model_description(c->model)->max_batch;
  if (batchSize < 1 || batchSize > max)
    return setLastError(BERTC_ERROR_USAGE, "batch size " + std::to_string(batchSize) +
                                               " is outside 1.." + std::to_string(max) +
                                               " (compiled max_batch)");
  c->batchSize = batchSize;
  return BERTC_OK;
}

// Tokenizes and runs the texts batchSize at a time, each run padded to its longest text; after
// each run calls read(first text of the run, texts in it), which copies outputs out.
template <class Read>
static int forEachRun(bertc_classifier* c, const std::vector<bertc::classify::TextView>& texts,
                      Read read) {
  for (auto [begin, end] : bertc::classify::splitIntoRuns(texts.size(), c->batchSize)) {
    bertc::classify::PaddedBatch batch = c->encoder->encode(texts.data() + begin, end - begin);
    if (int s = bertc_run(c->ctx, batch.batch, batch.seqLen, batch.ids.data(), batch.typeIds.data(),
                          batch.mask.data());
        s != BERTC_OK)
      return s;
    if (int s = read(size_t(begin), batch.batch); s != BERTC_OK)
      return s;
  }
  return BERTC_OK;
}

static int classifyRuns(bertc_classifier* c, const std::vector<bertc::classify::TextView>& texts,
                        bertc_head_result* results, float* probabilities);
static int outputRuns(bertc_classifier* c, const std::vector<bertc::classify::TextView>& texts,
                      const char* output, int64_t width, float* out);

// The C arrays as text views, C strings or (lengths not NULL) counted bytes; "" or an error
// message naming the NULL text.
static std::string textViews(const char* fn, size_t n, const char* const* textsA,
                             const size_t* lengthsA, const char* const* textsB,
                             const size_t* lengthsB,
                             std::vector<bertc::classify::TextView>& texts) {
  texts.resize(n);
  auto view = [](const char* text, const size_t* lengths, size_t i) {
    return lengths ? std::string_view(text, lengths[i]) : std::string_view(text);
  };
  for (size_t i = 0; i < n; ++i) {
    if (!textsA[i])
      return std::string(fn) + ": text " + std::to_string(i) + " is NULL";
    texts[i].a = view(textsA[i], lengthsA, i);
    if (textsB && textsB[i]) {
      texts[i].pair = true;
      texts[i].b = view(textsB[i], lengthsB, i);
    }
  }
  return "";
}

// bertc_classify and bertc_classify_with_lengths (lengths NULL: C strings), after the NULL checks.
static int classifyTexts(const char* fn, bertc_classifier* c, size_t n, const char* const* textsA,
                         const size_t* lengthsA, const char* const* textsB, const size_t* lengthsB,
                         bertc_head_result* results, float* probabilities) {
  std::vector<bertc::classify::TextView> texts;
  if (std::string error = textViews(fn, n, textsA, lengthsA, textsB, lengthsB, texts);
      !error.empty())
    return setLastError(BERTC_ERROR_USAGE, error);
  if (c->heads.empty())
    return setLastError(BERTC_ERROR_USAGE, std::string(fn) + ": model '" +
                                               bertc_model_description(c->model)->name +
                                               "' has no binary, classes or nsp head");
  try {
    return classifyRuns(c, texts, results, probabilities);
  } catch (const std::exception& e) { // the C ABI never throws
    return setLastError(BERTC_ERROR_INPUT, std::string(fn) + ": " + e.what());
  }
}

extern "C" int bertc_classify(bertc_classifier* c, size_t n, const char* const* textsA,
                              const char* const* textsB, bertc_head_result* results,
                              float* probabilities) {
  if (!c || (n > 0 && (!textsA || !results)))
    return setLastError(BERTC_ERROR_USAGE, "bertc_classify: NULL argument");
  return classifyTexts("bertc_classify", c, n, textsA, nullptr, textsB, nullptr, results,
                       probabilities);
}

extern "C" int bertc_classify_with_lengths(bertc_classifier* c, size_t n, const char* const* textsA,
                                           const size_t* lengthsA, const char* const* textsB,
                                           const size_t* lengthsB, bertc_head_result* results,
                                           float* probabilities) {
  if (!c || (n > 0 && (!textsA || !lengthsA || !results || (textsB && !lengthsB))))
    return setLastError(BERTC_ERROR_USAGE, "bertc_classify_with_lengths: NULL argument");
  return classifyTexts("bertc_classify_with_lengths", c, n, textsA, lengthsA, textsB, lengthsB,
                       results, probabilities);
}

extern "C" int bertc_classify_output(bertc_classifier* c, size_t n, const char* const* textsA,
                                     const char* const* textsB, const char* output, float* out) {
  if (!c || !output || (n > 0 && (!textsA || !out)))
    return setLastError(BERTC_ERROR_USAGE, "bertc_classify_output: NULL argument");
  const bertc_model_desc* d = bertc_model_description(c->model);
  const bertc_output_desc* o = nullptr;
  for (int i = 0; i < d->n_outputs; ++i)
    if (std::string(d->outputs[i].name) == output)
      o = &d->outputs[i];
  if (!o || o->rows != BERTC_ROWS_SEQUENCES)
    return setLastError(BERTC_ERROR_USAGE,
                        std::string("bertc_classify_output: ") + output +
                            (o ? std::string(" is per token, not per sequence")
                               : std::string(" is not an output of model ") + d->name));
  std::vector<bertc::classify::TextView> texts;
  if (std::string error =
          textViews("bertc_classify_output", n, textsA, nullptr, textsB, nullptr, texts);
      !error.empty())
    return setLastError(BERTC_ERROR_USAGE, error);
  try {
    return outputRuns(c, texts, output, o->width, out);
  } catch (const std::exception& e) {
    return setLastError(BERTC_ERROR_INPUT, std::string("bertc_classify_output: ") + e.what());
  }
}

static int outputRuns(bertc_classifier* c, const std::vector<bertc::classify::TextView>& texts,
                      const char* output, int64_t width, float* out) {
  return forEachRun(c, texts, [&](size_t begin, int batch) {
    return bertc_get_output(c->ctx, output, out + begin * size_t(width),
                            size_t(batch) * size_t(width));
  });
}

static int classifyRuns(bertc_classifier* c, const std::vector<bertc::classify::TextView>& texts,
                        bertc_head_result* results, float* probabilities) {
  const size_t nHeads = c->heads.size();
  return forEachRun(c, texts, [&](size_t begin, int batchSize) -> int {
    size_t labelOffset = 0;
    for (size_t h = 0; h < nHeads; ++h) {
      const Head& head = c->heads[h];
      c->scratch.resize(size_t(batchSize) * size_t(head.width));
      if (int s =
              bertc_get_output(c->ctx, head.output.c_str(), c->scratch.data(), c->scratch.size());
          s != BERTC_OK)
        return s;
      for (size_t r = 0; r < size_t(batchSize); ++r) {
        bertc::classify::HeadAnswer a = bertc::classify::answerHead(
            head.kind == BERTC_HEAD_BINARY, c->scratch.data() + r * size_t(head.width), head.width);
        const size_t text = begin + r;
        results[text * nHeads + h] = {a.label, a.probability};
        if (probabilities)
          std::memcpy(probabilities + text * size_t(c->totalLabels) + labelOffset,
                      a.probabilities.data(), a.probabilities.size() * sizeof(float));
      }
      labelOffset += head.labels.size();
    }
    return BERTC_OK;
  });
}
