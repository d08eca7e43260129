// SentenceRole: what a sentence does in an answer — defines the subject, gives background,
// reports efficacy, safety, who should get it, how it is given, or a limitation — decided from
// cue words, so the composer can place it under the right sub-heading or key-point label.
// Thread-safety: pure functions.
#pragma once

#include <string_view>

namespace evident {

enum class SentenceRole {
  kDefinition,
  kBackground,
  kEfficacy,
  kSafety,
  kPatientSelection,
  kDosing,
  kLimitation,
  kRecommendation,
};

//! The role a sentence most likely plays ("Median PFS was 28 months" -> kEfficacy).
SentenceRole ClassifySentenceRole(std::string_view sentence);
//! The sub-heading used in the research section ("Efficacy", "Limitations or conflicting
//! evidence", ...).
const char* SentenceRoleHeading(SentenceRole role);
//! The label of a guideline key point ("Patient selection", "Dosing and administration",
//! "Monitoring and safety", "Outcomes", ...).
const char* SentenceRoleKeyPointLabel(SentenceRole role);

}  // namespace evident
