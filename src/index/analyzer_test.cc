#include "index/analyzer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace evident {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::Not;

std::vector<std::string> Terms(const std::string& text) {
  Analyzer a;
  std::vector<std::string> out;
  for (const auto& t : a.Analyze(text)) out.push_back(t.term);
  return out;
}

TEST(Analyzer, LowercasesStemsAndDropsStopWords) {
  EXPECT_THAT(Terms("What are the Treatments of Metastases?"),
              ElementsAre("treatment", "metastas"));
}

TEST(Analyzer, KeepsBiomedicalCompoundsWholeAndIndexesTheirParts) {
  Analyzer a;
  auto tokens = a.Analyze("COVID-19");
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_EQ(tokens[0].term, "covid-19");
  EXPECT_FALSE(tokens[0].is_part);
  EXPECT_EQ(tokens[1].term, "covid");
  EXPECT_TRUE(tokens[1].is_part);
  EXPECT_EQ(tokens[2].term, "19");
  EXPECT_THAT(Terms("177Lu-DOTATATE"),
              ElementsAre("177lu-dotatate", "177lu", "177", "lu", "dotat"));
  EXPECT_THAT(Terms("HbA1c"), ElementsAre("hba1c"));
  EXPECT_THAT(Terms("BRCA1 mutation"), ElementsAre("brca1", "brca", "1", "mutat"));
  EXPECT_THAT(Terms("IL-6"), ElementsAre("il-6", "il", "6"));
}

TEST(Analyzer, KeepsDecimalsWholeAndEndsTokensAtSentencePunctuation) {
  EXPECT_THAT(Terms("a dose of 2.5 mg."), ElementsAre("dose", "2.5", "mg"));
  EXPECT_THAT(Terms("end. Next"), ElementsAre("end", "next"));
  EXPECT_THAT(Terms("well-known"), Contains("well-known"));
}

TEST(Analyzer, DropsPossessiveAndSplitsOnUnicodePunctuation) {
  EXPECT_THAT(Terms("Crohn's disease"), ElementsAre("crohn", "diseas"));
  // En dash and non-breaking space separate words.
  EXPECT_THAT(Terms("ankle\u2013brachial\u00a0index"), ElementsAre("ankl", "brachial", "index"));
}

TEST(Analyzer, KeepsNonAsciiLettersInsideWords) {
  EXPECT_THAT(Terms("TNF-\u03b1 Sj\u00f6gren"), Contains("tnf-\u03b1"));
  EXPECT_THAT(Terms("Sj\u00f6gren"), Not(Contains("sj")));
}

TEST(Analyzer, SurvivesGarbage) {
  Analyzer a;
  std::string junk = "\xff\xfe--..''\xe2\x80";
  junk += std::string(200, 'x');
  EXPECT_NO_THROW(a.Analyze(junk));
  EXPECT_TRUE(a.Analyze("").empty());
}

}  // namespace
}  // namespace evident
