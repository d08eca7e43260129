// PassageText: the analysed text of the passages a query is reranking, fetched from the Store and
// re-analysed with the index's own Analyzer, so that the terms (and their tf) are exactly those
// the index counted. Pseudo-relevance feedback reads term frequencies from it, proximity reads
// term positions, the reranker reads field coverage.
//
// Why re-analyse rather than store term vectors in the index: proximity needs positions, which
// the index does not keep (it would double its size for every passage, while only the ~100 top
// candidates of a query ever need them); re-analysing ~100 passages of ~250 words costs a few
// milliseconds, and the store already holds the text.
//
// Thread-safety: a PassageTextCache uses a Store and an Analyzer; one per thread (as Searcher).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/status.h"
#include "index/analyzer.h"
#include "index/index_format.h"
#include "index/index_reader.h"
#include "store/store.h"

namespace evident {

//! The terms of one field in text order, with their word positions. A compound's parts share
//! the position of the whole token ("covid-19", "covid", "19" are all at one position); stop
//! words take no position, so distances count content words.
struct FieldTerms {
  std::vector<std::string> terms;
  std::vector<uint32_t> positions;
};

//! One passage as the index saw it: its three fields (index_format::Field order: title — the
//! document title and section heading —, body, keywords) analysed, and the stored view.
struct AnalyzedPassage {
  uint32_t passage = 0;  //!< passage number in the index
  PassageView view;
  std::array<FieldTerms, index_format::kNumFields> fields;
};

//! Fills `out->fields` from `out->view`, splitting fields exactly as the index build does
//! (ingest/corpus_ingester.cc RebuildIndex: title = document title + "\n" + heading).
void AnalyzePassageView(Analyzer& analyzer, AnalyzedPassage* out);

//! Fetches and analyses passages on demand, remembering them until Clear() (one query's worth:
//! the feedback passages of the first pass are mostly among the candidates of the second).
class PassageTextCache {
 public:
  PassageTextCache(const IndexReader& index, Store& store, Analyzer& analyzer)
      : index_(&index), store_(&store), analyzer_(&analyzer) {}

  //! The analysed passages, in the order asked; a passage the store no longer has (deleted since
  //! the index was built) is nullptr. Pointers stay valid until Clear().
  Result<std::vector<const AnalyzedPassage*>> Get(const std::vector<uint32_t>& passages);
  void Clear() { cache_.clear(); }

 private:
  const IndexReader* index_;
  Store* store_;
  Analyzer* analyzer_;
  std::unordered_map<uint32_t, AnalyzedPassage> cache_;  // node-based: pointers stay valid
};

}  // namespace evident
