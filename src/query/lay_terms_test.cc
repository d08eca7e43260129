#include "query/lay_terms.h"

#include <gtest/gtest.h>

namespace evident {
namespace {

TEST(LayTermTable, BuiltInTableParsesAndIsSizeable) {
  EXPECT_GE(LayTermTable::BuiltIn().size(), 80u);
  EXPECT_LE(LayTermTable::BuiltIn().size(), 200u);
}

TEST(LayTermTable, MapsPatientPhrasesLongestFirst) {
  Analyzer analyzer;
  const auto& table = LayTermTable::BuiltIn();
  auto m = table.Find("Can sugar diabetes cause a heart attack?", analyzer);
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].clinical, "diabetes mellitus");
  EXPECT_EQ(m[1].clinical, "myocardial infarction");
  // Terms: sugar diabet caus heart attack -> [0, 2) and [3, 5).
  EXPECT_EQ(m[0].first_term, 0u);
  EXPECT_EQ(m[0].end_term, 2u);
  EXPECT_EQ(m[1].first_term, 3u);

  auto bp = table.Find("treatment of high blood-pressure in heart attacks", analyzer);
  ASSERT_EQ(bp.size(), 2u);
  EXPECT_EQ(bp[0].clinical, "hypertension");
  EXPECT_EQ(bp[1].clinical, "myocardial infarction");

  auto low = table.Find("What is low blood sugar?", analyzer);
  ASSERT_EQ(low.size(), 1u);
  EXPECT_EQ(low[0].clinical, "hypoglycemia");  // not "blood glucose": the longer phrase wins
}

TEST(LayTermTable, ClinicalWordsStay) {
  Analyzer analyzer;
  EXPECT_TRUE(LayTermTable::BuiltIn().Find("stroke rehabilitation", analyzer).empty());
  EXPECT_TRUE(LayTermTable::BuiltIn().Find("myocardial infarction", analyzer).empty());
}

TEST(LayTermTable, ParseReportsTheBadLine) {
  auto bad = LayTermTable::Parse("# comment\nheart attack\tmyocardial infarction\nno tab here\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().ToString().find("line 3"), std::string::npos);
  auto stop_only = LayTermTable::Parse("the of\tx\n");
  EXPECT_FALSE(stop_only.ok());
}

}  // namespace
}  // namespace evident
