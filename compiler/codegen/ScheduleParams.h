// The tunable parameters of a kernel's schedule. A schedule file (schedules/*.yaml) holds one
// entry of these per kernel key; kernels without an entry use defaultSchedule().
#pragma once

#include "manifest/KernelManifest.h"

#include <string>

namespace bertc {

struct ScheduleParams {
  // dense: register tile of outputs x rows, computed per parallel task.
  int denseOutputTile = 48; // multiple of the vector width
  int denseRowTile = 8;
  // Pack each task's weight panel (outputs x K) before use; PyTorch's [N, K] layout reads the
  // weights with stride K otherwise.
  bool densePackWeights = true;
  // attention: query rows per task block.
  int attentionRowTile = 8;
  // rows per parallel task for row-wise kernels (layer_norm, embeddings, elementwise).
  int rowTile = 8;
};

ScheduleParams defaultSchedule(const KernelSpec& kernel);

} // namespace bertc
