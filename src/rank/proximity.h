// Proximity: how close together a query's terms occur in a passage — passages where the terms
// of a question sit in one phrase or sentence answer it more often than passages that mention
// them far apart. The index keeps no positions, so proximity is computed at rerank time on the
// re-analysed text of the top candidates (rank/passage_text.h).
//
// Three features, over the title and body (the title first, then the body kFieldGap positions
// further on, so no pair spans the two):
//  - min_distance: Tao & Zhai (2007), "An exploration of proximity measures in information
//    retrieval", MinDist: δ = the smallest distance between occurrences of two different query
//    terms, turned into log(1 + e^-δ / α) (their π(Q, D) = log(α + e^-δ), shifted to be 0 when
//    no two terms occur); α = 0.3 as they recommend.
//  - pair_score: Büttcher, Clarke & Lushman (2006), "Term proximity scoring for ad-hoc retrieval
//    on very large text collections": each pair of neighbouring occurrences of different terms
//    adds the other term's weight / distance² to each term's accumulator, which is saturated like
//    a BM25 tf (k1 = 1.2, no length normalisation: passages are of similar length) and summed
//    with weights min(1, w_t); divided here by Σ min(1, w_t) so queries of any length compare.
//  - window_coverage: the largest share of the query's weight whose terms all fall within one
//    window of window_words consecutive positions (the span idea of Tao & Zhai, turned around:
//    a fixed window, how much of the query it covers).
//  - ordered_pairs, unordered_pairs: the term-pair features of the sequential dependence model
//    (Metzler & Croft 2005, "A Markov random field model for term dependencies"): for each pair
//    of neighbouring words of the question, how often they occur as an ordered phrase (#1: the
//    second right after the first, stop words not counted) or together in any order within
//    pair_window_words (#uw8). Counts c are saturated as c / (c + 1) and averaged over the pairs
//    with weights min(w_a, w_b), so both features lie in [0, 1).
// Occurrences at the same position (a compound and its parts, "covid-19" and "covid") are the same
// word and never form a pair.
// Thread-safety: immutable after construction; Score may be called from any thread.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "index/index_reader.h"
#include "index/top_k.h"
#include "rank/passage_text.h"

namespace evident {

//! A distinct query term and how much it matters (query weight · idf).
struct WeightedTerm {
  std::string term;
  float weight = 0;
};

//! The distinct terms of `query` present in the index, weighted by query weight · idf, in
//! question order. Terms absent from the index cannot match a passage and are left out.
std::vector<WeightedTerm> WeightQueryTerms(const std::vector<QueryTerm>& query,
                                           const IndexReader& index);

struct ProximityOptions {
  float min_distance_alpha = 0.3f;  //!< α of Tao & Zhai's π; 0.3 is their recommended value
  float pair_k1 = 1.2f;             //!< saturation of Büttcher's accumulators
  int window_words = 10;            //!< width of window_coverage's window, in content words
  int pair_window_words = 8;        //!< unordered_pairs' window; 8 is SDM's #uw8
};

struct ProximityScores {
  float min_distance = 0;     //!< log(1 + e^-δ / α); 0 if fewer than two terms occur
  float pair_score = 0;       //!< normalised Büttcher score, in [0, k1 + 1)
  float window_coverage = 0;  //!< in [0, 1]
  float ordered_pairs = 0;    //!< in [0, 1)
  float unordered_pairs = 0;  //!< in [0, 1)
};

class ProximityScorer {
 public:
  //! `sequence`: the question's words in order (index terms, compound parts left out), whose
  //! neighbours form the term pairs; words not among `query` are skipped.
  ProximityScorer(const std::vector<WeightedTerm>& query,
                  const std::vector<std::string>& sequence = {}, ProximityOptions options = {});

  ProximityScores Score(const AnalyzedPassage& passage) const;

  //! Positions between the end of the title and the start of the body.
  static constexpr uint32_t kFieldGap = 64;

 private:
  struct Occurrence {
    uint32_t position;
    uint32_t term;  // index into weights_
  };
  void CollectOccurrences(const AnalyzedPassage& passage, std::vector<Occurrence>* out) const;
  void ScorePairs(const std::vector<Occurrence>& occurrences, ProximityScores* scores) const;

  ProximityOptions options_;
  std::unordered_map<std::string, uint32_t> term_index_;
  std::vector<float> weights_;
  float total_weight_ = 0;
  float pair_norm_ = 0;                               // Σ min(1, w_t)
  std::vector<std::pair<uint32_t, uint32_t>> pairs_;  // neighbouring question words (term indices)
  std::vector<float> pair_weights_;                   // min(w_a, w_b)
  float pair_weight_total_ = 0;
};

}  // namespace evident
