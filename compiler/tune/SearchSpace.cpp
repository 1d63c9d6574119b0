#include "tune/SearchSpace.h"

#include "codegen/kernels/KernelKind.h"

#include <map>

namespace bertc::tune {
SearchSpace searchSpace(const KernelSpec& kernel, const std::string& target) {
  const KernelKind& kind = kernelKindOf(kernel);
  const ScheduleParams base = defaultSchedule(kernel, target);
  const std::vector<SearchField> fields = kind.searchFields(kernel, target);
  SearchSpace space;
  space.points.push_back(base);
  std::map<std::vector<size_t>, size_t> indexOf; // field value indices -> point
  std::vector<size_t> at(fields.size(), 0);
  auto place = [&](const std::vector<size_t>& c) {
    ScheduleParams p = base;
    for (size_t f = 0; f < fields.size(); ++f)
      fields[f].field->set(p, fields[f].values[c[f]]);
    if (!validateSchedule(p, target).empty() || !kind.worthTrying(p, target))
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
