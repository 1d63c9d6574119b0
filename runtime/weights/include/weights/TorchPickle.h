// The pickle inside a PyTorch checkpoint (`pytorch_model.bin`'s data.pkl), read without running
// any of it: a restricted reader that understands only what `torch.save(model.state_dict())`
// writes — an (Ordered)dict of names to tensors rebuilt by torch._utils._rebuild_tensor_v2 (or
// _rebuild_parameter) from typed storages — and refuses every other global, naming it. The
// storages' bytes live elsewhere in the zip archive (TorchCheckpoint.cpp reads them).
#pragma once

#include "weights/DType.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace bertc::weights {

struct PickledTensor {
  std::string name;       // the state dict's key
  std::string storageKey; // the archive entry data/<storageKey> holding the storage
  DType dtype = DType::F32;
  std::int64_t storageElements = 0; // the storage's size in elements
  std::int64_t offset = 0;          // the tensor's first element in the storage
  std::vector<std::int64_t> shape;
  std::vector<std::int64_t> strides; // in elements
};

// Parses `bytes` (a data.pkl). Throws WeightsError naming `source` and what was refused: a
// global outside the state-dict vocabulary (e.g. "posix.system"), an unknown opcode, a
// malformed stream, or a top level that is not a dict of tensors.
std::vector<PickledTensor> readTorchPickle(std::string_view bytes, const std::string& source);

} // namespace bertc::weights
