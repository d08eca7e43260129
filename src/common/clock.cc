#include "common/clock.h"

#include <thread>

namespace evident {

namespace {

class SystemClock : public Clock {
 public:
  TimePoint Now() override { return std::chrono::steady_clock::now(); }
  void SleepFor(Duration duration) override {
    if (duration.count() > 0) std::this_thread::sleep_for(duration);
  }
};

}  // namespace

Clock* Clock::System() {
  static SystemClock clock;
  return &clock;
}

Clock::TimePoint ManualClock::Now() {
  std::lock_guard lock(mu_);
  return now_;
}

void ManualClock::SleepFor(Duration duration) {
  if (duration.count() <= 0) return;
  std::lock_guard lock(mu_);
  now_ += duration;
  sleeps_.push_back(duration);
}

void ManualClock::Advance(Duration duration) {
  std::lock_guard lock(mu_);
  now_ += duration;
}

std::vector<Clock::Duration> ManualClock::sleeps() const {
  std::lock_guard lock(mu_);
  return sleeps_;
}

}  // namespace evident
