#include "ingest/pubmed_fetcher.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "common/testing.h"
#include "ingest/fake_eutils_server.h"

namespace evident {
namespace {

using testing::FakeEutilsServer;
using testing::HistoryEsearchReply;
using testing::kFourPmids;
using testing::RealEutilsReply;

class FetchPubmedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ncbi_.SetEsearchReply(HistoryEsearchReply(kFourPmids));
    ncbi_.SetEfetchReply(0, RealEutilsReply("biopython/pubmed1.xml"));
    ncbi_.SetEfetchReply(2, RealEutilsReply("biopython/pubmed2.xml"));
    auto store = OpenStore(dir_ + "/evident.db");
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(*store);
  }
  Result<FetchPubmedSummary> Fetch(bool refresh = false) {
    EutilsOptions options;
    options.base_url = ncbi_.base_url();
    options.cache_dir = dir_ + "/pubmed-cache";
    options.clock = &clock_;
    EutilsClient client(options);
    FetchPubmedOptions fetch;
    fetch.batch_size = 2;
    fetch.refresh = refresh;
    fetch.ingest.threads = 1;
    fetch.ingest.index.threads = 1;
    fetch.on_batch = [&](int done, int total) { progress_.emplace_back(done, total); };
    return FetchPubmed(query_, client, *store_, dir_ + "/index", fetch);
  }

  ManualClock clock_;
  FakeEutilsServer ncbi_{&clock_};
  std::string dir_ = evident::testing::TempDir();
  std::unique_ptr<Store> store_;
  PubmedQuery query_{.term = "aids treatment", .max_results = 4, .since = ""};
  std::vector<std::pair<int, int>> progress_;
};

TEST_F(FetchPubmedTest, IngestsEveryFetchedRecordIntoTheStoreAndIndex) {
  auto summary = Fetch();
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->matches, 4);
  EXPECT_EQ(summary->pmids, 4);
  EXPECT_EQ(summary->batches, 2);
  EXPECT_EQ(summary->batches_from_cache, 0);
  EXPECT_EQ(summary->http.requests, 3);
  ASSERT_TRUE(summary->ingested);
  EXPECT_EQ(summary->ingest.errors, 0);
  EXPECT_EQ(summary->ingest.put.added, 4);
  EXPECT_TRUE(summary->ingest.index_rebuilt);
  EXPECT_EQ(summary->ingest.index.documents, 4u);
  for (const auto& pmid : kFourPmids) {
    auto doc = store_->GetDocument("pmid:" + pmid);
    ASSERT_TRUE(doc.ok()) << pmid << ": " << doc.status().ToString();
    EXPECT_EQ(doc->pmid, pmid);
    EXPECT_FALSE(doc->title.empty());
  }
  EXPECT_EQ(progress_, (std::vector<std::pair<int, int>>{{1, 2}, {2, 2}}));
}

TEST_F(FetchPubmedTest, ASecondRunIsServedFromTheCacheAndChangesNothing) {
  ASSERT_TRUE(Fetch().ok());
  auto again = Fetch();
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_TRUE(again->search_from_cache);
  EXPECT_EQ(again->batches_from_cache, 2);
  EXPECT_EQ(again->http.requests, 0);
  EXPECT_EQ(ncbi_.requests().size(), 3u);
  EXPECT_EQ(again->ingest.put.unchanged, 4);
  EXPECT_EQ(again->ingest.put.added, 0);

  auto refreshed = Fetch(/*refresh=*/true);
  ASSERT_TRUE(refreshed.ok());
  EXPECT_EQ(refreshed->http.requests, 3);
  EXPECT_EQ(ncbi_.requests().size(), 6u);
}

TEST_F(FetchPubmedTest, ACachedSearchWithAMissingBatchIsAskedAgainForAFreshSession) {
  ASSERT_TRUE(Fetch().ok());
  // Lose the second batch from the cache; the cached search's WebEnv may have expired since.
  for (const auto& entry : std::filesystem::directory_iterator(dir_ + "/pubmed-cache")) {
    auto text = ReadFileContents(entry.path().string());
    if (text.ok() && text->find("<PMID Version=\"1\">11748933") != std::string::npos) {
      std::filesystem::remove(entry.path());
    }
  }
  ncbi_.SetEsearchReply(HistoryEsearchReply(kFourPmids, "MCID_fresh"));
  auto again = Fetch();
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_FALSE(again->search_from_cache);
  EXPECT_EQ(again->batches_from_cache, 1);
  auto requests = ncbi_.requests();
  ASSERT_EQ(requests.size(), 5u);
  EXPECT_EQ(requests[3].endpoint, "esearch.fcgi");
  EXPECT_EQ(requests[4].params["WebEnv"], "MCID_fresh");
  EXPECT_EQ(requests[4].params["retstart"], "2");
}

TEST_F(FetchPubmedTest, AQueryThatMatchesNothingIngestsNothing) {
  ncbi_.SetEsearchReply(HistoryEsearchReply({}));
  auto summary = Fetch();
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->matches, 0);
  EXPECT_EQ(summary->batches, 0);
  EXPECT_FALSE(summary->ingested);
  EXPECT_EQ(ncbi_.count("efetch.fcgi"), 0u);
}

TEST_F(FetchPubmedTest, AFailedBatchFailsTheFetchAndKeepsTheStoreUntouched) {
  ncbi_.FailNext("efetch.fcgi", 503, 100);
  auto summary = Fetch();
  ASSERT_FALSE(summary.ok());
  EXPECT_THAT(summary.status().message(), ::testing::HasSubstr("HTTP 503"));
  auto stats = store_->Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->documents, 0);
}

}  // namespace
}  // namespace evident
