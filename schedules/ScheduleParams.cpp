#include "schedules/ScheduleParams.h"

namespace bertc {

bool ScheduleParams::operator==(const ScheduleParams& o) const {
  return denseOutputTile == o.denseOutputTile && denseRowTile == o.denseRowTile &&
         densePackWeights == o.densePackWeights && denseKUnroll == o.denseKUnroll &&
         attentionRowTile == o.attentionRowTile && rowTile == o.rowTile;
}

int vectorLanes(const std::string& target) {
  if (target.find("avx512") != std::string::npos)
    return 16;
  if (target.find("avx2") != std::string::npos || target.find("avx") != std::string::npos)
    return 8;
  return 4;
}

ScheduleParams defaultSchedule(const KernelSpec& /*kernel*/, const std::string& target) {
  ScheduleParams p;
  // Accumulators = (outputs / lanes) x rows must stay below the 32 zmm (AVX-512) or 16 ymm/xmm
  // registers, leaving room for the weight vectors and the broadcast input. Output tiles are
  // multiples of the 16-row weight panels (KernelPipelines' weightPanel) so that every vector
  // load of weights is contiguous and aligned within one panel.
  switch (vectorLanes(target)) {
  case 16: // 3 x 8 = 24 zmm accumulators: the prototype's best (docs/performance.md)
    p.denseOutputTile = 48;
    p.denseRowTile = 8;
    break;
  case 8: // 2 x 4 = 8 ymm (row tiles must divide the 16-row granule, which rules out 6)
    p.denseOutputTile = 16;
    p.denseRowTile = 4;
    break;
  default: // 4 x 2 = 8 xmm
    p.denseOutputTile = 16;
    p.denseRowTile = 2;
    break;
  }
  return p;
}

std::string validateSchedule(const ScheduleParams& p, const std::string& target) {
  const int lanes = vectorLanes(target);
  auto dividesTile = [](int v) { return v > 0 && 16 % v == 0; };
  if (p.denseOutputTile <= 0 || p.denseOutputTile % lanes != 0)
    return "dense_output_tile " + std::to_string(p.denseOutputTile) +
           " must be a positive multiple of the target's " + std::to_string(lanes) + " lanes";
  if (!dividesTile(p.denseRowTile))
    return "dense_row_tile " + std::to_string(p.denseRowTile) + " must divide 16";
  if (!dividesTile(p.denseKUnroll))
    return "dense_k_unroll " + std::to_string(p.denseKUnroll) + " must divide 16";
  if (!dividesTile(p.attentionRowTile))
    return "attention_row_tile " + std::to_string(p.attentionRowTile) + " must divide 16";
  if (!dividesTile(p.rowTile))
    return "row_tile " + std::to_string(p.rowTile) + " must divide 16";
  return "";
}

} // namespace bertc
