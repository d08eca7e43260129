#include "ingest/pubmed_fetcher.h"

namespace evident {

namespace {

bool AllBatchesCached(const EutilsClient& client, const EsearchResult& search, int batch_size) {
  for (size_t start = 0; start < search.pmids.size(); start += batch_size) {
    if (!client.IsFetchCached(search, static_cast<int>(start), batch_size)) return false;
  }
  return true;
}

}  // namespace

Result<FetchPubmedSummary> FetchPubmed(const PubmedQuery& query, EutilsClient& client, Store& store,
                                       const std::string& index_root,
                                       const FetchPubmedOptions& options) {
  if (options.batch_size < 1) return Status::InvalidArgument("efetch batch size must be >= 1");
  bool use_cache = !options.refresh;
  auto search = client.Search(query, use_cache);
  if (!search.ok()) return search.status();
  if (search->from_cache && !AllBatchesCached(client, *search, options.batch_size)) {
    search = client.Search(query, /*use_cache=*/false);
    if (!search.ok()) return search.status();
  }
  FetchPubmedSummary summary;
  summary.matches = search->count;
  summary.pmids = static_cast<int64_t>(search->pmids.size());
  summary.search_from_cache = search->from_cache;
  int total =
      static_cast<int>((search->pmids.size() + options.batch_size - 1) / options.batch_size);
  std::vector<std::string> files;
  for (size_t start = 0; start < search->pmids.size(); start += options.batch_size) {
    auto batch = client.Fetch(*search, static_cast<int>(start), options.batch_size, use_cache);
    if (!batch.ok()) return batch.status();
    files.push_back(batch->path);
    ++summary.batches;
    summary.batches_from_cache += batch->from_cache ? 1 : 0;
    if (options.on_batch) options.on_batch(summary.batches, total);
  }
  summary.http = client.stats();
  if (files.empty()) return summary;
  auto ingested = IngestPaths(files, store, index_root, options.ingest);
  if (!ingested.ok()) return ingested.status();
  summary.ingested = true;
  summary.ingest = std::move(*ingested);
  return summary;
}

}  // namespace evident
