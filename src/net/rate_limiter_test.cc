#include "net/rate_limiter.h"

#include <gtest/gtest.h>

#include <vector>

namespace evident {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

std::vector<Clock::TimePoint> StartTimes(RateLimiter& limiter, ManualClock& clock, int n) {
  std::vector<Clock::TimePoint> times;
  for (int i = 0; i < n; ++i) {
    limiter.Acquire();
    times.push_back(clock.Now());
  }
  return times;
}

TEST(RateLimiter, ThreeASecondStartsInBurstsOfThreeOneSecondApart) {
  ManualClock clock;
  RateLimiter limiter(3, seconds(1), &clock);
  auto times = StartTimes(limiter, clock, 10);
  const Clock::TimePoint t0{};
  std::vector<Clock::TimePoint> expected = {t0,
                                            t0,
                                            t0,
                                            t0 + seconds(1),
                                            t0 + seconds(1),
                                            t0 + seconds(1),
                                            t0 + seconds(2),
                                            t0 + seconds(2),
                                            t0 + seconds(2),
                                            t0 + seconds(3)};
  EXPECT_EQ(times, expected);
}

TEST(RateLimiter, NoWindowEverHoldsMoreThanTheLimit) {
  ManualClock clock;
  RateLimiter limiter(10, seconds(1), &clock);
  std::vector<Clock::TimePoint> times;
  for (int i = 0; i < 35; ++i) {
    clock.Advance(milliseconds(37 * (i % 4)));  // irregular work between requests
    limiter.Acquire();
    times.push_back(clock.Now());
  }
  for (size_t i = 10; i < times.size(); ++i) {
    EXPECT_GE(times[i] - times[i - 10], seconds(1)) << "request " << i;
  }
  // And it waits no longer than it must: some request started exactly a window after the one
  // ten before it.
  bool tight = false;
  for (size_t i = 10; i < times.size(); ++i) tight |= times[i] - times[i - 10] == seconds(1);
  EXPECT_TRUE(tight);
}

TEST(RateLimiter, RequestsSpreadOutNeverWait) {
  ManualClock clock;
  RateLimiter limiter(3, seconds(1), &clock);
  for (int i = 0; i < 6; ++i) {
    limiter.Acquire();
    clock.Advance(milliseconds(400));
  }
  EXPECT_TRUE(clock.sleeps().empty());
}

TEST(RateLimiter, ZeroMeansUnlimited) {
  ManualClock clock;
  RateLimiter limiter(0, seconds(1), &clock);
  for (int i = 0; i < 100; ++i) limiter.Acquire();
  EXPECT_EQ(clock.Now(), Clock::TimePoint{});
}

}  // namespace
}  // namespace evident
