// GenerationSidecar: a file built, like the index, from every passage of the store into each new
// index generation, so that it always matches the index it sits beside and is switched in with
// it atomically. The answer stage's patient glossary is one (answer/glossary.h, wired in by the
// CLI, since ingest does not depend on the answer stage). The ingest creates a fresh sidecar per
// build from its factory, shows it every passage the index is built from, in the store's scan
// order, and lets it write its files into the build directory before the generation is sealed;
// a failure fails the build like a failure to write the index.
// Thread-safety: a sidecar is used by the one thread that builds the generation.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "common/status.h"
#include "store/store.h"

namespace evident {

class GenerationSidecar {
 public:
  virtual ~GenerationSidecar() = default;
  //! Sees one passage of the generation (retracted ones too, as the index does).
  virtual void Add(const PassageView& passage) = 0;
  //! Writes the sidecar's files into `build_dir`, the generation being built.
  virtual Status Finish(const std::string& build_dir) = 0;
};

using GenerationSidecarFactory = std::function<std::unique_ptr<GenerationSidecar>()>;

}  // namespace evident
