#include "rank/coordinate_ascent.h"

#include <gtest/gtest.h>

namespace evident {
namespace {

TEST(CoordinateAscent, FindsTheMaximumOfASeparableFunction) {
  auto f = [](const std::vector<double>& x) {
    return -(x[0] - 0.7) * (x[0] - 0.7) - (x[1] + 0.3) * (x[1] + 0.3);
  };
  auto r = MaximizeByCoordinateAscent(f, {0.0, 0.0});
  EXPECT_NEAR(r.point[0], 0.7, 1e-9);
  EXPECT_NEAR(r.point[1], -0.3, 1e-9);
  EXPECT_GT(r.evaluations, 1);
}

TEST(CoordinateAscent, LeavesFrozenCoordinatesAndRespectsBounds) {
  auto f = [](const std::vector<double>& x) { return x[0] + x[1]; };
  CoordinateAscentOptions options;
  options.frozen = {true, false};
  options.upper_bound = 1.0;
  auto r = MaximizeByCoordinateAscent(f, {0.5, 0.0}, options);
  EXPECT_EQ(r.point[0], 0.5);
  EXPECT_LE(r.point[1], 1.0);
  EXPECT_GE(r.point[1], 0.98);
}

TEST(CoordinateAscent, IgnoresGainsBelowMinGain) {
  auto f = [](const std::vector<double>& x) { return 1e-7 * x[0]; };
  auto r = MaximizeByCoordinateAscent(f, {0.0});
  EXPECT_EQ(r.point[0], 0.0);
  EXPECT_EQ(r.rounds, 1);
}

}  // namespace
}  // namespace evident
