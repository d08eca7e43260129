// Live PubMed for the commands: the E-utilities client as `fetch-pubmed` and `ask --live-pubmed`
// set it up (base URL, NCBI_API_KEY, NCBI_EMAIL, the cache in the data directory), and the
// top-up that `ask` does when the local evidence does not answer a question.
// Thread-safety: plain functions; one per data directory at a time (they ingest).
#pragma once

#include <string>

#include "common/data_layout.h"
#include "ingest/pubmed_fetcher.h"

namespace evident::cli {

//! The client options: `base_url` if not empty, else env EVIDENT_EUTILS_URL, else NCBI's;
//! the key from NCBI_API_KEY and the contact from NCBI_EMAIL; the cache in the data directory.
EutilsOptions EutilsOptionsFor(const DataLayout& layout, const std::string& base_url = "");

//! Fetches up to `max_records` PubMed records matching `question` into `store` and the index
//! of `layout` (quietly: skipped records are counted, not printed).
Result<FetchPubmedSummary> TopUpFromPubmed(const std::string& question, int max_records,
                                           Store& store, const DataLayout& layout);

}  // namespace evident::cli
