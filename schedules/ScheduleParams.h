// The tunable parameters of one kernel's Halide schedule. Schedules are data: a schedule file
// (ScheduleFile.h, *.yaml beside this header) holds one entry of these per kernel key and
// target; a kernel without an entry uses defaultSchedule().
#pragma once

#include "bertc/model_desc.h"
#include "manifest/KernelManifest.h"

#include <string>
#include <vector>

namespace bertc {

// Rounding the keys up to whole tiles reads up to one tile past a sequence; the attention kind
// declares that as its row slack (KernelKind::rowSlack), so the buffer planner leaves room for
// the largest tile a schedule may choose.
constexpr int kMaxAttentionKeyTile = 2 * BERTC_ROW_GRANULE;

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
  // attention: keys per register tile of scores, a multiple of the vector width and at most
  // kMaxAttentionKeyTile. Added after schema 1: files without it read as 32.
  int attentionKeyTile = 32;
  // rows per parallel task of row-wise kernels (layer_norm, embeddings, elementwise; divides 16).
  int rowTile = 8;

  bool operator==(const ScheduleParams& o) const;
};

// One schedule parameter as schedule files, tuning records and bert-tune see it. scheduleFields()
// is the only place a parameter is spelled: files are read, written and validated from it,
// records stored from it, and kernel kinds name the fields they search (codegen/kernels/).
struct ScheduleField {
  enum class Rule {
    MultipleOfLanes,   // a positive multiple of the target's f32 lanes
    DividesRowGranule, // divides the 16-row granule the runtime pads rows to
    KeyTile,           // a multiple of the target's lanes, at most kMaxAttentionKeyTile
    Boolean,           // 0 or 1; written true/false
  };
  const char* name; // the key in schedule files and tuning records
  Rule rule;
  int (*get)(const ScheduleParams&);
  void (*set)(ScheduleParams&, int);
  // The value a tuning record without this key means (a field added after records existed);
  // -1: the key is required.
  int absentInRecords = -1;
};

// In the order files and records list them.
const std::vector<ScheduleField>& scheduleFields();
// The field called `name`; nullptr if none is.
const ScheduleField* findScheduleField(const std::string& name);

// f32 lanes of the widest vector of a Halide target string (16 AVX-512, 8 AVX2, 4 otherwise).
int vectorLanes(const std::string& target);

// A register tile that fits the target's vector registers without spilling.
ScheduleParams defaultSchedule(const KernelSpec& kernel, const std::string& target);

// Why `p` cannot be used (e.g. a tile that is not a multiple of the vector width), or "". The
// message starts with the offending field's name.
std::string validateSchedule(const ScheduleParams& p, const std::string& target);

} // namespace bertc
