// Glossary: what the corpus's own patient pages say a medical term means, for glossing jargon
// in answers for patients (answer/glossing.h). Every entry is quoted, never written: its
// definition is a sentence of a stored consumer passage (cleaned as the composer cleans every
// sentence, so the citation check can find it), and its gloss is the part of that sentence that
// explains the term. Two kinds of sentences define a term:
//   - "X is/are a|an|one ..." — X, the subject, is the term and what follows the verb is the
//     gloss ("Neuroblastoma is a type of cancer that forms in nerve tissue."), kept when the
//     page is about X (its title names it: MedQuAD's "What is (are) Neuroblastoma?", NCI's drug
//     page "Lutetium Lu 177-Dotatate") or the gloss begins "a type of", "a kind of", ...;
//   - inline glosses of patient pages, "lymphocytes (a type of white blood cell)", as
//     ExtractInlineGlosses (answer/readability.h) finds them; one page's aside may be a slip, so
//     these need kMinInlineVotes passages that agree, and the gloss must be plainer than the
//     term (no hard word as rare as the term's), since a parenthesis sometimes names the
//     technical word instead ("anal opening (imperforate anus)"), and a one-word gloss must be a
//     short word (under three syllables) that patient pages use often (kMinPlainWordRate).
// A term is kept only if it is jargon: one of its words is hard (three or more syllables, the
// "complex word" of Gunning's fog index, Gunning 1952) and rare in patient text (in fewer than
// kMaxJargonConsumerRate of the consumer passages). Words that patient pages use everywhere
// ("chemotherapy", "tumor", "cancer") are not glossed; "neuroendocrine", "biopsy" and drug
// names are. Terms with an acronym ("ALL", "NET") are left out: they would match ordinary words
// regardless of case.
//
// The glossary is built once per index generation from the passages the index is built from
// (GlossaryBuilder, through the ingest's GenerationSidecar) and saved beside the index files as
// kGlossaryFileName; AnswerComposer loads it once.
//
// Thread-safety: a GlossaryBuilder is used by one thread; a loaded Glossary is immutable and may
// be shared.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "answer/readability.h"
#include "common/status.h"

namespace evident {

//! The glossary's file in an index generation's directory (JSON Lines, one entry a line).
inline constexpr const char* kGlossaryFileName = "glossary.jsonl";

//! A term is jargon only if some hard word of it is in fewer than this share of consumer
//! passages. 5 % keeps "biopsy" (3.7 % of the shared corpus's consumer passages) and
//! "neuroendocrine" (0.6 %) and drops "chemotherapy" (5.7 %) and "therapy" (17 %), which
//! patient pages use without explaining.
constexpr double kMaxJargonConsumerRate = 0.05;
//! A one-word inline gloss must be in at least this share of consumer passages: "spread" (6 %),
//! "benign" (2.6 %) explain; "uveal" and "norepinephrine" (0.1 %) are synonyms as technical as
//! the terms they follow ("armpit", 0.15 %, is lost with them).
constexpr double kMinPlainWordRate = 0.005;
//! Passages that must give the same inline gloss of a term for it to count.
constexpr int kMinInlineVotes = 2;
//! An "X is a ..." gloss longer than this is an essay, not a gloss.
constexpr int kMaxDefinitionGlossWords = 30;

struct GlossaryEntry {
  std::string term;        //!< lower case: "neuroblastoma", "white blood cell"
  std::string gloss;       //!< a substring of `definition`: "a type of cancer that ..."
  std::string definition;  //!< the cleaned source sentence
  std::string passage_id;  //!< the consumer passage it is a sentence of
  std::string doc_id;
  //! Share of consumer passages holding the term's rarest hard word (lower = more specialised).
  double consumer_rate = 0;
  int votes = 1;  //!< passages that gave this gloss
};

//! One passage as the builder sees it (a subset of the store's PassageView).
struct GlossarySourcePassage {
  std::string_view passage_id;
  std::string_view doc_id;
  std::string_view title;  //!< the document's title
  std::string_view text;
  bool consumer = false;  //!< a patient page or consumer answer
};

class GlossaryBuilder {
 public:
  //! Mines a consumer passage for definitions and counts its words; other passages are ignored.
  void Add(const GlossarySourcePassage& passage);
  //! The jargon entries, sorted by term; one per term (the page about the term first, then the
  //! gloss the most passages give, then the shorter one, then the first met).
  std::vector<GlossaryEntry> Build() const;

 private:
  struct Candidate {
    GlossaryEntry entry;
    bool about_page = false;  //!< an "is a" sentence on the page about the term
    bool inline_gloss = false;
    int order = 0;  //!< when it was first met
  };
  //! term -> gloss -> the first candidate with that gloss (votes counted in it).
  std::map<std::string, std::map<std::string, Candidate>> candidates_;
  std::unordered_map<std::string, int> consumer_doc_freq_;  //!< lower-cased word -> passages
  int consumer_passages_ = 0;
  int next_order_ = 0;
};

class Glossary {
 public:
  Glossary() = default;
  explicit Glossary(std::vector<GlossaryEntry> entries);

  //! Reads `path` (JSON Lines of entries, as Save writes). NotFound if it does not exist.
  static Result<Glossary> Load(const std::string& path);
  //! Writes the entries to `path` as JSON Lines.
  static Status Save(const std::vector<GlossaryEntry>& entries, const std::string& path);

  //! Glossary terms in `sentence` (JargonGlossary::Find: longest match first, each term once, a
  //! plural matching its singular), with GlossedTerm::key naming the entry; terms the sentence
  //! explains itself ("term (...)") are returned with `explained` set.
  std::vector<GlossedTerm> Find(std::string_view sentence) const;
  //! The entry of a lower-case term, or null.
  const GlossaryEntry* Entry(const std::string& term) const;

  size_t size() const { return entries_.size(); }
  const std::vector<GlossaryEntry>& entries() const { return entries_; }

 private:
  std::vector<GlossaryEntry> entries_;
  std::unordered_map<std::string, size_t> by_term_;
  JargonGlossary matcher_;
};

}  // namespace evident
