#include "codegen/ScheduleParams.h"

namespace bertc {

ScheduleParams defaultSchedule(const KernelSpec& kernel) {
  ScheduleParams p;
  // The feed-forward down projection (K = 4H) has the longest reduction; a narrower output tile
  // with more rows keeps its packed panel in L2. Measured figures: docs/performance.md.
  if (kernel.kind == "dense" && !kernel.operands.empty() && kernel.operands[1].size() == 2 &&
      kernel.operands[1][1] > kernel.operands[1][0]) {
    p.denseOutputTile = 32;
    p.denseRowTile = 8;
  }
  return p;
}

} // namespace bertc
