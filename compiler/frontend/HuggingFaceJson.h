// Reading a Hugging Face directory's JSON files with located errors, and writing the model
// description with where each value came from: the pieces `bertc import` is made of
// (HuggingFaceImport.cpp, HuggingFaceTokenizer.cpp).
#pragma once

#include "frontend/YamlReader.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace bertc::hf {
namespace fs = std::filesystem;

// A JSON file read as YAML (JSON is YAML's flow style), so that every value carries its line and
// column for errors.
struct JsonFile {
  std::string path;
  YAML::Node root;
};

// `path` parsed (JSON's grammar, then as YAML for positions); nullopt after reporting.
std::optional<JsonFile> readJson(const fs::path& path, Reporter& reporter);

// A string as a YAML double-quoted scalar.
std::string yamlQuoted(const std::string& s);
// The shortest text that reads back as `v` (1e-12, not 9.9999999999999998e-13).
std::string shortestText(double v);

// The description being written: lines of YAML, each value with where it came from.
class DescriptionWriter {
public:
  void line(const std::string& text, const std::string& origin = "") {
    text_ += text;
    if (!origin.empty())
      text_ += std::string(text.size() < 40 ? 40 - text.size() : 1, ' ') + "# " + origin;
    text_ += "\n";
  }
  const std::string& text() const { return text_; }

private:
  std::string text_;
};

// The values of config.json bertc reads, with the error reporter of that file.
class ConfigReader {
public:
  ConfigReader(Reporter& reporter, const JsonFile& file, const std::vector<std::string>& keys)
      : reporter_(reporter), map_(reporter, file.root, "", keys, MapView::Keys::Json),
        values_(reporter) {}

  const MapView& map() const { return map_; }
  bool has(const std::string& key) const { return map_.has(key); }
  std::optional<int64_t> integer(const std::string& key, int64_t min, int64_t max) {
    return values_.integer(map_, key, min, max);
  }
  std::optional<double> number(const std::string& key, double min, double max) {
    return values_.number(map_, key, min, max, false,
                          "[" + formatNumber(min) + ", " + formatNumber(max) + ")");
  }
  std::optional<bool> boolean(const std::string& key) { return values_.boolean(map_, key); }
  std::optional<std::string> string(const std::string& key) { return values_.string(map_, key); }
  void error(const std::string& key, const std::string& message) {
    reporter_.error(map_.keyMark(key), key, message);
  }

private:
  static std::string formatNumber(double v) {
    std::ostringstream os;
    os << v;
    return os.str();
  }

  Reporter& reporter_;
  MapView map_;
  ValueReader values_;
};

} // namespace bertc::hf
