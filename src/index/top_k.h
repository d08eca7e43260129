// Top-k retrieval over one index generation: the k best passages (or the k best documents, each
// ranked by its best passage) for a weighted bag of terms, scored with BM25F.
//
// The default algorithm is MaxScore (Turtle & Flood 1995) with block-max bounds on the
// non-essential lists (as in Ding & Suel 2011, and PISA's block_max_maxscore): a passage is only
// fully scored when the bounds say it can still enter the top k. Its result is identical to
// exhaustive scoring (kExhaustive), which a test checks on many random queries.
// Thread-safety: pure functions over a shared, immutable IndexReader.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "index/index_reader.h"

namespace evident {

struct QueryTerm {
  std::string term;     //!< an analysed index term
  float weight = 1.0f;  //!< query-side weight (expanded or part terms weigh less)
};

struct ScoredPassage {
  uint32_t passage = 0;
  uint32_t doc = 0;
  float score = 0;
};

struct TopKOptions {
  int k = 10;
  bool one_per_document = true;  //!< rank documents by their best passage
  bool exhaustive = false;       //!< score every posting (reference implementation)
  bool skip_retracted = true;    //!< never return retracted publications
  uint8_t kind_mask = 0xFF;      //!< bit (1 << SourceKind) set = kind allowed
};

//! Counters of the work done, for benchmarks and tests.
struct TopKStats {
  uint64_t candidates_scored = 0;
  uint64_t postings_total = 0;
};

//! The best passages for `terms`, by descending score (ties: lower passage number first).
//! Terms absent from the index are ignored; repeated terms add their weights.
std::vector<ScoredPassage> TopK(const IndexReader& reader, const std::vector<QueryTerm>& terms,
                                const TopKOptions& options, TopKStats* stats = nullptr);

}  // namespace evident
