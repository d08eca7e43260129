#include "store/store.h"

#include "store/sqlite_store.h"

namespace evident {

Result<std::unique_ptr<Store>> OpenStore(const std::string& location) {
  if (location.empty()) return Status::InvalidArgument("opening store: empty location");
  if (location.starts_with("postgresql://") || location.starts_with("postgres://")) {
    return Status::InvalidArgument("PostgreSQL store not built yet");
  }
  Result<std::unique_ptr<SqliteStore>> sqlite = SqliteStore::Open(location);
  if (!sqlite.ok()) return sqlite.status();
  return std::unique_ptr<Store>(std::move(*sqlite));
}

}  // namespace evident
