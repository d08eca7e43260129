// Audience: who the article is written for. It changes which sources are preferred (patient
// pages for patients), how plain the chosen sentences must be, whether jargon is glossed, and
// the disclaimer.
// Thread-safety: plain values and pure functions.
#pragma once

#include <optional>
#include <string>

namespace evident {

enum class Audience { kPhysician, kNurse, kStudent, kPatient };
//! Every audience, in the order above.
inline constexpr Audience kAudiences[] = {Audience::kPhysician, Audience::kNurse,
                                          Audience::kStudent, Audience::kPatient};

//! "physician" (also "professional", "doctor", "clinician"), "nurse" (also "allied"),
//! "student", "patient" (also "caregiver"); nullopt for anything else.
std::optional<Audience> ParseAudience(const std::string& name);
const char* AudienceName(Audience audience);
//! "Physician", "Nurse or allied health", "Student", "Patient or caregiver".
const char* AudienceLabel(Audience audience);
bool IsProfessional(Audience audience);
//! The disclaimer shown under every article for this audience.
const char* Disclaimer(Audience audience);

}  // namespace evident
