// DataLayout: where Evident keeps its state inside a data directory (--data-dir):
//   <dir>/evident.db   the SQLite store
//   <dir>/index/       the index generations (index/index_directory.h)
//   <dir>/pubmed-cache/ E-utilities replies kept by `evident fetch-pubmed` (ingest/eutils_client.h)
#pragma once

#include <string>

namespace evident {

struct DataLayout {
  std::string dir;

  std::string store_path() const { return dir + "/evident.db"; }
  std::string index_root() const { return dir + "/index"; }
  std::string pubmed_cache() const { return dir + "/pubmed-cache"; }
};

}  // namespace evident
