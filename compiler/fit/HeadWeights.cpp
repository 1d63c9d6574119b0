#include "fit/HeadWeights.h"

#include "weights/Checkpoint.h"
#include "weights/SafetensorsWriter.h"

#include <cstring>
#include <stdexcept>

namespace bertc::fit {

void writeHeadWeights(const std::string& encoderPath, const std::string& prefix,
                      const DenseHead& head, const std::string& outPath) {
  using namespace bertc::weights;
  std::shared_ptr<const Checkpoint> encoder = Checkpoint::open(encoderPath);
  const std::string weightName = prefix + ".weight", biasName = prefix + ".bias";
  std::vector<TensorToWrite> tensors;
  for (const TensorEntry& t : encoder->tensors()) {
    std::string_view name = t.name;
    if (name.substr(0, 5) == "bert.")
      name.remove_prefix(5);
    if (name == weightName || name == biasName)
      continue;
    // Copied as stored (any dtype), so encoder tensors come out bit-identical.
    tensors.push_back({t.name, t.shape, t.dtype, t.data, t.bytes});
  }
  tensors.push_back(TensorToWrite::f32(weightName, {head.outputs, head.inputs}, head.weight));
  tensors.push_back(TensorToWrite::f32(biasName, {head.outputs}, head.bias));
  writeSafetensors(outPath, tensors);
}

namespace {

const weights::TensorEntry& findF32(const weights::Checkpoint& file, const std::string& name,
                                    std::size_t rank) {
  const weights::TensorEntry* t = file.find(name);
  if (!t)
    t = file.find("bert." + name);
  if (!t || t->dtype != weights::DType::F32 || t->shape.size() != rank)
    throw std::runtime_error(file.source() + ": no F32 tensor " + name + " of rank " +
                             std::to_string(rank));
  return *t;
}

} // namespace

DenseHead readHeadWeights(const std::string& path, const std::string& prefix) {
  std::shared_ptr<const weights::Checkpoint> file = weights::Checkpoint::open(path);
  const weights::TensorEntry& w = findF32(*file, prefix + ".weight", 2);
  const weights::TensorEntry& b = findF32(*file, prefix + ".bias", 1);
  if (b.shape[0] != w.shape[0])
    throw std::runtime_error(path + ": " + prefix + ".bias does not match " + prefix + ".weight");
  DenseHead head = DenseHead::zeros(w.shape[1], w.shape[0]);
  // Safetensors data need not be aligned for float, hence memcpy.
  std::memcpy(head.weight.data(), w.data, w.bytes);
  std::memcpy(head.bias.data(), b.data, b.bytes);
  return head;
}

} // namespace bertc::fit
