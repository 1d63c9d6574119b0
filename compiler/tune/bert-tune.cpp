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
#include "tune/TuneSession.h"

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
  std::string weights = "auto"; // WeightTiming
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

// Halide's autoschedulers whose plugins load (none with --no-baselines).
std::vector<std::string> loadSchedulers(const Options& o) {
  std::vector<std::string> schedulers;
  for (const std::string& name : o.noBaselines ? std::vector<std::string>{} : kSchedulers) {
    const std::string lib = o.pluginDir + "/libautoschedule_" +
                            (name == "Adams2019" ? "adams2019" : "mullapudi2016") + ".so";
    try {
      Halide::load_plugin(lib);
      schedulers.push_back(name);
    } catch (const Halide::Error& e) {
      std::cerr << "bert-tune: warning: cannot load " << lib << ": " << e.what() << "\n";
    }
  }
  return schedulers;
}

struct RunFigures {
  TuneResult result;
  std::vector<std::string> schedulers;
  double baselinesS = 0;
  size_t starts = 0;
};

// Baselines first: Halide's autoschedulers on the bare algorithms (not part of the search
// budget; replayed from the records on --resume). Their schedules projected onto each kernel's
// space are the search's starting points. Then the search.
bool measureAndSearch(const Options& o, double budgetS, std::vector<TuneKernel>& kernels,
                      RecordsFile& records, RunFigures& run) {
  HalideEvaluator evaluator(Halide::Target(o.target), o.threads);
  const bool tty = isatty(STDERR_FILENO);
  std::string error;
  run.schedulers = loadSchedulers(o);
  const auto baselinesStart = std::chrono::steady_clock::now();
  const bool measured = measureBaselines(kernels, run.schedulers, evaluator, records, error,
                                         [&](const std::string& s, const TuneKernel& k) {
                                           if (tty)
                                             std::fprintf(stderr, "\rbaseline %s: %s\033[K",
                                                          s.c_str(), k.spec.name.c_str());
                                         });
  if (tty && !run.schedulers.empty())
    std::fprintf(stderr, "\n");
  if (!measured) {
    std::cerr << error << "\n";
    return false;
  }
  run.baselinesS =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - baselinesStart).count();
  for (TuneKernel& k : kernels) {
    k.starts = startPoints(k, records.records(), run.schedulers);
    run.starts += k.starts.size();
  }
  TuneOptions options;
  options.budgetS = budgetS;
  options.seed = o.seed;
  if (tty)
    options.onProgress = drawProgress;
  run.result = runSearch(
      kernels, options,
      [&](const TuneKernel& k, const ScheduleParams& p) { return evaluator.evaluate(k, p); },
      records);
  if (tty)
    std::fprintf(stderr, "\n");
  if (!run.result.error.empty())
    std::cerr << run.result.error << "\n";
  return run.result.error.empty();
}

void printReport(const Options& o, double budgetS, const KernelManifest& manifest,
                 const MachineInfo& machine, const std::vector<Record>& records,
                 const RunFigures& run, const std::vector<KernelFigures>& figures,
                 const ReportSummary& summary, bool coldWeights) {
  int rejected = 0, failed = 0;
  for (const Record& r : records) {
    rejected += r.scheduler.empty() && r.status == Status::Rejected;
    failed += r.scheduler.empty() && r.status == Status::Failed;
  }
  const TuneResult& result = run.result;
  std::cout << "bert-tune: " << manifest.model << " on " << o.target << ", " << o.threads
            << " threads, " << machine.cpu << ", seed " << o.seed << ", batch " << o.batch << " x "
            << manifest.maxSeqLen << " tokens, weights "
            << (coldWeights ? "flushed from the caches before each run" : "left in the caches")
            << " (the model reads " << (modelWeightBytes(manifest) >> 20)
            << " MiB of them a request; last-level cache " << (lastLevelCacheBytes() >> 20)
            << " MiB)\n"
            << "search: " << result.measured << " candidates measured, " << result.replayed
            << " replayed from " << o.records << " (" << rejected << " rejected, " << failed
            << " failed in the records), " << formatDuration(result.elapsedS) << " of a "
            << formatDuration(budgetS) << " budget"
            << (result.exhausted ? " (every candidate measured)" : "")
            << (run.schedulers.empty() ? "; no baselines"
                                       : "; baselines " + formatDuration(run.baselinesS) + " (" +
                                             std::to_string(run.starts) + " starting points)")
            << "\n\n"
            << reportTable(figures, summary) << "schedule: " << o.output << "\n";
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
  const WeightTiming timing = o.weights == "cold"   ? WeightTiming::Cold
                              : o.weights == "warm" ? WeightTiming::Warm
                                                    : WeightTiming::Auto;
  std::vector<TuneKernel> kernels = tuneKernels(manifest, o.target, o.batch, timing);
  RecordsFile records;
  const MachineInfo machine = describeThisMachine(o.threads, o.target);
  std::vector<std::string> warnings;
  const int opened =
      openRecords(o.records, o.resume, machine, kernels, o.batch, records, error, warnings);
  for (const std::string& w : warnings)
    std::cerr << w << "\n";
  if (opened != 0) {
    std::cerr << error << "\n";
    return opened;
  }
  RunFigures run;
  if (!measureAndSearch(o, budgetS, kernels, records, run))
    return 1;
  const std::vector<KernelFigures> figures =
      kernelFigures(kernels, records.records(), run.schedulers);
  std::vector<const Record*> chosen;
  for (const KernelFigures& f : figures)
    if (f.tuned)
      chosen.push_back(f.tuned);
  if (!writeText(o.output, scheduleFileText(scheduleFrom(chosen, o.target))))
    return 1;
  const ReportSummary summary = summarize(figures, run.schedulers);
  const bool coldWeights = std::any_of(kernels.begin(), kernels.end(),
                                       [](const TuneKernel& k) { return k.coldWeights; });
  printReport(o, budgetS, manifest, machine, records.records(), run, figures, summary, coldWeights);
  const std::string title = "bert-tune " + manifest.model + ": best weighted model time";
  return o.plot.empty() || writeText(o.plot, curveSvg(run.result.curve, summary, title)) ? 0 : 1;
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
  app.add_option(
         "--weights", o.weights,
         "Time kernels with their weights flushed from the caches (cold), left in them "
         "(warm), or cold when the model's weights exceed a quarter of the last-level cache "
         "(auto, default)")
      ->check(CLI::IsMember({"auto", "cold", "warm"}));
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
