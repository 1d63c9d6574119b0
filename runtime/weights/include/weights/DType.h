// Element types of safetensors files and the conversions the loader applies.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bertc::weights {

// Every dtype safetensors defines. Only F32, F16 and BF16 can become model weights; the others
// are still parsed so that a file holding them is read and its problem reported by name.
enum class DType {
  Bool,
  U8,
  I8,
  F8_E5M2,
  F8_E4M3,
  I16,
  U16,
  F16,
  BF16,
  I32,
  U32,
  F32,
  F64,
  I64,
  U64
};

std::string_view dtypeName(DType dtype); // "F32", as in the file
std::size_t dtypeSize(DType dtype);      // bytes per element
std::optional<DType> parseDType(std::string_view name);

// IEEE 754 binary16 (subnormals, infinities and NaN included) and bfloat16, to float.
float halfToFloat(std::uint16_t bits);
float bfloat16ToFloat(std::uint16_t bits);

// "[768, 3072]": how every message prints a shape ("[]" for a scalar).
std::string formatShape(const std::vector<std::int64_t>& shape);

} // namespace bertc::weights
