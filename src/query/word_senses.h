// WordSenses: what a word means in everyday English, from WordNet 3.0 (Debian's wordnet-base,
// /usr/share/wordnet; Miller 1995): of its senses, the share that are medical and the share that
// are everyday things. MedicalVocabulary uses it to tell a question about medicine from one that
// merely uses words medical text uses too: "car", "battery", "engine" and "dog" occur in a
// medical corpus (CAR T cells, a test battery), but their senses are vehicles, devices and
// animals; "liver", "stroke" and "transfusion" are about the body.
//
// A sense (synset) is medical when any of these holds:
// - it is filed under noun.body or verb.body ("liver", "bleed");
// - it is, or is a kind of, one of the anchor senses of kMedicalAnchors (disease.n.01,
//   drug.n.01, cell.n.02, medical_procedure.n.01, ...), following hypernyms;
// - its topic domain (WordNet's ";c" pointer) or the "(medicine) ..." prefix of its gloss names
//   a medical field (medicine, pathology, surgery, genetics, ...);
// - its gloss's definition names a medical thing ("disease", "patient", "blood", "surgery", ...).
// Otherwise it is everyday when it is filed under a lexicographer file of everyday things:
// artifacts, animals, plants, food, places, objects, natural phenomena, possessions, groups,
// communication, events, people, shapes and time (nouns); competition, consumption, creation,
// motion, possession, social life and weather (verbs). Acts, states, processes, substances,
// attributes, cognition and the rest are neither: a word with such senses ("treatment",
// "pressure") is judged by MeSH and the corpus.
//
// Each sense weighs 1/rank within its part of speech (WordNet lists senses most frequent
// first). Weighing senses by their tag counts in the Semantic Concordance (cntlist.rev) instead
// was tried: it let 8 of the 52 off-topic questions through against 5, with the same medical
// questions answerable (docs/answers.md).
//
// A word is looked up as written (lower-cased), then through WordNet's exception lists
// ("mice" -> "mouse") and its detachment rules (Morphy: "batteries" -> "battery").
//
// The database is read as WordNet's own tools read it (wndb(5WN)): the files are memory-mapped,
// the index and exception files are searched by bisection (they are sorted), and a synset is
// read at its offset, which is its byte position in its data file. Loading costs no parsing;
// a word costs a few searches and the lines of its senses and their hypernyms (tens of
// microseconds). A malformed entry reads as absent.
// Thread-safety: immutable after Load; share freely.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>

#include "common/status.h"
#include "index/mapped_file.h"

namespace evident {

//! The domains of a word's senses, each the share (0-1) of its rank-weighted senses.
struct SenseDomains {
  double medical = 0;
  double everyday = 0;
};

class WordSenses {
 public:
  //! Where Debian's wordnet-base puts the database.
  static constexpr const char* kDefaultDir = "/usr/share/wordnet";

  //! Maps data.{noun,verb,adj}, index.{noun,verb,adj} and {noun,verb,adj}.exc from `dir`.
  //! NotFound, naming the file, if one is missing (install wordnet-base; scripts/setup).
  static Result<WordSenses> Load(const std::string& dir = kDefaultDir);

  //! The domains of `word` (a single word, any case); nullopt when WordNet lacks it.
  std::optional<SenseDomains> Of(std::string_view word) const;

 private:
  struct Synset;
  static constexpr int kParts = 3;  // noun, verb, adjective

  // The lemma `word` is an inflection of, or empty.
  std::string LemmaOf(const std::string& word) const;
  std::optional<SenseDomains> DomainsOfLemma(const std::string& lemma) const;
  std::optional<Synset> ReadSynset(uint64_t key) const;
  bool IsAnchored(uint64_t key) const;  // is, or descends from, an anchor
  bool IsMedical(uint64_t key, const Synset& synset) const;

  std::array<std::shared_ptr<MappedFile>, kParts> data_, index_, exceptions_;
  std::unordered_set<uint64_t> anchors_;  // synset keys (part << 32 | offset)
};

}  // namespace evident
