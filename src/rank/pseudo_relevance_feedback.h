// Pseudo-relevance feedback with RM3: the top passages of a first pass are taken as relevant, a
// relevance model is estimated from their terms, and its strongest terms are mixed into the query
// for a second pass.
//
// RM1 (Lavrenko & Croft 2001, "Relevance-based language models", method 1):
//   P(w|R) ∝ Σ_{D ∈ top fb_docs} P(w|D) · P(Q|D),   P(w|D) = tf(w, D) / |D| (maximum likelihood)
// with P(Q|D) approximated, as Anserini and Indri do for non-language-model first passes, by the
// first-pass score normalised over the feedback passages. RM3 (Abdul-Jaleel et al. 2004, "UMass
// at TREC 2004") keeps the fb_terms most probable terms of RM1, renormalises them, and
// interpolates with the maximum-likelihood query model:
//   P'(w|Q) = λ · P(w|Q) + (1 - λ) · P(w|R)
// The weights are scaled back by the original query's total weight, so λ = 1 gives back the
// original query exactly; BM25F then scores the weighted terms as usual (weight · idf · tf part).
//
// Expansion terms are index terms (the feedback text is re-analysed with the index's analyzer);
// numbers and terms in more than max_doc_freq_ratio of all passages are not proposed: numbers
// drift to unrelated studies ("2", "95"), and very common terms ("patient", "studi") add cost
// without discrimination (Anserini filters the same way).
// Thread-safety: a pure function.
#pragma once

#include <vector>

#include "index/index_reader.h"
#include "index/top_k.h"
#include "rank/passage_text.h"

namespace evident {

//! Feedback is off by default (fb_docs = 0): on bioasq_dev and pubmedqa_dev no setting of the
//! grid fb_docs {3, 5, 10} × fb_terms {10, 20} × λ {0.5, 0.6, 0.7, 0.8} improved nDCG@10 on
//! held-out questions (PubMedQA lost up to 0.008); the best for recall, fb_docs 5 (or 3), fb_terms
//! 20, λ 0.8, raised BioASQ Recall@100 by ~0.005. fb_terms and λ default to those values.
//! Re-checked at the BM25F defaults of k1 0.6 / body b 1.0 with the rare_coverage reranker: 5
//! passages, 20 terms, λ 0.8 gave BioASQ +0.003 and PubMedQA −0.013 nDCG@10; still off.
struct Rm3Options {
  int fb_docs = 0;               //!< feedback passages: the top of the first pass; 0 = off
  int fb_terms = 20;             //!< terms kept from the relevance model
  float original_weight = 0.8f;  //!< λ: weight of the original query model
  float max_doc_freq_ratio = 0.1f;
  bool skip_numbers = true;

  bool enabled() const { return fb_docs > 0 && fb_terms > 0 && original_weight < 1.0f; }
};

struct FeedbackPassage {
  const AnalyzedPassage* text = nullptr;
  float score = 0;  //!< first-pass score (positive)
};

//! The RM3 query for `query` (terms merged, question order) followed by the expansion terms
//! (heaviest first). With no usable feedback it returns the merged original query.
std::vector<QueryTerm> ExpandQueryRm3(const std::vector<QueryTerm>& query,
                                      const std::vector<FeedbackPassage>& feedback,
                                      const IndexReader& index, const Rm3Options& options);

}  // namespace evident
