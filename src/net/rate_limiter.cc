#include "net/rate_limiter.h"

namespace evident {

Clock::Duration SlidingWindow::TryStart(const RateLimit& limit, Clock::TimePoint now) {
  if (limit.max_requests < 1) return Clock::Duration::zero();
  while (!started_.empty() && started_.front() + limit.window <= now) started_.pop_front();
  if (static_cast<int>(started_.size()) < limit.max_requests) {
    started_.push_back(now);
    return Clock::Duration::zero();
  }
  return started_.front() + limit.window - now;
}

bool SlidingWindow::IsIdle(Clock::Duration window, Clock::TimePoint now) const {
  return started_.empty() || started_.back() + window <= now;
}

RateLimiter::RateLimiter(int max_requests, Clock::Duration window, Clock* clock)
    : limit_{max_requests, window}, clock_(clock) {}

void RateLimiter::Acquire() {
  std::lock_guard lock(mu_);
  for (;;) {
    Clock::Duration wait = started_.TryStart(limit_, clock_->Now());
    if (wait <= Clock::Duration::zero()) return;
    clock_->SleepFor(wait);
  }
}

}  // namespace evident
