// The search, independent of how candidates are measured: a seeded local search over each
// kernel's SearchSpace, kernels drawn in proportion to their share of model time. Given the same
// seed and the same measurements it proposes the same candidates in the same order, which is
// what makes --resume exact: measurements already in the records file are replayed instead of
// taken again, and the search goes on from where the interrupted run stopped.
#pragma once

#include "manifest/KernelManifest.h"
#include "tune/Records.h"
#include "tune/SearchSpace.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace bertc::tune {

struct TuneKernel {
  KernelSpec spec;
  std::string algorithm; // kernelAlgorithmHash(spec)
  int64_t rows = 0;      // rows it is measured on (the model's typical call)
  // The model reads more weight bytes per request than the last-level cache holds, so each
  // call's weights come from memory: the bench flushes them from the caches before every run
  // (timed warm, a dense's tiles were chosen for cache-resident weights and lost end to end).
  bool coldWeights = false;
  SearchSpace space;
  // Points of `space` measured right after the default, before the search proper: the
  // autoschedulers' schedules projected onto the space (StartPoints.h). The search then explores
  // around whichever point is best so far.
  std::vector<size_t> starts;
};

// Measures one candidate: fills samples, median, status, detail and maxAbsDiff. The tuner fills
// the identity fields, seq and elapsed time.
using Evaluator = std::function<Record(const TuneKernel&, const ScheduleParams&)>;

struct Progress {
  double elapsedS = 0, budgetS = 0;
  int measured = 0, replayed = 0;
  double bestModelMs = 0, defaultModelMs = 0; // 0 until every kernel's default is measured
};

struct TuneOptions {
  double budgetS = 0;
  uint64_t seed = 1;
  std::function<double()> clock;                   // seconds; a steady clock when empty
  std::function<void(const Progress&)> onProgress; // after each candidate
};

struct CurvePoint {
  double elapsedS, bestModelMs;
};

struct TuneResult {
  std::vector<CurvePoint> curve; // best weighted model time after each improvement
  int measured = 0, replayed = 0;
  double elapsedS = 0;
  bool exhausted = false; // every point of every space was measured
  std::string error;
};

// Measures every kernel's default schedule, then its starting points, then searches until the
// budget is spent (no candidate starts after it) or every space is exhausted. Measurements found in
// `records` (same key, algorithm and parameters) are replayed; new ones are appended to it.
TuneResult runSearch(const std::vector<TuneKernel>& kernels, const TuneOptions& options,
                     const Evaluator& evaluate, RecordsFile& records);

// Weighted model time: sum over kernels of calls x the median in `medians` (ms).
double modelMs(const std::vector<TuneKernel>& kernels, const std::vector<double>& medians);

} // namespace bertc::tune
