// Spelling correction for questions: SpellingDictionary (Hunspell with the en_US and the
// medical en_med_glut word lists, Debian's hunspell-en-us and hunspell-en-med) and
// SpellingCorrector, which combines it with the corpus vocabulary.
//
// A word is left alone when the corpus knows it (index document frequency >= 2) or Hunspell
// does: rare but correct terms ("dotatate", "octreotate", "pembrolizumab") are in the corpus
// even where no dictionary has them. Otherwise the candidates are Hunspell's suggestions plus
// every corpus term one edit away (Norvig-style deletes, transposes, replacements, inserts);
// the candidate within two edits (Damerau-Levenshtein) with the fewest edits, then the highest
// corpus document frequency, replaces the word — but only if the corpus knows it, so a
// correction always points at words that can match. A word the corpus holds once is corrected
// only to a one-edit neighbour at least 20 times as frequent.
//
// Thread-safety: SpellingDictionary serialises its Hunspell calls with a mutex and may be
// shared; SpellingCorrector holds a caller's Analyzer and is used by one thread.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "index/analyzer.h"
#include "query/corpus_stats.h"

class Hunspell;

namespace evident {

class SpellingDictionary {
 public:
  //! Opens `<dir>/en_US.aff` with `<dir>/en_US.dic` and, if `medical_words`, adds
  //! `<dir>/en_med_glut.dic` when present (without it: everyday English only).
  static Result<std::unique_ptr<SpellingDictionary>> Load(
      const std::string& dir = "/usr/share/hunspell", bool medical_words = true);
  ~SpellingDictionary();

  bool IsKnown(const std::string& word) const;
  std::vector<std::string> Suggest(const std::string& word) const;

 private:
  explicit SpellingDictionary(std::unique_ptr<Hunspell> hunspell);
  mutable std::mutex mu_;
  std::unique_ptr<Hunspell> hunspell_;
};

struct SpellingCorrection {
  std::string original;
  std::string corrected;
  uint32_t corrected_doc_freq = 0;  //!< corpus passages holding the corrected word
  uint32_t original_doc_freq = 0;   //!< corpus passages holding the original word (0 or 1)
  int edits = 0;                    //!< Damerau-Levenshtein distance
};

class SpellingCorrector {
 public:
  //! Minimum corpus document frequency for a word to count as known.
  static constexpr uint32_t kMinKnownDocFreq = 2;
  //! Words shorter than this are never corrected (too many near neighbours).
  static constexpr size_t kMinWordLength = 4;
  //! A word the corpus holds once is only corrected to a one-edit neighbour this many times more
  //! frequent ("chromsomal" -> "chromosomal"), not to a near rarity ("nucleome" -> "nucleoe").
  static constexpr uint32_t kMinRatioOverRareOriginal = 20;
  //! Hunspell's suggestions are asked for at most this many words per corrector (one question);
  //! later unknown words get the corpus candidates only. A suggestion costs milliseconds for a
  //! made-up word, so a question of 280 such words held an engine for seconds (over a minute
  //! under the sanitizers, found by fuzz/query_analyzer_fuzz.cc); real questions have a few.
  static constexpr int kMaxDictionarySuggestions = 8;

  //! Either source may be null; with neither, nothing is corrected.
  SpellingCorrector(const SpellingDictionary* dictionary, const CorpusStats* stats,
                    Analyzer* analyzer)
      : dictionary_(dictionary), stats_(stats), analyzer_(analyzer) {}

  //! The correction of one word (letters only), or nullopt when it is known or has no
  //! candidate the corpus knows.
  std::optional<SpellingCorrection> Correct(std::string_view word);

  //! Words Hunspell was asked to suggest for so far (at most kMaxDictionarySuggestions).
  int dictionary_suggestions() const { return dictionary_suggestions_; }

 private:
  uint32_t CorpusDocFreq(std::string_view word) const;

  const SpellingDictionary* dictionary_;
  const CorpusStats* stats_;
  Analyzer* analyzer_;
  int dictionary_suggestions_ = 0;
};

//! Damerau-Levenshtein distance (optimal string alignment) of two ASCII strings, case-insensitive.
int EditDistance(std::string_view a, std::string_view b);

}  // namespace evident
