// Writes safetensors files byte for byte as the reference implementation lays them out: header
// JSON without spaces, "__metadata__" {"format":"pt"} first, tensors sorted by name (data in
// the same order), the header padded with spaces so the data starts 8-byte aligned.
#pragma once

#include "weights/DType.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace bertc::weights {

struct TensorToWrite {
  std::string name;
  std::vector<std::int64_t> shape;
  DType dtype = DType::F32;
  const void* data = nullptr; // little-endian elements, `bytes` of them; not copied
  std::size_t bytes = 0;

  static TensorToWrite f32(std::string name, std::vector<std::int64_t> shape,
                           const std::vector<float>& values);
};

// Throws WeightsError for duplicate names, or a byte count that does not match the shape.
std::string serializeSafetensors(const std::vector<TensorToWrite>& tensors);
// Writes PATH.tmp then renames it over PATH, so a failed write never leaves half a file.
void writeSafetensors(const std::string& path, const std::vector<TensorToWrite>& tensors);

} // namespace bertc::weights
