#include "answer/glossing.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace evident {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::IsEmpty;

GlossaryEntry Entry(const std::string& term, const std::string& gloss, double rate,
                    const std::string& doc) {
  std::string definition = "A " + term + " is " + gloss + ".";
  return {term, gloss, definition, doc + "#0", doc, rate, 1};
}

ArticleBlock Block(const std::string& text, std::vector<int> citations) {
  return {ArticleBlock::Kind::kBullet, "", text, std::move(citations), "doc#0", {}};
}

// An answerable article whose blocks cite references 1..n in order.
Article ArticleOf(const std::vector<std::string>& texts) {
  Article a;
  a.answerable = true;
  ArticleSection section{"From the Research", {}};
  for (size_t i = 0; i < texts.size(); ++i) {
    section.blocks.push_back(Block(texts[i], {static_cast<int>(i) + 1}));
    ArticleReference r;
    r.n = static_cast<int>(i) + 1;
    r.id = "doc" + std::to_string(i + 1);
    a.references.push_back(r);
  }
  a.sections.push_back(std::move(section));
  return a;
}

// Cites an entry's document: a reference already there keeps its number, a new one is appended.
CiteGlossSource CiteInto(Article* article) {
  return [article](const GlossaryEntry& e) -> Result<int> {
    for (const auto& r : article->references) {
      if (r.id == e.doc_id) return r.n;
    }
    ArticleReference r;
    r.n = static_cast<int>(article->references.size()) + 1;
    r.id = e.doc_id;
    article->references.push_back(r);
    return r.n;
  };
}

std::vector<ArticleGloss> GlossesOf(const Article& a, size_t block) {
  return a.sections[0].blocks[block].glosses;
}

TEST(GlossJargon, GlossesATermOnlyAtItsFirstUse) {
  Glossary glossary({Entry("neuroblastoma", "a cancer of nerve cells", 0.005, "medquad:nb")});
  Article a = ArticleOf({"Children with neuroblastoma were treated with surgery.",
                         "Neuroblastoma may come back after treatment."});
  ASSERT_TRUE(GlossJargon(glossary, CiteInto(&a), &a).ok());
  auto first = GlossesOf(a, 0);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].term, "neuroblastoma");
  EXPECT_EQ(a.sections[0].blocks[0].text.substr(first[0].begin, first[0].end - first[0].begin),
            "neuroblastoma");
  EXPECT_EQ(first[0].gloss, "a cancer of nerve cells");
  EXPECT_EQ(first[0].definition, "A neuroblastoma is a cancer of nerve cells.");
  EXPECT_EQ(first[0].passage_id, "medquad:nb#0");
  EXPECT_THAT(GlossesOf(a, 1), IsEmpty());
}

TEST(GlossJargon, DoesNotGlossATermTheSentenceExplainsNorLaterUsesOfIt) {
  Glossary glossary({Entry("lymphocyte", "a type of white blood cell", 0.01, "nci:all"),
                     Entry("neuroblastoma", "a cancer of nerve cells", 0.005, "medquad:nb")});
  Article a = ArticleOf({"The marrow makes too many lymphocytes (a type of white blood cell).",
                         "Neuroblastoma is a cancer that forms in nerve tissue of children.",
                         "Lymphocytes and neuroblastoma cells were counted."});
  ASSERT_TRUE(GlossJargon(glossary, CiteInto(&a), &a).ok());
  for (size_t b = 0; b < 3; ++b) EXPECT_THAT(GlossesOf(a, b), IsEmpty()) << "block " << b;
  EXPECT_EQ(a.references.size(), 3u);  // nothing cited for a gloss
}

TEST(GlossJargon, DoesNotGlossWhenTheArticleQuotesTheDefinition) {
  Glossary glossary({Entry("neuroblastoma", "a cancer of nerve cells", 0.005, "medquad:nb")});
  Article a = ArticleOf({"Surgery helps children with neuroblastoma.",
                         "A neuroblastoma is a cancer of nerve cells."});
  ASSERT_TRUE(GlossJargon(glossary, CiteInto(&a), &a).ok());
  EXPECT_THAT(GlossesOf(a, 0), IsEmpty());
}

TEST(GlossJargon, GlossesTheMostSpecialisedTermsUpToTheLimit) {
  Glossary glossary({Entry("biopsy", "a removal of cells", 0.037, "d:b"),
                     Entry("metastasis", "a spread of cancer", 0.013, "d:m"),
                     Entry("radionuclide", "a radioactive atom", 0.002, "d:r"),
                     Entry("somatostatin", "a hormone", 0.0016, "d:s")});
  Article a =
      ArticleOf({"A biopsy showed metastasis.", "Radionuclide imaging found somatostatin."});
  ASSERT_TRUE(GlossJargon(glossary, CiteInto(&a), &a).ok());
  // The three rarest, each at its first use, in the order of the text.
  EXPECT_THAT(GlossesOf(a, 0), ElementsAre(Field(&ArticleGloss::term, "metastasis")));
  EXPECT_THAT(GlossesOf(a, 1), ElementsAre(Field(&ArticleGloss::term, "Radionuclide"),
                                           Field(&ArticleGloss::term, "somatostatin")));
  static_assert(kMaxGlossesPerArticle == 3);
}

TEST(GlossJargon, NumbersTheDefinitionsSourcesInOrderOfFirstUse) {
  Glossary glossary({Entry("neuroblastoma", "a cancer of nerve cells", 0.005, "medquad:nb"),
                     Entry("somatostatin", "a hormone", 0.002, "doc2")});
  Article a = ArticleOf({"Neuroblastoma cells were studied.", "Cells made somatostatin."});
  ASSERT_TRUE(GlossJargon(glossary, CiteInto(&a), &a).ok());
  // The first block's gloss cites the new source, which becomes [2]; doc2 moves to [3] and the
  // second gloss cites it too.
  ASSERT_EQ(a.references.size(), 3u);
  EXPECT_EQ(a.references[0].id, "doc1");
  EXPECT_EQ(a.references[1].id, "medquad:nb");
  EXPECT_EQ(a.references[2].id, "doc2");
  for (size_t i = 0; i < 3; ++i) EXPECT_EQ(a.references[i].n, static_cast<int>(i) + 1);
  EXPECT_EQ(GlossesOf(a, 0)[0].citation, 2);
  EXPECT_THAT(a.sections[0].blocks[1].citations, ElementsAre(3));
  EXPECT_EQ(GlossesOf(a, 1)[0].citation, 3);
}

TEST(GlossJargon, LeavesUnanswerableArticlesAlone) {
  Glossary glossary({Entry("neuroblastoma", "a cancer of nerve cells", 0.005, "medquad:nb")});
  Article a = ArticleOf({"Neuroblastoma cells were studied."});
  a.answerable = false;
  ASSERT_TRUE(GlossJargon(glossary, CiteInto(&a), &a).ok());
  EXPECT_THAT(GlossesOf(a, 0), IsEmpty());
}

TEST(NumberReferencesByFirstUse, UpdatesCitationsAndCitedBy) {
  Article a = ArticleOf({"One.", "Two."});
  a.sections[0].blocks[0].citations = {2, 3};
  a.sections[0].blocks[1].citations = {1};
  ArticleReference carried;
  carried.n = 3;
  carried.id = "pmid:9";
  carried.cited_by = 2;
  a.references.push_back(carried);
  NumberReferencesByFirstUse(&a);
  EXPECT_THAT(a.sections[0].blocks[0].citations, ElementsAre(1, 2));
  EXPECT_THAT(a.sections[0].blocks[1].citations, ElementsAre(3));
  EXPECT_EQ(a.references[0].id, "doc2");
  EXPECT_EQ(a.references[1].id, "pmid:9");
  EXPECT_EQ(a.references[1].cited_by, 1);
  EXPECT_EQ(a.references[2].id, "doc1");
}

}  // namespace
}  // namespace evident
