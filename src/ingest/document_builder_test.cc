#include "ingest/document_builder.h"

#include <gtest/gtest.h>

namespace evident {
namespace {

TEST(SectionBuilder, GroupsParagraphsUnderHeadingsAndDropsEmptySections) {
  SectionBuilder builder;
  builder.AddParagraph("  lead  text ");
  builder.StartSection("Empty");
  builder.StartSection(" Methods ");
  builder.AddParagraph("one");
  builder.AddParagraph("   ");
  builder.AddParagraph("two\n\nlines");
  builder.StartSection("Methods");  // a new section, even with the same heading
  builder.AddParagraph("three");
  std::vector<Section> sections = builder.Take();
  ASSERT_EQ(sections.size(), 3u);
  EXPECT_EQ(sections[0].heading, "");
  EXPECT_EQ(sections[0].text, "lead text");
  EXPECT_EQ(sections[1].heading, "Methods");
  EXPECT_EQ(sections[1].text, "one\n\ntwo lines");
  EXPECT_EQ(sections[2].text, "three");
  EXPECT_TRUE(builder.empty());
}

TEST(DocumentBuilder, MapsKindLabelsAndYears) {
  EXPECT_EQ(SourceKindFromLabel("Guideline", SourceKind::kResearch), SourceKind::kGuideline);
  EXPECT_EQ(SourceKindFromLabel("education", SourceKind::kGuideline), SourceKind::kConsumer);
  EXPECT_EQ(SourceKindFromLabel("article", SourceKind::kGuideline), SourceKind::kResearch);
  EXPECT_EQ(SourceKindFromLabel("other", SourceKind::kGuideline), SourceKind::kGuideline);
  EXPECT_EQ(YearFromDate("2025-12-30"), 2025);
  EXPECT_EQ(YearFromDate("2006 Feb (revised 2013 Sep 3)"), 2006);
  EXPECT_EQ(YearFromDate("n = 12345, 1999"), 1999);
  EXPECT_EQ(YearFromDate("no year"), 0);
  Document doc;
  SetCleanAttribute("grade", " B ", &doc);
  SetCleanAttribute("empty", "  ", &doc);
  EXPECT_EQ(doc.attributes.size(), 1u);
  EXPECT_EQ(doc.attributes.at("grade"), "B");
}

}  // namespace
}  // namespace evident
