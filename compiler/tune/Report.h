// What bert-tune prints at the end (a per-kernel table: default, tuned and autoscheduled times,
// GFLOP/s, share of model time) and the SVG of the search curve (--plot).
#pragma once

#include "tune/Records.h"
#include "tune/Tuner.h"

#include <string>
#include <vector>

namespace bertc::tune {

struct KernelFigures {
  const TuneKernel* kernel = nullptr;
  double flops = 0;                     // per run, 0 for memory-bound kernels
  const Record* defaultRun = nullptr;   // the default schedule's measurement
  const Record* tuned = nullptr;        // the chosen candidate (nullptr: the default)
  std::vector<const Record*> baselines; // one per autoscheduler, in report order (may be null)
};

struct ReportSummary {
  std::vector<std::string> schedulers; // the baselines' names, in column order
  double tunedModelMs = 0, defaultModelMs = 0;
  std::vector<double> baselineModelMs; // per scheduler; the tuned total over the same kernels
  std::vector<double> tunedOverSameKernelsMs;
};

ReportSummary summarize(const std::vector<KernelFigures>& kernels,
                        const std::vector<std::string>& schedulers);
std::string reportTable(const std::vector<KernelFigures>& kernels, const ReportSummary& summary);

// The best weighted model time against elapsed tuning time, with the default schedule's and each
// autoscheduler's weighted time as horizontal reference lines.
std::string curveSvg(const std::vector<CurvePoint>& curve, const ReportSummary& summary,
                     const std::string& title);

} // namespace bertc::tune
