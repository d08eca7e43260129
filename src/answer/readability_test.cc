#include "answer/readability.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "answer/text_cleanup.h"
#include "common/input_file.h"
#include "common/testing.h"

namespace evident {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::IsEmpty;
using ::testing::Optional;

TEST(CountSyllables, MatchesDictionaryCountsOfCommonAndMedicalWords) {
  const std::pair<std::string_view, int> cases[] = {
      {"the", 1},
      {"cat", 1},
      {"year", 1},
      {"based", 1},
      {"cancer", 2},
      {"patient", 2},
      {"tumor", 2},
      {"liver", 2},
      {"disease", 2},
      {"table", 2},
      {"tissue", 2},
      {"people", 2},
      {"treated", 2},
      {"cases", 2},
      {"studies", 2},
      {"treatment", 2},
      {"increased", 2},
      {"therapy", 3},
      {"lymphocytes", 3},
      {"effective", 3},
      {"infection", 3},
      {"calcium", 3},
      {"video", 3},
      {"area", 3},
      {"hospital", 3},
      {"evidence", 3},
      {"radiation", 4},
      {"metastases", 4},
      {"diagnosis", 4},
      {"bacteria", 4},
      {"mechanism", 4},
      {"biology", 4},
      {"oncology", 4},
      {"chemotherapy", 5},
      {"significantly", 5},
      {"NCI", 3},
      {"PRRT", 4},
      {"AIDS", 1},
      {"placebo-controlled", 5},
      {"2.5", 0},
      {"", 0},
  };
  for (const auto& [word, syllables] : cases) {
    EXPECT_EQ(CountSyllables(word), syllables) << word;
  }
}

TEST(MeasureReadability, AppliesFleschAndFleschKincaidFormulas) {
  ReadabilityScores s = MeasureReadability("The cat sat on the mat.");
  EXPECT_EQ(s.sentences, 1);
  EXPECT_EQ(s.words, 6);
  EXPECT_EQ(s.syllables, 6);
  EXPECT_NEAR(s.reading_ease, 206.835 - 1.015 * 6 - 84.6 * 1, 1e-9);
  EXPECT_NEAR(s.grade_level, 0.39 * 6 + 11.8 * 1 - 15.59, 1e-9);

  ReadabilityScores two = MeasureReadability("The cat sat. It was on the mat at 5 pm.");
  EXPECT_EQ(two.sentences, 2);
  EXPECT_EQ(two.words, 10);  // "5" is no word

  ReadabilityScores none = MeasureReadability("  42 ");
  EXPECT_EQ(none.words, 0);
  EXPECT_EQ(none.reading_ease, 0);
}

TEST(MeasureReadability, RanksPlainPatientSentencesAboveProfessionalOnes) {
  // Real sentences: NCI patient and health-professional versions of the same topic.
  ReadabilityScores patient = MeasureReadability(
      "Neuroblastoma often begins in the nerve tissue of the adrenal glands. There are two "
      "adrenal glands, one on top of each kidney.");
  ReadabilityScores professional = MeasureReadability(
      "In the largest patient series treated to date with lutetium-labeled somatostatin "
      "analogues, remission rates were correlated positively with high pretherapy octreotide "
      "scintigraphy uptake and limited hepatic tumor load.");
  EXPECT_GT(patient.reading_ease, professional.reading_ease + 30);
  EXPECT_LT(patient.grade_level, 9);
  EXPECT_GT(professional.grade_level, 16);
}

// Mean grade over the cleaned sentences of every `step`-th NCI page whose name contains `part`.
double MeanGradeOfNciPages(std::string_view part, size_t step, size_t* pages_read) {
  namespace fs = std::filesystem;
  std::vector<fs::path> pages;
  for (const auto& e :
       fs::directory_iterator(evident::testing::DataDir() + "/corpus/guidelines/nci")) {
    if (e.path().filename().string().find(part) != std::string::npos) pages.push_back(e.path());
  }
  std::sort(pages.begin(), pages.end());
  double sum = 0;
  *pages_read = 0;
  for (size_t i = 0; i < pages.size(); i += step) {
    auto contents = ReadFileContents(pages[i].string());
    if (!contents.ok()) continue;
    std::string cleaned;
    for (const Sentence& s : SentenceSplitter().Split(*contents)) {
      cleaned += CleanSentence(s.text) + "\n\n";
    }
    sum += MeasureReadability(cleaned).grade_level;
    ++*pages_read;
  }
  return *pages_read == 0 ? 0 : sum / *pages_read;
}

TEST(MeasureReadability, PatientPagesOfTheCorpusReadEasierThanProfessionalPages) {
  size_t patient_pages = 0, professional_pages = 0;
  double patient = MeanGradeOfNciPages("_patient_", 10, &patient_pages);
  double professional = MeanGradeOfNciPages("_hp_", 10, &professional_pages);
  ASSERT_GT(patient_pages, 10u);
  ASSERT_GT(professional_pages, 10u);
  EXPECT_LT(patient + 2, professional) << "patient " << patient << ", hp " << professional;
}

// --- Glosses -------------------------------------------------------------------------------

TEST(PlainGloss, CutsDefinitionsDownToAShortGloss) {
  EXPECT_THAT(PlainGloss("Adult acute lymphoblastic leukemia",
                         "Adult acute lymphoblastic leukemia (ALL) is a type of cancer in which "
                         "the bone marrow makes too many lymphocytes."),
              Optional(std::string(
                  "a type of cancer in which the bone marrow makes too many lymphocytes")));
  EXPECT_THAT(PlainGloss("lymphocytes", "a type of white blood cell"),
              Optional(std::string("a type of white blood cell")));
  EXPECT_THAT(PlainGloss("Neuroblastoma",
                         "Key Points\n- Neuroblastoma is a type of cancer that forms in "
                         "neuroblasts (immature nerve tissue) in the adrenal glands, neck, "
                         "chest, or spinal cord."),
              Optional(std::string("a type of cancer")));
  EXPECT_THAT(PlainGloss("Biopsy",
                         "Biopsy refers to the removal of cells or tissues so they can be viewed "
                         "under a microscope. It is done by a pathologist."),
              Optional(std::string(
                  "the removal of cells or tissues so they can be viewed under a microscope")));
  // A dictionary-style definition is kept whole: its "are" belongs to a relative clause.
  EXPECT_THAT(PlainGloss("Dysplasia", "A condition in which cells are abnormal."),
              Optional(std::string("a condition in which cells are abnormal")));
  EXPECT_EQ(PlainGloss("X",
                       "X is one two three four five six seven eight nine ten eleven "
                       "twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen."),
            std::nullopt);
  EXPECT_EQ(PlainGloss("biopsy", "Biopsy."), std::nullopt);
  EXPECT_EQ(PlainGloss("biopsy", ""), std::nullopt);
}

TEST(ExtractInlineGlosses, FindsTermsExplainedInParentheses) {
  auto pairs = ExtractInlineGlosses(
      "Adult ALL is a type of cancer in which the bone marrow makes too many lymphocytes (a type "
      "of white blood cell). Certain factors affect prognosis (chance of recovery) and treatment "
      "options. Some have enlarged lymph nodes (small bean-shaped structures). By the time cancer "
      "is diagnosed, it has usually [metastasized](/Common/PopUps/popDefinition.aspx?id=46283) "
      "(spread).");
  std::vector<std::pair<std::string, std::string>> got;
  for (const auto& p : pairs) got.emplace_back(p.term, p.definition);
  EXPECT_THAT(
      got, ElementsAre(
               std::pair<std::string, std::string>("lymphocytes", "a type of white blood cell"),
               std::pair<std::string, std::string>("prognosis", "chance of recovery"),
               std::pair<std::string, std::string>("lymph nodes", "small bean-shaped structures"),
               std::pair<std::string, std::string>("metastasized", "spread")));
}

TEST(ExtractInlineGlosses, IgnoresParenthesesThatAreNoGloss) {
  EXPECT_THAT(ExtractInlineGlosses(
                  "In the largest series (n = 131), adult acute lymphoblastic leukemia (ALL) "
                  "responded (see below) to drugs (e.g., aspirin) given daily (or weekly) in "
                  "2005 (27) and in mice (Mus musculus)."),
              IsEmpty());
}

TEST(ExtractInlineGlosses, MinesRealNciPatientPages) {
  namespace fs = std::filesystem;
  std::string dir = evident::testing::DataDir() + "/corpus/guidelines/nci";
  auto page = ReadFileContents(dir + "/types_neuroblastoma_patient_neuroblastoma-treatment-pdq.md");
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  auto pairs = ExtractInlineGlosses(*page);
  std::map<std::string, std::string> found;
  for (const auto& p : pairs) found.emplace(p.term, p.definition);
  EXPECT_EQ(found["neuroblasts"], "immature nerve tissue");
  EXPECT_EQ(found["prognosis"], "chance of recovery");
  EXPECT_EQ(found["metastasized"], "spread");

  // Over many patient pages, the glossary the pairs vote into explains common terms.
  std::vector<TermDefinition> all;
  size_t pages = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().filename().string().find("_patient_") == std::string::npos) continue;
    auto contents = ReadFileContents(e.path().string());
    ASSERT_TRUE(contents.ok());
    auto mined = ExtractInlineGlosses(*contents);
    all.insert(all.end(), mined.begin(), mined.end());
    ++pages;
  }
  JargonGlossary glossary = JargonGlossary::FromDefinitions(all);
  std::cout << pages << " patient pages: " << all.size() << " inline glosses, " << glossary.size()
            << " glossary terms\n";
  EXPECT_GT(glossary.size(), 300u);
  EXPECT_THAT(glossary.GlossOf("prognosis"), Optional(std::string("chance of recovery")));
  EXPECT_THAT(glossary.GlossOf("Lymphocytes"), Optional(std::string("a type of white blood cell")));
  auto in_research = glossary.Find(
      "Remission rates correlated with tumor load; patients with extensive metastasis had a "
      "shorter time to progression and a worse prognosis.");
  EXPECT_THAT(in_research, Contains(Field(&GlossedTerm::term, "prognosis")));
}

TEST(JargonGlossary, FindsTermsWithTheGlossMostSourcesGive) {
  JargonGlossary glossary = JargonGlossary::FromDefinitions({
      {"prognosis", "chance of recovery"},
      {"Prognosis", "the likely outcome"},
      {"prognosis", "chance of recovery"},
      {"lymphocyte", "a type of white blood cell"},
      {"blood stem cells", "immature cells"},
      {"stem cells", "cells that can become other cells"},
      {"Biopsy", "Biopsy is the removal of cells or tissues for examination."},
      {"", "ignored"},
  });
  EXPECT_EQ(glossary.size(), 5u);
  EXPECT_THAT(glossary.GlossOf("PROGNOSIS"), Optional(std::string("chance of recovery")));
  EXPECT_THAT(glossary.GlossOf("biopsy"),
              Optional(std::string("the removal of cells or tissues for examination")));

  std::string sentence =
      "A biopsy showed that blood stem cells and lymphocytes were low, so the prognosis "
      "(chance of recovery) is poor; another biopsy was done.";
  auto found = glossary.Find(sentence);
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(found[0].term, "biopsy");
  EXPECT_EQ(found[1].term, "blood stem cells");  // the longest match, not "stem cells"
  EXPECT_EQ(found[1].gloss, "immature cells");
  EXPECT_EQ(found[2].term, "lymphocytes");  // plural of a singular entry
  EXPECT_EQ(sentence.substr(found[2].span.begin, found[2].span.end - found[2].span.begin),
            "lymphocytes");
  EXPECT_THAT(JargonGlossary().Find(sentence), IsEmpty());

  JargonGlossary agreed =
      JargonGlossary::FromDefinitions({{"prognosis", "chance of recovery"},
                                       {"prognosis", "chance of recovery"},
                                       {"lymphocyte", "a type of white blood cell"}},
                                      /*min_votes=*/2);
  EXPECT_EQ(agreed.size(), 1u);
  EXPECT_TRUE(agreed.GlossOf("prognosis").has_value());
}

}  // namespace
}  // namespace evident
