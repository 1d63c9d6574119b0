#include "tune/StartPoints.h"

#include "codegen/kernels/KernelKind.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <regex>
#include <sstream>

namespace bertc::tune {
namespace {

std::string trim(const std::string& s) {
  const size_t b = s.find_first_not_of(" \t"), e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

// The loop a split, unroll or parallel names, traced back through earlier splits to the
// algorithm's own variable ("nii" -> "n").
class Lineage {
public:
  std::string root(const std::string& v) const {
    auto it = parent_.find(v);
    return it == parent_.end() ? v : it->second;
  }
  void split(const std::string& var, const std::string& outer, const std::string& inner) {
    const std::string r = root(var);
    parent_[outer] = r;
    parent_[inner] = r;
  }

private:
  std::map<std::string, std::string> parent_;
};

const StageSchedule* stage(const std::map<std::string, StageSchedule>& stages,
                           const std::string& name) {
  auto it = stages.find(name);
  return it == stages.end() ? nullptr : &it->second;
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// The widest split of `var` in `s`, or 0.
int widest(const StageSchedule* s, const std::string& var) {
  int w = 0;
  if (s)
    for (const ScheduleSplit& sp : s->splits)
      if (sp.var == var)
        w = std::max(w, sp.factor);
  return w;
}

// The innermost split of `var` in `s` whose inner loop is unrolled (the register tile), else
// the widest split, else 0.
int registerTile(const StageSchedule* s, const std::string& var) {
  if (!s)
    return 0;
  for (auto it = s->splits.rbegin(); it != s->splits.rend(); ++it)
    if (it->var == var && contains(s->unrolled, it->inner))
      return it->factor;
  return widest(s, var);
}

// The parsed stages as the kinds ask about them.
class ParsedSchedule final : public ScheduleReading {
public:
  explicit ParsedSchedule(const std::map<std::string, StageSchedule>& stages) : stages_(stages) {}
  bool scheduled(const std::string& name) const override { return stage(stages_, name); }
  int widestSplit(const std::string& name, const std::string& var) const override {
    return widest(stage(stages_, name), var);
  }
  int registerTile(const std::string& name, const std::string& var) const override {
    return tune::registerTile(stage(stages_, name), var);
  }
  bool parallelOver(const std::string& name, const std::string& var) const override {
    const StageSchedule* s = stage(stages_, name);
    return s && contains(s->parallel, var);
  }
  int widestSplitOtherThan(const std::string& name,
                           const std::vector<std::string>& vars) const override {
    int w = 0;
    if (const StageSchedule* s = stage(stages_, name))
      for (const ScheduleSplit& sp : s->splits)
        if (!contains(vars, sp.var))
          w = std::max(w, sp.factor);
    return w;
  }

private:
  const std::map<std::string, StageSchedule>& stages_;
};

// Log2 distance of a point's value to an autoscheduler's.
double distance(int value, int target) {
  return std::abs(std::log2(double(value)) - std::log2(double(target)));
}

} // namespace

std::map<std::string, StageSchedule> parseScheduleSource(const std::string& source) {
  static const std::regex stageName(R"(^([A-Za-z_][A-Za-z0-9_$]*(\.update\(\d+\))?)$)");
  static const std::regex uniqueSuffix(R"(^([A-Za-z_][A-Za-z0-9]*)_[0-9]+)");
  static const std::regex split(
      R"(^\.split\(\s*([^,\s]+)\s*,\s*([^,\s]+)\s*,\s*([^,\s]+)\s*,\s*(\d+))");
  static const std::regex oneVar(R"(^\.(unroll|parallel)\(\s*([^,\s\)]+))");
  std::map<std::string, StageSchedule> stages;
  std::map<std::string, Lineage> lineage; // per stage
  std::string current;
  std::istringstream in(source);
  for (std::string line; std::getline(in, line);) {
    const std::string t = trim(line);
    std::smatch m;
    if (std::regex_match(t, m, stageName)) {
      // Halide makes Func names unique within a process ("out" becomes "out$4", printed out_4).
      current = std::regex_replace(std::string(m[1]), uniqueSuffix, "$1");
      stages[current];
      continue;
    }
    if (current.empty() || t.empty() || t[0] != '.')
      continue;
    StageSchedule& s = stages[current];
    Lineage& l = lineage[current];
    if (std::regex_search(t, m, split)) {
      const std::string root = l.root(m[1]);
      l.split(m[1], m[2], m[3]);
      s.splits.push_back({root, m[2], m[3], std::stoi(m[4])});
    } else if (std::regex_search(t, m, oneVar)) {
      if (m[1] == "unroll")
        s.unrolled.push_back(m[2]); // as written: matched against a split's inner loop
      else
        s.parallel.push_back(l.root(m[2]));
    }
    if (t.back() == ';')
      current.clear();
  }
  return stages;
}

std::optional<size_t> projectSchedule(const KernelSpec& kernel, const SearchSpace& space,
                                      const std::string& source) {
  if (space.points.size() < 2)
    return std::nullopt;
  const std::map<std::string, StageSchedule> stages = parseScheduleSource(source);
  const std::map<std::string, int> want = kernelKindOf(kernel).readSchedule(ParsedSchedule(stages));
  if (want.empty())
    return std::nullopt;
  size_t best = 0;
  double bestDistance = std::numeric_limits<double>::infinity();
  for (size_t i = 0; i < space.points.size(); ++i) {
    double d = 0;
    for (const ScheduleField& f : scheduleFields()) {
      const int value = f.get(space.points[i]);
      if (auto it = want.find(f.name); it != want.end() && it->second > 0)
        d += distance(value, it->second);
      else if (f.rule == ScheduleField::Rule::Boolean) // no opinion: prefer the default's
        d += value == f.get(space.points[0]) ? 0.0 : 0.5;
    }
    if (d < bestDistance) {
      best = i;
      bestDistance = d;
    }
  }
  return best;
}

} // namespace bertc::tune
