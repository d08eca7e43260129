// DataLayout: where Evident keeps its state inside a data directory (--data-dir):
//   <dir>/evident.db   the SQLite store
//   <dir>/index/       the index generations (index/index_directory.h)
#pragma once

#include <string>

namespace evident {

struct DataLayout {
  std::string dir;

  std::string store_path() const { return dir + "/evident.db"; }
  std::string index_root() const { return dir + "/index"; }
};

}  // namespace evident
