// bert-tune's records: one JSON object per line (JSONL). The first line describes the machine;
// every other line is one measurement, of a ScheduleParams candidate or of an autoscheduler's
// baseline, appended and flushed as soon as it is taken, so that an interrupted run loses at most
// the candidate in flight and `--resume` / `--from-records` can rebuild everything from the file.
#pragma once

#include "schedules/ScheduleParams.h"

#include <cstdint>
#include <fstream>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace bertc::tune {

struct MachineInfo {
  std::string cpu;    // /proc/cpuinfo's model name
  int cores = 0;      // logical CPUs online
  int threads = 0;    // Halide threads the kernels ran with
  std::string target; // the Halide target string candidates were compiled for
  std::string halide = "14";
};

MachineInfo describeThisMachine(int threads, const std::string& target);

enum class Status { Valid, Rejected, Failed };
const char* toString(Status s);

struct Record {
  int seq = 0;              // order of measurement, from 0
  std::string kernel;       // the kernel's name (for people)
  std::string key;          // the kernel's deduplication key
  std::string algorithm;    // kernelAlgorithmHash when measured
  std::string scheduler;    // "" for a ScheduleParams candidate, else the autoscheduler's name
  ScheduleParams params;    // the candidate; for a baseline, its starting point if hasStart
  bool hasStart = false;    // a baseline projected onto the search space (StartPoints.h)
  int64_t rows = 0;         // rows the kernel ran on
  bool coldWeights = false; // timed with its weights flushed from the caches before each run
  std::vector<double> samplesMs;
  double medianMs = 0;
  Status status = Status::Valid;
  std::string detail;      // why rejected or failed
  double maxAbsDiff = 0;   // against the default schedule's output
  double elapsedS = 0;     // tuning time when the measurement ended (the search clock)
  bool remeasured = false; // the first set of samples was too noisy
};

// The records file: `load` reads an existing one, `append` adds a line and flushes.
class RecordsFile {
public:
  // Starts a new file (truncating) with the machine line.
  bool create(const std::string& path, const MachineInfo& machine, std::string& error);
  // Reads `path`; on success later appends go to its end.
  bool load(const std::string& path, std::string& error);
  bool append(const Record& r, std::string& error);

  const MachineInfo& machine() const { return machine_; }
  const std::vector<Record>& records() const { return records_; }

private:
  std::string path_;
  MachineInfo machine_;
  std::vector<Record> records_;
  std::ofstream out_;
};

std::string recordJson(const Record& r);
std::optional<Record> recordFromJson(const std::string& line, std::string& error);

// Candidates are identified by this text of the parameters (also how the search dedups them).
std::string paramsText(const ScheduleParams& p);

// The best valid ScheduleParams candidate among the records `which` accepts: lowest median, the
// earlier record on ties; nullptr if there is none.
const Record* bestCandidate(const std::vector<Record>& records,
                            const std::function<bool(const Record&)>& which);

// bestCandidate of each kernel key, for the algorithm its latest record was timed for, in the
// order keys first appear. The rule --from-records applies.
std::vector<const Record*> bestPerKernel(const std::vector<Record>& records);

} // namespace bertc::tune
