#include "query/query_analyzer.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <unordered_map>
#include <unordered_set>

#include "common/ascii.h"
#include "query/spelling_corrector.h"

namespace evident {

namespace {

// A senses' confidence below this is not used for a stop-word abbreviation ("ALL", "IT"), whose
// sense the index cannot confirm by co-occurrence with the abbreviation itself.
constexpr double kMinStopWordAbbreviationConfidence = 0.6;
// An abbreviation this many times more frequent in the corpus than its long form is not expanded.
constexpr double kMaxAbbreviationToLongFormRatio = 5.0;
// Drug names longer than this many terms are chemical descriptions, not names people search.
constexpr size_t kMaxDrugNameTerms = 5;
// Share of upper-case letters above which a question is "shouting": case then says nothing.
constexpr double kShoutingUpperShare = 0.6;

// Words that are about the question rather than its subject; they separate concepts.
const std::unordered_set<std::string_view>& GenericWords() {
  static const std::unordered_set<std::string_view> words = {"role",
                                                             "effect",
                                                             "effects",
                                                             "efficacy",
                                                             "effective",
                                                             "effectiveness",
                                                             "safety",
                                                             "safe",
                                                             "use",
                                                             "used",
                                                             "using",
                                                             "uses",
                                                             "treatment",
                                                             "treatments",
                                                             "treat",
                                                             "treated",
                                                             "treating",
                                                             "therapy",
                                                             "therapies",
                                                             "management",
                                                             "manage",
                                                             "managed",
                                                             "patients",
                                                             "patient",
                                                             "people",
                                                             "person",
                                                             "risk",
                                                             "risks",
                                                             "benefit",
                                                             "benefits",
                                                             "best",
                                                             "current",
                                                             "currently",
                                                             "recommended",
                                                             "recommendation",
                                                             "recommendations",
                                                             "guideline",
                                                             "guidelines",
                                                             "evidence",
                                                             "cause",
                                                             "causes",
                                                             "caused",
                                                             "symptoms",
                                                             "symptom",
                                                             "signs",
                                                             "diagnosis",
                                                             "diagnose",
                                                             "diagnosed",
                                                             "prognosis",
                                                             "screening",
                                                             "prevention",
                                                             "prevent",
                                                             "mechanism",
                                                             "action",
                                                             "function",
                                                             "type",
                                                             "types",
                                                             "kind",
                                                             "kinds",
                                                             "way",
                                                             "ways",
                                                             "option",
                                                             "options",
                                                             "new",
                                                             "latest",
                                                             "common",
                                                             "possible",
                                                             "main",
                                                             "good",
                                                             "bad",
                                                             "better",
                                                             "help",
                                                             "helps",
                                                             "can",
                                                             "may",
                                                             "might",
                                                             "get",
                                                             "getting",
                                                             "take",
                                                             "taking",
                                                             "know",
                                                             "tell",
                                                             "explain",
                                                             "describe",
                                                             "define",
                                                             "definition",
                                                             "list",
                                                             "name",
                                                             "work",
                                                             "works",
                                                             "improve",
                                                             "improves",
                                                             "reduce",
                                                             "reduces",
                                                             "increase",
                                                             "increases",
                                                             "associated",
                                                             "related",
                                                             "difference",
                                                             "compared",
                                                             "versus",
                                                             "vs",
                                                             "standard",
                                                             "dose",
                                                             "dosage",
                                                             "dosing",
                                                             "side",
                                                             "adverse",
                                                             "outcome",
                                                             "outcomes",
                                                             "mean",
                                                             "means",
                                                             "happen",
                                                             "happens",
                                                             "approach",
                                                             "approaches",
                                                             "indicated",
                                                             "indication",
                                                             "indications",
                                                             "important",
                                                             "first-line",
                                                             "available",
                                                             "need",
                                                             "needed",
                                                             "usually",
                                                             "often",
                                                             "commonly",
                                                             "affect",
                                                             "affects",
                                                             "like",
                                                             "much",
                                                             "many",
                                                             "long",
                                                             "one",
                                                             "two",
                                                             "three",
                                                             "several",
                                                             "included",
                                                             "include",
                                                             "includes",
                                                             "involved",
                                                             "play",
                                                             "plays",
                                                             "there",
                                                             "known",
                                                             "called",
                                                             "considered"};
  return words;
}

using ascii::IsAlnum;
using ascii::IsAlpha;
using ascii::IsUpper;
using ascii::Lower;

// A whitespace-separated word of the question, with its punctuation-trimmed core.
struct Word {
  size_t begin = 0, end = 0;  // raw bytes [begin, end)
  std::string raw;
  std::string core;           // without leading/trailing punctuation
  bool ends_phrase = false;   // followed by , ; : ? ! ) …
  std::vector<Token> tokens;  // analysed terms of `raw`
  bool covered = false;       // part of a drug, abbreviation or lay concept
};

std::vector<Word> SplitWords(const std::string& text, Analyzer& analyzer) {
  std::vector<Word> words;
  for (size_t i = 0; i < text.size();) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    size_t begin = i;
    while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i == begin) continue;
    Word w;
    w.begin = begin;
    w.end = i;
    w.raw = text.substr(begin, i - begin);
    size_t a = 0, b = w.raw.size();
    while (a < b && !IsAlnum(w.raw[a]) && static_cast<unsigned char>(w.raw[a]) < 0x80) ++a;
    while (b > a && !IsAlnum(w.raw[b - 1]) && static_cast<unsigned char>(w.raw[b - 1]) < 0x80) {
      --b;
    }
    w.core = w.raw.substr(a, b - a);
    w.ends_phrase =
        b < w.raw.size() && std::string_view(",;:?!()[]").find(w.raw[b]) != std::string_view::npos;
    if (a > 0 && !words.empty() &&
        std::string_view("([").find(w.raw[0]) != std::string_view::npos) {
      words.back().ends_phrase = true;
    }
    w.tokens = analyzer.Analyze(w.raw);
    words.push_back(std::move(w));
  }
  return words;
}

bool IsShouting(const std::string& text) {
  size_t letters = 0, upper = 0;
  for (char c : text) {
    if (IsAlpha(c)) {
      ++letters;
      upper += IsUpper(c) ? 1 : 0;
    }
  }
  return letters > 0 && static_cast<double>(upper) / letters > kShoutingUpperShare;
}

// The plural of an all-capital abbreviation ("NETs"): its singular, else empty.
std::string AbbreviationSingular(const std::string& core) {
  if (core.size() >= 3 && core.back() == 's' &&
      std::all_of(core.begin(), core.end() - 1, [](char c) { return !IsAlpha(c) || IsUpper(c); })) {
    return core.substr(0, core.size() - 1);
  }
  return "";
}

// True if `core` looks like an abbreviation by its case: "NET", "PRRT", "HbA1c", "NETs".
bool LooksLikeAbbreviation(const std::string& core) {
  std::string singular = AbbreviationSingular(core);
  const std::string& s = singular.empty() ? core : singular;
  if (s.size() < 2 || s.size() > 8) return false;
  size_t letters = 0, upper = 0;
  for (char c : s) {
    if (!IsAlnum(c) && c != '-') return false;
    if (IsAlpha(c)) {
      ++letters;
      upper += IsUpper(c) ? 1 : 0;
    }
  }
  return upper >= 2 && upper * 2 >= letters;
}

// Names of genes, proteins and people ("Amot", "topoisomeraseII") are capitalised and often
// unknown to every dictionary: only lower-case words, or the question's capitalised first word,
// are spell-checked.
bool MayBeMisspelt(const std::string& core, bool first_word, bool shouting) {
  if (shouting) return true;
  for (size_t i = 0; i < core.size(); ++i) {
    if (IsUpper(core[i]) && (i > 0 || !first_word)) return false;
  }
  return true;
}

// "phase IV", "type II": numerals, not abbreviations.
bool IsRomanNumeral(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c == 'I' || c == 'V' || c == 'X'; });
}

// "incidental durotomy (ID)" or "PET (positron emission tomography)": the question spells the
// abbreviation out itself, so there is nothing to expand.
bool DefinedInQuestion(const std::vector<Word>& words, size_t i) {
  const bool parenthesised = !words[i].raw.empty() && words[i].raw[0] == '(';
  const bool followed_by_parenthesis =
      i + 1 < words.size() && !words[i + 1].raw.empty() && words[i + 1].raw[0] == '(';
  return parenthesised || followed_by_parenthesis;
}

std::string FormatConfidence(double c) {
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%.2f", c);
  return buf;
}

bool IsAscii(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// Collects terms, each once: the user's terms keep their first weight; an expansion term that is
// already a user term adds nothing; one proposed twice keeps its larger weight.
class TermCollector {
 public:
  void AddUser(std::string term, float weight, TermSource source) {
    user_.insert(term);
    out_.push_back({std::move(term), weight, source});
  }
  //! Adds `term` unless the user said it; returns true if it is new or reweighted.
  bool AddExpansion(const std::string& term, float weight, TermSource source,
                    const std::string& stands_for = {}) {
    if (user_.count(term)) return false;
    auto it = expansion_index_.find(term);
    if (it != expansion_index_.end()) {
      auto& existing = expansions_[it->second];
      if (existing.weight >= weight) return false;
      existing.weight = weight;
      existing.source = source;
      existing.stands_for = stands_for;
      return true;
    }
    expansion_index_.emplace(term, expansions_.size());
    expansions_.push_back({term, weight, source, stands_for});
    return true;
  }
  bool IsUserTerm(const std::string& term) const { return user_.count(term) > 0; }
  std::vector<AnalyzedTerm> Take() {
    std::vector<AnalyzedTerm> all = std::move(out_);
    for (auto& e : expansions_) all.push_back(std::move(e));
    return all;
  }

 private:
  std::vector<AnalyzedTerm> out_;
  std::unordered_set<std::string> user_;
  std::vector<AnalyzedTerm> expansions_;
  std::unordered_map<std::string, size_t> expansion_index_;
};

}  // namespace

const char* TermSourceName(TermSource source) {
  switch (source) {
    case TermSource::kUser:
      return "user";
    case TermSource::kUserPart:
      return "user_part";
    case TermSource::kSpelling:
      return "spelling";
    case TermSource::kAbbreviation:
      return "abbreviation";
    case TermSource::kDrugSynonym:
      return "drug_synonym";
    case TermSource::kLayTerm:
      return "lay_term";
    case TermSource::kConceptSynonym:
      return "concept_synonym";
  }
  return "user";
}

std::vector<QueryTerm> AnalyzedQuery::QueryTerms() const {
  std::vector<QueryTerm> out;
  out.reserve(terms.size());
  for (const auto& t : terms) out.push_back({t.term, t.weight});
  return out;
}

QueryAnalyzer::QueryAnalyzer(QueryAnalyzerOptions options) : options_(std::move(options)) {
  resources_ = options_.resources;
  if (resources_ == nullptr && !options_.vocab_dir.empty()) {
    auto loaded = QueryResources::Shared({.vocab_dir = options_.vocab_dir});
    if (loaded.ok()) {
      resources_ = *loaded;
    } else {
      resources_status_ = loaded.status();
    }
  }
}

std::vector<QueryTerm> QueryAnalyzer::Analyze(const std::string& question) {
  std::vector<QueryTerm> terms;
  for (auto& token : analyzer_.Analyze(question)) {
    terms.push_back({std::move(token.term), token.is_part ? options_.part_weight : 1.0f});
  }
  return terms;
}

AnalyzedQuery QueryAnalyzer::AnalyzeQuestion(const std::string& question) {
  AnalyzedQuery out;
  out.question = question;
  out.type = ClassifyQuestion(question);
  const ExpansionWeights& w = options_.weights;
  const CorpusStats* stats = options_.corpus_stats;
  std::vector<Word> words = SplitWords(question, analyzer_);
  TermCollector collector;
  // Concepts with the index of their first word, ordered at the end.
  std::vector<std::pair<size_t, QueryConcept>> concepts;
  auto cover = [&](size_t first, size_t end) {
    for (size_t i = first; i < end && i < words.size(); ++i) words[i].covered = true;
  };

  // Drug names (before anything else looks at their words: "Lu-177" is no abbreviation).
  std::vector<std::pair<size_t, size_t>> drug_words;  // word ranges of drug mentions
  std::vector<DrugMention> mentions;
  if (resources_ != nullptr) mentions = resources_->drugs().Find(question);
  for (const auto& m : mentions) {
    size_t first = words.size(), end = 0;
    for (size_t i = 0; i < words.size(); ++i) {
      if (words[i].end > m.begin && words[i].begin < m.end) {
        first = std::min(first, i);
        end = i + 1;
      }
    }
    if (first >= end) continue;
    drug_words.emplace_back(first, end);
  }
  auto in_drug = [&](size_t i) {
    return std::any_of(drug_words.begin(), drug_words.end(),
                       [&](const auto& r) { return i >= r.first && i < r.second; });
  };

  // Spelling: words neither the corpus nor Hunspell know are replaced by the corpus's nearest
  // word; the original is dropped when the corpus does not hold it at all.
  const bool shouting = IsShouting(question);
  std::vector<std::string> corrected(words.size());
  if (resources_ != nullptr && stats != nullptr) {
    SpellingCorrector corrector(resources_->spelling(), stats, &analyzer_);
    for (size_t i = 0; i < words.size(); ++i) {
      if (in_drug(i) || !MayBeMisspelt(words[i].core, i == 0, shouting)) continue;
      auto fix = corrector.Correct(words[i].core);
      if (!fix) continue;
      corrected[i] = fix->corrected;
      out.rewrites.push_back(
          {RewriteKind::kSpelling, fix->original, fix->corrected, w.spelling, 1.0,
           "Spelling: \"" + fix->original + "\" read as \"" + fix->corrected + "\" (" +
               std::to_string(fix->corrected_doc_freq) + " passages)" +
               (fix->original_doc_freq == 0 ? "" : "; the original is searched too")});
      if (fix->original_doc_freq == 0) words[i].tokens.clear();
    }
  }

  // The type is read from the corrected words ("side efects" asks about adverse effects).
  std::string corrected_question;
  for (size_t i = 0; i < words.size(); ++i) {
    corrected_question += (corrected[i].empty() ? words[i].raw : corrected[i]) + " ";
  }
  out.type = ClassifyQuestion(corrected_question);

  // The user's terms, in question order.
  for (size_t i = 0; i < words.size(); ++i) {
    const float word_weight =
        GenericWords().count(Lower(words[i].core)) > 0 ? options_.generic_weight : 1.0f;
    for (auto& token : words[i].tokens) {
      collector.AddUser(token.term, word_weight * (token.is_part ? options_.part_weight : 1.0f),
                        token.is_part ? TermSource::kUserPart : TermSource::kUser);
    }
    if (!corrected[i].empty()) {
      for (auto& token : analyzer_.Analyze(corrected[i])) {
        if (!collector.IsUserTerm(token.term)) {
          collector.AddUser(token.term, w.spelling, TermSource::kSpelling);
        }
      }
    }
  }
  auto add_phrase = [&](const std::string& phrase, float weight, TermSource source) {
    for (auto& token : analyzer_.Analyze(phrase)) {
      collector.AddExpansion(token.term, token.is_part ? weight * options_.part_weight : weight,
                             source);
    }
  };

  if (resources_ != nullptr) {
    // Drug synonyms: the DrugBank name, and the other names (synonyms, brands) the corpus uses
    // most, so that "Lutathera", "177Lu-DOTATATE" and "lutetium Lu 177 dotatate" meet.
    for (size_t k = 0; k < mentions.size() && k < drug_words.size(); ++k) {
      const DrugEntry& drug = resources_->drugs().drug(mentions[k].drug);
      const std::string written =
          question.substr(mentions[k].begin, mentions[k].end - mentions[k].begin);
      const std::string written_key = DrugSynonyms::NameKey(written);
      const std::vector<std::string> written_terms = MatchTerms(written, analyzer_);
      concepts.push_back({drug_words[k].first, {drug.name, written, ConceptKind::kDrug}});
      cover(drug_words[k].first, drug_words[k].second);
      std::vector<std::pair<uint32_t, std::string>> others;  // (corpus passages, name)
      auto consider = [&](const std::string& name) {
        if (!IsAscii(name) || DrugSynonyms::NameKey(name) == written_key) return;
        std::vector<std::string> terms = WholeTerms(name, analyzer_);
        if (terms.empty() || terms.size() > kMaxDrugNameTerms) return;
        if (std::all_of(terms.begin(), terms.end(),
                        [&](const auto& t) { return collector.IsUserTerm(t); })) {
          return;
        }
        // "Pomegranate Extract" for "pomegranate", "erenumab-aooe" for "erenumab": the user's
        // name plus qualifiers finds nothing new.
        const std::vector<std::string> parts = MatchTerms(name, analyzer_);
        if (std::all_of(written_terms.begin(), written_terms.end(), [&](const auto& t) {
              return std::find(parts.begin(), parts.end(), t) != parts.end();
            })) {
          return;
        }
        uint32_t df = stats != nullptr ? stats->CoFreq(terms, {}) : 1;
        if (df > 0) others.emplace_back(df, name);
      };
      for (const auto& s : drug.synonyms) consider(s);
      for (const auto& b : drug.brands) consider(b);
      std::stable_sort(others.begin(), others.end(),
                       [](const auto& a, const auto& b) { return a.first > b.first; });
      std::vector<std::string> searched;
      if (DrugSynonyms::NameKey(drug.name) != written_key) searched.push_back(drug.name);
      for (const auto& [df, name] : others) {
        if (searched.size() >= w.max_drug_synonyms + 1) break;
        if (std::find(searched.begin(), searched.end(), name) == searched.end()) {
          searched.push_back(name);
        }
      }
      for (const auto& name : searched) {
        add_phrase(name, w.drug_synonym, TermSource::kDrugSynonym);
        out.rewrites.push_back(
            {RewriteKind::kDrugSynonym, written, name, w.drug_synonym, 1.0,
             "Drug: \"" + written + "\" is " + drug.name + "; also searched as \"" + name + "\""});
      }
    }

    // Abbreviations: tokens that look like one by case (or lower-case ones the dictionary knows
    // and English does not), expanded to the sense the question and the corpus support.
    if (stats != nullptr) {
      std::vector<std::string> all_terms;
      for (const auto& word : words) {
        for (const auto& t : word.tokens) {
          if (!t.is_part) all_terms.push_back(t.term);
        }
      }
      const AbbreviationDictionary& dict = resources_->abbreviations();
      for (size_t i = 0; i < words.size(); ++i) {
        if (in_drug(i) || !corrected[i].empty()) continue;
        const std::string& core = words[i].core;
        std::string abbr;
        if (!shouting && LooksLikeAbbreviation(core)) {
          // "TAMs" has senses of its own; "NETs" is looked up as "NET".
          abbr = dict.Contains(core) ? core : AbbreviationSingular(core);
        } else if (core.size() >= 2 && core.size() <= 8 && resources_->spelling() != nullptr &&
                   dict.Contains(core) && !resources_->spelling()->IsKnown(Lower(core))) {
          abbr = core;  // a lower-case abbreviation ("prrt") counts only if it is no English word
        }
        if (abbr.empty() || !dict.Contains(abbr) || IsRomanNumeral(abbr) ||
            DefinedInQuestion(words, i)) {
          continue;
        }
        std::vector<std::string> context;
        std::unordered_set<std::string> own;
        for (const auto& t : words[i].tokens) own.insert(t.term);
        for (const auto& t : all_terms) {
          if (!own.count(t)) context.push_back(t);
        }
        auto senses = dict.Expand(abbr, context, *stats, analyzer_);
        const bool stop_word = analyzer_.NormalizeWord(abbr).empty();
        if (senses.empty() ||
            (stop_word && senses[0].confidence < kMinStopWordAbbreviationConfidence)) {
          continue;
        }
        concepts.push_back({i, {senses[0].long_form, words[i].core, ConceptKind::kAbbreviation}});
        cover(i, i + 1);
        for (const auto& sense : senses) {
          // Where the corpus nearly always writes the abbreviation ("DNA"), the long form finds
          // little the abbreviation does not.
          if (sense.abbreviation_doc_freq >
              kMaxAbbreviationToLongFormRatio * static_cast<double>(sense.long_form_doc_freq)) {
            continue;
          }
          const float weight = w.abbreviation * static_cast<float>(sense.confidence);
          add_phrase(sense.long_form, weight, TermSource::kAbbreviation);
          out.rewrites.push_back({RewriteKind::kAbbreviation, words[i].core, sense.long_form,
                                  weight, sense.confidence,
                                  "Abbreviation: " + words[i].core + " read as " + sense.long_form +
                                      " (confidence " + FormatConfidence(sense.confidence) + ")"});
        }
      }
    }

    // Lay terms: the clinical phrase for what a patient calls it.
    std::vector<size_t> term_word;  // whole-term index of `effective` -> word index
    std::string effective;          // the question with corrections applied
    for (size_t i = 0; i < words.size(); ++i) {
      const std::string& text = corrected[i].empty() ? words[i].raw : corrected[i];
      for (size_t n = MatchTerms(text, analyzer_).size(); n > 0; --n) term_word.push_back(i);
      effective += text + " ";
    }
    for (const auto& m : resources_->lay_terms().Find(effective, analyzer_)) {
      if (m.first_term >= term_word.size()) continue;
      const size_t first = term_word[m.first_term];
      const size_t last = term_word[std::min(m.end_term, term_word.size()) - 1];
      std::string written;
      for (size_t i = first; i <= last; ++i) written += (i > first ? " " : "") + words[i].core;
      concepts.push_back({first, {m.clinical, written, ConceptKind::kLayTerm}});
      cover(first, last + 1);
      add_phrase(m.clinical, w.lay_term, TermSource::kLayTerm);
      out.rewrites.push_back({RewriteKind::kLayTerm, written, m.clinical, w.lay_term, 1.0,
                              "Lay term: \"" + written + "\" searched also as " + m.clinical});
    }

    // Concept synonyms: the other words for a word of the question ("liver" -> "hepatic").
    for (size_t i = 0; i < words.size() && w.concept_synonym > 0; ++i) {
      if (in_drug(i)) continue;
      const float word_weight =
          GenericWords().count(Lower(words[i].core)) > 0 ? options_.generic_weight : 1.0f;
      std::vector<Token> own = words[i].tokens;
      if (!corrected[i].empty()) own = analyzer_.Analyze(corrected[i]);
      for (const Token& token : own) {
        if (token.is_part) continue;
        for (const ConceptSynonym& s : resources_->concept_synonyms().SynonymsOf(token.term)) {
          const float weight = w.concept_synonym * word_weight;
          if (!collector.AddExpansion(s.term, weight, TermSource::kConceptSynonym, token.term)) {
            continue;
          }
          out.rewrites.push_back(
              {RewriteKind::kConceptSynonym, words[i].core, s.word, weight, 1.0,
               "Synonym: \"" + words[i].core + "\" searched also as \"" + s.word + "\""});
        }
      }
    }
  }
  out.terms = collector.Take();

  if (resources_ != nullptr && resources_->medical_vocabulary() != nullptr) {
    std::vector<DomainWord> domain_words;
    for (size_t i = 0; i < words.size(); ++i) {
      if (GenericWords().count(Lower(words[i].core)) > 0) continue;
      const std::string& word = corrected[i].empty() ? words[i].core : corrected[i];
      const std::vector<Token> tokens =
          corrected[i].empty() ? words[i].tokens : analyzer_.Analyze(corrected[i]);
      for (const Token& token : tokens) {
        if (!token.is_part) domain_words.push_back({word, token.term, words[i].covered});
      }
    }
    out.medical_share = resources_->medical_vocabulary()->MedicalShare(domain_words, stats);
  }

  // Remaining concepts: runs of content words between stop words, punctuation, generic
  // question words and concepts already found ("liver metastases").
  std::vector<size_t> run;
  auto flush = [&] {
    if (!run.empty()) {
      std::string name;
      for (size_t i : run) {
        name += (name.empty() ? "" : " ") + (corrected[i].empty() ? words[i].core : corrected[i]);
      }
      concepts.push_back({run.front(), {name, name, ConceptKind::kPhrase}});
    }
    run.clear();
  };
  for (size_t i = 0; i < words.size(); ++i) {
    const Word& word = words[i];
    const bool content = !word.covered && (!word.tokens.empty() || !corrected[i].empty()) &&
                         !word.core.empty() && !GenericWords().count(Lower(word.core));
    if (!content) {
      flush();
      continue;
    }
    run.push_back(i);
    if (word.ends_phrase) flush();
  }
  flush();
  std::stable_sort(concepts.begin(), concepts.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& entry : concepts) out.concepts.push_back(std::move(entry.second));
  return out;
}

}  // namespace evident
