#include "schedules/ScheduleFile.h"

#include <fstream>
#include <sstream>
#include <yaml-cpp/yaml.h>

namespace bertc {

const ScheduleEntry* ScheduleFile::find(const std::string& key) const {
  for (const ScheduleEntry& e : entries)
    if (e.key == key)
      return &e;
  return nullptr;
}

namespace {

SourcePos posOf(const YAML::Mark& m) {
  return m.is_null() ? SourcePos{} : SourcePos{m.line + 1, m.column + 1};
}

const std::vector<std::string> kTopKeys = {"schema", "target", "kernels"};
// kernel, key, algorithm, then every schedule field.
std::vector<std::string> entryKeys() {
  std::vector<std::string> keys = {"kernel", "key", "algorithm"};
  for (const ScheduleField& f : scheduleFields())
    keys.push_back(f.name);
  return keys;
}

class Loader {
public:
  Loader(std::string path, std::vector<Diagnostic>& errors)
      : path_(std::move(path)), errors_(errors) {}

  void error(const YAML::Node& at, const std::string& keyPath, const std::string& message) {
    errors_.push_back({path_, posOf(at.Mark()), keyPath, message});
  }

  // Unknown keys with the nearest known one suggested.
  void checkKeys(const YAML::Node& map, const std::string& path,
                 const std::vector<std::string>& known) {
    for (auto it = map.begin(); it != map.end(); ++it) {
      const YAML::Node key = it->first;
      const std::string k = key.Scalar();
      bool ok = false;
      for (const std::string& w : known)
        ok = ok || w == k;
      if (!ok) {
        std::string hint = nearestWord(k, known);
        error(key, path.empty() ? k : path + "." + k,
              "unknown key" + (hint.empty() ? std::string() : "; did you mean '" + hint + "'?"));
      }
    }
  }

  std::optional<int> integer(const YAML::Node& map, const char* key, const std::string& path) {
    YAML::Node v = map[key];
    if (!v)
      return std::nullopt;
    try {
      return v.as<int>();
    } catch (const YAML::Exception&) {
      error(v, path + "." + key, "expected an integer, got '" + v.Scalar() + "'");
      return std::nullopt;
    }
  }

  // A field the entry gives replaces the default's value.
  void readField(const YAML::Node& entry, const ScheduleField& f, const std::string& path,
                 ScheduleParams& p) {
    const YAML::Node v = entry[f.name];
    if (!v)
      return;
    if (f.rule != ScheduleField::Rule::Boolean) {
      if (std::optional<int> n = integer(entry, f.name, path))
        f.set(p, *n);
    } else if (v.IsScalar() && (v.Scalar() == "true" || v.Scalar() == "false")) {
      f.set(p, v.Scalar() == "true");
    } else {
      error(v, path + "." + f.name, "expected true or false");
    }
  }

  std::string text(const YAML::Node& map, const char* key, const std::string& path, bool required) {
    YAML::Node v = map[key];
    if (!v || !v.IsScalar()) {
      if (required)
        error(v ? v : map, path + "." + key, "missing required key (a string)");
      return "";
    }
    return v.Scalar();
  }

  std::optional<ScheduleFile> run() {
    YAML::Node root;
    try {
      std::ifstream in(path_);
      if (!in) {
        errors_.push_back({path_, {}, "", "cannot open the schedule file"});
        return std::nullopt;
      }
      root = YAML::Load(in);
    } catch (const YAML::Exception& e) {
      errors_.push_back({path_, posOf(e.mark), "", "invalid YAML: " + e.msg});
      return std::nullopt;
    }
    if (!root.IsMap()) {
      errors_.push_back({path_, {}, "", "expected a mapping with schema, target and kernels"});
      return std::nullopt;
    }
    checkKeys(root, "", kTopKeys);
    ScheduleFile file;
    file.path = path_;
    if (auto schema = integer(root, "schema", "schema"))
      file.schema = *schema;
    else if (!root["schema"])
      error(root, "schema",
            "missing required key (the schema version, " + std::to_string(kScheduleSchema) + ")");
    file.target = text(root, "target", "target", true);
    YAML::Node kernels = root["kernels"];
    if (kernels && !kernels.IsSequence())
      error(kernels, "kernels", "expected a sequence of entries");
    for (size_t i = 0; kernels && kernels.IsSequence() && i < kernels.size(); ++i) {
      const YAML::Node e = kernels[i];
      const std::string path = "kernels[" + std::to_string(i) + "]";
      if (!e.IsMap()) {
        error(e, path, "expected a mapping");
        continue;
      }
      checkKeys(e, path, entryKeys());
      ScheduleEntry entry;
      entry.line = e.Mark().line + 1;
      entry.kernel = text(e, "kernel", path, false);
      entry.key = text(e, "key", path, true);
      entry.algorithm = text(e, "algorithm", path, true);
      ScheduleParams& p = entry.params;
      p = defaultSchedule(KernelSpec{}, file.target);
      for (const ScheduleField& f : scheduleFields())
        readField(e, f, path, p);
      // The message starts with the offending key's name: point at its value.
      std::string problem = validateSchedule(p, file.target);
      if (!problem.empty()) {
        std::string field = problem.substr(0, problem.find(' '));
        error(e[field] ? e[field] : e, path + "." + field, problem.substr(field.size() + 1));
      }
      if (file.find(entry.key))
        error(e, path + ".key", "a second entry for the same kernel key");
      file.entries.push_back(entry);
    }
    if (!errors_.empty())
      return std::nullopt;
    return file;
  }

private:
  std::string path_;
  std::vector<Diagnostic>& errors_;
};

std::string yamlQuoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s)
    out += (c == '"' || c == '\\') ? std::string("\\") + c : std::string(1, c);
  return out + "\"";
}

} // namespace

std::optional<ScheduleFile> loadScheduleFile(const std::string& path,
                                             std::vector<Diagnostic>& errors) {
  size_t before = errors.size();
  std::vector<Diagnostic> mine;
  std::optional<ScheduleFile> file = Loader(path, mine).run();
  sortInFileOrder(mine);
  errors.insert(errors.end(), mine.begin(), mine.end());
  return errors.size() == before ? file : std::nullopt;
}

std::string scheduleFileText(const ScheduleFile& file) {
  std::ostringstream os;
  os << "# bertc schedule file (docs/schedules.md). Entries match kernels by `key`; an entry "
        "whose\n"
     << "# `algorithm` hash or the file's `schema` no longer matches is reported stale and "
        "unused.\n"
     << "schema: " << file.schema << "\ntarget: " << file.target << "\nkernels:\n";
  for (const ScheduleEntry& e : file.entries) {
    os << "  - kernel: " << e.kernel << "\n    key: " << yamlQuoted(e.key)
       << "\n    algorithm: " << e.algorithm << "\n";
    for (const ScheduleField& f : scheduleFields()) {
      const int v = f.get(e.params);
      os << "    " << f.name << ": "
         << (f.rule == ScheduleField::Rule::Boolean ? (v ? "true" : "false") : std::to_string(v))
         << "\n";
    }
  }
  return os.str();
}

ScheduleParams chooseSchedule(const ScheduleFile* file, const KernelSpec& kernel,
                              const std::string& algorithmHash, const std::string& target,
                              bool warnMissing, std::vector<std::string>& warnings) {
  const ScheduleEntry* entry = file ? file->find(kernel.key) : nullptr;
  if (!entry) {
    if (file && warnMissing)
      warnings.push_back(file->path + ": warning: no entry for kernel " + kernel.name +
                         "; it uses the default schedule");
    return defaultSchedule(kernel, target);
  }
  const std::string where = file->path + ":" + std::to_string(entry->line);
  if (file->schema != kScheduleSchema) {
    warnings.push_back(where + ": warning: entry for kernel " + kernel.name + " is stale (schema " +
                       std::to_string(file->schema) + ", this bertc reads " +
                       std::to_string(kScheduleSchema) + "); it uses the default schedule");
    return defaultSchedule(kernel, target);
  }
  if (entry->algorithm != algorithmHash) {
    warnings.push_back(where + ": warning: entry for kernel " + kernel.name +
                       " is stale (algorithm " + entry->algorithm + ", the kernel is now " +
                       algorithmHash + "); it uses the default schedule");
    return defaultSchedule(kernel, target);
  }
  return entry->params;
}

} // namespace bertc
