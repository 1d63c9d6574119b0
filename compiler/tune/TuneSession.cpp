#include "tune/TuneSession.h"

#include <algorithm>
#include <filesystem>

namespace bertc::tune {

int openRecords(const std::string& path, bool resume, const MachineInfo& machine,
                const std::vector<TuneKernel>& kernels, int64_t batch, RecordsFile& records,
                std::string& error, std::vector<std::string>& warnings) {
  if (!resume) {
    if (std::filesystem::exists(path)) {
      error = path + ": error: the records file exists; pass --resume to continue it, or remove it";
      return 2;
    }
    return records.create(path, machine, error) ? 0 : 1;
  }
  if (!records.load(path, error))
    return 1;
  const MachineInfo& was = records.machine();
  if (was.target != machine.target) {
    error = path + ": error: records are for target " + was.target + ", not " + machine.target;
    return 1;
  }
  // Measurements at other rows (another --batch), or with the weights in the caches when this
  // run flushes them (or the reverse), are of another situation: never mixed.
  for (const Record& r : records.records())
    for (const TuneKernel& k : kernels) {
      if (r.key != k.spec.key)
        continue;
      if (r.rows != k.rows) {
        error = path + ": error: the records time " + k.spec.name + " on " +
                std::to_string(r.rows) + " rows; this run times it on " + std::to_string(k.rows) +
                " (--batch " + std::to_string(batch) +
                "); resume with the batch they were taken for";
        return 1;
      }
      if (r.coldWeights != k.coldWeights) {
        error = path + ": error: the records time " + k.spec.name + " with its weights " +
                (r.coldWeights ? "flushed from" : "in") + " the caches; this run times them " +
                (k.coldWeights ? "flushed" : "cached") + " (--weights " +
                (r.coldWeights ? "cold" : "warm") + " resumes them)";
        return 1;
      }
    }
  if (was.cpu != machine.cpu || was.threads != machine.threads)
    warnings.push_back(path + ": warning: records were taken on '" + was.cpu + "' with " +
                       std::to_string(was.threads) + " threads; this is '" + machine.cpu +
                       "' with " + std::to_string(machine.threads));
  return 0;
}

bool measureBaselines(const std::vector<TuneKernel>& kernels,
                      const std::vector<std::string>& schedulers, HalideEvaluator& evaluator,
                      RecordsFile& records, std::string& error,
                      const std::function<void(const std::string&, const TuneKernel&)>& onKernel) {
  for (const TuneKernel& k : kernels) {
    for (const std::string& s : schedulers) {
      bool have = false;
      for (const Record& r : records.records())
        have = have || (r.scheduler == s && r.key == k.spec.key && r.algorithm == k.algorithm);
      if (have)
        continue;
      if (onKernel)
        onKernel(s, k);
      Record r = evaluator.baseline(k, s);
      r.seq = int(records.records().size());
      if (!records.append(r, error))
        return false;
    }
  }
  return true;
}

std::vector<size_t> startPoints(const TuneKernel& k, const std::vector<Record>& records,
                                const std::vector<std::string>& schedulers) {
  std::vector<size_t> starts;
  for (const std::string& s : schedulers)
    for (const Record& r : records) {
      if (r.scheduler != s || !r.hasStart || r.key != k.spec.key || r.algorithm != k.algorithm)
        continue;
      auto at = std::find(k.space.points.begin(), k.space.points.end(), r.params);
      const size_t i = size_t(at - k.space.points.begin());
      if (i != 0 && at != k.space.points.end() &&
          std::find(starts.begin(), starts.end(), i) == starts.end())
        starts.push_back(i);
    }
  return starts;
}

std::vector<KernelFigures> kernelFigures(const std::vector<TuneKernel>& kernels,
                                         const std::vector<Record>& records,
                                         const std::vector<std::string>& schedulers) {
  std::vector<KernelFigures> figures;
  for (const TuneKernel& k : kernels) {
    auto ofKernel = [&](const Record& r) {
      return r.key == k.spec.key && r.algorithm == k.algorithm;
    };
    KernelFigures f;
    f.kernel = &k;
    f.flops = kernelFlops(k.spec, k.rows);
    for (const Record& r : records)
      if (ofKernel(r) && r.scheduler.empty() && r.params == k.space.points[0] && !f.defaultRun)
        f.defaultRun = &r;
    f.tuned = bestCandidate(records, ofKernel);
    for (const std::string& s : schedulers) {
      const Record* b = nullptr;
      for (const Record& r : records)
        if (ofKernel(r) && r.scheduler == s)
          b = &r;
      f.baselines.push_back(b);
    }
    figures.push_back(f);
  }
  return figures;
}

ScheduleFile scheduleFrom(const std::vector<const Record*>& best, const std::string& target) {
  ScheduleFile file;
  file.target = target;
  for (const Record* r : best)
    file.entries.push_back({r->kernel, r->key, r->algorithm, r->params, 0});
  return file;
}

} // namespace bertc::tune
