#include "query/query_analyzer.h"

#include <gtest/gtest.h>

namespace evident {
namespace {

TEST(QueryAnalyzer, UserWordsWeighOnePartsLess) {
  QueryAnalyzer qa({.part_weight = 0.25f});
  auto terms = qa.Analyze("What is the role of 177Lu-DOTATATE?");
  ASSERT_GE(terms.size(), 3u);
  EXPECT_EQ(terms[0].term, "role");
  EXPECT_FLOAT_EQ(terms[0].weight, 1.0f);
  EXPECT_EQ(terms[1].term, "177lu-dotatate");
  EXPECT_FLOAT_EQ(terms[1].weight, 1.0f);
  EXPECT_FLOAT_EQ(terms[2].weight, 0.25f);
}

TEST(QueryAnalyzer, OnlyStopWordsGiveNoTerms) {
  QueryAnalyzer qa;
  EXPECT_TRUE(qa.Analyze("what is it?").empty());
}

}  // namespace
}  // namespace evident
