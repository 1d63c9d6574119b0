#include "weights/WeightSet.h"

#include "weights/WeightsError.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <set>

namespace bertc::weights {

namespace {

constexpr std::string_view kTaskPrefix = "bert."; // BertFor* models nest BertModel under it
constexpr std::size_t kAlignment = 64;            // a cache line; enough for any vector load

std::string describe(const std::vector<std::int64_t>& shape, DType dtype) {
  return formatShape(shape) + " " + std::string(dtypeName(dtype));
}

bool startsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// Tensors Hugging Face checkpoints commonly hold that are not weights of the model being bound:
// the position_ids buffer older transformers saved, pre-training heads (cls.*) and the pooler of
// a model whose heads do not read it. Loading such a checkpoint is normal, so they only warn.
bool isKnownExtra(std::string_view name) {
  if (startsWith(name, kTaskPrefix))
    name.remove_prefix(kTaskPrefix.size());
  return name == "embeddings.position_ids" || name == "embeddings.token_type_ids" ||
         startsWith(name, "cls.") || startsWith(name, "pooler.");
}

} // namespace

std::int64_t Tensor::elements() const {
  std::int64_t n = 1;
  for (std::int64_t d : shape)
    n *= d;
  return n;
}

void WeightSet::FreeDeleter::operator()(float* p) const {
  std::free(p);
}

float* WeightSet::allocate(std::int64_t elements) {
  const std::size_t bytes = static_cast<std::size_t>(elements) * sizeof(float);
  // aligned_alloc wants a multiple of the alignment, and a non-zero size to return a pointer.
  const std::size_t rounded =
      std::max(kAlignment, (bytes + kAlignment - 1) / kAlignment * kAlignment);
  auto* p = static_cast<float*>(std::aligned_alloc(kAlignment, rounded));
  if (!p)
    throw std::bad_alloc();
  buffers_.emplace_back(p);
  ownedBytes_ += bytes;
  return p;
}

const Tensor& WeightSet::addOwned(const std::string& name, std::vector<std::int64_t> shape,
                                  float* data, Element element) {
  return tensors_[name] = Tensor{data, std::move(shape), false, element};
}

WeightSet WeightSet::load(const std::string& path, const std::vector<ExpectedTensor>& expected,
                          bool copy) {
  return bind(Checkpoint::open(path, copy), expected);
}

std::vector<std::string> WeightSet::nonFiniteTensors() const {
  std::vector<std::string> problems;
  for (const auto& [name, t] : tensors_) {
    if (t.element != Element::F32)
      continue; // made from checked f32 tensors
    std::int64_t count = 0, first = -1;
    const std::int64_t n = t.elements();
    // Reading every value pages the file in: mapped pages are handed back as they are checked,
    // so that only what the kernels read stays resident (a gather touches the embedding rows it
    // uses; an int8 model reads its f32 dense weights once more, to quantize them), and a large
    // tensor is never resident whole (bert-base's word embeddings are 94 MB).
    constexpr std::int64_t kChunk = std::int64_t(1) << 19; // floats: 2 MiB
    for (std::int64_t chunk = 0; chunk < n; chunk += kChunk) {
      const std::int64_t end = std::min(n, chunk + kChunk);
      for (std::int64_t i = chunk; i < end; ++i)
        if (!std::isfinite(t.data[i]) && count++ == 0)
          first = i;
      if (t.zeroCopy)
        releasePagesOf(t.data + chunk, t.data + end);
    }
    if (t.zeroCopy)
      releasePagesOf(t.data, t.data + n); // the pages two chunks shared
    if (count > 0)
      problems.push_back((checkpoint_ ? checkpoint_->source() + ": " : std::string()) + "tensor " +
                         name + " holds " + std::to_string(count) + " NaN or infinite value" +
                         (count == 1 ? "" : "s") + " (the first at element " +
                         std::to_string(first) + " of " + std::to_string(n) + ")");
  }
  return problems;
}

void WeightSet::bindEntry(const std::string& name, const std::vector<std::int64_t>& shape,
                          const TensorEntry& t) {
  const auto* aligned = reinterpret_cast<std::uintptr_t>(t.data) % alignof(float) == 0
                            ? reinterpret_cast<const float*>(t.data)
                            : nullptr;
  if (t.dtype == DType::F32 && aligned) { // zero-copy; releasable only from a mapped file
    tensors_[name] = Tensor{aligned, shape, checkpoint_->mapped()};
    return;
  }
  float* out = allocate(t.elements());
  if (t.dtype == DType::F32) { // unaligned in the file: copy
    if (t.bytes > 0)
      std::memcpy(out, t.data, t.bytes);
  } else {
    for (std::int64_t i = 0; i < t.elements(); ++i) {
      std::uint16_t bits;
      std::memcpy(&bits, t.data + 2 * i, 2); // may be unaligned
      out[i] = t.dtype == DType::F16 ? halfToFloat(bits) : bfloat16ToFloat(bits);
    }
  }
  addOwned(name, shape, out);
}

WeightSet WeightSet::bind(std::shared_ptr<const Checkpoint> checkpoint,
                          const std::vector<ExpectedTensor>& expected) {
  WeightSet set;
  set.checkpoint_ = std::move(checkpoint);
  const Checkpoint& f = *set.checkpoint_;
  const std::string prefix = f.source() + ": ";
  std::vector<std::string> problems;
  std::set<std::string_view> used; // checkpoint names bound to an expected tensor

  // Pass 1: every expected tensor the checkpoint holds, under its name or with "bert.".
  std::vector<const ExpectedTensor*> absent;
  for (const ExpectedTensor& e : expected) {
    const TensorEntry* exact = f.find(e.name);
    const TensorEntry* prefixed = f.find(std::string(kTaskPrefix) + e.name);
    if (exact && prefixed) {
      problems.push_back(prefix + "tensor " + e.name + " is present both as " + exact->name +
                         " and as " + prefixed->name);
      used.insert(exact->name);
      used.insert(prefixed->name);
      continue;
    }
    const TensorEntry* t = exact ? exact : prefixed;
    if (!t) {
      absent.push_back(&e);
      continue;
    }
    used.insert(t->name);
    const bool loadable =
        t->dtype == DType::F32 || t->dtype == DType::F16 || t->dtype == DType::BF16;
    if (t->shape != e.shape || !loadable) {
      problems.push_back(prefix + "tensor " + t->name + ": expected " +
                         describe(e.shape, DType::F32) + ", got " + describe(t->shape, t->dtype) +
                         (loadable ? "" : " (only F32, F16 and BF16 can be loaded)"));
      continue;
    }
    set.bindEntry(e.name, e.shape, *t);
  }

  // Pass 2: a tied pair needs only one member in the checkpoint; the other reads its data.
  for (const ExpectedTensor* e : absent) {
    const Tensor* partner = nullptr;
    for (const ExpectedTensor& other : expected) {
      const bool tied = other.name == e->tiedTo || other.tiedTo == e->name;
      if (tied && &other != e && other.shape == e->shape && (partner = set.find(other.name)))
        break;
    }
    if (partner)
      set.tensors_[e->name] = Tensor{partner->data, e->shape, partner->zeroCopy};
    else
      problems.push_back(prefix + "missing tensor " + e->name + ": expected " +
                         describe(e->shape, DType::F32));
  }

  // Pass 3: whatever the checkpoint holds beyond the model.
  for (const TensorEntry& t : f.tensors()) {
    if (used.count(t.name))
      continue;
    const std::string what = "tensor " + t.name + " " + describe(t.shape, t.dtype);
    if (isKnownExtra(t.name))
      set.warnings_.push_back(prefix + "ignoring " + what + ", not used by this model");
    else
      problems.push_back(prefix + "unexpected " + what);
  }
  if (!problems.empty())
    throw WeightsError(std::move(problems));
  return set;
}

const Tensor* WeightSet::find(std::string_view name) const {
  const auto it = tensors_.find(name);
  return it == tensors_.end() ? nullptr : &it->second;
}

const Tensor& WeightSet::get(std::string_view name) const {
  if (const Tensor* t = find(name))
    return *t;
  throw WeightsError("weights: no tensor named " + std::string(name));
}

} // namespace bertc::weights
