#include "eval/citation_check.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "eval/eval_test_support.h"

namespace evident {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;

using Kind = ArticleBlock::Kind;

class CitationCheckTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = testing::StoreWith(
        {testing::TextRecord("pmid:1", {"Somatostatin analogues are first-line therapy. "
                                        "Lutetium Lu 177 dotatate prolonged progression-free "
                                        "survival [12]. It was well tolerated."}),
         testing::TextRecord("pmid:2", {"Octreotide controls symptoms in most patients."})});
    ASSERT_NE(store_, nullptr);
    article_.answerable = true;
    article_.references = {Reference(1, "pmid:1"), Reference(2, "pmid:2")};
  }

  static ArticleReference Reference(int n, const std::string& id) {
    ArticleReference r;
    r.n = n;
    r.id = id;
    return r;
  }

  CitationCheck Check() {
    auto check = CheckCitations(article_, store_.get());
    EXPECT_TRUE(check.ok()) << check.status().ToString();
    return check.ok() ? *check : CitationCheck{};
  }

  std::unique_ptr<Store> store_;
  Article article_;
};

TEST_F(CitationCheckTest, SentencesOfTheirCitedPassagesAreValid) {
  // The block shows the sentence cleaned of its "[12]" marker, as the composer does.
  article_.sections = {{"From the Guidelines",
                        {{Kind::kParagraph,
                          "",
                          "Lutetium Lu 177 dotatate prolonged progression-free survival.",
                          {1},
                          "pmid:1#0"},
                         {Kind::kSubheading, "", "Key points", {}, ""},
                         {Kind::kBullet,
                          "",
                          "Octreotide controls symptoms in most patients.",
                          {2, 1},
                          "pmid:2#0"}}}};
  CitationCheck check = Check();
  EXPECT_EQ(check.blocks_checked, 2u);  // the sub-heading is not a claim
  EXPECT_EQ(check.blocks_valid, 2u);
  EXPECT_EQ(check.uncited, 0u);
  EXPECT_TRUE(check.violations.empty());
}

TEST_F(CitationCheckTest, EachKindOfViolationIsNamed) {
  article_.sections = {
      {"From the Research",
       {{Kind::kBullet, "", "Somatostatin analogues are first-line therapy.", {1}, "pmid:1#0"},
        {Kind::kBullet, "", "An uncited claim about dotatate.", {}, ""},
        {Kind::kBullet, "", "Lu 177 dotatate prolonged survival.", {1}, "pmid:1#0"},
        {Kind::kBullet, "", "Octreotide controls symptoms in most patients.", {2}, "pmid:1#0"},
        {Kind::kBullet, "", "It was well tolerated.", {1, 5}, "pmid:1#0"},
        {Kind::kBullet, "", "Octreotide controls symptoms in most patients.", {2}, "pmid:2#7"},
        {Kind::kBullet, "", "It was well tolerated.", {1}, ""},
        {Kind::kBullet, "", "Lutetium Lu 177 dotatate prolonged", {1}, "pmid:1#0"}}}};
  CitationCheck check = Check();
  EXPECT_EQ(check.blocks_checked, 8u);
  EXPECT_EQ(check.blocks_valid, 1u);
  EXPECT_EQ(check.uncited, 1u);
  using V = CitationViolation;
  EXPECT_THAT(check.violations,
              ElementsAre(Field(&V::reason, "no citation"),
                          Field(&V::reason, "not a sentence of its cited passage pmid:1#0"),
                          Field(&V::reason,
                                "passage pmid:1#0 is not of its first cited reference [2] "
                                "pmid:2"),
                          Field(&V::reason, "citation [5] names no reference"),
                          Field(&V::reason, "cited passage pmid:2#7 is not in the store"),
                          Field(&V::reason, "no source passage"),
                          // A truncated sentence is not the sentence.
                          Field(&V::reason, "not a sentence of its cited passage pmid:1#0")));
  EXPECT_EQ(check.violations[0].text, "An uncited claim about dotatate.");
}

TEST_F(CitationCheckTest, GlossesAreCheckedAgainstTheirPassagesLikeSentences) {
  const std::string text = "Somatostatin analogues are first-line therapy.";
  const std::string definition = "Octreotide controls symptoms in most patients.";
  auto block_with = [&](ArticleGloss gloss) {
    ArticleBlock b{Kind::kBullet, "", text, {1}, "pmid:1#0"};
    b.glosses.push_back(std::move(gloss));
    return b;
  };
  ArticleGloss good{"Somatostatin", 0, 12, "controls symptoms", definition, 2, "pmid:2#0"};
  ArticleGloss misplaced = good, unquoted = good, not_part = good, wrong_passage = good;
  misplaced.begin = 1;
  unquoted.definition = "Octreotide controls symptoms.";
  not_part.gloss = "cures patients";
  wrong_passage.passage_id = "pmid:1#0";
  article_.sections = {{"From the Research",
                        {block_with(good), block_with(misplaced), block_with(unquoted),
                         block_with(not_part), block_with(wrong_passage)}}};
  CitationCheck check = Check();
  EXPECT_EQ(check.blocks_checked, 5u);
  EXPECT_EQ(check.glosses_checked, 5u);
  EXPECT_EQ(check.blocks_valid, 1u);
  using V = CitationViolation;
  EXPECT_THAT(
      check.violations,
      ElementsAre(
          Field(&V::reason,
                "gloss of \"Somatostatin\": the term is not at its position in the text"),
          Field(&V::reason,
                "gloss of \"Somatostatin\": the definition is not a sentence of its cited passage "
                "pmid:2#0"),
          Field(&V::reason, "gloss of \"Somatostatin\": the gloss is not part of its definition"),
          Field(&V::reason,
                "gloss of \"Somatostatin\": passage pmid:1#0 is not of its cited reference [2] "
                "pmid:2")));
}

TEST_F(CitationCheckTest, ReferencesMustBeNumberedInOrderOfFirstUse) {
  article_.sections = {
      {"From the Research",
       {{Kind::kBullet, "", "Octreotide controls symptoms in most patients.", {2}, "pmid:2#0"}}}};
  CitationCheck check = Check();
  ASSERT_EQ(check.violations.size(), 1u);
  EXPECT_EQ(check.violations[0].reason, "reference [2] cited before [1]");
}

TEST_F(CitationCheckTest, TheNoEvidenceNoticeIsNotAClaimButACitingBlockIs) {
  article_.answerable = false;
  article_.references.clear();
  article_.sections = {{"Not enough evidence",
                        {{Kind::kParagraph, "", "The corpus holds no good evidence.", {}, ""}}}};
  CitationCheck check = Check();
  EXPECT_EQ(check.blocks_checked, 0u);
  EXPECT_TRUE(check.violations.empty());

  article_.sections[0].blocks.push_back(
      {Kind::kBullet, "", "Octreotide controls symptoms in most patients.", {1}, "pmid:2#0"});
  check = Check();
  EXPECT_EQ(check.blocks_checked, 1u);
  ASSERT_EQ(check.violations.size(), 1u);
  EXPECT_THAT(check.violations[0].reason, HasSubstr("names no reference"));
}

}  // namespace
}  // namespace evident
