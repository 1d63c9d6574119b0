/* The contract between code that bertc generates and the runtime that executes it.
 *
 * `bertc compile --emit=library` writes one bertc_model_desc per model: the weights it expects,
 * the kernel calls in order with where each argument comes from (a packed input, a weight, or a
 * range of the arena), and where each output ends up. The runtime (bertc/model.h) binds weights
 * to it once and runs it per request. Plain C so that it is stable across compilers. */
#ifndef BERTC_MODEL_DESC_H
#define BERTC_MODEL_DESC_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Arena rows are padded: kernels work on whole row tiles of this many rows. */
#define BERTC_ROW_GRANULE 16

enum bertc_arg_source { BERTC_ARG_INPUT = 0, BERTC_ARG_WEIGHT = 1, BERTC_ARG_BUFFER = 2 };
enum bertc_packed_input {
  BERTC_INPUT_IDS = 0,
  BERTC_INPUT_TOKEN_TYPES = 1,
  BERTC_INPUT_POSITIONS = 2,
  BERTC_INPUT_OFFSETS = 3
};
/* What a buffer's rows are: one per real token, or one per sequence. */
enum bertc_rows { BERTC_ROWS_TOKENS = 0, BERTC_ROWS_SEQUENCES = 1 };
/* How the runtime lays out a weight argument (bertc_arg_desc.format). The stacked [N, K] matrix
 * (or vector) is converted once at load; reduced-precision layouts put the K values one vector
 * instruction multiplies together next to each other, for P = panel output columns:
 *   S8_PANELS   int8, symmetric per output row n: q = round(w * 127 / max|w[n, :]|), clamped to
 *               +-127, as [ceil(N / P)][ceil(K / 4)][P][4] (vpdpbusd's quads; zeros pad)
 *   S8_SCALES   f32 [N][2]: max|w[n, :]| / 127, and the sum of row n's q (exact in f32)
 *   BF16_PANELS bf16 (round to nearest even) as [ceil(N / P)][ceil(K / 2)][P][2] (vdpbf16ps) */
enum bertc_weight_format {
  BERTC_WEIGHT_F32 = 0,
  BERTC_WEIGHT_S8_PANELS = 1,
  BERTC_WEIGHT_S8_SCALES = 2,
  BERTC_WEIGHT_BF16_PANELS = 3
};
/* How a call runs: once over all rows, or once per sequence (attention). */
enum bertc_call_kind { BERTC_CALL_ROWS = 0, BERTC_CALL_ATTENTION = 1 };

typedef struct bertc_tensor_desc {
  const char* name;    /* Hugging Face name, without the "bert." prefix */
  int rank;            /* 1 or 2 */
  int64_t dims[2];     /* PyTorch order: Linear weights are [out, in] */
  const char* tied_to; /* NULL, or the tensor it aliases when the checkpoint omits it */
} bertc_tensor_desc;

typedef struct bertc_arg_desc {
  int source;
  int input;             /* BERTC_ARG_INPUT: a bertc_packed_input */
  const int* tensors;    /* BERTC_ARG_WEIGHT: indices into bertc_model_desc.tensors ... */
  int n_tensors;         /* ... several are concatenated along their first dimension */
  int64_t offset;        /* BERTC_ARG_BUFFER: arena byte offset */
  int64_t width;         /* BERTC_ARG_BUFFER: columns */
  int rows;              /* BERTC_ARG_BUFFER: a bertc_rows */
  int64_t capacity_rows; /* BERTC_ARG_BUFFER: rows the arena range can hold */
  int panel;             /* BERTC_ARG_WEIGHT: 0, the tensor as stored (PyTorch layout); P > 0,
                            the runtime packs the (stacked) [N, K] matrix once at load into
                            [ceil(N / P), K, P] panels, so dense kernels read weights contiguously */
  int format;            /* BERTC_ARG_WEIGHT: a bertc_weight_format (0: f32 as `panel` says) */
} bertc_arg_desc;

typedef int (*bertc_kernel_fn)(void** args); /* Halide's argv entry point */

typedef struct bertc_call_desc {
  const char* kernel;
  bertc_kernel_fn fn;  /* the kernel compiled for isas[0] */
  int kind;            /* a bertc_call_kind */
  int heads, head_dim; /* BERTC_CALL_ATTENTION */
  const bertc_arg_desc* args;
  int n_args;
  bertc_arg_desc result;
  const bertc_kernel_fn* isa_fns; /* the kernel compiled for each of bertc_model_desc.isas */
} bertc_call_desc;

typedef struct bertc_output_desc {
  const char* name; /* <head>.logits, <head>.probabilities, <head>.pooled_output, ... */
  int64_t offset, width;
  int rows;
} bertc_output_desc;

/* What a head answers, for the classify API (bertc/classify.h). */
enum bertc_head_kind {
  BERTC_HEAD_BINARY = 0,  /* one logit, sigmoid probability of the second (positive) label */
  BERTC_HEAD_CLASSES = 1, /* N logits, softmax probabilities */
  BERTC_HEAD_POOLED = 2,
  BERTC_HEAD_SEQUENCE = 3,
  BERTC_HEAD_MLM = 4,
  BERTC_HEAD_NSP = 5 /* 2 logits (is-next, not-next), softmax probabilities */
};

typedef struct bertc_head_desc {
  const char* name; /* names its outputs: <name>.logits, <name>.probabilities */
  int kind;         /* a bertc_head_kind */
  const char* const* labels;
  int n_labels; /* 0 where the YAML gives none */
} bertc_head_desc;

typedef struct bertc_model_desc {
  const char* name;
  int max_batch, max_seq_len;
  int64_t arena_bytes;
  int64_t vocab_size, type_vocab_size, max_positions;
  const bertc_tensor_desc* tensors;
  int n_tensors;
  const bertc_call_desc* calls;
  int n_calls;
  const bertc_output_desc* outputs;
  int n_outputs;
  /* Appended after the fields above, which stay where they are. */
  const bertc_head_desc* heads;
  int n_heads;
  /* The tokenizer of the YAML: its vocabulary as an absolute path resolved at compile time (NULL
   * when the YAML has no tokenizer) and its normalization. */
  const char* vocab_path;
  int lowercase, strip_accents;
  /* 1 when the YAML says tokenizer.vocab_padded: the embedding table (vocab_size rows) may be
   * larger than the vocabulary. Otherwise a vocabulary must have exactly vocab_size tokens. */
  int vocab_padded;
  /* The instruction sets the kernels were compiled for, best first: avx512_vnni, avx512_bf16,
   * avx512, avx2, sse41, sse2. The runtime runs the first the CPU has (or BERTC_ISA's). */
  const char* const* isas;
  int n_isas;
} bertc_model_desc;

/* A model compiled with `bertc compile --emit=shared` (lib<name>.so) exports this function, so
 * a generic program can dlopen any model and dlsym one fixed name. The library also exports the
 * whole C ABI of bertc/model.h and bertc/classify.h. */
#define BERTC_SHARED_MODEL_ENTRY "bertc_shared_model_desc"
typedef const bertc_model_desc* (*bertc_shared_model_desc_fn)(void);

#ifdef __cplusplus
}
#endif

#endif
