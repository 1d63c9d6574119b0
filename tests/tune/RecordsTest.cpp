// Tests that records survive the JSONL round trip field by field (candidates and baselines, with
// and without a starting point),
// that a file cut off in the middle of its last line still loads (an interrupted run), and
// that the best-of-records rule takes the lowest valid median, the earlier record on ties, among
// the records of the algorithm a key was last timed for.
#include "tune/Records.h"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <unistd.h>

namespace bertc::tune {
namespace {

Record candidate(int seq, const std::string& key, int tile, double ms, Status s = Status::Valid) {
  Record r;
  r.seq = seq;
  r.kernel = "k_" + key;
  r.key = key;
  r.algorithm = "0123456789abcdef";
  r.params.denseOutputTile = tile;
  r.params.denseRowTile = 4;
  r.params.denseKUnroll = 2;
  r.params.densePackWeights = false;
  r.rows = 128;
  r.samplesMs = {ms, ms * 1.01, ms * 0.99};
  r.medianMs = ms;
  r.status = s;
  r.detail = s == Status::Valid ? "" : "output differs";
  r.maxAbsDiff = s == Status::Valid ? 1e-7 : 0.5;
  r.elapsedS = seq * 1.5;
  r.remeasured = seq % 2 == 1;
  return r;
}

TEST(Records, JsonRoundTrip) {
  Record base = candidate(3, "dense \"q\"", 64, 1.25);
  Record adams = candidate(4, "dense", 0, 2.5);
  adams.scheduler = "Adams2019";
  Record started = candidate(5, "dense", 96, 2.5); // a baseline with its starting point
  started.scheduler = "Mullapudi2016";
  started.hasStart = true;
  started.coldWeights = true;
  for (const Record& r : {base, adams, started}) {
    std::string error;
    std::optional<Record> back = recordFromJson(recordJson(r), error);
    ASSERT_TRUE(back) << error;
    EXPECT_EQ(recordJson(*back), recordJson(r));
    EXPECT_EQ(back->scheduler, r.scheduler);
    EXPECT_EQ(back->hasStart, r.hasStart);
    if (r.scheduler.empty() || r.hasStart) {
      EXPECT_TRUE(back->params == r.params);
    }
    EXPECT_EQ(back->samplesMs, r.samplesMs);
    EXPECT_EQ(back->remeasured, r.remeasured);
    EXPECT_EQ(back->coldWeights, r.coldWeights);
  }
}

TEST(Records, FileRoundTripAndTruncatedLastLine) {
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("bert-tune-records-" + std::to_string(::getpid()) + ".jsonl"))
                               .string();
  std::string error;
  {
    RecordsFile f;
    ASSERT_TRUE(
        f.create(path, MachineInfo{"Some CPU", 2, 2, "x86-64-linux-avx512_skylake"}, error));
    ASSERT_TRUE(f.append(candidate(0, "a", 48, 2.0), error));
    ASSERT_TRUE(f.append(candidate(1, "a", 32, 1.5, Status::Rejected), error));
  }
  { std::ofstream(path, std::ios::app) << "{\"type\":\"candidate\",\"seq\":2,\"ker"; }
  RecordsFile f;
  ASSERT_TRUE(f.load(path, error)) << error;
  EXPECT_EQ(f.machine().cpu, "Some CPU");
  EXPECT_EQ(f.machine().threads, 2);
  ASSERT_EQ(f.records().size(), 2u);
  EXPECT_EQ(recordJson(f.records()[1]), recordJson(candidate(1, "a", 32, 1.5, Status::Rejected)));
  std::filesystem::remove(path);
}

TEST(Records, BestIsTheLowestValidMedianEarliestOnTies) {
  std::vector<Record> rs = {
      candidate(0, "a", 48, 2.0), candidate(1, "a", 32, 1.0, Status::Rejected),
      candidate(2, "b", 16, 3.0), candidate(3, "a", 64, 1.5), candidate(4, "a", 80, 1.5)};
  rs.push_back(candidate(5, "b", 96, 0.1));
  rs.back().scheduler = "Adams2019"; // baselines are never chosen
  std::vector<const Record*> best = bestPerKernel(rs);
  ASSERT_EQ(best.size(), 2u);
  EXPECT_EQ(best[0]->seq, 3);
  EXPECT_EQ(best[1]->seq, 2);
}

TEST(Records, BestIsForTheAlgorithmOfTheKeysLatestRecord) {
  // "a" was timed again after its algorithm changed: the faster old record would only be stale.
  std::vector<Record> rs = {candidate(0, "a", 48, 0.5), candidate(1, "a", 32, 2.0),
                            candidate(2, "a", 64, 1.5)};
  rs[1].algorithm = rs[2].algorithm = "fedcba9876543210";
  std::vector<const Record*> best = bestPerKernel(rs);
  ASSERT_EQ(best.size(), 1u);
  EXPECT_EQ(best[0]->seq, 2);
}

} // namespace
} // namespace bertc::tune
