#include "net/rate_limiter.h"

namespace evident {

RateLimiter::RateLimiter(int max_requests, Clock::Duration window, Clock* clock)
    : max_requests_(max_requests), window_(window), clock_(clock) {}

void RateLimiter::Acquire() {
  if (max_requests_ < 1) return;
  std::lock_guard lock(mu_);
  Clock::TimePoint now = clock_->Now();
  for (;;) {
    while (!started_.empty() && started_.front() + window_ <= now) started_.pop_front();
    if (static_cast<int>(started_.size()) < max_requests_) break;
    clock_->SleepFor(started_.front() + window_ - now);
    now = clock_->Now();
  }
  started_.push_back(now);
}

}  // namespace evident
