#include "ingest/html_parser.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "common/testing.h"
#include "ingest/parser_test_support.h"

namespace evident {
namespace {

using testing::Headings;
using testing::ParagraphContaining;
using testing::ReadText;
using testing::RecordingSink;

constexpr size_t kNgcPages = 116;

std::string NgcDir() { return testing::DataDir() + "/corpus/guidelines/ngc"; }

// DC.identifier read independently of the parser.
std::string DcIdentifier(const std::string& html) {
  std::smatch match;
  static const std::regex kMeta(R"(<meta name="DC\.identifier" content="([^"]*)\")");
  return std::regex_search(html, match, kMeta) ? match[1].str() : "";
}

Document ParseOneHtmlPage(const std::string& path) {
  RecordingSink sink;
  Status status = ParseGuidelineHtmlFile(path, sink);
  EXPECT_TRUE(status.ok()) << status.ToString();
  EXPECT_TRUE(sink.errors.empty()) << sink.ErrorSummary();
  EXPECT_EQ(sink.docs.size(), 1u) << path;
  return sink.docs.empty() ? Document() : sink.docs.front();
}

TEST(GuidelineHtmlParser, ParsesEveryNgcPageIntoOneDocumentWithItsIdentifier) {
  size_t pages = 0;
  for (const auto& entry : std::filesystem::directory_iterator(NgcDir())) {
    if (entry.path().extension() != ".html") continue;
    ++pages;
    std::string path = entry.path().string();
    Document doc = ParseOneHtmlPage(path);
    EXPECT_EQ(doc.id, DcIdentifier(ReadText(path))) << path;
    EXPECT_EQ(doc.id, entry.path().stem().string());
    EXPECT_EQ(doc.kind, SourceKind::kGuideline);
    EXPECT_FALSE(doc.title.empty()) << path;
    EXPECT_FALSE(doc.source.empty()) << path;
    EXPECT_GT(doc.year, 1990) << path;
    std::vector<std::string> headings = Headings(doc);
    EXPECT_NE(std::find(headings.begin(), headings.end(), "Major Recommendations"), headings.end())
        << path;
    testing::ExpectCleanDocument(doc);
  }
  EXPECT_EQ(pages, kNgcPages);
}

TEST(GuidelineHtmlParser, ReadsMetadataFromMetaTags) {
  Document doc = ParseOneHtmlPage(NgcDir() + "/ngc-10008.html");
  EXPECT_EQ(doc.id, "ngc-10008");
  EXPECT_EQ(doc.title,
            "Screening for peripheral artery disease and cardiovascular disease risk assessment "
            "with the ankle–brachial index in adults: U.S. Preventive Services Task Force "
            "recommendation statement.");
  EXPECT_EQ(doc.source, "U.S. Preventive Services Task Force");
  EXPECT_EQ(doc.attributes.at("publisher"),
            "U.S. Preventive Services Task Force - Independent Expert Panel");
  EXPECT_EQ(doc.year, 2013);
  EXPECT_EQ(doc.date, "2013-09-03");  // "2006 Feb (revised 2013 Sep 3)"
  EXPECT_EQ(doc.attributes.at("dc_date"), "2006 Feb (revised 2013 Sep 3)");
  EXPECT_EQ(doc.pmid, "24026320");
  EXPECT_EQ(doc.url, "https://pubmed.ncbi.nlm.nih.gov/24026320/");
  EXPECT_EQ(doc.audience, "professional");
}

TEST(GuidelineHtmlParser, SplitsJoinedPublisherLists) {
  Document doc = ParseOneHtmlPage(NgcDir() + "/ngc-10511.html");
  EXPECT_EQ(doc.source,
            "Department of Defense; Department of Veterans Affairs; Veterans Health "
            "Administration");
  EXPECT_EQ(doc.url, "");  // no PMID
  EXPECT_EQ(doc.date, "2014");
}

TEST(GuidelineHtmlParser, BuildsSectionsParagraphsAndTableRows) {
  Document doc = ParseOneHtmlPage(NgcDir() + "/ngc-10008.html");
  std::vector<std::string> headings = Headings(doc);
  ASSERT_FALSE(headings.empty());
  EXPECT_EQ(headings.front(), "Major Recommendations");
  EXPECT_EQ(headings.back(), "Bibliographic Source(s)");
  const std::string& major = doc.sections.front().text;
  EXPECT_TRUE(major.starts_with(
      "The U.S. Preventive Services Task Force (USPSTF) grades its recommendations (A, B, C, D, "
      "or I) and identifies the levels of certainty regarding net benefit (High, Moderate, and "
      "Low)."))
      << major.substr(0, 300);
  // <p><strong>...</strong></p> stays a short line of its own; entities are decoded.
  EXPECT_EQ(ParagraphContaining(doc, "Assessment of Risk"), "Assessment of Risk");
  EXPECT_NE(ParagraphContaining(doc, "the ankle–brachial index (ABI) in adults. (I statement)"),
            "");
  EXPECT_NE(ParagraphContaining(doc, "(typically defined as <0.9)"), "");
  // Table rows: cells joined; "I<br />Statement" within a cell; a list inside a cell.
  EXPECT_EQ(ParagraphContaining(doc, "Discourage the use"),
            "D; The USPSTF recommends against the service. There is moderate or high certainty "
            "that the service has no net benefit or that the harms outweigh the benefits. "
            "Discourage the use of this service.");
  EXPECT_TRUE(ParagraphContaining(doc,
                                  "The USPSTF concludes that the current evidence is "
                                  "insufficient to assess the balance of benefits and harms "
                                  "of the service.")
                  .starts_with("I Statement; "));
  EXPECT_NE(ParagraphContaining(doc,
                                "such as: The number, size, or quality of individual "
                                "studies; Inconsistency of findings"),
            "");
  // <li> items are paragraphs.
  EXPECT_EQ(ParagraphContaining(doc, "makes recommendations about the effectiveness"),
            "The USPSTF makes recommendations about the effectiveness of specific preventive care "
            "services for patients without related signs or symptoms.");
}

TEST(GuidelineHtmlParser, ReportsPagesWithoutIdentifierOrTitle) {
  RecordingSink sink;
  ASSERT_TRUE(
      ParseGuidelineHtmlBuffer("<html><head><meta name=\"citation_title\" content=\"T\"></head>"
                               "<body><section><h2>H</h2><p>Text</p></section></body></html>",
                               "noid.html", sink)
          .ok());
  ASSERT_TRUE(ParseGuidelineHtmlBuffer(
                  "<html><head>\n<meta name=\"DC.identifier\" content=\"ngc-1\"></head>"
                  "<body><p>Text</p></body></html>",
                  "notitle.html", sink)
                  .ok());
  ASSERT_TRUE(ParseGuidelineHtmlBuffer("", "empty.html", sink).ok());
  EXPECT_TRUE(sink.docs.empty());
  ASSERT_EQ(sink.errors.size(), 3u);
  EXPECT_EQ(sink.errors[0].path, "noid.html");
  EXPECT_EQ(sink.errors[0].position, "line 1");
  EXPECT_NE(sink.errors[0].message.find("DC.identifier"), std::string::npos);
  EXPECT_NE(sink.errors[1].message.find("no title"), std::string::npos);
  EXPECT_EQ(sink.errors[2].path, "empty.html");
}

TEST(GuidelineHtmlParser, FallsBackToTheTitleElementAndRecoversBrokenMarkup) {
  RecordingSink sink;
  std::string html =
      "<html><head><title>Fallback &amp; title</title>"
      "<meta name=\"DC.identifier\" content=\"ngc-2\"><meta name=\"DC.date\" content=\"2016 Jan\">"
      "</head><body><h1>Fallback</h1><p>Loose <em>text</p><section><h2>First</h2>"
      "<p>One<br>Two <span>three</span><script>var x = '<p>';</script><div>Four";
  ASSERT_TRUE(ParseGuidelineHtmlBuffer(html, "broken.html", sink).ok());
  ASSERT_EQ(sink.docs.size(), 1u) << sink.ErrorSummary();
  const Document& doc = sink.docs[0];
  EXPECT_EQ(doc.title, "Fallback & title");
  EXPECT_EQ(doc.date, "2016-01");
  EXPECT_EQ(doc.year, 2016);
  ASSERT_EQ(doc.sections.size(), 2u);
  EXPECT_EQ(doc.sections[0].heading, "");
  EXPECT_EQ(doc.sections[0].text, "Loose text");
  EXPECT_EQ(doc.sections[1].heading, "First");
  EXPECT_EQ(doc.sections[1].text, "One\n\nTwo three\n\nFour");
}

TEST(GuidelineHtmlParser, ReplacesInvalidUtf8) {
  RecordingSink sink;
  std::string html =
      "<html><head><meta name=\"DC.identifier\" content=\"ngc-3\">"
      "<meta name=\"citation_title\" content=\"Bad \xC3\x28 title\"></head>"
      "<body><section><h2>H\xFF</h2><p>Text \xE2\x82 end</p></section></body></html>";
  ASSERT_TRUE(ParseGuidelineHtmlBuffer(html, "utf8.html", sink).ok());
  ASSERT_EQ(sink.docs.size(), 1u) << sink.ErrorSummary();
  const Document& doc = sink.docs[0];
  EXPECT_EQ(doc.title, "Bad \uFFFD( title");
  ASSERT_EQ(doc.sections.size(), 1u);
  EXPECT_EQ(doc.sections[0].heading, "H\uFFFD");
  EXPECT_EQ(doc.sections[0].text, "Text \uFFFD end");
}

TEST(GuidelineHtmlParser, FailsOnlyWhenTheFileCannotBeRead) {
  RecordingSink sink;
  EXPECT_FALSE(ParseGuidelineHtmlFile(testing::TempDir() + "/missing.html", sink).ok());
  EXPECT_TRUE(sink.errors.empty());
}

}  // namespace
}  // namespace evident
