// ClientRateLimiter: a RateLimit for each client (a server's: each remote address) that answers
// at once — a request either starts now or is told how long its client must wait — for a
// server that refuses a client going too fast (429 Too Many Requests) instead of making it
// wait. Each client has its own SlidingWindow (net/rate_limiter.h).
//
// Memory is bounded: at most `max_clients` windows are kept. Windows idle for a whole window
// (they limit nobody) are forgotten as they come to the end of the least-recently-used order;
// when a new client needs room and none is idle, the least recently seen client's window is
// forgotten, and that client starts afresh. So a flood of addresses cannot grow the map, and can
// at worst reset the limits of clients quieter than all of it.
// Thread-safety: thread-safe.
#pragma once

#include <cstddef>
#include <list>
#include <mutex>
#include <string>
#include <unordered_map>

#include "common/clock.h"
#include "net/rate_limiter.h"

namespace evident {

class ClientRateLimiter {
 public:
  //! `clock` must outlive the limiter. A limit of max_requests < 1 lets every request start and
  //! keeps nothing; max_clients < 1 is taken as 1.
  ClientRateLimiter(RateLimit limit, size_t max_clients, Clock* clock);

  //! Zero if `client` may start a request now (it is counted); otherwise how long until it may
  //! (positive; nothing is counted).
  Clock::Duration TryAcquire(const std::string& client);
  //! Clients whose windows are kept now.
  size_t clients() const;
  const RateLimit& limit() const { return limit_; }

 private:
  struct Entry {
    SlidingWindow window;
    std::list<std::string>::iterator recent;  // its place in recent_
  };
  // Forgets idle windows at the least-recently-used end, then the least recently used one if
  // there are still `max_clients_` or more (before a new client is added).
  void MakeRoom(Clock::TimePoint now, bool adding);

  const RateLimit limit_;
  const size_t max_clients_;
  Clock* clock_;
  mutable std::mutex mu_;
  std::list<std::string> recent_;  // clients, most recently seen first
  std::unordered_map<std::string, Entry> windows_;
};

}  // namespace evident
