// QuestionType: what kind of answer a clinical question asks for (treatment, diagnosis,
// screening, …), recognised by rules over cue phrases. Answer composition uses it to choose
// sections and sentence roles; retrieval may use it to prefer sources.
// Thread-safety: pure functions.
#pragma once

#include <string_view>

namespace evident {

enum class QuestionType {
  kTreatment,
  kDiagnosis,
  kScreening,
  kPrognosis,
  kDefinition,
  kAdverseEffects,
  kMechanism,
  kEpidemiology,  //!< risk factors, causes, prevalence, incidence, genetics of a disease
  kPrevention,
  kDosing,
  kGeneral,  //!< none of the above recognised
};

//! The type of `question`, from cue phrases ("side effects of" -> kAdverseEffects, "how is X
//! diagnosed" -> kDiagnosis, "what is X?" -> kDefinition). When cues of several types occur, the
//! more specific wins (adverse effects and dosing before treatment; screening before diagnosis).
QuestionType ClassifyQuestion(std::string_view question);

//! Stable lower-case name: "treatment", "adverse_effects", "general", …
const char* QuestionTypeName(QuestionType type);

}  // namespace evident
