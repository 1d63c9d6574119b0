// Load-time rearrangements for the kernels: done once here so inference never pays for them.
#include "PanelWorkers.h"
#include "weights/WeightSet.h"
#include "weights/WeightsError.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <sys/mman.h>
#include <unistd.h>
#include <vector>

namespace bertc::weights {

namespace {

void requireNew(const WeightSet& set, const std::string& transform, const std::string& result) {
  if (set.find(result))
    throw WeightsError("weights: " + transform + ": result " + result + " already exists");
}

} // namespace

const Tensor& WeightSet::concatRows(const std::string& result,
                                    const std::vector<std::string>& parts) {
  requireNew(*this, "concatRows", result);
  if (parts.empty())
    throw WeightsError("weights: concatRows " + result + ": no parts");
  std::vector<const Tensor*> inputs;
  std::vector<std::int64_t> shape;
  for (const std::string& name : parts) {
    const Tensor& t = get(name);
    if (t.shape.empty())
      throw WeightsError("weights: concatRows " + result + ": " + name + " is a scalar");
    if (inputs.empty()) {
      shape = t.shape;
    } else {
      if (!std::equal(t.shape.begin() + 1, t.shape.end(), shape.begin() + 1, shape.end()))
        throw WeightsError("weights: concatRows " + result + ": " + name + " " +
                           formatShape(t.shape) + " does not stack on " + parts[0] + " " +
                           formatShape(inputs[0]->shape));
      shape[0] += t.shape[0];
    }
    inputs.push_back(&t);
  }
  std::int64_t elements = 1;
  for (std::int64_t d : shape)
    elements *= d;
  float* out = allocate(elements);
  float* next = out;
  for (const Tensor* t : inputs) {
    if (t->elements() > 0)
      std::memcpy(next, t->data, static_cast<std::size_t>(t->elements()) * sizeof(float));
    next += t->elements();
  }
  return addOwned(result, std::move(shape), out);
}

std::vector<const float*> WeightSet::stackedRows(const std::string& what, const std::string& result,
                                                 const std::vector<std::string>& sources,
                                                 std::int64_t panel, std::int64_t& cols) const {
  requireNew(*this, what, result);
  if (sources.empty())
    throw WeightsError("weights: " + what + " " + result + ": no sources");
  std::vector<const float*> rows;
  cols = -1;
  for (const std::string& name : sources) {
    const Tensor& w = get(name);
    if (w.shape.size() != 2 || w.element != Element::F32 || panel <= 0 ||
        (cols >= 0 && w.shape[1] != cols))
      throw WeightsError("weights: " + what + " " + result +
                         ": needs matrices with equal columns and a positive panel, got " + name +
                         " " + formatShape(w.shape) + " and panel " + std::to_string(panel));
    cols = w.shape[1];
    for (std::int64_t r = 0; r < w.shape[0]; ++r)
      rows.push_back(w.data + r * cols);
  }
  return rows;
}

const Tensor& WeightSet::packPanels(const std::string& result,
                                    const std::vector<std::string>& sources, std::int64_t panel) {
  std::int64_t cols = 0;
  const std::vector<const float*> rowData = stackedRows("packPanels", result, sources, panel, cols);
  const std::int64_t rows = static_cast<std::int64_t>(rowData.size());
  const std::int64_t panels = (rows + panel - 1) / panel;
  float* out = allocate(panels * cols * panel);
  // Row by row: each source row is read once, sequentially, into its lane of the panel (which
  // stays in cache: cols x panel floats). The cores share the panels out: loading bert-base packs
  // ~85 M floats.
  auto packRange = [&](std::int64_t firstPanel, std::int64_t endPanel) {
    for (std::int64_t p = firstPanel; p < endPanel; ++p) {
      float* dst = out + p * cols * panel;
      for (std::int64_t j = 0; j < panel; ++j) {
        const std::int64_t row = p * panel + j;
        const float* src = row < rows ? rowData[size_t(row)] : nullptr;
        for (std::int64_t k = 0; k < cols; ++k)
          dst[k * panel + j] = src ? src[k] : 0.0f;
      }
    }
  };
  detail::forPanelRanges(panels, panels * cols * panel, packRange);
  return addOwned(result, {panels, cols, panel}, out);
}

void WeightSet::releasePages(const std::string& name) const {
  const Tensor& t = get(name);
  if (t.zeroCopy)
    releasePagesOf(t.data, t.data + t.elements());
}

void WeightSet::releasePagesOf(const float* begin, const float* end) {
  // Only whole pages inside the range: neighbours may share its first and last page.
  const auto page = static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
  const auto from = reinterpret_cast<std::uintptr_t>(begin);
  const auto to = reinterpret_cast<std::uintptr_t>(end);
  const std::uintptr_t first = (from + page - 1) / page * page, last = to / page * page;
  if (last > first)
    madvise(reinterpret_cast<void*>(first), last - first, MADV_DONTNEED); // advice only
}

} // namespace bertc::weights
