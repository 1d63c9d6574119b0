// The schedules bert-tune may try for one kernel: the ScheduleParams fields its kind's schedule
// reads, each with the values it may take, crossed, minus register tiles that would spill.
// Fields the kind ignores stay at their defaults, so every point is a distinct schedule.
#pragma once

#include "manifest/KernelManifest.h"
#include "schedules/ScheduleParams.h"

#include <string>
#include <vector>

namespace bertc::tune {

struct SearchSpace {
  std::vector<ScheduleParams> points; // in a fixed order; points[0] is the default schedule
  // Indices of the points that differ from points[i] in one field by one step of its values.
  std::vector<std::vector<size_t>> neighbours;
};

SearchSpace searchSpace(const KernelSpec& kernel, const std::string& target);

} // namespace bertc::tune
