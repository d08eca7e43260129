#include <cstdio>

#include "cli/commands.h"
#include "cli/engine.h"
#include "cli/glossary_sidecar.h"
#include "cli/ingest_report.h"
#include "cli/live_pubmed.h"
#include "cli/progress_bar.h"
#include "common/data_layout.h"
#include "ingest/pubmed_fetcher.h"

namespace evident::cli {

namespace {

struct FetchPubmedArgs {
  std::string query;
  int max = 100;
  std::string since;
  int batch = 200;
  std::string eutils_url;
  bool refresh = false;
  int threads = 0;
};

void RunFetchPubmed(const FetchPubmedArgs& args, GlobalOptions& global) {
  DataLayout layout{global.data_dir};
  auto store = CreateStore(layout.dir, global.store);
  if (!store.ok()) {
    PrintError(store.status());
    global.exit_code = 1;
    return;
  }
  EutilsOptions eutils = EutilsOptionsFor(layout, args.eutils_url);
  EutilsClient client(eutils);
  if (!global.quiet) {
    std::fprintf(stderr, "evident: asking %s (%s, %d requests/s)\n", eutils.base_url.c_str(),
                 eutils.api_key.empty() ? "no API key" : "with NCBI_API_KEY",
                 eutils.api_key.empty() ? 3 : 10);
  }

  ProgressBar bar(!global.quiet && StderrIsTerminal());
  FetchPubmedOptions options;
  options.batch_size = args.batch;
  options.refresh = args.refresh;
  options.ingest.threads = args.threads;
  options.ingest.index.threads = args.threads;
  options.ingest.sidecars.push_back(GlossarySidecar());
  ReportIngestOn(bar, options.ingest);
  options.on_batch = [&](int done, int total) {
    bar.Update("fetching", static_cast<double>(done) / total,
               std::to_string(done) + "/" + std::to_string(total) + " batches");
  };
  PubmedQuery query{.term = args.query, .max_results = args.max, .since = args.since};
  auto summary = FetchPubmed(query, client, **store, layout.index_root(), options);
  bar.Finish();
  if (!summary.ok()) {
    PrintError(summary.status());
    global.exit_code = summary.status().code() == Status::Code::kInvalidArgument ? 2 : 1;
    return;
  }
  const FetchPubmedSummary& s = *summary;
  std::printf(
      "PubMed: %s matches, %s fetched in %d batches (%d from the cache%s); %s requests, "
      "%s retries\n",
      WithThousands(s.matches).c_str(), WithThousands(s.pmids).c_str(), s.batches,
      s.batches_from_cache, s.search_from_cache ? ", search too" : "",
      WithThousands(s.http.requests).c_str(), WithThousands(s.http.retries).c_str());
  if (s.ingested) PrintIngestSummary(s.ingest);
}

}  // namespace

void AddFetchPubmedCommand(CLI::App& app, GlobalOptions& global) {
  auto args = std::make_shared<FetchPubmedArgs>();
  CLI::App* cmd = app.add_subcommand(
      "fetch-pubmed",
      "Search live PubMed (NCBI E-utilities) and ingest the matching records into the store and\n"
      "index like any PubMed file. Keeps NCBI's rate limit (3 requests/s, 10 with the API key in\n"
      "NCBI_API_KEY), retries 429/5xx with back-off, and keeps replies in <data-dir>/pubmed-cache\n"
      "so asking again costs no request. NCBI_EMAIL, if set, is sent as the contact address.");
  cmd->add_option("query", args->query, "PubMed query (PubMed syntax or plain words)")->required();
  cmd->add_option("--max", args->max, "Most records to fetch, best matches first")
      ->capture_default_str()
      ->check(CLI::Range(1, kMaxPubmedResults));
  cmd->add_option("--since", args->since,
                  "Only records published on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD)");
  cmd->add_option("--batch", args->batch, "Records per efetch request")
      ->capture_default_str()
      ->check(CLI::Range(1, 10000));
  cmd->add_option(
      "--eutils-url", args->eutils_url,
      std::string("E-utilities base URL (env EVIDENT_EUTILS_URL; default ") + kEutilsBaseUrl + ")");
  cmd->add_flag("--refresh", args->refresh, "Ask NCBI even for what is in the cache");
  cmd->add_option("-j,--threads", args->threads, "Parser and indexer threads (0 = all cores)")
      ->capture_default_str();
  cmd->callback([args, &global] { RunFetchPubmed(*args, global); });
}

}  // namespace evident::cli
