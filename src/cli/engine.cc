#include "cli/engine.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "common/utf8.h"
#include "ingest/corpus_ingester.h"

namespace evident::cli {

Result<Engine> OpenEngine(const std::string& data_dir) {
  Engine engine;
  engine.layout.dir = data_dir;
  if (!std::filesystem::exists(engine.layout.store_path())) {
    return Status::NotFound("no store in " + data_dir + " (run `evident ingest PATH --data-dir " +
                            data_dir + "` first)");
  }
  auto store = OpenStore(engine.layout.store_path());
  if (!store.ok()) return store.status();
  engine.store = std::move(*store);
  // The generation the store's committed content was indexed into (ingest/corpus_ingester.h).
  auto generation = ServingGeneration(*engine.store, engine.layout.index_root());
  if (!generation.ok()) return generation.status();
  std::string path = engine.layout.index_root() + "/" + *generation;
  auto reader = IndexReader::Open(path);
  if (!reader.ok()) return reader.status().WithContext("opening index " + path);
  engine.index = std::move(*reader);
  engine.generation = *generation;
  return engine;
}

Result<std::unique_ptr<Store>> CreateStore(const std::string& data_dir,
                                           const std::string& state_location) {
  DataLayout layout{data_dir};
  std::error_code ec;
  std::filesystem::create_directories(layout.dir, ec);
  if (ec) return Status::IOError("creating data directory " + layout.dir + ": " + ec.message());
  if (::access(layout.dir.c_str(), W_OK) != 0) {
    return Status::IOError("data directory " + layout.dir + " is not writable (" +
                           std::strerror(errno) + ")");
  }
  return OpenStore(layout.store_path(), state_location);
}

Result<Audience> AudienceFromFlag(const std::string& name) {
  auto audience = ParseAudience(name);
  if (!audience) {
    return Status::InvalidArgument("unknown audience '" + name +
                                   "' (physician, nurse, student or patient)");
  }
  return *audience;
}

Status RequireUtf8(std::string_view text, const std::string& what) {
  if (IsValidUtf8(text)) return Status::OK();
  return Status::InvalidArgument(what +
                                 " is not valid UTF-8 text (is the terminal's encoding "
                                 "UTF-8?)");
}

void PrintError(const Status& status) {
  std::fprintf(stderr, "evident: %s\n", status.message().c_str());
}

bool StderrIsTerminal() { return ::isatty(STDERR_FILENO) != 0; }

}  // namespace evident::cli
