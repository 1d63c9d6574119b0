#include "schedules/ScheduleParams.h"

#include "bertc/model_desc.h"

namespace bertc {

bool ScheduleParams::operator==(const ScheduleParams& o) const {
  for (const ScheduleField& f : scheduleFields())
    if (f.get(*this) != f.get(o))
      return false;
  return true;
}

const std::vector<ScheduleField>& scheduleFields() {
  using Rule = ScheduleField::Rule;
  using P = ScheduleParams;
  static const std::vector<ScheduleField> fields = {
      {"dense_output_tile", Rule::MultipleOfLanes, [](const P& p) { return p.denseOutputTile; },
       [](P& p, int v) { p.denseOutputTile = v; }},
      {"dense_row_tile", Rule::DividesRowGranule, [](const P& p) { return p.denseRowTile; },
       [](P& p, int v) { p.denseRowTile = v; }},
      {"dense_pack_weights", Rule::Boolean, [](const P& p) { return int(p.densePackWeights); },
       [](P& p, int v) { p.densePackWeights = v != 0; }},
      {"dense_k_unroll", Rule::DividesRowGranule, [](const P& p) { return p.denseKUnroll; },
       [](P& p, int v) { p.denseKUnroll = v; }, /*absentInRecords=*/1},
      {"attention_row_tile", Rule::DividesRowGranule, [](const P& p) { return p.attentionRowTile; },
       [](P& p, int v) { p.attentionRowTile = v; }},
      {"attention_key_tile", Rule::KeyTile, [](const P& p) { return p.attentionKeyTile; },
       [](P& p, int v) { p.attentionKeyTile = v; }, /*absentInRecords=*/32},
      {"row_tile", Rule::DividesRowGranule, [](const P& p) { return p.rowTile; },
       [](P& p, int v) { p.rowTile = v; }},
  };
  return fields;
}

const ScheduleField* findScheduleField(const std::string& name) {
  for (const ScheduleField& f : scheduleFields())
    if (name == f.name)
      return &f;
  return nullptr;
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
  for (const ScheduleField& f : scheduleFields()) {
    const int v = f.get(p);
    const std::string named = std::string(f.name) + " " + std::to_string(v);
    switch (f.rule) {
    case ScheduleField::Rule::MultipleOfLanes:
      if (v <= 0 || v % lanes != 0)
        return named + " must be a positive multiple of the target's " + std::to_string(lanes) +
               " lanes";
      break;
    case ScheduleField::Rule::DividesRowGranule:
      if (v <= 0 || BERTC_ROW_GRANULE % v != 0)
        return named + " must divide " + std::to_string(BERTC_ROW_GRANULE);
      break;
    case ScheduleField::Rule::KeyTile:
      if (v <= 0 || v % lanes != 0 || v > kMaxAttentionKeyTile)
        return named + " must be a multiple of the target's " + std::to_string(lanes) +
               " lanes and at most " + std::to_string(kMaxAttentionKeyTile);
      break;
    case ScheduleField::Rule::Boolean:
      if (v != 0 && v != 1)
        return named + " must be true or false";
      break;
    }
  }
  return "";
}

} // namespace bertc
