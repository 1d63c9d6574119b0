#include "frontend/YamlReader.h"

#include <algorithm>
#include <sstream>
#include <yaml-cpp/eventhandler.h>

namespace bertc {

SourcePos posOf(const YAML::Mark& mark) {
  if (mark.is_null())
    return {};
  return {mark.line + 1, mark.column + 1};
}

std::string join(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words)
    out += (out.empty() ? "" : ", ") + w;
  return out;
}

std::string childPath(const std::string& parent, const std::string& key) {
  return parent.empty() ? key : parent + "." + key;
}

bool isStringTagged(const YAML::Node& node) {
  return node.Tag() == "!" || node.Tag() == "tag:yaml.org,2002:str";
}

std::string describe(const YAML::Node& node) {
  switch (node.Type()) {
  case YAML::NodeType::Map:
    return "a mapping";
  case YAML::NodeType::Sequence:
    return "a sequence";
  case YAML::NodeType::Null:
  case YAML::NodeType::Undefined:
    return "nothing";
  case YAML::NodeType::Scalar:
    break;
  }
  // Quoted scalars carry the non-specific tag "!", and !!str says the same explicitly; say so,
  // since "768" is a string, not 768.
  if (isStringTagged(node))
    return "the string \"" + node.Scalar() + "\"";
  if (node.Tag() != "?" && node.Tag().rfind("tag:yaml.org,2002:", 0) != 0)
    return "'" + node.Scalar() + "' tagged " + node.Tag();
  return "'" + node.Scalar() + "'";
}

bool isPlainScalar(const YAML::Node& node) {
  if (!node.IsScalar() || isStringTagged(node))
    return false;
  return node.Tag() == "?" || node.Tag().rfind("tag:yaml.org,2002:", 0) == 0;
}

MapView::MapView(Reporter& reporter, const YAML::Node& map, std::string path,
                 const std::vector<std::string>& allowed, Keys keys)
    : reporter_(reporter), path_(std::move(path)), mark_(map.Mark()) {
  for (auto it = map.begin(); it != map.end(); ++it) {
    const YAML::Node keyNode = it->first; // `it->` yields a temporary pair
    if (keys == Keys::Json) {             // the last of duplicated keys wins, as in Python's json
      const bool read =
          keyNode.IsScalar() && !it->second.IsNull() &&
          std::find(allowed.begin(), allowed.end(), keyNode.Scalar()) != allowed.end();
      if (read) {
        entries_.erase(std::remove_if(entries_.begin(), entries_.end(),
                                      [&](const Entry& e) { return e.key == keyNode.Scalar(); }),
                       entries_.end());
        entries_.push_back({keyNode.Scalar(), keyNode.Mark(), it->second});
      }
      continue;
    }
    if (!isPlainScalar(keyNode)) {
      reporter_.error(keyNode.Mark(), path_, "keys must be plain words, got " + describe(keyNode));
      continue;
    }
    const std::string key = keyNode.Scalar();
    const std::string keyPath = childPath(path_, key);
    bool known = false;
    for (const std::string& a : allowed)
      known = known || a == key;
    if (!known) {
      std::string hint = nearestWord(key, allowed);
      reporter_.error(keyNode.Mark(), keyPath,
                      hint.empty() ? "unknown key; expected one of: " + join(allowed)
                                   : "unknown key; did you mean '" + hint + "'?");
      continue;
    }
    if (const Entry* first = find(key)) {
      reporter_.error(keyNode.Mark(), keyPath,
                      "duplicate key; first given at line " +
                          std::to_string(first->keyMark.line + 1));
      continue;
    }
    entries_.push_back({key, keyNode.Mark(), it->second});
  }
}

YAML::Mark ValueReader::at(const MapView& map, const std::string& key) const {
  YAML::Node v = map.get(key);
  return v.IsNull() || v.Mark().is_null() ? map.keyMark(key) : v.Mark();
}

std::optional<int64_t> ValueReader::integer(const MapView& map, const std::string& key, int64_t min,
                                            int64_t max) {
  YAML::Node v = map.get(key);
  const std::string path = childPath(map.path(), key);
  if (!isPlainScalar(v)) {
    reporter_.error(at(map, key), path, "expected an integer, got " + describe(v));
    return std::nullopt;
  }
  const std::string& s = v.Scalar();
  size_t digitsFrom = (s[0] == '-' || s[0] == '+') ? 1 : 0;
  bool digits = s.size() > digitsFrom;
  for (size_t i = digitsFrom; i < s.size(); ++i)
    digits = digits && std::isdigit(static_cast<unsigned char>(s[i]));
  if (!digits) {
    reporter_.error(v.Mark(), path, "expected an integer, got " + describe(v));
    return std::nullopt;
  }
  // Over 18 digits cannot be in range, and would overflow strtoll.
  int64_t value = s.size() - digitsFrom > 18 ? (s[0] == '-' ? std::numeric_limits<int64_t>::min()
                                                            : std::numeric_limits<int64_t>::max())
                                             : std::strtoll(s.c_str(), nullptr, 10);
  if (value < min) {
    reporter_.error(v.Mark(), path,
                    (min == 1 ? "must be positive" : "must be at least " + std::to_string(min)) +
                        ", got " + s);
    return std::nullopt;
  }
  if (value > max) {
    reporter_.error(v.Mark(), path, "must be at most " + std::to_string(max) + ", got " + s);
    return std::nullopt;
  }
  return value;
}

std::optional<double> ValueReader::number(const MapView& map, const std::string& key, double min,
                                          double max, bool maxInclusive,
                                          const std::string& rangeText) {
  YAML::Node v = map.get(key);
  const std::string path = childPath(map.path(), key);
  char* end = nullptr;
  double value = 0;
  if (isPlainScalar(v)) {
    value = std::strtod(v.Scalar().c_str(), &end);
  }
  if (!isPlainScalar(v) || v.Scalar().empty() || *end != '\0' || !std::isfinite(value)) {
    reporter_.error(at(map, key), path, "expected a number, got " + describe(v));
    return std::nullopt;
  }
  if (value < min || value > max || (!maxInclusive && value == max)) {
    reporter_.error(v.Mark(), path, "must be in " + rangeText + ", got " + v.Scalar());
    return std::nullopt;
  }
  return value;
}

std::optional<bool> ValueReader::boolean(const MapView& map, const std::string& key) {
  YAML::Node v = map.get(key);
  if (isPlainScalar(v)) {
    const std::string& s = v.Scalar();
    if (s == "true" || s == "True" || s == "TRUE")
      return true;
    if (s == "false" || s == "False" || s == "FALSE")
      return false;
  }
  reporter_.error(at(map, key), childPath(map.path(), key),
                  "expected true or false, got " + describe(v));
  return std::nullopt;
}

std::optional<std::string> ValueReader::string(const MapView& map, const std::string& key) {
  YAML::Node v = map.get(key);
  if (!v.IsScalar() || v.Scalar().empty()) {
    reporter_.error(at(map, key), childPath(map.path(), key),
                    "expected a non-empty string, got " + describe(v));
    return std::nullopt;
  }
  return v.Scalar();
}

bool ValueReader::isMap(const MapView& map, const std::string& key) {
  YAML::Node v = map.get(key);
  if (v.IsMap())
    return true;
  reporter_.error(at(map, key), childPath(map.path(), key),
                  "expected a mapping, got " + describe(v));
  return false;
}

// Where a second YAML document starts, if there is one. yaml-cpp 0.7's LoadAll can loop forever
// on malformed input (it keeps yielding empty documents), so documents are counted with the
// event parser and at most two are read.
namespace {

class DocumentStarts : public YAML::EventHandler {
public:
  std::vector<YAML::Mark> marks;
  void OnDocumentStart(const YAML::Mark& mark) override { marks.push_back(mark); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

} // namespace

std::optional<YAML::Mark> findSecondDocument(const std::string& text) {
  std::istringstream in(text);
  YAML::Parser parser(in);
  DocumentStarts starts;
  if (parser.HandleNextDocument(starts) && parser.HandleNextDocument(starts) &&
      starts.marks.size() >= 2)
    return starts.marks[1];
  return std::nullopt;
}

// Whether the text holds anything besides blank lines and comments.
bool hasContent(const std::string& text) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    size_t first = line.find_first_not_of(" \t\r");
    if (first != std::string::npos && line[first] != '#')
      return true;
  }
  return false;
}

} // namespace bertc
