#include "rank/pseudo_relevance_feedback.h"

#include <gtest/gtest.h>

#include <map>

#include "rank/test_corpus.h"

namespace evident {
namespace {

std::map<std::string, float> AsMap(const std::vector<QueryTerm>& terms) {
  std::map<std::string, float> out;
  for (const auto& t : terms) out[t.term] += t.weight;
  return out;
}

AnalyzedPassage Body(const std::vector<std::string>& terms) {
  AnalyzedPassage a;
  a.fields[index_format::kBody].terms = terms;
  a.fields[index_format::kBody].positions.assign(terms.size(), 0);
  return a;
}

// Twenty filler documents so that the terms of interest are rare (below max_doc_freq_ratio).
std::vector<testing::TestDoc> Corpus() {
  std::vector<testing::TestDoc> docs = {
      {"d1", "", "octreotide carcinoid flushing"},
      {"d2", "", "octreotide lanreotide carcinoid 2019"},
      {"d3", "", "lanreotide somatostatin"},
  };
  for (int i = 0; i < 20; ++i) {
    docs.push_back({"f" + std::to_string(i), "", "filler text number " + std::to_string(i)});
  }
  return docs;
}

TEST(Rm3, IsOffByDefault) {
  testing::TestCorpus corpus(Corpus());
  AnalyzedPassage a = Body({"lanreotid"});
  EXPECT_FALSE(Rm3Options{}.enabled());
  EXPECT_EQ(ExpandQueryRm3({{"octreotid", 1.0f}}, {{&a, 1.0f}}, *corpus.index(), {}).size(), 1u);
}

TEST(Rm3, LambdaOneGivesBackTheOriginalQuery) {
  testing::TestCorpus corpus(Corpus());
  AnalyzedPassage a = Body({"octreotid", "carcinoid", "lanreotid"});
  Rm3Options options;
  options.original_weight = 1.0f;
  auto q = ExpandQueryRm3({{"octreotid", 1.0f}, {"octreotid", 1.0f}, {"carcinoid", 0.5f}},
                          {{&a, 3.0f}}, *corpus.index(), options);
  ASSERT_EQ(q.size(), 2u);  // merged, question order
  EXPECT_EQ(q[0].term, "octreotid");
  EXPECT_FLOAT_EQ(q[0].weight, 2.0f);
  EXPECT_EQ(q[1].term, "carcinoid");
  EXPECT_FLOAT_EQ(q[1].weight, 0.5f);
}

TEST(Rm3, WeighsTermsByTheirFrequencyInTheScoreWeightedFeedback) {
  testing::TestCorpus corpus(Corpus());
  // P(w|R) ∝ Σ_D tf(w,D)/|D| · score_D / Σ score:  D1 (score 3): octreotid ×2, lanreotid ×2;
  // D2 (score 1): lanreotid, somatostatin.
  AnalyzedPassage d1 = Body({"octreotid", "lanreotid", "octreotid", "lanreotid"});
  AnalyzedPassage d2 = Body({"lanreotid", "somatostatin"});
  Rm3Options options{.fb_docs = 10, .fb_terms = 10, .original_weight = 0.5f};
  auto q = AsMap(
      ExpandQueryRm3({{"octreotid", 1.0f}}, {{&d1, 3.0f}, {&d2, 1.0f}}, *corpus.index(), options));
  // octreotid: .75 · .5 = .375; lanreotid: .75 · .5 + .25 · .5 = .5; somatostatin: .125.
  ASSERT_EQ(q.size(), 3u);
  EXPECT_FLOAT_EQ(q["octreotid"], 0.5f * 1.0f + 0.5f * 0.375f);
  EXPECT_FLOAT_EQ(q["lanreotid"], 0.5f * 0.5f);
  EXPECT_FLOAT_EQ(q["somatostatin"], 0.5f * 0.125f);
}

TEST(Rm3, KeepsOnlyTheStrongestFbTermsAndRenormalises) {
  testing::TestCorpus corpus(Corpus());
  AnalyzedPassage d = Body({"lanreotid", "lanreotid", "lanreotid", "somatostatin", "flush"});
  Rm3Options options{.fb_docs = 10, .fb_terms = 1, .original_weight = 0.25f};
  auto q = ExpandQueryRm3({{"carcinoid", 2.0f}}, {{&d, 1.0f}}, *corpus.index(), options);
  ASSERT_EQ(q.size(), 2u);
  EXPECT_EQ(q[1].term, "lanreotid");
  EXPECT_FLOAT_EQ(q[0].weight, 0.25f * 2.0f);
  EXPECT_FLOAT_EQ(q[1].weight, 0.75f * 2.0f);  // all of P(w|R) after renormalising, × mass 2
}

TEST(Rm3, ProposesNoNumbersNoCommonTermsAndNoTermsMissingFromTheIndex) {
  testing::TestCorpus corpus(Corpus());
  // "filler" and "text" are in 20 of 23 passages; "2019" is a number; "zzz" is not indexed.
  AnalyzedPassage d = Body({"lanreotid", "filler", "text", "2019", "zzz"});
  Rm3Options options{.fb_docs = 10, .fb_terms = 10};
  auto q = AsMap(ExpandQueryRm3({{"octreotid", 1.0f}}, {{&d, 1.0f}}, *corpus.index(), options));
  EXPECT_EQ(q.size(), 2u);
  EXPECT_TRUE(q.count("lanreotid"));
}

TEST(Rm3, WithoutUsableFeedbackReturnsTheOriginalQuery) {
  testing::TestCorpus corpus(Corpus());
  AnalyzedPassage d = Body({"lanreotid"});
  auto q =
      ExpandQueryRm3({{"octreotid", 1.0f}}, {{nullptr, 2.0f}, {&d, 0.0f}}, *corpus.index(), {});
  ASSERT_EQ(q.size(), 1u);
  EXPECT_FLOAT_EQ(q[0].weight, 1.0f);
}

TEST(Rm3, UsesOnlyTheFirstFbDocsPassages) {
  testing::TestCorpus corpus(Corpus());
  AnalyzedPassage d1 = Body({"lanreotid"}), d2 = Body({"somatostatin"});
  Rm3Options options;
  options.fb_docs = 1;
  auto q = AsMap(
      ExpandQueryRm3({{"octreotid", 1.0f}}, {{&d1, 1.0f}, {&d2, 1.0f}}, *corpus.index(), options));
  EXPECT_TRUE(q.count("lanreotid"));
  EXPECT_FALSE(q.count("somatostatin"));
}

}  // namespace
}  // namespace evident
