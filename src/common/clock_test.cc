#include "common/clock.h"

#include <gtest/gtest.h>

namespace evident {
namespace {

using std::chrono::milliseconds;

TEST(ManualClock, MovesOnlyByWhatIsSleptOrAdvancedAndRecordsSleeps) {
  ManualClock clock;
  EXPECT_EQ(clock.Now(), Clock::TimePoint{});
  clock.SleepFor(milliseconds(250));
  clock.SleepFor(milliseconds(0));
  clock.SleepFor(milliseconds(-5));
  clock.Advance(milliseconds(750));
  EXPECT_EQ(clock.Now() - Clock::TimePoint{}, milliseconds(1000));
  EXPECT_EQ(clock.sleeps(), std::vector<Clock::Duration>{milliseconds(250)});
}

TEST(SystemClock, IsMonotonic) {
  Clock* clock = Clock::System();
  auto a = clock->Now();
  clock->SleepFor(milliseconds(1));
  EXPECT_GT(clock->Now(), a);
}

}  // namespace
}  // namespace evident
