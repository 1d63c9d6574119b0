// Tests that schedules written by Halide 14's autoschedulers (Adams2019 and Mullapudi2016, saved
// from bert-base's kernels in Inputs/) are read into per-stage splits, unrolls and parallel
// loops traced back to the algorithm's variables, and projected onto the nearest point of the
// kernel's search space (the tiles each autoscheduler chose, rounded to what the space holds).
#include "tune/StartPoints.h"

#include "TuneTestKernels.h"

#include <fstream>
#include <gtest/gtest.h>
#include <sstream>

namespace bertc::tune {
namespace {

using testing::attentionSpec;

const std::string kAvx512 = "x86-64-linux-avx512_skylake";

std::string input(const std::string& name) {
  std::ifstream in(std::string(BERTC_TUNE_INPUTS) + "/" + name);
  std::stringstream s;
  s << in.rdbuf();
  EXPECT_FALSE(s.str().empty()) << name;
  return s.str();
}

ScheduleParams projected(const KernelSpec& spec, const std::string& source) {
  const SearchSpace space = searchSpace(spec, kAvx512);
  std::optional<size_t> i = projectSchedule(spec, space, source);
  EXPECT_TRUE(i.has_value()) << spec.name;
  return i ? space.points[*i] : ScheduleParams{};
}

TEST(StartPoints, ParsesAdams2019StagesWithLoopsTracedToTheirVariables) {
  const auto stages = parseScheduleSource(input("adams2019-dense_768x2304.txt"));
  ASSERT_TRUE(stages.count("out"));
  ASSERT_TRUE(stages.count("acc.update(0)"));
  const StageSchedule& out = stages.at("out");
  ASSERT_EQ(out.splits.size(), 2u);
  EXPECT_EQ(out.splits[0].var, "n");
  EXPECT_EQ(out.splits[0].factor, 144);
  EXPECT_EQ(out.splits[1].var, "n"); // split(ni, ni, nii, 16): ni is a split of n
  EXPECT_EQ(out.splits[1].inner, "nii");
  EXPECT_EQ(out.splits[1].factor, 16);
  EXPECT_EQ(out.parallel, std::vector<std::string>{"n"});
  const StageSchedule& update = stages.at("acc.update(0)");
  ASSERT_EQ(update.splits.size(), 2u);
  EXPECT_EQ(update.splits[0].var, "r_x");
  EXPECT_EQ(update.splits[0].factor, 16);
  EXPECT_EQ(update.unrolled, std::vector<std::string>{"n"});
}

TEST(StartPoints, StageNamesLoseTheSuffixThatMadeThemUnique) {
  // A process that built several pipelines prints `out_4` for the fourth Func named "out".
  const auto stages = parseScheduleSource("Func out_4 = pipeline.get_func(6);\n"
                                          "out_4\n    .split(n, n, ni, 96)\n    .parallel(n);\n"
                                          "acc_12.update(0)\n    .split(r_x, r_x, r_xi, 4);\n");
  ASSERT_TRUE(stages.count("out"));
  EXPECT_EQ(stages.at("out").splits[0].factor, 96);
  ASSERT_TRUE(stages.count("acc.update(0)"));
  EXPECT_EQ(stages.at("acc.update(0)").splits[0].var, "r_x");
}

TEST(StartPoints, ParsesMullapudi2016BlocksWithRenamedLoops) {
  const auto stages = parseScheduleSource(input("mullapudi2016-dense_3072x768.txt"));
  ASSERT_TRUE(stages.count("acc.update(0)"));
  const StageSchedule& update = stages.at("acc.update(0)");
  EXPECT_EQ(update.parallel, std::vector<std::string>{"n"}); // parallel(n_o)
  ASSERT_GE(update.splits.size(), 1u);
  EXPECT_EQ(update.splits[0].factor, 64);
}

TEST(StartPoints, DenseTakesThePanelRegisterRowsAndReductionSplit) {
  // Adams2019: 144-column panels, one row at a time, the reduction split by 16: the widest tile
  // the space has (128), 1 row, the largest k unroll (8).
  const ScheduleParams a =
      projected(testing::denseSpec(768, 2304), input("adams2019-dense_768x2304.txt"));
  EXPECT_EQ(a.denseOutputTile, 128);
  EXPECT_EQ(a.denseRowTile, 1);
  EXPECT_EQ(a.denseKUnroll, 8);
  // Mullapudi2016: 64-column tasks over every row, no reduction split.
  const ScheduleParams m =
      projected(testing::denseSpec(3072, 768), input("mullapudi2016-dense_3072x768.txt"));
  EXPECT_EQ(m.denseOutputTile, 64);
  EXPECT_EQ(m.denseRowTile, 1);
  EXPECT_EQ(m.denseKUnroll, 1);
}

TEST(StartPoints, AttentionAndRowKernelsTakeTheirRowTiles) {
  // Adams2019 computes attention outputs in 64-query blocks of unrolled pairs of rows.
  EXPECT_EQ(projected(attentionSpec(768, 12), input("adams2019-packed_attention_768_h12.txt"))
                .attentionRowTile,
            2);
  // ... and layer norm in parallel tasks of 8 rows.
  EXPECT_EQ(projected(testing::layerNormSpec(768), input("adams2019-layer_norm_768_residual.txt"))
                .rowTile,
            8);
}

TEST(StartPoints, NothingToProjectWithoutTheStagesTheFieldsDescribe) {
  const KernelSpec dense = testing::denseSpec(768, 768);
  EXPECT_FALSE(projectSchedule(dense, searchSpace(dense, kAvx512), "").has_value());
  EXPECT_FALSE(projectSchedule(dense, searchSpace(dense, kAvx512), "in\n    .compute_root();\n")
                   .has_value());
}

} // namespace
} // namespace bertc::tune
