// A model's weights: a checkpoint (Checkpoint.h: safetensors, sharded, pytorch_model.bin or a
// directory) bound to the list of tensors the model expects, every tensor F32, plus tensors the
// kernels want rearranged at load. Build it once, then share it
// read-only (e.g. as std::shared_ptr<const WeightSet>) between threads and model instances.
#pragma once

#include "weights/Checkpoint.h"
#include "weights/Safetensors.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace bertc::weights {

// One tensor the model needs, as the generated code lists it.
struct ExpectedTensor {
  std::string name; // Hugging Face name without the "bert." prefix of task models
  std::vector<std::int64_t> shape;
  // Hugging Face ties this tensor to `tiedTo` (the MLM decoder to the word embeddings): when the
  // checkpoint holds only one of the two, both read the same data.
  std::string tiedTo = {};
};

// What a tensor's elements are: F32 for every checkpoint tensor; the reduced-precision layouts
// the load-time transforms make hold int8 values or bf16 bit patterns behind the same pointer.
enum class Element { F32, S8, BF16 };

struct Tensor {
  const float* data = nullptr; // the first element, whatever `element` is
  std::vector<std::int64_t> shape;
  bool zeroCopy = false; // data points into the mapped file rather than owned memory
  Element element = Element::F32;

  std::int64_t elements() const;
};

class WeightSet {
public:
  // Binds `file` to `expected`. Throws WeightsError listing every problem (missing, unexpected,
  // mis-shaped or mis-typed tensors; a name present with and without "bert."). Tensors that are
  // known not to be model weights (see docs/weights.md) become warnings() instead.
  static WeightSet bind(std::shared_ptr<const Checkpoint> checkpoint,
                        const std::vector<ExpectedTensor>& expected);
  static WeightSet bind(std::shared_ptr<const SafetensorsFile> file,
                        const std::vector<ExpectedTensor>& expected) {
    return bind(Checkpoint::fromSafetensors(std::move(file)), expected);
  }
  // `path` as Checkpoint::open takes it. copy: read safetensors files into memory instead of
  // mapping them, so that a file replaced or rewritten in place later cannot change (or,
  // truncated, crash) a loaded model (a pytorch_model.bin is always read into memory).
  static WeightSet load(const std::string& path, const std::vector<ExpectedTensor>& expected,
                        bool copy = false);

  // One message per bound tensor that holds NaN or infinity, naming the file, the tensor, how
  // many such values and the first one's index; empty when every value is finite. A model run
  // with such weights answers NaN, which no label may hide (docs/reliability.md). Mapped pages
  // are handed back once checked (releasePages): only what the kernels read stays resident.
  std::vector<std::string> nonFiniteTensors() const;

  // By expected name (no prefix) or transform result name. get() throws WeightsError if absent.
  const Tensor* find(std::string_view name) const;
  const Tensor& get(std::string_view name) const;
  const std::vector<std::string>& warnings() const { return warnings_; }

  // Memory owned by this set (converted, realigned and transformed tensors) and the size of the
  // file it maps. Zero-copy tensors cost no owned bytes.
  std::size_t ownedBytes() const { return ownedBytes_; }
  std::size_t mappedBytes() const { return checkpoint_ ? checkpoint_->bytes() : 0; }

  // Load-time transforms; each adds an owned tensor named `result`, 64-byte aligned.
  // Stacks `parts` (equal trailing dimensions) along dimension 0, e.g. Q, K and V weights
  // [H, H] into [3H, H] and their biases [H] into [3H].
  const Tensor& concatRows(const std::string& result, const std::vector<std::string>& parts);
  // W [N, K] row-major -> [ceil(N / panel), K, panel]: panel p, column k holds rows
  // p*panel .. p*panel+panel-1 of column k, zero past row N-1, so a kernel computing `panel`
  // outputs reads its weights contiguously. Several sources are stacked along dimension 0 first
  // (as concatRows would, without the intermediate copy): fused Q/K/V weights pack in one pass.
  const Tensor& packPanels(const std::string& result, const std::vector<std::string>& sources,
                           std::int64_t panel = 16);
  const Tensor& packPanels(const std::string& result, const std::string& source,
                           std::int64_t panel = 16) {
    return packPanels(result, std::vector<std::string>{source}, panel);
  }

  // Reduced-precision layouts of the stacked [N, K] matrix of `sources` (bertc/model_desc.h's
  // bertc_weight_format), for dense kernels whose P = `panel` output lanes take G k values each
  // per instruction: `values` [ceil(N / P), ceil(K / G), P, G], zero past N and K.
  // int8 (G = 4): row n quantized symmetrically, q = clamp(nearbyint(w * (127 / m)), -127, 127)
  // with m = max |w[n, :]|, and `scales` [N, 2] = (m * (1 / 127), sum of row n's q), f32.
  void quantizeS8Panels(const std::string& values, const std::string& scales,
                        const std::vector<std::string>& sources, std::int64_t panel);
  // bf16 (G = 2): each value rounded to nearest even (bit patterns).
  const Tensor& packBf16Panels(const std::string& result, const std::vector<std::string>& sources,
                               std::int64_t panel);

  // Hands the file pages under `name` back to the kernel (madvise DONTNEED) when the tensor is
  // zero-copy: for sources that live on only as a transformed copy, so the process does not
  // keep both resident. The data stays valid: touching it again reads the file back in.
  void releasePages(const std::string& name) const;

private:
  struct FreeDeleter {
    void operator()(float* p) const;
  };
  using Buffer = std::unique_ptr<float[], FreeDeleter>;

  float* allocate(std::int64_t elements);
  // madvise DONTNEED of the whole pages inside [begin, end) of a mapped tensor.
  static void releasePagesOf(const float* begin, const float* end);
  const Tensor& addOwned(const std::string& name, std::vector<std::int64_t> shape, float* data,
                         Element element = Element::F32);
  // The rows of the stacked matrix of `sources` (f32 matrices of equal columns) and its column
  // count, for the transforms that lay it out in panels of `panel` rows; throws WeightsError
  // naming `what` when `result` exists or a source or the panel does not fit.
  std::vector<const float*> stackedRows(const std::string& what, const std::string& result,
                                        const std::vector<std::string>& sources, std::int64_t panel,
                                        std::int64_t& cols) const;
  // Binds `name` to the checkpoint's `entry` (shape already checked): the mapped data itself when
  // it is aligned F32, else an owned F32 copy (unaligned F32, F16 and BF16 converted).
  void bindEntry(const std::string& name, const std::vector<std::int64_t>& shape,
                 const TensorEntry& entry);

  std::shared_ptr<const Checkpoint> checkpoint_;
  std::map<std::string, Tensor, std::less<>> tensors_;
  std::vector<Buffer> buffers_;
  std::size_t ownedBytes_ = 0;
  std::vector<std::string> warnings_;
};

} // namespace bertc::weights
