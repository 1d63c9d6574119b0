// Tests that the search proposes the same candidates in the same order for a seed (and another
// order for another seed), given the same measurements; that every kernel's default comes first,
// then its starting points; that it stops starting candidates once the budget is spent; and that
// --resume replays what the records file holds without measuring it again and ends where an
// uninterrupted run ends.
// Measurements and the clock are fakes: no timing is asserted.
#include "TuneTestKernels.h"
#include "tune/Tuner.h"

#include <filesystem>
#include <gtest/gtest.h>

namespace bertc::tune {
namespace {

using testing::denseSpec;
using testing::layerNormSpec;
using testing::makeKernel;

std::vector<TuneKernel> kernels() {
  return {makeKernel(denseSpec(128, 512, "gelu")), makeKernel(denseSpec(512, 128)),
          makeKernel(layerNormSpec(128))};
}

// A fake machine: each measurement takes one second, and the time is a fixed function of the
// parameters (with a distinct optimum per kernel kind).
struct FakeBench {
  double now = 0;
  int evaluations = 0;
  TuneOptions options(double budget, uint64_t seed) {
    TuneOptions o;
    o.budgetS = budget;
    o.seed = seed;
    o.clock = [this] { return now; };
    return o;
  }
  Evaluator evaluator() {
    return [this](const TuneKernel& k, const ScheduleParams& p) {
      now += 1;
      ++evaluations;
      Record r;
      r.samplesMs = {1, 2, 3};
      r.medianMs = k.spec.op == KernelOp::Dense
                       ? 1 + std::abs(p.denseOutputTile - 64) / 16.0 +
                             std::abs(p.denseRowTile - 4) + 1.0 / p.denseKUnroll
                       : 0.1 + std::abs(p.rowTile - 2) * 0.01;
      return r;
    };
  }
};

std::vector<std::string> order(const RecordsFile& f) {
  std::vector<std::string> out;
  for (const Record& r : f.records())
    out.push_back(r.kernel + " " + paramsText(r.params));
  return out;
}

std::string tempPath(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          (name + "-" + std::to_string(::getpid()) + ".jsonl"))
      .string();
}

std::vector<std::string> run(double budget, uint64_t seed, int* evaluations = nullptr) {
  const std::vector<TuneKernel> ks = kernels();
  FakeBench bench;
  RecordsFile records; // in memory
  TuneResult r = runSearch(ks, bench.options(budget, seed), bench.evaluator(), records);
  EXPECT_TRUE(r.error.empty()) << r.error;
  if (evaluations)
    *evaluations = bench.evaluations;
  return order(records);
}

TEST(Search, SameSeedSameCandidateOrder) {
  const std::vector<std::string> a = run(40, 7), b = run(40, 7), c = run(40, 8);
  ASSERT_EQ(a.size(), 40u); // one fake second each: the 40th starts at 39 s
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
}

TEST(Search, DefaultsFirstThenNoCandidateAfterTheBudget) {
  const std::vector<TuneKernel> ks = kernels();
  const std::vector<std::string> a = run(1, 3); // the defaults are measured whatever the budget
  ASSERT_EQ(a.size(), ks.size());
  for (size_t i = 0; i < ks.size(); ++i)
    EXPECT_EQ(a[i], ks[i].spec.name + " " + paramsText(ks[i].space.points[0]));
}

TEST(Search, StartingPointsComeRightAfterTheDefaultsAndLeadTheSearch) {
  std::vector<TuneKernel> ks = kernels();
  // Start the first dense kernel at its fake optimum (64 x 4, k8) and the second one elsewhere.
  auto indexOf = [](const TuneKernel& k, int tile, int rows, int unroll) {
    for (size_t i = 0; i < k.space.points.size(); ++i)
      if (k.space.points[i].denseOutputTile == tile && k.space.points[i].denseRowTile == rows &&
          k.space.points[i].denseKUnroll == unroll)
        return i;
    ADD_FAILURE() << "no point " << tile << "x" << rows << " k" << unroll;
    return size_t(0);
  };
  ks[0].starts = {indexOf(ks[0], 64, 4, 8)};
  ks[1].starts = {indexOf(ks[1], 16, 1, 1), indexOf(ks[1], 32, 2, 2)};
  FakeBench bench;
  RecordsFile records;
  runSearch(ks, bench.options(8, 1), bench.evaluator(), records);
  const std::vector<std::string> got = order(records);
  ASSERT_EQ(got.size(), 8u);
  EXPECT_EQ(got[3], ks[0].spec.name + " " + paramsText(ks[0].space.points[ks[0].starts[0]]));
  EXPECT_EQ(got[4], ks[1].spec.name + " " + paramsText(ks[1].space.points[ks[1].starts[0]]));
  EXPECT_EQ(got[5], ks[1].spec.name + " " + paramsText(ks[1].space.points[ks[1].starts[1]]));
  // The first kernel's start is the fake optimum: nothing the search measures after it beats it.
  for (const Record* best : bestPerKernel(records.records())) {
    if (best->kernel == ks[0].spec.name) {
      EXPECT_EQ(paramsText(best->params), paramsText(ks[0].space.points[ks[0].starts[0]]));
    }
  }
}

TEST(Search, FindsTheFakeOptimumWhenTheSpaceIsSmall) {
  const std::vector<TuneKernel> ks = kernels();
  FakeBench bench;
  RecordsFile records;
  TuneResult r = runSearch(ks, bench.options(1e9, 1), bench.evaluator(), records);
  EXPECT_TRUE(r.exhausted);
  size_t total = 0;
  for (const TuneKernel& k : ks)
    total += k.space.points.size();
  EXPECT_EQ(size_t(bench.evaluations), total); // every point once, none twice
  for (const Record* best : bestPerKernel(records.records())) {
    if (best->kernel.rfind("dense", 0) == 0) {
      EXPECT_EQ(best->params.denseOutputTile, 64);
      EXPECT_EQ(best->params.denseRowTile, 4);
      EXPECT_EQ(best->params.denseKUnroll, 8);
    } else {
      EXPECT_EQ(best->params.rowTile, 2);
    }
  }
}

TEST(Search, ResumeReplaysRecordsAndEndsLikeAnUninterruptedRun) {
  const std::vector<TuneKernel> ks = kernels();
  const std::string path = tempPath("bert-tune-resume");
  int uninterruptedEvaluations = 0;
  const std::vector<std::string> uninterrupted = run(30, 5, &uninterruptedEvaluations);

  { // interrupted after 12 s
    FakeBench bench;
    RecordsFile records;
    std::string error;
    ASSERT_TRUE(records.create(path, MachineInfo{"cpu", 2, 2, testing::testTarget()}, error));
    runSearch(ks, bench.options(12, 5), bench.evaluator(), records);
    ASSERT_EQ(records.records().size(), 12u);
  }
  FakeBench bench;
  RecordsFile records;
  std::string error;
  ASSERT_TRUE(records.load(path, error)) << error;
  ASSERT_EQ(records.records().size(), 12u);
  TuneResult r = runSearch(ks, bench.options(30, 5), bench.evaluator(), records);
  EXPECT_EQ(r.replayed, 12);
  EXPECT_EQ(bench.evaluations, uninterruptedEvaluations - 12); // nothing measured twice
  EXPECT_EQ(order(records), uninterrupted);

  // The file now holds the whole run: loading it again gives the same records and choice.
  RecordsFile again;
  ASSERT_TRUE(again.load(path, error)) << error;
  EXPECT_EQ(order(again), uninterrupted);
  const auto a = bestPerKernel(records.records()), b = bestPerKernel(again.records());
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i)
    EXPECT_EQ(paramsText(a[i]->params), paramsText(b[i]->params));
  std::filesystem::remove(path);
}

} // namespace
} // namespace bertc::tune
