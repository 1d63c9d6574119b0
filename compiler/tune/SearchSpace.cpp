#include "tune/SearchSpace.h"

#include "codegen/KernelPipelines.h"

#include <functional>
#include <map>

namespace bertc::tune {
namespace {

using Setter = std::function<void(ScheduleParams&, int)>;

struct Field {
  std::vector<int> values;
  Setter set;
};

const std::vector<int> kDivisorsOf16 = {1, 2, 4, 8, 16};

// The dense schedule's register tile is used for kernels with at least one vector of outputs
// (KernelPipelines.cpp); others ignore every field.
std::vector<Field> denseFields(const KernelSpec& k, const std::string& target) {
  const int lanes = vectorLanes(target);
  const int64_t N = k.operands[1][0];
  if (N < lanes)
    return {};
  std::vector<int> tiles;
  for (int t = lanes; t <= 8 * lanes && t <= N; t += lanes)
    tiles.push_back(t);
  std::vector<Field> fields = {
      {tiles, [](ScheduleParams& p, int v) { p.denseOutputTile = v; }},
      {kDivisorsOf16, [](ScheduleParams& p, int v) { p.denseRowTile = v; }},
      {{1, 2, 4, 8}, [](ScheduleParams& p, int v) { p.denseKUnroll = v; }},
  };
  if (weightPanel(k, 1) == 0)
    fields.push_back({{1, 0}, [](ScheduleParams& p, int v) { p.densePackWeights = v != 0; }});
  return fields;
}

std::vector<Field> fieldsOf(const KernelSpec& k, const std::string& target) {
  if (k.kind == "dense")
    return denseFields(k, target);
  if (k.kind == "packed_attention")
    return {{kDivisorsOf16, [](ScheduleParams& p, int v) { p.attentionRowTile = v; }}};
  return {{kDivisorsOf16, [](ScheduleParams& p, int v) { p.rowTile = v; }}};
}

// Accumulators of a dense register tile must leave vector registers for the weights and the
// broadcast input (32 with AVX-512, 16 otherwise).
bool fitsRegisters(const ScheduleParams& p, const std::string& target) {
  const int lanes = vectorLanes(target), registers = lanes == 16 ? 32 : 16;
  return p.denseOutputTile / lanes * p.denseRowTile <= registers - 4;
}

} // namespace

SearchSpace searchSpace(const KernelSpec& kernel, const std::string& target) {
  const ScheduleParams base = defaultSchedule(kernel, target);
  const std::vector<Field> fields = fieldsOf(kernel, target);
  SearchSpace space;
  space.points.push_back(base);
  std::map<std::vector<size_t>, size_t> indexOf; // field value indices -> point
  std::vector<size_t> at(fields.size(), 0);
  auto place = [&](const std::vector<size_t>& c) {
    ScheduleParams p = base;
    for (size_t f = 0; f < fields.size(); ++f)
      fields[f].set(p, fields[f].values[c[f]]);
    if (!validateSchedule(p, target).empty() ||
        (kernel.kind == "dense" && !fields.empty() && !fitsRegisters(p, target)))
      return;
    indexOf[c] = p == base ? 0 : space.points.size();
    if (!(p == base))
      space.points.push_back(p);
  };
  // Odometer over every combination, the last field fastest.
  for (bool more = true; more;) {
    place(at);
    more = false;
    for (size_t f = fields.size(); f-- > 0;) {
      if (++at[f] < fields[f].values.size()) {
        more = true;
        break;
      }
      at[f] = 0;
    }
  }
  space.neighbours.resize(space.points.size());
  for (const auto& [c, i] : indexOf) {
    for (size_t f = 0; f < fields.size(); ++f) {
      for (int step : {-1, 1}) {
        std::vector<size_t> n = c;
        if ((step < 0 && n[f] == 0) || (step > 0 && n[f] + 1 >= fields[f].values.size()))
          continue;
        n[f] += size_t(step);
        if (auto it = indexOf.find(n); it != indexOf.end())
          space.neighbours[i].push_back(it->second);
      }
    }
  }
  return space;
}

} // namespace bertc::tune
