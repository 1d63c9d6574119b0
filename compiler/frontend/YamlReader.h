// Reading user-written YAML with located errors: every problem goes to a Reporter as
// FILE:LINE:COL: error: KEY.PATH: message; a MapView checks a mapping's keys (unknown ones with
// the nearest known one suggested, duplicates) and ValueReader reads typed scalars by one rule
// (a quoted or !!str value is a string, never a number). The model parser and the schedule file
// reader both read through it.
#pragma once

#include "frontend/Diagnostic.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>
#include <yaml-cpp/yaml.h>

namespace bertc {

SourcePos posOf(const YAML::Mark& mark);
// "a, b, c".
std::string join(const std::vector<std::string>& words);
// "parent.key", or "key" at the top level.
std::string childPath(const std::string& parent, const std::string& key);
// Quoted, or tagged !!str.
bool isStringTagged(const YAML::Node& node);
// How a node looks to a person: "a mapping", "a sequence", "nothing", or the scalar itself.
std::string describe(const YAML::Node& node);
// One rule for every number and boolean: a plain scalar (tag "?"), or one tagged with a YAML
// core type (!!int 8, !!bool true). A string, quoted ("8") or tagged !!str 8, is a string, and
// so is nothing else; an application tag (!foo 8) is not a value bertc knows.
bool isPlainScalar(const YAML::Node& node);

// Collects errors while walking the document.
class Reporter {
public:
  explicit Reporter(std::string file) : file_(std::move(file)) {}

  void error(const YAML::Mark& mark, const std::string& path, const std::string& message) {
    diags_.push_back({file_, posOf(mark), path, message});
  }
  std::vector<Diagnostic> take() {
    sortInFileOrder(diags_);
    return std::move(diags_);
  }
  bool empty() const { return diags_.empty(); }

private:
  std::string file_;
  std::vector<Diagnostic> diags_;
};

// The keys of one YAML mapping, checked against the keys it may hold. Unknown and duplicated
// keys are reported when the mapping is opened; the known ones are then looked up by name.
class MapView {
public:
  // Strict: bertc's own files; keys are plain words and an unknown key is an error.
  // Json: a JSON file another tool wrote (config.json): keys are quoted, keys bertc does not read
  // are skipped, and a null value reads as an absent key.
  enum class Keys { Strict, Json };
  MapView(Reporter& reporter, const YAML::Node& map, std::string path,
          const std::vector<std::string>& allowed, Keys keys = Keys::Strict);

  bool has(const std::string& key) const { return find(key) != nullptr; }
  // The value under `key`; an undefined node when the key is absent.
  YAML::Node get(const std::string& key) const {
    const Entry* e = find(key);
    return e ? e->value : YAML::Node(YAML::NodeType::Undefined);
  }
  YAML::Mark keyMark(const std::string& key) const {
    const Entry* e = find(key);
    return e ? e->keyMark : mark_;
  }
  const YAML::Mark& mark() const { return mark_; }
  const std::string& path() const { return path_; }

  void missing(const std::string& key, const std::string& why = "") const {
    reporter_.error(mark_, childPath(path_, key),
                    "missing required key" + (why.empty() ? "" : " (" + why + ")"));
  }

private:
  struct Entry {
    std::string key;
    YAML::Mark keyMark;
    YAML::Node value;
  };
  const Entry* find(const std::string& key) const {
    for (const Entry& e : entries_)
      if (e.key == key)
        return &e;
    return nullptr;
  }

  Reporter& reporter_;
  std::string path_;
  YAML::Mark mark_;
  std::vector<Entry> entries_;
};

// Typed reads of scalar values. Each returns nullopt after reporting, so callers just skip.
class ValueReader {
public:
  explicit ValueReader(Reporter& reporter) : reporter_(reporter) {}

  // Where a value's error goes: at the value itself, or at its key when the value is empty.
  YAML::Mark at(const MapView& map, const std::string& key) const;

  std::optional<int64_t> integer(const MapView& map, const std::string& key, int64_t min,
                                 int64_t max);

  // A finite number in [min, max) (or [min, max] when `maxInclusive`).
  std::optional<double> number(const MapView& map, const std::string& key, double min, double max,
                               bool maxInclusive, const std::string& rangeText);

  std::optional<bool> boolean(const MapView& map, const std::string& key);

  std::optional<std::string> string(const MapView& map, const std::string& key);

  // One of `words`, with the nearest one suggested on a typo.
  template <typename Enum>
  std::optional<Enum> word(const MapView& map, const std::string& key, const std::string& what,
                           const std::vector<std::string>& words,
                           std::optional<Enum> (*parse)(const std::string&));

  // A YAML mapping under `key`, or nullopt after reporting what was there instead.
  bool isMap(const MapView& map, const std::string& key);

private:
  Reporter& reporter_;
};

template <typename Enum>
std::optional<Enum> ValueReader::word(const MapView& map, const std::string& key,
                                      const std::string& what,
                                      const std::vector<std::string>& words,
                                      std::optional<Enum> (*parse)(const std::string&)) {
  std::optional<std::string> s = string(map, key);
  if (!s)
    return std::nullopt;
  if (std::optional<Enum> value = parse(*s))
    return value;
  std::string hint = nearestWord(*s, words);
  reporter_.error(
      map.get(key).Mark(), childPath(map.path(), key),
      "unknown " + what + " '" + *s + "'; " +
          (hint.empty() ? "expected one of: " + join(words) : "did you mean '" + hint + "'?"));
  return std::nullopt;
}

// Where a second YAML document starts, if there is one (yaml-cpp 0.7's LoadAll can loop forever
// on malformed input, so documents are counted with the event parser and at most two are read).
std::optional<YAML::Mark> findSecondDocument(const std::string& text);
// Whether the text holds anything besides blank lines and comments.
bool hasContent(const std::string& text);

} // namespace bertc
