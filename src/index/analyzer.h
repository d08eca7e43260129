// Analyzer: turns text into index terms, the same way for documents and queries.
//
// Biomedical text is full of tokens that plain tokenisers break: "177Lu-DOTATATE", "HbA1c",
// "COVID-19", "BRCA1", "IL-6", "5-FU", "2.5". The analyzer keeps such a token whole
// (lower-cased, not stemmed) and also emits its parts, flagged as parts, so that both
// "covid-19" and "covid" find it. Plain words are lower-cased, stop words dropped, and the rest
// stemmed with Snowball English (Porter 2). Possessive "'s" is dropped.
//
// Thread-safety: an Analyzer holds a Snowball stemmer and is not thread-safe; use one per thread.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

struct sb_stemmer;

namespace evident {

struct Token {
  std::string term;
  bool is_part = false;  //!< a piece of a compound token ("covid" of "covid-19")
};

class Analyzer {
 public:
  Analyzer();
  ~Analyzer();
  Analyzer(const Analyzer&) = delete;
  Analyzer& operator=(const Analyzer&) = delete;

  //! Appends the terms of `text` to `out`, in text order (parts right after their whole token).
  void Analyze(std::string_view text, std::vector<Token>* out);
  std::vector<Token> Analyze(std::string_view text);

  //! The index form of one plain word: lower-cased and stemmed; empty if it is a stop word.
  std::string NormalizeWord(std::string_view word);

  //! True for English function words the index leaves out ("the", "what", "of").
  static bool IsStopWord(std::string_view lower_word);

 private:
  void EmitChunk(std::string_view chunk, std::vector<Token>* out);
  std::string Stem(std::string_view lower_word);

  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  sb_stemmer* stemmer_;
  //! Words stemmed so far and their stems: a lookup costs a fraction of Snowball's work, and
  //! text repeats its words. Emptied when it reaches kMaxCachedStems entries.
  std::unordered_map<std::string, std::string, StringHash, std::equal_to<>> stems_;
};

}  // namespace evident
