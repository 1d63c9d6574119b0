// bert-tune: searches the schedule parameters of a model's kernels on this machine and writes
// the best as a schedule file for `bertc compile --schedule`. Every measurement goes to a records
// file (JSONL) from which --resume continues and --from-records rebuilds the schedule.
// Exit status: 0 success, 1 failure (diagnostics on stderr), 2 usage error.
#include "codegen/kernels/KernelKind.h"
#include "schedules/ScheduleFile.h"
#include "support/AtomicFile.h"
#include "support/ToolMain.h"
#include "tune/Duration.h"
#include "tune/KernelBench.h"
#include "tune/ModelKernels.h"
#include "tune/Report.h"

#include <CLI/CLI.hpp>
#include <Halide.h>
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <thread>
#include <unistd.h>

namespace {

using namespace bertc;
using namespace bertc::tune;

struct Options {
  std::string model, output, records, plot, fromRecords, budget;
  std::string target = "x86-64-linux-avx512_skylake";
  std::string pluginDir = BERTC_HALIDE_PLUGIN_DIR;
  bool resume = false, noBaselines = false;
  uint64_t seed = 1;
  int64_t batch = 1;
  int threads = int(std::max(1u, std::thread::hardware_concurrency()));
};

const std::vector<std::string> kSchedulers = {"Adams2019", "Mullapudi2016"};

// Whole or not at all (support/AtomicFile.h): a failed write leaves no partial schedule.
bool writeText(const std::string& path, const std::string& text) {
  std::string error = support::writeFileAtomically(path, text);
  if (!error.empty())
    std::cerr << "error: " << error << "\n";
  return error.empty();
}

// The schedule file: each kernel's best valid record, in the order given.
ScheduleFile scheduleFrom(const std::vector<const Record*>& best, const std::string& target) {
  ScheduleFile file;
  file.target = target;
  for (const Record* r : best)
    file.entries.push_back({r->kernel, r->key, r->algorithm, r->params, 0});
  return file;
}

int fromRecords(const Options& o) {
  RecordsFile records;
  std::string error;
  if (!records.load(o.fromRecords, error)) {
    std::cerr << error << "\n";
    return 1;
  }
  std::vector<const Record*> best = bestPerKernel(records.records());
  if (!writeText(o.output, scheduleFileText(scheduleFrom(best, records.machine().target))))
    return 1;
  std::cerr << "bert-tune: " << best.size() << " kernels from " << records.records().size()
            << " records -> " << o.output << "\n";
  return 0;
}

// The starting points the baselines in `records` give kernel `k` (StartPoints.h), as indices
// into its space in scheduler order: no repeats, and not the default, which is measured first.
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

// "[#######.......] 4m10s/10m  183 measured  best 95.31 ms (1.08x default)" on a terminal.
void drawProgress(const Progress& p) {
  constexpr int kWidth = 24;
  const double f = p.budgetS > 0 ? std::min(1.0, p.elapsedS / p.budgetS) : 1.0;
  std::string bar(size_t(f * kWidth), '#');
  bar.resize(kWidth, '.');
  std::fprintf(stderr, "\r[%s] %s/%s  %d measured", bar.c_str(), formatDuration(p.elapsedS).c_str(),
               formatDuration(p.budgetS).c_str(), p.measured);
  if (p.replayed)
    std::fprintf(stderr, " %d replayed", p.replayed);
  if (p.bestModelMs > 0)
    std::fprintf(stderr, "  best %.2f ms (%.2fx default)", p.bestModelMs,
                 p.defaultModelMs / p.bestModelMs);
  std::fprintf(stderr, "\033[K");
}

int runTuning(const Options& o, double budgetS) {
  KernelManifest manifest;
  std::string error;
  if (!loadManifest(o.model, bertcBeside(), manifest, error)) {
    std::cerr << error << "\n";
    return 1;
  }
  if (o.batch > manifest.maxBatch) {
    std::cerr << "bert-tune: error: --batch " << o.batch << " exceeds the model's max_batch ("
              << manifest.maxBatch << ")\n";
    return 2;
  }
  std::vector<TuneKernel> kernels = tuneKernels(manifest, o.target, o.batch);

  RecordsFile records;
  const MachineInfo machine = describeThisMachine(o.threads, o.target);
  if (o.resume) {
    if (!records.load(o.records, error)) {
      std::cerr << error << "\n";
      return 1;
    }
    const MachineInfo& was = records.machine();
    if (was.target != machine.target) {
      std::cerr << o.records << ": error: records are for target " << was.target << ", not "
                << machine.target << "\n";
      return 1;
    }
    // Measurements at other rows (another --batch) are of another request: never mixed.
    for (const Record& r : records.records())
      for (const TuneKernel& k : kernels)
        if (r.key == k.spec.key && r.rows != k.rows) {
          std::cerr << o.records << ": error: the records time " << k.spec.name << " on " << r.rows
                    << " rows; this run times it on " << k.rows << " (--batch " << o.batch
                    << "); resume with the batch they were taken for\n";
          return 1;
        }
    if (was.cpu != machine.cpu || was.threads != machine.threads)
      std::cerr << o.records << ": warning: records were taken on '" << was.cpu << "' with "
                << was.threads << " threads; this is '" << machine.cpu << "' with "
                << machine.threads << "\n";
  } else {
    if (std::filesystem::exists(o.records)) {
      std::cerr << o.records
                << ": error: the records file exists; pass --resume to continue it, or remove it\n";
      return 2;
    }
    if (!records.create(o.records, machine, error)) {
      std::cerr << error << "\n";
      return 1;
    }
  }

  const Halide::Target target(o.target);
  HalideEvaluator evaluator(target, o.threads);
  const bool tty = isatty(STDERR_FILENO);
  // Baselines first: Halide's autoschedulers on the bare algorithms (not part of the search
  // budget; replayed from the records on --resume). Their schedules projected onto each kernel's
  // space are the search's starting points.
  std::vector<std::string> schedulers;
  const auto baselinesStart = std::chrono::steady_clock::now();
  if (!o.noBaselines) {
    for (const std::string& name : kSchedulers) {
      const std::string lib = o.pluginDir + "/libautoschedule_" +
                              (name == "Adams2019" ? "adams2019" : "mullapudi2016") + ".so";
      try {
        Halide::load_plugin(lib);
        schedulers.push_back(name);
      } catch (const Halide::Error& e) {
        std::cerr << "bert-tune: warning: cannot load " << lib << ": " << e.what() << "\n";
      }
    }
  }
  for (const TuneKernel& k : kernels) {
    for (const std::string& s : schedulers) {
      bool have = false;
      for (const Record& r : records.records())
        have = have || (r.scheduler == s && r.key == k.spec.key && r.algorithm == k.algorithm);
      if (have)
        continue;
      if (tty)
        std::fprintf(stderr, "\rbaseline %s: %s\033[K", s.c_str(), k.spec.name.c_str());
      Record r = evaluator.baseline(k, s);
      r.seq = int(records.records().size());
      if (!records.append(r, error)) {
        std::cerr << error << "\n";
        return 1;
      }
    }
  }
  if (tty && !schedulers.empty())
    std::fprintf(stderr, "\n");
  const double baselinesS =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - baselinesStart).count();

  size_t starts = 0;
  for (TuneKernel& k : kernels) {
    k.starts = startPoints(k, records.records(), schedulers);
    starts += k.starts.size();
  }

  TuneOptions options;
  options.budgetS = budgetS;
  options.seed = o.seed;
  if (tty)
    options.onProgress = drawProgress;
  TuneResult result = runSearch(
      kernels, options,
      [&](const TuneKernel& k, const ScheduleParams& p) { return evaluator.evaluate(k, p); },
      records);
  if (tty)
    std::fprintf(stderr, "\n");
  if (!result.error.empty()) {
    std::cerr << result.error << "\n";
    return 1;
  }

  // The choice: the best valid record of each kernel (the rule --from-records applies).
  std::vector<const Record*> best = bestPerKernel(records.records());
  std::vector<KernelFigures> figures;
  std::vector<const Record*> chosen;
  for (const TuneKernel& k : kernels) {
    KernelFigures f;
    f.kernel = &k;
    f.flops = kernelFlops(k.spec, k.rows);
    for (const Record& r : records.records()) {
      if (r.key != k.spec.key || r.algorithm != k.algorithm)
        continue;
      if (r.scheduler.empty() && r.params == k.space.points[0] && !f.defaultRun)
        f.defaultRun = &r;
    }
    for (const Record* r : best)
      if (r->key == k.spec.key && r->algorithm == k.algorithm)
        f.tuned = r;
    for (const std::string& s : schedulers) {
      const Record* b = nullptr;
      for (const Record& r : records.records())
        if (r.scheduler == s && r.key == k.spec.key && r.algorithm == k.algorithm)
          b = &r;
      f.baselines.push_back(b);
    }
    if (f.tuned)
      chosen.push_back(f.tuned);
    figures.push_back(f);
  }
  if (!writeText(o.output, scheduleFileText(scheduleFrom(chosen, o.target))))
    return 1;

  int rejected = 0, failed = 0;
  for (const Record& r : records.records()) {
    rejected += r.scheduler.empty() && r.status == Status::Rejected;
    failed += r.scheduler.empty() && r.status == Status::Failed;
  }
  const ReportSummary summary = summarize(figures, schedulers);
  std::cout << "bert-tune: " << manifest.model << " on " << o.target << ", " << o.threads
            << " threads, " << machine.cpu << ", seed " << o.seed << ", batch " << o.batch << " x "
            << manifest.maxSeqLen << " tokens\n"
            << "search: " << result.measured << " candidates measured, " << result.replayed
            << " replayed from " << o.records << " (" << rejected << " rejected, " << failed
            << " failed in the records), " << formatDuration(result.elapsedS) << " of a "
            << formatDuration(budgetS) << " budget"
            << (result.exhausted ? " (every candidate measured)" : "")
            << (schedulers.empty() ? "; no baselines"
                                   : "; baselines " + formatDuration(baselinesS) + " (" +
                                         std::to_string(starts) + " starting points)")
            << "\n\n"
            << reportTable(figures, summary) << "schedule: " << o.output << "\n";
  if (!o.plot.empty() &&
      !writeText(o.plot, curveSvg(result.curve, summary,
                                  "bert-tune " + manifest.model + ": best weighted model time")))
    return 1;
  return 0;
}

} // namespace

int parseAndRun(int argc, char** argv) {
  CLI::App app{"bert-tune: tune a model's kernel schedules on this machine (docs/schedules.md)"};
  Options o;
  app.add_option("model", o.model, "Model description (YAML), or a kernel manifest (*.json)");
  app.add_option("--budget", o.budget, "Search time: 90s, 10m, 1h, 1h30m (0: replay only)");
  app.add_option("-o,--output", o.output, "Schedule file to write (YAML)")->required();
  app.add_option("--records", o.records,
                 "Records file (JSONL; default: the output path with .records.jsonl)");
  app.add_flag("--resume", o.resume, "Continue the records file: replay, then search on");
  app.add_option("--seed", o.seed, "Seed of the search (default 1)");
  app.add_option("--threads", o.threads, "Threads the kernels run with (default: all CPUs)")
      ->check(CLI::Range(1, 1024));
  app.add_option("--batch", o.batch,
                 "Time kernels for a request of this many max_seq_len sequences (default 1)")
      ->check(CLI::Range(int64_t(1), int64_t(1) << 20));
  app.add_option("--plot", o.plot, "Write the search curve as SVG");
  app.add_option("--from-records", o.fromRecords,
                 "Write the schedule chosen by a records file, measuring nothing");
  app.add_option("--target", o.target, "Halide target (default x86-64-linux-avx512_skylake)");
  app.add_flag(
      "--no-baselines", o.noBaselines,
      "Skip the Adams2019 and Mullapudi2016 baselines (and the starting points they give)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  if (!o.fromRecords.empty())
    return fromRecords(o);
  if (o.model.empty() || o.budget.empty()) {
    std::cerr << "bert-tune: error: MODEL and --budget are required (or --from-records FILE)\n";
    return 2;
  }
  std::string error;
  std::optional<double> budget = parseDuration(o.budget, error);
  if (!budget) {
    std::cerr << "bert-tune: error: --budget: " << error << "\n";
    return 2;
  }
  if (!Halide::Target::validate_target_string(o.target) || o.target.find("host") == 0) {
    std::cerr << "bert-tune: error: --target: '" << o.target
              << "' is not an explicit Halide target (never `host`: docs/schedules.md)\n";
    return 2;
  }
  if (o.records.empty()) {
    std::filesystem::path p(o.output);
    o.records = p.replace_extension(".records.jsonl").string();
  }
  // The JIT's thread pool reads this when it starts (before the first kernel runs).
  setenv("HL_NUM_THREADS", std::to_string(o.threads).c_str(), 1);
  try {
    return runTuning(o, *budget);
  } catch (const Halide::Error& e) {
    std::cerr << "bert-tune: error: Halide: " << e.what() << "\n";
    return 1;
  }
}

int main(int argc, char** argv) {
  // Out of memory, a stray exception or a report that could not be written: status 1.
  return support::runTool("bert-tune", [&] { return parseAndRun(argc, argv); });
}
