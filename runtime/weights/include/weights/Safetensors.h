// A read-only view of a safetensors file: an 8-byte little-endian header length N, N bytes of
// JSON describing each tensor, then the tensors' bytes. See docs/weights.md.
#pragma once

#include "weights/DType.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace bertc::weights {

struct TensorEntry {
  std::string name;
  DType dtype = DType::F32;
  std::vector<std::int64_t> shape;
  // Points into the file's bytes. Safetensors does not align tensors, so neither may a reader
  // of `data` assume alignment.
  const std::byte* data = nullptr;
  std::size_t bytes = 0;

  std::int64_t elements() const;
};

class SafetensorsFile {
public:
  // Maps the file read-only (MAP_PRIVATE) and validates the whole header. Throws WeightsError
  // naming the file and, where one is at fault, the tensor. A file changed or truncated by
  // another process while mapped is outside what any mmap reader can guard against.
  // copy: read the file into private anonymous memory instead (nothing done to the file later
  // reaches the bytes; costs the file's size in memory).
  static std::shared_ptr<const SafetensorsFile> open(const std::string& path, bool copy = false);
  // The same checks on bytes the caller owns and keeps alive as long as the result and every
  // WeightSet bound to it. `source` names the bytes in messages.
  static std::shared_ptr<const SafetensorsFile> fromBuffer(const void* bytes, std::size_t size,
                                                           std::string source = "<memory>");

  SafetensorsFile(const SafetensorsFile&) = delete;
  SafetensorsFile& operator=(const SafetensorsFile&) = delete;
  ~SafetensorsFile();

  const std::string& source() const { return source_; }
  // Sorted by name.
  const std::vector<TensorEntry>& tensors() const { return tensors_; }
  const TensorEntry* find(std::string_view name) const;
  // "__metadata__" of the header; empty when absent.
  const std::map<std::string, std::string>& metadata() const { return metadata_; }
  // Bytes of the file (mapped, or borrowed for fromBuffer).
  std::size_t size() const { return size_; }
  // Whether the bytes are pages of the file itself (open without copy), which the kernel can
  // drop and read back; copied or borrowed bytes would be lost (MADV_DONTNEED zeroes them).
  bool fileBacked() const { return fileBacked_; }

private:
  SafetensorsFile(std::string source, const std::byte* bytes, std::size_t size, bool mapped);
  void parse();

  std::string source_;
  const std::byte* bytes_ = nullptr;
  std::size_t size_ = 0;
  bool mapped_ = false; // munmap on destruction
  bool fileBacked_ = false;
  std::vector<TensorEntry> tensors_;
  std::map<std::string, std::string> metadata_;
};

} // namespace bertc::weights
