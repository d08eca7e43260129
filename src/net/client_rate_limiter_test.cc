#include "net/client_rate_limiter.h"

#include <gtest/gtest.h>

#include <string>

namespace evident {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr Clock::Duration kZero = Clock::Duration::zero();

TEST(ClientRateLimiter, EachClientStartsItsLimitThenIsToldHowLongToWait) {
  ManualClock clock;
  ClientRateLimiter limiter({3, seconds(1)}, 100, &clock);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(limiter.TryAcquire("10.0.0.1"), kZero) << i;
  EXPECT_EQ(limiter.TryAcquire("10.0.0.1"), seconds(1));
  EXPECT_EQ(limiter.TryAcquire("10.0.0.2"), kZero);  // another client has its own window
  clock.Advance(milliseconds(400));
  EXPECT_EQ(limiter.TryAcquire("10.0.0.1"), milliseconds(600));
  clock.Advance(milliseconds(600));
  EXPECT_EQ(limiter.TryAcquire("10.0.0.1"), kZero);
  EXPECT_TRUE(clock.sleeps().empty());  // it never waits
}

TEST(ClientRateLimiter, RefusedRequestsAreNotCounted) {
  ManualClock clock;
  ClientRateLimiter limiter({2, seconds(10)}, 100, &clock);
  EXPECT_EQ(limiter.TryAcquire("a"), kZero);
  EXPECT_EQ(limiter.TryAcquire("a"), kZero);
  for (int i = 0; i < 50; ++i) {
    clock.Advance(milliseconds(100));
    EXPECT_GT(limiter.TryAcquire("a"), kZero);
  }
  clock.Advance(seconds(5));  // ten seconds after the first two
  EXPECT_EQ(limiter.TryAcquire("a"), kZero);
  EXPECT_EQ(limiter.TryAcquire("a"), kZero);
}

TEST(ClientRateLimiter, AFloodOfAddressesKeepsAtMostMaxClientsWindows) {
  ManualClock clock;
  ClientRateLimiter limiter({1, seconds(60)}, 100, &clock);
  EXPECT_EQ(limiter.TryAcquire("busy"), kZero);
  for (int i = 0; i < 99; ++i) limiter.TryAcquire("flood-" + std::to_string(i));
  EXPECT_EQ(limiter.clients(), 100u);
  // Still within the bound, and seen most recently: still limited.
  EXPECT_GT(limiter.TryAcquire("busy"), kZero);
  for (int i = 99; i < 10'000; ++i) {
    EXPECT_EQ(limiter.TryAcquire("flood-" + std::to_string(i)), kZero);
    ASSERT_LE(limiter.clients(), 100u);
  }
  // The least recently seen were forgotten to make room: "busy" starts afresh.
  EXPECT_EQ(limiter.TryAcquire("busy"), kZero);
  EXPECT_EQ(limiter.clients(), 100u);
}

TEST(ClientRateLimiter, WindowsIdleForAWholeWindowAreForgotten) {
  ManualClock clock;
  ClientRateLimiter limiter({5, seconds(60)}, 1000, &clock);
  for (int i = 0; i < 50; ++i) limiter.TryAcquire("client-" + std::to_string(i));
  EXPECT_EQ(limiter.clients(), 50u);
  clock.Advance(seconds(60));
  EXPECT_EQ(limiter.TryAcquire("client-7"), kZero);
  EXPECT_EQ(limiter.clients(), 1u);
}

TEST(ClientRateLimiter, ZeroMeansNoLimitAndKeepsNothing) {
  ManualClock clock;
  ClientRateLimiter limiter({0, seconds(60)}, 10, &clock);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(limiter.TryAcquire("a"), kZero);
  EXPECT_EQ(limiter.clients(), 0u);
}

}  // namespace
}  // namespace evident
