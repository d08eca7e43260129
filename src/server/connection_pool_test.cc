#include "server/connection_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>

namespace evident {
namespace {

TEST(ConnectionPool, StartsThreadsWhileAllAreBusyUpToTheLimit) {
  ConnectionPool pool(/*min_threads=*/2, /*max_threads=*/8);
  EXPECT_EQ(pool.threads(), 2u);
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<int> running{0};
  // Ten connections that hold their thread (like slow clients): eight threads at most.
  for (int i = 0; i < 10; ++i) {
    pool.enqueue([&] {
      ++running;
      released.wait();
    });
  }
  while (running < 8) std::this_thread::yield();
  EXPECT_EQ(pool.threads(), 8u);
  release.set_value();
  pool.shutdown();
  EXPECT_EQ(running, 10);  // the two queued ones ran once threads were free
}

TEST(ConnectionPool, ReusesIdleThreads) {
  ConnectionPool pool(4, 64);
  for (int i = 0; i < 100; ++i) {
    std::promise<void> done;
    pool.enqueue([&] { done.set_value(); });
    done.get_future().wait();
  }
  EXPECT_LE(pool.threads(), 8u);
}

}  // namespace
}  // namespace evident
