// Shared helpers of the weights tests: the tiny checkpoint, hand-made files, error capture.
#pragma once

#include "weights/Safetensors.h"
#include "weights/WeightSet.h"
#include "weights/WeightsError.h"

#include <cstdint>
#include <cstring>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <string>
#include <vector>

namespace bertc::weights::test {

// allennlp-bert-xsmall-dummy: hidden 20, intermediate 40, 1 layer, vocab 250, 512 positions
// (config.json beside it); 23 F32 tensors without the "bert." prefix, 78,968 bytes.
inline std::string tinyCheckpointPath() {
  return std::string(BERTC_DATA_DIR) +
         "/tiny-bert-models/allennlp-bert-xsmall-dummy/model.safetensors";
}
constexpr std::size_t kTinyFileBytes = 78968;
constexpr std::uint64_t kTinyHeaderBytes = 2320;

// What the compiler's expectedTensors() lists for that configuration with a pooled head.
inline std::vector<ExpectedTensor> tinyExpected() {
  const std::int64_t h = 20, inter = 40;
  std::vector<ExpectedTensor> out = {
      {"embeddings.word_embeddings.weight", {250, h}},
      {"embeddings.position_embeddings.weight", {512, h}},
      {"embeddings.token_type_embeddings.weight", {2, h}},
      {"embeddings.LayerNorm.weight", {h}},
      {"embeddings.LayerNorm.bias", {h}},
  };
  const std::string l = "encoder.layer.0.";
  for (const char* name : {"attention.self.query", "attention.self.key", "attention.self.value",
                           "attention.output.dense"}) {
    out.push_back({l + name + ".weight", {h, h}});
    out.push_back({l + name + ".bias", {h}});
  }
  out.push_back({l + "attention.output.LayerNorm.weight", {h}});
  out.push_back({l + "attention.output.LayerNorm.bias", {h}});
  out.push_back({l + "intermediate.dense.weight", {inter, h}});
  out.push_back({l + "intermediate.dense.bias", {inter}});
  out.push_back({l + "output.dense.weight", {h, inter}});
  out.push_back({l + "output.dense.bias", {h}});
  out.push_back({l + "output.LayerNorm.weight", {h}});
  out.push_back({l + "output.LayerNorm.bias", {h}});
  out.push_back({"pooler.dense.weight", {h, h}});
  out.push_back({"pooler.dense.bias", {h}});
  return out;
}

inline std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void writeFile(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

inline std::string tempPath(const std::string& name) {
  return testing::TempDir() + name;
}

// A safetensors file from its header JSON and data, the length field filled in.
inline std::string craft(const std::string& header, const std::string& data = "") {
  std::string out;
  for (int i = 0; i < 8; ++i)
    out.push_back(static_cast<char>((header.size() >> (8 * i)) & 0xFF));
  return out + header + data;
}

// The message of the WeightsError `f` throws, or a note that it threw none.
template <typename F> std::string errorOf(F&& f) {
  try {
    f();
  } catch (const WeightsError& e) {
    return e.what();
  }
  return "(no error)";
}

inline std::string parseError(const std::string& bytes) {
  return errorOf([&] { SafetensorsFile::fromBuffer(bytes.data(), bytes.size(), "t.st"); });
}

inline std::uint32_t bitsOf(float f) {
  std::uint32_t b;
  std::memcpy(&b, &f, 4);
  return b;
}

inline std::string bytesOf(const std::vector<std::uint16_t>& v) {
  return std::string(reinterpret_cast<const char*>(v.data()), v.size() * 2);
}

} // namespace bertc::weights::test
