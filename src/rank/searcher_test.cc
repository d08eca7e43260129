#include "rank/searcher.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "rank/test_corpus.h"

namespace evident {
namespace {

std::vector<testing::TestDoc> SearcherCorpus() {
  std::vector<testing::TestDoc> docs = {
      {"d1", "Octreotide", "Octreotide and lanreotide control carcinoid flushing."},
      {"d2", "Somatostatin analogues", "Octreotide with lanreotide in carcinoid syndrome."},
      {"d3", "Lanreotide", "Lanreotide depot injections every four weeks."},
      {"d4", "Carcinoid", "Carcinoid tumours grow slowly in most patients; octreotide came later."},
  };
  for (int i = 0; i < 30; ++i) {
    docs.push_back(
        {"f" + std::to_string(i), "Filler", "Unrelated filler text " + std::to_string(i)});
  }
  return docs;
}

std::vector<std::string> DocIds(const IndexReader& index, const std::vector<ScoredPassage>& r) {
  std::vector<std::string> ids;
  for (const auto& p : r) ids.emplace_back(index.doc_id(p.doc));
  return ids;
}

SearcherOptions NoFeedbackFirstStageOnly() {
  SearcherOptions options;
  options.feedback.fb_docs = 0;
  options.rerank.weights.fill(0.0f);
  options.rerank.weights[kFirstStage] = 1.0f;
  return options;
}

TEST(Searcher, FastModeIsThePlainFirstStage) {
  testing::TestCorpus corpus(SearcherCorpus());
  Searcher searcher(corpus.index(), &corpus.store());
  SearchOptions options;
  options.mode = SearchMode::kFast;
  auto ranked = searcher.Rank("octreotide carcinoid", options);
  ASSERT_TRUE(ranked.ok());
  auto top =
      TopK(*corpus.index(), searcher.query_analyzer().Analyze("octreotide carcinoid"), {.k = 10});
  ASSERT_EQ(ranked->size(), top.size());
  for (size_t i = 0; i < top.size(); ++i) {
    EXPECT_EQ((*ranked)[i].passage, top[i].passage);
    EXPECT_EQ((*ranked)[i].score, top[i].score);
  }
}

TEST(Searcher, FullModeWithoutFeedbackOrRerankWeightsRanksLikeFastMode) {
  testing::TestCorpus corpus(SearcherCorpus());
  Searcher searcher(corpus.index(), &corpus.store(), NoFeedbackFirstStageOnly());
  SearchOptions fast, full;
  fast.mode = SearchMode::kFast;
  full.mode = SearchMode::kFull;
  auto a = searcher.Rank("octreotide carcinoid flushing", fast);
  auto b = searcher.Rank("octreotide carcinoid flushing", full);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(DocIds(*corpus.index(), *a), DocIds(*corpus.index(), *b));
}

TEST(Searcher, FullModeNeedsAStore) {
  testing::TestCorpus corpus(SearcherCorpus());
  Searcher searcher(corpus.index(), nullptr);
  SearchOptions options;
  options.mode = SearchMode::kFull;
  auto ranked = searcher.Rank("octreotide", options);
  EXPECT_EQ(ranked.status().code(), Status::Code::kInvalidArgument);
  EXPECT_FALSE(searcher.Retrieve("octreotide", options).empty());  // the first stage still works
}

TEST(Searcher, FeedbackFindsADocumentWithoutTheQueryWords) {
  testing::TestCorpus corpus(SearcherCorpus());
  SearcherOptions options = NoFeedbackFirstStageOnly();
  options.feedback = Rm3Options{.fb_docs = 2, .fb_terms = 5, .original_weight = 0.5f};
  Searcher searcher(corpus.index(), &corpus.store(), options);
  SearchOptions search;
  search.mode = SearchMode::kFast;
  auto fast = DocIds(*corpus.index(), *searcher.Rank("octreotide", search));
  EXPECT_EQ(std::count(fast.begin(), fast.end(), "d3"), 0);
  search.mode = SearchMode::kFull;
  auto full = DocIds(*corpus.index(), *searcher.Rank("octreotide", search));
  EXPECT_EQ(std::count(full.begin(), full.end(), "d3"), 1);  // via "lanreotide"
}

TEST(Searcher, FullModeRerankingPromotesAdjacentTerms) {
  testing::TestCorpus corpus(SearcherCorpus());
  SearcherOptions options = NoFeedbackFirstStageOnly();
  options.rerank.weights[kFirstStage] = 0.0f;
  options.rerank.weights[kMinDistance] = 1.0f;
  Searcher searcher(corpus.index(), &corpus.store(), options);
  SearchOptions search;
  search.mode = SearchMode::kFull;
  auto ranked = searcher.Rank("carcinoid flushing octreotide", search);
  ASSERT_TRUE(ranked.ok());
  auto ids = DocIds(*corpus.index(), *ranked);
  ASSERT_FALSE(ids.empty());
  EXPECT_EQ(ids.back(), "d4");  // the terms far apart
  EXPECT_GE((*ranked)[0].score, (*ranked)[1].score);
}

TEST(Searcher, SearchResolvesHitsInFullMode) {
  testing::TestCorpus corpus(SearcherCorpus());
  Searcher searcher(corpus.index(), &corpus.store());
  SearchOptions options;
  options.mode = SearchMode::kFull;
  options.k = 2;
  auto hits = searcher.Search("carcinoid flushing", options);
  ASSERT_TRUE(hits.ok()) << hits.status().ToString();
  ASSERT_EQ(hits->size(), 2u);
  EXPECT_EQ((*hits)[0].doc_id, "d1");
  EXPECT_EQ((*hits)[0].title, "Octreotide");
  EXPECT_NE((*hits)[0].snippet.find("flushing"), std::string::npos);
}

TEST(Searcher, CandidatesBeyondTheRerankDepthStayBelowInFirstStageOrder) {
  testing::TestCorpus corpus(SearcherCorpus());
  SearcherOptions options;
  options.rerank.depth = 1;
  options.rerank.weights[kWindowCoverage] = 5.0f;
  Searcher searcher(corpus.index(), &corpus.store(), options);
  SearchOptions search;
  search.k = 4;
  auto candidates = searcher.Candidates("octreotide lanreotide carcinoid", search);
  ASSERT_TRUE(candidates.ok());
  ASSERT_EQ(candidates->size(), 4u);  // d1..d4
  EXPECT_NE((*candidates)[0].text, nullptr);
  EXPECT_EQ((*candidates)[1].text, nullptr);
  auto ranked = searcher.Rank("octreotide lanreotide carcinoid", search);
  ASSERT_TRUE(ranked.ok());
  for (size_t i = 0; i < ranked->size(); ++i) {
    EXPECT_EQ((*ranked)[i].passage, (*candidates)[i].first_stage.passage);
  }
}

TEST(SearchMode, FullIsTheDefault) { EXPECT_EQ(SearchOptions{}.mode, SearchMode::kFull); }

TEST(SearchMode, NamesRoundTrip) {
  EXPECT_EQ(*SearchModeFromName(SearchModeName(SearchMode::kFast)), SearchMode::kFast);
  EXPECT_EQ(*SearchModeFromName(SearchModeName(SearchMode::kFull)), SearchMode::kFull);
  EXPECT_FALSE(SearchModeFromName("slow").ok());
}

}  // namespace
}  // namespace evident
