#include "answer/sentence_role.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

#include "common/ascii.h"

namespace evident {

namespace {

using ascii::Lower;

bool HasAny(const std::string& text, std::initializer_list<std::string_view> cues) {
  return std::any_of(cues.begin(), cues.end(),
                     [&](std::string_view cue) { return text.find(cue) != std::string::npos; });
}

bool HasNumber(std::string_view s) {
  return std::any_of(s.begin(), s.end(),
                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

}  // namespace

SentenceRole ClassifySentenceRole(std::string_view sentence) {
  const std::string s = " " + Lower(sentence) + " ";
  // Order matters: the most specific cues first.
  if (HasAny(s, {" recommends ", " recommend ", "recommendation", " grade a", " grade b",
                 "is recommended", "are recommended", "should be offered", "should receive",
                 "should not be used", "i statement"})) {
    return SentenceRole::kRecommendation;
  }
  if (HasAny(s, {"however",
                 "limitation",
                 "limited by",
                 "small sample",
                 "further studies",
                 "further research",
                 "more research",
                 "remains unclear",
                 "remain unclear",
                 "conflicting",
                 "controversial",
                 "insufficient evidence",
                 "evidence is insufficient",
                 "not significant",
                 "no significant",
                 "did not improve",
                 "did not reduce",
                 "failed to",
                 "uncertain",
                 "lack of evidence",
                 "is lacking",
                 "are lacking"})) {
    return SentenceRole::kLimitation;
  }
  if (HasAny(s, {"toxicit", "adverse", "side effect", "safety", "tolerated", "tolerability",
                 "complication", "nephrotox", "myelosuppress", "hematologic", "haematologic",
                 "grade 3", "grade 4", "serious", "harm", "risk of death", "mortality"}) &&
      !HasAny(s, {"survival benefit"})) {
    return SentenceRole::kSafety;
  }
  if (HasAny(s, {" dose", "dosage", " mg", " gbq", " mci", "administered", "infusion", "cycles",
                 "every 8 weeks", "intravenous", "orally", "regimen", " twice ", "once daily",
                 "per day"})) {
    return SentenceRole::kDosing;
  }
  if (HasNumber(s) &&
      HasAny(s, {"survival", "response", "remission", "progression", "efficacy", "effective",
                 "improved", "reduced", "reduction", "increase", "benefit", "hazard ratio", " hr ",
                 "odds ratio", "relative risk", "%", "months", "control rate", "outcome"})) {
    return SentenceRole::kEfficacy;
  }
  if (HasAny(s, {"eligible", "candidates", "indicated for", "is approved", "are approved",
                 "approved to treat", "selection", "selected", "patients with", "receptor positive",
                 "receptor-positive", "uptake", "criteria", "inoperable", "unresectable"}) &&
      !HasAny(s, {"survival", "response rate"})) {
    return SentenceRole::kPatientSelection;
  }
  if (HasAny(s, {"effective", "efficacy", "improves", "improved", "benefit", "prolong",
                 "response rate", "superior", "survival"})) {
    return SentenceRole::kEfficacy;
  }
  if (HasAny(s, {" is a ", " is an ", " are a ", " refers to ", " defined as ", " is the ",
                 " are rare ", " is a type of ", " are a type of ", " also called "})) {
    return SentenceRole::kDefinition;
  }
  return SentenceRole::kBackground;
}

const char* SentenceRoleHeading(SentenceRole role) {
  switch (role) {
    case SentenceRole::kDefinition:
      return "Definition";
    case SentenceRole::kBackground:
      return "Background";
    case SentenceRole::kEfficacy:
      return "Efficacy";
    case SentenceRole::kSafety:
      return "Safety";
    case SentenceRole::kPatientSelection:
      return "Patient selection";
    case SentenceRole::kDosing:
      return "Dosing and administration";
    case SentenceRole::kLimitation:
      return "Limitations or conflicting evidence";
    case SentenceRole::kRecommendation:
      return "Recommendations";
  }
  return "Background";
}

const char* SentenceRoleKeyPointLabel(SentenceRole role) {
  switch (role) {
    case SentenceRole::kDefinition:
      return "Definition";
    case SentenceRole::kBackground:
      return "Context";
    case SentenceRole::kEfficacy:
      return "Outcomes";
    case SentenceRole::kSafety:
      return "Monitoring and safety";
    case SentenceRole::kPatientSelection:
      return "Patient selection";
    case SentenceRole::kDosing:
      return "Dosing and administration";
    case SentenceRole::kLimitation:
      return "Strength of evidence";
    case SentenceRole::kRecommendation:
      return "Recommendation";
  }
  return "Context";
}

}  // namespace evident
