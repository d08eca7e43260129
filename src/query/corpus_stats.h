// CorpusStats: what query analysis may ask of the corpus — how many passages hold a term, and how
// many hold a set of terms together — so that rewrites (abbreviation senses, spelling
// suggestions, synonyms) are only made when the corpus supports them.
//
// Terms are index terms (analysed as by Analyzer: lower-cased, stemmed). Two implementations:
// IndexCorpusStats over a memory-mapped IndexReader (the engine), and InMemoryCorpusStats over a
// handful of texts (tests, tiny corpora).
// Thread-safety: both implementations are immutable after construction and may be shared by any
// number of threads.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "index/index_reader.h"

namespace evident {

class CorpusStats {
 public:
  virtual ~CorpusStats() = default;
  //! Passages in the corpus.
  virtual uint32_t NumPassages() const = 0;
  //! Passages containing `term` (0 if unknown).
  virtual uint32_t DocFreq(const std::string& term) const = 0;
  //! Passages containing every term of `a_terms` and at least one term of `b_terms` (all of
  //! `a_terms` when `b_terms` is empty). 0 if `a_terms` is empty. May be a lower bound when an
  //! implementation caps its work.
  virtual uint32_t CoFreq(const std::vector<std::string>& a_terms,
                          const std::vector<std::string>& b_terms) const = 0;
};

//! CorpusStats over one index generation: DocFreq from the lexicon, CoFreq by intersecting
//! posting lists (driven by the rarest list, others advanced with PostingCursor::NextGeq).
class IndexCorpusStats : public CorpusStats {
 public:
  //! Default cap on the postings of the driving (rarest) list that CoFreq walks: beyond it the
  //! count is extrapolated from the fraction walked. 20k keeps one CoFreq well under 1 ms.
  static constexpr uint32_t kDefaultMaxPostingsWalked = 20000;

  explicit IndexCorpusStats(std::shared_ptr<const IndexReader> index,
                            uint32_t max_postings_walked = kDefaultMaxPostingsWalked)
      : index_(std::move(index)), max_postings_walked_(max_postings_walked) {}

  uint32_t NumPassages() const override { return index_->num_passages(); }
  uint32_t DocFreq(const std::string& term) const override;
  uint32_t CoFreq(const std::vector<std::string>& a_terms,
                  const std::vector<std::string>& b_terms) const override;

 private:
  std::shared_ptr<const IndexReader> index_;
  uint32_t max_postings_walked_;
};

//! CorpusStats over texts given up front, each one passage, analysed with Analyzer (parts of
//! compounds included, as the index does).
class InMemoryCorpusStats : public CorpusStats {
 public:
  explicit InMemoryCorpusStats(const std::vector<std::string>& passages);

  uint32_t NumPassages() const override { return num_passages_; }
  uint32_t DocFreq(const std::string& term) const override;
  uint32_t CoFreq(const std::vector<std::string>& a_terms,
                  const std::vector<std::string>& b_terms) const override;

 private:
  uint32_t num_passages_ = 0;
  //! term -> ascending passage numbers
  std::unordered_map<std::string, std::vector<uint32_t>> postings_;
};

}  // namespace evident
