// MedicalVocabulary: how much a question is about medicine, judged by its words. A question
// whose words merely occur in medical text ("How do I change the oil in a car engine?": oil,
// change) is covered by some passage as well as a clinical one is, so term coverage alone cannot
// tell it from a medical question; the words' domain can.
//
// A word is medical to the degree that the MeSH headings holding it are medical ones (the
// 2017 MeSH tree in the shared data's vocab/mesh_vocab): headings under Anatomy, Diseases,
// Chemicals and Drugs, Techniques and Equipment, Psychiatry, Biological Sciences (less physics
// and mathematics), Health Care and the microorganisms count as medical; those under Physical
// Sciences, Anthropology and Sociology, Technology and Food, Humanities, Information Science,
// Publication Characteristics, Geographic Locations, animals and plants do not ("Dogs",
// "Automobiles", "Europe"). Persons ("Women", "Child") count neither way. A word no heading
// holds is medical when everyday English (Hunspell's en_US dictionary, without the medical word
// list) does not know it, nor WordNet (which knows British spellings: "tyre", "mould"): a gene,
// drug, procedure or abbreviation ("dotatate", "PRRT", "YY1").
// An everyday word outside MeSH is as medical as it is frequent in the (medical) corpus: not at
// all below kRareShare of its passages ("tyre", "carpet"), fully from kCommonShare on
// ("metastases", which MeSH spells "metastasis"), log-linearly between. A word neither English
// nor the corpus knows ("wifi") is neither: 0.5.
//
// The corpus and MeSH know many everyday words in a medical sense only: "car" (CAR T cells),
// "battery" (a test battery), "tie" (TIE receptors). What English means by a word decides
// more: where WordNet knows it (WordSenses), its medical senses count fully, its everyday
// senses (vehicles, devices, animals, places) not at all, and only the rest by the judgement
// above: score = medical + (1 - medical - everyday) * judgement. Acronyms ("CAR", "PPI") are
// not looked up there. A hyphenated compound MeSH lacks ("MK-1602", "long-COVID",
// "angiotensin-converting-enzyme") is as medical as its most medical part.
//
// MedicalShare weighs each word by its idf in the corpus, so the rare words that name a
// question's subject count most, and the common ones ("change", "time") little.
// Thread-safety: immutable after Load; share across threads (the dictionary serialises its
// calls).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/status.h"
#include "query/corpus_stats.h"
#include "query/spelling_corrector.h"
#include "query/word_senses.h"

namespace evident {

//! One word of a question, as MedicalVocabulary judges it.
struct DomainWord {
  std::string word;  //!< as written (for the dictionary): "metastases"
  std::string term;  //!< its analysed term (for MeSH and the corpus): "metastas"
  //! Known medical without looking (a drug name, a lay phrase, an expanded abbreviation).
  bool known_medical = false;
};

class MedicalVocabulary {
 public:
  //! Reads a MeSH tree file ("Tree Number<TAB>Desc Ui<TAB>Term" lines after a header; a UTF-8
  //! byte order mark is allowed). `english` is everyday English without medical words
  //! (SpellingDictionary::Load(dir, false)); null = words outside MeSH are judged by their corpus
  //! frequency alone. `senses` is WordNet; null = no word is judged by its senses. Errors name
  //! the file.
  static Result<MedicalVocabulary> Load(const std::string& mesh_tree_path,
                                        std::unique_ptr<SpellingDictionary> english,
                                        std::unique_ptr<WordSenses> senses = nullptr);
  //! From (tree number, heading) pairs given directly (tests).
  static MedicalVocabulary FromHeadings(
      const std::vector<std::pair<std::string, std::string>>& headings,
      std::unique_ptr<SpellingDictionary> english, std::unique_ptr<WordSenses> senses = nullptr);

  //! An everyday word outside MeSH in at most this share of the corpus's passages is not
  //! medical; from kCommonShare on it is. Set on the shared corpus: "engine", "carpet",
  //! "kitchen" are below 0.01 %, "metastases", "toxicity" above 0.5 %.
  static constexpr double kRareShare = 0.0001;
  static constexpr double kCommonShare = 0.002;

  //! How medical one word is, from 0 (not at all) to 1; `stats` may be null (an everyday word
  //! outside MeSH then counts 0).
  double WordScore(const DomainWord& word, const CorpusStats* stats) const;
  //! The idf-weighted mean WordScore of `words` (idf from `stats`; all weigh alike when it is
  //! null); 0 for no words.
  double MedicalShare(const std::vector<DomainWord>& words, const CorpusStats* stats) const;

  size_t terms() const { return headings_.size(); }  //!< distinct MeSH heading terms

 private:
  // The judgement of MeSH, the dictionary and the corpus; `in_wordnet`: WordNet knows the word,
  // so it is English even where en_US lacks it.
  double JudgedScore(const DomainWord& word, bool in_wordnet, const CorpusStats* stats) const;

  struct Counts {
    uint32_t medical = 0, other = 0;  // headings holding the term, by tree
  };
  void AddHeading(std::string_view tree_number, std::string_view heading);

  std::unordered_map<std::string, Counts> headings_;
  std::unique_ptr<SpellingDictionary> english_;
  std::unique_ptr<WordSenses> senses_;
};

}  // namespace evident
