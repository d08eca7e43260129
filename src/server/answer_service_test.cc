#include "server/answer_service.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>

namespace evident {
namespace {

// A service that only says which factory made it and counts its own destruction.
class TaggedService : public AnswerService {
 public:
  TaggedService(int tag, std::atomic<int>* destroyed) : tag_(tag), destroyed_(destroyed) {}
  ~TaggedService() override { ++*destroyed_; }
  Result<Article> Ask(const AskRequest&) override { return Status::Unavailable("no answers"); }
  Result<std::vector<SearchHit>> Search(const std::string&, int) override {
    return std::vector<SearchHit>{};
  }
  Store& store() override { std::abort(); }  // not reached by these tests
  std::string index_generation() const override { return "gen-" + std::to_string(tag_); }

 private:
  int tag_;
  std::atomic<int>* destroyed_;
};

AnswerServiceFactory Tagged(int tag, std::atomic<int>* destroyed, std::atomic<int>* made) {
  return [tag, destroyed, made]() -> Result<std::unique_ptr<AnswerService>> {
    ++*made;
    return std::unique_ptr<AnswerService>(std::make_unique<TaggedService>(tag, destroyed));
  };
}

AnswerServiceFactory Failing() {
  return []() -> Result<std::unique_ptr<AnswerService>> {
    return Status::IOError("store unreachable");
  };
}

constexpr std::chrono::milliseconds kNoWait{0};

TEST(AnswerServicePool, MakesServicesOnFirstNeedAndReusesThem) {
  std::atomic<int> destroyed{0}, made{0};
  AnswerServicePool pool(Tagged(1, &destroyed, &made), 2);
  EXPECT_EQ(made, 0);
  {
    auto lease = pool.Acquire(kNoWait);
    ASSERT_TRUE(lease.ok());
  }
  {
    auto lease = pool.Acquire(kNoWait);
    ASSERT_TRUE(lease.ok());
  }
  EXPECT_EQ(made, 1);
  EXPECT_EQ(pool.in_use(), 0);
}

TEST(AnswerServicePool, BusyWhenEveryServiceIsLent) {
  std::atomic<int> destroyed{0}, made{0};
  AnswerServicePool pool(Tagged(1, &destroyed, &made), 1);
  auto held = pool.Acquire(kNoWait);
  ASSERT_TRUE(held.ok());
  auto second = pool.Acquire(kNoWait);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), Status::Code::kUnavailable);
}

TEST(AnswerServicePool, ReplaceDropsIdleServicesAtOnce) {
  std::atomic<int> destroyed{0}, made{0};
  AnswerServicePool pool(Tagged(1, &destroyed, &made), 2);
  {
    auto lease = pool.Acquire(kNoWait);
    ASSERT_TRUE(lease.ok());
  }
  ASSERT_EQ(destroyed, 0);
  pool.Replace(Tagged(2, &destroyed, &made));
  EXPECT_EQ(destroyed, 1);  // the old index it held is released now, not at its next request
  EXPECT_EQ(pool.replacements(), 1);
  auto lease = pool.Acquire(kNoWait);
  ASSERT_TRUE(lease.ok());
  EXPECT_EQ((*lease)->index_generation(), "gen-2");
}

TEST(AnswerServicePool, ALentServiceFinishesItsRequestThenIsRenewed) {
  std::atomic<int> destroyed{0}, made{0};
  AnswerServicePool pool(Tagged(1, &destroyed, &made), 1);
  {
    auto lease = pool.Acquire(kNoWait);
    ASSERT_TRUE(lease.ok());
    pool.Replace(Tagged(2, &destroyed, &made));
    // The request in flight keeps the service (and index) it started with.
    EXPECT_EQ((*lease)->index_generation(), "gen-1");
    EXPECT_EQ(destroyed, 0);
  }
  auto lease = pool.Acquire(kNoWait);
  ASSERT_TRUE(lease.ok());
  EXPECT_EQ((*lease)->index_generation(), "gen-2");
  EXPECT_EQ(destroyed, 1);
}

TEST(AnswerServicePool, AnOldServiceKeepsServingWhileTheNewFactoryFails) {
  std::atomic<int> destroyed{0}, made{0};
  AnswerServicePool pool(Tagged(1, &destroyed, &made), 1);
  {
    auto lease = pool.Acquire(kNoWait);
    ASSERT_TRUE(lease.ok());
    pool.Replace(Failing());
  }
  {
    auto lease = pool.Acquire(kNoWait);
    ASSERT_TRUE(lease.ok());
    EXPECT_EQ((*lease)->index_generation(), "gen-1");
  }
  pool.Replace(Tagged(3, &destroyed, &made));
  auto lease = pool.Acquire(kNoWait);
  ASSERT_TRUE(lease.ok());
  EXPECT_EQ((*lease)->index_generation(), "gen-3");
}

TEST(AnswerServicePool, AFailedFirstServiceFreesItsSlot) {
  AnswerServicePool pool(Failing(), 1);
  auto first = pool.Acquire(kNoWait);
  ASSERT_FALSE(first.ok());
  EXPECT_EQ(first.status().code(), Status::Code::kIOError);
  // Not "busy": the slot went back to the pool.
  auto second = pool.Acquire(kNoWait);
  EXPECT_EQ(second.status().code(), Status::Code::kIOError);
  EXPECT_EQ(pool.in_use(), 0);
}

}  // namespace
}  // namespace evident
