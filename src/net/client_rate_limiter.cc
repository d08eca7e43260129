#include "net/client_rate_limiter.h"

#include <algorithm>

namespace evident {

ClientRateLimiter::ClientRateLimiter(RateLimit limit, size_t max_clients, Clock* clock)
    : limit_(limit), max_clients_(std::max<size_t>(1, max_clients)), clock_(clock) {}

void ClientRateLimiter::MakeRoom(Clock::TimePoint now, bool adding) {
  while (!recent_.empty()) {
    auto last = windows_.find(recent_.back());
    bool full = adding && windows_.size() >= max_clients_;
    if (!full && !last->second.window.IsIdle(limit_.window, now)) break;
    windows_.erase(last);
    recent_.pop_back();
  }
}

Clock::Duration ClientRateLimiter::TryAcquire(const std::string& client) {
  if (limit_.max_requests < 1) return Clock::Duration::zero();
  std::lock_guard lock(mu_);
  Clock::TimePoint now = clock_->Now();
  auto it = windows_.find(client);
  if (it != windows_.end()) {
    recent_.splice(recent_.begin(), recent_, it->second.recent);  // seen now
  }
  MakeRoom(now, /*adding=*/it == windows_.end());
  it = windows_.find(client);  // MakeRoom may have forgotten an idle window of this client
  if (it == windows_.end()) {
    recent_.push_front(client);
    it = windows_.emplace(client, Entry{SlidingWindow(), recent_.begin()}).first;
  }
  return it->second.window.TryStart(limit_, now);
}

size_t ClientRateLimiter::clients() const {
  std::lock_guard lock(mu_);
  return windows_.size();
}

}  // namespace evident
