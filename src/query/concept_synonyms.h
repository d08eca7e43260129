// ConceptSynonymTable: words that name the same concept in another form — an organ and its
// adjective ("liver" / "hepatic", "kidney" / "renal"), American and British spellings ("tumor" /
// "tumour"). A question asks about "liver metastases" where the evidence says "hepatic tumor
// load": each word of the question is also searched as the other words of its line, at a lower
// weight. The built-in table is Evident's own (src/query/concept_synonyms.tsv, compiled in).
//
// Words are matched as analysed terms (Analyzer: lower-cased, stemmed), so "kidneys" finds the
// "kidney" line. A word on several lines ("esophagus") has the words of all of them.
// Thread-safety: immutable after construction; share one instance across threads.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/status.h"

namespace evident {

//! Another word for a question's word.
struct ConceptSynonym {
  std::string word;  //!< as the table writes it: "hepatic"
  std::string term;  //!< its analysed term: "hepat"
};

class ConceptSynonymTable {
 public:
  //! The compiled-in table.
  static const ConceptSynonymTable& BuiltIn();
  //! Parses lines of tab-separated words ('#' comments and blank lines skipped); an error names
  //! the first bad line: fewer than two words, a word of several terms, or a stop word.
  static Result<ConceptSynonymTable> Parse(std::string_view tsv);

  //! The other words of the lines `term` (an analysed term) is on, in table order; empty if
  //! none.
  const std::vector<ConceptSynonym>& SynonymsOf(const std::string& term) const;

  size_t size() const { return lines_; }  //!< lines (concepts) in the table

 private:
  std::unordered_map<std::string, std::vector<ConceptSynonym>> synonyms_;
  size_t lines_ = 0;
};

}  // namespace evident
