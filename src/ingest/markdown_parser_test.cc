#include "ingest/markdown_parser.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "common/testing.h"
#include "ingest/parser_test_support.h"

namespace evident {
namespace {

using testing::ParagraphContaining;
using testing::ReadText;
using testing::RecordingSink;

constexpr size_t kNciPages = 1378;
constexpr size_t kUspstfPages = 137;

std::string GuidelinesDir() { return testing::DataDir() + "/corpus/guidelines"; }
std::string GiNetPath() {
  return GuidelinesDir() +
         "/nci/types_gi-neuroendocrine-tumors_hp_gi-neuroendocrine-treatment-pdq.md";
}

// The id line of a page's front matter, read independently of the parser: id: "nci:..." .
std::string FrontMatterId(const std::string& text) {
  std::smatch match;
  static const std::regex kIdLine(R"(\nid:\s*"([^"]*)\")");
  return std::regex_search(text, match, kIdLine) ? match[1].str() : "";
}

Document ParseOneMarkdownPage(const std::string& path) {
  RecordingSink sink;
  Status status = ParseMarkdownFile(path, sink);
  EXPECT_TRUE(status.ok()) << status.ToString();
  EXPECT_TRUE(sink.errors.empty()) << sink.ErrorSummary();
  EXPECT_EQ(sink.docs.size(), 1u) << path;
  return sink.docs.empty() ? Document() : sink.docs.front();
}

const Section* FindSection(const Document& doc, const std::string& heading) {
  for (const auto& section : doc.sections) {
    if (section.heading == heading) return &section;
  }
  return nullptr;
}

// Every "[n]", "[n,m]", "[n-m]" citation in `text` names a reference of the document.
void ExpectCitationsResolve(const Document& doc, const std::string& text) {
  static const std::regex kCitation(R"(\[(\d+(?:[,-]\d+)*)\])");
  static const std::regex kNumber(R"(\d+)");
  for (std::sregex_iterator it(text.begin(), text.end(), kCitation), end; it != end; ++it) {
    std::string group = (*it)[1].str();
    for (std::sregex_iterator n(group.begin(), group.end(), kNumber); n != end; ++n) {
      int number = std::stoi(n->str());
      EXPECT_GE(number, 1) << doc.id;
      EXPECT_LE(number, static_cast<int>(doc.references.size())) << doc.id << ": " << group;
    }
  }
}

void ParseDirectory(const std::string& dir, size_t expected_pages) {
  size_t pages = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".md") continue;
    ++pages;
    std::string path = entry.path().string();
    Document doc = ParseOneMarkdownPage(path);
    EXPECT_EQ(doc.id, FrontMatterId(ReadText(path))) << path;
    EXPECT_FALSE(doc.title.empty()) << path;
    EXPECT_FALSE(doc.sections.empty()) << path;
    EXPECT_FALSE(doc.source.empty()) << path;
    testing::ExpectCleanDocument(doc);
    for (size_t i = 0; i < doc.references.size(); ++i) {
      EXPECT_EQ(doc.references[i].number, static_cast<int>(i) + 1) << path;
    }
    for (const auto& section : doc.sections) {
      EXPECT_EQ(section.text.find("#cit/"), std::string::npos) << path;
      EXPECT_EQ(section.text.find("]("), std::string::npos) << path;
      EXPECT_EQ(section.text.find("Go to Patient Version"), std::string::npos) << path;
      ExpectCitationsResolve(doc, section.text);
    }
  }
  EXPECT_EQ(pages, expected_pages);
}

// ---------------------------------------------------------------------------------------------
// The real pages.

TEST(MarkdownParser, ParsesEveryNciPageIntoOneDocumentWithItsFrontMatterId) {
  ParseDirectory(GuidelinesDir() + "/nci", kNciPages);
}

TEST(MarkdownParser, ParsesEveryUspstfPageIntoOneDocumentWithItsFrontMatterId) {
  ParseDirectory(GuidelinesDir() + "/uspstf", kUspstfPages);
}

TEST(MarkdownParser, RenumbersPdqReferencesAcrossSections) {
  Document doc = ParseOneMarkdownPage(GiNetPath());
  EXPECT_EQ(doc.id, "nci:types:gi-neuroendocrine-tumors:hp:gi-neuroendocrine-treatment-pdq");
  // 10 reference lists, each numbered from 1 in the file.
  std::string text = ReadText(GiNetPath());
  size_t numbered_items = 0;
  bool in_references = false;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with("#")) in_references = line == "###### References";
    if (in_references && std::regex_search(line, std::regex(R"(^\d+\. )"))) ++numbered_items;
  }
  ASSERT_EQ(doc.references.size(), numbered_items);

  // "n = 131" cites [[27](#cit/section_4.27)]: Kwekkeboom 2005, PMID 15837990.
  auto kwekkeboom = std::find_if(doc.references.begin(), doc.references.end(),
                                 [](const Reference& r) { return r.pmid == "15837990"; });
  ASSERT_NE(kwekkeboom, doc.references.end());
  EXPECT_TRUE(
      kwekkeboom->citation.starts_with("Kwekkeboom DJ, Teunissen JJ, Bakker WH, et al.: "
                                       "Radiolabeled somatostatin analog"));
  EXPECT_EQ(kwekkeboom->citation.find("PUBMED"), std::string::npos);
  const Section* radionuclides = FindSection(doc, "Radionuclides");
  ASSERT_NE(radionuclides, nullptr);
  std::string sentence = ParagraphContaining(doc, "(n = 131;");
  EXPECT_NE(
      sentence.find("limited hepatic tumor load.[" + std::to_string(kwekkeboom->number) + "]"),
      std::string::npos)
      << sentence;
  // [[1](#cit/section_4.1)] in the same paragraph: the first entry of the fourth list.
  auto modlin = std::find_if(doc.references.begin(), doc.references.end(),
                             [](const Reference& r) { return r.pmid == "16630755"; });
  ASSERT_NE(modlin, doc.references.end());
  EXPECT_NE(sentence.find("tumor stability (~70%).[" + std::to_string(modlin->number) + "]"),
            std::string::npos);
  // Ranges and lists keep their form: [[3](#cit/section_1.3)-[5](#cit/section_1.5)].
  EXPECT_NE(ParagraphContaining(doc, "ovary, and testis.[3-5]"), "");
  EXPECT_NE(ParagraphContaining(doc, "2 per 100,000 people.[1,2]"), "");
}

TEST(MarkdownParser, ReadsPdqMetadataAndHeadings) {
  Document doc = ParseOneMarkdownPage(GiNetPath());
  EXPECT_EQ(doc.title, "Gastrointestinal Neuroendocrine Tumors (PDQ®) - NCI");
  EXPECT_EQ(doc.source, "National Cancer Institute");
  EXPECT_EQ(doc.kind, SourceKind::kGuideline);
  EXPECT_EQ(doc.audience, "professional");
  EXPECT_EQ(doc.url,
            "https://www.cancer.gov/types/gi-neuroendocrine-tumors/hp/"
            "gi-neuroendocrine-treatment-pdq");
  EXPECT_EQ(doc.date, "2025-12-30");
  EXPECT_EQ(doc.year, 2025);
  EXPECT_TRUE(doc.attributes.at("license").starts_with("public domain"));
  // Sub-headings carry their parent when short; the H1 title lines are not body text.
  EXPECT_NE(FindSection(doc, "Epidemiology"), nullptr);
  EXPECT_NE(FindSection(doc, "Histology: Histopathology"), nullptr);
  EXPECT_NE(FindSection(doc, "Imaging: Somatostatin receptor scintigraphy"), nullptr);
  EXPECT_NE(FindSection(doc, "Treatment of Gastric Neuroendocrine Tumors: Current Clinical Trials"),
            nullptr);
  EXPECT_EQ(FindSection(doc, "References"), nullptr);
  EXPECT_EQ(ParagraphContaining(doc, "Health Professional Version"), "");
  // Tables become rows of cells.
  EXPECT_NE(ParagraphContaining(doc, "Stage; TNM; Description"), "");
  EXPECT_EQ(ParagraphContaining(doc, "I; T1, N0, M0; T1 = Invades the lamina propria"),
            "I; T1, N0, M0; T1 = Invades the lamina propria or submucosa and ≤1 cm in size.b");
}

TEST(MarkdownParser, KeepsPatientPdqPagesAsGuidelinesForPatients) {
  Document doc = ParseOneMarkdownPage(GuidelinesDir() +
                                      "/nci/about-cancer_treatment_cam_patient_714-x-pdq.md");
  EXPECT_EQ(doc.kind, SourceKind::kGuideline);
  EXPECT_EQ(doc.audience, "patient");
  ASSERT_FALSE(doc.sections.empty());
  EXPECT_EQ(doc.sections[0].heading, "Overview");
  // "[Go to Health Professional Version](...)" is navigation, not text; list items and the
  // numbered questions are paragraphs of their own, without their markers.
  EXPECT_EQ(ParagraphContaining(doc, "Go to Health Professional"), "");
  EXPECT_EQ(ParagraphContaining(doc, "The main ingredient of 714-X"),
            "The main ingredient of 714-X is camphor, which comes from the wood and bark of the "
            "camphor tree (see Question 1).");
  EXPECT_EQ(ParagraphContaining(doc, "What is 714-X?"), "What is 714-X?");
}

TEST(MarkdownParser, MapsEducationPagesToConsumerKind) {
  Document doc = ParseOneMarkdownPage(GuidelinesDir() + "/nci/about-cancer_treatment_cam.md");
  EXPECT_EQ(doc.kind, SourceKind::kConsumer);
  EXPECT_EQ(doc.attributes.at("kind"), "education");
  EXPECT_EQ(doc.sections[0].heading, "Complementary and Alternative Medicine");
  EXPECT_EQ(ParagraphContaining(doc, "Photo collage"), "");  // image alt text is dropped
  EXPECT_EQ(ParagraphContaining(doc, "comfort themselves"),
            "comfort themselves and ease the worries of cancer treatment and related stress");
}

TEST(MarkdownParser, ReadsUspstfRecommendations) {
  Document doc = ParseOneMarkdownPage(GuidelinesDir() + "/uspstf/uspstf-120.md");
  EXPECT_EQ(doc.id, "uspstf:120");
  EXPECT_EQ(doc.title, "Glaucoma: Screening -- Adults");
  EXPECT_EQ(doc.source, "U.S. Preventive Services Task Force");
  EXPECT_EQ(doc.kind, SourceKind::kGuideline);
  EXPECT_EQ(doc.url, "");
  EXPECT_EQ(doc.year, 0);
  EXPECT_EQ(doc.attributes.at("grade"), "I");
  EXPECT_EQ(doc.attributes.at("age_range"), "18, 100");
  EXPECT_EQ(doc.attributes.at("sex"), "men and women");
  ASSERT_GE(doc.sections.size(), 2u);
  EXPECT_EQ(doc.sections[0].heading, "Glaucoma: Screening -- Adults");
  EXPECT_TRUE(doc.sections[0].text.starts_with("Grade I\n\nThe USPSTF concludes"));
  EXPECT_EQ(doc.sections[1].heading, "Risk assessment");
}

// ---------------------------------------------------------------------------------------------
// Inline pages.

constexpr char kSmallPage[] = R"(---
id: "test:page"
title: "A \"quoted\" page"
issuer: 'Issuer'
kind: "guideline"
audience: "professional"
last_reviewed: "2024-05-06"
grade: "B"
age_range: [40, "75"]
---

# A page

# A page (PDQ®)

## Chapter One

### Overview

Text **bold**, *em*, _em_, snake_case, 2 * 3, a [link](https://x.org/a "t"), ![img](i.png)an
image, &amp; &ndash; &#x3B1; <sup>sup</sup> \*star\* and <https://auto.link/x>.[[1](#cit/section_1.1),[2](#cit/section_1.2)]

- item one
- item [two](/two)
12. numbered
continued line

| Head A | Head B |
| --- | --- |
|  |  |
| a1 | b1 |

###### References

1. Ref one. [[PUBMED Abstract]](http://www.ncbi.nlm.nih.gov/entrez/query.fcgi?cmd=Retrieve&db=PubMed&list_uids=111&dopt=Abstract "x")
2. Ref *two*,
continued.

## Chapter Two With A Heading So Long That Its Children Are Never Prefixed With It

[Go to Patient Version](/patient)

### Child

Cites [[1](#cit/section_2.1)-[2](#cit/section_2.2)] and [[9](#cit/section_2.9)] only. Screened
for 13 years ([4](#r4)): yes (IsoPSA [[6](#r6)]).

###### References

1. Ref three. [[PUBMED Abstract]](http://www.ncbi.nlm.nih.gov/entrez/query.fcgi?cmd=Retrieve&db=PubMed&list_uids=333&dopt=Abstract)
2. Ref four.
)";

TEST(MarkdownParser, StripsMarkupAndSplitsBlocks) {
  RecordingSink sink;
  ASSERT_TRUE(ParseMarkdownBuffer(kSmallPage, "small.md", sink).ok());
  ASSERT_TRUE(sink.errors.empty()) << sink.ErrorSummary();
  ASSERT_EQ(sink.docs.size(), 1u);
  const Document& doc = sink.docs[0];
  EXPECT_EQ(doc.id, "test:page");
  EXPECT_EQ(doc.title, "A \"quoted\" page");
  EXPECT_EQ(doc.source, "Issuer");
  EXPECT_EQ(doc.date, "2024-05-06");
  EXPECT_EQ(doc.year, 2024);
  EXPECT_EQ(doc.attributes.at("grade"), "B");
  EXPECT_EQ(doc.attributes.at("age_range"), "40, 75");
  ASSERT_EQ(doc.sections.size(), 2u);
  EXPECT_EQ(doc.sections[0].heading, "Chapter One: Overview");
  EXPECT_EQ(doc.sections[0].text,
            "Text bold, em, em, snake_case, 2 * 3, a link, an image, & – α sup *star* and "
            "https://auto.link/x.[1,2]\n\n"
            "item one\n\nitem two\n\nnumbered continued line\n\nHead A; Head B\n\na1; b1");
  EXPECT_EQ(doc.sections[1].heading, "Child");
  EXPECT_EQ(doc.sections[1].text, "Cites [3-4] and only. Screened for 13 years: yes (IsoPSA).");
  testing::ExpectCleanDocument(doc);
}

TEST(MarkdownParser, CollectsReferencesWithPmidAndCleanCitation) {
  RecordingSink sink;
  ASSERT_TRUE(ParseMarkdownBuffer(kSmallPage, "small.md", sink).ok());
  ASSERT_EQ(sink.docs.size(), 1u);
  const auto& refs = sink.docs[0].references;
  ASSERT_EQ(refs.size(), 4u);
  EXPECT_EQ(refs[0].number, 1);
  EXPECT_EQ(refs[0].pmid, "111");
  EXPECT_EQ(refs[0].citation, "Ref one.");
  EXPECT_EQ(refs[1].pmid, "");
  EXPECT_EQ(refs[1].citation, "Ref two, continued.");
  EXPECT_EQ(refs[2].number, 3);
  EXPECT_EQ(refs[2].pmid, "333");
  EXPECT_EQ(refs[3].citation, "Ref four.");
}

TEST(MarkdownParser, ReportsPagesWithoutFrontMatterOrId) {
  RecordingSink sink;
  ASSERT_TRUE(ParseMarkdownBuffer("# Just a heading\n\nText.\n", "bare.md", sink).ok());
  ASSERT_TRUE(ParseMarkdownBuffer("---\ntitle: \"No id\"\n---\n\nText.\n", "noid.md", sink).ok());
  ASSERT_TRUE(
      ParseMarkdownBuffer("---\nid: \"x\"\ntitle: \"Open\"\n\nText.\n", "open.md", sink).ok());
  ASSERT_TRUE(ParseMarkdownBuffer("---\nid: \"empty\"\n---\n", "empty.md", sink).ok());
  ASSERT_TRUE(ParseMarkdownBuffer("", "nothing.md", sink).ok());
  EXPECT_TRUE(sink.docs.empty());
  ASSERT_EQ(sink.errors.size(), 5u);
  EXPECT_EQ(sink.errors[0].path, "bare.md");
  EXPECT_EQ(sink.errors[0].position, "line 1");
  EXPECT_NE(sink.errors[0].message.find("no front matter"), std::string::npos);
  EXPECT_NE(sink.errors[1].message.find("no id"), std::string::npos);
  EXPECT_NE(sink.errors[2].message.find("not closed"), std::string::npos);
  EXPECT_NE(sink.errors[3].message.find("neither title nor text"), std::string::npos);
}

TEST(MarkdownParser, ReplacesInvalidUtf8AndSurvivesBrokenMarkup) {
  std::string page =
      "---\nid: \"bad\"\ntitle: \"T\xC3\"\n---\n\n## H\xFF\n\nText \xE2\x82 end "
      "[unclosed link(x) [[1](#cit/section_1.1) <b attr=\"x ![a](";
  RecordingSink sink;
  ASSERT_TRUE(ParseMarkdownBuffer(page, "bad.md", sink).ok());
  ASSERT_EQ(sink.docs.size(), 1u) << sink.ErrorSummary();
  const Document& doc = sink.docs[0];
  EXPECT_EQ(doc.title, "T\uFFFD");
  ASSERT_EQ(doc.sections.size(), 1u);
  EXPECT_EQ(doc.sections[0].heading, "H\uFFFD");
  EXPECT_EQ(ToValidUtf8(doc.sections[0].text), doc.sections[0].text);
  EXPECT_TRUE(doc.sections[0].text.starts_with("Text \uFFFD end"));
}

TEST(MarkdownParser, FailsOnlyWhenTheFileCannotBeRead) {
  RecordingSink sink;
  Status status = ParseMarkdownFile(testing::TempDir() + "/missing.md", sink);
  EXPECT_FALSE(status.ok());
  EXPECT_TRUE(sink.errors.empty());
}

}  // namespace
}  // namespace evident
