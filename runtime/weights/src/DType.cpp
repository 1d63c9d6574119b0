#include "weights/DType.h"

#include "weights/WeightsError.h"

#include <array>
#include <cmath>
#include <cstring>
#include <utility>

namespace bertc::weights {

namespace {

struct DTypeInfo {
  DType dtype;
  std::string_view name;
  std::size_t size;
};

constexpr std::array<DTypeInfo, 15> kDTypes{{
    {DType::Bool, "BOOL", 1},
    {DType::U8, "U8", 1},
    {DType::I8, "I8", 1},
    {DType::F8_E5M2, "F8_E5M2", 1},
    {DType::F8_E4M3, "F8_E4M3", 1},
    {DType::I16, "I16", 2},
    {DType::U16, "U16", 2},
    {DType::F16, "F16", 2},
    {DType::BF16, "BF16", 2},
    {DType::I32, "I32", 4},
    {DType::U32, "U32", 4},
    {DType::F32, "F32", 4},
    {DType::F64, "F64", 8},
    {DType::I64, "I64", 8},
    {DType::U64, "U64", 8},
}};

// info() indexes the table by enum value.
constexpr bool tableFollowsEnum() {
  for (std::size_t i = 0; i < kDTypes.size(); ++i)
    if (static_cast<std::size_t>(kDTypes[i].dtype) != i)
      return false;
  return true;
}
static_assert(tableFollowsEnum());

const DTypeInfo& info(DType dtype) {
  return kDTypes[static_cast<std::size_t>(dtype)];
}

float bitsToFloat(std::uint32_t bits) {
  float f;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}

} // namespace

WeightsError::WeightsError(std::vector<std::string> problems)
    : std::runtime_error([&] {
        std::string joined;
        for (const std::string& p : problems)
          joined += (joined.empty() ? "" : "\n") + p;
        return joined;
      }()),
      problems_(std::move(problems)) {}

std::string_view dtypeName(DType dtype) {
  return info(dtype).name;
}
std::size_t dtypeSize(DType dtype) {
  return info(dtype).size;
}

std::optional<DType> parseDType(std::string_view name) {
  for (const DTypeInfo& d : kDTypes)
    if (d.name == name)
      return d.dtype;
  return std::nullopt;
}

float halfToFloat(std::uint16_t bits) {
  const std::uint32_t sign = (bits & 0x8000u) << 16;
  const std::uint32_t exponent = (bits >> 10) & 0x1Fu;
  const std::uint32_t mantissa = bits & 0x3FFu;
  if (exponent == 0) // zero or subnormal: mantissa * 2^-24, exact in float
    return (sign ? -1.0f : 1.0f) * std::ldexp(static_cast<float>(mantissa), -24);
  if (exponent == 0x1F) // infinity or NaN (payload kept)
    return bitsToFloat(sign | 0x7F800000u | (mantissa << 13));
  return bitsToFloat(sign | ((exponent + 127 - 15) << 23) | (mantissa << 13));
}

float bfloat16ToFloat(std::uint16_t bits) {
  return bitsToFloat(static_cast<std::uint32_t>(bits) << 16);
}

std::string formatShape(const std::vector<std::int64_t>& shape) {
  std::string out = "[";
  for (std::size_t i = 0; i < shape.size(); ++i)
    out += (i ? ", " : "") + std::to_string(shape[i]);
  return out + "]";
}

} // namespace bertc::weights
