// AbbreviationDictionary: medical abbreviations and their senses ("NET" -> neuroendocrine tumor,
// norepinephrine transporter, norethisterone, …), loaded from the Medical Abbreviation
// Meta-Inventory sources under <vocab_dir>/abbreviations/sources, and the disambiguation that
// picks the sense a question means.
//
// Sources used (the clean ones with counts or curated senses):
//  - ADAM (2-adam/adam_database; Zhou, Torvik & Smalheiser 2006): 57k abbreviation/long-form
//    pairs mined from MEDLINE with definition counts. The research-literature backbone. Rows
//    whose phrase score is below 0.05 (mostly mis-aligned pairs such as IT -> "treatment") are
//    left out.
//  - Wikipedia list of medical abbreviations (5-wikipedia/wikipedia_abbreviation_database.csv):
//    2.7k curated clinical senses, no counts (counted as 1).
//  - Vanderbilt clinic notes and discharge summaries (4-vanderbilt/*.txt): clinical shorthand
//    with observed counts.
// Pairs whose long form cannot spell the abbreviation (its letters in order, the first starting a
// word; Schwartz & Hearst 2003) are dropped: MEDLINE co-occurrence noise such as mRNA -> "gene
// expression" or II -> "two". FromEntries keeps every pair.
// Not used: Berman (lower-cased pathology list, heavy on genus abbreviations and ordinals that
// collide with plain words), Stetson and Columbia (small, covered by the above), the clinical
// trial acronym list (trial names, not concepts).
//
// Memory: long forms live in one string arena; a sorted key table points at sense ranges
// (about 6 MB for 60k senses). Load parses the text sources directly (~0.2 s).
//
// Disambiguation (Expand): naive Bayes over corpus statistics (as in Gale, Church & Yarowsky
// 1992, with counts from our own passages): P(sense | abbr, context) ∝ P(sense | abbr) ·
// Π_t P(t | sense), where P(sense | abbr) comes from passages holding both the long form and the
// abbreviation (smoothed by the source counts) and P(t | sense) from passages holding the long
// form and the context term t (Dirichlet-smoothed). A sense the corpus never shows next to the
// abbreviation is not proposed — except the only sense of an unambiguous abbreviation, which needs
// just its long form in the corpus (PRRT is rarely spelt out next to its abbreviation). A sense
// whose terms are a subset of another's ("acute myeloid" of "acute myeloid leukemia", a truncated
// long form) adds its probability to the longer one.
//
// Thread-safety: immutable after Load; share one instance across threads. Expand takes the
// caller's (per-thread) Analyzer.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "index/analyzer.h"
#include "query/corpus_stats.h"

namespace evident {

struct AbbreviationSense {
  std::string_view long_form;  //!< as the source spells it (a capital first letter is lowered
                               //!< unless other words are capitalised too)
  uint32_t count = 0;          //!< definitions seen by the source(s); 1 when unknown
};

struct AbbreviationExpansion {
  std::string long_form;
  double confidence = 0;  //!< posterior share of this sense among the supported senses, 0..1
  uint32_t support = 0;   //!< passages with both the long form and the abbreviation (or the
                          //!< context, for abbreviations the index does not keep)
  uint32_t long_form_doc_freq = 0;     //!< passages with every term of the long form
  uint32_t abbreviation_doc_freq = 0;  //!< passages with the abbreviation (0 if not indexed)
};

struct ExpandOptions {
  //! Fewest passages that must show a sense's long form with the abbreviation.
  uint32_t min_support = 2;
  //! Senses whose confidence is below this are not returned.
  double min_confidence = 0.2;
  //! Only the most frequent senses (by source count) are scored, to bound the work.
  size_t max_senses_scored = 16;
  //! Only the rarest context terms (by document frequency) are used: they carry the sense.
  size_t max_context_terms = 6;
  //! For abbreviations the index does not keep (stop words: "ALL", "AND", "IT"), only senses
  //! the sources saw this often are considered: well-established ones (ALL = acute
  //! lymphoblastic leukemia, 4,203 MEDLINE definitions), not chart shorthand (ALL = allergies).
  uint32_t min_count_if_not_indexed = 50;
  //! For those, some context term must occur with the sense this many times more often than in
  //! the corpus at large (lift, P(t | sense) / P(t)).
  double min_context_lift_if_not_indexed = 3.0;
};

class AbbreviationDictionary {
 public:
  //! Loads the sources under `abbreviations_dir` (the folder holding sources/). A missing
  //! source file is an error naming it; a malformed line is skipped.
  static Result<AbbreviationDictionary> Load(const std::string& abbreviations_dir);
  //! A dictionary from (abbreviation, long form, count) triples; for tests and small tables.
  static AbbreviationDictionary FromEntries(
      const std::vector<std::tuple<std::string, std::string, uint32_t>>& entries);

  //! Senses of `abbr` (case-insensitive), most frequent first; empty if unknown.
  std::vector<AbbreviationSense> Senses(std::string_view abbr) const;
  bool Contains(std::string_view abbr) const;

  //! The senses of `abbr` the corpus supports, most probable first, given the index terms of
  //! the rest of the question (`context_terms`, without the abbreviation itself). Empty when
  //! `abbr` is unknown or no sense is supported.
  std::vector<AbbreviationExpansion> Expand(std::string_view abbr,
                                            const std::vector<std::string>& context_terms,
                                            const CorpusStats& stats, Analyzer& analyzer,
                                            const ExpandOptions& options = {}) const;

  size_t num_abbreviations() const { return keys_.size(); }
  size_t num_senses() const { return senses_.size(); }

 private:
  struct Key {
    uint32_t offset;  // into arena_
    uint16_t length;
    uint32_t first_sense;
    uint32_t num_senses;
  };
  struct Sense {
    uint32_t offset;  // into arena_
    uint16_t length;
    uint32_t count;
  };
  struct RawEntry {
    std::string key, long_form;
    uint32_t count;
  };
  static AbbreviationDictionary Build(std::vector<RawEntry> entries);
  const Key* Find(std::string_view abbr) const;
  std::string_view Text(uint32_t offset, uint16_t length) const {
    return std::string_view(arena_).substr(offset, length);
  }

  std::string arena_;
  std::vector<Key> keys_;  // sorted by key text
  std::vector<Sense> senses_;
};

}  // namespace evident
