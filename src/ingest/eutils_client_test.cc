#include "ingest/eutils_client.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "common/input_file.h"
#include "common/testing.h"
#include "ingest/fake_eutils_server.h"

namespace evident {
namespace {

using std::chrono::seconds;
using ::testing::ElementsAre;
using testing::FakeEutilsServer;
using ::testing::HasSubstr;
using testing::HistoryEsearchReply;
using testing::kFourPmids;
using ::testing::Not;
using testing::RealEutilsReply;

class EutilsClientTest : public ::testing::Test {
 protected:
  EutilsClient Client(std::string api_key = "") {
    EutilsOptions options;
    options.base_url = ncbi_.base_url();
    options.api_key = std::move(api_key);
    options.email = "dev@example.org";
    options.cache_dir = cache_dir_;
    options.clock = &clock_;
    return EutilsClient(options);
  }
  Clock::Duration Since0(Clock::TimePoint t) { return t - Clock::TimePoint{}; }

  ManualClock clock_;
  FakeEutilsServer ncbi_{&clock_};
  std::string cache_dir_ = evident::testing::TempDir() + "/cache";
};

TEST_F(EutilsClientTest, ReadsTheRealEsearchReplyAndAsksForAHistorySession) {
  ncbi_.SetEsearchReply(RealEutilsReply("biopython/esearch1.xml"));
  EutilsClient client = Client();
  auto search = client.Search({.term = "biopython", .max_results = 20, .since = ""});
  ASSERT_TRUE(search.ok()) << search.status().ToString();
  EXPECT_EQ(search->count, 63);
  ASSERT_EQ(search->pmids.size(), 20u);
  EXPECT_EQ(search->pmids.front(), "41282813");
  EXPECT_EQ(search->pmids.back(), "37810457");
  EXPECT_TRUE(search->web_env.empty());  // this reply was made without usehistory
  EXPECT_FALSE(search->from_cache);

  auto requests = ncbi_.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].endpoint, "esearch.fcgi");
  EXPECT_EQ(requests[0].params["db"], "pubmed");
  EXPECT_EQ(requests[0].params["term"], "biopython");
  EXPECT_EQ(requests[0].params["usehistory"], "y");
  EXPECT_EQ(requests[0].params["retmax"], "20");
  EXPECT_EQ(requests[0].params["tool"], "evident");
  EXPECT_EQ(requests[0].params["email"], "dev@example.org");
  EXPECT_EQ(requests[0].params.count("api_key"), 0u);
}

TEST_F(EutilsClientTest, PagesThroughTheHistoryServerInBatches) {
  ncbi_.SetEsearchReply(HistoryEsearchReply(kFourPmids, "MCID_abc"));
  ncbi_.SetEfetchReply(0, RealEutilsReply("biopython/pubmed1.xml"));
  ncbi_.SetEfetchReply(2, RealEutilsReply("biopython/pubmed2.xml"));
  EutilsClient client = Client();
  auto search = client.Search({.term = "aids treatment", .max_results = 4, .since = ""});
  ASSERT_TRUE(search.ok()) << search.status().ToString();
  EXPECT_EQ(search->web_env, "MCID_abc");
  EXPECT_EQ(search->query_key, "1");
  EXPECT_EQ(search->pmids, kFourPmids);

  auto first = client.Fetch(*search, 0, 2);
  auto second = client.Fetch(*search, 2, 2);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(*ReadFileContents(first->path), RealEutilsReply("biopython/pubmed1.xml"));
  EXPECT_EQ(*ReadFileContents(second->path), RealEutilsReply("biopython/pubmed2.xml"));
  EXPECT_NE(first->path, second->path);

  auto requests = ncbi_.requests();
  ASSERT_EQ(requests.size(), 3u);
  for (int i : {1, 2}) {
    EXPECT_EQ(requests[i].endpoint, "efetch.fcgi");
    EXPECT_EQ(requests[i].params["WebEnv"], "MCID_abc");
    EXPECT_EQ(requests[i].params["query_key"], "1");
    EXPECT_EQ(requests[i].params["retmax"], "2");
    EXPECT_EQ(requests[i].params["retmode"], "xml");
    EXPECT_EQ(requests[i].params.count("id"), 0u);
  }
  EXPECT_EQ(requests[1].params["retstart"], "0");
  EXPECT_EQ(requests[2].params["retstart"], "2");
}

TEST_F(EutilsClientTest, FetchesByIdWhenTheSearchHasNoHistorySession) {
  ncbi_.SetEsearchReply(RealEutilsReply("biopython/esearch1.xml"));
  ncbi_.SetEfetchReply(-1, RealEutilsReply("biopython/pubmed1.xml"));
  EutilsClient client = Client();
  auto search = client.Search({.term = "biopython", .max_results = 20, .since = ""});
  ASSERT_TRUE(search.ok());
  auto batch = client.Fetch(*search, 18, 5);  // only two are left from 18
  ASSERT_TRUE(batch.ok()) << batch.status().ToString();
  EXPECT_EQ(batch->retmax, 2);
  auto requests = ncbi_.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[1].params["id"], "38235175,37810457");
  EXPECT_EQ(requests[1].params.count("WebEnv"), 0u);
}

TEST_F(EutilsClientTest, RetriesA429AfterBackingOff) {
  ncbi_.SetEsearchReply(RealEutilsReply("biopython/esearch1.xml"));
  ncbi_.FailNext("esearch.fcgi", 429, 1);
  EutilsClient client = Client();
  auto search = client.Search({.term = "biopython", .max_results = 20, .since = ""});
  ASSERT_TRUE(search.ok()) << search.status().ToString();
  EXPECT_EQ(search->count, 63);
  EXPECT_EQ(ncbi_.count("esearch.fcgi"), 2u);
  EXPECT_EQ(client.stats().requests, 2);
  EXPECT_EQ(client.stats().retries, 1);
  EXPECT_THAT(clock_.sleeps(), ElementsAre(seconds(1)));
}

TEST_F(EutilsClientTest, Retries5xxWithExponentialBackoff) {
  ncbi_.SetEsearchReply(HistoryEsearchReply(kFourPmids));
  ncbi_.SetEfetchReply(0, RealEutilsReply("biopython/pubmed1.xml"));
  EutilsClient client = Client();
  auto search = client.Search({.term = "aids", .max_results = 4, .since = ""});
  ASSERT_TRUE(search.ok());
  ncbi_.FailNext("efetch.fcgi", 500, 1);
  ncbi_.FailNext("efetch.fcgi", 502, 1);
  ncbi_.FailNext("efetch.fcgi", 503, 1);
  auto batch = client.Fetch(*search, 0, 2);
  ASSERT_TRUE(batch.ok()) << batch.status().ToString();
  EXPECT_EQ(ncbi_.count("efetch.fcgi"), 4u);
  EXPECT_THAT(clock_.sleeps(), ElementsAre(seconds(1), seconds(2), seconds(4)));
}

TEST_F(EutilsClientTest, HonoursRetryAfterWhenLongerThanTheBackoff) {
  ncbi_.SetEsearchReply(RealEutilsReply("biopython/esearch1.xml"));
  ncbi_.FailNext("esearch.fcgi", 503, 1, "7");
  EutilsClient client = Client();
  ASSERT_TRUE(client.Search({.term = "biopython", .max_results = 20, .since = ""}).ok());
  EXPECT_THAT(clock_.sleeps(), ElementsAre(seconds(7)));
}

TEST_F(EutilsClientTest, GivesUpAfterMaxAttemptsWithoutShowingTheKey) {
  ncbi_.FailNext("esearch.fcgi", 429, 10);
  EutilsClient client = Client("SECRET-KEY-123");
  auto search = client.Search({.term = "biopython", .max_results = 20, .since = ""});
  ASSERT_FALSE(search.ok());
  EXPECT_EQ(search.status().code(), Status::Code::kUnavailable);
  EXPECT_THAT(search.status().message(), HasSubstr("HTTP 429"));
  EXPECT_THAT(search.status().message(), HasSubstr("5 attempts"));
  EXPECT_THAT(search.status().message(), Not(HasSubstr("SECRET-KEY-123")));
  EXPECT_EQ(ncbi_.count("esearch.fcgi"), 5u);
  // The key was sent, as NCBI needs it.
  EXPECT_EQ(ncbi_.requests()[0].params["api_key"], "SECRET-KEY-123");
  EXPECT_THAT(clock_.sleeps(), ElementsAre(seconds(1), seconds(2), seconds(4), seconds(8)));
}

TEST_F(EutilsClientTest, DoesNotRetryAClientError) {
  ncbi_.FailNext("esearch.fcgi", 400, 1);
  EutilsClient client = Client();
  auto search = client.Search({.term = "biopython", .max_results = 20, .since = ""});
  ASSERT_FALSE(search.ok());
  EXPECT_THAT(search.status().message(), HasSubstr("HTTP 400"));
  EXPECT_EQ(ncbi_.count("esearch.fcgi"), 1u);
  EXPECT_TRUE(clock_.sleeps().empty());
}

TEST_F(EutilsClientTest, KeepsThreeRequestsASecondWithoutAKey) {
  ncbi_.SetEsearchReply(RealEutilsReply("biopython/esearch1.xml"));
  EutilsClient client = Client();
  for (int i = 0; i < 7; ++i) {
    ASSERT_TRUE(client
                    .Search({.term = "biopython", .max_results = 20, .since = ""},
                            /*use_cache=*/false)
                    .ok());
  }
  std::vector<Clock::Duration> arrived;
  for (const auto& r : ncbi_.requests()) arrived.push_back(Since0(r.at));
  EXPECT_THAT(arrived, ElementsAre(seconds(0), seconds(0), seconds(0), seconds(1), seconds(1),
                                   seconds(1), seconds(2)));
}

TEST_F(EutilsClientTest, KeepsTenRequestsASecondWithAKey) {
  ncbi_.SetEsearchReply(RealEutilsReply("biopython/esearch1.xml"));
  EutilsClient client = Client("KEY");
  for (int i = 0; i < 11; ++i) {
    ASSERT_TRUE(client
                    .Search({.term = "biopython", .max_results = 20, .since = ""},
                            /*use_cache=*/false)
                    .ok());
  }
  auto requests = ncbi_.requests();
  ASSERT_EQ(requests.size(), 11u);
  EXPECT_EQ(Since0(requests[9].at), seconds(0));
  EXPECT_EQ(Since0(requests[10].at), seconds(1));
}

TEST_F(EutilsClientTest, AnswersRepeatedRequestsFromTheCacheWithoutTheKeyOnDisk) {
  ncbi_.SetEsearchReply(HistoryEsearchReply(kFourPmids));
  ncbi_.SetEfetchReply(0, RealEutilsReply("biopython/pubmed1.xml"));
  PubmedQuery query{.term = "aids", .max_results = 4, .since = ""};
  {
    EutilsClient client = Client("SECRET-KEY-123");
    auto search = client.Search(query);
    ASSERT_TRUE(search.ok());
    ASSERT_TRUE(client.Fetch(*search, 0, 2).ok());
    EXPECT_EQ(client.stats().cache_hits, 0);
  }
  EutilsClient client = Client("SECRET-KEY-123");
  auto search = client.Search(query);
  ASSERT_TRUE(search.ok());
  EXPECT_TRUE(search->from_cache);
  EXPECT_EQ(search->pmids, kFourPmids);
  EXPECT_TRUE(client.IsFetchCached(*search, 0, 2));
  EXPECT_FALSE(client.IsFetchCached(*search, 2, 2));
  auto batch = client.Fetch(*search, 0, 2);
  ASSERT_TRUE(batch.ok());
  EXPECT_TRUE(batch->from_cache);
  EXPECT_EQ(*ReadFileContents(batch->path), RealEutilsReply("biopython/pubmed1.xml"));
  EXPECT_EQ(client.stats().requests, 0);
  EXPECT_EQ(client.stats().cache_hits, 2);
  EXPECT_EQ(ncbi_.requests().size(), 2u);  // only the first client's

  // A different query, or the same one without the cache, asks NCBI.
  ASSERT_TRUE(client.Search({.term = "aids", .max_results = 3, .since = ""}).ok());
  ASSERT_TRUE(client.Search(query, /*use_cache=*/false).ok());
  EXPECT_EQ(ncbi_.requests().size(), 4u);

  for (const auto& entry : std::filesystem::directory_iterator(cache_dir_)) {
    EXPECT_THAT(*ReadFileContents(entry.path().string()), Not(HasSubstr("SECRET-KEY-123")))
        << entry.path();
  }
}

TEST_F(EutilsClientTest, ACachedSearchExpires) {
  ncbi_.SetEsearchReply(RealEutilsReply("biopython/esearch1.xml"));
  PubmedQuery query{.term = "biopython", .max_results = 20, .since = ""};
  EutilsClient client = Client();
  ASSERT_TRUE(client.Search(query).ok());
  for (const auto& entry : std::filesystem::directory_iterator(cache_dir_)) {
    std::filesystem::last_write_time(
        entry.path(), std::filesystem::file_time_type::clock::now() - std::chrono::hours(25));
  }
  auto again = client.Search(query);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->from_cache);
  EXPECT_EQ(ncbi_.count("esearch.fcgi"), 2u);
}

TEST_F(EutilsClientTest, ReportsNcbiErrorsAndCachesNoBadReply) {
  ncbi_.SetEsearchReply(
      "<?xml version=\"1.0\" ?><eSearchResult><ERROR>Invalid query</ERROR></eSearchResult>");
  EutilsClient client = Client();
  auto search = client.Search({.term = "((", .max_results = 20, .since = ""});
  ASSERT_FALSE(search.ok());
  EXPECT_EQ(search.status().code(), Status::Code::kInvalidArgument);
  EXPECT_THAT(search.status().message(), HasSubstr("Invalid query"));

  ncbi_.SetEsearchReply(HistoryEsearchReply(kFourPmids));
  auto good = client.Search({.term = "aids", .max_results = 4, .since = ""});
  ASSERT_TRUE(good.ok());
  auto batch = client.Fetch(*good, 2, 2);  // the fake has no reply for retstart 2: NCBI's ERROR
  ASSERT_FALSE(batch.ok());
  EXPECT_THAT(batch.status().message(), HasSubstr("Empty result"));
  EXPECT_FALSE(client.IsFetchCached(*good, 2, 2));
}

TEST_F(EutilsClientTest, SinceAsksForAPublicationDateRange) {
  ncbi_.SetEsearchReply(RealEutilsReply("biopython/esearch1.xml"));
  EutilsClient client = Client();
  ASSERT_TRUE(client.Search({.term = "biopython", .max_results = 20, .since = "2020-06"}).ok());
  auto request = ncbi_.requests().at(0);
  EXPECT_EQ(request.params["datetype"], "pdat");
  EXPECT_EQ(request.params["mindate"], "2020/06/01");
  EXPECT_EQ(request.params["maxdate"], "3000");
  auto bad = client.Search({.term = "biopython", .max_results = 20, .since = "June 2020"});
  EXPECT_EQ(bad.status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(ncbi_.requests().size(), 1u);
}

TEST(EsearchDate, AcceptsYearMonthDay) {
  EXPECT_EQ(*EsearchDate("2020"), "2020/01/01");
  EXPECT_EQ(*EsearchDate("2020-06"), "2020/06/01");
  EXPECT_EQ(*EsearchDate("2020-06-15"), "2020/06/15");
  for (const char* bad : {"", "20", "2020-6", "2020-13", "2020-06-32", "2020/06/15", "yesterday"}) {
    EXPECT_FALSE(EsearchDate(bad).ok()) << bad;
  }
}

TEST(EutilsClient, RefusesAnOutOfRangeMaximum) {
  EutilsOptions options;
  options.base_url = "http://127.0.0.1:9";  // never reached
  options.cache_dir = evident::testing::TempDir();
  EutilsClient client(options);
  EXPECT_FALSE(client.Search({.term = "x", .max_results = 0, .since = ""}).ok());
  EXPECT_FALSE(
      client.Search({.term = "x", .max_results = kMaxPubmedResults + 1, .since = ""}).ok());
  EXPECT_FALSE(client.Search({.term = "", .max_results = 10, .since = ""}).ok());
  EXPECT_EQ(client.stats().requests, 0);
}

}  // namespace
}  // namespace evident
