// Tests that the Halide evaluator accepts a correct candidate (a different schedule of the same
// algorithm) and rejects one whose output is wrong: the test hook builds a ReLU dense where the
// kernel has none, which the comparison with the default schedule's output must catch.
#include "TuneTestKernels.h"
#include "tune/KernelBench.h"

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

TEST(HalideEvaluator, RejectsAWrongCandidate) {
  const TuneKernel k = makeKernel(denseSpec(128, 128));
  PipelineFactory wrong = [](const KernelSpec& spec, const ScheduleParams& p,
                             const Halide::Target& t) {
    KernelSpec broken = spec;
    broken.epilogue = "relu"; // the deliberate bug
    return buildKernelPipeline(broken, p, t);
  };
  HalideEvaluator evaluator(Halide::Target(testTarget()), 1, wrong);
  Record r = evaluator.evaluate(k, otherSchedule(k));
  EXPECT_EQ(r.status, Status::Rejected);
  EXPECT_GT(r.maxAbsDiff, 1e-3);
  EXPECT_NE(r.detail.find("differs from the default schedule"), std::string::npos) << r.detail;
}

} // namespace
} // namespace bertc::tune
