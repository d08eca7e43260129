#include "eval/retrieval_metrics.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>

namespace evident {
namespace {

using Ranking = std::vector<std::string>;

// The worked example several tests share: relevant {a, b, c, d}, ranking a x b y c.
// rel(i) = 1 0 1 0 1 for ranks 1..5; d is never retrieved.
class WorkedExample : public ::testing::Test {
 protected:
  Ranking ranking_ = {"a", "x", "b", "y", "c"};
  RelevantSet relevant_ = {"a", "b", "c", "d"};
};

TEST_F(WorkedExample, RecallCountsRelevantInTopK) {
  // top 3 = a x b: 2 of 4 relevant.
  EXPECT_DOUBLE_EQ(RecallAt(ranking_, relevant_, 3), 2.0 / 4);
  // top 5 = all five: a, b, c = 3 of 4.
  EXPECT_DOUBLE_EQ(RecallAt(ranking_, relevant_, 5), 3.0 / 4);
  // k beyond the list changes nothing.
  EXPECT_DOUBLE_EQ(RecallAt(ranking_, relevant_, 100), 3.0 / 4);
}

TEST_F(WorkedExample, AveragePrecisionDividesByMinOfRelevantAndK) {
  // k = 5: P@1 = 1/1, P@3 = 2/3, P@5 = 3/5; sum = 2.2667; / min(4, 5) = 4 -> 0.5667.
  EXPECT_DOUBLE_EQ(AveragePrecisionAt(ranking_, relevant_, 5), (1.0 + 2.0 / 3 + 3.0 / 5) / 4);
  EXPECT_NEAR(AveragePrecisionAt(ranking_, relevant_, 5), 0.566667, 1e-6);
  // k = 3: P@1 = 1, P@3 = 2/3; sum = 5/3; / min(4, 3) = 3 -> 5/9 = 0.5556.
  EXPECT_DOUBLE_EQ(AveragePrecisionAt(ranking_, relevant_, 3), 5.0 / 9);
}

TEST_F(WorkedExample, NdcgUsesLog2DiscountAndIdealFromMinOfRelevantAndK) {
  // DCG@5 = 1/log2(2) + 1/log2(4) + 1/log2(6) = 1 + 0.5 + 0.386853 = 1.886853.
  // IDCG@5 has min(4, 5) = 4 hits: 1 + 1/log2(3) + 1/log2(4) + 1/log2(5)
  //      = 1 + 0.630930 + 0.5 + 0.430677 = 2.561606.  nDCG = 1.886853 / 2.561606 = 0.736590.
  EXPECT_NEAR(NdcgAt(ranking_, relevant_, 5), 0.736590, 1e-6);
  double dcg = 1 + 1 / std::log2(4.0) + 1 / std::log2(6.0);
  double ideal = 1 + 1 / std::log2(3.0) + 1 / std::log2(4.0) + 1 / std::log2(5.0);
  EXPECT_DOUBLE_EQ(NdcgAt(ranking_, relevant_, 5), dcg / ideal);
}

TEST_F(WorkedExample, ReciprocalRankOfFirstRelevant) {
  EXPECT_DOUBLE_EQ(ReciprocalRank(ranking_, relevant_), 1.0);  // a at rank 1
  EXPECT_DOUBLE_EQ(ReciprocalRank({"x", "y", "b"}, relevant_), 1.0 / 3);
}

TEST(RetrievalMetrics, SingleRelevantDocumentAtRankThree) {
  // relevant {a}, ranking x y a: rel = 0 0 1.
  Ranking ranking = {"x", "y", "a"};
  RelevantSet relevant = {"a"};
  EXPECT_DOUBLE_EQ(RecallAt(ranking, relevant, 2), 0.0);
  EXPECT_DOUBLE_EQ(RecallAt(ranking, relevant, 3), 1.0);
  EXPECT_DOUBLE_EQ(AveragePrecisionAt(ranking, relevant, 10), 1.0 / 3);  // P@3 = 1/3; / min(1,10)
  EXPECT_DOUBLE_EQ(NdcgAt(ranking, relevant, 10), 0.5);  // (1/log2(4)) / (1/log2(2)) = 0.5
  EXPECT_DOUBLE_EQ(ReciprocalRank(ranking, relevant), 1.0 / 3);
}

TEST(RetrievalMetrics, ReciprocalRankLooksBeyondTheCutoffOfOtherMetrics) {
  // 14 misses, then the relevant document at rank 15.
  Ranking ranking;
  for (int i = 0; i < 14; ++i) ranking.push_back(fmt::format("x{}", i));
  ranking.push_back("a");
  RelevantSet relevant = {"a"};
  EXPECT_DOUBLE_EQ(ReciprocalRank(ranking, relevant), 1.0 / 15);
  EXPECT_DOUBLE_EQ(AveragePrecisionAt(ranking, relevant, 10), 0.0);
  EXPECT_DOUBLE_EQ(NdcgAt(ranking, relevant, 10), 0.0);
  EXPECT_DOUBLE_EQ(RecallAt(ranking, relevant, 10), 0.0);
  EXPECT_DOUBLE_EQ(RecallAt(ranking, relevant, 100), 1.0);
}

TEST(RetrievalMetrics, NoRelevantFoundScoresZero) {
  Ranking ranking = {"x", "y", "z"};
  RelevantSet relevant = {"a", "b"};
  EXPECT_DOUBLE_EQ(RecallAt(ranking, relevant, 10), 0.0);
  EXPECT_DOUBLE_EQ(AveragePrecisionAt(ranking, relevant, 10), 0.0);
  EXPECT_DOUBLE_EQ(NdcgAt(ranking, relevant, 10), 0.0);
  EXPECT_DOUBLE_EQ(ReciprocalRank(ranking, relevant), 0.0);
}

TEST(RetrievalMetrics, MoreRelevantThanKCanStillScorePerfectApAndNdcg) {
  // 12 relevant documents r0..r11 ranked perfectly, k = 10.
  Ranking ranking;
  RelevantSet relevant;
  for (int i = 0; i < 12; ++i) {
    ranking.push_back(fmt::format("r{}", i));
    relevant.insert(fmt::format("r{}", i));
  }
  // Recall@10 = 10 / 12: ten slots cannot hold twelve documents.
  EXPECT_DOUBLE_EQ(RecallAt(ranking, relevant, 10), 10.0 / 12);
  // AP@10 = (P@1 + ... + P@10) / min(12, 10) = 10 / 10 = 1 (TREC's / |relevant| would give 10/12).
  EXPECT_DOUBLE_EQ(AveragePrecisionAt(ranking, relevant, 10), 1.0);
  // The ideal also has min(12, 10) = 10 hits, so DCG = IDCG.
  EXPECT_DOUBLE_EQ(NdcgAt(ranking, relevant, 10), 1.0);
  EXPECT_DOUBLE_EQ(RecallAt(ranking, relevant, 100), 1.0);
}

TEST(RetrievalMetrics, RepeatedIdCountsOnceAndKeepsItsRank) {
  // relevant {a, b}, ranking a a b: rel = 1 0 1 (the repeat of a is a miss at rank 2).
  Ranking ranking = {"a", "a", "b"};
  RelevantSet relevant = {"a", "b"};
  EXPECT_DOUBLE_EQ(RecallAt(ranking, relevant, 2), 1.0 / 2);  // b is at rank 3, not 2
  EXPECT_DOUBLE_EQ(RecallAt(ranking, relevant, 3), 1.0);
  // AP@10 = (P@1 + P@3) / min(2, 10) = (1 + 2/3) / 2 = 0.8333.
  EXPECT_DOUBLE_EQ(AveragePrecisionAt(ranking, relevant, 10), (1.0 + 2.0 / 3) / 2);
  // nDCG@10 = (1 + 1/log2(4)) / (1 + 1/log2(3)) = 1.5 / 1.630930 = 0.919721.
  EXPECT_NEAR(NdcgAt(ranking, relevant, 10), 0.919721, 1e-6);
  EXPECT_DOUBLE_EQ(ReciprocalRank(ranking, relevant), 1.0);
}

TEST(RetrievalMetrics, RepeatsOfOneRelevantIdCannotInflateScores) {
  // relevant {a, b}, ranking a a a: one hit, not three.
  Ranking ranking = {"a", "a", "a"};
  RelevantSet relevant = {"a", "b"};
  EXPECT_DOUBLE_EQ(RecallAt(ranking, relevant, 10), 0.5);
  EXPECT_DOUBLE_EQ(AveragePrecisionAt(ranking, relevant, 10), 0.5);  // P@1 = 1; / min(2, 10)
  EXPECT_DOUBLE_EQ(NdcgAt(ranking, relevant, 10), 1.0 / (1 + 1 / std::log2(3.0)));
}

TEST_F(WorkedExample, EmptyRankingScoresZero) {
  Ranking empty;
  EXPECT_DOUBLE_EQ(RecallAt(empty, relevant_, 10), 0.0);
  EXPECT_DOUBLE_EQ(AveragePrecisionAt(empty, relevant_, 10), 0.0);
  EXPECT_DOUBLE_EQ(NdcgAt(empty, relevant_, 10), 0.0);
  EXPECT_DOUBLE_EQ(ReciprocalRank(empty, relevant_), 0.0);
}

TEST_F(WorkedExample, NoRelevantDocumentsOrNonPositiveKScoresZero) {
  RelevantSet none;
  EXPECT_DOUBLE_EQ(RecallAt(ranking_, none, 10), 0.0);
  EXPECT_DOUBLE_EQ(AveragePrecisionAt(ranking_, none, 10), 0.0);
  EXPECT_DOUBLE_EQ(NdcgAt(ranking_, none, 10), 0.0);
  EXPECT_DOUBLE_EQ(ReciprocalRank(ranking_, none), 0.0);
  EXPECT_DOUBLE_EQ(RecallAt(ranking_, relevant_, 0), 0.0);
  EXPECT_DOUBLE_EQ(AveragePrecisionAt(ranking_, relevant_, 0), 0.0);
  EXPECT_DOUBLE_EQ(NdcgAt(ranking_, relevant_, -1), 0.0);
}

}  // namespace
}  // namespace evident
