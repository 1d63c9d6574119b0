// Tests that bert-tune times kernels' weights as a model run finds them: a dense's weight bytes
// are counted in the layout its precision loads (s8 one byte, f32 four), a model whose weights
// exceed a quarter of the last-level cache gets its weight-reading kernels timed cold (attention,
// which reads none, never), and --weights cold / warm override the rule.
#include "tune/ModelKernels.h"

#include "TuneTestKernels.h"

#include <gtest/gtest.h>

namespace bertc::tune {
namespace {

KernelManifest twoKernelModel(KernelPrecision precision) {
  KernelManifest m;
  m.model = "m";
  m.maxBatch = 1;
  m.maxSeqLen = 128;
  KernelSpec dense = testing::denseSpec(768, 3072);
  dense.precision = precision;
  dense.calls = 12;
  m.kernels = {dense, testing::attentionSpec(768, 12)};
  return m;
}

TEST(ModelKernels, WeightBytesAreCountedInTheLayoutTheKernelReads) {
  const int64_t weight = 3072 * 768, bias = 3072;
  EXPECT_EQ(weightBytesPerCall(twoKernelModel(KernelPrecision::F32).kernels[0]),
            4 * (weight + bias));
  EXPECT_EQ(weightBytesPerCall(twoKernelModel(KernelPrecision::Int8).kernels[0]),
            weight + 4 * bias);
  EXPECT_EQ(weightBytesPerCall(twoKernelModel(KernelPrecision::BF16).kernels[0]),
            2 * weight + 4 * bias);
  EXPECT_EQ(weightBytesPerCall(testing::attentionSpec(768, 12)), 0);
  EXPECT_EQ(modelWeightBytes(twoKernelModel(KernelPrecision::Int8)), 12 * (weight + 4 * bias));
}

TEST(ModelKernels, WeightsAreTimedColdWhenTheModelsExceedAQuarterOfTheCache) {
  const KernelManifest m = twoKernelModel(KernelPrecision::Int8);
  const int64_t model = modelWeightBytes(m);
  const std::string target = testing::testTarget();
  const std::vector<TuneKernel> cold = tuneKernels(m, target, 1, WeightTiming::Auto, 4 * model - 1);
  EXPECT_TRUE(cold[0].coldWeights);
  EXPECT_FALSE(cold[1].coldWeights); // attention reads no weights
  EXPECT_FALSE(tuneKernels(m, target, 1, WeightTiming::Auto, 4 * model)[0].coldWeights);
  EXPECT_TRUE(tuneKernels(m, target, 1, WeightTiming::Cold, int64_t(1) << 40)[0].coldWeights);
  EXPECT_FALSE(tuneKernels(m, target, 1, WeightTiming::Warm, 1)[0].coldWeights);
}

} // namespace
} // namespace bertc::tune
