// FetchPubmed: live PubMed into the corpus. Runs a query through NCBI's E-utilities (esearch,
// then efetch in batches through the history server), and ingests the PubMed XML it got exactly
// as `evident ingest` ingests a PubMed file — the same parser, store and index rebuild
// (IngestPaths) — so fetched records are documents like any other. Batches already in the cache
// are not fetched again; a cached search whose batches are not all cached is asked again first,
// because its history session may have expired.
// Thread-safety: one fetch per data directory at a time (as IngestPaths).
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "common/status.h"
#include "ingest/corpus_ingester.h"
#include "ingest/eutils_client.h"
#include "store/store.h"

namespace evident {

struct FetchPubmedOptions {
  int batch_size = 200;  //!< records per efetch (NCBI suggests at most a few hundred)
  bool refresh = false;  //!< ask NCBI even for what is cached
  IngestOptions ingest;
  //! Called after each efetch batch: batches done, batches in all.
  std::function<void(int done, int total)> on_batch;
};

struct FetchPubmedSummary {
  int64_t matches = 0;  //!< PubMed's count for the query
  int64_t pmids = 0;    //!< how many of them were fetched (at most max_results)
  int batches = 0;
  int batches_from_cache = 0;
  bool search_from_cache = false;
  EutilsStats http;
  bool ingested = false;  //!< false when the query matched nothing
  IngestSummary ingest;
};

Result<FetchPubmedSummary> FetchPubmed(const PubmedQuery& query, EutilsClient& client, Store& store,
                                       const std::string& index_root,
                                       const FetchPubmedOptions& options);

}  // namespace evident
