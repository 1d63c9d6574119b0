// Runs one kernel's Halide pipelines on the shapes it sees in the model (random inputs, fixed
// by a seed), JIT-compiled for the target the library is built for: times them and checks their
// output against the default schedule's. Halide errors are thrown as Halide::Error.
#pragma once

#include "codegen/kernels/KernelKind.h"
#include "manifest/KernelManifest.h"

#include <Halide.h>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace bertc::tune {

struct TuneKernel;
struct Record;

struct Timing {
  std::vector<double> samplesMs;
  double medianMs = 0;
  bool remeasured = false;
};

class KernelBench {
public:
  // `coldWeights`: every timed run starts with the kernel's weight buffers flushed from the
  // caches, as a model whose weights exceed the last-level cache finds them.
  KernelBench(const KernelSpec& kernel, int64_t rows, const Halide::Target& target,
              bool coldWeights = false);

  // JIT-compiles `p` (not timed), then times it: warm-up, repeated runs, median; a set of
  // samples spread too widely is measured again. The output stays in output().
  Timing time(KernelPipeline& p);
  const Halide::Buffer<float>& output() const { return output_; }
  // Size estimates of every input and the output, which Halide's autoschedulers need.
  void setEstimates(KernelPipeline& p) const;

private:
  void runOnce(KernelPipeline& p, const Halide::ParamMap& params);
  void flushWeights() const;

  KernelSpec kernel_;
  int64_t rows_;
  Halide::Target target_;
  std::vector<Halide::Buffer<>> inputs_; // in the pipeline's buffer argument order
  std::vector<size_t> coldInputs_;       // indices of the weight buffers flushed before a run
  Halide::Buffer<float> output_;
};

// Floating-point operations of one run on `rows` rows (a multiply-add counts 2); 0 for the
// memory-bound kinds, which the report gives in ms only.
double kernelFlops(const KernelSpec& kernel, int64_t rows);

using PipelineFactory =
    std::function<KernelPipeline(const KernelSpec&, const ScheduleParams&, const Halide::Target&)>;

// The Evaluator bert-tune uses: candidates built by `factory` (buildKernelPipeline, or a test's
// deliberately wrong one), measured, and rejected when their output differs from the default
// schedule's by more than 1e-4 relative to the output's largest magnitude.
class HalideEvaluator {
public:
  HalideEvaluator(const Halide::Target& target, int threads, PipelineFactory factory = {});

  Record evaluate(const TuneKernel& kernel, const ScheduleParams& params);
  // An autoscheduler's schedule (e.g. "Adams2019") of the kernel's bare algorithm, timed and
  // checked the same way; the record's scheduler field names it.
  Record baseline(const TuneKernel& kernel, const std::string& scheduler);

private:
  struct Bench {
    std::unique_ptr<KernelBench> bench;
    Halide::Buffer<float> reference; // the default schedule's output
  };
  Bench& benchFor(const TuneKernel& kernel);
  void check(Bench& b, Record& r) const;
  template <class Prepare> void measure(const TuneKernel& kernel, Record& r, Prepare prepare);

  Halide::Target target_;
  int threads_;
  PipelineFactory factory_;
  std::map<std::string, Bench> benches_;
};

} // namespace bertc::tune
