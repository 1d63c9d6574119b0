// Executes a generated bertc_model_desc: binds weights at load, then per request validates and
// packs the inputs (real tokens only), walks the kernel calls over the arena and unpacks outputs.
#include "bertc/model.h"

#include "Isa.h"
#include "ScratchPool.h"
#include "bertc/detail/last_error.hpp"
#include "weights/WeightSet.h"
#include "weights/WeightsError.h"

#include <HalideRuntime.h>
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <new>
#include <set>
#include <string>
#include <vector>

namespace {

thread_local std::string lastError;

int fail(int status, std::string message) {
  lastError = std::move(message);
  return status;
}

int64_t roundUp(int64_t n, int64_t granule) {
  return (n + granule - 1) / granule * granule;
}

struct AlignedDeleter {
  void operator()(void* p) const { std::free(p); }
};

} // namespace

int bertc::detail::setLastError(int status, std::string message) {
  return fail(status, std::move(message));
}

extern "C" void* halide_malloc(void* /*user_context*/, size_t size) {
  return bertc::detail::ScratchPool::get().allocate(size);
}

extern "C" void halide_free(void* /*user_context*/, void* ptr) {
  if (ptr)
    bertc::detail::ScratchPool::get().release(ptr);
}

extern "C" uint64_t bertc_scratch_allocations(void) {
  return bertc::detail::ScratchPool::get().freshAllocations();
}

extern "C" int bertc_set_num_threads(int threads) {
  if (threads < 1)
    return fail(BERTC_ERROR_USAGE, "thread count must be at least 1");
  halide_set_num_threads(threads);
  bertc::detail::ScratchPool::get().setThreads(threads);
  return BERTC_OK;
}

struct bertc_model {
  const bertc_model_desc* desc = nullptr;
  std::unique_ptr<bertc::weights::WeightSet> weights;
  // Per call, per weight argument: the bound tensor (fused ones made at load).
  std::vector<std::vector<const bertc::weights::Tensor*>> callWeights;
  int isa = 0; // the column of each call's isa_fns that runs (Isa.cpp)
};

struct bertc_context {
  const bertc_model* model = nullptr;
  std::unique_ptr<unsigned char, AlignedDeleter> arena;
  // Packed inputs, sized for the largest request plus a row granule of slack that kernels may
  // read (zeros: valid ids everywhere).
  std::vector<int32_t> packed[4];
  int batch = 0, seqLen = 0, tokens = 0;
  std::vector<int32_t> lengths;
};

extern "C" const char* bertc_last_error(void) {
  return lastError.c_str();
}

namespace {

// The tensor a weight argument that is not read as stored binds to, made on first use: a
// stack, panels, or a reduced-precision layout. Derived tensors are named after what they are
// made of, so calls that share weights share one copy; the f32 sources of a layout no call reads
// as stored leave memory once it is made (file pages handed back tensor by tensor).
const bertc::weights::Tensor& derivedWeight(bertc::weights::WeightSet& weights,
                                            const bertc_model_desc* desc, const bertc_arg_desc& arg,
                                            const std::set<std::string>& usedAsIs) {
  std::vector<std::string> parts;
  std::string names;
  for (int p = 0; p < arg.n_tensors; ++p) {
    parts.push_back(desc->tensors[arg.tensors[p]].name);
    names += ":" + parts.back();
  }
  const std::string panel = std::to_string(arg.panel);
  const std::string s8 = "s8panels" + panel + names, s8Scales = "s8scales" + panel + names;
  std::string derived;
  switch (arg.format) {
  case BERTC_WEIGHT_S8_PANELS:
  case BERTC_WEIGHT_S8_SCALES:
    derived = arg.format == BERTC_WEIGHT_S8_PANELS ? s8 : s8Scales;
    if (!weights.find(derived))
      weights.quantizeS8Panels(s8, s8Scales, parts, arg.panel);
    break;
  case BERTC_WEIGHT_BF16_PANELS:
    derived = "bf16panels" + panel + names;
    if (!weights.find(derived))
      weights.packBf16Panels(derived, parts, arg.panel);
    break;
  default:
    derived = (arg.panel ? "panels" + panel : std::string("concat")) + names;
    if (weights.find(derived))
      break;
    if (!arg.panel)
      return weights.concatRows(derived, parts);
    weights.packPanels(derived, parts, arg.panel);
  }
  if (arg.panel || arg.format != BERTC_WEIGHT_F32)
    for (const std::string& part : parts)
      if (!usedAsIs.count(part))
        weights.releasePages(part);
  return weights.get(derived);
}

} // namespace

extern "C" int bertc_model_load(const bertc_model_desc* desc, const char* path, bertc_model** out) {
  return bertc_model_load_with_flags(desc, path, 0, out);
}

extern "C" int bertc_model_load_with_flags(const bertc_model_desc* desc, const char* path,
                                           int flags, bertc_model** out) {
  if (out)
    *out = nullptr;
  if (!desc || !path || !out)
    return fail(BERTC_ERROR_USAGE, "bertc_model_load: NULL argument");
  if (flags & ~(BERTC_LOAD_COPY | BERTC_LOAD_ALLOW_NONFINITE))
    return fail(BERTC_ERROR_USAGE, "bertc_model_load: unknown flags " + std::to_string(flags));
  std::vector<bertc::weights::ExpectedTensor> expected;
  for (int i = 0; i < desc->n_tensors; ++i) {
    const bertc_tensor_desc& t = desc->tensors[i];
    expected.push_back(
        {t.name, std::vector<int64_t>(t.dims, t.dims + t.rank), t.tied_to ? t.tied_to : ""});
  }
  std::string isaError;
  const int isa = bertc::detail::chooseIsa(desc, isaError);
  if (isa < 0)
    return fail(BERTC_ERROR_USAGE, isaError);
  try {
    auto model = std::make_unique<bertc_model>();
    model->desc = desc;
    model->isa = isa;
    model->weights = std::make_unique<bertc::weights::WeightSet>(
        bertc::weights::WeightSet::load(path, expected, (flags & BERTC_LOAD_COPY) != 0));
    if (!(flags & BERTC_LOAD_ALLOW_NONFINITE))
      if (std::vector<std::string> bad = model->weights->nonFiniteTensors(); !bad.empty())
        return fail(BERTC_ERROR_WEIGHTS,
                    bad.front() + (bad.size() > 1 ? " (and " + std::to_string(bad.size() - 1) +
                                                        " more tensors)"
                                                  : std::string()));
    // Weights read as stored; the sources of panels that are not can leave memory once packed.
    std::set<std::string> usedAsIs;
    for (int c = 0; c < desc->n_calls; ++c)
      for (int a = 0; a < desc->calls[c].n_args; ++a) {
        const bertc_arg_desc& arg = desc->calls[c].args[a];
        if (arg.source == BERTC_ARG_WEIGHT && arg.panel == 0 && arg.format == BERTC_WEIGHT_F32)
          for (int p = 0; p < arg.n_tensors; ++p)
            usedAsIs.insert(desc->tensors[arg.tensors[p]].name);
      }
    for (int c = 0; c < desc->n_calls; ++c) {
      const bertc_call_desc& call = desc->calls[c];
      std::vector<const bertc::weights::Tensor*> bound;
      for (int a = 0; a < call.n_args; ++a) {
        const bertc_arg_desc& arg = call.args[a];
        if (arg.source != BERTC_ARG_WEIGHT)
          continue;
        if (arg.n_tensors == 1 && arg.panel == 0 && arg.format == BERTC_WEIGHT_F32) {
          bound.push_back(&model->weights->get(desc->tensors[arg.tensors[0]].name));
          continue;
        }
        bound.push_back(&derivedWeight(*model->weights, desc, arg, usedAsIs));
      }
      model->callWeights.push_back(std::move(bound));
    }
    *out = model.release();
    return BERTC_OK;
  } catch (const std::exception& e) {
    return fail(BERTC_ERROR_WEIGHTS, e.what());
  }
}

extern "C" void bertc_model_free(bertc_model* model) {
  delete model;
}

extern "C" const bertc_model_desc* bertc_model_description(const bertc_model* model) {
  return model ? model->desc : nullptr;
}

extern "C" const char* bertc_model_isa(const bertc_model* model) {
  return model && model->desc->n_isas > 0 ? model->desc->isas[model->isa] : "";
}

extern "C" size_t bertc_model_owned_bytes(const bertc_model* model) {
  return model ? model->weights->ownedBytes() : 0;
}

extern "C" int bertc_context_create(const bertc_model* model, bertc_context** out) {
  if (out)
    *out = nullptr;
  if (!model || !out)
    return fail(BERTC_ERROR_USAGE, "bertc_context_create: NULL argument");
  auto ctx = std::unique_ptr<bertc_context>(new (std::nothrow) bertc_context);
  if (!ctx)
    return fail(BERTC_ERROR_USAGE, "out of memory");
  ctx->model = model;
  const bertc_model_desc* d = model->desc;
  const size_t arenaBytes = size_t(roundUp(d->arena_bytes, 64));
  // Zeroed once, so rows past the real ones hold finite values from the first call on.
  ctx->arena.reset(
      static_cast<unsigned char*>(std::aligned_alloc(64, arenaBytes ? arenaBytes : 64)));
  if (!ctx->arena)
    return fail(BERTC_ERROR_USAGE,
                "cannot allocate the " + std::to_string(arenaBytes) + "-byte arena");
  std::memset(ctx->arena.get(), 0, arenaBytes);
  const size_t capacity = size_t(
      roundUp(int64_t(d->max_batch) * d->max_seq_len, BERTC_ROW_GRANULE) + 2 * BERTC_ROW_GRANULE);
  for (auto& v : ctx->packed)
    v.assign(capacity, 0);
  *out = ctx.release();
  return BERTC_OK;
}

extern "C" void bertc_context_free(bertc_context* ctx) {
  delete ctx;
}

namespace {

int packInputs(bertc_context* ctx, int batch, int seqLen, const int32_t* ids, const int32_t* types,
               const int32_t* mask) {
  const bertc_model_desc* d = ctx->model->desc;
  if (!ids)
    return fail(BERTC_ERROR_USAGE, "input_ids is NULL");
  if (batch < 1 || batch > d->max_batch)
    return fail(BERTC_ERROR_INPUT, "batch " + std::to_string(batch) + " is outside 1.." +
                                       std::to_string(d->max_batch) + " (compiled max_batch)");
  if (seqLen < 1 || seqLen > d->max_seq_len)
    return fail(BERTC_ERROR_INPUT, "sequence length " + std::to_string(seqLen) + " is outside 1.." +
                                       std::to_string(d->max_seq_len) + " (compiled max_seq_len)");
  ctx->lengths.assign(size_t(batch), 0);
  int32_t* packedIds = ctx->packed[BERTC_INPUT_IDS].data();
  int32_t* packedTypes = ctx->packed[BERTC_INPUT_TOKEN_TYPES].data();
  int32_t* positions = ctx->packed[BERTC_INPUT_POSITIONS].data();
  int32_t* offsets = ctx->packed[BERTC_INPUT_OFFSETS].data();
  int t = 0;
  for (int b = 0; b < batch; ++b) {
    offsets[b] = t;
    // Built only for an error message: requests must not allocate.
    auto row = [b] { return "row " + std::to_string(b) + ": "; };
    int len = seqLen;
    if (mask) {
      len = 0;
      for (int s = 0; s < seqLen; ++s) {
        int32_t m = mask[size_t(b) * seqLen + s];
        if (m != 0 && m != 1)
          return fail(BERTC_ERROR_INPUT, row() + "attention_mask value " + std::to_string(m) +
                                             " at position " + std::to_string(s) +
                                             "; masks hold 0 or 1");
        if (m == 1 && len != s)
          return fail(BERTC_ERROR_INPUT, row() + "attention_mask has a 1 at position " +
                                             std::to_string(s) +
                                             " after a 0; masks are 1s then 0s");
        len += m;
      }
      if (len == 0)
        return fail(BERTC_ERROR_INPUT, row() + "attention_mask has no real token");
    }
    for (int s = 0; s < len; ++s, ++t) {
      int32_t id = ids[size_t(b) * seqLen + s];
      int32_t type = types ? types[size_t(b) * seqLen + s] : 0;
      if (id < 0 || id >= d->vocab_size)
        return fail(BERTC_ERROR_INPUT, row() + "input_ids[" + std::to_string(s) + "] = " +
                                           std::to_string(id) + " is outside the vocabulary (0.." +
                                           std::to_string(d->vocab_size - 1) + ")");
      if (type < 0 || type >= d->type_vocab_size)
        return fail(BERTC_ERROR_INPUT, row() + "token_type_ids[" + std::to_string(s) +
                                           "] = " + std::to_string(type) + " is outside 0.." +
                                           std::to_string(d->type_vocab_size - 1));
      packedIds[t] = id;
      packedTypes[t] = type;
      positions[t] = s;
    }
    ctx->lengths[size_t(b)] = len;
  }
  offsets[batch] = t;
  // Rows past the real ones are computed by whole tiles and ignored: give them index 0.
  const size_t pad = size_t(roundUp(t, BERTC_ROW_GRANULE) + BERTC_ROW_GRANULE);
  for (int i = 0; i < 3; ++i)
    std::fill(ctx->packed[i].begin() + t,
              ctx->packed[i].begin() + std::min(pad, ctx->packed[i].size()), 0);
  std::fill(ctx->packed[BERTC_INPUT_OFFSETS].begin() + batch + 1,
            ctx->packed[BERTC_INPUT_OFFSETS].end(), 0);
  ctx->batch = batch;
  ctx->seqLen = seqLen;
  ctx->tokens = t;
  return BERTC_OK;
}

halide_buffer_t makeBuffer(void* host, halide_type_t type, int dims, halide_dimension_t* dim) {
  halide_buffer_t b{};
  b.host = static_cast<uint8_t*>(host);
  b.type = type;
  b.dimensions = dims;
  b.dim = dim;
  return b;
}

// Halide dims for a dense row-major tensor in PyTorch order [d0, d1, ...]: innermost first.
int weightDims(const bertc::weights::Tensor& t, halide_dimension_t* dim) {
  const int rank = int(t.shape.size());
  int32_t stride = 1;
  for (int d = 0; d < rank; ++d) {
    const int64_t extent = t.shape[size_t(rank - 1 - d)];
    dim[d] = {0, int32_t(extent), stride, 0};
    stride *= int32_t(extent);
  }
  return rank;
}

halide_type_t elementType(const bertc::weights::Tensor& t) {
  switch (t.element) {
  case bertc::weights::Element::S8:
    return {halide_type_int, 8, 1};
  case bertc::weights::Element::BF16:
    return {halide_type_bfloat, 16, 1};
  default:
    return {halide_type_float, 32, 1};
  }
}

int runCalls(bertc_context* ctx) {
  const bertc_model* model = ctx->model;
  const bertc_model_desc* d = model->desc;
  const int64_t workRows[2] = {roundUp(ctx->tokens, BERTC_ROW_GRANULE),
                               roundUp(ctx->batch, BERTC_ROW_GRANULE)};
  const halide_type_t f32{halide_type_float, 32, 1}, i32{halide_type_int, 32, 1};
  unsigned char* arena = ctx->arena.get();
  for (int c = 0; c < d->n_calls; ++c) {
    const bertc_call_desc& call = d->calls[c];
    const bertc_kernel_fn kernel = d->n_isas > 0 ? call.isa_fns[model->isa] : call.fn;
    // Fixed-size: no heap allocation per inference.
    constexpr int kMaxArgs = 15;
    if (call.n_args > kMaxArgs)
      return fail(BERTC_ERROR_KERNEL,
                  std::string("kernel ") + call.kernel + " has too many arguments");
    constexpr int kMaxRank = 4; // reduced-precision weight layouts
    halide_dimension_t dims[(kMaxArgs + 1) * kMaxRank];
    halide_buffer_t buffers[kMaxArgs + 1];
    void* argv[kMaxArgs + 2];
    size_t w = 0;
    for (int a = 0; a < call.n_args; ++a) {
      const bertc_arg_desc& arg = call.args[a];
      halide_dimension_t* dim = &dims[size_t(a) * kMaxRank];
      if (arg.source == BERTC_ARG_INPUT) {
        std::vector<int32_t>& v = ctx->packed[arg.input];
        dim[0] = {0, int32_t(v.size()), 1, 0};
        buffers[size_t(a)] = makeBuffer(v.data(), i32, 1, dim);
      } else if (arg.source == BERTC_ARG_WEIGHT) {
        const bertc::weights::Tensor& t = *model->callWeights[size_t(c)][w++];
        int rank = weightDims(t, dim);
        buffers[size_t(a)] = makeBuffer(const_cast<float*>(t.data), elementType(t), rank, dim);
      } else {
        dim[0] = {0, int32_t(arg.width), 1, 0};
        dim[1] = {0, int32_t(arg.capacity_rows), int32_t(arg.width), 0};
        buffers[size_t(a)] = makeBuffer(arena + arg.offset, f32, 2, dim);
      }
      argv[size_t(a)] = &buffers[size_t(a)];
    }
    const bertc_arg_desc& res = call.result;
    halide_dimension_t* rdim = &dims[size_t(call.n_args) * kMaxRank];
    if (call.kind == BERTC_CALL_ROWS) {
      rdim[0] = {0, int32_t(res.width), 1, 0};
      rdim[1] = {0, int32_t(workRows[res.rows]), int32_t(res.width), 0};
      buffers[size_t(call.n_args)] = makeBuffer(arena + res.offset, f32, 2, rdim);
      argv[size_t(call.n_args)] = &buffers[size_t(call.n_args)];
      if (int err = kernel(argv))
        return fail(BERTC_ERROR_KERNEL, std::string("kernel ") + call.kernel +
                                            " failed with Halide error " + std::to_string(err));
      continue;
    }
    // Attention: once per sequence, over its rows only; qkv is viewed as (d, head, row) and
    // read from the sequence's first row to the end of its buffer (tiles may read past the
    // sequence; results there are overwritten by the next sequence or ignored).
    const bertc_arg_desc& qkvArg = call.args[0];
    const int heads = call.heads, hd = call.head_dim;
    const int32_t* offsets = ctx->packed[BERTC_INPUT_OFFSETS].data();
    for (int b = 0; b < ctx->batch; ++b) {
      const int32_t first = offsets[b];
      int32_t seqLen = offsets[b + 1] - first;
      halide_dimension_t qd[3] = {{0, hd, 1, 0},
                                  {0, 3 * heads, hd, 0},
                                  {0, int32_t(qkvArg.capacity_rows - first), 3 * heads * hd, 0}};
      halide_dimension_t od[3] = {{0, hd, 1, 0},
                                  {0, heads, hd, 0},
                                  {0, int32_t(roundUp(seqLen, BERTC_ROW_GRANULE)), heads * hd, 0}};
      halide_buffer_t qkv =
          makeBuffer(arena + qkvArg.offset + int64_t(first) * qkvArg.width * 4, f32, 3, qd);
      halide_buffer_t out =
          makeBuffer(arena + res.offset + int64_t(first) * res.width * 4, f32, 3, od);
      void* args[3] = {&qkv, &seqLen, &out};
      if (int err = kernel(args))
        return fail(BERTC_ERROR_KERNEL, std::string("kernel ") + call.kernel +
                                            " failed with Halide error " + std::to_string(err));
    }
  }
  return BERTC_OK;
}

// A NaN or infinity in any output (the real rows of each sequence) fails the run: NaN weights,
// or values past float range, must never reach a caller as a number or a label.
int checkFinite(const bertc_context* ctx) {
  const bertc_model_desc* d = ctx->model->desc;
  const int32_t* offsets = ctx->packed[BERTC_INPUT_OFFSETS].data();
  for (int i = 0; i < d->n_outputs; ++i) {
    const bertc_output_desc& o = d->outputs[i];
    const float* src = reinterpret_cast<const float*>(ctx->arena.get() + o.offset);
    for (int b = 0; b < ctx->batch; ++b) {
      const bool perSequence = o.rows == BERTC_ROWS_SEQUENCES;
      const float* row = src + size_t(perSequence ? b : offsets[b]) * size_t(o.width);
      const size_t n = size_t(o.width) * size_t(perSequence ? 1 : ctx->lengths[size_t(b)]);
      for (size_t k = 0; k < n; ++k)
        if (!std::isfinite(row[k]))
          return fail(BERTC_ERROR_NUMERIC,
                      std::string("output ") + o.name + " of sequence " + std::to_string(b) +
                          " is " + (std::isnan(row[k]) ? "NaN" : "infinite") +
                          " (weights holding NaN or infinity, or values past float range)");
    }
  }
  return BERTC_OK;
}

const bertc_output_desc* findOutput(const bertc_model_desc* d, const char* name) {
  for (int i = 0; name && i < d->n_outputs; ++i)
    if (std::strcmp(d->outputs[i].name, name) == 0)
      return &d->outputs[i];
  return nullptr;
}

} // namespace

extern "C" int bertc_run(bertc_context* ctx, int batch, int seqLen, const int32_t* ids,
                         const int32_t* types, const int32_t* mask) {
  if (!ctx)
    return fail(BERTC_ERROR_USAGE, "bertc_run: NULL context");
  ctx->batch = ctx->tokens = 0;
  if (int status = packInputs(ctx, batch, seqLen, ids, types, mask))
    return status;
  int status = runCalls(ctx);
  if (status == BERTC_OK)
    status = checkFinite(ctx);
  if (status != BERTC_OK)
    ctx->batch = 0; // bertc_get_output refuses what a failed run left
  return status;
}

extern "C" int64_t bertc_output_width(const bertc_model* model, const char* name) {
  const bertc_output_desc* o = model ? findOutput(model->desc, name) : nullptr;
  return o ? o->width : -1;
}

extern "C" int bertc_get_output(const bertc_context* ctx, const char* name, float* out,
                                size_t outFloats) {
  if (!ctx || !out)
    return fail(BERTC_ERROR_USAGE, "bertc_get_output: NULL argument");
  const bertc_output_desc* o = findOutput(ctx->model->desc, name);
  if (!o)
    return fail(BERTC_ERROR_USAGE, std::string("no output named '") + (name ? name : "") + "'");
  if (ctx->batch == 0)
    return fail(BERTC_ERROR_USAGE, "bertc_get_output before a successful bertc_run");
  const float* src = reinterpret_cast<const float*>(ctx->arena.get() + o->offset);
  const size_t w = size_t(o->width);
  if (o->rows == BERTC_ROWS_SEQUENCES) {
    if (outFloats < size_t(ctx->batch) * w)
      return fail(BERTC_ERROR_USAGE, "output buffer too small for " + std::string(name));
    std::memcpy(out, src, size_t(ctx->batch) * w * sizeof(float));
    return BERTC_OK;
  }
  const size_t rowFloats = size_t(ctx->seqLen) * w;
  if (outFloats < size_t(ctx->batch) * rowFloats)
    return fail(BERTC_ERROR_USAGE, "output buffer too small for " + std::string(name));
  std::memset(out, 0, size_t(ctx->batch) * rowFloats * sizeof(float)); // zeros at padding
  const int32_t* offsets = ctx->packed[BERTC_INPUT_OFFSETS].data();
  for (int b = 0; b < ctx->batch; ++b)
    std::memcpy(out + size_t(b) * rowFloats, src + size_t(offsets[b]) * w,
                size_t(ctx->lengths[size_t(b)]) * w * sizeof(float));
  return BERTC_OK;
}

extern "C" const bertc_model* bertc_context_model(const bertc_context* ctx) {
  return ctx ? ctx->model : nullptr;
}
