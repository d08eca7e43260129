#include "ingest/passage_splitter.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace evident {
namespace {

using ::testing::ElementsAre;

std::string Words(int n, const std::string& word = "word") {
  std::string s;
  for (int i = 0; i < n; ++i) s += (i ? " " : "") + word;
  return s;
}

TEST(PassageSplitter, PacksShortAbstractSectionsWithTheirLabels) {
  Document doc;
  doc.id = "pmid:1";
  doc.sections = {{"BACKGROUND", "Why."}, {"METHODS", "How."}, {"RESULTS", "What."}};
  auto passages = PassageSplitter().Split(doc);
  ASSERT_EQ(passages.size(), 1u);
  EXPECT_EQ(passages[0].id, "pmid:1#0");
  EXPECT_EQ(passages[0].text, "BACKGROUND: Why.\n\nMETHODS: How.\n\nRESULTS: What.");
}

TEST(PassageSplitter, GuidelinePassagesNeverCrossHeadings) {
  Document doc;
  doc.id = "nci:x";
  doc.kind = SourceKind::kGuideline;
  doc.sections = {{"Radionuclides", "Short one."}, {"Surgery", "Another."}};
  auto passages = PassageSplitter().Split(doc);
  ASSERT_EQ(passages.size(), 2u);
  EXPECT_EQ(passages[0].heading, "Radionuclides");
  EXPECT_EQ(passages[1].heading, "Surgery");
  EXPECT_EQ(passages[1].id, "nci:x#1");
  EXPECT_EQ(passages[1].text, "Another.");
}

TEST(PassageSplitter, PacksParagraphsUpToTargetAndCutsLongOnesAtSentenceEnds) {
  Document doc;
  doc.id = "d";
  doc.kind = SourceKind::kGuideline;
  std::string long_para;
  for (int i = 0; i < 40; ++i) long_para += "Sentence " + Words(18) + " end. ";
  doc.sections = {{"H", Words(100) + "\n\n" + Words(60) + "\n\n" + Words(100)},
                  {"Long", long_para}};
  PassageSplitterOptions options;
  auto passages = PassageSplitter(options).Split(doc);
  ASSERT_GE(passages.size(), 5u);
  EXPECT_EQ(passages[0].text, Words(100) + "\n\n" + Words(60));
  for (size_t i = 2; i < passages.size(); ++i) {
    EXPECT_EQ(passages[i].heading, "Long");
    EXPECT_EQ(passages[i].text.back(), '.') << "cut inside a sentence: " << passages[i].text;
  }
}

TEST(PassageSplitter, RecordsCitedReferences) {
  Document doc;
  doc.id = "nci:y";
  doc.kind = SourceKind::kGuideline;
  doc.sections = {{"S", "A claim.[5] Another [7,9] and a range [11-13]. Not [a] or [2.5]."}};
  auto passages = PassageSplitter().Split(doc);
  ASSERT_EQ(passages.size(), 1u);
  EXPECT_THAT(passages[0].cited_refs, ElementsAre(5, 7, 9, 11, 12, 13));
}

TEST(PassageSplitter, DocumentWithoutTextBecomesItsTitle) {
  Document doc;
  doc.id = "pmid:2";
  doc.title = "A title only record";
  auto passages = PassageSplitter().Split(doc);
  ASSERT_EQ(passages.size(), 1u);
  EXPECT_EQ(passages[0].text, "A title only record");
}

}  // namespace
}  // namespace evident
