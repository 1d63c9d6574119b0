// libFuzzer target for the safetensors loader: arbitrary bytes through the parser, and whatever
// parses through binding (to a fixed expected list, so F16/BF16 conversion and tie handling run)
// and a writer round trip. Any exception other than WeightsError, or a broken invariant, aborts.
#include "weights/Safetensors.h"
#include "weights/SafetensorsWriter.h"
#include "weights/WeightSet.h"
#include "weights/WeightsError.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace {

using namespace bertc::weights;

// Short names so that the fuzzer finds them: seeds in tests/fuzz/corpus/safetensors_fuzzer/.
const std::vector<ExpectedTensor>& expected() {
  static const std::vector<ExpectedTensor> list = {
      {"a", {2, 2}}, {"b", {3}}, {"t", {2, 2}, "a"}, {"e", {0}}};
  return list;
}

void checkEntries(const SafetensorsFile& file, const std::uint8_t* data, std::size_t size) {
  const auto* begin = reinterpret_cast<const std::byte*>(data);
  for (const TensorEntry& t : file.tensors()) {
    if (t.data < begin || t.data + t.bytes > begin + size)
      std::abort(); // a tensor outside the input
    if (t.bytes != static_cast<std::size_t>(t.elements()) * dtypeSize(t.dtype))
      std::abort();
  }
}

// Writing what was read and reading it again must give the same tensors.
void roundTrip(const SafetensorsFile& file) {
  std::vector<TensorToWrite> tensors;
  for (const TensorEntry& t : file.tensors())
    tensors.push_back({t.name, t.shape, t.dtype, t.data, t.bytes});
  const std::string bytes = serializeSafetensors(tensors);
  const auto again = SafetensorsFile::fromBuffer(bytes.data(), bytes.size());
  if (again->tensors().size() != file.tensors().size())
    std::abort();
  for (std::size_t i = 0; i < file.tensors().size(); ++i) {
    const TensorEntry &x = file.tensors()[i], &y = again->tensors()[i];
    if (x.name != y.name || x.shape != y.shape || x.dtype != y.dtype || x.bytes != y.bytes ||
        (x.bytes > 0 && std::memcmp(x.data, y.data, x.bytes) != 0))
      std::abort();
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::shared_ptr<const SafetensorsFile> file;
  try {
    file = SafetensorsFile::fromBuffer(data, size, "fuzz");
  } catch (const WeightsError&) {
    return 0;
  }
  checkEntries(*file, data, size);
  roundTrip(*file);
  try {
    const WeightSet set = WeightSet::bind(file, expected());
    volatile float sink = 0;
    for (const ExpectedTensor& e : expected()) { // read every element: ASan checks the bounds
      const Tensor& t = set.get(e.name);
      for (std::int64_t i = 0; i < t.elements(); ++i)
        sink = sink + t.data[i];
    }
  } catch (const WeightsError&) {
  }
  return 0;
}
