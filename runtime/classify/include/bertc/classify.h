/* Text in, label out: tokenizes text with the model's vocabulary, runs a compiled model and
 * answers each classification head's label and probability. No MLIR, LLVM or libHalide.
 *
 *   bertc_classifier* c;
 *   bertc_classifier_create(bert_tiny_model_desc(), "w.safetensors", NULL, &c);
 *   const char* text = "a charming journey";
 *   bertc_head_result r;
 *   bertc_classify(c, 1, &text, NULL, &r, NULL);  // r.label, r.probability
 *
 * The classification heads are the model's binary, classes and nsp heads, in YAML order. A
 * classifier holds one context (bertc/model.h): use it from one thread at a time. Functions
 * return BERTC_OK or an error code and bertc_last_error() says what was wrong. */
#ifndef BERTC_CLASSIFY_H
#define BERTC_CLASSIFY_H

#include "bertc/model.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct bertc_classifier bertc_classifier;

/* One head's answer for one text. */
typedef struct bertc_head_result {
  int label;         /* index into the head's labels */
  float probability; /* binary: P(positive), whichever label was chosen (positive iff >= 0.5);
                        classes and nsp: the probability of the chosen (argmax) label */
} bertc_head_result;

/* Loads the weights and the vocabulary. vocab_path NULL or "": the path the model recorded at
 * compile time (its YAML's tokenizer.vocab); the model's lowercase/strip_accents settings apply. */
int bertc_classifier_create(const bertc_model_desc* desc, const char* weights_path,
                            const char* vocab_path, bertc_classifier** out);
void bertc_classifier_free(bertc_classifier* classifier);
const bertc_model* bertc_classifier_model(const bertc_classifier* classifier);

int bertc_classifier_num_heads(const bertc_classifier* classifier);
/* NULL / -1 for a head index out of range. */
const char* bertc_classifier_head_name(const bertc_classifier* classifier, int head);
int bertc_classifier_head_kind(const bertc_classifier* classifier, int head); /* bertc_head_kind */
int bertc_classifier_num_labels(const bertc_classifier* classifier, int head);
/* The YAML's labels; LABEL_0, LABEL_1, ... (as Hugging Face) where it gives none. */
const char* bertc_classifier_label(const bertc_classifier* classifier, int head, int label);
/* The sum of num_labels over the heads: the probabilities bertc_classify writes per text. */
int bertc_classifier_total_labels(const bertc_classifier* classifier);

/* Texts per model run, 1..max_batch (the default is max_batch). */
int bertc_classifier_set_batch_size(bertc_classifier* classifier, int batch_size);

/* Classifies n texts, or n pairs when texts_b is not NULL (texts_b[i] NULL: text i is single).
 * Each is truncated to the model's max_seq_len (pairs longest_first, as Hugging Face), and each
 * run's length is its longest text, never max_seq_len. results: n * num_heads entries, text by
 * text. probabilities: NULL, or n * total_labels floats: per text, each head's probability of
 * each of its labels (binary: 1 - p, p). */
int bertc_classify(bertc_classifier* classifier, size_t n, const char* const* texts_a,
                   const char* const* texts_b, bertc_head_result* results, float* probabilities);

/* bertc_classify with each text's length in bytes: texts_a[i] is lengths_a[i] bytes (and
 * texts_b[i], when texts_b and texts_b[i] are not NULL, lengths_b[i] bytes). bertc_classify's
 * texts are C strings and end at their first NUL byte; here a NUL byte is part of the text, and
 * the tokenizer deletes it as Hugging Face's does (so "a\0b" reads as "ab"). */
int bertc_classify_with_lengths(bertc_classifier* classifier, size_t n, const char* const* texts_a,
                                const size_t* lengths_a, const char* const* texts_b,
                                const size_t* lengths_b, bertc_head_result* results,
                                float* probabilities);

/* The same runs as bertc_classify, but copies the per-sequence model output named `output`
 * (e.g. "binary.pooled_output"; see bertc_model_desc.outputs) into out: n * width floats, text
 * by text, width = bertc_output_width. For features of the frozen encoder (bertc fit). */
int bertc_classify_output(bertc_classifier* classifier, size_t n, const char* const* texts_a,
                          const char* const* texts_b, const char* output, float* out);

/* One candidate for a [MASK] token: its vocabulary id, the token (owned by the classifier) and
 * its probability under the model's mlm head. */
typedef struct bertc_mask_candidate {
  int id;
  const char* token;
  float probability;
} bertc_mask_candidate;

/* Fill-mask with the model's mlm head (a masked-LM model with no other head is a valid
 * classifier for this). Tokenizes `text` (truncated to max_seq_len), and for each [MASK] token in
 * order writes the top_k tokens by probability (the softmax of that position's logits), most
 * probable first. *n_masks receives the number of [MASK] tokens; out receives
 * min(n_masks * top_k, capacity) candidates, mask by mask. */
int bertc_fill_mask(bertc_classifier* classifier, const char* text, int top_k,
                    bertc_mask_candidate* out, size_t capacity, size_t* n_masks);

#ifdef __cplusplus
}
#endif

#endif
