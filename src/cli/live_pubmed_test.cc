#include "cli/live_pubmed.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "common/testing.h"
#include "ingest/fake_eutils_server.h"

namespace evident::cli {
namespace {

TEST(LivePubmed, TopsUpTheStoreAndIndexFromTheConfiguredEutils) {
  ManualClock clock;
  evident::testing::FakeEutilsServer ncbi(&clock);
  ncbi.SetEsearchReply(evident::testing::HistoryEsearchReply({"12091962", "9997"}));
  ncbi.SetEfetchReply(0, evident::testing::RealEutilsReply("biopython/pubmed1.xml"));
  ASSERT_EQ(setenv("EVIDENT_EUTILS_URL", ncbi.base_url().c_str(), 1), 0);
  ASSERT_EQ(setenv("NCBI_API_KEY", "KEY-FROM-ENV", 1), 0);
  DataLayout layout{evident::testing::TempDir()};
  auto store = OpenStore(layout.store_path());
  ASSERT_TRUE(store.ok());

  auto summary = TopUpFromPubmed("How is AIDS treated in prisons?", 2, **store, layout);
  unsetenv("EVIDENT_EUTILS_URL");
  unsetenv("NCBI_API_KEY");
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->ingest.put.added, 2);
  EXPECT_TRUE(summary->ingest.index_rebuilt);
  EXPECT_TRUE((*store)->GetDocument("pmid:12091962").ok());
  auto requests = ncbi.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].params["term"], "How is AIDS treated in prisons?");
  EXPECT_EQ(requests[0].params["retmax"], "2");
  EXPECT_EQ(requests[0].params["api_key"], "KEY-FROM-ENV");
  EXPECT_TRUE(std::filesystem::exists(layout.pubmed_cache()));
}

TEST(LivePubmed, OptionsComeFromTheFlagThenTheEnvironment) {
  DataLayout layout{"/data"};
  ASSERT_EQ(setenv("EVIDENT_EUTILS_URL", "http://127.0.0.1:9/eutils", 1), 0);
  EXPECT_EQ(EutilsOptionsFor(layout).base_url, "http://127.0.0.1:9/eutils");
  EXPECT_EQ(EutilsOptionsFor(layout, "http://mirror/eutils").base_url, "http://mirror/eutils");
  unsetenv("EVIDENT_EUTILS_URL");
  EXPECT_EQ(EutilsOptionsFor(layout).base_url, kEutilsBaseUrl);
  EXPECT_EQ(EutilsOptionsFor(layout).cache_dir, "/data/pubmed-cache");
}

}  // namespace
}  // namespace evident::cli
