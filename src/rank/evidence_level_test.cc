#include "rank/evidence_level.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/input_file.h"
#include "common/testing.h"

namespace evident {
namespace {

using ::testing::Optional;
using L = EvidenceLevel;

TEST(EvidenceLevel, NamesLabelsAndRanksRoundTrip) {
  const L all[] = {L::kGuideline,  L::kSystematicReview, L::kRandomizedTrial,  L::kObservational,
                   L::kCaseReport, L::kNarrativeReview,  L::kPatientEducation, L::kUnknown};
  for (size_t i = 0; i < std::size(all); ++i) {
    EXPECT_THAT(EvidenceLevelFromName(EvidenceLevelName(all[i])), Optional(all[i]));
    EXPECT_EQ(EvidenceRank(all[i]), static_cast<int>(i));
  }
  EXPECT_STREQ(EvidenceLevelName(L::kSystematicReview), "systematic_review");
  EXPECT_STREQ(EvidenceLevelName(L::kRandomizedTrial), "randomized_trial");
  EXPECT_STREQ(EvidenceLevelLabel(L::kSystematicReview), "Systematic review / meta-analysis");
  EXPECT_STREQ(EvidenceLevelLabel(L::kGuideline), "Guideline");
  EXPECT_EQ(EvidenceLevelFromName("rct"), std::nullopt);
  EXPECT_LT(EvidenceRank(L::kGuideline), EvidenceRank(L::kRandomizedTrial));
}

TEST(ClassifyEvidence, SourceKindAndAudienceDecideForNonResearchSources) {
  EXPECT_EQ(ClassifyEvidence(SourceKind::kGuideline, "professional", {}, "PDQ", ""), L::kGuideline);
  EXPECT_EQ(ClassifyEvidence(SourceKind::kGuideline, "patient", {}, "PDQ patient", ""),
            L::kPatientEducation);
  EXPECT_EQ(ClassifyEvidence(SourceKind::kConsumer, "patient", {}, "MedQuAD", ""),
            L::kPatientEducation);
  EXPECT_EQ(ClassifyEvidence(SourceKind::kConsumer, "professional", {}, "Breast Cancer", ""),
            L::kNarrativeReview);
  // A guideline page that reviews trials is still a guideline.
  EXPECT_EQ(ClassifyEvidence(SourceKind::kGuideline, "professional", {}, "",
                             "Patients were randomly assigned to placebo."),
            L::kGuideline);
}

struct TypeCase {
  std::vector<std::string> types;
  std::string_view text;
  L expected;
};

TEST(ClassifyEvidence, PublicationTypesDecideWhenPresent) {
  const TypeCase cases[] = {
      {{"Journal Article", "Practice Guideline"}, "", L::kGuideline},
      {{"Consensus Development Conference, NIH"}, "", L::kGuideline},
      {{"Meta-Analysis", "Review"}, "", L::kSystematicReview},
      {{"Systematic Review"}, "We reviewed case reports.", L::kSystematicReview},
      {{"Randomized Controlled Trial", "Multicenter Study"}, "", L::kRandomizedTrial},
      {{"Clinical Trial, Phase II"},
       "In this single-arm study, 40 patients received the drug.",
       L::kObservational},
      {{"Clinical Trial"},
       "Patients were randomly assigned to drug or placebo.",
       L::kRandomizedTrial},
      {{"Controlled Clinical Trial"}, "Controls were matched by age.", L::kObservational},
      {{"Comparative Study"}, "We compared two hospitals.", L::kObservational},
      {{"Observational Study"}, "", L::kObservational},
      {{"Review"},
       "MEDLINE and EMBASE were searched; 12 trials were included in the meta-analysis.",
       L::kSystematicReview},
      {{"Review"},
       "Several randomized controlled trials of placebo versus drug are discussed.",
       L::kNarrativeReview},
      {{"Case Reports", "Review"},
       "We report a case and review of the literature.",
       L::kCaseReport},
      {{"Editorial"}, "", L::kNarrativeReview},
      {{"Comment", "Letter"}, "", L::kNarrativeReview},
      {{"Retraction of Publication"}, "Patients were randomly assigned.", L::kUnknown},
      {{"Journal Article", "Research Support, N.I.H., Extramural"},
       "Patients were randomly assigned to drug or placebo in a double-blind trial.",
       L::kRandomizedTrial},
  };
  for (const TypeCase& c : cases) {
    EXPECT_EQ(ClassifyEvidence(SourceKind::kResearch, "professional", c.types, "", c.text),
              c.expected)
        << ::testing::PrintToString(c.types) << " / " << c.text << " -> "
        << EvidenceLevelName(
               ClassifyEvidence(SourceKind::kResearch, "professional", c.types, "", c.text));
  }
}

struct TextCase {
  std::string_view title;
  std::string_view text;
  L expected;
};

TEST(ClassifyEvidence, TextCuesDecideWithoutMetadata) {
  const TextCase cases[] = {
      {"",
       "METHODS: In a randomised, placebo-controlled, double-blind, cross-over study, 12 "
       "healthy volunteers received codeine plus diclofenac or codeine plus placebo.",
       L::kRandomizedTrial},
      {"Electroacupuncture versus diclofenac: a randomized controlled trial", "",
       L::kRandomizedTrial},
      {"",
       "A total of 265 patients were randomized to the intervention (n = 130) or control "
       "(n = 135) groups.",
       L::kRandomizedTrial},
      {"",
       "We searched MEDLINE, EMBASE and the Cochrane Library. Twelve studies met the "
       "inclusion criteria; pooled estimates used a random-effects model. Several included "
       "studies were randomized controlled trials.",
       L::kSystematicReview},
      {"Statins and dementia: a systematic review and meta-analysis", "", L::kSystematicReview},
      {"",
       "We retrospectively reviewed the medical records of 73 consecutive patients treated "
       "with PRRT.",
       L::kObservational},
      {"", "In this population-based cohort study of 12,000 women, hazard ratios were computed.",
       L::kObservational},
      {"", "A case-control study of 200 cases and 400 controls.", L::kObservational},
      {"", "This cross-sectional survey of nurses used a questionnaire.", L::kObservational},
      {"", "In this non-randomized, single-arm study, 40 patients received the vaccine.",
       L::kObservational},
      {"", "Mendelian randomization analyses suggested a causal effect of BMI.", L::kObservational},
      {"", "We report a case of a 54-year-old man with hepatic metastases.", L::kCaseReport},
      {"Hepatic metastases of a neuroendocrine tumour: case report and review of the literature",
       "", L::kCaseReport},
      {"", "We describe a patient who developed lactic acidosis.", L::kCaseReport},
      {"",
       "In this review, we summarize recent advances in peptide receptor radionuclide "
       "therapy.",
       L::kNarrativeReview},
      {"",
       "This guideline provides recommendations; the panel recommends annual screening "
       "(strength of recommendation: strong).",
       L::kGuideline},
      {"",
       "Reverse transcription-polymerase chain reaction revealed Xist transcripts in all "
       "adult female somatic tissues evaluated.",
       L::kUnknown},
      {"", "Patients were randomly selected from the registry for a survey.", L::kObservational},
      {"", "", L::kUnknown},
  };
  for (const TextCase& c : cases) {
    L got = ClassifyEvidence(SourceKind::kResearch, "professional", {}, c.title, c.text);
    EXPECT_EQ(got, c.expected) << c.title << " / " << c.text << " -> " << EvidenceLevelName(got);
  }
}

TEST(ClassifyEvidence, ReadsTheWholeDocument) {
  Document doc;
  doc.id = "pmc:PMC102323";
  doc.title = "Electroacupuncture versus Diclofenac in symptomatic treatment of Osteoarthritis";
  doc.sections = {{"BACKGROUND", "To compare electroacupuncture and diclofenac."},
                  {"METHODS",
                   "This study was a randomized, single-blind, placebo controlled "
                   "trial. The 193 out-patients were randomized into four groups."}};
  EXPECT_EQ(ClassifyEvidence(doc), L::kRandomizedTrial);
  doc.kind = SourceKind::kGuideline;
  EXPECT_EQ(ClassifyEvidence(doc), L::kGuideline);
}

TEST(IsRetracted, ReadsTheFlagAndThePublicationType) {
  Document doc;
  EXPECT_FALSE(IsRetracted(doc));
  doc.publication_types = {"Journal Article", "Retracted Publication"};
  EXPECT_TRUE(IsRetracted(doc));
  Document flagged;
  flagged.retracted = true;
  EXPECT_TRUE(IsRetracted(flagged));
  Document notice;
  notice.publication_types = {"Retraction of Publication"};
  EXPECT_FALSE(IsRetracted(notice));  // the notice is no evidence, but it is not retracted
  EXPECT_EQ(ClassifyEvidence(notice), L::kUnknown);
}

TEST(PdqLevelOfEvidence, ExtractsPdqStatements) {
  const std::pair<std::string_view, std::optional<std::string>> cases[] = {
      {"study designs have been limited to case series (level of evidence C3).", "C3"},
      {"A second TUR is advised.[9][Level of evidence C3] A second TUR found tumor.", "C3"},
      {"improved survival.[12][Level of evidence: 1iiA]", "1iiA"},
      {"reduced mortality.[3][Level of evidence: II]", "II"},
      {"[Level of evidence: 3aii]", "3aii"},
      {"levels of evidence [A1](/Common/PopUps/popDefinition.aspx?id=1)", "A1"},
      {"[[Level of evidence B4](/Common/PopUps/popDefinition.aspx?id=810038)]", "B4"},
      {"For more information on levels of evidence analysis, see the summary. Later: "
       "(level of evidence B1).",
       "B1"},
      {"The level of evidence for these treatment options is low.", std::nullopt},
      {"Level of Evidence Scored", std::nullopt},
      {"No statement here.", std::nullopt},
  };
  for (const auto& [text, expected] : cases) {
    EXPECT_EQ(PdqLevelOfEvidence(text), expected) << text;
  }
}

TEST(StudySize, ReadsTheNumberOfPeopleStudied) {
  const std::pair<std::string_view, std::optional<int>> cases[] = {
      {"In the largest patient series (n = 131; 65 with gastrointestinal NETs)", 131},
      {"The 193 out-patients with OA of the knee were randomized into four groups.", 193},
      {"A total of 1,234 patients were enrolled between 2001 and 2005.", 1234},
      {"12 healthy volunteers received a single dose.", 12},
      {"We studied 73 consecutive patients treated with PRRT.", 73},
      {"Of 400 screened patients, 200 were randomized.", 200},
      {"Between 2005 and 2010, we enrolled 120 newly diagnosed women.", 120},
      {"intervention (n = 130) or control (n=135) groups", 135},
      {"12 of the 40 patients responded; 30% had grade 3 toxicity.", 40},
      {"Twenty-four participants from three facilities were recruited.", 24},
      {"One hundred and eighty six patients completed the study.", 186},
      {"Forty-eight human teeth were divided into four groups; one patient withdrew.",
       std::nullopt},
      {"In 2005 patients were asked about pain.", std::nullopt},
      {"The dose was 2.5 mg/kg for 12 weeks in 3 cycles.", std::nullopt},
      {"HbA1c fell by 1.2% in 2 years.", std::nullopt},
      {"", std::nullopt},
  };
  for (const auto& [text, expected] : cases) EXPECT_EQ(StudySize(text), expected) << text;
}

// --- The research corpus -----------------------------------------------------------------

Document DocumentFromRecord(const nlohmann::json& record) {
  Document doc;
  doc.id = record.value("id", "");
  if (record.contains("title") && record["title"].is_string()) doc.title = record["title"];
  for (const auto& s : record["sections"]) {
    doc.sections.push_back({s.value("label", ""), s.value("text", "")});
  }
  if (record.contains("publication_types")) {
    for (const auto& t : record["publication_types"]) doc.publication_types.push_back(t);
  }
  return doc;
}

TEST(ClassifyEvidence, RecognisesTheTrialReportsOfTheResearchCorpus) {
  std::string path = evident::testing::DataDir() + "/corpus/research/abstracts.jsonl.gz";
  auto file = InputFile::Open(path);
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  std::map<std::string, std::map<std::string, int>> by_origin;  // origin -> level -> count
  std::map<std::string, int> overall;
  int trials = 0, trials_as_rct = 0, trials_sized = 0;
  std::string line;
  while ((*file)->ReadLine(&line)) {
    auto record = nlohmann::json::parse(line);
    Document doc = DocumentFromRecord(record);
    std::string origin = record.value("origin", "");
    std::string level = EvidenceLevelName(ClassifyEvidence(doc));
    ++by_origin[origin][level];
    ++overall[level];
    if (origin == "evidence-inference") {  // "randomized controlled trial report" per its note
      ++trials;
      trials_as_rct += level == "randomized_trial";
      std::string text;
      for (const Section& s : doc.sections) text += s.text + "\n\n";
      trials_sized += StudySize(text).has_value();
    }
  }
  ASSERT_GT(trials, 1000);
  EXPECT_GE(trials_as_rct, trials * 8 / 10) << trials_as_rct << " of " << trials;
  EXPECT_GE(trials_sized, trials * 3 / 4) << trials_sized << " of " << trials;
  std::cout << "evidence-inference: " << trials_as_rct << "/" << trials
            << " randomized_trial, study size found in " << trials_sized << "\n";
  for (const auto& [origin, levels] : by_origin) {
    std::cout << origin << ":";
    for (const auto& [level, count] : levels) std::cout << " " << level << "=" << count;
    std::cout << "\n";
  }
  std::cout << "all:";
  for (const auto& [level, count] : overall) std::cout << " " << level << "=" << count;
  std::cout << "\n";
}

TEST(PdqLevelOfEvidence, FindsStatementsOnRealPdqPages) {
  namespace fs = std::filesystem;
  int pages = 0, statements = 0;
  std::map<std::string, int> levels;
  for (const auto& e :
       fs::directory_iterator(evident::testing::DataDir() + "/corpus/guidelines/nci")) {
    std::string name = e.path().filename().string();
    if (name.find("_hp") == std::string::npos && name.find("-hp") == std::string::npos) continue;
    auto contents = ReadFileContents(e.path().string());
    ASSERT_TRUE(contents.ok());
    ++pages;
    // One statement per paragraph at most is enough to see the scales in use.
    for (size_t b = 0, e2; b < contents->size(); b = e2 + 2) {
      e2 = std::min(contents->find("\n\n", b), contents->size());
      if (auto level = PdqLevelOfEvidence(std::string_view(*contents).substr(b, e2 - b))) {
        ++statements;
        ++levels[*level];
      }
    }
  }
  ASSERT_GT(pages, 100);
  EXPECT_GT(statements, 1000);
  EXPECT_GT(levels["A1"], 100);
  EXPECT_GT(levels["C3"], 100);
  EXPECT_GT(levels["II"], 10);
}

}  // namespace
}  // namespace evident
