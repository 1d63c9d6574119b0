#include "tune/StartPoints.h"

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

bool parallelOver(const StageSchedule* s, const std::string& var) {
  return s && contains(s->parallel, var);
}

// Target values (0: not set by the autoscheduler) -> the nearest point of `space`.
struct Targets {
  int outputTile = 0, rowTile = 0, kUnroll = 0, attentionRowTile = 0, rowsPerTask = 0;
};

double distance(int value, int target) {
  return target > 0 ? std::abs(std::log2(double(value)) - std::log2(double(target))) : 0.0;
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
  const StageSchedule* out = stage(stages, "out");
  Targets want;
  if (kernel.op == KernelOp::Dense) {
    // The stage whose parallel loop runs over output columns holds the task's panel.
    const StageSchedule* panel = out;
    for (const char* name : {"out", "acc", "acc.update(0)"})
      if (parallelOver(stage(stages, name), "n")) {
        panel = stage(stages, name);
        break;
      }
    want.outputTile = widest(panel, "n");
    want.rowTile = registerTile(panel, "t");
    if (!want.rowTile)
      want.rowTile = registerTile(out, "t");
    if (want.outputTile || want.rowTile)
      want.rowTile = std::max(want.rowTile, 1);
    if (const StageSchedule* update = stage(stages, "acc.update(0)"))
      for (const ScheduleSplit& sp : update->splits)
        if (sp.var != "n" && sp.var != "t") // the reduction
          want.kUnroll = std::max(want.kUnroll, sp.factor);
    if (want.outputTile || want.rowTile)
      want.kUnroll = std::max(want.kUnroll, 1);
  } else if (kernel.op == KernelOp::PackedAttention) {
    want.attentionRowTile = std::max(registerTile(out, "i"), out ? 1 : 0);
  } else {
    want.rowsPerTask = std::max(widest(out, "t"), out ? 1 : 0);
  }
  if (!want.outputTile && !want.rowTile && !want.kUnroll && !want.attentionRowTile &&
      !want.rowsPerTask)
    return std::nullopt;

  size_t best = 0;
  double bestDistance = std::numeric_limits<double>::infinity();
  for (size_t i = 0; i < space.points.size(); ++i) {
    const ScheduleParams& p = space.points[i];
    const double d = distance(p.denseOutputTile, want.outputTile) +
                     distance(p.denseRowTile, want.rowTile) +
                     distance(p.denseKUnroll, want.kUnroll) +
                     distance(p.attentionRowTile, want.attentionRowTile) +
                     distance(p.rowTile, want.rowsPerTask) +
                     (p.densePackWeights == space.points[0].densePackWeights ? 0.0 : 0.5);
    if (d < bestDistance) {
      best = i;
      bestDistance = d;
    }
  }
  return best;
}

} // namespace bertc::tune
