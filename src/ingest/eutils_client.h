// EutilsClient: NCBI E-utilities for PubMed — esearch (the PMIDs matching a query, kept on the
// history server) and efetch (their PubMed XML, in batches by retstart/retmax through that
// history, WebEnv + query_key). It is a well-behaved client:
//   - NCBI's rate limit is kept on the client side: 3 requests a second, 10 with an API key;
//   - 429 and 5xx replies and requests that got no reply are retried with exponential back-off
//     (1 s, 2 s, 4 s, ... or the server's Retry-After when longer), up to max_attempts;
//   - every reply is kept in an on-disk ResponseCache keyed by the request: an efetch batch by
//     the PMIDs it holds (so it is reused whatever history session fetched it), an esearch for
//     search_cache_ttl (PubMed grows daily);
//   - the API key goes into requests only: never into messages, cache keys or files.
// Waiting (rate limit, back-off) goes through the Clock seam and HTTP through the HttpClient
// seam, so tests run against a loopback server and a ManualClock.
// Thread-safety: not thread-safe; one client per thread (they may share a cache directory).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "ingest/response_cache.h"
#include "net/http_client.h"
#include "net/rate_limiter.h"

namespace evident {

//! NCBI's E-utilities.
inline constexpr const char* kEutilsBaseUrl = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils";
//! The most PMIDs esearch gives for one PubMed query (NCBI caps retstart + retmax there).
inline constexpr int kMaxPubmedResults = 10000;

struct EutilsOptions {
  std::string base_url = kEutilsBaseUrl;  //!< no trailing slash needed
  std::string api_key;                    //!< NCBI API key (env NCBI_API_KEY); empty: none
  std::string tool = "evident";           //!< identifies the software to NCBI
  std::string email;  //!< a contact address for NCBI (env NCBI_EMAIL); may be empty
  //! Requests a second; 0: NCBI's limit, 3, or 10 with an API key.
  int requests_per_second = 0;
  int max_attempts = 5;  //!< tries of one request, the first included
  int initial_backoff_ms = 1000;
  int max_backoff_ms = 32000;
  int timeout_ms = 60000;  //!< per request: connecting, then each wait for data
  //! Where replies are kept (required: efetch replies are the files that ingest reads).
  std::string cache_dir;
  //! How long a cached esearch reply is used; efetch replies do not expire.
  std::chrono::seconds search_cache_ttl = std::chrono::hours(24);
  std::shared_ptr<HttpClient> http;  //!< null: NewHttpClient()
  Clock* clock = nullptr;            //!< null: Clock::System()
};

struct PubmedQuery {
  std::string term;       //!< PubMed query syntax, or plain words
  int max_results = 100;  //!< at most kMaxPubmedResults
  //! Only records published on or after this date: "2020", "2020-06" or "2020-06-15".
  std::string since;
};

struct EsearchResult {
  int64_t count = 0;               //!< matches in PubMed
  std::vector<std::string> pmids;  //!< the first max_results of them, by relevance
  std::string web_env;             //!< history server session; empty if none was given
  std::string query_key;
  bool from_cache = false;
};

struct EfetchBatch {
  std::string path;  //!< the PubMed XML file (a cache entry)
  int retstart = 0;
  int retmax = 0;
  bool from_cache = false;
};

//! What a client has done so far.
struct EutilsStats {
  int64_t requests = 0;  //!< HTTP requests sent, retries included
  int64_t retries = 0;
  int64_t cache_hits = 0;
};

class EutilsClient {
 public:
  explicit EutilsClient(EutilsOptions options);

  //! esearch with usehistory=y. `use_cache` false always asks NCBI (and refreshes the cache).
  Result<EsearchResult> Search(const PubmedQuery& query, bool use_cache = true);

  //! efetch of `search.pmids[retstart, retstart + retmax)` as PubMed XML, through the history
  //! server when `search` has a WebEnv, else by id.
  Result<EfetchBatch> Fetch(const EsearchResult& search, int retstart, int retmax,
                            bool use_cache = true);

  //! True if Fetch would be answered from the cache.
  bool IsFetchCached(const EsearchResult& search, int retstart, int retmax) const;

  const EutilsStats& stats() const { return stats_; }

 private:
  Result<std::string> Get(const std::string& what, const std::string& endpoint,
                          std::vector<std::pair<std::string, std::string>> params);
  std::string FetchKey(const EsearchResult& search, int retstart, int retmax) const;

  EutilsOptions options_;
  Clock* clock_;
  RateLimiter limiter_;
  ResponseCache cache_;
  EutilsStats stats_;
};

//! "2020-06" -> "2020/06/01", the form esearch's mindate takes; InvalidArgument otherwise.
Result<std::string> EsearchDate(const std::string& date);

}  // namespace evident
