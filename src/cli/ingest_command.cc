#include <cstdio>

#include "cli/commands.h"
#include "cli/engine.h"
#include "cli/glossary_sidecar.h"
#include "cli/ingest_report.h"
#include "cli/progress_bar.h"
#include "common/data_layout.h"
#include "ingest/corpus_ingester.h"

namespace evident::cli {

namespace {

struct IngestArgs {
  std::vector<std::string> paths;
  int threads = 0;
  bool no_index = false;
};

void RunIngest(const IngestArgs& args, GlobalOptions& global) {
  DataLayout layout{global.data_dir};
  auto store = CreateStore(layout.dir, global.store);
  if (!store.ok()) {
    PrintError(store.status());
    global.exit_code = 1;
    return;
  }
  ProgressBar bar(!global.quiet && StderrIsTerminal());
  IngestOptions options;
  options.threads = args.threads;
  options.index.threads = args.threads;
  options.rebuild_index = !args.no_index;
  options.sidecars.push_back(GlossarySidecar());
  ReportIngestOn(bar, options);
  auto summary = IngestPaths(args.paths, **store, layout.index_root(), options);
  bar.Finish();
  if (!summary.ok()) {
    PrintError(summary.status());
    global.exit_code = 1;
    return;
  }
  PrintIngestSummary(*summary);
}

}  // namespace

void AddIngestCommand(CLI::App& app, GlobalOptions& global) {
  auto args = std::make_shared<IngestArgs>();
  CLI::App* cmd = app.add_subcommand(
      "ingest",
      "Read documents (PubMed XML, JSON Lines, Markdown, guideline HTML; .gz too) from files or\n"
      "directories into the store, then rebuild the index. Re-ingesting is idempotent; malformed\n"
      "records are reported with their location and skipped. A PubMed update file replaces\n"
      "citations, applies DeleteCitation and retraction notices, and sends the saved articles\n"
      "citing a deleted or retracted paper back to review (in --store).");
  cmd->add_option("paths", args->paths, "Files or directories to ingest")->required();
  cmd->add_option("-j,--threads", args->threads, "Parser and indexer threads (0 = all cores)")
      ->capture_default_str();
  cmd->add_flag("--no-index", args->no_index, "Only update the store; do not rebuild the index");
  cmd->callback([args, &global] { RunIngest(*args, global); });
}

}  // namespace evident::cli
