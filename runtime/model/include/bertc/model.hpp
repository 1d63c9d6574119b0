// A thin C++ wrapper over the C ABI of bertc/model.h: RAII ownership and exceptions instead of
// status codes. `<name>.h` adds `<name>::load(path)` for each compiled model.
#pragma once

#include "bertc/model.h"

#include <stdexcept>
#include <string>
#include <vector>

namespace bertc {

class Error : public std::runtime_error {
public:
  Error(int status, const std::string& what) : std::runtime_error(what), status_(status) {}
  int status() const { return status_; }

private:
  int status_;
};

inline void check(int status) {
  if (status != BERTC_OK)
    throw Error(status, bertc_last_error());
}

// Weights bound to a compiled model; read-only, share it between threads.
class Model {
public:
  // flags: bertc_load_flags (BERTC_LOAD_COPY, BERTC_LOAD_ALLOW_NONFINITE), or-ed.
  Model(const bertc_model_desc* desc, const std::string& weightsPath, int flags = 0) {
    check(bertc_model_load_with_flags(desc, weightsPath.c_str(), flags, &model_));
  }
  ~Model() { bertc_model_free(model_); }
  Model(const Model&) = delete;
  Model& operator=(const Model&) = delete;
  Model(Model&& o) noexcept : model_(o.model_) { o.model_ = nullptr; }

  const bertc_model* get() const { return model_; }
  const bertc_model_desc& description() const { return *bertc_model_description(model_); }

private:
  bertc_model* model_ = nullptr;
};

// Per-thread state: the arena and the packed request. One per thread.
class Context {
public:
  explicit Context(const Model& model) { check(bertc_context_create(model.get(), &ctx_)); }
  ~Context() { bertc_context_free(ctx_); }
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;

  // Padded [batch, seqLen] rows; attentionMask 1s then 0s (empty: every token is real).
  void run(int batch, int seqLen, const std::vector<int32_t>& inputIds,
           const std::vector<int32_t>& tokenTypeIds, const std::vector<int32_t>& attentionMask) {
    const size_t n = size_t(batch) * size_t(seqLen);
    if (inputIds.size() != n || (!tokenTypeIds.empty() && tokenTypeIds.size() != n) ||
        (!attentionMask.empty() && attentionMask.size() != n))
      throw Error(BERTC_ERROR_USAGE, "input sizes do not match batch x seq_len");
    check(bertc_run(ctx_, batch, seqLen, inputIds.data(),
                    tokenTypeIds.empty() ? nullptr : tokenTypeIds.data(),
                    attentionMask.empty() ? nullptr : attentionMask.data()));
    batch_ = batch;
    seqLen_ = seqLen;
  }

  // The named output of the last run: [batch, width] per sequence, or [batch, seq_len, width]
  // per token (zeros at padding).
  std::vector<float> output(const std::string& name, bool perToken = false) const {
    int64_t width = bertc_output_width(model_(), name.c_str());
    if (width < 0)
      throw Error(BERTC_ERROR_USAGE, "no output named '" + name + "'");
    std::vector<float> out(size_t(batch_) * (perToken ? size_t(seqLen_) : 1) * size_t(width));
    check(bertc_get_output(ctx_, name.c_str(), out.data(), out.size()));
    return out;
  }

private:
  const bertc_model* model_() const { return bertc_context_model(ctx_); }

  bertc_context* ctx_ = nullptr;
  int batch_ = 0, seqLen_ = 0;
};

} // namespace bertc
