#include <cstdlib>

#include "cli/commands.h"

namespace evident::cli {

int Run(int argc, char** argv) {
  CLI::App app{
      "Evident: clinical evidence answer engine.\n"
      "Ingest a corpus, then search it or ask it questions; every answer cites its sources.",
      "evident"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "evident 0.1.0");
  GlobalOptions global;
  const char* env = std::getenv("EVIDENT_DATA_DIR");
  global.data_dir = env != nullptr && *env != '\0' ? env : "evident-data";
  app.add_option("--data-dir", global.data_dir,
                 "Directory holding the store and index (env EVIDENT_DATA_DIR)")
      ->capture_default_str();
  if (const char* vocab = std::getenv("EVIDENT_VOCAB"); vocab != nullptr && *vocab != '\0') {
    global.vocab_dir = vocab;
  } else if (const char* data = std::getenv("EVIDENT_DATA"); data != nullptr && *data != '\0') {
    global.vocab_dir = std::string(data) + "/vocab";
  }
  app.add_option("--vocab-dir", global.vocab_dir,
                 "Vocabularies for reading questions (env EVIDENT_VOCAB, or $EVIDENT_DATA/vocab)")
      ->capture_default_str();
  app.add_flag("-q,--quiet", global.quiet, "No progress output");
  if (const char* store = std::getenv("EVIDENT_STORE"); store != nullptr && *store != '\0') {
    global.store = store;
  }
  app.add_option("--store", global.store,
                 "Shared state (articles, conversations, review, reviewer accounts) for serve,\n"
                 "reviewer and ingest: postgresql://user@host/db or a SQLite file (env\n"
                 "EVIDENT_STORE; default: the data directory's store). The corpus stays in the\n"
                 "data directory.");

  AddIngestCommand(app, global);
  AddIndexCommand(app, global);
  AddSearchCommand(app, global);
  AddAskCommand(app, global);
  AddStatsCommand(app, global);
  AddEvalCommand(app, global);
  AddServeCommand(app, global);
  AddReviewerCommand(app, global);
  AddFetchPubmedCommand(app, global);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  return global.exit_code;
}

}  // namespace evident::cli
