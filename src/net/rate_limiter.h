// Rate limits by a sliding window over the start times of the last requests: at most
// `max_requests` may start in any window of `window`.
//  - RateLimit: the two numbers.
//  - SlidingWindow: the start times of one stream of requests, without a lock or a clock; the
//    mechanism that RateLimiter and ClientRateLimiter (net/client_rate_limiter.h) share.
//  - RateLimiter: one window for a client of a service, waiting on a Clock when the window is
//    full. NCBI's E-utilities allow 3 requests a second, 10 with an API key; a client that keeps
//    to that is never answered 429 for going too fast.
// Thread-safety: RateLimit and SlidingWindow are plain values (one thread at a time);
// RateLimiter is thread-safe: callers are served one at a time, in the order they got the lock,
// and a caller that has to wait holds it while it sleeps.
#pragma once

#include <deque>
#include <mutex>

#include "common/clock.h"

namespace evident {

struct RateLimit {
  int max_requests = 0;  //!< < 1: no limit
  Clock::Duration window{};
};

class SlidingWindow {
 public:
  //! Counts a request starting at `now` and returns zero when fewer than `limit.max_requests`
  //! started in the window before it; otherwise counts nothing and returns how long until one
  //! may start (positive).
  Clock::Duration TryStart(const RateLimit& limit, Clock::TimePoint now);
  //! True when no counted request started within `window` before `now`: the window limits
  //! nothing and can be forgotten.
  bool IsIdle(Clock::Duration window, Clock::TimePoint now) const;

 private:
  std::deque<Clock::TimePoint> started_;  // within the last window, oldest first
};

class RateLimiter {
 public:
  //! `clock` must outlive the limiter; max_requests < 1 means no limit.
  RateLimiter(int max_requests, Clock::Duration window, Clock* clock);

  //! Waits until one more request may start, and counts it as started now.
  void Acquire();

 private:
  const RateLimit limit_;
  Clock* clock_;
  std::mutex mu_;
  SlidingWindow started_;
};

}  // namespace evident
