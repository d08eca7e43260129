#include "rank/evidence_level.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <iterator>

namespace evident {
namespace {

constexpr size_t kNpos = std::string_view::npos;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsAlnum(char c) { return IsDigit(c) || IsLower(c) || IsUpper(c); }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (IsUpper(c)) c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

struct LevelInfo {
  EvidenceLevel level;
  const char* name;
  const char* label;
};
constexpr std::array<LevelInfo, 8> kLevels = {{
    {EvidenceLevel::kGuideline, "guideline", "Guideline"},
    {EvidenceLevel::kSystematicReview, "systematic_review", "Systematic review / meta-analysis"},
    {EvidenceLevel::kRandomizedTrial, "randomized_trial", "Randomised controlled trial"},
    {EvidenceLevel::kObservational, "observational", "Observational study"},
    {EvidenceLevel::kCaseReport, "case_report", "Case report / case series"},
    {EvidenceLevel::kNarrativeReview, "narrative_review", "Expert opinion / narrative review"},
    {EvidenceLevel::kPatientEducation, "patient_education", "Patient education"},
    {EvidenceLevel::kUnknown, "unknown", "Level not stated"},
}};

const LevelInfo& InfoOf(EvidenceLevel level) { return kLevels[static_cast<size_t>(level)]; }

// --- Publication types ---------------------------------------------------------------------

enum class TypeSignal {
  kLevel,        //!< the type settles a level
  kTrial,        //!< a trial not marked randomised: randomised only if the text says so
  kReview,       //!< a review: systematic only if the text says so
  kNotEvidence,  //!< a notice about another publication
};

struct PublicationType {
  std::string_view name;
  EvidenceLevel level;
  TypeSignal signal;
};

constexpr PublicationType kPublicationTypes[] = {
    {"Practice Guideline", EvidenceLevel::kGuideline, TypeSignal::kLevel},
    {"Guideline", EvidenceLevel::kGuideline, TypeSignal::kLevel},
    {"Consensus Development Conference", EvidenceLevel::kGuideline, TypeSignal::kLevel},
    {"Consensus Development Conference, NIH", EvidenceLevel::kGuideline, TypeSignal::kLevel},
    {"Meta-Analysis", EvidenceLevel::kSystematicReview, TypeSignal::kLevel},
    {"Network Meta-Analysis", EvidenceLevel::kSystematicReview, TypeSignal::kLevel},
    {"Systematic Review", EvidenceLevel::kSystematicReview, TypeSignal::kLevel},
    {"Randomized Controlled Trial", EvidenceLevel::kRandomizedTrial, TypeSignal::kLevel},
    {"Equivalence Trial", EvidenceLevel::kRandomizedTrial, TypeSignal::kLevel},
    {"Clinical Trial", EvidenceLevel::kObservational, TypeSignal::kTrial},
    {"Clinical Trial, Phase I", EvidenceLevel::kObservational, TypeSignal::kTrial},
    {"Clinical Trial, Phase II", EvidenceLevel::kObservational, TypeSignal::kTrial},
    {"Clinical Trial, Phase III", EvidenceLevel::kObservational, TypeSignal::kTrial},
    {"Clinical Trial, Phase IV", EvidenceLevel::kObservational, TypeSignal::kTrial},
    {"Controlled Clinical Trial", EvidenceLevel::kObservational, TypeSignal::kTrial},
    {"Pragmatic Clinical Trial", EvidenceLevel::kObservational, TypeSignal::kTrial},
    {"Adaptive Clinical Trial", EvidenceLevel::kObservational, TypeSignal::kTrial},
    {"Comparative Study", EvidenceLevel::kObservational, TypeSignal::kTrial},
    {"Observational Study", EvidenceLevel::kObservational, TypeSignal::kLevel},
    {"Evaluation Study", EvidenceLevel::kObservational, TypeSignal::kLevel},
    {"Validation Study", EvidenceLevel::kObservational, TypeSignal::kLevel},
    {"Twin Study", EvidenceLevel::kObservational, TypeSignal::kLevel},
    {"Case Reports", EvidenceLevel::kCaseReport, TypeSignal::kLevel},
    {"Review", EvidenceLevel::kNarrativeReview, TypeSignal::kReview},
    {"Scoping Review", EvidenceLevel::kNarrativeReview, TypeSignal::kLevel},
    {"Editorial", EvidenceLevel::kNarrativeReview, TypeSignal::kLevel},
    {"Comment", EvidenceLevel::kNarrativeReview, TypeSignal::kLevel},
    {"Letter", EvidenceLevel::kNarrativeReview, TypeSignal::kLevel},
    {"News", EvidenceLevel::kNarrativeReview, TypeSignal::kLevel},
    {"Lecture", EvidenceLevel::kNarrativeReview, TypeSignal::kLevel},
    {"Historical Article", EvidenceLevel::kNarrativeReview, TypeSignal::kLevel},
    {"Introductory Journal Article", EvidenceLevel::kNarrativeReview, TypeSignal::kLevel},
    {"Patient Education Handout", EvidenceLevel::kPatientEducation, TypeSignal::kLevel},
    {"Retraction of Publication", EvidenceLevel::kUnknown, TypeSignal::kNotEvidence},
    {"Published Erratum", EvidenceLevel::kUnknown, TypeSignal::kNotEvidence},
    {"Expression of Concern", EvidenceLevel::kUnknown, TypeSignal::kNotEvidence},
};

// --- Text cues -----------------------------------------------------------------------------

struct Cue {
  std::string_view phrase;  //!< lower case; matched at word boundaries
  EvidenceLevel level;
  int weight;
};

using L = EvidenceLevel;
constexpr Cue kCues[] = {
    // Randomised trials: the study's own randomisation weighs most.
    {"randomized controlled trial", L::kRandomizedTrial, 3},
    {"randomised controlled trial", L::kRandomizedTrial, 3},
    {"randomized clinical trial", L::kRandomizedTrial, 3},
    {"randomised clinical trial", L::kRandomizedTrial, 3},
    {"randomized trial", L::kRandomizedTrial, 2},
    {"randomised trial", L::kRandomizedTrial, 2},
    {"randomly assigned", L::kRandomizedTrial, 3},
    {"randomly allocated", L::kRandomizedTrial, 3},
    {"randomly divided", L::kRandomizedTrial, 3},
    {"were randomized", L::kRandomizedTrial, 3},
    {"were randomised", L::kRandomizedTrial, 3},
    {"randomized to", L::kRandomizedTrial, 2},
    {"randomised to", L::kRandomizedTrial, 2},
    {"randomized into", L::kRandomizedTrial, 2},
    {"randomised into", L::kRandomizedTrial, 2},
    {"randomized study", L::kRandomizedTrial, 2},
    {"randomised study", L::kRandomizedTrial, 2},
    {"randomly", L::kRandomizedTrial, 2},
    {"random allocation", L::kRandomizedTrial, 2},
    {"random assignment", L::kRandomizedTrial, 2},
    {"randomized", L::kRandomizedTrial, 1},
    {"randomised", L::kRandomizedTrial, 1},
    {"randomization", L::kRandomizedTrial, 1},
    {"randomisation", L::kRandomizedTrial, 1},
    {"placebo", L::kRandomizedTrial, 2},
    {"double-blind", L::kRandomizedTrial, 2},
    {"double blind", L::kRandomizedTrial, 2},
    {"double-blinded", L::kRandomizedTrial, 2},
    {"triple-blind", L::kRandomizedTrial, 2},
    {"single-blind", L::kRandomizedTrial, 1},
    {"blind", L::kRandomizedTrial, 1},
    {"blinded", L::kRandomizedTrial, 1},
    {"double-masked", L::kRandomizedTrial, 2},
    {"controlled trial", L::kRandomizedTrial, 2},
    {"controlled study", L::kRandomizedTrial, 1},
    {"clinical trial", L::kRandomizedTrial, 1},
    {"trial", L::kRandomizedTrial, 1},
    {"intention-to-treat", L::kRandomizedTrial, 2},
    {"intention to treat", L::kRandomizedTrial, 2},
    {"allocation concealment", L::kRandomizedTrial, 2},
    {"crossover", L::kRandomizedTrial, 1},
    {"cross-over", L::kRandomizedTrial, 1},
    {"sham", L::kRandomizedTrial, 1},
    {"control group", L::kRandomizedTrial, 1},
    // Systematic reviews and meta-analyses: the search and pooling they report.
    {"systematic review", L::kSystematicReview, 4},
    {"systematic literature review", L::kSystematicReview, 4},
    {"systematically reviewed", L::kSystematicReview, 3},
    {"systematic search", L::kSystematicReview, 3},
    {"meta-analysis", L::kSystematicReview, 4},
    {"meta-analyses", L::kSystematicReview, 3},
    {"metaanalysis", L::kSystematicReview, 4},
    {"meta analysis", L::kSystematicReview, 4},
    {"pooled analysis", L::kSystematicReview, 2},
    {"medline", L::kSystematicReview, 2},
    {"embase", L::kSystematicReview, 2},
    {"cochrane", L::kSystematicReview, 2},
    {"web of science", L::kSystematicReview, 2},
    {"cinahl", L::kSystematicReview, 2},
    {"were searched", L::kSystematicReview, 2},
    {"literature search", L::kSystematicReview, 2},
    {"eligible studies", L::kSystematicReview, 2},
    {"included studies", L::kSystematicReview, 2},
    {"studies were included", L::kSystematicReview, 2},
    {"trials were included", L::kSystematicReview, 2},
    {"studies met", L::kSystematicReview, 2},
    {"trials met", L::kSystematicReview, 2},
    {"random-effects", L::kSystematicReview, 2},
    {"random effects", L::kSystematicReview, 2},
    {"heterogeneity", L::kSystematicReview, 1},
    {"pooled", L::kSystematicReview, 1},
    {"prisma", L::kSystematicReview, 2},
    {"publication bias", L::kSystematicReview, 2},
    // Observational designs.
    {"cohort", L::kObservational, 2},
    {"case-control", L::kObservational, 3},
    {"case control", L::kObservational, 3},
    {"cross-sectional", L::kObservational, 3},
    {"cross sectional", L::kObservational, 3},
    {"observational", L::kObservational, 3},
    {"retrospective", L::kObservational, 3},
    {"retrospectively", L::kObservational, 3},
    {"prospective", L::kObservational, 1},
    {"prospectively", L::kObservational, 1},
    {"quasi-experimental", L::kObservational, 3},
    {"before and after", L::kObservational, 2},
    {"pre-post", L::kObservational, 2},
    {"sensitivity and specificity", L::kObservational, 3},
    {"diagnostic accuracy", L::kObservational, 3},
    {"predictive value", L::kObservational, 2},
    {"patients who underwent", L::kObservational, 2},
    {"were recruited", L::kObservational, 1},
    {"were enrolled", L::kObservational, 1},
    {"matched", L::kObservational, 1},
    {"registry", L::kObservational, 2},
    {"population-based", L::kObservational, 2},
    {"medical records", L::kObservational, 2},
    {"chart review", L::kObservational, 2},
    {"consecutive patients", L::kObservational, 2},
    {"consecutive", L::kObservational, 1},
    {"single-arm", L::kObservational, 3},
    {"single arm", L::kObservational, 3},
    {"uncontrolled", L::kObservational, 2},
    {"longitudinal", L::kObservational, 1},
    {"survey", L::kObservational, 1},
    {"questionnaire", L::kObservational, 1},
    {"database", L::kObservational, 1},
    {"incidence", L::kObservational, 1},
    {"prevalence", L::kObservational, 1},
    {"odds ratio", L::kObservational, 1},
    {"risk factors", L::kObservational, 1},
    {"genome-wide association", L::kObservational, 2},
    {"adherence to guidelines", L::kObservational, 2},
    {"guideline adherence", L::kObservational, 2},
    // Case reports and series.
    {"case report", L::kCaseReport, 4},
    {"case reports", L::kCaseReport, 2},
    {"case presentation", L::kCaseReport, 3},
    {"case series", L::kCaseReport, 3},
    {"rare case", L::kCaseReport, 3},
    {"a case of", L::kCaseReport, 2},
    {"the case of", L::kCaseReport, 2},
    {"we report a", L::kCaseReport, 2},
    {"we describe a", L::kCaseReport, 2},
    {"we present a", L::kCaseReport, 2},
    {"we report a patient", L::kCaseReport, 4},
    {"we describe a patient", L::kCaseReport, 4},
    {"we present a patient", L::kCaseReport, 4},
    {"we report the case", L::kCaseReport, 4},
    {"we describe the case", L::kCaseReport, 4},
    {"we present the case", L::kCaseReport, 4},
    {"we report two", L::kCaseReport, 2},
    {"we describe two", L::kCaseReport, 2},
    {"we present two", L::kCaseReport, 2},
    {"year-old man", L::kCaseReport, 3},
    {"year-old woman", L::kCaseReport, 3},
    {"year-old boy", L::kCaseReport, 3},
    {"year-old girl", L::kCaseReport, 3},
    {"year-old male", L::kCaseReport, 3},
    {"year-old female", L::kCaseReport, 3},
    {"year-old patient", L::kCaseReport, 3},
    {"year-old child", L::kCaseReport, 3},
    {"year old man", L::kCaseReport, 3},
    {"year old woman", L::kCaseReport, 3},
    // Narrative reviews and expert opinion.
    {"narrative review", L::kNarrativeReview, 4},
    {"this review", L::kNarrativeReview, 3},
    {"we review", L::kNarrativeReview, 3},
    {"this article reviews", L::kNarrativeReview, 3},
    {"this paper reviews", L::kNarrativeReview, 3},
    {"review of the literature", L::kNarrativeReview, 2},
    {"literature review", L::kNarrativeReview, 2},
    {"is reviewed", L::kNarrativeReview, 2},
    {"are reviewed", L::kNarrativeReview, 2},
    {"we summarize", L::kNarrativeReview, 2},
    {"we summarise", L::kNarrativeReview, 2},
    {"we discuss", L::kNarrativeReview, 2},
    {"are discussed", L::kNarrativeReview, 2},
    {"we highlight", L::kNarrativeReview, 2},
    {"recent advances", L::kNarrativeReview, 2},
    {"recent developments", L::kNarrativeReview, 2},
    {"recent progress", L::kNarrativeReview, 2},
    {"current knowledge", L::kNarrativeReview, 2},
    {"current understanding", L::kNarrativeReview, 2},
    {"state of the art", L::kNarrativeReview, 2},
    {"overview", L::kNarrativeReview, 2},
    {"commentary", L::kNarrativeReview, 2},
    {"editorial", L::kNarrativeReview, 2},
    {"perspective", L::kNarrativeReview, 1},
    // Guidelines and consensus statements.
    {"practice guideline", L::kGuideline, 4},
    {"practice guidelines", L::kGuideline, 3},
    {"clinical guideline", L::kGuideline, 3},
    {"this guideline", L::kGuideline, 4},
    {"these guidelines", L::kGuideline, 3},
    {"guideline development", L::kGuideline, 3},
    {"recommendation statement", L::kGuideline, 5},
    {"consensus statement", L::kGuideline, 4},
    {"position statement", L::kGuideline, 4},
    {"position paper", L::kGuideline, 3},
    {"expert consensus", L::kGuideline, 3},
    {"consensus conference", L::kGuideline, 3},
    {"task force recommends", L::kGuideline, 4},
    {"panel recommends", L::kGuideline, 4},
    {"we recommend", L::kGuideline, 2},
    {"strength of recommendation", L::kGuideline, 3},
    {"grade of recommendation", L::kGuideline, 3},
    {"delphi", L::kGuideline, 2},
};

// Phrases in which "random" is no randomised trial; some of them name another design.
struct NotRandomised {
  std::string_view phrase;
  int observational_weight;
};
constexpr NotRandomised kNotRandomised[] = {
    {"non-randomized", 3},    {"non-randomised", 3},          {"nonrandomized", 3},
    {"nonrandomised", 3},     {"non randomized", 3},          {"quasi-randomized", 2},
    {"quasi-randomised", 2},  {"mendelian randomization", 3}, {"mendelian randomisation", 3},
    {"randomly selected", 0}, {"randomly chosen", 0},         {"randomly sampled", 0},
    {"random sample", 0},
};

// Preference among designs whose text scores tie: the more specific self-description first.
constexpr EvidenceLevel kTieOrder[] = {L::kCaseReport, L::kSystematicReview, L::kRandomizedTrial,
                                       L::kGuideline,  L::kObservational,    L::kNarrativeReview};

bool HasPhraseAt(std::string_view text, size_t at, std::string_view phrase) {
  if (text.substr(at, phrase.size()) != phrase) return false;
  bool start_ok = at == 0 || !IsAlnum(text[at - 1]);
  size_t end = at + phrase.size();
  return start_ok && (end >= text.size() || !IsAlnum(text[end]));
}

bool HasPhrase(std::string_view text, std::string_view phrase) {
  for (size_t at = text.find(phrase); at != kNpos; at = text.find(phrase, at + 1)) {
    if (HasPhraseAt(text, at, phrase)) return true;
  }
  return false;
}

// Lower-cased text with "random" blanked inside the phrases that are no randomised trial.
std::string Neutralise(std::string_view text) {
  std::string out = Lower(text);
  for (const NotRandomised& n : kNotRandomised) {
    for (size_t at = out.find(n.phrase); at != kNpos; at = out.find(n.phrase, at + 1)) {
      size_t random = out.find("random", at);
      out[random + 1] = 'x';
    }
  }
  return out;
}

using Scores = std::array<int, kLevels.size()>;

void AddCueScores(std::string_view raw, int multiplier, Scores* scores) {
  std::string lowered = Lower(raw);
  for (const NotRandomised& n : kNotRandomised) {
    if (HasPhrase(lowered, n.phrase)) {
      (*scores)[static_cast<size_t>(L::kObservational)] += multiplier * n.observational_weight;
    }
  }
  std::string text = Neutralise(raw);
  for (const Cue& cue : kCues) {
    if (HasPhrase(text, cue.phrase))
      (*scores)[static_cast<size_t>(cue.level)] += multiplier * cue.weight;
  }
}

Scores TextScores(std::string_view title, std::string_view text) {
  Scores scores{};
  AddCueScores(title, 2, &scores);
  AddCueScores(text, 1, &scores);
  return scores;
}

int ScoreOf(const Scores& scores, EvidenceLevel level) {
  return scores[static_cast<size_t>(level)];
}

EvidenceLevel BestByText(const Scores& scores) {
  EvidenceLevel best = L::kUnknown;
  int best_score = kMinTextScore - 1;
  for (EvidenceLevel level : kTieOrder) {
    if (ScoreOf(scores, level) > best_score) {
      best = level;
      best_score = ScoreOf(scores, level);
    }
  }
  return best;
}

EvidenceLevel ClassifyResearch(const std::vector<std::string>& publication_types,
                               std::string_view title, std::string_view text) {
  Scores scores = TextScores(title, text);
  EvidenceLevel by_text = BestByText(scores);
  std::optional<EvidenceLevel> by_type;
  bool notice = false;
  for (const std::string& type : publication_types) {
    auto it = std::find_if(std::begin(kPublicationTypes), std::end(kPublicationTypes),
                           [&](const PublicationType& t) { return t.name == type; });
    if (it == std::end(kPublicationTypes)) continue;
    EvidenceLevel level = it->level;
    if (it->signal == TypeSignal::kNotEvidence) {
      notice = true;
      continue;
    }
    if (it->signal == TypeSignal::kTrial && by_text == L::kRandomizedTrial) level = by_text;
    if (it->signal == TypeSignal::kReview && by_text == L::kSystematicReview) level = by_text;
    if (!by_type || EvidenceRank(level) < EvidenceRank(*by_type)) by_type = level;
  }
  if (by_type) return *by_type;
  return notice ? L::kUnknown : by_text;
}

// Reads a number with optional thousands separators ("1,234") at `pos`; returns its length.
size_t ReadCount(std::string_view s, size_t pos, int* value) {
  size_t i = pos;
  long long v = 0;
  int digits = 0;
  while (i < s.size()) {
    if (IsDigit(s[i])) {
      v = v * 10 + (s[i] - '0');
      ++digits;
      ++i;
    } else if (s[i] == ',' && digits > 0 && i + 3 < s.size() && IsDigit(s[i + 1]) &&
               IsDigit(s[i + 2]) && IsDigit(s[i + 3]) &&
               (i + 4 >= s.size() || !IsDigit(s[i + 4]))) {
      ++i;
    } else {
      break;
    }
    if (v > 100'000'000) return 0;
  }
  if (digits == 0) return 0;
  *value = static_cast<int>(v);
  return i - pos;
}

// Reads a number written in words at `pos` ("twelve", "twenty-four", "one hundred and eighty
// six"); returns its length, or 0.
size_t ReadNumberWords(std::string_view s, size_t pos, int* value) {
  static constexpr std::string_view kSmall[] = {
      "zero",     "one",     "two",     "three",     "four",     "five",    "six",
      "seven",    "eight",   "nine",    "ten",       "eleven",   "twelve",  "thirteen",
      "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
  static constexpr std::string_view kTens[] = {"twenty", "thirty",  "forty",  "fifty",
                                               "sixty",  "seventy", "eighty", "ninety"};
  auto word_at = [&](size_t at, std::string_view word) {
    return s.substr(at, word.size()) == word &&
           (at + word.size() >= s.size() || !IsAlnum(s[at + word.size()]));
  };
  // One to ninety-nine at `at`; returns the end, or `at` if there is none.
  auto below_hundred = [&](size_t at, int* v) {
    for (size_t t = 0; t < std::size(kTens); ++t) {
      if (!word_at(at, kTens[t])) continue;
      size_t end = at + kTens[t].size();
      *v = 20 + 10 * static_cast<int>(t);
      if (end < s.size() && (s[end] == '-' || s[end] == ' ')) {
        for (size_t u = 1; u < 10; ++u) {
          if (word_at(end + 1, kSmall[u])) {
            *v += static_cast<int>(u);
            return end + 1 + kSmall[u].size();
          }
        }
      }
      return end;
    }
    for (size_t u = std::size(kSmall); u-- > 1;) {
      if (word_at(at, kSmall[u])) {
        *v = static_cast<int>(u);
        return at + kSmall[u].size();
      }
    }
    return at;
  };
  int v = 0;
  size_t end = below_hundred(pos, &v);
  if (end == pos) return 0;
  constexpr std::string_view kHundred = " hundred";
  if (s.substr(end, kHundred.size()) == kHundred) {
    v *= 100;
    end += kHundred.size();
    size_t next = end + 1;
    if (s.substr(end, 5) == " and ") next = end + 5;
    int rest = 0;
    if (size_t rest_end = below_hundred(next, &rest); rest_end > next) {
      v += rest;
      end = rest_end;
    }
  }
  *value = v;
  return end - pos;
}

// Nouns for study participants.
constexpr std::string_view kPeople[] = {
    "adolescents", "adults",   "athletes",   "boys",        "cases",        "children",
    "controls",    "couples",  "donors",     "employees",   "families",     "girls",
    "individuals", "infants",  "inpatients", "in-patients", "men",          "mothers",
    "neonates",    "newborns", "nurses",     "outpatients", "out-patients", "participants",
    "patients",    "people",   "persons",    "physicians",  "pregnancies",  "residents",
    "respondents", "smokers",  "students",   "subjects",    "survivors",    "veterans",
    "volunteers",  "women",    "workers",    "elderly",     "twins",        "pairs"};
// Words that cannot stand between a count and its noun ("12 of the 40 patients").
constexpr std::string_view kCountBreaks[] = {
    "of",     "with",  "in",     "and",  "or",    "to",   "were",  "was",  "who",   "had",
    "from",   "at",    "per",    "for",  "than",  "by",   "on",    "the",  "years", "year",
    "months", "month", "weeks",  "week", "days",  "day",  "hours", "mg",   "kg",    "ml",
    "times",  "vs",    "versus", "more", "fewer", "less", "each",  "every"};
constexpr std::string_view kEnrolmentVerbs[] = {
    "enrolled", "included",  "randomized", "randomised",   "recruited", "studied",
    "analyzed", "analysed",  "evaluated",  "assessed",     "examined",  "followed",
    "treated",  "allocated", "assigned",   "investigated", "registered"};
constexpr int kMaxModifierWords = 3;

template <size_t N>
bool In(const std::string_view (&list)[N], std::string_view word) {
  return std::find(std::begin(list), std::end(list), word) != std::end(list);
}

// The lower-cased words of `s` starting at `pos`, letters, digits and hyphens only, up to `n`.
std::vector<std::string_view> WordsFrom(std::string_view s, size_t pos, size_t n) {
  std::vector<std::string_view> words;
  size_t i = pos;
  while (words.size() < n && i < s.size()) {
    while (i < s.size() && IsSpace(s[i])) ++i;
    size_t b = i;
    while (i < s.size() && (IsAlnum(s[i]) || s[i] == '-' || s[i] == '\'')) ++i;
    if (i == b) break;  // punctuation ends the phrase
    words.push_back(s.substr(b, i - b));
  }
  return words;
}

std::string_view WordBefore(std::string_view s, size_t pos) {
  size_t e = pos;
  while (e > 0 && IsSpace(s[e - 1])) --e;
  size_t b = e;
  while (b > 0 && (IsAlnum(s[b - 1]) || s[b - 1] == '-')) --b;
  return s.substr(b, e - b);
}

enum SizeStrength { kNEquals = 1, kPeopleCount = 2, kTotal = 3 };

}  // namespace

const char* EvidenceLevelName(EvidenceLevel level) { return InfoOf(level).name; }
const char* EvidenceLevelLabel(EvidenceLevel level) { return InfoOf(level).label; }
int EvidenceRank(EvidenceLevel level) { return static_cast<int>(level); }

std::optional<EvidenceLevel> EvidenceLevelFromName(std::string_view name) {
  for (const LevelInfo& info : kLevels) {
    if (name == info.name) return info.level;
  }
  return std::nullopt;
}

EvidenceLevel ClassifyEvidence(SourceKind kind, std::string_view audience,
                               const std::vector<std::string>& publication_types,
                               std::string_view title, std::string_view text) {
  bool patient = audience == "patient";
  switch (kind) {
    case SourceKind::kGuideline:
      return patient ? L::kPatientEducation : L::kGuideline;
    case SourceKind::kConsumer:
      return patient ? L::kPatientEducation : L::kNarrativeReview;
    case SourceKind::kResearch:
      break;
  }
  return ClassifyResearch(publication_types, title, text);
}

EvidenceLevel ClassifyEvidence(const Document& doc) {
  std::string text;
  for (const Section& section : doc.sections) {
    if (!section.heading.empty()) text += section.heading + ": ";
    text += section.text;
    text += "\n\n";
  }
  return ClassifyEvidence(doc.kind, doc.audience, doc.publication_types, doc.title, text);
}

bool IsRetracted(const Document& doc) {
  return doc.retracted || std::find(doc.publication_types.begin(), doc.publication_types.end(),
                                    "Retracted Publication") != doc.publication_types.end();
}

std::optional<std::string> PdqLevelOfEvidence(std::string_view text) {
  std::string lowered = Lower(text);
  for (size_t at = lowered.find("level"); at != kNpos; at = lowered.find("level", at + 1)) {
    size_t i = at + 5;
    if (i < lowered.size() && lowered[i] == 's') ++i;
    constexpr std::string_view kOfEvidence = " of evidence";
    if (lowered.substr(i, kOfEvidence.size()) != kOfEvidence) continue;
    i += kOfEvidence.size();
    while (i < text.size() && (text[i] == ':' || text[i] == ' ' || text[i] == '[')) ++i;
    size_t b = i;
    while (i < text.size() && IsAlnum(text[i]) && i - b <= 8) ++i;
    std::string_view token = text.substr(b, i - b);
    if (token.empty() || (i < text.size() && IsAlnum(text[i]))) continue;
    bool roman = token == "I" || token == "II" || token == "III" || token == "IV" || token == "V";
    bool numeric = token[0] >= '1' && token[0] <= '5' &&
                   std::all_of(token.begin() + 1, token.end(), [](char c) {
                     return IsDigit(c) || c == 'i' || c == 'v' || (c >= 'a' && c <= 'd') ||
                            (c >= 'A' && c <= 'D');
                   });
    bool lettered =
        token[0] >= 'A' && token[0] <= 'D' &&
        (token.size() == 1 || (token.size() == 2 && token[1] >= '1' && token[1] <= '4'));
    if (roman || numeric || lettered) return std::string(token);
  }
  return std::nullopt;
}

std::optional<int> StudySize(std::string_view text) {
  int best = 0;
  int best_strength = 0;
  auto consider = [&](int value, int strength) {
    if (value <= 0) return;
    if (strength > best_strength || (strength == best_strength && value > best)) {
      best = value;
      best_strength = strength;
    }
  };
  std::string lowered = Lower(text);
  for (size_t i = 0; i < lowered.size(); ++i) {
    if (i > 0 && (IsAlnum(lowered[i - 1]) || lowered[i - 1] == '.' || lowered[i - 1] == '-')) {
      continue;  // not the start of a number
    }
    int value = 0;
    size_t len = IsDigit(lowered[i])   ? ReadCount(lowered, i, &value)
                 : IsLower(lowered[i]) ? ReadNumberWords(lowered, i, &value)
                                       : 0;
    if (len == 0) continue;
    size_t after = i + len;
    std::string_view before = WordBefore(lowered, i);
    // "n = 131", "(n=60)"
    size_t eq = i;
    while (eq > 0 && lowered[eq - 1] == ' ') --eq;
    if (eq > 0 && lowered[eq - 1] == '=') {
      size_t n = eq - 1;
      while (n > 0 && lowered[n - 1] == ' ') --n;
      if (n > 0 && lowered[n - 1] == 'n' && (n == 1 || !IsAlnum(lowered[n - 2]))) {
        consider(value, kNEquals);
      }
      i = after - 1;
      continue;
    }
    if (after < lowered.size() &&
        (lowered[after] == '%' || lowered[after] == '.' || lowered[after] == '-' ||
         lowered[after] == '/' || lowered[after] == ':')) {
      if (!(lowered[after] == '.' &&
            (after + 1 >= lowered.size() || IsSpace(lowered[after + 1])))) {
        i = after - 1;
        continue;  // a percentage, decimal, range or ratio
      }
    }
    bool year_like = len == 4 && value >= 1900 && value <= 2100;
    if (year_like &&
        (before == "in" || before == "since" || before == "during" || before == "from" ||
         before == "until" || before == "of" || before == "and" || before == "to")) {
      i = after - 1;
      continue;
    }
    bool total = before == "of" && i >= 9 && lowered.substr(0, i).ends_with("total of ");
    total = total || before == "enrolled" || before == "recruited" || before == "included" ||
            before == "randomized" || before == "randomised";
    // The count's noun phrase: up to kMaxModifierWords modifiers, then a people noun.
    std::vector<std::string_view> words = WordsFrom(lowered, after, kMaxModifierWords + 3);
    size_t w = 0;
    bool people = false;
    for (; w < words.size() && static_cast<int>(w) <= kMaxModifierWords; ++w) {
      if (In(kPeople, words[w])) {
        people = true;
        ++w;
        break;
      }
      if (In(kCountBreaks, words[w]) || IsDigit(words[w][0])) break;
    }
    // "... were enrolled": the enrolment verb after the count or its noun.
    size_t verb_at = people ? w : 0;
    bool enrolled = verb_at + 1 < words.size() &&
                    (words[verb_at] == "were" || words[verb_at] == "was") &&
                    In(kEnrolmentVerbs, words[verb_at + 1]);
    if ((total && people) || enrolled) {
      consider(value, kTotal);
    } else if (people) {
      consider(value, kPeopleCount);
    }
    i = after - 1;
  }
  if (best_strength == 0) return std::nullopt;
  return best;
}

}  // namespace evident
