#include "eval/report_stats.h"

#include <gtest/gtest.h>

namespace evident {
namespace {

TEST(NearestRankPercentile, IsAlwaysAnObservedValue) {
  const std::vector<double> ten = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  EXPECT_DOUBLE_EQ(NearestRankPercentile(ten, 50), 5);
  EXPECT_DOUBLE_EQ(NearestRankPercentile(ten, 99), 10);  // ceil(9.9) = 10th value
  EXPECT_DOUBLE_EQ(NearestRankPercentile(ten, 100), 10);
  EXPECT_DOUBLE_EQ(NearestRankPercentile(ten, 0), 1);
  EXPECT_DOUBLE_EQ(NearestRankPercentile({7}, 50), 7);
  EXPECT_DOUBLE_EQ(NearestRankPercentile({}, 50), 0);
}

TEST(FormatRatio, PartOfWholeWithPercent) {
  EXPECT_EQ(FormatRatio(3, 4), "3 / 4 (75.0%)");
  EXPECT_EQ(FormatRatio(0, 0), "0 / 0 (0.0%)");
}

}  // namespace
}  // namespace evident
