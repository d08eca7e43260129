#include "answer/audience.h"

namespace evident {

std::optional<Audience> ParseAudience(const std::string& name) {
  if (name == "physician" || name == "professional" || name == "doctor" || name == "clinician") {
    return Audience::kPhysician;
  }
  if (name == "nurse" || name == "allied") return Audience::kNurse;
  if (name == "student") return Audience::kStudent;
  if (name == "patient" || name == "caregiver") return Audience::kPatient;
  return std::nullopt;
}

const char* AudienceName(Audience audience) {
  switch (audience) {
    case Audience::kPhysician:
      return "physician";
    case Audience::kNurse:
      return "nurse";
    case Audience::kStudent:
      return "student";
    case Audience::kPatient:
      return "patient";
  }
  return "physician";
}

const char* AudienceLabel(Audience audience) {
  switch (audience) {
    case Audience::kPhysician:
      return "Physician";
    case Audience::kNurse:
      return "Nurse or allied health";
    case Audience::kStudent:
      return "Student";
    case Audience::kPatient:
      return "Patient or caregiver";
  }
  return "Physician";
}

bool IsProfessional(Audience audience) { return audience != Audience::kPatient; }

const char* Disclaimer(Audience audience) {
  if (audience == Audience::kPatient) {
    return "This information is for general education and is not medical advice. It does not "
           "replace a conversation with your doctor, nurse or pharmacist, who know your health "
           "history. If you have an urgent problem, contact your care team or emergency services.";
  }
  return "This information is intended for healthcare professionals. It is assembled "
         "automatically from the cited sources, each sentence quoted from its source, and is not "
         "a substitute for clinical judgement, the full guideline text, or the product labelling.";
}

}  // namespace evident
