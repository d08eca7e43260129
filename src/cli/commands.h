// The `evident` command line: one function per subcommand registers it on the CLI11 app. Each
// command prints results on stdout, diagnostics on stderr, and sets the process exit code:
//   0 success · 1 failure (the message says what and where) · 2 usage error.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace evident::cli {

struct GlobalOptions {
  std::string data_dir;  //!< --data-dir, default $EVIDENT_DATA_DIR or ./evident-data
  //! --vocab-dir: abbreviations and drug names for question analysis; default $EVIDENT_VOCAB,
  //! else $EVIDENT_DATA/vocab, else none (questions are read by their own words only).
  std::string vocab_dir;
  bool quiet = false;  //!< --quiet: no progress bars
  //! --store: where shared state lives (articles, conversations, review, reviewer accounts):
  //! "postgresql://..." or a SQLite path; default $EVIDENT_STORE, else the data directory's store.
  std::string store;
  int exit_code = 0;
};

void AddIngestCommand(CLI::App& app, GlobalOptions& global);
void AddIndexCommand(CLI::App& app, GlobalOptions& global);
void AddSearchCommand(CLI::App& app, GlobalOptions& global);
void AddAskCommand(CLI::App& app, GlobalOptions& global);
void AddStatsCommand(CLI::App& app, GlobalOptions& global);
void AddEvalCommand(CLI::App& app, GlobalOptions& global);
void AddServeCommand(CLI::App& app, GlobalOptions& global);
void AddReviewerCommand(CLI::App& app, GlobalOptions& global);
void AddFetchPubmedCommand(CLI::App& app, GlobalOptions& global);

//! Runs the command line; returns the exit code.
int Run(int argc, char** argv);

}  // namespace evident::cli
