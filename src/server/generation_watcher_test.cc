#include "server/generation_watcher.h"

#include <gtest/gtest.h>

#include <atomic>
#include <vector>

namespace evident {
namespace {

// A data directory as the watcher sees it: which generation is committed, whether the store
// can be read and whether the new index opens.
struct FakeDataDir {
  std::mutex mu;
  std::string committed = "gen-1";
  Status probe_error;
  Status open_error;
  std::vector<std::string> switched_to;
  std::vector<std::string> errors;

  GenerationWatcher Watcher(std::string serving) {
    return GenerationWatcher(
        std::move(serving),
        [this]() -> Result<std::string> {
          std::lock_guard lock(mu);
          if (!probe_error.ok()) return probe_error;
          return committed;
        },
        [this](const std::string& generation) {
          std::lock_guard lock(mu);
          if (!open_error.ok()) return open_error;
          switched_to.push_back(generation);
          return Status::OK();
        },
        [this](const Status& status) {
          std::lock_guard lock(mu);
          errors.push_back(status.message());
        });
  }
};

TEST(GenerationWatcher, StaysWhileTheSameGenerationIsCommitted) {
  FakeDataDir dir;
  auto watcher = dir.Watcher("gen-1");
  EXPECT_TRUE(watcher.Check().ok());
  EXPECT_TRUE(watcher.Check().ok());
  EXPECT_TRUE(dir.switched_to.empty());
  EXPECT_EQ(watcher.switches(), 0);
}

TEST(GenerationWatcher, SwitchesOnceToANewlyCommittedGeneration) {
  FakeDataDir dir;
  auto watcher = dir.Watcher("gen-1");
  dir.committed = "gen-2";
  EXPECT_TRUE(watcher.Check().ok());
  EXPECT_TRUE(watcher.Check().ok());
  EXPECT_EQ(dir.switched_to, std::vector<std::string>{"gen-2"});
  EXPECT_EQ(watcher.serving(), "gen-2");
  EXPECT_EQ(watcher.switches(), 1);
}

TEST(GenerationWatcher, AFailedSwitchKeepsTheOldGenerationAndIsTriedAgain) {
  FakeDataDir dir;
  auto watcher = dir.Watcher("gen-1");
  dir.committed = "gen-2";
  dir.open_error = Status::Corruption("index gen-2: bad postings");
  Status first = watcher.Check();
  EXPECT_FALSE(first.ok());
  EXPECT_NE(first.message().find("switching to index generation gen-2"), std::string::npos);
  EXPECT_FALSE(watcher.Check().ok());
  EXPECT_EQ(watcher.serving(), "gen-1");
  EXPECT_EQ(dir.errors.size(), 1u) << "the same error is reported once";
  dir.open_error = Status::OK();
  EXPECT_TRUE(watcher.Check().ok());
  EXPECT_EQ(watcher.serving(), "gen-2");
}

TEST(GenerationWatcher, AnUnreadableStoreIsReportedAndChangesNothing) {
  FakeDataDir dir;
  auto watcher = dir.Watcher("gen-1");
  dir.probe_error = Status::Unavailable("database is locked");
  EXPECT_FALSE(watcher.Check().ok());
  ASSERT_EQ(dir.errors.size(), 1u);
  EXPECT_NE(dir.errors[0].find("database is locked"), std::string::npos);
  EXPECT_EQ(watcher.serving(), "gen-1");
  // Recovering clears the error: the same failure later is reported again.
  dir.probe_error = Status::OK();
  EXPECT_TRUE(watcher.Check().ok());
  dir.probe_error = Status::Unavailable("database is locked");
  EXPECT_FALSE(watcher.Check().ok());
  EXPECT_EQ(dir.errors.size(), 2u);
}

TEST(GenerationWatcher, APokeMakesTheWatchingThreadLookNow) {
  FakeDataDir dir;
  auto watcher = dir.Watcher("gen-1");
  watcher.Start(std::chrono::milliseconds(0));  // only a poke makes it look
  {
    std::lock_guard lock(dir.mu);
    dir.committed = "gen-2";
  }
  watcher.Poke();
  // Waits for the thread, without a bound on how fast it must be.
  for (int i = 0; i < 6000 && watcher.switches() == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(watcher.serving(), "gen-2");
  watcher.Stop();
  watcher.Stop();  // idempotent
}

}  // namespace
}  // namespace evident
