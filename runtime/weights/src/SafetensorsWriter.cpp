#include "weights/SafetensorsWriter.h"

#include "weights/WeightsError.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

namespace bertc::weights {

namespace {

// The padded header (length field included) and the tensors in the order their data follows.
struct Layout {
  std::string header;
  std::vector<const TensorToWrite*> order;
};

Layout layOut(const std::vector<TensorToWrite>& tensors) {
  Layout layout;
  for (const TensorToWrite& t : tensors)
    layout.order.push_back(&t);
  std::sort(layout.order.begin(), layout.order.end(),
            [](const TensorToWrite* a, const TensorToWrite* b) { return a->name < b->name; });

  // Written by hand rather than through nlohmann::json, whose objects reorder keys: the
  // reference puts "__metadata__" first and each entry's keys as dtype, shape, data_offsets.
  std::string json = R"({"__metadata__":{"format":"pt"})";
  std::uint64_t offset = 0;
  for (std::size_t i = 0; i < layout.order.size(); ++i) {
    const TensorToWrite& t = *layout.order[i];
    if (i > 0 && t.name == layout.order[i - 1]->name)
      throw WeightsError("safetensors writer: tensor " + t.name + " given twice");
    std::uint64_t bytes = dtypeSize(t.dtype);
    for (std::int64_t d : t.shape) {
      if (d < 0)
        throw WeightsError("safetensors writer: tensor " + t.name + ": negative dimension in " +
                           formatShape(t.shape));
      bytes *= static_cast<std::uint64_t>(d);
    }
    if (bytes != t.bytes)
      throw WeightsError("safetensors writer: tensor " + t.name + ": shape " +
                         formatShape(t.shape) + " " + std::string(dtypeName(t.dtype)) + " needs " +
                         std::to_string(bytes) + " bytes, got " + std::to_string(t.bytes));
    json += "," + nlohmann::json(t.name).dump() + R"(:{"dtype":")" +
            std::string(dtypeName(t.dtype)) + R"(","shape":)" + nlohmann::json(t.shape).dump() +
            R"(,"data_offsets":[)" + std::to_string(offset) + "," + std::to_string(offset + bytes) +
            "]}";
    offset += bytes;
  }
  json += "}";
  json.append((8 - json.size() % 8) % 8, ' ');

  for (int i = 0; i < 8; ++i) // the length field, little-endian
    layout.header.push_back(static_cast<char>((json.size() >> (8 * i)) & 0xFF));
  layout.header += json;
  return layout;
}

} // namespace

TensorToWrite TensorToWrite::f32(std::string name, std::vector<std::int64_t> shape,
                                 const std::vector<float>& values) {
  return {std::move(name), std::move(shape), DType::F32, values.data(),
          values.size() * sizeof(float)};
}

std::string serializeSafetensors(const std::vector<TensorToWrite>& tensors) {
  Layout layout = layOut(tensors);
  std::string out = std::move(layout.header);
  for (const TensorToWrite* t : layout.order)
    if (t->bytes > 0)
      out.append(static_cast<const char*>(t->data), t->bytes);
  return out;
}

void writeSafetensors(const std::string& path, const std::vector<TensorToWrite>& tensors) {
  const Layout layout = layOut(tensors);
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out.write(layout.header.data(), static_cast<std::streamsize>(layout.header.size()));
    for (const TensorToWrite* t : layout.order)
      out.write(static_cast<const char*>(t->data), static_cast<std::streamsize>(t->bytes));
    out.close();
    if (!out) {
      std::remove(temporary.c_str());
      throw WeightsError(path + ": cannot write " + temporary);
    }
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    std::remove(temporary.c_str());
    throw WeightsError(path + ": cannot rename " + temporary + " over it");
  }
}

} // namespace bertc::weights
