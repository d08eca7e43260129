#include "cli/engine.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "index/index_directory.h"

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
  IndexDirectory dir(engine.layout.index_root());
  auto current = dir.CurrentPath();
  if (!current.ok()) return current.status();
  auto reader = IndexReader::Open(*current);
  if (!reader.ok()) return reader.status().WithContext("opening index " + *current);
  engine.index = std::move(*reader);
  engine.generation = *dir.CurrentName();
  return engine;
}

Result<std::unique_ptr<Store>> CreateStore(const std::string& data_dir) {
  DataLayout layout{data_dir};
  std::error_code ec;
  std::filesystem::create_directories(layout.dir, ec);
  if (ec) return Status::IOError("creating data directory " + layout.dir + ": " + ec.message());
  return OpenStore(layout.store_path());
}

Result<Audience> AudienceFromFlag(const std::string& name) {
  auto audience = ParseAudience(name);
  if (!audience) {
    return Status::InvalidArgument("unknown audience '" + name +
                                   "' (physician, nurse, student or patient)");
  }
  return *audience;
}

void PrintError(const Status& status) {
  std::fprintf(stderr, "evident: %s\n", status.message().c_str());
}

bool StderrIsTerminal() { return ::isatty(STDERR_FILENO) != 0; }

}  // namespace evident::cli
