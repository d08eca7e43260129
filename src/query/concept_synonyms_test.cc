#include "query/concept_synonyms.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "index/analyzer.h"

namespace evident {
namespace {

std::vector<std::string> Terms(const std::vector<ConceptSynonym>& synonyms) {
  std::vector<std::string> terms;
  for (const auto& s : synonyms) terms.push_back(s.term);
  return terms;
}

TEST(ConceptSynonymTable, BuiltInTableParsesAndIsSmall) {
  EXPECT_GE(ConceptSynonymTable::BuiltIn().size(), 40u);
  EXPECT_LE(ConceptSynonymTable::BuiltIn().size(), 150u);
}

TEST(ConceptSynonymTable, OrgansAndTheirAdjectivesFindEachOther) {
  const auto& table = ConceptSynonymTable::BuiltIn();
  Analyzer analyzer;
  const std::string liver = analyzer.NormalizeWord("liver");
  const std::string hepatic = analyzer.NormalizeWord("hepatic");
  ASSERT_EQ(table.SynonymsOf(liver).size(), 1u);
  EXPECT_EQ(table.SynonymsOf(liver)[0].word, "hepatic");
  EXPECT_EQ(table.SynonymsOf(liver)[0].term, hepatic);
  EXPECT_EQ(Terms(table.SynonymsOf(hepatic)), std::vector<std::string>{liver});
  // Plurals are the same term.
  EXPECT_EQ(Terms(table.SynonymsOf(analyzer.NormalizeWord("kidneys"))),
            std::vector<std::string>{analyzer.NormalizeWord("renal")});
  EXPECT_TRUE(table.SynonymsOf(analyzer.NormalizeWord("metastases")).empty());
}

TEST(ConceptSynonymTable, AWordOnSeveralLinesHasTheWordsOfAll) {
  Analyzer analyzer;
  auto others =
      Terms(ConceptSynonymTable::BuiltIn().SynonymsOf(analyzer.NormalizeWord("esophagus")));
  for (const char* w : {"esophageal", "oesophagus"}) {
    EXPECT_NE(std::find(others.begin(), others.end(), analyzer.NormalizeWord(w)), others.end())
        << w;
  }
}

TEST(ConceptSynonymTable, ParseReportsTheBadLine) {
  auto one = ConceptSynonymTable::Parse("# comment\nliver\thepatic\nkidney\n");
  ASSERT_FALSE(one.ok());
  EXPECT_NE(one.status().ToString().find("line 3"), std::string::npos);
  EXPECT_FALSE(ConceptSynonymTable::Parse("liver\tthe\n").ok());             // a stop word
  EXPECT_FALSE(ConceptSynonymTable::Parse("liver\thepatic tissue\n").ok());  // two words
  EXPECT_FALSE(ConceptSynonymTable::Parse("prostate\tprostatic\n").ok());    // one stem
  auto ok = ConceptSynonymTable::Parse("liver\thepatic\r\n\n");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->size(), 1u);
}

}  // namespace
}  // namespace evident
