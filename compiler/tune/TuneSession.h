// The steps of one bert-tune run between reading the model and printing the report, as library
// functions the tests reach: open (or resume) the records, measure the autoscheduler baselines,
// take their starting points, and gather each kernel's figures and chosen schedule.
#pragma once

#include "schedules/ScheduleFile.h"
#include "tune/KernelBench.h"
#include "tune/Records.h"
#include "tune/Report.h"

#include <functional>
#include <string>
#include <vector>

namespace bertc::tune {

// Starts `path` afresh (it must not exist: `error`, status 2) or, with `resume`, loads it and
// checks that it was taken for this target and the rows of `kernels`, timed for `batch`
// sequences (anything else is another request: `error`, status 1). A different CPU or thread
// count is only a warning. Returns 0 on success.
int openRecords(const std::string& path, bool resume, const MachineInfo& machine,
                const std::vector<TuneKernel>& kernels, int64_t batch, RecordsFile& records,
                std::string& error, std::vector<std::string>& warnings);

// Measures each scheduler's baseline of each kernel that `records` lacks, appending each as it
// is taken. `onKernel(scheduler, kernel)` is called before each. False with `error`.
bool measureBaselines(const std::vector<TuneKernel>& kernels,
                      const std::vector<std::string>& schedulers, HalideEvaluator& evaluator,
                      RecordsFile& records, std::string& error,
                      const std::function<void(const std::string&, const TuneKernel&)>& onKernel);

// The starting points the baselines in `records` give kernel `k` (StartPoints.h), as indices
// into its space in scheduler order: no repeats, and not the default, which is measured first.
std::vector<size_t> startPoints(const TuneKernel& k, const std::vector<Record>& records,
                                const std::vector<std::string>& schedulers);

// Each kernel's report figures from the records of its key and algorithm: its default run, its
// best valid candidate (bestCandidate), its baselines in scheduler order.
std::vector<KernelFigures> kernelFigures(const std::vector<TuneKernel>& kernels,
                                         const std::vector<Record>& records,
                                         const std::vector<std::string>& schedulers);

// The schedule file of `best` records, in that order.
ScheduleFile scheduleFrom(const std::vector<const Record*>& best, const std::string& target);

} // namespace bertc::tune
