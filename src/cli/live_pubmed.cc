#include "cli/live_pubmed.h"

#include <cstdlib>

#include "cli/glossary_sidecar.h"

namespace evident::cli {

namespace {

std::string EnvOrEmpty(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : "";
}

}  // namespace

EutilsOptions EutilsOptionsFor(const DataLayout& layout, const std::string& base_url) {
  EutilsOptions options;
  std::string url = base_url.empty() ? EnvOrEmpty("EVIDENT_EUTILS_URL") : base_url;
  if (!url.empty()) options.base_url = url;
  options.api_key = EnvOrEmpty("NCBI_API_KEY");
  options.email = EnvOrEmpty("NCBI_EMAIL");
  options.cache_dir = layout.pubmed_cache();
  return options;
}

Result<FetchPubmedSummary> TopUpFromPubmed(const std::string& question, int max_records,
                                           Store& store, const DataLayout& layout) {
  EutilsClient client(EutilsOptionsFor(layout));
  PubmedQuery query{.term = question, .max_results = max_records, .since = ""};
  FetchPubmedOptions options;
  options.ingest.sidecars.push_back(GlossarySidecar());
  return FetchPubmed(query, client, store, layout.index_root(), options);
}

}  // namespace evident::cli
