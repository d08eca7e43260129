// QueryAnalyzer: turns a question in plain words into the weighted terms retrieval runs on, and
// (AnalyzeQuestion) into an AnalyzedQuery: the question type, the user's terms, spelling
// corrections, expansions from abbreviations, drug synonyms, lay terms and concept synonyms
// ("hepatic" for "liver"), the concepts the
// question is about, and an explanation of every rewrite.
//
// Weights: the user's own words weigh 1, except in AnalyzeQuestion the generic words that frame
// the question ("role", "effect", "treatment", "patients") rather than name its subject; the
// parts of a compound ("covid" of "COVID-19") weigh
// less, since the whole token already matches exactly where it occurs; a spelling correction
// weighs a little less than 1 (the user did not type it); expansions weigh clearly less (they
// add recall, the user's words keep precision). Defaults tuned on the BioASQ and PubMedQA dev
// sets (see ExpansionWeights).
//
// Without vocabularies (empty vocab_dir and no resources) AnalyzeQuestion only classifies and
// splits concepts; without CorpusStats nothing is corrected and no abbreviation is expanded
// (both need the corpus to support them).
// Thread-safety: holds an Analyzer; one QueryAnalyzer per thread. The QueryResources it points
// at are shared read-only.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "index/analyzer.h"
#include "index/top_k.h"
#include "query/corpus_stats.h"
#include "query/query_resources.h"
#include "query/question_type.h"

namespace evident {

//! Query-side weights of rewritten terms (the user's own words weigh 1). Tuned on the dev sets
//! (BioASQ 1,983 questions, PubMedQA 500) over the whole corpus with plain BM25F: expansions
//! there are close to neutral (the questions are written in the literature's own terms), and
//! heavier abbreviation or drug-synonym weights (0.4-0.6) cost nDCG@10; these are the weights
//! that helped both sets a little. Lay terms have no dev set with judgements; 0.6 because a
//! patient's phrase rarely occurs in research text, so the clinical phrase must carry the query.
//! Re-checked in full mode at the BM25F defaults of k1 0.6 / body b 1.0: abbreviations at 0 or
//! 0.4, drug synonyms at 0 or 0.3, spelling at 0.7 all move bioasq_dev within ±0.001.
struct ExpansionWeights {
  float spelling = 0.9f;       //!< a corrected word
  float abbreviation = 0.2f;   //!< each term of an abbreviation's long form (times confidence)
  float drug_synonym = 0.15f;  //!< each term of another name of a drug the question names
  float lay_term = 0.6f;       //!< each term of the clinical phrase for a lay phrase
  //! Another word for one of the question's words ("hepatic" for "liver", "tumour" for
  //! "tumor"; ConceptSynonymTable), times that word's weight.
  float concept_synonym = 0.4f;
  //! Other names of a drug searched besides its DrugBank name (the ones the corpus uses most).
  size_t max_drug_synonyms = 2;
};

struct QueryAnalyzerOptions {
  float part_weight = 0.5f;  //!< weight of a compound's parts relative to the whole token
  //! AnalyzeQuestion's weight of a generic question word ("What is the *role* of ...", "*effect*",
  //! "*treatment*", "*patients*"; the list that also separates concepts) relative to a subject
  //! word. Such words say what is asked about the subject, and relevant passages often phrase
  //! it otherwise, while passages matching them and little else rank high: term weighting for
  //! verbose questions (Bendersky & Croft 2008, "Discovering key concepts in verbose queries").
  //! 0.7 lifts bioasq_dev nDCG@10 by 0.010 in full mode (on both halves; 0.5 and 0.3 the same)
  //! at a cost of 0.002 on pubmedqa_dev, whose questions are paraphrased titles. Analyze, the
  //! plain query, keeps them at 1.
  float generic_weight = 0.7f;
  //! The shared data's vocab/ folder; empty = no vocabularies (unless `resources` is set).
  //! Loaded once per process through QueryResources::Shared.
  std::string vocab_dir = {};
  //! Vocabularies already loaded; takes precedence over vocab_dir.
  std::shared_ptr<const QueryResources> resources = {};
  //! Corpus statistics for spelling and abbreviation decisions; not owned, may be null.
  const CorpusStats* corpus_stats = nullptr;
  ExpansionWeights weights = {};
};

//! Where a term of an AnalyzedQuery comes from.
enum class TermSource {
  kUser,
  kUserPart,
  kSpelling,
  kAbbreviation,
  kDrugSynonym,
  kLayTerm,
  kConceptSynonym
};
const char* TermSourceName(TermSource source);

struct AnalyzedTerm {
  std::string term;  //!< an analysed index term
  float weight = 1.0f;
  TermSource source = TermSource::kUser;
  //! A concept synonym's user term: the question's word it is another word for ("liver" for
  //! "hepat"); empty for every other source.
  std::string stands_for = {};
};

enum class RewriteKind { kSpelling, kAbbreviation, kDrugSynonym, kLayTerm, kConceptSynonym };

//! One change to the question: `from` as the user wrote it, `to` what was searched besides
//! (or, for spelling, instead).
struct QueryRewrite {
  RewriteKind kind = RewriteKind::kSpelling;
  std::string from;
  std::string to;
  float weight = 0;         //!< query weight of each term of `to`
  double confidence = 1.0;  //!< abbreviation sense confidence; 1 for the others
  std::string explanation;  //!< for people: "Abbreviation: NET → neuroendocrine tumors (0.93)"
};

enum class ConceptKind { kDrug, kAbbreviation, kLayTerm, kPhrase };

//! Something the question is about, for display and for understanding follow-up questions.
struct QueryConcept {
  std::string name;        //!< canonical: "lutetium Lu 177 dotatate", "liver metastases"
  std::string as_written;  //!< the question's words: "Lutathera"
  ConceptKind kind = ConceptKind::kPhrase;
};

struct AnalyzedQuery {
  std::string question;
  QuestionType type = QuestionType::kGeneral;
  //! Every term to search, each once: the user's terms in question order, then corrections and
  //! expansions.
  std::vector<AnalyzedTerm> terms;
  std::vector<QueryRewrite> rewrites;
  std::vector<QueryConcept> concepts;  //!< in question order
  //! How much the question is about medicine, 0-1: MedicalVocabulary::MedicalShare of its
  //! subject words (generic question words left out; drug names, lay phrases and expanded
  //! abbreviations count as medical). 1 without vocabularies.
  double medical_share = 1.0;

  //! `terms` as TopK takes them.
  std::vector<QueryTerm> QueryTerms() const;
};

class QueryAnalyzer {
 public:
  explicit QueryAnalyzer(QueryAnalyzerOptions options = {});

  //! Weighted index terms of `question` (the user's words only), in question order; repeated
  //! words repeat.
  std::vector<QueryTerm> Analyze(const std::string& question);

  //! The full analysis of a question (see the file comment).
  AnalyzedQuery AnalyzeQuestion(const std::string& question);

  Analyzer& analyzer() { return analyzer_; }
  //! Null when running without vocabularies.
  const QueryResources* resources() const { return resources_.get(); }
  //! Why vocab_dir could not be loaded (ok when it was, or was not asked for).
  const Status& resources_status() const { return resources_status_; }

 private:
  QueryAnalyzerOptions options_;
  Analyzer analyzer_;
  std::shared_ptr<const QueryResources> resources_;
  Status resources_status_;
};

}  // namespace evident
