// Tests that budgets parse as documented (s, m, h and groups of them) and that every malformed
// one is an error that says why.
#include "tune/Duration.h"

#include <gtest/gtest.h>

using bertc::tune::formatDuration;
using bertc::tune::parseDuration;

TEST(Duration, ParsesUnits) {
  std::string error;
  EXPECT_EQ(parseDuration("90s", error), 90.0);
  EXPECT_EQ(parseDuration("10m", error), 600.0);
  EXPECT_EQ(parseDuration("1h", error), 3600.0);
  EXPECT_EQ(parseDuration("1h30m", error), 5400.0);
  EXPECT_EQ(parseDuration("0", error), 0.0);
  EXPECT_EQ(parseDuration("0s", error), 0.0);
}

TEST(Duration, RejectsMalformed) {
  for (const char* bad : {"", "10", "m", "10x", "-5m", "1.5m", "10 m", "s10", "1h30"}) {
    std::string error;
    EXPECT_FALSE(parseDuration(bad, error)) << bad;
    EXPECT_FALSE(error.empty()) << bad;
  }
  std::string error;
  parseDuration("10x", error);
  EXPECT_NE(error.find("unknown unit 'x'"), std::string::npos) << error;
  parseDuration("10", error);
  EXPECT_NE(error.find("missing unit"), std::string::npos) << error;
}

TEST(Duration, Formats) {
  EXPECT_EQ(formatDuration(42), "42s");
  EXPECT_EQ(formatDuration(600), "10m");
  EXPECT_EQ(formatDuration(754), "12m34s");
  EXPECT_EQ(formatDuration(5400), "1h30m");
}
