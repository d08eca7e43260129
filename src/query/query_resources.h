// QueryResources: the read-only vocabularies query analysis uses — abbreviations, drug synonyms
// and brand names, the spelling dictionary, lay terms, concept synonyms — loaded once per process
// and shared by every QueryAnalyzer (one per thread), which holds a pointer to it.
//
// Layout expected under `vocab_dir` (the shared data's vocab/ folder, see data/SOURCES.md):
//   abbreviations/sources/...        Medical Abbreviation Meta-Inventory sources
//   drug_vocab/drugbank_vocabulary.csv
//   mesh_vocab/2017MeshTree.txt      MeSH tree, for MedicalVocabulary (optional)
// Brand names come from the NCI drug pages in `drug_pages_dir`; when that is empty and
// `<vocab_dir>/../corpus/guidelines/nci` exists (the shared data layout), that folder is used.
// From the system: Hunspell's en_US and medical word lists (`hunspell_dir`) and WordNet
// (`wordnet_dir`), both installed by scripts/setup; either may be missing, at a cost in quality.
// Thread-safety: immutable after Load; share freely (hold by shared_ptr).
#pragma once

#include <memory>
#include <string>

#include "common/status.h"
#include "query/abbreviations.h"
#include "query/concept_synonyms.h"
#include "query/drug_synonyms.h"
#include "query/lay_terms.h"
#include "query/medical_vocabulary.h"
#include "query/spelling_corrector.h"

namespace evident {

struct QueryResourcesOptions {
  std::string vocab_dir = {};       //!< the vocab/ folder of the shared data; required
  std::string drug_pages_dir = {};  //!< NCI drug pages for brand names; see the file comment
  std::string hunspell_dir = "/usr/share/hunspell";  //!< empty = no Hunspell
  //! WordNet, for the senses of everyday words (query/word_senses.h); empty or missing = none.
  std::string wordnet_dir = WordSenses::kDefaultDir;
};

//! Wall time of each part of Load, for reports and benchmarks.
struct QueryResourcesLoadTimes {
  double abbreviations_ms = 0;
  double drugs_ms = 0;
  double spelling_ms = 0;
  double medical_ms = 0;
  double total_ms = 0;
};

class QueryResources {
 public:
  //! Loads every vocabulary; errors name the file that failed. A missing Hunspell dictionary
  //! is not an error (spelling then relies on the corpus alone), nor is a missing MeSH tree
  //! (no medical vocabulary then).
  static Result<std::shared_ptr<const QueryResources>> Load(const QueryResourcesOptions& options);
  //! The process-wide instance for these options: loaded on first use, then shared.
  static Result<std::shared_ptr<const QueryResources>> Shared(const QueryResourcesOptions& options);

  const AbbreviationDictionary& abbreviations() const { return abbreviations_; }
  const DrugSynonyms& drugs() const { return drugs_; }
  //! Null when no Hunspell dictionary was found.
  const SpellingDictionary* spelling() const { return spelling_.get(); }
  const LayTermTable& lay_terms() const { return LayTermTable::BuiltIn(); }
  const ConceptSynonymTable& concept_synonyms() const { return ConceptSynonymTable::BuiltIn(); }
  //! Null when the MeSH tree was not found.
  const MedicalVocabulary* medical_vocabulary() const { return medical_.get(); }
  const QueryResourcesLoadTimes& load_times() const { return load_times_; }

 private:
  QueryResources() = default;
  AbbreviationDictionary abbreviations_ = AbbreviationDictionary::FromEntries({});
  DrugSynonyms drugs_;
  std::unique_ptr<SpellingDictionary> spelling_;
  std::unique_ptr<MedicalVocabulary> medical_;
  QueryResourcesLoadTimes load_times_;
};

}  // namespace evident
