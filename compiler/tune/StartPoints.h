// Starting points from Halide's autoschedulers. bert-tune runs Adams2019 and Mullapudi2016 on
// each kernel's bare algorithm (as baselines) and projects each schedule they write onto the
// kernel's SearchSpace: the point whose tiles are nearest to the autoscheduler's, which the search
// measures right after the default and whose neighbourhood it explores if it is the best.
//
// The projection reads the schedule's C++ source (AutoSchedulerResults::schedule_source, both
// plugins' formats): per stage (`out`, `acc.update(0)`, ...) its splits, unrolled and parallel
// loops. Each kernel kind reads from them the values its schedule fields take
// (KernelKind::readSchedule: dense's output tile, row tile and k unroll; attention's query rows;
// the row-wise kinds' rows per task), and the point of the space nearest in log2 distance wins.
#pragma once

#include "manifest/KernelManifest.h"
#include "schedules/ScheduleParams.h"
#include "tune/SearchSpace.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace bertc::tune {

struct ScheduleSplit {
  std::string var; // the loop that was split (after renames: "ni" is a split of "n")
  std::string outer, inner;
  int factor = 0;
};

struct StageSchedule {
  std::vector<ScheduleSplit> splits; // in source order
  std::vector<std::string> unrolled; // loops as written ("tii")
  std::vector<std::string> parallel; // traced to the algorithm's variables ("n_o" -> "n")
};

// Stage name ("out", "acc.update(0)"; without the suffix that makes a Func name unique in a
// process, "out_4") -> its directives, from either plugin's source.
std::map<std::string, StageSchedule> parseScheduleSource(const std::string& source);

// The index in `space` of the point nearest the autoscheduler's schedule `source`, or nullopt
// when the source schedules none of the loops the kind's fields describe.
std::optional<size_t> projectSchedule(const KernelSpec& kernel, const SearchSpace& space,
                                      const std::string& source);

} // namespace bertc::tune
