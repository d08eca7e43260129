// Searcher: answers a search — a question in plain words — with the best documents (each ranked
// by its best passage) or the best passages, resolved through the store into titles and
// snippets. It is the seam between retrieval (index/, query/) and everything that shows results
// (CLI, server, answer composition).
//
// Two modes:
//  - kFast: the first stage alone — BM25F top-k over the index (MaxScore), no store access. This
//    is what the engine benchmark compares against Xapian and SQLite FTS5.
//  - kFull: the question read by QueryAnalyzer::AnalyzeQuestion (spelling corrections,
//    abbreviation and synonym expansions, weighted), optionally RM3 pseudo-relevance feedback
//    (rank/pseudo_relevance_feedback.h; off by default), a BM25F pass, and a reranking of its top
//    passages by proximity and coverage features of the user's own words (rank/reranker.h);
//    documents are then ranked by their best reranked passage. It reads passage text from the
//    store, so a Searcher without a store can only search kFast.
// Thread-safety: not thread-safe (it owns a QueryAnalyzer and uses a Store); create one per
// thread over the same shared IndexReader.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "index/index_reader.h"
#include "index/top_k.h"
#include "query/corpus_stats.h"
#include "query/query_analyzer.h"
#include "rank/passage_text.h"
#include "rank/pseudo_relevance_feedback.h"
#include "rank/reranker.h"
#include "store/store.h"

namespace evident {

enum class SearchMode { kFast, kFull };

//! "fast", "full"
const char* SearchModeName(SearchMode mode);
//! The mode named "fast" or "full"; InvalidArgument otherwise.
Result<SearchMode> SearchModeFromName(std::string_view name);

struct SearchOptions {
  int k = 10;
  bool one_per_document = true;
  bool exhaustive = false;
  uint8_t kind_mask = 0xFF;  //!< bit (1 << SourceKind) set = kind allowed
  //! kFull needs the Searcher to have a store; Retrieve is kFast whatever this says.
  SearchMode mode = SearchMode::kFull;
};

//! How kFull ranks; fixed for a Searcher's life.
struct SearcherOptions {
  //! kFull reads questions with QueryAnalyzer::AnalyzeQuestion (corrections and expansions need
  //! query.vocab_dir); without query.corpus_stats the Searcher uses the index's own.
  QueryAnalyzerOptions query;
  Rm3Options feedback;
  RerankOptions rerank;
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
  //! `store` may be null: then only kFast works, and Search fills ids and scores only.
  Searcher(std::shared_ptr<const IndexReader> index, Store* store, SearcherOptions options = {});

  //! The first stage alone (kFast, whatever options.mode says): ranked passages, no store access.
  std::vector<ScoredPassage> Retrieve(const std::string& question, const SearchOptions& options);
  //! Ranked passages in options.mode; kFull without a store is InvalidArgument.
  Result<std::vector<ScoredPassage>> Rank(const std::string& question,
                                          const SearchOptions& options);
  //! Ranked hits with titles and snippets.
  Result<std::vector<SearchHit>> Search(const std::string& question, const SearchOptions& options);
  //! kFull's candidates with their rerank features, in first-stage order and not yet scored: what
  //! rerank weights are fitted on. Text pointers stay valid until the next call.
  Result<std::vector<RerankCandidate>> Candidates(const std::string& question,
                                                  const SearchOptions& options);

  const IndexReader& index() const { return *index_; }
  QueryAnalyzer& query_analyzer() { return query_analyzer_; }
  const Reranker& reranker() const { return reranker_; }

 private:
  //! The RM3 query from the first pass's top passages (the query itself without feedback).
  Result<std::vector<QueryTerm>> ExpandWithFeedback(const std::vector<QueryTerm>& query,
                                                    const SearchOptions& options);

  std::shared_ptr<const IndexReader> index_;
  Store* store_;
  std::unique_ptr<IndexCorpusStats> corpus_stats_;  // when the options bring none
  SearcherOptions options_;
  QueryAnalyzer query_analyzer_;
  Reranker reranker_;
  std::unique_ptr<PassageTextCache> texts_;  // null without a store
};

//! About `max_chars` of `text` around where the `terms` (analysed index terms) cluster most,
//! cut at word boundaries, with "…" where text was left out.
std::string MakeSnippet(const std::string& text, const std::vector<QueryTerm>& terms,
                        Analyzer& analyzer, size_t max_chars = 240);

}  // namespace evident
