/* Drives every function of the C ABI (bertc/model.h, bertc/classify.h) through its error paths,
 * against a model compiled with --emit=shared: each failing call prints its status, whether the
 * out pointer was set to NULL (out pointers start as a non-NULL sentinel), and
 * bertc_last_error(), for FileCheck. Arguments: good weights, weights holding a NaN, a
 * vocabulary without [CLS], a vocabulary shorter than vocab_size. */
#include "bertc/classify.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

const bertc_model_desc* bertc_shared_model_desc(void);

static void* const kSentinel = (void*)&kSentinel;

static void report(const char* what, int status, const void* out) {
  printf("%s: status %d, out %s: %s\n", what, status,
         out == NULL ? "NULL" : (out == kSentinel ? "untouched" : "set"),
         status == BERTC_OK ? "" : bertc_last_error());
}

/* The call runs before its out pointer is read (argument order is unspecified in C). */
#define CHECK(what, call, out)                                                                     \
  do {                                                                                             \
    int status_ = (call);                                                                          \
    report(what, status_, out);                                                                    \
  } while (0)

static void modelErrors(const bertc_model_desc* d, const char* nanWeights, const char* vocab) {
  bertc_model* m = kSentinel;
  CHECK("model_load NULL desc", bertc_model_load(NULL, "w", &m), m);
  m = kSentinel;
  CHECK("model_load NULL path", bertc_model_load(d, NULL, &m), m);
  CHECK("model_load NULL out", bertc_model_load(d, "w", NULL), NULL);
  m = kSentinel;
  CHECK("model_load missing file", bertc_model_load(d, "/nonexistent/w.safetensors", &m), m);
  m = kSentinel;
  CHECK("model_load not safetensors", bertc_model_load(d, vocab, &m), m);
  m = kSentinel;
  CHECK("model_load directory", bertc_model_load(d, "/", &m), m);
  m = kSentinel;
  CHECK("model_load NaN weights", bertc_model_load(d, nanWeights, &m), m);
  m = kSentinel;
  CHECK("model_load unknown flags", bertc_model_load_with_flags(d, nanWeights, 64, &m), m);
  printf("NULL model: description %p, owned %zu, width %lld\n",
         (const void*)bertc_model_description(NULL), bertc_model_owned_bytes(NULL),
         (long long)bertc_output_width(NULL, "binary.logits"));
  bertc_model_free(NULL);
  CHECK("set_num_threads 0", bertc_set_num_threads(0), kSentinel);
  CHECK("set_num_threads -3", bertc_set_num_threads(-3), kSentinel);
  bertc_context* c = kSentinel;
  CHECK("context_create NULL model", bertc_context_create(NULL, &c), c);
  printf("NULL context: model %p\n", (const void*)bertc_context_model(NULL));
  bertc_context_free(NULL);
}

static void runErrors(const bertc_model_desc* d, const char* weights, const char* nanWeights) {
  bertc_model* m = kSentinel;
  bertc_context* c = kSentinel;
  CHECK("model_load good", bertc_model_load(d, weights, &m), m);
  CHECK("context_create NULL out", bertc_context_create(m, NULL), NULL);
  CHECK("context_create good", bertc_context_create(m, &c), c);
  printf("widths: binary.logits %lld, NULL %lld, nope %lld\n",
         (long long)bertc_output_width(m, "binary.logits"), (long long)bertc_output_width(m, NULL),
         (long long)bertc_output_width(m, "nope"));
  int32_t ids[4] = {101, 7592, 102, 0}, types[4] = {0, 0, 0, 0}, mask[4] = {1, 1, 1, 0};
  float out[8];
  CHECK("get_output before run", bertc_get_output(c, "binary.logits", out, 8), kSentinel);
  CHECK("run NULL context", bertc_run(NULL, 1, 4, ids, types, mask), kSentinel);
  CHECK("run NULL ids", bertc_run(c, 1, 4, NULL, types, mask), kSentinel);
  CHECK("run batch 0", bertc_run(c, 0, 4, ids, types, mask), kSentinel);
  CHECK("run batch 9", bertc_run(c, 9, 4, ids, types, mask), kSentinel);
  CHECK("run seq_len 0", bertc_run(c, 1, 0, ids, types, mask), kSentinel);
  CHECK("run seq_len 129", bertc_run(c, 1, 129, ids, types, mask), kSentinel);
  int32_t badIds[4] = {101, 999999, 102, 0}, badTypes[4] = {0, 5, 0, 0};
  int32_t badMask[4] = {1, 0, 1, 0}, zeroMask[4] = {0, 0, 0, 0}, twoMask[4] = {1, 2, 1, 0};
  CHECK("run id out of range", bertc_run(c, 1, 4, badIds, types, mask), kSentinel);
  CHECK("run type out of range", bertc_run(c, 1, 4, ids, badTypes, mask), kSentinel);
  CHECK("run mask gap", bertc_run(c, 1, 4, ids, types, badMask), kSentinel);
  CHECK("run mask no token", bertc_run(c, 1, 4, ids, types, zeroMask), kSentinel);
  CHECK("run mask value 2", bertc_run(c, 1, 4, ids, types, twoMask), kSentinel);
  CHECK("get_output after failed run", bertc_get_output(c, "binary.logits", out, 8), kSentinel);
  CHECK("run good", bertc_run(c, 1, 4, ids, types, mask), kSentinel);
  CHECK("get_output NULL context", bertc_get_output(NULL, "binary.logits", out, 8), kSentinel);
  CHECK("get_output NULL out", bertc_get_output(c, "binary.logits", NULL, 8), kSentinel);
  CHECK("get_output NULL name", bertc_get_output(c, NULL, out, 8), kSentinel);
  CHECK("get_output unknown name", bertc_get_output(c, "nope", out, 8), kSentinel);
  CHECK("get_output too small", bertc_get_output(c, "last_hidden_state", out, 8), kSentinel);
  printf("scratch allocations counted: %s\n", bertc_scratch_allocations() > 0 ? "yes" : "no");
  bertc_context_free(c);
  bertc_model_free(m);

  /* NaN weights, allowed at load: the run fails and nothing can be read. */
  m = kSentinel;
  CHECK("model_load NaN allowed",
        bertc_model_load_with_flags(d, nanWeights, BERTC_LOAD_ALLOW_NONFINITE, &m), m);
  bertc_context_create(m, &c);
  CHECK("run with NaN weights", bertc_run(c, 1, 4, ids, types, mask), kSentinel);
  CHECK("get_output after NaN run", bertc_get_output(c, "binary.logits", out, 8), kSentinel);
  bertc_context_free(c);
  bertc_model_free(m);
}

static void classifierErrors(const bertc_model_desc* d, const char* weights, const char* nanWeights,
                             const char* noCls, const char* shortVocab) {
  bertc_classifier* k = kSentinel;
  CHECK("classifier_create NULL desc", bertc_classifier_create(NULL, weights, NULL, &k), k);
  k = kSentinel;
  CHECK("classifier_create NULL weights", bertc_classifier_create(d, NULL, NULL, &k), k);
  CHECK("classifier_create NULL out", bertc_classifier_create(d, weights, NULL, NULL), NULL);
  k = kSentinel;
  CHECK("classifier_create vocab without [CLS]", bertc_classifier_create(d, weights, noCls, &k), k);
  k = kSentinel;
  CHECK("classifier_create short vocab", bertc_classifier_create(d, weights, shortVocab, &k), k);
  k = kSentinel;
  CHECK("classifier_create /dev/zero vocab", bertc_classifier_create(d, weights, "/dev/zero", &k),
        k);
  k = kSentinel;
  CHECK("classifier_create missing vocab",
        bertc_classifier_create(d, weights, "/nonexistent/vocab.txt", &k), k);
  k = kSentinel;
  CHECK("classifier_create missing weights",
        bertc_classifier_create(d, "/nonexistent/w.safetensors", NULL, &k), k);
  k = kSentinel;
  CHECK("classifier_create NaN weights", bertc_classifier_create(d, nanWeights, NULL, &k), k);
  printf("NULL classifier: model %p, heads %d, name %p, kind %d, labels %d, label %p, total %d\n",
         (const void*)bertc_classifier_model(NULL), bertc_classifier_num_heads(NULL),
         (const void*)bertc_classifier_head_name(NULL, 0), bertc_classifier_head_kind(NULL, 0),
         bertc_classifier_num_labels(NULL, 0), (const void*)bertc_classifier_label(NULL, 0, 0),
         bertc_classifier_total_labels(NULL));
  bertc_classifier_free(NULL);
  CHECK("set_batch_size NULL", bertc_classifier_set_batch_size(NULL, 1), kSentinel);
  const char* text = "a fine film";
  size_t length = strlen(text);
  bertc_head_result r;
  float p[2];
  CHECK("classify NULL classifier", bertc_classify(NULL, 1, &text, NULL, &r, p), kSentinel);
  CHECK("classify_with_lengths NULL classifier",
        bertc_classify_with_lengths(NULL, 1, &text, &length, NULL, NULL, &r, p), kSentinel);
  CHECK("classify_output NULL classifier",
        bertc_classify_output(NULL, 1, &text, NULL, "binary.pooled_output", p), kSentinel);
}

static float probability(bertc_classifier* k, const char* text, size_t length) {
  bertc_head_result r = {-1, -1.0f};
  int s = bertc_classify_with_lengths(k, 1, &text, &length, NULL, NULL, &r, NULL);
  return s == BERTC_OK ? r.probability : -1.0f;
}

static void classifyErrors(const bertc_model_desc* d, const char* weights) {
  bertc_classifier* k = kSentinel;
  CHECK("classifier_create good", bertc_classifier_create(d, weights, NULL, &k), k);
  printf("out of range: name %p, kind %d, labels %d, label %p, label -1 %p\n",
         (const void*)bertc_classifier_head_name(k, 1), bertc_classifier_head_kind(k, -1),
         bertc_classifier_num_labels(k, 7), (const void*)bertc_classifier_label(k, 0, 2),
         (const void*)bertc_classifier_label(k, 0, -1));
  CHECK("set_batch_size 0", bertc_classifier_set_batch_size(k, 0), kSentinel);
  CHECK("set_batch_size 9", bertc_classifier_set_batch_size(k, 9), kSentinel);
  const char* texts[2] = {"a fine film", NULL};
  size_t lengths[2] = {11, 0};
  bertc_head_result r[2];
  float p[8];
  CHECK("classify NULL texts", bertc_classify(k, 1, NULL, NULL, r, p), kSentinel);
  CHECK("classify NULL results", bertc_classify(k, 1, texts, NULL, NULL, p), kSentinel);
  CHECK("classify NULL text", bertc_classify(k, 2, texts, NULL, r, p), kSentinel);
  CHECK("classify_with_lengths NULL lengths",
        bertc_classify_with_lengths(k, 1, texts, NULL, NULL, NULL, r, p), kSentinel);
  CHECK("classify_with_lengths pairs without lengths",
        bertc_classify_with_lengths(k, 1, texts, lengths, texts, NULL, r, p), kSentinel);
  CHECK("classify_output NULL name", bertc_classify_output(k, 1, texts, NULL, NULL, p), kSentinel);
  CHECK("classify_output unknown", bertc_classify_output(k, 1, texts, NULL, "nope", p), kSentinel);
  CHECK("classify_output per token",
        bertc_classify_output(k, 1, texts, NULL, "last_hidden_state", p), kSentinel);
  CHECK("classify zero texts", bertc_classify(k, 0, NULL, NULL, NULL, NULL), kSentinel);
  /* A NUL byte inside a counted text is deleted, as Hugging Face's tokenizer does: the text
   * reads on past it. bertc_classify's C strings end at the NUL. */
  const char withNul[] = "hello\0 terrible awful film";
  const float counted = probability(k, withNul, sizeof withNul - 1);
  const float joined = probability(k, "hello terrible awful film", 25);
  const float prefix = probability(k, "hello", 5);
  bertc_head_result cString;
  const char* asCString = withNul;
  bertc_classify(k, 1, &asCString, NULL, &cString, NULL);
  printf("NUL: counted equals without it: %s; equals the prefix: %s; C string equals the "
         "prefix: %s\n",
         counted == joined ? "yes" : "no", counted == prefix ? "yes" : "no",
         cString.probability == prefix ? "yes" : "no");
  bertc_classifier_free(k);
}

int main(int argc, char** argv) {
  if (argc != 6)
    return 2;
  const bertc_model_desc* d = bertc_shared_model_desc();
  printf("last_error at start: '%s'\n", bertc_last_error());
  modelErrors(d, argv[2], argv[4]);
  runErrors(d, argv[1], argv[2]);
  classifierErrors(d, argv[1], argv[2], argv[4], argv[5]);
  classifyErrors(d, argv[1]);
  return 0;
}
