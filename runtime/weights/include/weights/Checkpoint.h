// A checkpoint as users hold it, whatever its format: the tensors of one safetensors file, of a
// sharded set (model.safetensors.index.json and its shards), of a PyTorch pytorch_model.bin (a
// zip archive read with libzip, its pickle by the restricted reader of TorchPickle.h, never run),
// or of a directory holding one of these. See docs/weights.md.
#pragma once

#include "weights/Safetensors.h"

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace bertc::weights {

class Checkpoint {
public:
  // Opens `path`: a directory (its model.safetensors, else model.safetensors.index.json, else
  // pytorch_model.bin), a *.safetensors.index.json, a .bin, or else a safetensors file. Throws
  // WeightsError naming the file and what is wrong with it. copy: as SafetensorsFile::open.
  static std::shared_ptr<const Checkpoint> open(const std::string& path, bool copy = false);
  static std::shared_ptr<const Checkpoint>
  fromSafetensors(std::shared_ptr<const SafetensorsFile> file);

  // The path given to open() (messages name it).
  const std::string& source() const { return source_; }
  // Sorted by name.
  const std::vector<TensorEntry>& tensors() const { return tensors_; }
  const TensorEntry* find(std::string_view name) const;
  // Whether the tensors' bytes are pages of mapped files (which WeightSet::releasePages may hand
  // back to the kernel) rather than memory this object owns, copied or borrowed.
  bool mapped() const { return mapped_; }
  // Bytes of the mapped files, or of the storages read into memory.
  std::size_t bytes() const { return bytes_; }

  // For the readers of each format (Checkpoint.cpp, TorchCheckpoint.cpp).
  struct Parts {
    std::vector<std::shared_ptr<const SafetensorsFile>> files;
    std::vector<std::unique_ptr<std::byte[]>> storages;
    std::vector<TensorEntry> tensors;
    std::size_t bytes = 0;
    bool mapped = true;
  };
  Checkpoint(std::string source, Parts parts);

private:
  std::string source_;
  std::vector<std::shared_ptr<const SafetensorsFile>> files_; // kept mapped
  std::vector<std::unique_ptr<std::byte[]>> storages_;        // owned bytes (.bin)
  std::vector<TensorEntry> tensors_;
  std::size_t bytes_ = 0;
  bool mapped_ = true;
};

// A PyTorch zip checkpoint's tensors (TorchCheckpoint.cpp).
Checkpoint::Parts readTorchCheckpoint(const std::string& path);

} // namespace bertc::weights
