// Tests that a bert-tune run's steps hold their rules without measuring anything: records are
// never overwritten and never resumed for another target, another request size or weights timed
// otherwise (cold or cached; a different CPU only warns); baselines give starting points in
// scheduler order without repeats or the default; and each kernel's figures take its default run,
// its best valid candidate and its baselines from records of its own algorithm only.
#include "tune/TuneSession.h"

#include "TuneTestKernels.h"

#include <filesystem>
#include <gtest/gtest.h>
#include <unistd.h>

namespace bertc::tune {
namespace {

std::string tempPath(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          ("tune-session-" + std::to_string(::getpid()) + "-" + name))
      .string();
}

MachineInfo machine(const std::string& cpu = "cpu A", const std::string& target = "t") {
  MachineInfo m;
  m.cpu = cpu;
  m.threads = 2;
  m.target = target;
  return m;
}

Record measured(const TuneKernel& k, size_t point, double ms, Status s = Status::Valid) {
  Record r;
  r.kernel = k.spec.name;
  r.key = k.spec.key;
  r.algorithm = k.algorithm;
  r.params = k.space.points[point];
  r.rows = k.rows;
  r.medianMs = ms;
  r.status = s;
  return r;
}

Record baseline(const TuneKernel& k, const std::string& scheduler, size_t start) {
  Record r = measured(k, start, 9.0);
  r.scheduler = scheduler;
  r.hasStart = true;
  return r;
}

TEST(TuneSession, RecordsAreNeverOverwrittenNorResumedForAnotherRequest) {
  const std::vector<TuneKernel> kernels = {testing::makeKernel(testing::denseSpec(64, 64), 128)};
  const std::string path = tempPath("records.jsonl");
  std::filesystem::remove(path);
  std::string error;
  std::vector<std::string> warnings;
  {
    RecordsFile fresh;
    ASSERT_EQ(openRecords(path, false, machine(), kernels, 1, fresh, error, warnings), 0) << error;
    ASSERT_TRUE(fresh.append(measured(kernels[0], 0, 1.0), error)) << error;
  }
  RecordsFile again;
  EXPECT_EQ(openRecords(path, false, machine(), kernels, 1, again, error, warnings), 2);
  EXPECT_NE(error.find("the records file exists; pass --resume"), std::string::npos) << error;

  RecordsFile otherTarget;
  EXPECT_EQ(
      openRecords(path, true, machine("cpu A", "u"), kernels, 1, otherTarget, error, warnings), 1);
  EXPECT_NE(error.find("records are for target t, not u"), std::string::npos) << error;

  const std::vector<TuneKernel> batch8 = {testing::makeKernel(testing::denseSpec(64, 64), 1024)};
  RecordsFile otherRows;
  EXPECT_EQ(openRecords(path, true, machine(), batch8, 8, otherRows, error, warnings), 1);
  EXPECT_NE(error.find("on 128 rows; this run times it on 1024 (--batch 8)"), std::string::npos)
      << error;

  std::vector<TuneKernel> cold = kernels;
  cold[0].coldWeights = true;
  RecordsFile otherWeights;
  EXPECT_EQ(openRecords(path, true, machine(), cold, 1, otherWeights, error, warnings), 1);
  EXPECT_NE(error.find("with its weights in the caches; this run times them flushed"),
            std::string::npos)
      << error;

  RecordsFile otherCpu;
  warnings.clear();
  EXPECT_EQ(openRecords(path, true, machine("cpu B"), kernels, 1, otherCpu, error, warnings), 0);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("taken on 'cpu A' with 2 threads; this is 'cpu B'"),
            std::string::npos);
  EXPECT_EQ(otherCpu.records().size(), 1u);
  std::filesystem::remove(path);
}

TEST(TuneSession, StartPointsComeInSchedulerOrderWithoutRepeatsOrTheDefault) {
  const TuneKernel k = testing::makeKernel(testing::denseSpec(256, 256));
  ASSERT_GT(k.space.points.size(), 4u);
  Record stale = baseline(k, "Adams2019", 4);
  stale.algorithm = "another algorithm";
  const std::vector<Record> records = {baseline(k, "Mullapudi2016", 2), baseline(k, "Adams2019", 3),
                                       baseline(k, "Adams2019", 0), stale,
                                       baseline(k, "Mullapudi2016", 3)};
  EXPECT_EQ(startPoints(k, records, {"Adams2019", "Mullapudi2016"}), (std::vector<size_t>{3, 2}));
  EXPECT_EQ(startPoints(k, records, {"Mullapudi2016"}), (std::vector<size_t>{2, 3}));
  EXPECT_TRUE(startPoints(k, records, {}).empty());
}

TEST(TuneSession, FiguresTakeEachKernelsOwnDefaultBestAndBaselines) {
  const std::vector<TuneKernel> kernels = {testing::makeKernel(testing::denseSpec(256, 256)),
                                           testing::makeKernel(testing::layerNormSpec(256))};
  const TuneKernel& dense = kernels[0];
  Record other = measured(dense, 1, 0.1); // fastest, but timed for another algorithm
  other.algorithm = "another algorithm";
  const std::vector<Record> records = {measured(dense, 0, 2.0),
                                       measured(dense, 1, 1.5),
                                       measured(dense, 2, 0.5, Status::Rejected),
                                       other,
                                       baseline(dense, "Adams2019", 1),
                                       measured(kernels[1], 0, 3.0)};
  const std::vector<KernelFigures> figures =
      kernelFigures(kernels, records, {"Adams2019", "Mullapudi2016"});
  ASSERT_EQ(figures.size(), 2u);
  EXPECT_EQ(figures[0].defaultRun, &records[0]);
  EXPECT_EQ(figures[0].tuned, &records[1]);
  EXPECT_EQ(figures[0].baselines, (std::vector<const Record*>{&records[4], nullptr}));
  EXPECT_GT(figures[0].flops, 0);
  EXPECT_EQ(figures[1].defaultRun, &records[5]);
  EXPECT_EQ(figures[1].tuned, &records[5]);
  EXPECT_EQ(figures[1].flops, 0); // memory-bound: reported in ms only

  const ScheduleFile file = scheduleFrom({figures[0].tuned, figures[1].tuned}, "t");
  ASSERT_EQ(file.entries.size(), 2u);
  EXPECT_EQ(file.entries[0].key, dense.spec.key);
  EXPECT_TRUE(file.entries[0].params == dense.space.points[1]);
}

} // namespace
} // namespace bertc::tune
