// RateLimiter: lets at most `max_requests` requests start in any window of `window` (a sliding
// window over the start times of the last requests), waiting on a Clock when the window is
// full. NCBI's E-utilities allow 3 requests a second, 10 with an API key; a client that keeps
// to that is never answered 429 for going too fast.
// Thread-safety: thread-safe. Callers are served one at a time, in the order they got the lock;
// a caller that has to wait holds it while it sleeps.
#pragma once

#include <deque>
#include <mutex>

#include "common/clock.h"

namespace evident {

class RateLimiter {
 public:
  //! `clock` must outlive the limiter; max_requests < 1 means no limit.
  RateLimiter(int max_requests, Clock::Duration window, Clock* clock);

  //! Waits until one more request may start, and counts it as started now.
  void Acquire();

 private:
  const int max_requests_;
  const Clock::Duration window_;
  Clock* clock_;
  std::mutex mu_;
  std::deque<Clock::TimePoint> started_;  // within the last window, oldest first
};

}  // namespace evident
