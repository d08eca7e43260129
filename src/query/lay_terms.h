// LayTermTable: phrases patients use and the clinical phrase the literature uses for the same
// thing ("heart attack" -> myocardial infarction, "sugar diabetes" -> diabetes mellitus). The
// built-in table is Evident's own (src/query/lay_terms.tsv, compiled in). Words clinicians use
// too ("stroke", "asthma") have no entry and stay as they are.
//
// Matching is on analysed words (Analyzer: lower-cased, stemmed, stop words dropped), longest
// phrase first, so "heart attacks" and "high blood-pressure" match too.
// Thread-safety: immutable after construction; share one instance across threads. Find takes
// the caller's (per-thread) Analyzer.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "index/analyzer.h"

namespace evident {

struct LayTermMatch {
  std::string lay;                      //!< the table's lay phrase
  std::string clinical;                 //!< its clinical phrase
  size_t first_term = 0, end_term = 0;  //!< [first, end) of the question's MatchTerms
};

class LayTermTable {
 public:
  //! The compiled-in table.
  static const LayTermTable& BuiltIn();
  //! Parses "lay<TAB>clinical" lines ('#' comments and blank lines skipped); an error names the
  //! first bad line.
  static Result<LayTermTable> Parse(std::string_view tsv);

  //! Lay phrases in `question`, left to right, longest first, not overlapping. Term positions
  //! count the question's MatchTerms.
  std::vector<LayTermMatch> Find(std::string_view question, Analyzer& analyzer) const;

  size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    std::vector<std::string> terms;  // analysed lay phrase
    std::string lay, clinical;
  };
  std::vector<Entry> entries_;  // longest phrase first
};

//! The whole (non-part) analysed terms of `text`, in order.
std::vector<std::string> WholeTerms(std::string_view text, Analyzer& analyzer);
//! The terms lay phrases are matched on: like WholeTerms, but a compound is replaced by its
//! parts ("blood-pressure" -> "blood", "pressur").
std::vector<std::string> MatchTerms(std::string_view text, Analyzer& analyzer);

}  // namespace evident
