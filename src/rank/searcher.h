// Searcher: answers a search — a question in plain words — with the best documents (each ranked
// by its best passage) or the best passages, resolved through the store into titles and
// snippets. It is the seam between retrieval (index/, query/) and everything that shows results
// (CLI, server, answer composition).
// Thread-safety: not thread-safe (it owns a QueryAnalyzer and uses a Store); create one per
// thread over the same shared IndexReader.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "index/index_reader.h"
#include "index/top_k.h"
#include "query/query_analyzer.h"
#include "store/store.h"

namespace evident {

struct SearchOptions {
  int k = 10;
  bool one_per_document = true;
  bool exhaustive = false;
  uint8_t kind_mask = 0xFF;  //!< bit (1 << SourceKind) set = kind allowed
};

struct SearchHit {
  std::string doc_id;
  std::string passage_id;
  float score = 0;
  std::string title;
  std::string snippet;
  std::string kind;  //!< "research", "guideline", "consumer"
  int year = 0;
};

class Searcher {
 public:
  //! `store` may be null: then Search fills ids and scores only.
  Searcher(std::shared_ptr<const IndexReader> index, Store* store,
           QueryAnalyzerOptions query_options = {});

  //! Ranked passages for `question` (ids and scores only, no store access).
  std::vector<ScoredPassage> Retrieve(const std::string& question, const SearchOptions& options);
  //! Ranked hits with titles and snippets.
  Result<std::vector<SearchHit>> Search(const std::string& question, const SearchOptions& options);

  const IndexReader& index() const { return *index_; }
  QueryAnalyzer& query_analyzer() { return query_analyzer_; }

 private:
  std::shared_ptr<const IndexReader> index_;
  Store* store_;
  QueryAnalyzer query_analyzer_;
};

//! About `max_chars` of `text` around where the `terms` (analysed index terms) cluster most,
//! cut at word boundaries, with "…" where text was left out.
std::string MakeSnippet(const std::string& text, const std::vector<QueryTerm>& terms,
                        Analyzer& analyzer, size_t max_chars = 240);

}  // namespace evident
