// ConnectionPool: the threads that serve the server's connections (a cpp-httplib TaskQueue), one
// connection per thread at a time. cpp-httplib 0.11 times out each read of a request, not the
// request as a whole, so a client that sends its headers a byte every few seconds ("slowloris")
// or holds a keep-alive connection open keeps its thread; with a fixed pool, as many such
// clients as threads would leave nobody to serve anyone else. This pool keeps `min_threads`
// and starts another thread whenever a connection arrives while none is idle, up to
// `max_threads`; beyond that, connections wait in a queue for a thread. Threads, once started,
// stay until Shutdown (an idle one costs a stack of mostly untouched pages).
// Thread-safety: enqueue and shutdown from any thread.
#pragma once

#include <httplib.h>

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace evident {

class ConnectionPool : public httplib::TaskQueue {
 public:
  ConnectionPool(size_t min_threads, size_t max_threads);
  ~ConnectionPool() override;
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  void enqueue(std::function<void()> fn) override;
  //! Lets queued connections finish, then joins every thread.
  void shutdown() override;

  //! Threads started so far (for tests and metrics).
  size_t threads() const;

 private:
  void StartThread();  // with mutex_ held
  void Work();

  const size_t max_threads_;
  mutable std::mutex mutex_;
  std::condition_variable work_;
  std::deque<std::function<void()>> jobs_;
  std::vector<std::thread> threads_;
  size_t idle_ = 0;
  bool shutdown_ = false;
};

}  // namespace evident
