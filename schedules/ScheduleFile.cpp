#include "schedules/ScheduleFile.h"

#include "frontend/YamlReader.h"

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

const std::vector<std::string> kTopKeys = {"schema", "target", "kernels"};

// kernel, key, algorithm, then every schedule field.
std::vector<std::string> entryKeys() {
  std::vector<std::string> keys = {"kernel", "key", "algorithm"};
  for (const ScheduleField& f : scheduleFields())
    keys.push_back(f.name);
  return keys;
}

// Reads through frontend/YamlReader.h, the model parser's rules: keys checked with suggestions,
// typed values located at the value.
class Loader {
public:
  explicit Loader(const std::string& path) : path_(path), reporter_(path), values_(reporter_) {}

  std::optional<ScheduleFile> run() {
    YAML::Node root;
    try {
      std::ifstream in(path_);
      if (!in) {
        reporter_.error(YAML::Mark::null_mark(), "", "cannot open the schedule file");
        return std::nullopt;
      }
      root = YAML::Load(in);
    } catch (const YAML::Exception& e) {
      reporter_.error(e.mark, "", "invalid YAML: " + e.msg);
      return std::nullopt;
    }
    if (!root.IsMap()) {
      reporter_.error(YAML::Mark::null_mark(), "",
                      "expected a mapping with schema, target and kernels");
      return std::nullopt;
    }
    const MapView top(reporter_, root, "", kTopKeys);
    ScheduleFile file;
    file.path = path_;
    if (!top.has("schema"))
      top.missing("schema", "the schema version, " + std::to_string(kScheduleSchema));
    else if (std::optional<int64_t> schema = values_.integer(top, "schema", 0, 1 << 20))
      file.schema = int(*schema);
    if (!top.has("target"))
      top.missing("target", "a Halide target string");
    else
      file.target = values_.string(top, "target").value_or("");
    const YAML::Node kernels = top.get("kernels");
    if (top.has("kernels") && !kernels.IsSequence())
      reporter_.error(kernels.Mark(), "kernels", "expected a sequence of entries");
    for (size_t i = 0; kernels.IsSequence() && i < kernels.size(); ++i)
      readEntry(kernels[i], "kernels[" + std::to_string(i) + "]", file);
    if (!reporter_.empty())
      return std::nullopt;
    return file;
  }

  std::vector<Diagnostic> errors() { return reporter_.take(); }

private:
  void readEntry(const YAML::Node& node, const std::string& path, ScheduleFile& file) {
    if (!node.IsMap()) {
      reporter_.error(node.Mark(), path, "expected a mapping");
      return;
    }
    const MapView e(reporter_, node, path, entryKeys());
    ScheduleEntry entry;
    entry.line = node.Mark().line + 1;
    if (e.has("kernel"))
      entry.kernel = values_.string(e, "kernel").value_or("");
    for (const char* required : {"key", "algorithm"})
      if (!e.has(required))
        e.missing(required, "a string");
    entry.key = e.has("key") ? values_.string(e, "key").value_or("") : "";
    entry.algorithm = e.has("algorithm") ? values_.string(e, "algorithm").value_or("") : "";
    entry.params = defaultSchedule(KernelSpec{}, file.target);
    for (const ScheduleField& f : scheduleFields()) {
      if (!e.has(f.name))
        continue; // the default's value
      std::optional<int64_t> v;
      if (f.rule == ScheduleField::Rule::Boolean)
        v = values_.boolean(e, f.name);
      else
        v = values_.integer(e, f.name, 0, 1 << 20);
      if (v)
        f.set(entry.params, int(*v));
    }
    // The message starts with the offending key's name: point at its value.
    const std::string problem = validateSchedule(entry.params, file.target);
    if (!problem.empty()) {
      const std::string field = problem.substr(0, problem.find(' '));
      reporter_.error(e.has(field) ? values_.at(e, field) : e.mark(), childPath(path, field),
                      problem.substr(field.size() + 1));
    }
    if (file.find(entry.key))
      reporter_.error(values_.at(e, "key"), path + ".key",
                      "a second entry for the same kernel key");
    file.entries.push_back(entry);
  }

  std::string path_;
  Reporter reporter_;
  ValueReader values_;
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
  Loader loader(path);
  std::optional<ScheduleFile> file = loader.run();
  std::vector<Diagnostic> mine = loader.errors();
  errors.insert(errors.end(), mine.begin(), mine.end());
  return mine.empty() ? file : std::nullopt;
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
