/* Tests the classify C ABI from C, against a model compiled with --emit=shared: a batch of texts
 * of different lengths (more than max_batch, so it is split) equals each text classified alone,
 * bit for bit; an over-long text equals its first max_seq_len tokens; a pair differs from its
 * first text alone; and errors say what was wrong. */
#include "bertc/classify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const bertc_model_desc* bertc_shared_model_desc(void);

static char* repeat(const char* word, int times) {
  size_t n = strlen(word);
  char* s = malloc(n * (size_t)times + 1);
  for (int i = 0; i < times; ++i)
    memcpy(s + n * (size_t)i, word, n);
  s[n * (size_t)times] = 0;
  return s;
}

static float classifyOne(bertc_classifier* c, const char* a, const char* b) {
  bertc_head_result r;
  const char* texts_b[1] = {b};
  if (bertc_classify(c, 1, &a, b ? texts_b : NULL, &r, NULL) != BERTC_OK) {
    printf("classify failed: %s\n", bertc_last_error());
    exit(1);
  }
  return r.probability;
}

int main(int argc, char** argv) {
  if (argc != 2)
    return 2;
  const bertc_model_desc* desc = bertc_shared_model_desc();
  bertc_classifier* c = NULL;
  if (bertc_classifier_create(desc, argv[1], NULL, &c) != BERTC_OK) {
    printf("create failed: %s\n", bertc_last_error());
    return 1;
  }
  printf("model %s: %d head(s), head 0 '%s' kind %d, labels %s/%s, max_batch %d\n", desc->name,
         bertc_classifier_num_heads(c), bertc_classifier_head_name(c, 0),
         bertc_classifier_head_kind(c, 0), bertc_classifier_label(c, 0, 0),
         bertc_classifier_label(c, 0, 1), desc->max_batch);

  /* 20 texts of 1 to 96 words: three runs of at most max_batch (8). */
  enum { N = 20 };
  const char* texts[N];
  char* owned[N];
  for (int i = 0; i < N; ++i)
    texts[i] = owned[i] = repeat(i % 2 ? "bleak " : "charming film ", 1 + (i * 5) % 48);
  bertc_head_result batch[N];
  float probabilities[2 * N];
  if (bertc_classify(c, N, texts, NULL, batch, probabilities) != BERTC_OK) {
    printf("batch failed: %s\n", bertc_last_error());
    return 1;
  }
  int mismatches = 0;
  for (int i = 0; i < N; ++i) {
    float alone = classifyOne(c, texts[i], NULL);
    if (alone != batch[i].probability || probabilities[2 * i + 1] != alone ||
        batch[i].label != (alone >= 0.5f))
      ++mismatches;
  }
  printf("batch of %d vs alone: %d mismatches\n", N, mismatches);

  /* 300 "good" pieces truncate to [CLS] + 126 + [SEP]. */
  char* longText = repeat("good ", 300);
  char* kept = repeat("good ", 126);
  char* shorter = repeat("good ", 125);
  float pLong = classifyOne(c, longText, NULL), pKept = classifyOne(c, kept, NULL);
  printf("truncated equals first 126: %s; differs from 125: %s\n", pLong == pKept ? "yes" : "no",
         pLong != classifyOne(c, shorter, NULL) ? "yes" : "no");

  const char* a = "The cat sat on the mat.";
  printf("pair differs from text alone: %s\n",
         classifyOne(c, a, "A cat was sitting on a mat.") != classifyOne(c, a, NULL) ? "yes"
                                                                                     : "no");

  /* C leaves the order of arguments open: each call runs before its message is read. */
  bertc_head_result r;
  const char* nullText[1] = {NULL};
  int status = bertc_classify(c, 1, nullText, NULL, &r, NULL);
  printf("NULL text: status %d: %s\n", status, bertc_last_error());
  status = bertc_classifier_set_batch_size(c, 9);
  printf("batch size 9: status %d: %s\n", status, bertc_last_error());
  bertc_classifier_free(c);

  bertc_classifier* none = NULL;
  status = bertc_classifier_create(desc, argv[1], "/nonexistent/vocab.txt", &none);
  printf("missing vocab: status %d: %s\n", status, bertc_last_error());
  status = bertc_classifier_create(desc, "/nonexistent/w.safetensors", NULL, &none);
  printf("missing weights: status %d: %s\n", status, bertc_last_error());
  for (int i = 0; i < N; ++i)
    free(owned[i]);
  free(longText);
  free(kept);
  free(shorter);
  return 0;
}
