#include "rank/proximity.h"

#include <gtest/gtest.h>

#include <cmath>

#include "rank/test_corpus.h"

namespace evident {
namespace {

AnalyzedPassage Text(std::string_view body, std::string_view title = "") {
  static Analyzer analyzer;
  AnalyzedPassage a;
  a.view.text = body;
  a.view.title = title;
  AnalyzePassageView(analyzer, &a);
  return a;
}

const std::vector<WeightedTerm> kQuery = {{"octreotid", 2.0f}, {"carcinoid", 1.0f}};

TEST(Proximity, MinDistanceFollowsTaoAndZhai) {
  ProximityScorer scorer(kQuery);
  // "octreotide for the carcinoid": "for" and "the" are stop words, so the distance is 1.
  auto near = scorer.Score(Text("Octreotide for the carcinoid syndrome."));
  EXPECT_NEAR(near.min_distance, std::log(1.0 + std::exp(-1.0) / 0.3), 1e-6);
  auto far = scorer.Score(Text("Octreotide was given. Later, many weeks after, carcinoid."));
  // octreotid given later mani week carcinoid: distance 5
  EXPECT_NEAR(far.min_distance, std::log(1.0 + std::exp(-5.0) / 0.3), 1e-6);
  EXPECT_EQ(scorer.Score(Text("Octreotide octreotide.")).min_distance, 0.0f);
}

TEST(Proximity, CloserTermsScoreHigherOnEveryFeature) {
  ProximityScorer scorer(kQuery);
  auto near = scorer.Score(Text("octreotide carcinoid alpha beta gamma delta epsilon zeta eta"));
  auto far = scorer.Score(Text("octreotide alpha beta gamma delta epsilon zeta eta carcinoid"));
  EXPECT_GT(near.min_distance, far.min_distance);
  EXPECT_GT(near.pair_score, far.pair_score);
  EXPECT_GT(near.window_coverage, far.window_coverage - 1e-6f);
}

TEST(Proximity, PairScoreIsButtchersSaturatedAccumulator) {
  ProximityScorer scorer({{"octreotid", 2.0f}, {"carcinoid", 0.5f}});
  // One pair at distance 2: acc(octreotid) = 0.5 / 4, acc(carcinoid) = 2 / 4; weights min(1, w).
  auto s = scorer.Score(Text("octreotide alpha carcinoid"));
  auto sat = [](double a) { return a * 2.2 / (a + 1.2); };
  double expected = (1.0 * sat(0.125) + 0.5 * sat(0.5)) / 1.5;
  EXPECT_NEAR(s.pair_score, expected, 1e-6);
}

TEST(Proximity, WindowCoverageIsTheShareOfQueryWeightInOneWindow) {
  ProximityOptions options;
  options.window_words = 3;
  ProximityScorer scorer(kQuery, {}, options);
  EXPECT_NEAR(scorer.Score(Text("octreotide alpha carcinoid")).window_coverage, 1.0, 1e-6);
  // Too far apart for one window: the best window holds octreotide alone (2 of 3).
  EXPECT_NEAR(scorer.Score(Text("octreotide alpha beta carcinoid")).window_coverage, 2.0 / 3, 1e-6);
}

TEST(Proximity, ACompoundAndItsPartAreOneWordNotAPair) {
  ProximityScorer scorer({{"covid-19", 1.0f}, {"covid", 0.5f}});
  auto s = scorer.Score(Text("COVID-19 outcomes"));
  EXPECT_EQ(s.min_distance, 0.0f);
  EXPECT_EQ(s.pair_score, 0.0f);
}

TEST(Proximity, NoPairSpansTitleAndBody) {
  ProximityScorer scorer(kQuery);
  auto s = scorer.Score(Text("carcinoid", "Octreotide"));
  EXPECT_LT(s.min_distance, 1e-20f);
  EXPECT_LT(s.pair_score, 1e-3f);
  auto in_title = scorer.Score(Text("", "Octreotide in carcinoid"));
  EXPECT_NEAR(in_title.min_distance, std::log(1.0 + std::exp(-1.0) / 0.3), 1e-6);
}

TEST(Proximity, OrderedPairsCountNeighbouringQuestionWordsAsAPhrase) {
  // Question "octreotide carcinoid": one pair (octreotid, carcinoid), weight min(2, 1) = 1.
  ProximityScorer scorer(kQuery, {"octreotid", "carcinoid"});
  auto phrase = scorer.Score(Text("Octreotide of the carcinoid; octreotide for carcinoid."));
  EXPECT_NEAR(phrase.ordered_pairs, 2.0 / 3, 1e-6);  // two phrases: 2 / (2 + 1)
  EXPECT_NEAR(phrase.unordered_pairs, 2.0 / 3, 1e-6);
  auto reversed = scorer.Score(Text("carcinoid octreotide"));
  EXPECT_EQ(reversed.ordered_pairs, 0.0f);
  EXPECT_NEAR(reversed.unordered_pairs, 0.5, 1e-6);
}

TEST(Proximity, UnorderedPairsNeedBothWordsWithinTheWindow) {
  ProximityOptions options;
  options.pair_window_words = 3;
  ProximityScorer scorer(kQuery, {"octreotid", "carcinoid"}, options);
  EXPECT_NEAR(scorer.Score(Text("octreotide alpha beta carcinoid")).unordered_pairs, 0.0, 1e-6);
  EXPECT_NEAR(scorer.Score(Text("octreotide alpha carcinoid")).unordered_pairs, 0.5, 1e-6);
}

TEST(Proximity, PairsComeFromTheQuestionOrderAndSkipWordsNotInTheQuery) {
  // "octreotide in zzz carcinoid": zzz is not a query term, so the pair is still (oct, carc).
  ProximityScorer scorer(kQuery, {"octreotid", "zzz", "carcinoid", "carcinoid"});
  EXPECT_NEAR(scorer.Score(Text("octreotide carcinoid")).ordered_pairs, 0.5, 1e-6);
  ProximityScorer no_pairs(kQuery, {"octreotid"});
  EXPECT_EQ(no_pairs.Score(Text("octreotide carcinoid")).ordered_pairs, 0.0f);
}

TEST(WeightQueryTerms, MergesRepeatsWeighsByIdfAndDropsUnknownTerms) {
  testing::TestCorpus corpus({{"d1", "", "octreotide carcinoid"}, {"d2", "", "carcinoid"}});
  auto terms = WeightQueryTerms(
      {{"carcinoid", 1.0f}, {"zzz", 1.0f}, {"octreotid", 0.5f}, {"carcinoid", 1.0f}},
      *corpus.index());
  ASSERT_EQ(terms.size(), 2u);
  EXPECT_EQ(terms[0].term, "carcinoid");
  EXPECT_FLOAT_EQ(terms[0].weight, 2.0f * corpus.index()->Lookup("carcinoid")->idf);
  EXPECT_EQ(terms[1].term, "octreotid");
  EXPECT_FLOAT_EQ(terms[1].weight, 0.5f * corpus.index()->Lookup("octreotid")->idf);
}

}  // namespace
}  // namespace evident
