// Tests that the Halide evaluator accepts a correct candidate (a different schedule of the same
// algorithm) and rejects one whose output is wrong: the test hook builds a ReLU dense where the
// kernel has none, which the comparison with the default schedule's output must catch; that
// attention's smaller key tiles agree with the default; and that
// an autoscheduler baseline is timed, checked and projected onto a point of the kernel's space.
#include "TuneTestKernels.h"
#include "tune/KernelBench.h"

#include <algorithm>
#include <gtest/gtest.h>

namespace bertc::tune {
namespace {

using testing::denseSpec;
using testing::makeKernel;
using testing::testTarget;

ScheduleParams otherSchedule(const TuneKernel& k) {
  return k.space.points.at(1);
}

TEST(HalideEvaluator, AcceptsAnotherScheduleOfTheSameAlgorithm) {
  const TuneKernel k = makeKernel(denseSpec(128, 128));
  HalideEvaluator evaluator(Halide::Target(testTarget()), 1);
  Record r = evaluator.evaluate(k, otherSchedule(k));
  EXPECT_EQ(r.status, Status::Valid) << r.detail;
  EXPECT_LT(r.maxAbsDiff, 1e-4);
  EXPECT_GT(r.medianMs, 0);
  EXPECT_GE(r.samplesMs.size(), 7u);
}

// bert-tune tunes reduced-precision kernels like f32 ones: an int8 dense's other register tiles
// and k unrolls compute the default's outputs (its i32 sums are exact, so to the last bit but
// for the f32 epilogue).
TEST(HalideEvaluator, AcceptsAnotherScheduleOfAnInt8Dense) {
  KernelSpec spec = denseSpec(128, 128);
  spec.precision = KernelPrecision::Int8;
  const TuneKernel k = makeKernel(spec);
  ASSERT_GT(k.space.points.size(), 8u);
  HalideEvaluator evaluator(Halide::Target(testTarget()), 1);
  for (size_t i : {size_t(1), k.space.points.size() - 1}) {
    Record r = evaluator.evaluate(k, k.space.points[i]);
    EXPECT_EQ(r.status, Status::Valid) << paramsText(k.space.points[i]) << ": " << r.detail;
    EXPECT_LT(r.maxAbsDiff, 1e-4);
  }
}

// Timed with its weights flushed from the caches before every run, a candidate is measured and
// checked the same way (the flush leaves the values alone).
TEST(HalideEvaluator, TimesAndChecksACandidateWithColdWeights) {
  TuneKernel k = makeKernel(denseSpec(128, 128));
  k.coldWeights = true;
  HalideEvaluator evaluator(Halide::Target(testTarget()), 1);
  Record r = evaluator.evaluate(k, otherSchedule(k));
  EXPECT_EQ(r.status, Status::Valid) << r.detail;
  EXPECT_LT(r.maxAbsDiff, 1e-4);
  EXPECT_GE(r.samplesMs.size(), 7u);
}

TEST(HalideEvaluator, AttentionKeyTilesOtherThanTheDefaultComputeTheSameScores) {
  // 96 rows: whole tiles for every key tile (the bench's buffers have no arena slack to read).
  const TuneKernel k = makeKernel(testing::attentionSpec(128, 2), 96);
  HalideEvaluator evaluator(Halide::Target(testTarget()), 1);
  int checked = 0;
  for (const ScheduleParams& p : k.space.points) {
    if (p.attentionKeyTile == 32 || p.attentionRowTile != k.space.points[0].attentionRowTile)
      continue;
    Record r = evaluator.evaluate(k, p);
    EXPECT_EQ(r.status, Status::Valid) << paramsText(p) << ": " << r.detail;
    EXPECT_LT(r.maxAbsDiff, 1e-4) << paramsText(p);
    ++checked;
  }
  EXPECT_GT(checked, 0); // the space holds key tiles other than 32
}

TEST(HalideEvaluator, RejectsAWrongCandidate) {
  const TuneKernel k = makeKernel(denseSpec(128, 128));
  PipelineFactory wrong = [](const KernelSpec& spec, const ScheduleParams& p,
                             const Halide::Target& t) {
    KernelSpec broken = spec;
    broken.epilogue = Activation::Relu; // the deliberate bug
    return buildKernelPipeline(broken, p, t);
  };
  HalideEvaluator evaluator(Halide::Target(testTarget()), 1, wrong);
  Record r = evaluator.evaluate(k, otherSchedule(k));
  EXPECT_EQ(r.status, Status::Rejected);
  EXPECT_GT(r.maxAbsDiff, 1e-3);
  EXPECT_NE(r.detail.find("differs from the default schedule"), std::string::npos) << r.detail;
}

TEST(HalideEvaluator, BaselineGivesAStartingPointOfTheSpace) {
  Halide::load_plugin(std::string(BERTC_HALIDE_PLUGIN_DIR) + "/libautoschedule_adams2019.so");
  const TuneKernel k = makeKernel(denseSpec(128, 384));
  HalideEvaluator evaluator(Halide::Target(testTarget()), 1);
  Record r = evaluator.baseline(k, "Adams2019");
  EXPECT_EQ(r.scheduler, "Adams2019");
  EXPECT_EQ(r.status, Status::Valid) << r.detail;
  EXPECT_LT(r.maxAbsDiff, 1e-4);
  ASSERT_TRUE(r.hasStart);
  EXPECT_NE(std::find(k.space.points.begin(), k.space.points.end(), r.params), k.space.points.end())
      << paramsText(r.params);
}

} // namespace
} // namespace bertc::tune
