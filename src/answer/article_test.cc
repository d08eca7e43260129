#include "answer/article.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace evident {
namespace {

using ::testing::HasSubstr;

TEST(Slugify, DropsQuestionWordsAndAsides) {
  EXPECT_EQ(Slugify("What is the role of Dotatate (Somatostatin analog) in liver metastases?"),
            "role-of-dotatate-in-liver-metastases");
  EXPECT_EQ(Slugify("How does metformin work?"), "metformin-work");
  EXPECT_EQ(Slugify("Is COVID-19 vaccination safe in pregnancy?"),
            "covid-19-vaccination-safe-in-pregnancy");
  EXPECT_EQ(Slugify("???"), "question");
  EXPECT_EQ(Slugify("What is it?"), "it");
}

TEST(Slugify, IsBoundedAndAscii) {
  std::string slug = Slugify(
      "one two three four five six seven eight nine ten eleven twelve "
      "Sj\u00f6gren");
  EXPECT_EQ(slug, "one-two-three-four-five-six-seven-eight-nine-ten");
}

// Found by fuzz/ask_form_fuzz.cc: a question with a long word (a pasted sequence or URL) got a
// slug longer than the 200 characters /q/{slug} accepts, so its article page answered 404.
TEST(Slugify, StaysWithinWhatPageAddressesAccept) {
  std::string word(300, 'a');
  EXPECT_EQ(Slugify("What is " + word + "?"), std::string(150, 'a'));
  std::string slug = Slugify("Is tp53 " + word + " " + word + " relevant?");
  EXPECT_EQ(slug, "tp53");
  std::string many = "Is";
  for (int i = 0; i < 10; ++i) many += " word" + std::string(20, 'a' + i);
  EXPECT_EQ(Slugify(many).size(), 6u * 24 + 5);  // six words of 24 and their hyphens
}

Article Sample() {
  Article a;
  a.question = "Role of X?";
  a.slug = "role-of-x";
  a.audience = "physician";
  a.question_type = "treatment";
  a.confidence = 0.8;
  a.answerable = true;
  a.last_updated = "2026-11-27";
  a.sections = {{"From the Guidelines",
                 {{ArticleBlock::Kind::kParagraph, "", "X helps.", {1}},
                  {ArticleBlock::Kind::kBullet, "Dosing", "Give 7.4 GBq.", {1, 2}}}}};
  ArticleReference r1;
  r1.n = 1;
  r1.id = "nci:x";
  r1.passage_id = "nci:x#3";
  r1.title = "X <Treatment>";
  r1.evidence_level = "guideline";
  r1.evidence_label = "Guideline";
  r1.year = 2025;
  ArticleReference r2;
  r2.n = 2;
  r2.id = "pmid:15837990";
  r2.evidence_level = "unknown";
  r2.evidence_label = "Cited study";
  r2.cited_by = 1;
  r2.in_corpus = false;
  a.references = {r1, r2};
  a.disclaimer = "For professionals.";
  return a;
}

TEST(ArticleJson, HasTheDocumentedShape) {
  auto j = ArticleToJson(Sample());
  for (const char* key : {"question", "slug", "audience", "question_type", "confidence",
                          "answerable", "last_updated", "sections", "references", "disclaimer"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  EXPECT_EQ(j["sections"][0]["blocks"][1]["kind"], "bullet");
  EXPECT_EQ(j["sections"][0]["blocks"][1]["citations"], nlohmann::json({1, 2}));
  EXPECT_EQ(j["references"][0]["passage_id"], "nci:x#3");
  EXPECT_TRUE(j["references"][1]["passage_id"].is_null());
  EXPECT_EQ(j["references"][1]["cited_by"], 1);
  EXPECT_FALSE(j["references"][0].contains("untitled"));
  Article untitled = Sample();
  untitled.references[0].untitled = true;
  EXPECT_EQ(ArticleToJson(untitled)["references"][0]["untitled"], true);
}

TEST(ArticleRender, MarkdownAndTerminalShowCitationsAndReferences) {
  std::string md = RenderMarkdown(Sample());
  EXPECT_THAT(md, HasSubstr("## From the Guidelines"));
  EXPECT_THAT(md, HasSubstr("X helps. [1]"));
  EXPECT_THAT(md, HasSubstr("- *Dosing* — Give 7.4 GBq. [1, 2]"));
  EXPECT_THAT(md, HasSubstr("2. pmid:15837990"));
  EXPECT_THAT(md, HasSubstr("cited by [1]"));
  EXPECT_THAT(md, HasSubstr("| 1 | X <Treatment> | Guideline | 2025 | — |"));
  std::string text = RenderTerminal(Sample(), 60);
  EXPECT_THAT(text, HasSubstr("  • Dosing: Give 7.4 GBq. [1, 2]"));
  EXPECT_THAT(text, HasSubstr("References"));
}

}  // namespace
}  // namespace evident
