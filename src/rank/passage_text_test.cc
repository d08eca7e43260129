#include "rank/passage_text.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rank/test_corpus.h"

namespace evident {
namespace {

using ::testing::ElementsAre;

TEST(AnalyzePassageView, PartsShareTheirTokensPositionAndStopWordsTakeNone) {
  Analyzer analyzer;
  AnalyzedPassage a;
  a.view.text = "The COVID-19 vaccines of children";
  AnalyzePassageView(analyzer, &a);
  const FieldTerms& body = a.fields[index_format::kBody];
  EXPECT_THAT(body.terms, ElementsAre("covid-19", "covid", "19", "vaccin", "children"));
  EXPECT_THAT(body.positions, ElementsAre(0, 0, 0, 1, 2));
}

TEST(AnalyzePassageView, TitleFieldHoldsTitleAndHeadingLikeTheIndex) {
  Analyzer analyzer;
  AnalyzedPassage a;
  a.view.title = "Liver metastases";
  a.view.heading = "Treatment";
  a.view.keywords = "Neoplasms; Octreotide";
  AnalyzePassageView(analyzer, &a);
  EXPECT_THAT(a.fields[index_format::kTitle].terms, ElementsAre("liver", "metastas", "treatment"));
  EXPECT_THAT(a.fields[index_format::kKeywords].terms, ElementsAre("neoplasm", "octreotid"));
  EXPECT_TRUE(a.fields[index_format::kBody].terms.empty());
}

TEST(PassageTextCache, ReturnsPassagesInTheOrderAskedAndNullForUnknownOnes) {
  testing::TestCorpus corpus({{"d1", "Aspirin", "Aspirin prevents stroke."},
                              {"d2", "Statins", "Statins lower cholesterol."}});
  Analyzer analyzer;
  PassageTextCache cache(*corpus.index(), corpus.store(), analyzer);
  uint32_t p1 = corpus.PassageOf("d1"), p2 = corpus.PassageOf("d2");
  auto got = cache.Get({p2, p1, p2});
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ASSERT_EQ(got->size(), 3u);
  EXPECT_EQ((*got)[0]->view.passage_id, "d2#0");
  EXPECT_EQ((*got)[1]->view.passage_id, "d1#0");
  EXPECT_EQ((*got)[0], (*got)[2]);
  EXPECT_EQ((*got)[1]->passage, p1);
  EXPECT_THAT((*got)[1]->fields[index_format::kBody].terms,
              ElementsAre("aspirin", "prevent", "stroke"));

  // A passage deleted from the store since the index was built comes back null.
  ASSERT_TRUE(corpus.store().DeleteDocuments({"d1"}, nullptr).ok());
  cache.Clear();
  got = cache.Get({p1, p2});
  ASSERT_TRUE(got.ok());
  EXPECT_EQ((*got)[0], nullptr);
  ASSERT_NE((*got)[1], nullptr);
}

TEST(PassageTextCache, KeepsWhatItFetchedUntilCleared) {
  testing::TestCorpus corpus({{"d1", "Aspirin", "Aspirin prevents stroke."}});
  Analyzer analyzer;
  PassageTextCache cache(*corpus.index(), corpus.store(), analyzer);
  uint32_t p1 = corpus.PassageOf("d1");
  auto first = cache.Get({p1});
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(corpus.store().DeleteDocuments({"d1"}, nullptr).ok());
  auto again = cache.Get({p1});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*again)[0], (*first)[0]);  // served from the cache, not the store
}

}  // namespace
}  // namespace evident
