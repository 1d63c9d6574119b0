// The int8 and bf16 layouts of dense weights (bertc_weight_format in bertc/model_desc.h), made
// once at load from the f32 checkpoint: per output row for int8, so each row keeps its own
// range; k values grouped as the dot-product instructions read them (vpdpbusd: 4, vdpbf16ps: 2).
#include "PanelWorkers.h"
#include "weights/WeightSet.h"
#include "weights/WeightsError.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

namespace bertc::weights {

namespace {

// x rounded to the nearest integer, ties to even, for |x| < 2^22: adding 1.5 x 2^23 leaves no
// fraction bits, and the addition rounds as the FPU does by default. std::nearbyint is a libm
// call per value: ~0.15 s of an int8 bert-base's 0.6 s load.
float roundToNearestEven(float x) {
  constexpr float kShift = 12582912.0f;
  return (x + kShift) - kShift;
}

// f32 -> bf16 bits, rounding to nearest even (NaN stays NaN).
std::uint16_t toBfloat16(float f) {
  std::uint32_t bits;
  std::memcpy(&bits, &f, 4);
  if (std::isnan(f))
    return std::uint16_t((bits >> 16) | 0x40);
  bits += 0x7fff + ((bits >> 16) & 1);
  return std::uint16_t(bits >> 16);
}

} // namespace

void WeightSet::quantizeS8Panels(const std::string& values, const std::string& scales,
                                 const std::vector<std::string>& sources, std::int64_t panel) {
  constexpr std::int64_t kGroup = 4;
  std::int64_t K = 0;
  const std::vector<const float*> rows = stackedRows("quantizeS8Panels", values, sources, panel, K);
  if (find(scales))
    throw WeightsError("weights: quantizeS8Panels: result " + scales + " already exists");
  const std::int64_t N = std::int64_t(rows.size()), groups = (K + kGroup - 1) / kGroup,
                     panels = (N + panel - 1) / panel;
  const std::int64_t bytes = panels * groups * panel * kGroup; // a multiple of 4: P * G
  auto* q = reinterpret_cast<std::int8_t*>(allocate(bytes / 4));
  std::memset(q, 0, size_t(bytes));
  float* scale = allocate(2 * N);
  auto quantizeRow = [&](std::int64_t n) {
    const float* w = rows[size_t(n)];
    float m = 0.0f;
    bool finite = true;
    for (std::int64_t k = 0; k < K; ++k) {
      const float a = std::fabs(w[k]);
      finite = finite && a <= std::numeric_limits<float>::max(); // false for NaN too
      m = std::max(m, a);
    }
    if (!finite) { // loaded with non-finite weights allowed: the row's outputs are NaN, as in f32
      scale[2 * n] = std::numeric_limits<float>::quiet_NaN();
      scale[2 * n + 1] = 0.0f; // the kernel converts the sum to i32: a NaN there is undefined
      return;
    }
    const float inverse = m > 0.0f ? 127.0f / m : 0.0f;
    std::int32_t sum = 0;
    std::int8_t* lane = q + (n / panel) * groups * panel * kGroup + (n % panel) * kGroup;
    for (std::int64_t k = 0; k < K; ++k) {
      const float r = std::clamp(roundToNearestEven(w[k] * inverse), -127.0f, 127.0f);
      const auto v = static_cast<std::int8_t>(r);
      lane[(k / kGroup) * panel * kGroup + k % kGroup] = v;
      sum += v;
    }
    scale[2 * n] = m * (1.0f / 127.0f);
    scale[2 * n + 1] = float(sum); // |sum| <= 127 K: exact in f32 for K < 2^17
  };
  detail::forPanelRanges(panels, N * K, [&](std::int64_t firstPanel, std::int64_t endPanel) {
    for (std::int64_t n = firstPanel * panel; n < std::min(N, endPanel * panel); ++n)
      quantizeRow(n);
  });
  addOwned(values, {panels, groups, panel, kGroup}, reinterpret_cast<float*>(q), Element::S8);
  addOwned(scales, {N, 2}, scale);
}

const Tensor& WeightSet::packBf16Panels(const std::string& result,
                                        const std::vector<std::string>& sources,
                                        std::int64_t panel) {
  constexpr std::int64_t kGroup = 2;
  std::int64_t K = 0;
  const std::vector<const float*> rows = stackedRows("packBf16Panels", result, sources, panel, K);
  const std::int64_t N = std::int64_t(rows.size()), groups = (K + kGroup - 1) / kGroup,
                     panels = (N + panel - 1) / panel;
  const std::int64_t values = panels * groups * panel * kGroup; // even: P * G
  auto* out = reinterpret_cast<std::uint16_t*>(allocate(values / 2));
  std::memset(out, 0, size_t(values) * 2);
  detail::forPanelRanges(panels, N * K, [&](std::int64_t firstPanel, std::int64_t endPanel) {
    for (std::int64_t n = firstPanel * panel; n < std::min(N, endPanel * panel); ++n) {
      std::uint16_t* lane = out + (n / panel) * groups * panel * kGroup + (n % panel) * kGroup;
      for (std::int64_t k = 0; k < K; ++k)
        lane[(k / kGroup) * panel * kGroup + k % kGroup] = toBfloat16(rows[size_t(n)][k]);
    }
  });
  return addOwned(result, {panels, groups, panel, kGroup}, reinterpret_cast<float*>(out),
                  Element::BF16);
}

} // namespace bertc::weights
