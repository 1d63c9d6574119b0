#include "frontend/HuggingFaceJson.h"

#include "support/Limits.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace bertc::hf {

std::optional<JsonFile> readJson(const fs::path& path, Reporter& reporter) {
  std::error_code ec;
  const std::uintmax_t size = fs::file_size(path, ec);
  if (ec || size > limits::kModelFileBytes) {
    reporter.error(YAML::Mark(), "",
                   ec ? "cannot read: " + ec.message() : "larger than the 4 MiB bertc reads");
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  // JSON's own grammar first (YAML would accept more), then YAML for the positions.
  try {
    const nlohmann::json parsed = nlohmann::json::parse(text.str());
    static_cast<void>(parsed);
  } catch (const nlohmann::json::parse_error& e) {
    const std::string before = text.str().substr(0, e.byte > 0 ? e.byte - 1 : 0);
    YAML::Mark mark;
    mark.line = int(std::count(before.begin(), before.end(), '\n'));
    mark.column = int(before.size() - (before.rfind('\n') + 1));
    reporter.error(mark, "", "not valid JSON: " + std::string(e.what()));
    return std::nullopt;
  }
  try {
    JsonFile file{path.string(), YAML::Load(text.str())};
    if (!file.root.IsMap()) {
      reporter.error(file.root.Mark(), "", "expected a JSON object, got " + describe(file.root));
      return std::nullopt;
    }
    return file;
  } catch (const YAML::Exception& e) {
    reporter.error(e.mark, "", "not valid JSON: " + e.msg);
    return std::nullopt;
  }
}

std::string yamlQuoted(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += char(c);
    } else if (c < 0x20 || c == 0x7f) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02x", c);
      out += hex;
    } else {
      out += char(c);
    }
  }
  return out + "\"";
}

std::string shortestText(double v) {
  for (int digits = 1;; ++digits) {
    std::ostringstream os;
    os.precision(digits);
    os << v;
    if (std::strtod(os.str().c_str(), nullptr) == v || digits == 17)
      return os.str();
  }
}

} // namespace bertc::hf
