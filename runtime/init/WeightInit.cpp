#include "init/WeightInit.h"

#include "support/Hash.h"

#include <cmath>
#include <cstring>

namespace bertc {

namespace {

using support::fnv1a64;
using support::kGoldenGamma;
using support::splitMix64;

bool startsWith(const std::string& s, const char* prefix) {
  return s.compare(0, std::strlen(prefix), prefix) == 0;
}

bool endsWith(const std::string& s, const char* suffix) {
  const size_t n = std::strlen(suffix);
  return s.size() >= n && s.compare(s.size() - n, n, suffix) == 0;
}

// float32(std * sqrt(3)): a half-width with a 24-bit significand.
double fromStd(double stddev) {
  return static_cast<double>(static_cast<float>(stddev * std::sqrt(3.0)));
}

struct Range {
  double centre, halfWidth;
};

constexpr double kReferenceWidth = 128.0;

// The input width of a weight: shape[1] of a 2-D [out, in] tensor, else 0 (no scaling).
int64_t inFeaturesOf(const std::vector<int64_t>& shape) {
  return shape.size() == 2 && shape[1] > 0 ? shape[1] : 0;
}

// Sharp weight matrices: std * sqrt(128 / in_features), in double (exactly std at width 128 or
// when the tensor is not 2-D).
double widthScale(int64_t inFeatures) {
  return inFeatures > 0 ? std::sqrt(kReferenceWidth / static_cast<double>(inFeatures)) : 1.0;
}

Range rangeOf(InitClass cls, InitProfile profile, int64_t inFeatures) {
  if (profile == InitProfile::Bert) {
    switch (cls) {
    case InitClass::Embedding:
    case InitClass::Matrix:
    case InitClass::Qk:
    case InitClass::Head:
      return {0.0, fromStd(0.02)};
    case InitClass::Bias:
    case InitClass::LnBeta:
      return {0.0, 0.0};
    case InitClass::LnGamma:
      return {1.0, 0.0};
    }
  }
  switch (cls) {
  case InitClass::Embedding:
    return {0.0, fromStd(0.5)};
  case InitClass::Matrix:
    return {0.0, fromStd(0.1 * widthScale(inFeatures))};
  case InitClass::Qk:
    return {0.0, fromStd(0.2 * widthScale(inFeatures))};
  case InitClass::Head:
    return {0.0, fromStd(0.3 * widthScale(inFeatures))};
  case InitClass::Bias:
    return {0.0, fromStd(0.1)};
  case InitClass::LnGamma:
    return {1.0, static_cast<double>(0.2f)};
  case InitClass::LnBeta:
    return {0.0, static_cast<double>(0.1f)};
  }
  return {0.0, 0.0};
}

float valueAt(uint64_t base, uint64_t index, Range r) {
  const uint64_t m = splitMix64(base + (index + 1) * kGoldenGamma) >> 40;
  const double t = static_cast<double>(static_cast<int64_t>(2 * m + 1) - (int64_t{1} << 24)) /
                   static_cast<double>(int64_t{1} << 24);
  const double product = r.halfWidth * t; // exact
  const double sum = r.centre + product;  // the one rounding in double
  return static_cast<float>(sum);
}

} // namespace

const char* toString(InitProfile profile) {
  switch (profile) {
  case InitProfile::Bert:
    return "bert";
  case InitProfile::Sharp:
    return "sharp";
  }
  return "?";
}

std::optional<InitProfile> parseInitProfile(const std::string& word) {
  if (word == "bert")
    return InitProfile::Bert;
  if (word == "sharp")
    return InitProfile::Sharp;
  return std::nullopt;
}

const char* toString(InitClass cls) {
  switch (cls) {
  case InitClass::Embedding:
    return "embedding";
  case InitClass::Matrix:
    return "matrix";
  case InitClass::Qk:
    return "qk";
  case InitClass::Head:
    return "head";
  case InitClass::Bias:
    return "bias";
  case InitClass::LnGamma:
    return "ln_gamma";
  case InitClass::LnBeta:
    return "ln_beta";
  }
  return "?";
}

InitClass initClassOf(const std::string& name) {
  if (endsWith(name, "LayerNorm.weight"))
    return InitClass::LnGamma;
  if (endsWith(name, "LayerNorm.bias"))
    return InitClass::LnBeta;
  if (startsWith(name, "embeddings."))
    return InitClass::Embedding;
  if (endsWith(name, ".bias"))
    return InitClass::Bias;
  if (endsWith(name, "attention.self.query.weight") || endsWith(name, "attention.self.key.weight"))
    return InitClass::Qk;
  if ((startsWith(name, "encoder.") || startsWith(name, "pooler.") || startsWith(name, "cls.")) &&
      !startsWith(name, "cls.seq_relationship."))
    return InitClass::Matrix;
  return InitClass::Head;
}

float initValue(uint64_t seed, const std::string& name, const std::vector<int64_t>& shape,
                uint64_t index, InitProfile profile) {
  const Range r = rangeOf(initClassOf(name), profile, inFeaturesOf(shape));
  if (r.halfWidth == 0.0)
    return static_cast<float>(r.centre);
  return valueAt((seed * kGoldenGamma) ^ fnv1a64(name), index, r);
}

void fillTensor(uint64_t seed, const std::string& name, const std::vector<int64_t>& shape,
                InitProfile profile, float* out) {
  uint64_t count = 1;
  for (int64_t d : shape)
    count *= static_cast<uint64_t>(d);
  const Range r = rangeOf(initClassOf(name), profile, inFeaturesOf(shape));
  if (r.halfWidth == 0.0) {
    for (uint64_t i = 0; i < count; ++i)
      out[i] = static_cast<float>(r.centre);
    return;
  }
  const uint64_t base = (seed * kGoldenGamma) ^ fnv1a64(name);
  for (uint64_t i = 0; i < count; ++i)
    out[i] = valueAt(base, i, r);
}

uint64_t valuesDigest(const float* values, size_t count) {
  uint64_t total = 0;
  for (size_t i = 0; i < count; ++i) {
    uint32_t bits;
    std::memcpy(&bits, &values[i], sizeof bits);
    total +=
        splitMix64(static_cast<uint64_t>(bits) ^ (static_cast<uint64_t>(i + 1) * kGoldenGamma));
  }
  return total;
}

} // namespace bertc
