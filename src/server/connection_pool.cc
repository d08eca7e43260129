#include "server/connection_pool.h"

#include <algorithm>

namespace evident {

ConnectionPool::ConnectionPool(size_t min_threads, size_t max_threads)
    : max_threads_(std::max<size_t>({1, min_threads, max_threads})) {
  std::lock_guard lock(mutex_);
  for (size_t i = 0; i < std::max<size_t>(1, min_threads); ++i) StartThread();
}

ConnectionPool::~ConnectionPool() { shutdown(); }

void ConnectionPool::StartThread() {
  threads_.emplace_back([this] { Work(); });
}

void ConnectionPool::enqueue(std::function<void()> fn) {
  std::lock_guard lock(mutex_);
  jobs_.push_back(std::move(fn));
  // Every idle thread already has a job waiting for it: start one more for this connection.
  if (jobs_.size() > idle_ && threads_.size() < max_threads_) StartThread();
  work_.notify_one();
}

void ConnectionPool::shutdown() {
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(mutex_);
    shutdown_ = true;
    threads.swap(threads_);
  }
  work_.notify_all();
  for (auto& t : threads) t.join();
}

size_t ConnectionPool::threads() const {
  std::lock_guard lock(mutex_);
  return threads_.size();
}

void ConnectionPool::Work() {
  for (;;) {
    std::function<void()> fn;
    {
      std::unique_lock lock(mutex_);
      ++idle_;
      work_.wait(lock, [&] { return !jobs_.empty() || shutdown_; });
      --idle_;
      if (jobs_.empty()) return;  // shut down and nothing left
      fn = std::move(jobs_.front());
      jobs_.pop_front();
    }
    fn();
  }
}

}  // namespace evident
