#include "query/question_type.h"

#include <array>
#include <cctype>
#include <string>
#include <vector>

namespace evident {

namespace {

// Lower-cased words of the question (letters, digits, '-' inside words).
std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> words;
  std::string current;
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || (c == '-' && !current.empty()) || u >= 0x80) {
      current.push_back(static_cast<char>(std::tolower(u)));
    } else if (!current.empty()) {
      words.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) words.push_back(std::move(current));
  return words;
}

// A cue is a sequence of space-separated word patterns matched at consecutive words. '*' is a
// wildcard at either end of a pattern: "diagnos*" matches "diagnosed", "*toxicity" matches
// "cardiotoxicity", "*therap*" matches "chemotherapy", and "*" matches any word.
bool WordMatches(std::string_view pattern, std::string_view word) {
  const bool any_prefix = !pattern.empty() && pattern.front() == '*';
  if (any_prefix) pattern.remove_prefix(1);
  const bool any_suffix = !pattern.empty() && pattern.back() == '*';
  if (any_suffix) pattern.remove_suffix(1);
  if (any_prefix && any_suffix) return word.find(pattern) != std::string_view::npos;
  if (any_prefix) return word.ends_with(pattern);
  if (any_suffix) return word.starts_with(pattern);
  return word == pattern;
}

bool CueAt(std::string_view cue, const std::vector<std::string>& words, size_t at) {
  size_t i = at;
  while (!cue.empty()) {
    size_t space = cue.find(' ');
    std::string_view pattern = cue.substr(0, space);
    if (i >= words.size() || !WordMatches(pattern, words[i])) return false;
    ++i;
    cue = space == std::string_view::npos ? std::string_view() : cue.substr(space + 1);
  }
  return true;
}

bool HasCue(const std::vector<std::string>& words, std::initializer_list<std::string_view> cues,
            size_t from = 0) {
  for (size_t i = from; i < words.size(); ++i) {
    for (std::string_view cue : cues) {
      if (CueAt(cue, words, i)) return true;
    }
  }
  return false;
}

struct Rule {
  QuestionType type;
  std::initializer_list<std::string_view> strong;  //!< the type named outright ("diagnosis")
  std::initializer_list<std::string_view> weak;    //!< words that lean towards the type
};

// Strong cues are tried first, over all rules in this order, then weak cues in the same order:
// "does adjuvant chemotherapy improve survival" is about treatment (strong) even though
// "survival" leans towards prognosis (weak). Within a pass, the more specific type comes first.
const std::array<Rule, 9>& Rules() {
  static const std::array<Rule, 9> rules = {{
      {QuestionType::kAdverseEffects,
       {"side effect*", "side-effect*", "adverse*", "*toxicity", "*toxicities", "*toxic",
        "complication*", "safety", "safe", "unsafe", "tolerab*", "contraindicat*",
        "drug interaction*", "interact with", "withdrawal symptom*", "allergic reaction*"},
       {"harm*", "risks of", "danger*", "bleeding risk"}},
      {QuestionType::kDosing,
       {"dose", "doses", "dosing", "dosage*", "how much", "mg", "mg/kg", "how often should",
        "maximum daily", "loading dose", "administration schedule"},
       {"titrat*", "how many times"}},
      {QuestionType::kScreening,
       {"screen", "screens", "screening*", "screened"},
       {"surveillance", "early detection", "should i get tested", "get checked"}},
      {QuestionType::kPrevention,
       {"prevent*", "prophyla*", "chemoprevent*", "reduce the risk", "lower the risk",
        "reduce risk", "avoid getting", "protect against"},
       {"vaccin*", "immunization*", "immunisation*"}},
      {QuestionType::kDiagnosis,
       {"diagnos*", "how do i know", "how can i tell", "differential"},
       {"detect*", "test",     "tests",        "testing",      "biomarker*",    "marker*",
        "imaging", "symptom*", "signs",        "sign of",      "sensitivity",   "specificity",
        "biopsy",  "confirm*", "presentation", "present with", "presents with", "workup",
        "work-up", "scan",     "scans"}},
      {QuestionType::kPrognosis,
       {"prognos*", "life expectancy", "how long will", "how long can", "curable"},
       {"survival", "survive", "outcome*", "recurrence", "relapse rate", "mortality", "long-term",
        "chance of", "chances of", "likelihood of", "predict*"}},
      {QuestionType::kEpidemiology,
       {"risk factor*", "cause", "causes", "caused", "causing", "etiolog*", "aetiolog*",
        "prevalen*", "incidence", "how common", "epidemiolog*", "who gets", "who is at risk"},
       {"at risk of", "inherit*", "hereditary", "genetic*", "gene", "genes", "mutation*", "mutated",
        "variant*", "associated with", "association between", "linked to", "increase the risk",
        "increases the risk", "risk of developing"}},
      {QuestionType::kMechanism,
       {"mechanism*", "mode of action", "pathophysiolog*", "pathogenesis", "pathway*"},
       {"how does", "how do", "inhibit*", "bind*", "regulat*", "activat*", "encod*", "express*",
        "function*", "role of", "enzyme*", "receptor*", "act on", "acts on", "target*", "interact*",
        "phosphorylat*", "involved in"}},
      {QuestionType::kTreatment,
       {"treat*", "*therap*", "management", "manage*", "cure*", "*surgery", "surgical", "resection",
        "first-line", "second-line"},
       {"drug*",         "medication*",   "medicine*", "efficac*", "effective*", "approved",
        "regimen*",      "intervention*", "benefit*",  "improve*", "randomi*",   "trial*",
        "should i take", "option*",       "help with", "relieve",  "remedy",     "remedies",
        "indicat*",      "use of",        "used for",  "uses"}},
  }};
  return rules;
}

bool StartsWith(const std::vector<std::string>& words,
                std::initializer_list<std::string_view> cues) {
  for (std::string_view cue : cues) {
    if (CueAt(cue, words, 0)) return true;
  }
  return false;
}

// "What is the role of X in Y": a therapy question when Y names a disease, a mechanism
// question otherwise ("role of cytidine deaminase in healthy cells").
bool IsRoleInDisease(const std::vector<std::string>& words) {
  for (size_t i = 0; i + 1 < words.size(); ++i) {
    if (words[i] != "role" || words[i + 1] != "of") continue;
    for (size_t j = i + 2; j < words.size(); ++j) {
      if (words[j] != "in" && words[j] != "for") continue;
      return HasCue(words,
                    {"*cancer*", "*carcinoma*", "*tumor*", "*tumour*", "metasta*", "*oma", "*omas",
                     "disease*", "*itis", "syndrome*", "patients", "infection*", "disorder*",
                     "failure", "*emia", "*aemia", "*pathy"},
                    j + 1);
    }
  }
  return false;
}

}  // namespace

QuestionType ClassifyQuestion(std::string_view question) {
  const std::vector<std::string> words = Words(question);
  if (words.empty()) return QuestionType::kGeneral;
  if (IsRoleInDisease(words)) return QuestionType::kTreatment;
  for (const Rule& rule : Rules()) {
    if (HasCue(words, rule.strong)) return rule.type;
  }
  for (const Rule& rule : Rules()) {
    if (HasCue(words, rule.weak)) return rule.type;
  }
  if (StartsWith(words, {"what is", "what are", "what's", "whats", "define*", "definition",
                         "describe", "meaning of", "what does * mean", "explain"}) ||
      HasCue(words, {"definition of", "meaning of", "what does", "stand for"})) {
    return QuestionType::kDefinition;
  }
  return QuestionType::kGeneral;
}

const char* QuestionTypeName(QuestionType type) {
  switch (type) {
    case QuestionType::kTreatment:
      return "treatment";
    case QuestionType::kDiagnosis:
      return "diagnosis";
    case QuestionType::kScreening:
      return "screening";
    case QuestionType::kPrognosis:
      return "prognosis";
    case QuestionType::kDefinition:
      return "definition";
    case QuestionType::kAdverseEffects:
      return "adverse_effects";
    case QuestionType::kMechanism:
      return "mechanism";
    case QuestionType::kEpidemiology:
      return "epidemiology";
    case QuestionType::kPrevention:
      return "prevention";
    case QuestionType::kDosing:
      return "dosing";
    case QuestionType::kGeneral:
      return "general";
  }
  return "general";
}

}  // namespace evident
