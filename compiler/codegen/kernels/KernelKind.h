// A kernel kind is one unit: its Halide algorithm, the schedule applied to it from ScheduleParams
// (kept apart from the algorithm), the schedule fields bert-tune searches, the weight layout and
// calling convention the runtime must use, and the inputs and FLOPs the tuner benchmarks with.
// One file per kind beside this header (Halide's apps/hannk keeps one generator per op the same
// way); the registry (Registry.cpp) is the only place a kind's name is matched.
//
// Layout conventions. Row tensors [rows, C] are Halide buffers (c, row): c innermost, stride C.
// Linear weights keep PyTorch's [N, K] layout, Halide (k, n), unless weightPanel() says that the
// runtime packs them into panels at load. Row counts are dynamic; every other extent is fixed at
// code-generation time from the manifest.
#pragma once

#include "bertc/model_desc.h"
#include "codegen/kernels/BenchFill.h"
#include "manifest/KernelManifest.h"
#include "schedules/ScheduleParams.h"

#include <Halide.h>
#include <map>
#include <string>
#include <vector>

namespace bertc {

struct KernelPipeline {
  Halide::Pipeline pipeline;
  std::vector<Halide::Argument> arguments; // manifest operand order; the output is appended
  // The same inputs as handles, buffers then scalars as in `arguments`: bert-tune binds them to
  // buffers for JIT runs and gives the autoschedulers their size estimates.
  std::vector<Halide::ImageParam> buffers;
  std::vector<Halide::Param<int>> scalars;
};

// How the runtime calls a kernel (bertc_call_kind in bertc/model_desc.h).
enum class CallingConvention {
  Rows,        // once, over every row of the request
  PerSequence, // once per sequence, on its rows, with its length as the scalar argument
};

// One schedule field bert-tune varies for a kernel, with the values it tries in order.
struct SearchField {
  const ScheduleField* field;
  std::vector<int> values;
};

// A benchmark's buffers: inputs in the pipeline's buffer order, and the output.
struct BenchBuffers {
  std::vector<Halide::Buffer<>> inputs;
  Halide::Buffer<float> output;
};

// An autoscheduler's schedule of a kernel as bert-tune reads it back (tune/StartPoints.cpp), asked
// by stage ("out", "acc.update(0)") and by the algorithm's own loop variables ("n", "t").
class ScheduleReading {
public:
  virtual ~ScheduleReading() = default;
  virtual bool scheduled(const std::string& stage) const = 0;
  // The widest split of `var`, or 0.
  virtual int widestSplit(const std::string& stage, const std::string& var) const = 0;
  // The innermost split of `var` whose inner loop is unrolled (a register tile), else the widest
  // split, else 0.
  virtual int registerTile(const std::string& stage, const std::string& var) const = 0;
  virtual bool parallelOver(const std::string& stage, const std::string& var) const = 0;
  // The widest split of a loop other than `vars` (a reduction), or 0.
  virtual int widestSplitOtherThan(const std::string& stage,
                                   const std::vector<std::string>& vars) const = 0;
};

class KernelKind {
public:
  virtual ~KernelKind() = default;

  // The op it computes (KernelSpec::op); one kind per op.
  virtual KernelOp op() const = 0;
  const char* name() const { return kernelOpName(op()); }

  // Bump whenever the algorithm (not its schedule) changes: schedule entries are pinned to it.
  virtual int algorithmVersion(const KernelSpec& /*kernel*/) const { return 1; }

  // The algorithm, then its schedule from `schedule`; with no schedule (nullptr) every Func is
  // left inline or at root, as Halide's autoschedulers want their input.
  virtual KernelPipeline build(const KernelSpec& kernel, const ScheduleParams* schedule,
                               const Halide::Target& target) const = 0;

  virtual CallingConvention callingConvention() const { return CallingConvention::Rows; }

  // The layout the runtime gives weight operand `operand`: 0 for the tensor as stored, or P for
  // [ceil(N / P), K, P] panels packed once at load (bertc_arg_desc panel).
  virtual int weightPanel(const KernelSpec& /*kernel*/, size_t /*operand*/) const { return 0; }
  // The buffers the kernel reads weight operand `operand` as, in its argument order, each a
  // bertc_weight_format the runtime converts the f32 checkpoint tensor into at load (an int8
  // dense reads its weights as s8 values and f32 scales: two arguments for one operand).
  virtual std::vector<int> weightFormats(const KernelSpec& /*kernel*/, size_t /*operand*/) const {
    return {BERTC_WEIGHT_F32};
  }
  // Rows past the request's rows, rounded up to the row granule, that the kernel may read from
  // its row operands or write to its results under any valid schedule. The compiler carries it
  // on the kernel (bert.row_slack, then KernelSpec::rowSlack) and the buffer planner leaves that
  // much room in each buffer the kernel touches. Default: none.
  virtual int rowSlack(const KernelSpec& /*kernel*/) const { return 0; }

  // The fields bert-tune crosses for this kernel; the rest stay at their defaults. Default: the
  // rows per parallel task.
  virtual std::vector<SearchField> searchFields(const KernelSpec& kernel,
                                                const std::string& target) const;
  // Whether a point of the search is worth compiling (a register tile that fits, say).
  virtual bool worthTrying(const ScheduleParams& /*p*/, const std::string& /*target*/) const {
    return true;
  }
  // The searched fields' values in a few characters, for bert-tune's report.
  virtual std::string describeSchedule(const ScheduleParams& p) const;
  // The value of each schedule field an autoscheduler's schedule implies (by field name; fields
  // it does not touch are absent), for bert-tune's starting points. Default: the rows per
  // parallel task, the widest split of `out`'s rows.
  virtual std::map<std::string, int> readSchedule(const ScheduleReading& schedule) const;

  // Random inputs of the shapes the kernel sees on `rows` rows, and its output buffer.
  virtual BenchBuffers benchBuffers(const KernelSpec& kernel, int rows, BenchFill& fill) const = 0;
  // Floating-point operations of one run on `rows` rows (a multiply-add counts 2); 0 for the
  // memory-bound kinds, which the report gives in ms only.
  virtual double flops(const KernelSpec& /*kernel*/, int64_t /*rows*/) const { return 0; }
};

// The registry. Throws Halide::CompileError naming the op when no kind computes it.
const KernelKind& kernelKindOf(const KernelSpec& kernel);

// A hash of the algorithm `kernel` compiles to: its key and its kind's algorithm version.
// Schedule entries are pinned to it, so editing an algorithm (and bumping its version) marks
// every entry tuned for the old one as stale.
std::string kernelAlgorithmHash(const KernelSpec& kernel);

// Shorthands for the kind's methods.
int weightPanel(const KernelSpec& kernel, size_t operand);
std::vector<int> weightFormats(const KernelSpec& kernel, size_t operand);
int rowSlack(const KernelSpec& kernel);
KernelPipeline buildKernelPipeline(const KernelSpec& kernel, const ScheduleParams& schedule,
                                   const Halide::Target& target);
KernelPipeline buildUnscheduledPipeline(const KernelSpec& kernel, const Halide::Target& target);

} // namespace bertc
