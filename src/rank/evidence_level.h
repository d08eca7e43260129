// EvidenceLevel: how strong a source is as evidence, by the kind of study or document it is:
// guideline > systematic review / meta-analysis > randomised trial > observational study >
// case report / case series > expert opinion / narrative review, with patient education
// separate (plain-language summaries, not primary evidence). The ranker weighs passages by it,
// the evidence overview shows it, and the composer leads with guideline-level sources.
//
// Classification uses metadata first and text where metadata is missing:
//   - source kind and audience: NCI PDQ health-professional summaries, USPSTF and NGC pages are
//     guidelines; consumer pages and patient versions are patient education; professional
//     education pages that are neither (cancer.gov topic landing pages) are narrative.
//   - PubMed publication types: Practice Guideline / Guideline / Consensus Development
//     Conference; Meta-Analysis / Systematic Review; Randomized Controlled Trial; Observational
//     Study / Comparative Study / Evaluation Study; Case Reports; Review / Editorial / Comment /
//     Letter / News. The strongest design listed wins. A "Clinical Trial" (any phase) or
//     "Controlled Clinical Trial" without "Randomized Controlled Trial" is a non-randomised
//     trial unless the text reports randomisation: it ranks with observational studies, as
//     non-randomised controlled studies do in the Oxford CEBM 2011 levels (level 3). A "Review"
//     whose text is a systematic review or meta-analysis counts as one. Retraction notices and
//     errata are no evidence (kUnknown).
//   - text (most abstracts of the corpus carry no publication types): weighted cue phrases per
//     design ("randomly assigned", "placebo", "double-blind"; "meta-analysis", "MEDLINE",
//     "were searched"; "cohort", "case-control", "retrospectively"; "case report", "a 54-year-old
//     man", "we report a case"; "this review", "we summarize"; "practice guideline",
//     "consensus statement"), counted once each, title cues twice; "non-randomized", "Mendelian
//     randomization" and "randomly selected" are not randomised trials. The design with the
//     highest score wins if it reaches kMinTextScore; basic-science and clipped abstracts
//     without design cues stay kUnknown.
// Retraction is not a level: IsRetracted is a separate flag the caller checks (a retracted
// article is never cited as support, whatever its design).
//
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/document.h"

namespace evident {

enum class EvidenceLevel {
  kGuideline,
  kSystematicReview,
  kRandomizedTrial,
  kObservational,
  kCaseReport,
  kNarrativeReview,
  kPatientEducation,
  kUnknown,
};

//! "guideline", "systematic_review", "randomized_trial", "observational", "case_report",
//! "narrative_review", "patient_education", "unknown": stable names for JSON and storage.
const char* EvidenceLevelName(EvidenceLevel level);
//! Inverse of EvidenceLevelName; nullopt for any other string.
std::optional<EvidenceLevel> EvidenceLevelFromName(std::string_view name);
//! "Guideline", "Systematic review / meta-analysis", "Randomised controlled trial",
//! "Observational study", "Case report / case series", "Expert opinion / narrative review",
//! "Patient education", "Level not stated" (kUnknown): what a reader sees.
const char* EvidenceLevelLabel(EvidenceLevel level);
//! Sort key, 0 = strongest (guideline) ... 7 = unknown; sort ascending to list strongest first.
int EvidenceRank(EvidenceLevel level);

//! The level of a stored document, from its kind, audience, publication types, title and text.
EvidenceLevel ClassifyEvidence(const Document& doc);
//! The same from the fields a PassageView carries (pass {} for unknown publication types and
//! the passage text as `text`).
EvidenceLevel ClassifyEvidence(SourceKind kind, std::string_view audience,
                               const std::vector<std::string>& publication_types,
                               std::string_view title, std::string_view text);
//! Text-cue score a design needs to be chosen when metadata says nothing.
constexpr int kMinTextScore = 3;

//! True for a retracted article (Document::retracted, or publication type "Retracted
//! Publication"); such an article must never be cited as support.
bool IsRetracted(const Document& doc);

//! The first PDQ level-of-evidence statement in `text`: "(level of evidence C3)" -> "C3",
//! "[Level of evidence: 1iiA]" -> "1iiA", "[Level of evidence: II]" -> "II". PDQ's scales:
//! treatment A1-D4 (and the older 1iA-3iiiDiv), screening/prevention I-IV, CAM 1-5 with
//! suffixes ("3aii").
std::optional<std::string> PdqLevelOfEvidence(std::string_view text);

//! The number of people a study reports, or nullopt: "a total of 1,234 patients",
//! "200 were randomized", "193 out-patients", "12 healthy volunteers", "73 consecutive
//! patients", "Twenty-four participants", "(n = 131)". Explicit totals and enrolment
//! statements win over counts of people, which win over "n = "; among equals the largest
//! (subgroups are smaller than the whole, though groups of equal size are not summed).
std::optional<int> StudySize(std::string_view text);

}  // namespace evident
