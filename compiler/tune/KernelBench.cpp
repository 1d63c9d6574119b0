#include "tune/KernelBench.h"

#include "support/Hash.h"
#include "tune/StartPoints.h"
#include "tune/Tuner.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <emmintrin.h>
#include <fcntl.h>
#include <random>
#include <unistd.h>

namespace bertc::tune {
namespace {

using Halide::Buffer;

double seconds() {
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : 0.5 * (v[v.size() / 2 - 1] + v[v.size() / 2]);
}

// Interquartile range over the median: above kNoisy, the set is measured again.
double spread(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const double q1 = v[v.size() / 4], q3 = v[v.size() * 3 / 4];
  return (q3 - q1) / median(v);
}

// Silences stderr while alive: the autoschedulers print their search passes there.
class QuietStderr {
public:
  QuietStderr() : saved_(dup(STDERR_FILENO)) {
    const int null = open("/dev/null", O_WRONLY);
    if (null >= 0) {
      dup2(null, STDERR_FILENO);
      close(null);
    }
  }
  ~QuietStderr() {
    if (saved_ >= 0) {
      dup2(saved_, STDERR_FILENO);
      close(saved_);
    }
  }
  QuietStderr(const QuietStderr&) = delete;
  QuietStderr& operator=(const QuietStderr&) = delete;

private:
  int saved_;
};

constexpr double kNoisy = 0.10;
constexpr double kSampleS = 2e-4;  // runs per sample are batched up to this long
constexpr double kSamplesS = 0.15; // time spent on samples of one candidate, about
constexpr int kMinSamples = 7, kMaxSamples = 25;
constexpr size_t kCacheLine = 64;

} // namespace

KernelBench::KernelBench(const KernelSpec& k, int64_t rows, const Halide::Target& target,
                         bool coldWeights)
    : kernel_(k), rows_(rows), target_(target) {
  BenchFill fill(support::fnv1a64(k.key));
  BenchBuffers buffers = kernelKindOf(k).benchBuffers(k, int(rows), fill);
  inputs_ = std::move(buffers.inputs);
  output_ = std::move(buffers.output);
  // Buffers follow the operands, a weight operand taking one buffer per load-time format.
  size_t buffer = 0;
  for (size_t i = 0; i < k.operands.size(); ++i) {
    const bool weight = i < k.operandIsWeight.size() && k.operandIsWeight[i];
    const size_t n = weight ? weightFormats(k, i).size() : 1;
    for (size_t j = 0; j < n && buffer < inputs_.size(); ++j, ++buffer)
      if (weight && coldWeights)
        coldInputs_.push_back(buffer);
  }
}

void KernelBench::runOnce(KernelPipeline& p, const Halide::ParamMap& params) {
  p.pipeline.realize(output_, target_, params);
}

void KernelBench::flushWeights() const {
  for (size_t i : coldInputs_) {
    const uint8_t* bytes = inputs_[i].raw_buffer()->host;
    const size_t size = inputs_[i].size_in_bytes();
    for (size_t offset = 0; offset < size; offset += kCacheLine)
      _mm_clflush(bytes + offset);
  }
  _mm_mfence(); // the flushes are done before the run reads
}

Timing KernelBench::time(KernelPipeline& p) {
  Halide::ParamMap params;
  for (size_t i = 0; i < p.buffers.size() && i < inputs_.size(); ++i)
    params.set(p.buffers[i], inputs_[i]);
  for (const Halide::Param<int>& s : p.scalars)
    params.set(s, int(rows_)); // attention: one sequence of all the rows
  p.pipeline.compile_jit(target_);
  const bool cold = !coldInputs_.empty();
  runOnce(p, params);
  if (cold)
    flushWeights();
  double t0 = seconds();
  runOnce(p, params);
  const double once = std::max(seconds() - t0, 1e-7);
  // Cold runs are timed one by one, each after its flush (which is not timed).
  const int runs = cold ? 1 : std::clamp(int(kSampleS / once), 1, 1000);
  const int count = std::clamp(int(kSamplesS / (once * runs)), kMinSamples, kMaxSamples);
  auto sample = [&] {
    std::vector<double> ms;
    for (int s = 0; s < count; ++s) {
      if (cold)
        flushWeights();
      const double start = seconds();
      for (int r = 0; r < runs; ++r)
        runOnce(p, params);
      ms.push_back((seconds() - start) * 1e3 / runs);
    }
    return ms;
  };
  Timing t;
  t.samplesMs = sample();
  if (spread(t.samplesMs) > kNoisy) {
    std::vector<double> again = sample();
    t.remeasured = true;
    if (spread(again) < spread(t.samplesMs))
      t.samplesMs = again;
  }
  t.medianMs = median(t.samplesMs);
  return t;
}

void KernelBench::setEstimates(KernelPipeline& p) const {
  auto regionOf = [](const Halide::Buffer<>& b) {
    Halide::Region r;
    for (int d = 0; d < b.dimensions(); ++d)
      r.push_back({b.dim(d).min(), b.dim(d).extent()});
    return r;
  };
  for (size_t i = 0; i < p.buffers.size() && i < inputs_.size(); ++i)
    p.buffers[i].set_estimates(regionOf(inputs_[i]));
  for (Halide::Param<int>& s : p.scalars)
    s.set_estimate(int(rows_));
  p.pipeline.outputs()[0].set_estimates(regionOf(Halide::Buffer<>(output_)));
}

double kernelFlops(const KernelSpec& kernel, int64_t rows) {
  return kernelKindOf(kernel).flops(kernel, rows);
}

HalideEvaluator::HalideEvaluator(const Halide::Target& target, int threads, PipelineFactory factory)
    : target_(target), threads_(threads), factory_(std::move(factory)) {
  if (!factory_)
    factory_ = buildKernelPipeline;
}

HalideEvaluator::Bench& HalideEvaluator::benchFor(const TuneKernel& kernel) {
  auto it = benches_.find(kernel.spec.key);
  if (it != benches_.end())
    return it->second;
  Bench b;
  b.bench = std::make_unique<KernelBench>(kernel.spec, kernel.rows, target_, kernel.coldWeights);
  // The reference is always the real default schedule, whatever the factory builds.
  KernelPipeline p =
      buildKernelPipeline(kernel.spec, defaultSchedule(kernel.spec, target_.to_string()), target_);
  b.bench->time(p);
  b.reference = b.bench->output().copy();
  return benches_.emplace(kernel.spec.key, std::move(b)).first->second;
}

void HalideEvaluator::check(Bench& b, Record& r) const {
  const Halide::Buffer<float>& out = b.bench->output();
  double scale = 1, diff = 0;
  b.reference.for_each_element([&](const int* pos) {
    const double ref = b.reference(pos), got = out(pos);
    scale = std::max(scale, std::abs(ref));
    const double d = std::abs(ref - got);
    diff = std::isnan(d) ? INFINITY : std::max(diff, d);
  });
  r.maxAbsDiff = diff;
  if (diff > 1e-4 * scale) {
    r.status = Status::Rejected;
    r.detail = "output differs from the default schedule's by " + std::to_string(diff) +
               " (tolerance " + std::to_string(1e-4 * scale) + ")";
  }
}

// Times `p` on the kernel's bench and checks its output into `r`; `prepare` schedules it first.
// Any failure (Halide's included) becomes a failed record, never an exception.
template <class Prepare>
void HalideEvaluator::measure(const TuneKernel& kernel, Record& r, Prepare prepare) {
  try {
    Bench& b = benchFor(kernel);
    KernelPipeline p = prepare(b);
    Timing t = b.bench->time(p);
    r.samplesMs = t.samplesMs;
    r.medianMs = t.medianMs;
    r.remeasured = t.remeasured;
    check(b, r);
  } catch (const Halide::Error& e) {
    r.status = Status::Failed;
    r.detail = std::string("Halide: ") + e.what();
  } catch (const std::exception& e) {
    r.status = Status::Failed;
    r.detail = e.what();
  }
}

Record HalideEvaluator::evaluate(const TuneKernel& kernel, const ScheduleParams& params) {
  Record r;
  measure(kernel, r, [&](Bench&) { return factory_(kernel.spec, params, target_); });
  return r;
}

Record HalideEvaluator::baseline(const TuneKernel& kernel, const std::string& scheduler) {
  Record r;
  r.kernel = kernel.spec.name;
  r.key = kernel.spec.key;
  r.algorithm = kernel.algorithm;
  r.scheduler = scheduler;
  r.rows = kernel.rows;
  r.coldWeights = kernel.coldWeights;
  measure(kernel, r, [&](Bench& b) {
    KernelPipeline p = buildUnscheduledPipeline(kernel.spec, target_);
    b.bench->setEstimates(p);
    // The autoschedulers print their search, and Halide warns about some of their choices
    // (storage it will not fold) when compiling: neither is the user's business.
    QuietStderr quiet;
    const double start = seconds();
    // Parallelism = the threads kernels run with; 32 MiB last-level cache; Halide's default
    // balance (40) between a load and an arithmetic operation.
    const Halide::AutoSchedulerResults result =
        p.pipeline.auto_schedule(scheduler, target_, Halide::MachineParams(threads_, 32 << 20, 40));
    r.detail = "autoschedule took " + std::to_string(seconds() - start) + " s";
    // Projected before compiling: a schedule Halide then fails to compile still says where to
    // start.
    if (std::optional<size_t> i =
            projectSchedule(kernel.spec, kernel.space, result.schedule_source)) {
      r.params = kernel.space.points[*i];
      r.hasStart = true;
    }
    p.pipeline.compile_jit(target_); // time() finds it compiled
    return p;
  });
  return r;
}

} // namespace bertc::tune
