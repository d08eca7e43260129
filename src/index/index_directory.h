// IndexDirectory: the generations of the index under one root, and the atomic switch between
// them. Layout:
//   <root>/gen-000007/      a complete generation (files of index_format.h)
//   <root>/gen-000008.tmp/  a build in progress (ignored by readers; removed by the next build)
//   <root>/CURRENT          the name of the serving generation, replaced by rename(2)
// A build writes into a fresh .tmp directory, fsyncs it, renames it to its final name (Seal), and
// only then replaces CURRENT (SwitchTo); a reader resolves CURRENT once and keeps its generation
// open. So a reader never sees a half-built index and a failed build leaves the previous one
// serving. Between Seal and SwitchTo the ingest commits the store naming the sealed generation
// (ingest/corpus_ingester.h): a generation above CURRENT that the store does not name is a build
// that never committed, and the next StartGeneration removes it.
// Thread-safety: one builder at a time per root (callers serialise builds); readers any time.
#pragma once

#include <string>

#include "common/status.h"

namespace evident {

class IndexDirectory {
 public:
  explicit IndexDirectory(std::string root) : root_(std::move(root)) {}

  //! Creates and returns a fresh build directory (<root>/gen-N.tmp with N above every existing
  //! generation), removing abandoned .tmp directories of earlier failed builds and sealed
  //! generations above CURRENT (builds whose ingest never committed).
  Result<std::string> StartGeneration() const;
  //! Makes the build directory a complete generation: fsyncs it and renames it to its final
  //! name. Returns that name ("gen-000008"); CURRENT still names the previous one.
  Result<std::string> Seal(const std::string& build_dir) const;
  //! Makes the complete generation `name` the serving one: replaces CURRENT, and keeps `keep`
  //! generations (it and its predecessors) on disk, removing older ones. Returns its full path.
  Result<std::string> SwitchTo(const std::string& name, int keep = 2) const;
  //! Seal, then SwitchTo: for builds with nothing to commit in between.
  Result<std::string> Publish(const std::string& build_dir, int keep = 2) const;
  //! Full path of the serving generation; NotFound if there is none yet.
  Result<std::string> CurrentPath() const;
  //! Name of the serving generation ("gen-000007"); NotFound if there is none yet.
  Result<std::string> CurrentName() const;

  const std::string& root() const { return root_; }

 private:
  std::string root_;
};

}  // namespace evident
