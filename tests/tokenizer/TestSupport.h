// Shared helpers of the tokenizer tests: paths into the repository's data/ and golden files.
#pragma once

#include "tokenizer/BertTokenizer.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace bertc::tokenizer::testing {

inline std::string dataPath(const std::string& relative) {
  return std::string(BERTC_DATA_DIR) + "/" + relative;
}
inline std::string goldenPath(const std::string& name) {
  return std::string(BERTC_TOKENIZER_GOLDEN_DIR) + "/" + name;
}
inline std::string uncasedVocab() {
  return dataPath("bert-vocab/bert-base-uncased-vocab.txt");
}
inline std::string casedVocab() {
  return dataPath("bert-vocab/bert-base-cased-vocab.txt");
}

inline std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw std::runtime_error("cannot open " + path);
  std::ostringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

inline std::vector<nlohmann::json> readJsonl(const std::string& path) {
  std::vector<nlohmann::json> lines;
  std::istringstream in(readFile(path));
  for (std::string line; std::getline(in, line);)
    if (!line.empty())
      lines.push_back(nlohmann::json::parse(line));
  return lines;
}

inline std::vector<std::vector<std::size_t>> offsetsAsLists(const Encoding& encoding) {
  std::vector<std::vector<std::size_t>> result;
  for (const Offset& offset : encoding.offsets)
    result.push_back({offset.begin, offset.end});
  return result;
}

} // namespace bertc::tokenizer::testing
