#include "answer/answer_composer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <map>
#include <random>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "answer/abbreviation_definitions.h"
#include "answer/follow_up.h"
#include "answer/glossing.h"
#include "answer/sentence_role.h"
#include "answer/sentence_splitter.h"
#include "answer/text_cleanup.h"
#include "common/ascii.h"
#include "index/analyzer.h"
#include "index/top_k.h"
#include "query/corpus_stats.h"
#include "query/query_analyzer.h"
#include "query/question_type.h"
#include "rank/evidence_level.h"

namespace evident {

namespace {

constexpr int kMinSentenceWords = 6;
constexpr int kMaxSentenceWords = 70;
constexpr size_t kNearestTopics = 5;

uint8_t KindBit(SourceKind kind) { return static_cast<uint8_t>(1u << static_cast<int>(kind)); }

std::string TodayUtc() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[16];
  std::strftime(buf, sizeof(buf), "%Y-%m-%d", &tm);
  return buf;
}

std::string RandomConversationId() {
  std::random_device rd;
  std::uniform_int_distribution<int> hex(0, 15);
  std::string id;
  for (int i = 0; i < 16; ++i) id += "0123456789abcdef"[hex(rd)];
  return id;
}

int CountWords(const std::string& s) {
  int n = 0;
  bool in = false;
  for (char c : s) {
    bool space = std::isspace(static_cast<unsigned char>(c)) != 0;
    if (!space && !in) ++n;
    in = !space;
  }
  return n;
}

// A sentence that leans on the one before it reads badly on its own.
bool StartsWithBackReference(const std::string& s) {
  static const char* const kStarts[] = {"This ", "These ", "That ",  "Those ", "It ",  "They ",
                                        "Such ", "Its ",   "Their ", "He ",    "She ", "Both "};
  return std::any_of(std::begin(kStarts), std::end(kStarts),
                     [&](const char* p) { return s.rfind(p, 0) == 0; });
}

// A study's aim ("To determine the factors ...", "We aimed to ...") says what was asked, not
// what was found.
bool StatesAnAim(const std::string& s) {
  if (s.size() > 4 && s.rfind("To ", 0) == 0 && std::islower(static_cast<unsigned char>(s[3])))
    return true;
  std::string head = s.substr(0, std::min<size_t>(s.size(), 80));
  for (char& ch : head) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  static const char* const kCues[] = {"the aim of this",
                                      "the aim of the",
                                      "this study aimed",
                                      "we aimed to",
                                      "the purpose of this",
                                      "the objective of this",
                                      "the objectives of this",
                                      "we sought to",
                                      "this study aims",
                                      "the aim was",
                                      "our aim was",
                                      "the goal of this"};
  return std::any_of(std::begin(kCues), std::end(kCues),
                     [&](const char* cue) { return head.find(cue) != std::string::npos; });
}

// Sentences that are navigation, headings or fragments rather than statements.
bool IsStatement(const std::string& s) {
  if (s.empty()) return false;
  char last = s.back();
  if (last == ':' || last == '?' || last == ',' || last == ';') return false;
  if (s.find("http") != std::string::npos) return false;
  if (std::isupper(static_cast<unsigned char>(s[0])) ||
      std::isdigit(static_cast<unsigned char>(s[0]))) {
    return true;
  }
  // A sentence may open with a gene or molecule written in lower case ("sst2a IHC ...",
  // "mRNA levels ...", "p53 ..."): a first word with a digit or a capital after its start.
  size_t end = s.find(' ');
  std::string_view first(s.data(), end == std::string::npos ? s.size() : end);
  return std::islower(static_cast<unsigned char>(s[0])) &&
         std::any_of(first.begin() + 1, first.end(), [](char ch) {
           return std::isdigit(static_cast<unsigned char>(ch)) ||
                  std::isupper(static_cast<unsigned char>(ch));
         });
}

double EvidenceWeight(EvidenceLevel level, Audience audience) {
  if (audience == Audience::kPatient && level == EvidenceLevel::kPatientEducation) return 1.0;
  switch (level) {
    case EvidenceLevel::kGuideline:
      return 1.0;
    case EvidenceLevel::kSystematicReview:
      return 0.9;
    case EvidenceLevel::kRandomizedTrial:
      return 0.85;
    case EvidenceLevel::kObservational:
      return 0.65;
    case EvidenceLevel::kCaseReport:
      return 0.45;
    case EvidenceLevel::kNarrativeReview:
      return 0.55;
    case EvidenceLevel::kPatientEducation:
      return 0.6;
    case EvidenceLevel::kUnknown:
      return 0.5;
  }
  return 0.5;
}

// Roles that answer each kind of question best get a small boost.
bool RoleFitsQuestion(SentenceRole role, QuestionType type) {
  switch (type) {
    case QuestionType::kTreatment:
      return role == SentenceRole::kEfficacy || role == SentenceRole::kPatientSelection ||
             role == SentenceRole::kRecommendation;
    case QuestionType::kAdverseEffects:
      return role == SentenceRole::kSafety;
    case QuestionType::kDefinition:
    case QuestionType::kMechanism:
      return role == SentenceRole::kDefinition || role == SentenceRole::kBackground;
    case QuestionType::kDosing:
      return role == SentenceRole::kDosing;
    case QuestionType::kScreening:
    case QuestionType::kPrevention:
    case QuestionType::kDiagnosis:
      return role == SentenceRole::kRecommendation || role == SentenceRole::kPatientSelection;
    case QuestionType::kPrognosis:
      return role == SentenceRole::kEfficacy;
    default:
      return false;
  }
}

// What an answer shows of a cited document.
struct SourceInfo {
  std::string title, source, url;
  bool untitled = false;  // `title` stands in for a missing one (UntitledTitle)
  int year = 0;
  EvidenceLevel level = EvidenceLevel::kUnknown;
  std::optional<int> study_size;
  //! Its numbered reference list, read only once a chosen sentence cites one (ReadReferences).
  std::vector<Reference> references;
  bool references_read = false;
};

// A title for a document without one (most of the corpus's BioASQ abstracts): its opening
// words, at most kUntitledWords, marked as such — "Untitled abstract: “Neuroblastoma may be
// treated with molecular radiotherapy, 131I meta-Iodobenzylguanidine and 177Lu …”". Empty for an
// empty text.
std::string UntitledTitle(std::string_view text) {
  constexpr size_t kUntitledWords = 12;
  std::string opening;
  size_t words = 0, i = 0;
  while (i < text.size() && words < kUntitledWords) {
    while (i < text.size() && ascii::IsSpace(text[i])) ++i;
    const size_t start = i;
    while (i < text.size() && !ascii::IsSpace(text[i])) ++i;
    if (i == start) break;
    opening += (opening.empty() ? "" : " ") + std::string(text.substr(start, i - start));
    ++words;
  }
  while (i < text.size() && ascii::IsSpace(text[i])) ++i;
  if (opening.empty()) return {};
  return "Untitled abstract: \u201c" + opening + (i < text.size() ? " \u2026" : "") + "\u201d";
}

// The distinct terms of a text as ids of one Ask's term dictionary (Impl::term_ids), sorted:
// set operations are merges of small integer arrays instead of string hashing.
using TermSet = std::vector<uint32_t>;

struct Candidate {
  std::string text;          // cleaned sentence, as shown
  std::vector<int> markers;  // the source's own reference numbers cited in the sentence
  std::string passage_id;
  std::string doc_id;
  uint32_t doc = 0;          // doc_id's number in the index
  int passage_rank = 0;      // rank of its passage in its section's retrieval
  int position = 0;          // sentence number within its passage
  double passage_score = 0;  // normalised to the section's best passage
  TermSet terms;
  double relevance = 0;
  bool conclusion = false;  // in a structured abstract's CONCLUSIONS
  // The rest is set only when relevance reaches ComposerOptions::min_sentence_relevance:
  // SelectMmr never takes a less relevant sentence, which only counts towards the centrality
  // of others.
  double centrality = 0;
  double score = 0;
  SentenceRole role = SentenceRole::kBackground;
  EvidenceLevel level = EvidenceLevel::kUnknown;
};

// A sentence of a structured abstract's conclusions ("CONCLUSIONS:", "Conclusion.").
bool InConclusions(std::string_view section_label) {
  if (section_label.size() < 10) return false;
  std::string head(section_label.substr(0, 10));
  for (char& ch : head) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return head == "CONCLUSION";
}

double Jaccard(const TermSet& a, const TermSet& b) {
  if (a.empty() || b.empty()) return 0;
  size_t inter = 0;
  for (auto i = a.begin(), j = b.begin(); i != a.end() && j != b.end();) {
    if (*i < *j) {
      ++i;
    } else if (*j < *i) {
      ++j;
    } else {
      ++inter;
      ++i;
      ++j;
    }
  }
  return static_cast<double>(inter) / static_cast<double>(a.size() + b.size() - inter);
}

// Maximal marginal relevance (Carbonell & Goldstein 1998): repeatedly take the candidate with
// the best lambda * score - (1 - lambda) * (similarity to what is already taken).
std::vector<size_t> SelectMmr(const std::vector<Candidate>& pool, size_t want, double lambda,
                              double min_relevance, std::unordered_set<std::string>* used_texts) {
  std::vector<size_t> chosen;
  std::vector<bool> taken(pool.size(), false);
  while (chosen.size() < want) {
    double best = -1e9;
    size_t best_i = pool.size();
    for (size_t i = 0; i < pool.size(); ++i) {
      if (taken[i] || pool[i].relevance < min_relevance || used_texts->count(pool[i].text))
        continue;
      double redundancy = 0;
      for (size_t j : chosen)
        redundancy = std::max(redundancy, Jaccard(pool[i].terms, pool[j].terms));
      if (redundancy > 0.6) continue;  // a near-duplicate says nothing new
      double mmr = lambda * pool[i].score - (1 - lambda) * redundancy;
      if (mmr > best) {
        best = mmr;
        best_i = i;
      }
    }
    if (best_i == pool.size()) break;
    taken[best_i] = true;
    used_texts->insert(pool[best_i].text);
    chosen.push_back(best_i);
  }
  return chosen;
}

}  // namespace

struct AnswerComposer::Impl {
  std::shared_ptr<const IndexReader> index;
  Store* store;
  ComposerOptions options;
  std::unique_ptr<IndexCorpusStats> corpus_stats;
  std::unique_ptr<QueryAnalyzer> query_analyzer;
  Glossary glossary;  // the index generation's patient glossary; empty if it has none
  SentenceSplitter splitter;
  std::unordered_map<std::string, SourceInfo> sources;  // per Ask
  std::vector<double> passage_coverage;                 // per Ask, for the confidence
  std::unordered_map<std::string, uint32_t> term_ids;   // per Ask: the ids of TermSets
  std::vector<double> term_idf;                         // per Ask: idf by term id
  std::vector<Token> tokens;                            // scratch for Terms
  // Per Ask, for a follow-up: the sources the topic question's answer cites (id, title), best
  // first, and the sources of the passages kept as on the topic (id, kind), by rank.
  std::vector<std::pair<std::string, std::string>> topic_sources;
  std::unordered_set<std::string> topic_source_ids;
  std::vector<std::pair<std::string, SourceKind>> on_topic_sources;

  // The question as retrieval and sentence scoring see it. `core` holds the user's own words
  // (and spelling corrections) that carry the question: coverage of their idf mass says how
  // well a text addresses it. A compound absent from the index ("lu-177") is left out of the
  // core, its parts stand for it; a plain word the corpus never saw ("tyre") stays in, since
  // a question about something the corpus lacks must not look covered.
  struct Query {
    std::vector<QueryTerm> terms;
    std::unordered_map<std::string, double> core;       // term -> weight * idf
    std::unordered_map<std::string, double> expansion;  // term -> weight * idf
    double core_total = 0;
    // `core` and the expansion terms outside it as (term id, weight), in the maps' iteration
    // order, so that Coverage adds the same numbers in the same order.
    std::vector<std::pair<uint32_t, double>> core_ids, expansion_ids;
    // A follow-up's topic, the earlier question it leans on: its own words and their other
    // names (expansion). Evidence for a follow-up must speak to the topic as well, or it
    // answers another question ("kidney toxicity" of cisplatin after a DOTATATE question).
    std::unordered_map<std::string, double> topic_core, topic_expansion;
    std::vector<std::pair<uint32_t, double>> topic_core_ids, topic_expansion_ids;
    double topic_total = 0;
    // Concept synonyms ("hepat" for "liver"): a user term -> (another word for it, the share
    // of the term's weight that word earns where the term itself is missing); and, parallel to
    // core_ids and topic_core_ids, each term's synonyms as (term id, share).
    std::unordered_map<std::string, std::vector<std::pair<std::string, double>>> synonyms;
    std::vector<std::vector<std::pair<uint32_t, double>>> core_synonym_ids, topic_synonym_ids;
    // How much the question (or, for a follow-up, its topic) is about medicine.
    double medical_share = 1.0;
  };

  void AddTerms(const AnalyzedQuery& analyzed, float scale, Query* q) {
    // Words that frame a clinical question rather than name its subject ("the role of X in
    // Y"); a passage that answers need not repeat them, so they count little towards coverage.
    static const std::unordered_set<std::string> kFrameWords = [] {
      std::unordered_set<std::string> stems;
      Analyzer analyzer;
      for (const char* w : {"role",     "effect",      "effects",    "use",          "used",
                            "value",    "place",       "impact",     "current",      "evidence",
                            "benefit",  "association", "associated", "relationship", "difference",
                            "describe", "list",        "name",       "known",        "common",
                            "main",     "best",        "way",        "patients",     "people"}) {
        for (auto& t : analyzer.Analyze(w)) stems.insert(t.term);
      }
      return stems;
    }();
    bool has_parts = std::any_of(analyzed.terms.begin(), analyzed.terms.end(),
                                 [](const auto& t) { return t.source == TermSource::kUserPart; });
    std::unordered_map<std::string, float> user_weights;
    for (const AnalyzedTerm& t : analyzed.terms) {
      if (t.source == TermSource::kUser || t.source == TermSource::kSpelling)
        user_weights.emplace(t.term, t.weight);
    }
    for (const AnalyzedTerm& t : analyzed.terms) {
      q->terms.push_back({t.term, t.weight * scale});
      auto of = user_weights.find(t.stands_for);
      if (t.source == TermSource::kConceptSynonym && of != user_weights.end()) {
        q->synonyms[t.stands_for].emplace_back(t.term, t.weight / of->second);
        continue;
      }
      const auto* entry = index->Lookup(t.term);
      bool compound = t.term.find_first_of("-.") != std::string::npos;
      if (entry == nullptr && (compound || t.source == TermSource::kUserPart)) continue;
      double idf = entry != nullptr ? entry->idf : Bm25Idf(index->num_passages(), 0);
      bool own = t.source == TermSource::kUser || t.source == TermSource::kUserPart ||
                 t.source == TermSource::kSpelling;
      double frame = kFrameWords.count(t.term) ? 0.25 : 1.0;
      if (scale >= 1.0f) {
        double& w = (own ? q->core : q->expansion)[t.term];
        w = std::max(w, static_cast<double>(t.weight) * idf * frame);
      } else if (!(compound && has_parts)) {
        // A follow-up's context (scale < 1) helps ranking and decides which passages are on
        // the topic; coverage is judged on what the follow-up itself asks. A compound whose
        // parts are in the question ("lu-177": "lu", "177") is one concept, and its parts
        // stand for it, since passages write it in many ways.
        double& w = (own ? q->topic_core : q->topic_expansion)[t.term];
        w = std::max(w, static_cast<double>(t.weight) * idf * frame);
      }
    }
  }

  Query BuildQuery(const std::string& question, const std::string& topic, QuestionType* type) {
    Query q;
    AnalyzedQuery analyzed = query_analyzer->AnalyzeQuestion(question);
    *type = analyzed.type;
    q.medical_share = analyzed.medical_share;
    AddTerms(analyzed, 1.0f, &q);
    if (!topic.empty()) {
      AnalyzedQuery context = query_analyzer->AnalyzeQuestion(topic);
      if (*type == QuestionType::kGeneral) *type = context.type;
      q.medical_share = std::max(q.medical_share, context.medical_share);
      AddTerms(context, options.context_weight, &q);
    }
    auto synonym_ids = [&](const std::string& term) {
      std::vector<std::pair<uint32_t, double>> ids;
      auto it = q.synonyms.find(term);
      if (it == q.synonyms.end()) return ids;
      for (const auto& [synonym, share] : it->second) ids.emplace_back(TermId(synonym), share);
      return ids;
    };
    for (const auto& [term, w] : q.core) q.core_total += w;
    for (const auto& [term, w] : q.core) {
      q.core_ids.emplace_back(TermId(term), w);
      q.core_synonym_ids.push_back(synonym_ids(term));
    }
    for (const auto& [term, w] : q.expansion) {
      if (!q.core.count(term)) q.expansion_ids.emplace_back(TermId(term), w);
    }
    // The topic's terms that the follow-up does not ask about itself.
    for (const auto& [term, w] : q.topic_core) {
      if (q.core.count(term)) continue;
      q.topic_core_ids.emplace_back(TermId(term), w);
      q.topic_synonym_ids.push_back(synonym_ids(term));
      q.topic_total += w;
    }
    for (const auto& [term, w] : q.topic_expansion) {
      if (!q.core.count(term) && !q.topic_core.count(term))
        q.topic_expansion_ids.emplace_back(TermId(term), w);
    }
    return q;
  }

  //! Share of `total` that `terms` cover: the weights of the `own` terms found (an own term
  //! missing but written as one of its `synonyms`, parallel to `own`, earns that synonym's
  //! share of its weight), and half the weights of the `expansion` terms found (other names
  //! for them), at most 1.
  static double Share(const std::vector<std::pair<uint32_t, double>>& own,
                      const std::vector<std::vector<std::pair<uint32_t, double>>>& synonyms,
                      const std::vector<std::pair<uint32_t, double>>& expansion, double total,
                      const TermSet& terms) {
    auto has = [&](uint32_t id) { return std::binary_search(terms.begin(), terms.end(), id); };
    double covered = 0;
    for (size_t i = 0; i < own.size(); ++i) {
      double share = has(own[i].first) ? 1.0 : 0.0;
      for (const auto& [id, synonym_share] : synonyms[i]) {
        if (share < synonym_share && has(id)) share = synonym_share;
      }
      covered += share * own[i].second;
    }
    for (const auto& [id, w] : expansion) {
      if (has(id)) covered += 0.5 * w;
    }
    return std::min(1.0, covered / total);
  }

  //! Share of the question's core weight a text covers; expansion terms found earn half.
  double Coverage(const Query& q, const TermSet& terms) const {
    if (q.core_total <= 0) return 0;
    return Share(q.core_ids, q.core_synonym_ids, q.expansion_ids, q.core_total, terms);
  }

  //! Share of a follow-up's topic a text covers (its other names earn half); 1 when the
  //! question is not a follow-up.
  double TopicCoverage(const Query& q, const TermSet& terms) const {
    if (q.topic_total <= 0) return 1;
    return Share(q.topic_core_ids, q.topic_synonym_ids, q.topic_expansion_ids, q.topic_total,
                 terms);
  }

  uint32_t TermId(const std::string& term) {
    auto [it, added] = term_ids.try_emplace(term, static_cast<uint32_t>(term_ids.size()));
    if (added) {
      const auto* entry = index->Lookup(term);
      term_idf.push_back(entry != nullptr ? entry->idf : Bm25Idf(index->num_passages(), 0));
    }
    return it->second;
  }

  TermSet Terms(const std::string& text) {
    tokens.clear();
    query_analyzer->analyzer().Analyze(text, &tokens);
    TermSet out;
    out.reserve(tokens.size());
    for (const Token& t : tokens) out.push_back(TermId(t.term));
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }

  // The source of `doc_id`, whose kind (from its passage) is `kind`. Only a research
  // article's text and publication types are read: its evidence level and study size come from
  // them, while a guideline's or consumer page's level follows from its kind and audience
  // (rank/evidence_level.h) and its long text and reference list are not needed here.
  Result<const SourceInfo*> Source(const std::string& doc_id, SourceKind kind) {
    auto it = sources.find(doc_id);
    if (it != sources.end()) return &it->second;
    constexpr DocumentParts kResearchParts{.lists = true, .sections = true, .references = false};
    constexpr DocumentParts kHeader{.lists = false, .sections = false, .references = false};
    bool research = kind == SourceKind::kResearch;
    auto doc = store->GetDocument(doc_id, research ? kResearchParts : kHeader);
    if (doc.ok() && !research && doc->kind == SourceKind::kResearch)
      doc = store->GetDocument(doc_id, kResearchParts);  // changed since the index was built
    if (!doc.ok()) return doc.status();
    SourceInfo info;
    info.level = ClassifyEvidence(*doc);
    // Study size means something for a study, not for a guideline summarising many.
    if (doc->kind == SourceKind::kResearch) {
      std::string text;
      for (const auto& s : doc->sections) text += s.text + "\n";
      info.study_size = StudySize(text);
    }
    info.title = std::move(doc->title);
    if (ascii::Trim(info.title).empty() && !doc->sections.empty()) {
      info.title = UntitledTitle(doc->sections.front().text);
      info.untitled = !info.title.empty();
    }
    info.source = std::move(doc->source);
    info.url = std::move(doc->url);
    info.year = doc->year;
    return &sources.emplace(doc_id, std::move(info)).first->second;
  }

  // Reads the reference list of a source Source has read, for carrying its citations through.
  Status ReadReferences(const std::string& doc_id) {
    SourceInfo& info = sources.at(doc_id);
    if (info.references_read) return Status::OK();
    auto doc = store->GetDocument(doc_id, {.lists = false, .sections = false, .references = true});
    if (!doc.ok()) return doc.status();
    info.references = std::move(doc->references);
    info.references_read = true;
    return Status::OK();
  }

  // Retrieves passages of the allowed kinds, at most `per_document` per document.
  std::vector<ScoredPassage> Retrieve(const Query& q, uint8_t kind_mask, int k, int per_document) {
    TopKOptions top;
    top.k = k * 2;
    top.one_per_document = false;
    top.kind_mask = kind_mask;
    std::vector<ScoredPassage> out;
    std::unordered_map<uint32_t, int> per_doc;
    for (const auto& p : TopK(*index, q.terms, top)) {
      if (++per_doc[p.doc] > per_document) continue;
      out.push_back(p);
      if (static_cast<int>(out.size()) >= k) break;
    }
    return out;
  }

  Result<std::vector<Candidate>> Candidates(const Query& q,
                                            const std::vector<ScoredPassage>& ranked,
                                            Audience audience, QuestionType type,
                                            bool guideline_section) {
    std::vector<std::string> ids;
    for (const auto& p : ranked) ids.push_back(index->passage_id(p.passage));
    auto views = store->GetPassageViews(ids);
    if (!views.ok()) return views.status();
    std::unordered_map<std::string, const PassageView*> by_id;
    for (const auto& v : *views) by_id[v.passage_id] = &v;
    double best = ranked.empty() ? 1 : std::max(1e-9f, ranked.front().score);

    std::vector<Candidate> out;
    std::unordered_map<uint32_t, int> doc_rank;  // documents in order of their best passage
    for (const auto& p : ranked) doc_rank.try_emplace(p.doc, static_cast<int>(doc_rank.size()));
    for (size_t rank = 0; rank < ranked.size(); ++rank) {
      auto it = by_id.find(ids[rank]);
      if (it == by_id.end()) continue;
      const PassageView& view = *it->second;
      if (view.retracted) continue;
      TermSet passage_terms = Terms(view.title + "\n" + view.heading + "\n" + view.text);
      // A follow-up's evidence must be about the conversation's topic too: from a source the
      // topic's answer cites, or a passage that names the topic.
      if (!topic_source_ids.empty() && !topic_source_ids.count(view.doc_id) &&
          TopicCoverage(q, passage_terms) < options.min_topic_coverage) {
        continue;
      }
      if (!topic_source_ids.empty()) on_topic_sources.emplace_back(view.doc_id, view.kind);
      bool patient_page = view.audience == "patient" || view.kind == SourceKind::kConsumer;
      const double passage_relevance = Coverage(q, passage_terms);
      passage_coverage.push_back(passage_relevance);
      // Abbreviations a study defines ("ultraconserved elements (UCEs)"): a sentence that uses
      // the short form speaks of the long form's subject too.
      std::vector<std::pair<TermSet, TermSet>> defined;  // (short form's terms, long form's)
      if (view.kind == SourceKind::kResearch) {
        for (const auto& d : FindAbbreviationDefinitions(view.text)) {
          TermSet short_terms = Terms(d.short_form), long_terms = Terms(d.long_form);
          if (!short_terms.empty() && !long_terms.empty())
            defined.emplace_back(std::move(short_terms), std::move(long_terms));
        }
      }
      int position = 0;
      for (const auto& sentence : splitter.Split(view.text)) {
        Candidate c;
        c.conclusion = view.kind == SourceKind::kResearch && InConclusions(sentence.section_label);
        c.markers = CitedNumbers(sentence.text);
        c.text = CleanSentence(sentence.text);
        c.position = position++;
        int words = CountWords(c.text);
        if (words < kMinSentenceWords || words > kMaxSentenceWords || !IsStatement(c.text))
          continue;
        c.passage_id = view.passage_id;
        c.doc_id = view.doc_id;
        c.doc = ranked[rank].doc;
        c.passage_rank = static_cast<int>(rank);
        c.passage_score = ranked[rank].score / best;
        c.terms = Terms(c.text);
        for (const auto& [short_terms, long_terms] : defined) {
          if (std::includes(c.terms.begin(), c.terms.end(), short_terms.begin(),
                            short_terms.end())) {
            c.terms.insert(c.terms.end(), long_terms.begin(), long_terms.end());
            std::sort(c.terms.begin(), c.terms.end());
            c.terms.erase(std::unique(c.terms.begin(), c.terms.end()), c.terms.end());
          }
        }
        c.relevance = Coverage(q, c.terms);
        // A study's conclusion answers what its abstract is about, in words of its own; so,
        // less surely, does the rest of a passage that matches the question.
        if (c.conclusion) c.relevance = std::max(c.relevance, 0.5 * passage_relevance);
        if (!guideline_section) {
          c.relevance = std::max(c.relevance, options.passage_relevance_share * passage_relevance);
        }
        if (c.relevance < options.min_sentence_relevance) {
          out.push_back(std::move(c));  // only for the centrality of others
          continue;
        }
        auto source = Source(view.doc_id, view.kind);
        if (!source.ok()) return source.status();
        c.role = ClassifySentenceRole(c.text);
        c.level = (*source)->level;
        double score = 0.5 * c.relevance + options.passage_score_weight * c.passage_score +
                       0.15 * EvidenceWeight(c.level, audience);
        // A guideline's longer sentences carry its qualifications; a study's carry methods.
        if (!guideline_section) score -= options.length_penalty * words / 30.0;
        if (RoleFitsQuestion(c.role, type)) score += 0.06;
        // A study's conclusions state its answer.
        if (c.conclusion) score += options.conclusion_bonus;
        // A follow-up's sentence that names the topic too reads as an answer in context.
        if (q.topic_total > 0) score += 0.2 * TopicCoverage(q, c.terms);
        if (StartsWithBackReference(c.text)) score -= 0.12;
        if (StatesAnAim(c.text)) score -= options.aim_penalty;
        if (audience == Audience::kPatient) {
          score += patient_page ? 0.12 : -0.1;
          if (words > 35) score -= 0.05;
        } else if (guideline_section && patient_page) {
          score -= 0.1;  // professionals get the professional version of a guideline first
        }
        c.score = score;
        out.push_back(std::move(c));
      }
    }
    if (!guideline_section) AddCentroidSimilarity(doc_rank, &out);
    // Centrality: sentences whose content other sources echo are more likely the consensus
    // (the mean similarity to the three most similar sentences of other sources).
    for (auto& c : out) {
      if (c.relevance < options.min_sentence_relevance) continue;
      double top[3] = {0, 0, 0};  // the best similarities, descending
      size_t others = 0;
      for (const auto& o : out) {
        if (o.doc == c.doc) continue;
        double sim = Jaccard(c.terms, o.terms);
        size_t at = std::min<size_t>(others++, 3);
        while (at > 0 && top[at - 1] < sim) {
          if (at < 3) top[at] = top[at - 1];
          --at;
        }
        if (at < 3) top[at] = sim;
      }
      size_t n = std::min<size_t>(3, others);
      double sum = 0;
      for (size_t i = 0; i < n; ++i) sum += top[i];
      c.centrality = n == 0 ? 0 : sum / static_cast<double>(n);
      c.score += 0.15 * c.centrality;
    }
    return out;
  }

  // Centroid (MEAD, Radev et al. 2004): what the best documents say, as the idf-weighted
  // frequencies of the terms of their sentences. A candidate's score rises by
  // options.centroid_weight × its cosine similarity to it (its terms weighted by idf).
  void AddCentroidSimilarity(std::unordered_map<uint32_t, int>& doc_rank,
                             std::vector<Candidate>* candidates) const {
    if (options.centroid_weight <= 0) return;
    std::unordered_map<uint32_t, double> centroid;
    for (const Candidate& c : *candidates) {
      if (doc_rank[c.doc] >= options.centroid_documents) continue;
      for (uint32_t t : c.terms) centroid[t] += term_idf[t];
    }
    double norm = 0;
    for (const auto& [t, w] : centroid) norm += w * w;
    if (norm <= 0) return;
    norm = std::sqrt(norm);
    for (Candidate& c : *candidates) {
      if (c.relevance < options.min_sentence_relevance) continue;  // never chosen
      double dot = 0, length = 0;
      for (uint32_t t : c.terms) {
        auto it = centroid.find(t);
        if (it != centroid.end()) dot += it->second * term_idf[t];
        length += term_idf[t] * term_idf[t];
      }
      if (length > 0) c.score += options.centroid_weight * dot / (norm * std::sqrt(length));
    }
  }

  // How well the best retrieved passages cover the question's core terms (mean of the best
  // three): near 1 when the corpus speaks to every part of the question, low when the closest
  // passages share only incidental words with it.
  double Confidence() const {
    std::vector<double> c = passage_coverage;
    if (c.empty()) return 0;
    std::sort(c.rbegin(), c.rend());
    double sum = 0;
    for (size_t i = 0; i < std::min<size_t>(3, c.size()); ++i) sum += c[i];
    return sum / 3.0;
  }
};

AnswerComposer::AnswerComposer(std::shared_ptr<const IndexReader> index, Store* store,
                               ComposerOptions options)
    : impl_(std::make_unique<Impl>()) {
  impl_->index = std::move(index);
  impl_->store = store;
  if (!options.today) options.today = TodayUtc;
  if (!options.new_conversation_id) options.new_conversation_id = RandomConversationId;
  impl_->corpus_stats = std::make_unique<IndexCorpusStats>(impl_->index);
  QueryAnalyzerOptions query_options;
  query_options.vocab_dir = options.vocab_dir;
  query_options.corpus_stats = impl_->corpus_stats.get();
  impl_->query_analyzer = std::make_unique<QueryAnalyzer>(query_options);
  // A generation built before glossaries, or without one, answers without glosses.
  auto glossary = Glossary::Load(impl_->index->dir() + "/" + kGlossaryFileName);
  if (glossary.ok()) impl_->glossary = std::move(*glossary);
  impl_->options = std::move(options);
}

AnswerComposer::~AnswerComposer() = default;

namespace {

// Numbers references in order of first use and attaches them to blocks.
class ReferenceNumbering {
 public:
  explicit ReferenceNumbering(Article* article) : article_(article) {}

  int Cite(const Candidate& c, const SourceInfo& source) {
    auto it = by_doc_.find(c.doc_id);
    if (it != by_doc_.end()) return it->second;
    ArticleReference r;
    r.n = static_cast<int>(article_->references.size()) + 1;
    r.id = c.doc_id;
    r.passage_id = c.passage_id;
    r.title = source.title;
    r.untitled = source.untitled;
    r.source = source.source;
    r.evidence_level = EvidenceLevelName(source.level);
    r.evidence_label = EvidenceLevelLabel(source.level);
    r.year = source.year;
    r.study_size = source.study_size;
    r.url = source.url;
    article_->references.push_back(r);
    by_doc_[c.doc_id] = r.n;
    return r.n;
  }

  // A guideline sentence's own citations ("[27]") become references of the article too,
  // marked as cited by the guideline; a study we hold is linked to our copy, unless it is
  // retracted. The source's references must have been read (ReadReferences).
  std::vector<int> CarryThrough(const Candidate& c, const SourceInfo& source, int guideline_n,
                                Store* store) {
    std::vector<int> out;
    for (int marker : c.markers) {
      auto ref = std::find_if(source.references.begin(), source.references.end(),
                              [&](const Reference& r) { return r.number == marker; });
      if (ref == source.references.end() || ref->pmid.empty()) continue;
      std::string id = "pmid:" + ref->pmid;
      auto it = by_doc_.find(id);
      if (it != by_doc_.end()) {
        out.push_back(it->second);
        continue;
      }
      auto held = store->GetDocument(id);
      if (held.ok() && IsRetracted(*held)) continue;  // never cited as support, even carried
      ArticleReference r;
      r.n = static_cast<int>(article_->references.size()) + 1;
      r.id = id;
      r.cited_by = guideline_n;
      r.url = "https://pubmed.ncbi.nlm.nih.gov/" + ref->pmid + "/";
      if (held.ok()) {
        // An untitled abstract is named by the guideline's citation of it, or its opening.
        r.title = held->title;
        if (ascii::Trim(r.title).empty()) r.title = ref->citation;
        if (ascii::Trim(r.title).empty() && !held->sections.empty()) {
          r.title = UntitledTitle(held->sections.front().text);
          r.untitled = !r.title.empty();
        }
        r.source = held->source;
        r.year = held->year;
        EvidenceLevel level = ClassifyEvidence(*held);
        r.evidence_level = EvidenceLevelName(level);
        r.evidence_label = EvidenceLevelLabel(level);
      } else {
        r.in_corpus = false;
        r.title = ref->citation;
        r.evidence_level = "cited_study";
        r.evidence_label = "Study cited by the guideline";
      }
      article_->references.push_back(r);
      by_doc_[id] = r.n;
      out.push_back(r.n);
    }
    return out;
  }

 private:
  Article* article_;
  std::map<std::string, int> by_doc_;
};

}  // namespace

Result<Article> AnswerComposer::Ask(const AskRequest& request) {
  Impl& m = *impl_;
  if (request.question.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Status::InvalidArgument("the question is empty");
  }
  if (request.question.size() > kMaxQuestionBytes) {
    return Status::InvalidArgument("the question is longer than " +
                                   std::to_string(kMaxQuestionBytes) + " bytes");
  }
  // Conversation context.
  std::vector<ConversationTurn> turns;
  if (!request.conversation_id.empty()) {
    auto loaded = m.store->GetConversation(request.conversation_id);
    if (!loaded.ok()) return loaded.status();
    turns = std::move(*loaded);
  }
  std::string topic;
  if (!turns.empty() && LooksLikeFollowUp(request.question)) topic = TopicQuestion(turns);
  std::vector<std::pair<std::string, std::string>> topic_sources;
  if (!topic.empty()) {
    // The topic as the reader saw it: the sources its answer cites (composed again, which is
    // deterministic, rather than trusting a saved copy made for another audience or index).
    auto topic_article = Ask({topic, request.audience, "", false});
    if (!topic_article.ok()) return topic_article.status();
    for (const auto& r : topic_article->references) {
      if (r.in_corpus && !r.untitled) topic_sources.emplace_back(r.id, r.title);
    }
  }
  m.sources.clear();
  m.passage_coverage.clear();
  m.term_ids.clear();
  m.term_idf.clear();
  m.topic_sources = std::move(topic_sources);
  m.topic_source_ids.clear();
  for (const auto& [id, title] : m.topic_sources) m.topic_source_ids.insert(id);
  m.on_topic_sources.clear();
  Article article;
  article.question = request.question;
  article.audience = AudienceName(request.audience);
  article.last_updated = m.options.today();
  article.disclaimer = Disclaimer(request.audience);

  article.resolved_question =
      topic.empty() ? request.question : ResolvedFollowUp(request.question, topic);
  article.slug = Slugify(topic.empty() ? request.question : request.question + " " + topic);
  // Retrieve guideline-level and research evidence separately.
  QuestionType type = QuestionType::kGeneral;
  Impl::Query query = m.BuildQuery(request.question, topic, &type);
  article.question_type = QuestionTypeName(type);
  bool patient = request.audience == Audience::kPatient;
  uint8_t guideline_kinds =
      KindBit(SourceKind::kGuideline) | (patient ? KindBit(SourceKind::kConsumer) : uint8_t{0});
  // A follow-up searches deeper, since its evidence must come from the sources of its topic's
  // answer or name the topic.
  int depth = topic.empty() ? 1 : 3;
  auto guideline_ranked = m.Retrieve(query, guideline_kinds, depth * m.options.guideline_candidates,
                                     m.options.max_passages_per_guideline);
  auto research_ranked =
      m.Retrieve(query, KindBit(SourceKind::kResearch), depth * m.options.research_candidates,
                 m.options.max_passages_per_document);
  auto guideline = m.Candidates(query, guideline_ranked, request.audience, type, true);
  if (!guideline.ok()) return guideline.status();
  auto research = m.Candidates(query, research_ranked, request.audience, type, false);
  if (!research.ok()) return research.status();

  article.confidence =
      m.Confidence() *
      std::min(1.0, query.medical_share / std::max(m.options.full_confidence_share, 1e-9));
  std::unordered_set<std::string> used;
  // A follow-up's few words must all be answered ("kidney toxicity", not "kidney" alone).
  double min_relevance =
      topic.empty() ? m.options.min_sentence_relevance : m.options.follow_up_min_sentence_relevance;
  // A guideline sentence leads the answer only if it is about as relevant as the best evidence
  // found; a follow-up's sentences already answer all of its words.
  double guideline_min_relevance = min_relevance;
  if (topic.empty()) {
    double best = 0;
    for (const auto* pool : {&*guideline, &*research}) {
      for (const Candidate& c : *pool) best = std::max(best, c.relevance);
    }
    guideline_min_relevance =
        std::max(min_relevance, m.options.guideline_relative_relevance * best);
  }
  auto lead_and_points = SelectMmr(*guideline, m.options.lead_sentences + m.options.key_points,
                                   m.options.mmr_lambda, guideline_min_relevance, &used);
  auto research_chosen = SelectMmr(*research, m.options.research_sentences, m.options.mmr_lambda,
                                   min_relevance, &used);
  article.answerable = article.confidence >= m.options.answerable_threshold &&
                       lead_and_points.size() + research_chosen.size() >= 2;

  if (!article.answerable) {
    article.sections.push_back(
        {"Not enough evidence",
         {{ArticleBlock::Kind::kParagraph,
           "",
           topic.empty()
               ? "The corpus holds no good evidence for this question: the closest sources do "
                 "not address it, so no answer is composed from them."
               : "The corpus holds no good evidence for this follow-up in the context of the "
                 "conversation: the sources on its topic do not address it, so no answer is "
                 "composed from them. The nearest topics below are sources on the topic.",
           {}}}});
    std::set<std::string> seen;
    auto add_topic = [&](const std::string& title) {
      if (!title.empty() && seen.insert(title).second) article.nearest_topics.push_back(title);
    };
    if (!topic.empty()) {
      // A follow-up's nearest topics: the sources of the topic's answer, then others on the
      // topic that were found, so that the reader stays on it.
      for (const auto& [id, title] : m.topic_sources) add_topic(title);
      for (const auto& [id, kind] : m.on_topic_sources) {
        auto source = m.Source(id, kind);
        if (source.ok() && !(*source)->untitled) add_topic((*source)->title);
      }
    }
    for (const auto* ranked : {&guideline_ranked, &research_ranked}) {
      if (!topic.empty()) break;
      for (const auto& p : *ranked) {
        std::string doc(m.index->doc_id(p.doc));
        auto source = m.Source(doc, static_cast<SourceKind>(m.index->passage(p.passage).kind));
        if (source.ok() && !(*source)->untitled) add_topic((*source)->title);
      }
    }
    if (article.nearest_topics.size() > kNearestTopics)
      article.nearest_topics.resize(kNearestTopics);
  } else {
    for (const auto& [pool, chosen] :
         {std::pair{&*guideline, &lead_and_points}, std::pair{&*research, &research_chosen}}) {
      for (size_t i : *chosen) {
        const Candidate& c = (*pool)[i];
        if (c.markers.empty()) continue;
        Status read = m.ReadReferences(c.doc_id);
        if (!read.ok()) return read;
      }
    }
    ReferenceNumbering refs(&article);
    auto cite = [&](const Candidate& c) {
      const SourceInfo& source = m.sources.at(c.doc_id);
      int n = refs.Cite(c, source);
      std::vector<int> citations{n};
      for (int carried : refs.CarryThrough(c, source, n, m.store)) citations.push_back(carried);
      return citations;
    };
    if (!lead_and_points.empty()) {
      // The lead: the most relevant statements, in reading order (by source rank, then position).
      std::vector<size_t> lead(lead_and_points.begin(),
                               lead_and_points.begin() + std::min<size_t>(m.options.lead_sentences,
                                                                          lead_and_points.size()));
      std::vector<size_t> points(lead_and_points.begin() + static_cast<long>(lead.size()),
                                 lead_and_points.end());
      std::stable_sort(lead.begin(), lead.end(), [&](size_t a, size_t b) {
        const Candidate &x = (*guideline)[a], &y = (*guideline)[b];
        return x.passage_rank != y.passage_rank ? x.passage_rank < y.passage_rank
                                                : x.position < y.position;
      });
      ArticleSection section{"From the Guidelines", {}};
      // One paragraph block per sentence keeps each sentence's citations exact.
      for (size_t i : lead) {
        const Candidate& c = (*guideline)[i];
        section.blocks.push_back(
            {ArticleBlock::Kind::kParagraph, "", c.text, cite(c), c.passage_id});
      }
      if (!points.empty()) {
        section.blocks.push_back({ArticleBlock::Kind::kSubheading, "", "Key points", {}});
        for (size_t i : points) {
          const Candidate& c = (*guideline)[i];
          section.blocks.push_back({ArticleBlock::Kind::kBullet, SentenceRoleKeyPointLabel(c.role),
                                    c.text, cite(c), c.passage_id});
        }
      }
      article.sections.push_back(std::move(section));
    }
    if (!research_chosen.empty()) {
      static const SentenceRole kOrder[] = {
          SentenceRole::kDefinition,       SentenceRole::kBackground, SentenceRole::kRecommendation,
          SentenceRole::kPatientSelection, SentenceRole::kEfficacy,   SentenceRole::kSafety,
          SentenceRole::kDosing,           SentenceRole::kLimitation};
      ArticleSection section{"From the Research", {}};
      for (SentenceRole role : kOrder) {
        std::vector<size_t> group;
        for (size_t i : research_chosen) {
          if ((*research)[i].role == role) group.push_back(i);
        }
        if (group.empty()) continue;
        section.blocks.push_back(
            {ArticleBlock::Kind::kSubheading, "", SentenceRoleHeading(role), {}});
        for (size_t i : group) {
          const Candidate& c = (*research)[i];
          section.blocks.push_back(
              {ArticleBlock::Kind::kBullet, "", c.text, cite(c), c.passage_id});
        }
      }
      article.sections.push_back(std::move(section));
    }
    if (patient) {
      Status glossed = GlossJargon(
          m.glossary,
          [&](const GlossaryEntry& entry) -> Result<int> {
            auto source = m.Source(entry.doc_id, SourceKind::kConsumer);
            if (!source.ok()) return source.status();
            Candidate c;
            c.doc_id = entry.doc_id;
            c.passage_id = entry.passage_id;
            return refs.Cite(c, **source);
          },
          &article);
      if (!glossed.ok()) return glossed;
    }
  }

  // Remember the question so a follow-up can be read in its context.
  if (request.record_turn) {
    article.conversation_id =
        request.conversation_id.empty() ? m.options.new_conversation_id() : request.conversation_id;
    ConversationTurn turn;
    turn.conversation_id = article.conversation_id;
    turn.question = request.question;
    turn.resolved_question = article.resolved_question;
    turn.slug = article.slug;
    auto appended = m.store->AppendConversationTurn(turn);
    if (!appended.ok()) return appended.status();
  }
  return article;
}

}  // namespace evident
