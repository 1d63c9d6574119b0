// Adam's updates against Keras' formulas worked by hand:
//   m_t = b1 m + (1 - b1) g,  v_t = b2 v + (1 - b2) g^2,
//   lr_t = lr sqrt(1 - b2^t) / (1 - b1^t),  w -= lr_t m_t / (sqrt(v_t) + eps).
#include "fit/Adam.h"

#include <cmath>
#include <gtest/gtest.h>

namespace bertc::fit {
namespace {

TEST(Adam, FirstStepByHand) {
  // t = 1, lr 0.01: lr_1 = 0.01 * sqrt(0.001) / 0.1 = 0.0031622777; m = 0.1 g; sqrt(v) = 0.0316228
  // |g|. g = 0.1:  m = 0.01,  sqrt(v) = 0.00316228;  step = 0.0031622777 * 0.01 / 0.0031623777 =
  // 0.0099996838 g = -3:   m = -0.3,  sqrt(v) = 0.0948683;   step = -0.0031622777 * 0.3 / 0.0948684
  // = -0.0099999989 g = 1e-6: m = 1e-7,  sqrt(v) = 3.16228e-8;  step = 0.0031622777 * 1e-7
  // / 1.316228e-7 = 0.0024025307
  //   (epsilon outside the bias correction, as Keras has it; the paper's form would give 0.0090909)
  AdamOptions o;
  o.learningRate = 0.01;
  Adam adam(3, o);
  float w[3] = {0.5f, -1.0f, 2.0f};
  const float g[3] = {0.1f, -3.0f, 1e-6f};
  adam.step(w, g);
  EXPECT_NEAR(w[0], 0.5 - 0.0099996838, 1e-7);
  EXPECT_NEAR(w[1], -1.0 + 0.0099999989, 1e-7);
  EXPECT_NEAR(w[2], 2.0 - 0.0024025307, 2e-7);
  EXPECT_EQ(adam.steps(), 1);
}

TEST(Adam, SecondStepUsesAccumulatedMoments) {
  // g1 = 0.2 then g2 = -0.1, lr 0.001 (Keras' default):
  //   m2 = 0.9 * 0.02 + 0.1 * -0.1 = 0.008
  //   v2 = 0.999 * 0.00004 + 0.001 * 0.01 = 0.00004996
  //   lr_2 = 0.001 * sqrt(1 - 0.998001) / (1 - 0.81) = 0.001 * 0.04471018 / 0.19 = 0.00023531673
  //   step2 = 0.00023531673 * 0.008 / (0.0070682388 + 1e-7) = 0.00026633327
  // and step1 = 0.001 * (0.02 / (0.0063245553 + 1e-7)) * sqrt(0.001) / 0.1 = 0.00099998419.
  Adam adam(1, AdamOptions{});
  float w = 1.0f;
  const float g1 = 0.2f, g2 = -0.1f;
  adam.step(&w, &g1);
  EXPECT_NEAR(w, 1.0 - 0.00099998419, 2e-7);
  adam.step(&w, &g2);
  EXPECT_NEAR(w, 1.0 - 0.00099998419 - 0.00026633327, 2e-7);
  EXPECT_EQ(adam.steps(), 2);
}

TEST(Adam, ZeroGradientLeavesFreshParametersAlone) {
  Adam adam(2, AdamOptions{});
  float w[2] = {0.25f, -4.0f};
  const float g[2] = {0.0f, 0.0f};
  adam.step(w, g);
  EXPECT_EQ(w[0], 0.25f);
  EXPECT_EQ(w[1], -4.0f);
}

} // namespace
} // namespace bertc::fit
