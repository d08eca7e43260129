#include "answer/text_cleanup.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "answer/sentence_splitter.h"
#include "common/input_file.h"
#include "common/testing.h"

namespace evident {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

struct CleanCase {
  std::string_view input;
  std::string_view expected;
};

TEST(CleanSentence, RemovesReferenceMarkersFromRealNciSentences) {
  const CleanCase cases[] = {
      // Sentences as they are stored from NCI PDQ pages.
      {"In general, radiation is indicated for patients with inadequate surgical margins and for "
       "larger, high-grade tumors.[149,150]",
       "In general, radiation is indicated for patients with inadequate surgical margins and for "
       "larger, high-grade tumors."},
      {"The formation of new blood vessels or angiogenesis is necessary for tumors to grow larger "
       "than a few millimeters in diameter (i.e., larger than approximately 100,000 to 1,000,000 "
       "cells) because tumors, like normal tissues, must obtain most of their oxygen and "
       "nutrients from blood.[33,34,41,51-54]",
       "The formation of new blood vessels or angiogenesis is necessary for tumors to grow larger "
       "than a few millimeters in diameter (i.e., larger than approximately 100,000 to 1,000,000 "
       "cells) because tumors, like normal tissues, must obtain most of their oxygen and "
       "nutrients from blood."},
      {"For example, in a nonrandomized comparison of mindfulness-based stress reduction (n = 60) "
       "and a healing arts program (n = 44) in cancer outpatients, both programs significantly "
       "improved facilitation of positive growth.[122][Level of evidence: II]",
       "For example, in a nonrandomized comparison of mindfulness-based stress reduction (n = 60) "
       "and a healing arts program (n = 44) in cancer outpatients, both programs significantly "
       "improved facilitation of positive growth. [Level of evidence: II]"},
      {"Systems of Belief Inventory (SBI-15R) [87]; Holland et al. Two factors: "
       "Beliefs/experience (10); religious social support (5); Yes; High",
       "Systems of Belief Inventory (SBI-15R); Holland et al. Two factors: Beliefs/experience "
       "(10); religious social support (5); Yes; High"},
      // The raw Markdown form of the same kind of sentence.
      {"In the largest patient series treated to date (n = 131), remission rates were correlated "
       "with limited hepatic tumor load.[[27](#cit/section_1.27)] In patients with extensive "
       "liver involvement, time to progression was shorter.",
       "In the largest patient series treated to date (n = 131), remission rates were correlated "
       "with limited hepatic tumor load. In patients with extensive liver involvement, time to "
       "progression was shorter."},
      {"Women with a history of breast biopsies have an increased risk of breast "
       "cancer.[[1](#cit/section_1.1)-[4](#cit/section_1.4)]",
       "Women with a history of breast biopsies have an increased risk of breast cancer."},
      {"Risk is higher in carriers [5-8], as reported [12].",
       "Risk is higher in carriers, as reported."},
      {"The effect was modest ([5]).", "The effect was modest."},
      {"Remission was durable.(27) Relapse was rare.(5,6)",
       "Remission was durable. Relapse was rare."},
      {"Median stay was 6 days (5-8) in 2005 (27).", "Median stay was 6 days (5-8) in 2005 (27)."},
      {"Meticillin-resistant S. aureus [MRSA] was rare.",
       "Meticillin-resistant S. aureus [MRSA] was rare."},
  };
  for (const CleanCase& c : cases) EXPECT_EQ(CleanSentence(c.input), c.expected);
}

TEST(CleanSentence, RemovesLeftoverMarkup) {
  const CleanCase cases[] = {
      {"Women with ductal carcinoma *in situ* have an increased risk.",
       "Women with ductal carcinoma in situ have an increased risk."},
      {"**Grade I** The USPSTF concludes that the evidence is insufficient.",
       "Grade I The USPSTF concludes that the evidence is insufficient."},
      {"Clinical breast exams every 6-12 months beginning at age 25** Annual mammogram",
       "Clinical breast exams every 6-12 months beginning at age 25 Annual mammogram"},
      {"Poor metabolisers carry CYP2D6*4; 2 * 3 is six.",
       "Poor metabolisers carry CYP2D6*4; 2 * 3 is six."},
      {"## Treatment Option Overview", "Treatment Option Overview"},
      {"Use `evident ask` to ask.", "Use evident ask to ask."},
      {"Neuroblastoma often begins in the "
       "[nerve](/Common/PopUps/popDefinition.aspx?id=373935&version=patient) tissue.",
       "Neuroblastoma often begins in the nerve tissue."},
      {"See the scan ![PET scan](/images/pet.jpg) below.", "See the scan below."},
      {"Platelets fell below 100 &times; 10<sup>9</sup>/L in <i>most</i> patients.",
       "Platelets fell below 100 \xC3\x97 10^9/L in most patients."},
      {"Levels were &lt;0.05 mg&nbsp;/dL and CO<sub>2</sub> rose &#8211; slightly.",
       "Levels were <0.05 mg /dL and CO2 rose \xE2\x80\x93 slightly."},
      {"Higher risk (P<0.05 and >2) or <or = 6 months.",
       "Higher risk (P<0.05 and >2) or <or = 6 months."},
      {"Line one<br/>line two", "Line one line two"},
      {"  Spaces \n\n and\ttabs  ", "Spaces and tabs"},
      {"", ""},
  };
  for (const CleanCase& c : cases) EXPECT_EQ(CleanSentence(c.input), c.expected);
}

TEST(CitedNumbers, ListsMarkerNumbersInOrderWithRangesExpanded) {
  EXPECT_THAT(CitedNumbers("from blood.[33,34,41,51-54]"), ElementsAre(33, 34, 41, 51, 52, 53, 54));
  EXPECT_THAT(CitedNumbers("carriers [5\xE2\x80\x93"
                           "7], as reported [12] and [5]."),
              ElementsAre(5, 6, 7, 12));
  EXPECT_THAT(CitedNumbers("tumor load.[[27](#cit/section_1.27)]"), ElementsAre(27));
  EXPECT_THAT(CitedNumbers("durable.(27)"), ElementsAre(27));
  EXPECT_THAT(CitedNumbers("series (n = 131) of 2005 (27) [MRSA]"), IsEmpty());
  EXPECT_THAT(CitedNumbers("all of them [1-500]"), ElementsAre(1, 500));
}

// Numbers at the ends of int were signed overflows (UBSan under fuzz/sentence_splitter_fuzz.cc),
// and a signed "number" was taken for a reference.
TEST(CitedNumbers, NumbersAtTheLimitsOfIntDoNotOverflow) {
  EXPECT_THAT(CitedNumbers("See [2147483647] here."), ElementsAre(2147483647));
  EXPECT_THAT(CitedNumbers("See [2147483646-2147483647]."), ElementsAre(2147483646, 2147483647));
  EXPECT_THAT(CitedNumbers("See [0-2147483647]."), ElementsAre(0, 2147483647));
  EXPECT_THAT(CitedNumbers("See [-2147483648-2147483647]."), IsEmpty());
  EXPECT_THAT(CitedNumbers("See [99999999999]."), IsEmpty());
  EXPECT_EQ(CleanSentence("A shift of [-5] here."), "A shift of [-5] here.");
}

// The words (ASCII letters and digits, with a letter) of a text in order: what CleanSentence
// must never lose.
std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  bool has_letter = false;
  for (size_t i = 0; i <= text.size(); ++i) {
    char c = i < text.size() ? text[i] : ' ';
    if (std::isalnum(static_cast<unsigned char>(c))) {
      word += c;
      has_letter = has_letter || std::isalpha(static_cast<unsigned char>(c));
      continue;
    }
    if (has_letter) words.push_back(word);
    word.clear();
    has_letter = false;
  }
  return words;
}

TEST(CleanSentence, NeverDropsAWordOfRealSentences) {
  namespace fs = std::filesystem;
  std::string dir = evident::testing::DataDir() + "/corpus/guidelines/nci";
  ASSERT_TRUE(fs::is_directory(dir)) << dir;
  std::vector<fs::path> pages;
  for (const auto& entry : fs::directory_iterator(dir)) pages.push_back(entry.path());
  std::sort(pages.begin(), pages.end());
  size_t checked = 0, changed = 0;
  for (size_t p = 0; p < pages.size(); p += 7) {
    auto contents = ReadFileContents(pages[p].string());
    ASSERT_TRUE(contents.ok()) << contents.status().ToString();
    for (const Sentence& s : SentenceSplitter().Split(*contents)) {
      // Links, tags and references legitimately drop their targets and names.
      if (s.text.find("](") != std::string_view::npos ||
          s.text.find_first_of("<&") != std::string_view::npos) {
        continue;
      }
      std::string cleaned = CleanSentence(s.text);
      ++checked;
      changed += cleaned != s.text;
      ASSERT_EQ(Words(cleaned), Words(s.text)) << pages[p].filename() << ": " << s.text;
      EXPECT_EQ(CleanSentence(cleaned), cleaned) << "not idempotent: " << s.text;
    }
  }
  EXPECT_GT(checked, 5000u);
  EXPECT_GT(changed, 100u);
}

}  // namespace
}  // namespace evident
