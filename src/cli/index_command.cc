#include <cstdio>

#include "cli/commands.h"
#include "cli/engine.h"
#include "cli/glossary_sidecar.h"
#include "cli/progress_bar.h"
#include "ingest/corpus_ingester.h"

namespace evident::cli {

namespace {

struct IndexArgs {
  IndexBuildOptions build;
};

void RunIndex(const IndexArgs& args, GlobalOptions& global) {
  DataLayout layout{global.data_dir};
  auto store = OpenStore(layout.store_path());
  if (!store.ok()) {
    PrintError(store.status());
    global.exit_code = 1;
    return;
  }
  ProgressBar bar(!global.quiet && StderrIsTerminal());
  IndexBuildStats stats;
  auto generation = RebuildIndex(
      **store, layout.index_root(), args.build, &stats,
      [&](int64_t passages) { bar.Update("indexing", -1, WithThousands(passages) + " passages"); },
      {GlossarySidecar()});
  bar.Finish();
  if (!generation.ok()) {
    PrintError(generation.status());
    global.exit_code = 1;
    return;
  }
  std::printf("index %s: %s passages, %s terms, %.1f MiB\n", generation->c_str(),
              WithThousands(static_cast<long long>(stats.passages)).c_str(),
              WithThousands(static_cast<long long>(stats.terms)).c_str(),
              static_cast<double>(stats.bytes) / (1 << 20));
}

}  // namespace

void AddIndexCommand(CLI::App& app, GlobalOptions& global) {
  auto args = std::make_shared<IndexArgs>();
  CLI::App* cmd = app.add_subcommand(
      "index",
      "Rebuild the index from the store as a new generation (e.g. with other BM25F\n"
      "parameters) and switch to it atomically.");
  ScoringParams& p = args->build.params;
  cmd->add_option("--k1", p.k1, "BM25 term-frequency saturation")->capture_default_str();
  cmd->add_option("--title-weight", p.weight[0], "BM25F weight of title and heading")
      ->capture_default_str();
  cmd->add_option("--keyword-weight", p.weight[2], "BM25F weight of MeSH and keywords")
      ->capture_default_str();
  cmd->add_option("--b-title", p.b[0], "Length normalisation of the title field")
      ->capture_default_str();
  cmd->add_option("--b-body", p.b[1], "Length normalisation of the body field")
      ->capture_default_str();
  cmd->add_option("--b-keywords", p.b[2], "Length normalisation of the keywords field")
      ->capture_default_str();
  cmd->add_option("-j,--threads", args->build.threads, "Analysis threads (0 = all cores)");
  cmd->callback([args, &global] { RunIndex(*args, global); });
}

}  // namespace evident::cli
