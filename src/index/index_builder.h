// IndexBuilder: builds one index generation in bulk from passages given in document order.
// Analysis (tokenising, stemming) runs on all cores in batches; inversion happens in memory;
// Finish writes the generation's files into a directory (see index_format.h and
// docs/index_format.md). Publishing that directory as the serving generation is
// IndexDirectory's job (index/index_directory.h), so a failed build never touches what serves.
// Thread-safety: one thread drives a builder; it uses worker threads internally.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/document.h"
#include "common/status.h"
#include "index/scoring.h"

namespace evident {

//! One passage as the index sees it: its three fields and the metadata kept per passage.
struct IndexablePassage {
  std::string doc_id;
  int ordinal = 0;    //!< "#<n>" of the passage id
  std::string title;  //!< document title and section heading
  std::string body;
  std::string keywords;  //!< MeSH headings, keywords
  SourceKind kind = SourceKind::kResearch;
  bool patient_audience = false;
  bool retracted = false;
  int year = 0;
};

struct IndexBuildOptions {
  ScoringParams params;
  int threads = 0;               //!< analysis threads; 0 = all cores
  size_t batch_passages = 4096;  //!< passages analysed per parallel batch
};

struct IndexBuildStats {
  uint64_t passages = 0;
  uint64_t documents = 0;
  uint64_t terms = 0;
  uint64_t postings = 0;
  uint64_t bytes = 0;  //!< total size of the files written
};

class IndexBuilder {
 public:
  explicit IndexBuilder(IndexBuildOptions options = {});
  ~IndexBuilder();
  IndexBuilder(const IndexBuilder&) = delete;
  IndexBuilder& operator=(const IndexBuilder&) = delete;

  //! Adds a passage. Passages of one document must be added consecutively.
  void Add(IndexablePassage passage);
  //! Writes the index into `dir` (created; must not exist yet) and fsyncs it.
  Status Finish(const std::string& dir, IndexBuildStats* stats);

 private:
  struct State;
  void FlushBatch();
  IndexBuildOptions options_;
  std::unique_ptr<State> state_;
};

}  // namespace evident
