// libFuzzer target for the restricted pickle reader of pytorch_model.bin (weights/TorchPickle.h):
// arbitrary bytes must end in a state dict or a WeightsError, never a crash, a hang, a leak or
// another exception; what it returns must describe tensors consistently.
#include "weights/TorchPickle.h"
#include "weights/WeightsError.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace bertc::weights;
  std::vector<PickledTensor> tensors;
  try {
    tensors = readTorchPickle({reinterpret_cast<const char*>(data), size}, "fuzz");
  } catch (const WeightsError&) {
    return 0;
  }
  for (const PickledTensor& t : tensors)
    if (t.shape.size() != t.strides.size() || t.offset < 0 || t.storageElements < 0)
      std::abort();
  return 0;
}
