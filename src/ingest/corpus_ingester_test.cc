#include "ingest/corpus_ingester.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "common/testing.h"
#include "index/index_directory.h"
#include "store/store.h"

namespace evident {
namespace {

namespace fs = std::filesystem;

std::string Abstract(const std::string& id, const std::string& title) {
  return R"({"id": ")" + id + R"(", "title": ")" + title +
         R"(", "sections": [{"label": "", "text": "Zorblatinib reduced pain in adults."}], )"
         R"("year": 2020, "partial": false})"
         "\n";
}

class CorpusIngesterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::TempDir();
    auto store = OpenStore(dir_ + "/evident.db");
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(*store);
  }
  Result<IngestSummary> Ingest(const std::string& file, const std::string& text) {
    std::ofstream(dir_ + "/" + file) << text;
    return IngestPaths({dir_ + "/" + file}, *store_, dir_ + "/index", {});
  }

  std::string dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(CorpusIngesterTest, StoreNamesTheGenerationBuiltFromItsCommittedContent) {
  auto first = Ingest("a.jsonl", Abstract("pmid:1", "First"));
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->generation, "gen-000001");
  EXPECT_EQ(*store_->GetMeta(kIndexGenerationMetaKey), "gen-000001");
  auto second = Ingest("b.jsonl", Abstract("pmid:2", "Second"));
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(*store_->GetMeta(kIndexGenerationMetaKey), "gen-000002");
  EXPECT_EQ(*IndexDirectory(dir_ + "/index").CurrentName(), "gen-000002");
  EXPECT_EQ(*ServingGeneration(*store_, dir_ + "/index"), "gen-000002");
}

TEST_F(CorpusIngesterTest,
       CrashBetweenCommitAndSwitchServesTheCommittedGenerationAndNextRunSwitches) {
  ASSERT_TRUE(Ingest("a.jsonl", Abstract("pmid:1", "First")).ok());
  ASSERT_TRUE(Ingest("b.jsonl", Abstract("pmid:2", "Second")).ok());
  // As if the second run died after its commit, before replacing CURRENT.
  std::ofstream(dir_ + "/index/CURRENT", std::ios::trunc) << "gen-000001\n";
  EXPECT_EQ(*ServingGeneration(*store_, dir_ + "/index"), "gen-000002");

  auto next = Ingest("b.jsonl", Abstract("pmid:2", "Second"));  // nothing changed
  ASSERT_TRUE(next.ok()) << next.status().ToString();
  EXPECT_FALSE(next->index_rebuilt);
  EXPECT_EQ(*IndexDirectory(dir_ + "/index").CurrentName(), "gen-000002");
}

TEST_F(CorpusIngesterTest, CrashBeforeCommitLeavesStoreAndIndexAsTheyWere) {
  ASSERT_TRUE(Ingest("a.jsonl", Abstract("pmid:1", "First")).ok());
  // A run that died after sealing its generation but before its store commit: the store does
  // not name gen-000002, so it never serves and the next build removes it.
  IndexDirectory index(dir_ + "/index");
  fs::create_directories(dir_ + "/index/gen-000002");
  std::ofstream(dir_ + "/index/gen-000002/meta.json") << "{}";
  EXPECT_EQ(*ServingGeneration(*store_, dir_ + "/index"), "gen-000001");

  auto next = Ingest("b.jsonl", Abstract("pmid:2", "Second"));
  ASSERT_TRUE(next.ok()) << next.status().ToString();
  EXPECT_EQ(next->generation, "gen-000003");
  EXPECT_FALSE(fs::exists(dir_ + "/index/gen-000002"));
}

TEST_F(CorpusIngesterTest, DataDirectoryWithoutTheMetaKeyServesCurrent) {
  ASSERT_TRUE(Ingest("a.jsonl", Abstract("pmid:1", "First")).ok());
  // Written before the key existed: only CURRENT says which generation serves.
  ASSERT_TRUE(store_->SetMeta(kIndexGenerationMetaKey, "").ok());
  EXPECT_EQ(*ServingGeneration(*store_, dir_ + "/index"), "gen-000001");
}

}  // namespace
}  // namespace evident
