/* The bertc runtime: loads a compiled model's weights and runs it. No MLIR, LLVM or libHalide.
 *
 * A model (weights bound to the generated description) is read-only after loading and may be
 * shared by threads; each thread runs through its own context, which owns the arena and the
 * packed inputs. Every function returns BERTC_OK or an error code; bertc_last_error() then says
 * what was wrong (per thread). */
#ifndef BERTC_MODEL_H
#define BERTC_MODEL_H

#include "bertc/model_desc.h"

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum bertc_status {
  BERTC_OK = 0,
  BERTC_ERROR_WEIGHTS = 1, /* the weights file is unreadable or does not match the model */
  BERTC_ERROR_INPUT = 2,   /* a request outside the compiled bounds or malformed */
  BERTC_ERROR_KERNEL = 3,  /* a kernel failed (a bug: please report it) */
  BERTC_ERROR_USAGE = 4,   /* a NULL pointer or an unknown output name */
  BERTC_ERROR_VOCAB = 5,   /* the vocabulary is unreadable or does not fit the model (classify) */
  BERTC_ERROR_NUMERIC = 6  /* a result is NaN or infinite: the run's outputs are withheld */
};

/* Options of bertc_model_load_with_flags, or-ed together. */
enum bertc_load_flags {
  /* Read the weights file into memory instead of mapping it: a file replaced or rewritten in
   * place afterwards cannot change the loaded model (a mapped file can, or, truncated, end the
   * process with SIGBUS). Costs the file's size in memory. */
  BERTC_LOAD_COPY = 1,
  /* Accept weights holding NaN or infinity (refused by default: they can only give NaN). */
  BERTC_LOAD_ALLOW_NONFINITE = 2
};

typedef struct bertc_model bertc_model;
typedef struct bertc_context bertc_context;

const char* bertc_last_error(void);

/* On failure *out is NULL. Weights holding NaN or infinity are refused (BERTC_ERROR_WEIGHTS). */
int bertc_model_load(const bertc_model_desc* desc, const char* weights_path, bertc_model** out);
/* bertc_model_load with bertc_load_flags; flags 0 is bertc_model_load. */
int bertc_model_load_with_flags(const bertc_model_desc* desc, const char* weights_path, int flags,
                                bertc_model** out);
void bertc_model_free(bertc_model* model);
const bertc_model_desc* bertc_model_description(const bertc_model* model);
/* The instruction set the model's kernels run with, one of bertc_model_desc.isas (avx512_vnni,
 * avx512_bf16, avx512, avx2, sse41, sse2): the best this CPU runs, or the environment variable
 * BERTC_ISA's, read when the model is loaded (a name the CPU or the model lacks fails the load). */
const char* bertc_model_isa(const bertc_model* model);
/* Bytes the model owns beyond the memory-mapped file (converted and fused weights). */
size_t bertc_model_owned_bytes(const bertc_model* model);

int bertc_context_create(const bertc_model* model, bertc_context** out);
void bertc_context_free(bertc_context* ctx);
const bertc_model* bertc_context_model(const bertc_context* ctx);

/* Runs `batch` sequences given as padded [batch, seq_len] int32 rows: attention_mask is 1 for
 * real tokens then 0 (NULL: all real). Only real tokens are computed. Every output is checked:
 * a NaN or infinite value anywhere makes the run fail with BERTC_ERROR_NUMERIC (the message
 * names the output and the sequence), and bertc_get_output then refuses, as after any failed
 * run. */
int bertc_run(bertc_context* ctx, int batch, int seq_len, const int32_t* input_ids,
              const int32_t* token_type_ids, const int32_t* attention_mask);

/* After bertc_run: copies the named output into `out`. Per-sequence outputs are [batch, width];
 * per-token outputs are [batch, seq_len, width] with zeros at padded positions. `out_floats` is
 * the room in `out`. bertc_output_width gives the width (-1 for an unknown name). */
int64_t bertc_output_width(const bertc_model* model, const char* name);

/* Worker threads of the kernels. Halide 14 has one thread pool per process, so this is a
 * process-wide setting, not a per-call one; the default is one thread per core. */
int bertc_set_num_threads(int threads);

/* Heap blocks the kernels' scratch pool has allocated so far. Kernel temporaries are reused from
 * this pool, which reserves one block per thread for each size it first meets, so after the first
 * request this count stops growing: no inference touches the heap for scratch (the arena holds
 * every tensor between kernels). More requests running at once than before may grow it. */
uint64_t bertc_scratch_allocations(void);
int bertc_get_output(const bertc_context* ctx, const char* name, float* out, size_t out_floats);

#ifdef __cplusplus
}
#endif

#endif
