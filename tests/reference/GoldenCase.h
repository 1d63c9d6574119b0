// Loader for the golden cases of tests/reference/golden/ (format bertc-reference-golden/1, see
// tests/reference/README.md): <case>.json holds the config, weights source, inputs and an index of
// output tensors into <case>.bin (little-endian float32, row-major). Header-only; needs
// nlohmann_json. Parity tests of compiled models can include it ("GoldenCase.h" with
// tests/reference on the include path).
#pragma once

#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

namespace bertc::reference {

struct GoldenTensor {
  std::vector<int64_t> shape;
  const float* data = nullptr;
  int64_t elements() const {
    int64_t n = 1;
    for (int64_t d : shape)
      n *= d;
    return n;
  }
};

struct GoldenCase {
  nlohmann::json doc;      // the whole <case>.json
  std::vector<float> data; // the whole <case>.bin

  // An entry of an "outputs" object (doc["outputs"] or doc["alone"][i]["outputs"]).
  GoldenTensor tensor(const nlohmann::json& outputs, const std::string& name) const {
    const nlohmann::json& e = outputs.at(name);
    GoldenTensor t;
    t.shape = e.at("shape").get<std::vector<int64_t>>();
    const uint64_t offset = e.at("offset").get<uint64_t>();
    if (offset % 4 != 0 || offset / 4 + static_cast<uint64_t>(t.elements()) > data.size())
      throw std::runtime_error("golden tensor " + name + " lies outside the data file");
    t.data = data.data() + offset / 4;
    return t;
  }
  GoldenTensor output(const std::string& name) const { return tensor(doc.at("outputs"), name); }
};

inline std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw std::runtime_error("cannot open " + path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// dir: the golden directory; file: "tiny.json" etc. (as listed in cases.json).
inline GoldenCase loadGoldenCase(const std::string& dir, const std::string& file) {
  GoldenCase c;
  c.doc = nlohmann::json::parse(readFile(dir + "/" + file));
  if (c.doc.at("format") != "bertc-reference-golden/1")
    throw std::runtime_error(file + ": unknown format");
  const std::string bytes = readFile(dir + "/" + c.doc.at("data").get<std::string>());
  if (bytes.size() % 4 != 0)
    throw std::runtime_error(file + ": data file size is not a multiple of 4");
  c.data.resize(bytes.size() / 4);
  // The files are little-endian; so are all platforms bertc supports.
  std::memcpy(c.data.data(), bytes.data(), bytes.size());
  return c;
}

inline std::vector<std::string> goldenCaseFiles(const std::string& dir) {
  const nlohmann::json index = nlohmann::json::parse(readFile(dir + "/cases.json"));
  return index.at("cases").get<std::vector<std::string>>();
}

} // namespace bertc::reference
