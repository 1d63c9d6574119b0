// The tunable parameters of one kernel's Halide schedule. Schedules are data: a schedule file
// (ScheduleFile.h, *.yaml beside this header) holds one entry of these per kernel key and
// target; a kernel without an entry uses defaultSchedule().
#pragma once

#include "manifest/KernelManifest.h"

#include <string>

namespace bertc {

struct ScheduleParams {
  // dense: a register tile of `denseOutputTile` outputs x `denseRowTile` rows; parallel tasks
  // are column panels of that width.
  int denseOutputTile = 48; // a multiple of the target's vector width
  int denseRowTile = 8;     // divides 16 (rows are padded to 16-row tiles)
  // Pack each task's weight panel (outputs x K) before use: PyTorch's [N, K] layout would
  // otherwise be read with stride K.
  bool densePackWeights = true;
  // Reduction steps per iteration of a dense tile's k loop (1, 2, 4, 8 or 16; ignored when it
  // does not divide K). Added after schema 1 was fixed: files without it read as 1.
  int denseKUnroll = 1;
  // attention: query rows per task block (divides 16).
  int attentionRowTile = 8;
  // rows per parallel task of row-wise kernels (layer_norm, embeddings, elementwise; divides 16).
  int rowTile = 8;

  bool operator==(const ScheduleParams& o) const;
};

// f32 lanes of the widest vector of a Halide target string (16 AVX-512, 8 AVX2, 4 otherwise).
int vectorLanes(const std::string& target);

// A register tile that fits the target's vector registers without spilling.
ScheduleParams defaultSchedule(const KernelSpec& kernel, const std::string& target);

// Why `p` cannot be used (e.g. a tile that is not a multiple of the vector width), or "".
std::string validateSchedule(const ScheduleParams& p, const std::string& target);

} // namespace bertc
