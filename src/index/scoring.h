// ScoringParams and the BM25F formula every index-time bound and query-time score uses.
//
// BM25F after Robertson, Zaragoza & Taylor (2004), "Simple BM25 extension to multiple weighted
// fields", in the form of Robertson & Zaragoza (2009) §3.5: per-field length-normalised term
// frequencies are weighted and summed into a pseudo-frequency tf', which is then saturated once:
//   tf'    = sum_f  w_f * tf_f / (1 - b_f + b_f * len_f / avglen_f)
//   score  = idf * tf' * (k1 + 1) / (tf' + k1)
//   idf    = ln(1 + (N - df + 0.5) / (df + 0.5))      (always positive; Lucene's variant)
// The parameters are fixed when an index is built (its block maxima depend on them) and stored
// in its meta.json. Defaults were tuned on bioasq_dev and checked on pubmedqa_dev (sweeps in
// docs/benchmarks.md), each point a fresh index over the whole corpus:
//  - k1 = 0.6 (textbook 1.2): both sets prefer early saturation (BioASQ 1.2 -> 0.9 -> 0.6 and
//    PubMedQA alike); questions are short and a term's presence matters more than its count.
//  - field weights 1 / 1 / 1: a title match counts as much as a body match. Heavier titles (1.5,
//    2, 3) cost nDCG@10 on both sets. Not lower than 1 although both sets would reward it: their
//    gold documents mostly have no title (BioASQ's are built from snippets, PubMedQA's title is
//    the question), a quirk of the gold sets that a real corpus does not share.
//  - body b = 1.0 (textbook 0.75): full length normalisation of the passage body, the largest
//    lever (BioASQ +0.02 over 0.75, +0.007 over 0.9). It favours short passages; with it the
//    share of passages under 20 words among BioASQ's top 10 rises from 19 % (b 0.9) to 22 %,
//    still below their 26 % among the gold documents' passages.
// Plain BM25F at these defaults: bioasq_dev nDCG@10 0.791 (0.784 at k1 0.9, title 1.5, b 0.9),
// pubmedqa_dev 0.959 (0.954).
#pragma once

#include <cmath>
#include <cstdint>

#include "index/index_format.h"

namespace evident {

struct ScoringParams {
  float k1 = 0.6f;
  //! Field weights w_f: title (document title and section heading), body, keywords (MeSH).
  float weight[index_format::kNumFields] = {1.0f, 1.0f, 1.0f};
  //! Length normalisation b_f per field.
  float b[index_format::kNumFields] = {0.4f, 1.0f, 0.5f};
};

inline float Bm25Idf(uint64_t num_passages, uint64_t doc_freq) {
  double n = static_cast<double>(num_passages), df = static_cast<double>(doc_freq);
  return static_cast<float>(std::log(1.0 + (n - df + 0.5) / (df + 0.5)));
}

//! The saturated part of BM25F for one posting (multiply by idf and the query weight).
inline float Bm25fImpact(const ScoringParams& p, const uint32_t tf[index_format::kNumFields],
                         const float inv_norm[index_format::kNumFields]) {
  float pseudo_tf = 0;
  for (int f = 0; f < index_format::kNumFields; ++f) {
    pseudo_tf += p.weight[f] * static_cast<float>(tf[f]) * inv_norm[f];
  }
  return pseudo_tf * (p.k1 + 1.0f) / (pseudo_tf + p.k1);
}

}  // namespace evident
