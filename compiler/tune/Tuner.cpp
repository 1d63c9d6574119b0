#include "tune/Tuner.h"

#include "support/SeededRandom.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <map>

namespace bertc::tune {
namespace {

constexpr double kNeighbourChance = 0.7; // else a random unmeasured point (escapes local minima)
constexpr double kMinDrawShare = 0.03;   // small kernels still get an occasional candidate
constexpr double kInf = std::numeric_limits<double>::infinity();

struct KernelState {
  std::vector<bool> measured;
  size_t remaining = 0;
  size_t best = 0;
  double bestMs = kInf, defaultMs = kInf;
  bool failed = false; // the default schedule failed: the kernel is left out of model time
};

std::string candidateId(const std::string& key, const std::string& algorithm,
                        const ScheduleParams& p) {
  return key + "\n" + algorithm + "\n" + paramsText(p);
}

class Search {
public:
  Search(const std::vector<TuneKernel>& kernels, const TuneOptions& options,
         const Evaluator& evaluate, RecordsFile& records)
      : kernels_(kernels), options_(options), evaluate_(evaluate), records_(records),
        rng_(options.seed, /*stream=*/0x7475) {
    for (const TuneKernel& k : kernels) {
      KernelState s;
      s.measured.assign(k.space.points.size(), false);
      s.remaining = k.space.points.size();
      states_.push_back(s);
    }
    for (const Record& r : records.records())
      if (r.scheduler.empty())
        replay_.emplace(candidateId(r.key, r.algorithm, r.params), r);
    start_ = now();
  }

  TuneResult run() {
    // Every kernel's default first, whatever the budget: the reference outputs, the weights of
    // the draw below, and an entry for every kernel in the schedule written.
    for (size_t k = 0; k < kernels_.size(); ++k)
      if (!step(k, 0, /*force=*/true))
        return finish();
    for (size_t k = 0; k < kernels_.size(); ++k)
      for (size_t i : kernels_[k].starts)
        if (i < states_[k].measured.size() && !states_[k].measured[i] && !step(k, i))
          return finish();
    while (result_.error.empty()) {
      std::vector<double> weights(kernels_.size(), 0.0);
      const double total = modelMs(kernels_, defaults());
      double sum = 0;
      for (size_t k = 0; k < kernels_.size(); ++k) {
        if (states_[k].remaining == 0)
          continue;
        const double share = double(kernels_[k].spec.calls) * states_[k].defaultMs / total;
        weights[k] = std::max(std::isfinite(share) ? share : 0.0, kMinDrawShare);
        sum += weights[k];
      }
      if (sum == 0) {
        result_.exhausted = true;
        break;
      }
      size_t k = 0;
      for (double x = rng_.uniform01() * sum; k + 1 < kernels_.size(); ++k) {
        if (x < weights[k])
          break;
        x -= weights[k];
      }
      while (states_[k].remaining == 0) // rounding at the top end
        --k;
      if (!step(k, pick(k)))
        break;
    }
    return finish();
  }

private:
  double now() const {
    if (options_.clock)
      return options_.clock();
    using namespace std::chrono;
    return duration<double>(steady_clock::now().time_since_epoch()).count();
  }
  double elapsed() const { return base_ + now() - start_; }

  std::vector<double> defaults() const {
    std::vector<double> d;
    for (const KernelState& s : states_)
      d.push_back(s.failed ? 0.0 : s.defaultMs);
    return d;
  }

  // A neighbour of the best point not measured yet, or else any point not measured yet.
  size_t pick(size_t k) {
    const KernelState& s = states_[k];
    const bool nearBest = rng_.uniform01() < kNeighbourChance;
    std::vector<size_t> open;
    for (size_t n : kernels_[k].space.neighbours[s.best])
      if (!s.measured[n])
        open.push_back(n);
    if (nearBest && !open.empty())
      return open[rng_.below(open.size())];
    size_t nth = rng_.below(s.remaining);
    for (size_t i = 0; i < s.measured.size(); ++i)
      if (!s.measured[i] && nth-- == 0)
        return i;
    return 0; // unreachable: remaining counts the unmeasured points
  }

  // Measures (or replays) point `i` of kernel `k`; false when the search must stop.
  bool step(size_t k, size_t i, bool force = false) {
    const TuneKernel& kernel = kernels_[k];
    const ScheduleParams& p = kernel.space.points[i];
    Record r;
    if (auto it = replay_.find(candidateId(kernel.spec.key, kernel.algorithm, p));
        it != replay_.end()) {
      r = it->second;
      base_ = std::max(base_, r.elapsedS);
      start_ = now();
      ++result_.replayed;
    } else {
      if (!force && elapsed() >= options_.budgetS)
        return false;
      r = evaluate_(kernel, p);
      r.seq = int(records_.records().size());
      r.kernel = kernel.spec.name;
      r.key = kernel.spec.key;
      r.algorithm = kernel.algorithm;
      r.scheduler.clear();
      r.params = p;
      r.rows = kernel.rows;
      r.coldWeights = kernel.coldWeights;
      r.elapsedS = elapsed();
      if (!records_.append(r, result_.error))
        return false;
      ++result_.measured;
    }
    observe(k, i, r);
    if (options_.onProgress)
      options_.onProgress(progress());
    return true;
  }

  void observe(size_t k, size_t i, const Record& r) {
    KernelState& s = states_[k];
    if (!s.measured[i]) {
      s.measured[i] = true;
      --s.remaining;
    }
    const bool valid = r.status == Status::Valid;
    if (i == 0 && !valid) { // no reference: nothing else of this kernel can be checked
      std::fill(s.measured.begin(), s.measured.end(), true);
      s.remaining = 0;
      s.failed = true;
    }
    if (valid && r.medianMs < s.bestMs) {
      s.best = i;
      s.bestMs = r.medianMs;
    }
    if (i == 0)
      s.defaultMs = valid ? r.medianMs : kInf;
    const Progress pr = progress();
    if (pr.bestModelMs > 0 &&
        (result_.curve.empty() || pr.bestModelMs < result_.curve.back().bestModelMs))
      result_.curve.push_back({r.elapsedS, pr.bestModelMs});
  }

  Progress progress() const {
    Progress p;
    p.elapsedS = elapsed();
    p.budgetS = options_.budgetS;
    p.measured = result_.measured;
    p.replayed = result_.replayed;
    std::vector<double> best;
    for (const KernelState& s : states_)
      best.push_back(s.failed ? 0.0 : s.bestMs);
    const double total = modelMs(kernels_, best), totalDefault = modelMs(kernels_, defaults());
    if (std::isfinite(total) && std::isfinite(totalDefault)) {
      p.bestModelMs = total;
      p.defaultModelMs = totalDefault;
    }
    return p;
  }

  TuneResult finish() {
    result_.elapsedS = elapsed();
    if (!result_.curve.empty())
      result_.curve.push_back({result_.elapsedS, result_.curve.back().bestModelMs});
    return result_;
  }

  const std::vector<TuneKernel>& kernels_;
  const TuneOptions& options_;
  const Evaluator& evaluate_;
  RecordsFile& records_;
  support::SeededRandom rng_;
  std::vector<KernelState> states_;
  std::map<std::string, Record> replay_;
  double base_ = 0, start_ = 0;
  TuneResult result_;
};

} // namespace

double modelMs(const std::vector<TuneKernel>& kernels, const std::vector<double>& medians) {
  double total = 0;
  for (size_t k = 0; k < kernels.size() && k < medians.size(); ++k)
    total += double(kernels[k].spec.calls) * medians[k];
  return total;
}

TuneResult runSearch(const std::vector<TuneKernel>& kernels, const TuneOptions& options,
                     const Evaluator& evaluate, RecordsFile& records) {
  return Search(kernels, options, evaluate, records).run();
}

} // namespace bertc::tune
