// ScoringParams and the BM25F formula every index-time bound and query-time score uses.
//
// BM25F after Robertson, Zaragoza & Taylor (2004), "Simple BM25 extension to multiple weighted
// fields", in the form of Robertson & Zaragoza (2009) §3.5: per-field length-normalised term
// frequencies are weighted and summed into a pseudo-frequency tf', which is then saturated once:
//   tf'    = sum_f  w_f * tf_f / (1 - b_f + b_f * len_f / avglen_f)
//   score  = idf * tf' * (k1 + 1) / (tf' + k1)
//   idf    = ln(1 + (N - df + 0.5) / (df + 0.5))      (always positive; Lucene's variant)
// The parameters are fixed when an index is built (its block maxima depend on them) and stored
// in its meta.json. Defaults were tuned on bioasq_dev and checked on pubmedqa_dev (sweep in
// docs/benchmarks.md): stronger body length normalisation (b = 0.9) and a lower k1 than the
// textbook 1.2 / 0.75 lift nDCG@10 on both (bioasq 0.767 -> 0.784, pubmedqa 0.945 -> 0.954).
#pragma once

#include <cmath>
#include <cstdint>

#include "index/index_format.h"

namespace evident {

struct ScoringParams {
  float k1 = 0.9f;
  //! Field weights w_f: title (document title and section heading), body, keywords (MeSH).
  float weight[index_format::kNumFields] = {1.5f, 1.0f, 1.0f};
  //! Length normalisation b_f per field.
  float b[index_format::kNumFields] = {0.4f, 0.9f, 0.5f};
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
