#include "server/page_renderer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>

#include "common/testing.h"
#include "server/fake_answer_service.h"
#include "server/html_escape.h"
#include "server/tidy_check.h"
#include "server/web_assets.h"

namespace evident {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

nlohmann::json FakeArticle(const std::string& question, Audience audience = Audience::kPhysician) {
  testing::FakeAnswerStats stats;
  auto service = testing::FakeAnswerServiceFactory(testing::TempDir() + "/e.db", &stats)();
  AskRequest request;
  request.question = question;
  request.audience = audience;
  return ArticleToJson(*(*service)->Ask(request));
}

// What the Content-Security-Policy forbids, and what escaping must prevent.
void ExpectNoInlineCodeOrRawSource(const std::string& html) {
  EXPECT_THAT(html, Not(HasSubstr("<script>alert")));
  EXPECT_THAT(html, Not(HasSubstr("\"onmouseover")));
  EXPECT_THAT(html, Not(HasSubstr("javascript:")));
  EXPECT_FALSE(std::regex_search(html, std::regex(R"(<script(?![^>]*\ssrc=))")))
      << "inline <script>";
  EXPECT_FALSE(std::regex_search(html, std::regex(R"(\son[a-z]+\s*=)", std::regex::icase)))
      << "event handler attribute";
  EXPECT_FALSE(std::regex_search(html, std::regex(R"(\sstyle\s*=)"))) << "inline style";
  EXPECT_THAT(html, Not(HasSubstr("<style")));
}

void ExpectValidHtml(const std::string& html) {
  auto tidy = testing::TidyCheck(html);
  if (!tidy.available) GTEST_SKIP() << "tidy is not installed (scripts/setup installs it)";
  EXPECT_TRUE(tidy.ok()) << "tidy exit " << tidy.exit_code << ":\n" << tidy.errors;
}

TEST(Templates, EscapeEveryValue) {
  int templates = 0;
  for (const auto& asset : WebAssets()) {
    if (asset.path.rfind("templates/", 0) != 0) continue;
    ++templates;
    EXPECT_EQ(asset.data.find("{{{"), std::string_view::npos) << asset.path;
    EXPECT_EQ(asset.data.find("{{&"), std::string_view::npos) << asset.path;
  }
  EXPECT_GE(templates, 8);
}

TEST(PageRenderer, ArticleShowsEverySectionOfTheProduct) {
  PageRenderer pages;
  auto article = FakeArticle("What is the role of Lu-177 DOTATATE in liver metastases?");
  std::string html = pages.Article(article, {Audience::kPhysician, "conv1"});
  EXPECT_THAT(html, HasSubstr("<h1 id=\"article-title\">What is the role of Lu-177 DOTATATE"));
  EXPECT_THAT(html,
              HasSubstr("Educational purpose only</strong> • content is pending human review"));
  EXPECT_THAT(html, HasSubstr("Current step: </span>Submitted"));
  EXPECT_THAT(html, HasSubstr("<time datetime=\"2026-11-27\">27 November 2026</time>"));
  EXPECT_THAT(html, HasSubstr("href=\"/editorial-policy\">View editorial policy"));
  EXPECT_THAT(html, HasSubstr("Which best describes you?"));
  EXPECT_THAT(html, HasSubstr("value=\"physician\" checked"));
  EXPECT_THAT(html, HasSubstr("Patient or caregiver"));
  EXPECT_THAT(html, HasSubstr(">From the Guidelines</h2>"));
  EXPECT_THAT(html, HasSubstr("<h3>Key points</h3>"));
  EXPECT_THAT(html, HasSubstr(">From the Research</h2>"));
  EXPECT_THAT(html, HasSubstr("<h3>Efficacy</h3>"));
  EXPECT_THAT(html, HasSubstr("<a class=\"cite\" href=\"#ref-1\" title=\"GI Neuroendocrine Tumors "
                              "Treatment (PDQ®) — National Cancer Institute, 2025\""));
  EXPECT_THAT(html, HasSubstr(">Evidence overview</h2>"));
  EXPECT_THAT(html, HasSubstr("<svg xmlns=\"http://www.w3.org/2000/svg\""));
  EXPECT_THAT(html, HasSubstr("<td>131</td>"));
  EXPECT_THAT(html, HasSubstr("<li id=\"ref-2\""));
  EXPECT_THAT(html, HasSubstr("href=\"https://pubmed.ncbi.nlm.nih.gov/15837990/\""));
  EXPECT_THAT(html,
              HasSubstr("href=\"https://doi.org/10.1000/xyz\" rel=\"noopener noreferrer\">DOI "
                        "10.1000/xyz"));
  EXPECT_THAT(html, HasSubstr("cited by <a href=\"#ref-1\">[1]</a>"));
  EXPECT_THAT(html, HasSubstr(EscapeHtml(Disclaimer(Audience::kPhysician))));
  EXPECT_THAT(html, HasSubstr("Have a follow-up question?"));
  EXPECT_THAT(html, HasSubstr("name=\"conversation_id\" value=\"conv1\""));
  EXPECT_THAT(html,
              HasSubstr("name=\"context\" value=\"role-of-lu-177-dotatate-in-liver-metastases\""));
}

TEST(PageRenderer, SourceTextIsEscapedEverywhere) {
  PageRenderer pages;
  std::string html =
      pages.Article(FakeArticle("Is <script>alert(1)</script> safe?"), {Audience::kPatient, ""});
  EXPECT_THAT(html, HasSubstr("&lt;script&gt;alert(1)&lt;/script&gt; improved PFS."));
  EXPECT_THAT(html, HasSubstr("&quot;onmouseover=alert(1)"));
  EXPECT_THAT(html,
              HasSubstr("Lead sentence about &lt;b&gt;physician&lt;/b&gt; care &amp; dosing."));
  EXPECT_THAT(html, HasSubstr("<title>Is &lt;script&gt;alert(1)&lt;/script&gt; safe? · Evident"));
  ExpectNoInlineCodeOrRawSource(html);
}

TEST(PageRenderer, PatientVersionHasThePatientDisclaimer) {
  PageRenderer pages;
  std::string html = pages.Article(FakeArticle("How is hepatitis C treated?", Audience::kPatient),
                                   {Audience::kPatient, ""});
  EXPECT_THAT(html, HasSubstr("value=\"patient\" checked"));
  EXPECT_THAT(html, HasSubstr(EscapeHtml(Disclaimer(Audience::kPatient))));
  EXPECT_THAT(html, HasSubstr(">Please note</h2>"));
}

TEST(PageRenderer, NotAnswerableShowsTheNearestTopicsInsteadOfAnAnswer) {
  PageRenderer pages;
  std::string html = pages.Article(FakeArticle("An unanswerable question"), {});
  EXPECT_THAT(html, HasSubstr("Not enough evidence to answer"));
  EXPECT_THAT(html, HasSubstr("The corpus holds no good evidence for this question."));
  EXPECT_THAT(html,
              HasSubstr("<a href=\"/search?q=Neuroendocrine%20tumors%20%26%20%3Cliver%3E%20"
                        "metastases\">Neuroendocrine tumors &amp; &lt;liver&gt; metastases</a>"));
  EXPECT_THAT(html, Not(HasSubstr("From the Guidelines")));
  ExpectValidHtml(html);
}

// An article citing a source retracted since it was reviewed says so at the top, and the
// reference says which notice retracted it.
nlohmann::json ArticleWithWithdrawnEvidence() {
  nlohmann::json article = FakeArticle("How is hepatitis C treated?");
  article["status"] = "approved";
  article["withdrawn_evidence"] = true;
  article["references"][2]["retracted"] = true;
  article["references"][2]["retraction_notice"] = "pmid:777";
  article["references"][0]["removed"] = true;
  return article;
}

TEST(PageRenderer, WithdrawnEvidenceIsShownOnTheArticle) {
  PageRenderer pages;
  std::string html = pages.Article(ArticleWithWithdrawnEvidence(), {Audience::kPhysician, ""});
  EXPECT_THAT(html, HasSubstr("class=\"withdrawn-note\" role=\"alert\""));
  EXPECT_THAT(html, HasSubstr("The article is back in medical review"));
  EXPECT_THAT(html, HasSubstr("<strong class=\"retracted\">Retracted</strong> — see notice "
                              "<a href=\"https://pubmed.ncbi.nlm.nih.gov/777/\" "
                              "rel=\"noopener noreferrer\">PMID 777</a>: <cite>"));
  EXPECT_THAT(html, HasSubstr("<strong class=\"retracted\">Withdrawn</strong> (no longer in the "
                              "corpus): <cite>GI Neuroendocrine"));
  EXPECT_THAT(html, HasSubstr("title=\"Retracted: "));  // the citation marker's tip
  ExpectValidHtml(html);

  std::string plain = pages.Article(FakeArticle("How is hepatitis C treated?"), {});
  EXPECT_THAT(plain, Not(HasSubstr("withdrawn-note")));
  EXPECT_THAT(plain, Not(HasSubstr("class=\"retracted\"")));
}

TEST(PageRenderer, EveryPageIsValidHtmlWithoutInlineCode) {
  PageRenderer pages;
  std::vector<std::pair<std::string, std::string>> all = {
      {"home", pages.Home({{"slug-a", "Question <a>?", "2026-11-27T10:00:00Z"}}, Audience::kNurse)},
      {"home with error", pages.Home({}, Audience::kNurse, "Please type a question.", "<x>")},
      {"article", pages.Article(FakeArticle("What is <b>bold</b>?"), {Audience::kStudent, "c1"})},
      {"not answerable", pages.Article(FakeArticle("unanswerable"), {Audience::kPatient, ""})},
      {"search", pages.Search("liver <metastases>",
                              {{"pmid:1", "pmid:1#0", 1, "T <i>", "S & s", "research", 2001},
                               {"nci:x", "nci:x#2", 0.5, "", "snippet", "guideline", 0}},
                              Audience::kPhysician)},
      {"empty search", pages.Search("", {}, Audience::kPhysician)},
      {"no results", pages.Search("zzz", {}, Audience::kPhysician)},
      {"policy", pages.EditorialPolicy(Audience::kPhysician)},
      {"404", pages.Error(404, "There is nothing at /x.")},
      {"500", pages.Error(500, "The server could not answer this request.")},
  };
  for (const auto& [name, html] : all) {
    SCOPED_TRACE(name);
    ExpectNoInlineCodeOrRawSource(html);
    ExpectValidHtml(html);
  }
}

TEST(PageRenderer, AssetsAreVersionedInUrls) {
  PageRenderer pages;
  std::string html = pages.EditorialPolicy(Audience::kPhysician);
  EXPECT_EQ(pages.asset_version().size(), 10u);
  EXPECT_THAT(html, HasSubstr("/static/style.css?v=" + pages.asset_version()));
  EXPECT_THAT(html, HasSubstr("<script src=\"/static/app.js?v=" + pages.asset_version() +
                              "\" defer></script>"));
}

}  // namespace
}  // namespace evident
