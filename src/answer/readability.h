// Readability: how hard a sentence or text is to read, and which of its medical terms a patient
// may need explained. The answer composer uses the scores to prefer plain sentences for a
// patient audience and the glossary to add a short plain gloss after a term.
//
// Scores are the two classic formulas over words per sentence and syllables per word:
//   Flesch Reading Ease (Flesch 1948, "A new readability yardstick", J Appl Psychol 32:221):
//     206.835 - 1.015 * words/sentences - 84.6 * syllables/words  (higher is easier; 60-70 is
//     plain English, below 30 is academic);
//   Flesch-Kincaid Grade Level (Kincaid, Fishburne, Rogers & Chissom 1975, Naval Technical
//     Training Command Research Branch Report 8-75):
//     0.39 * words/sentences + 11.8 * syllables/words - 15.59  (a US school grade).
// Syllables are counted by a heuristic (vowel groups with corrections for silent endings and
// split vowel pairs, acronyms spelled out); a word is a token with an ASCII letter, so numbers
// do not count.
//
// The glossary is sourced from the corpus rather than invented: NCI patient pages define terms
// inline ("lymphocytes (a type of white blood cell)", "prognosis (chance of recovery)"), which
// ExtractInlineGlosses mines, and consumer answers open with "X is ...", which PlainGloss cuts
// down to a short gloss. JargonGlossary::FromDefinitions builds the lookup from such pairs.
//
// Thread-safety: the functions are pure; a built JargonGlossary is immutable and may be shared.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "answer/sentence_splitter.h"

namespace evident {

struct ReadabilityScores {
  int sentences = 0;
  int words = 0;
  int syllables = 0;
  double reading_ease = 0;  //!< Flesch Reading Ease; 0 when there are no words
  double grade_level = 0;   //!< Flesch-Kincaid grade; 0 when there are no words
};

//! Syllables of one word ("chemotherapy" -> 5, "PRRT" -> 4); 0 if it has no ASCII letter.
//! Hyphenated words count each part ("placebo-controlled" -> 5).
int CountSyllables(std::string_view word);

//! Scores of `text`, split into sentences by SentenceSplitter (one sentence gives its own score).
ReadabilityScores MeasureReadability(std::string_view text);

//! A term and what a source says it is.
struct TermDefinition {
  std::string term;        //!< "lymphocytes"
  std::string definition;  //!< "a type of white blood cell", or a full "X is ..." sentence
};

//! A glossary term found in a sentence.
struct GlossedTerm {
  SentenceSpan span;       //!< the term's bytes in the sentence
  std::string term;        //!< as written in the sentence
  std::string gloss;       //!< "a type of white blood cell"
  std::string key;         //!< the glossary's entry: the lower-case term ("lymphocyte")
  bool explained = false;  //!< the sentence explains it itself: "lymphocytes (a type of ...)"
};

//! The short plain gloss a definition yields, or nullopt if it yields none: the first sentence,
//! without a leading "<term> (ABBR) is"/"are"/"refers to", without its final period, and cut at
//! a clause boundary if longer than kMaxGlossWords ("Adult acute lymphoblastic leukemia (ALL) is
//! a type of cancer in which the bone marrow makes too many lymphocytes." -> "a type of cancer
//! in which the bone marrow makes too many lymphocytes").
std::optional<std::string> PlainGloss(std::string_view term, std::string_view definition);
constexpr int kMaxGlossWords = 18;

//! Every "term (plain gloss)" in `text`, one pair per occurrence in order. The gloss is a short
//! lower-case phrase without digits or symbols that is not a reference, abbreviation, example
//! list, pointer or aside ("(see ...)", "(e.g. ...)", "(ALL)", "(n = 131)", "(left panel)"), and
//! it explains rather than names: a one-word gloss has no more syllables than the term's words
//! on average, and no gloss repeats the term ("surgery (enucleation)", "tumor (metastatic
//! tumor)" are dropped). The term is the Markdown
//! link text when the text links it ("[metastasized](/def/...) (spread)"), otherwise the up to
//! kMaxTermWords words before the parenthesis that form a noun phrase (function words and verbs
//! end it: "bone marrow makes too many lymphocytes (...)" -> "lymphocytes").
std::vector<TermDefinition> ExtractInlineGlosses(std::string_view text);
constexpr int kMaxTermWords = 3;

class JargonGlossary {
 public:
  JargonGlossary() = default;

  //! A glossary of the terms whose definitions yield a PlainGloss. Terms are matched without
  //! regard to case; a term defined more than once keeps its most frequent gloss (the shorter
  //! one on a tie), so that mined pairs vote. A gloss given fewer than `min_votes` times is
  //! left out: 2 keeps the pairs that several pages agree on (about 350 of the ~900 terms
  //! mined from the NCI patient pages), which are the reliable ones.
  static JargonGlossary FromDefinitions(const std::vector<TermDefinition>& definitions,
                                        int min_votes = 1);
  //! A glossary of the given (term, gloss) pairs as they are; a repeated term keeps its first.
  static JargonGlossary FromGlosses(
      const std::vector<std::pair<std::string, std::string>>& term_glosses);

  //! Glossary terms in `sentence`, longest match first, left to right, each term once; a plural
  //! ("lymphocytes") matches its singular entry. A term the sentence already explains (followed
  //! by "(") is skipped, or, with `include_explained`, returned with `explained` set.
  std::vector<GlossedTerm> Find(std::string_view sentence, bool include_explained = false) const;

  //! The gloss of `term` (any case), if the glossary has it.
  std::optional<std::string> GlossOf(std::string_view term) const;

  size_t size() const { return glosses_.size(); }

 private:
  std::unordered_map<std::string, std::string> glosses_;  //!< lower-cased term -> gloss
  int max_term_words_ = 1;
};

}  // namespace evident
