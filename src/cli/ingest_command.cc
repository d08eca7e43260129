#include <cstdio>
#include <filesystem>

#include "cli/commands.h"
#include "cli/engine.h"
#include "cli/progress_bar.h"
#include "common/data_layout.h"
#include "ingest/corpus_ingester.h"

namespace evident::cli {

namespace {

constexpr int kMaxErrorsPrinted = 50;

struct IngestArgs {
  std::vector<std::string> paths;
  int threads = 0;
  bool no_index = false;
};

void PrintSummary(const IngestSummary& s) {
  std::printf("ingested %s files (%s skipped as not corpus) in %.1f s\n",
              WithThousands(s.files_read).c_str(), WithThousands(s.files_skipped).c_str(),
              s.parse_store_seconds);
  std::printf(
      "  documents: %s parsed, %s added, %s updated, %s unchanged, %s deleted, %s superseded\n",
      WithThousands(s.documents_parsed).c_str(), WithThousands(s.put.added).c_str(),
      WithThousands(s.put.updated).c_str(), WithThousands(s.put.unchanged).c_str(),
      WithThousands(s.deleted).c_str(), WithThousands(s.superseded).c_str());
  std::printf("  passages: %s   errors (records skipped): %s\n",
              WithThousands(s.passages_written).c_str(), WithThousands(s.errors).c_str());
  if (s.index_rebuilt) {
    std::printf("  index %s: %s passages, %s documents, %s terms, %.1f MiB, built in %.1f s\n",
                s.generation.c_str(),
                WithThousands(static_cast<long long>(s.index.passages)).c_str(),
                WithThousands(static_cast<long long>(s.index.documents)).c_str(),
                WithThousands(static_cast<long long>(s.index.terms)).c_str(),
                static_cast<double>(s.index.bytes) / (1 << 20), s.index_seconds);
  } else {
    std::printf("  index %s is up to date\n", s.generation.c_str());
  }
}

void RunIngest(const IngestArgs& args, GlobalOptions& global) {
  DataLayout layout{global.data_dir};
  std::error_code ec;
  std::filesystem::create_directories(layout.dir, ec);
  if (ec) {
    PrintError(Status::IOError("creating data directory " + layout.dir + ": " + ec.message()));
    global.exit_code = 1;
    return;
  }
  auto store = OpenStore(layout.store_path());
  if (!store.ok()) {
    PrintError(store.status());
    global.exit_code = 1;
    return;
  }
  ProgressBar bar(!global.quiet && StderrIsTerminal());
  int printed = 0;
  IngestOptions options;
  options.threads = args.threads;
  options.index.threads = args.threads;
  options.rebuild_index = !args.no_index;
  options.on_error = [&](const IngestError& e) {
    if (++printed > kMaxErrorsPrinted) return;
    bar.Finish();
    std::fprintf(stderr, "warning: %s%s\n", e.ToString().c_str(),
                 printed == kMaxErrorsPrinted ? " (further errors counted, not shown)" : "");
  };
  options.on_progress = [&](const IngestProgress& p) {
    double fraction = p.bytes_total > 0 ? static_cast<double>(p.bytes_done) / p.bytes_total : -1;
    std::string label = WithThousands(p.documents) +
                        (std::string(p.phase) == "indexing" ? " passages" : " documents") + ", " +
                        std::to_string(p.files_done) + "/" + std::to_string(p.files_total) +
                        " files";
    bar.Update(p.phase, std::string(p.phase) == "indexing" ? -1 : fraction, label);
  };
  auto summary = IngestPaths(args.paths, **store, layout.index_root(), options);
  bar.Finish();
  if (!summary.ok()) {
    PrintError(summary.status());
    global.exit_code = 1;
    return;
  }
  PrintSummary(*summary);
}

}  // namespace

void AddIngestCommand(CLI::App& app, GlobalOptions& global) {
  auto args = std::make_shared<IngestArgs>();
  CLI::App* cmd = app.add_subcommand(
      "ingest",
      "Read documents (PubMed XML, JSON Lines, Markdown, guideline HTML; .gz too) from files or\n"
      "directories into the store, then rebuild the index. Re-ingesting is idempotent; malformed\n"
      "records are reported with their location and skipped.");
  cmd->add_option("paths", args->paths, "Files or directories to ingest")->required();
  cmd->add_option("-j,--threads", args->threads, "Parser and indexer threads (0 = all cores)")
      ->capture_default_str();
  cmd->add_flag("--no-index", args->no_index, "Only update the store; do not rebuild the index");
  cmd->callback([args, &global] { RunIngest(*args, global); });
}

}  // namespace evident::cli
