// Engine: what a command needs to read the data directory: the store and the serving index
// generation, opened with errors that tell the user what to do.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "answer/audience.h"
#include "common/data_layout.h"
#include "common/status.h"
#include "index/index_reader.h"
#include "store/store.h"

namespace evident::cli {

struct Engine {
  DataLayout layout;
  std::unique_ptr<Store> store;
  std::shared_ptr<const IndexReader> index;
  std::string generation;
};

//! Opens the store and the current index of `data_dir`; NotFound with a hint if nothing was
//! ingested there yet.
Result<Engine> OpenEngine(const std::string& data_dir);

//! The store of `data_dir`, the directory created if it does not exist yet (for commands that
//! write: ingest, fetch-pubmed), with its state at `state_location` (--store; empty: the same
//! SQLite file), where an ingest sends the articles citing what it withdrew back to review.
Result<std::unique_ptr<Store>> CreateStore(const std::string& data_dir,
                                           const std::string& state_location);

//! The audience an --audience flag names; InvalidArgument listing the accepted names otherwise.
Result<Audience> AudienceFromFlag(const std::string& name);

//! InvalidArgument naming `what` ("the question") unless `text` is valid UTF-8: text from the
//! command line is refused rather than repaired, so the user sees what was asked.
Status RequireUtf8(std::string_view text, const std::string& what);

//! Prints "evident: <message>" to stderr.
void PrintError(const Status& status);

//! True when stderr is a terminal (progress bars only then).
bool StderrIsTerminal();

}  // namespace evident::cli
