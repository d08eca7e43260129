// Clock: the seam through which code that waits (rate limits, retry back-off) reads the time
// and sleeps, so that tests can run it on a ManualClock that never waits: time moves only when
// something sleeps on it, and what was slept is recorded.
// Thread-safety: both clocks are thread-safe.
#pragma once

#include <chrono>
#include <mutex>
#include <vector>

namespace evident {

class Clock {
 public:
  using Duration = std::chrono::nanoseconds;
  using TimePoint = std::chrono::time_point<std::chrono::steady_clock, Duration>;

  virtual ~Clock() = default;
  //! Monotonic time.
  virtual TimePoint Now() = 0;
  //! Blocks the calling thread for `duration` (nothing if it is not positive).
  virtual void SleepFor(Duration duration) = 0;

  //! The process's steady clock and real sleeps.
  static Clock* System();
};

//! A clock for tests: starts at the epoch, advances by exactly what is slept on it (or by
//! Advance), and returns at once.
class ManualClock : public Clock {
 public:
  TimePoint Now() override;
  void SleepFor(Duration duration) override;
  void Advance(Duration duration);
  //! Every positive duration passed to SleepFor, in order.
  std::vector<Duration> sleeps() const;

 private:
  mutable std::mutex mu_;
  TimePoint now_{};
  std::vector<Duration> sleeps_;
};

}  // namespace evident
