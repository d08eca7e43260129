#include "store/store.h"

#include "store/postgres_store.h"
#include "store/split_store.h"
#include "store/sqlite_store.h"

namespace evident {

SplitStore::SplitStore(std::unique_ptr<Store> corpus, std::unique_ptr<StateStore> state)
    : corpus_(std::move(corpus)), state_(std::move(state)) {}

Result<std::unique_ptr<Store>> OpenStore(const std::string& location) {
  if (location.empty()) return Status::InvalidArgument("opening store: empty location");
  if (IsPostgresLocation(location)) {
    return Status::InvalidArgument(
        "the corpus store is the SQLite file beside the index; PostgreSQL holds the shared "
        "state (articles, conversations, review) — pass it with --store");
  }
  Result<std::unique_ptr<SqliteStore>> sqlite = SqliteStore::Open(location);
  if (!sqlite.ok()) return sqlite.status();
  return std::unique_ptr<Store>(std::move(*sqlite));
}

Result<std::unique_ptr<Store>> OpenStore(const std::string& corpus_path,
                                         const std::string& state_location) {
  auto corpus = OpenStore(corpus_path);
  if (!corpus.ok() || state_location.empty() || state_location == corpus_path) return corpus;
  auto state = OpenStateStore(state_location);
  if (!state.ok()) return state.status();
  return std::unique_ptr<Store>(
      std::make_unique<SplitStore>(std::move(*corpus), std::move(*state)));
}

}  // namespace evident
