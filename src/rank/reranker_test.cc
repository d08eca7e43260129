#include "rank/reranker.h"

#include <gtest/gtest.h>

#include "rank/test_corpus.h"

namespace evident {
namespace {

std::vector<testing::TestDoc> RerankerCorpus() {
  return {
      {"d1",
       "Octreotide in carcinoid syndrome",
       "Octreotide relieves flushing in carcinoid.",
       {"Carcinoid Tumor"}},
      {"d2",
       "Somatostatin analogues",
       "Carcinoid patients were treated with octreotide LAR.",
       {},
       "Results"},
      {"d3", "Liver metastases", "Octreotide, and months later, a carcinoid crisis.", {}},
      {"d4", "Unrelated", "Stroke prevention with aspirin.", {}},
  };
}

struct Fixture {
  testing::TestCorpus corpus{RerankerCorpus()};
  Analyzer analyzer;
  PassageTextCache texts{*corpus.index(), corpus.store(), analyzer};

  std::vector<RerankCandidate> Featurize(const Reranker& reranker,
                                         const std::vector<QueryTerm>& query) {
    auto top = TopK(*corpus.index(), query, {.k = 10});
    std::vector<uint32_t> passages;
    for (const auto& r : top) passages.push_back(r.passage);
    auto got = texts.Get(passages);
    EXPECT_TRUE(got.ok());
    return reranker.Featurize({query, {}}, top, *got);
  }
};

const std::vector<QueryTerm> kRerankerQuery = {{"octreotid", 1.0f}, {"carcinoid", 1.0f}};

TEST(Reranker, OriginalQueryFeatureRecomputesTheIndexBm25fExactly) {
  Fixture fx;
  Reranker reranker(*fx.corpus.index(), {});
  // First stage = the original query, so both features are the same normalised BM25F score.
  auto candidates = fx.Featurize(reranker, kRerankerQuery);
  ASSERT_EQ(candidates.size(), 3u);
  for (const auto& c : candidates) {
    EXPECT_NEAR(c.features[kOriginalQuery], c.features[kFirstStage], 1e-5)
        << fx.corpus.index()->passage_id(c.first_stage.passage);
  }
  EXPECT_FLOAT_EQ(candidates[0].features[kFirstStage], 1.0f);
}

TEST(Reranker, CoverageFeaturesAreIdfWeightedSharesOfTheQuery) {
  Fixture fx;
  Reranker reranker(*fx.corpus.index(), {});
  const std::vector<QueryTerm> query = {{"octreotid", 1.0f}, {"flush", 1.0f}};
  auto candidates = fx.Featurize(reranker, query);
  const IndexReader& index = *fx.corpus.index();
  float w_oct = index.Lookup("octreotid")->idf, w_flush = index.Lookup("flush")->idf;
  for (const auto& c : candidates) {
    std::string id(index.doc_id(c.first_stage.doc));
    if (id == "d1") {
      EXPECT_FLOAT_EQ(c.features[kQueryCoverage], 1.0f);
      EXPECT_FLOAT_EQ(c.features[kTitleCoverage], w_oct / (w_oct + w_flush));
      EXPECT_FLOAT_EQ(c.features[kKeywordCoverage], 0.0f);
    } else {
      EXPECT_FLOAT_EQ(c.features[kQueryCoverage], w_oct / (w_oct + w_flush)) << id;
      EXPECT_FLOAT_EQ(c.features[kTitleCoverage], 0.0f) << id;
    }
  }
}

TEST(Reranker, RareCoverageWeighsTermsByIdfSquared) {
  Fixture fx;
  Reranker reranker(*fx.corpus.index(), {});
  // "flush" is in one passage, "octreotid" in three: the rare term dominates rare_coverage.
  const std::vector<QueryTerm> query = {{"octreotid", 1.0f}, {"flush", 0.5f}};
  auto candidates = fx.Featurize(reranker, query);
  const IndexReader& index = *fx.corpus.index();
  const float idf_oct = index.Lookup("octreotid")->idf, idf_flush = index.Lookup("flush")->idf;
  ASSERT_GT(idf_flush, idf_oct);
  const float oct = idf_oct * idf_oct, flush = 0.5f * idf_flush * idf_flush;
  ASSERT_EQ(candidates.size(), 3u);
  for (const auto& c : candidates) {
    std::string id(index.doc_id(c.first_stage.doc));
    EXPECT_FLOAT_EQ(c.features[kRareCoverage], id == "d1" ? 1.0f : oct / (oct + flush)) << id;
    EXPECT_LT(c.features[kRareCoverage], c.features[kQueryCoverage] + (id == "d1" ? 1e-6f : 0.0f))
        << id;
  }
}

TEST(Reranker, KeywordCoverageReadsTheMeshHeadings) {
  Fixture fx;
  Reranker reranker(*fx.corpus.index(), {});
  auto candidates = fx.Featurize(reranker, {{"tumor", 1.0f}});
  ASSERT_EQ(candidates.size(), 1u);
  EXPECT_FLOAT_EQ(candidates[0].features[kKeywordCoverage], 1.0f);
}

TEST(Reranker, ProximityWeightPromotesThePassageWhereTheTermsAreAdjacent) {
  Fixture fx;
  RerankOptions options;
  options.weights[kFirstStage] = 0.0f;
  options.weights[kPairProximity] = 1.0f;
  Reranker reranker(*fx.corpus.index(), options);
  auto candidates = fx.Featurize(reranker, kRerankerQuery);
  reranker.Score(&candidates);
  // d3 keeps the terms apart ("octreotide, and months later, a carcinoid"): last.
  EXPECT_EQ(fx.corpus.index()->doc_id(candidates.back().first_stage.doc), "d3");
  EXPECT_GE(candidates[0].score, candidates[1].score);
}

TEST(Reranker, EqualScoresKeepTheFirstStageOrder) {
  Fixture fx;
  RerankOptions options;
  options.weights.fill(0.0f);
  Reranker reranker(*fx.corpus.index(), options);
  auto candidates = fx.Featurize(reranker, kRerankerQuery);
  auto before = candidates;
  reranker.Score(&candidates);
  for (size_t i = 0; i < candidates.size(); ++i) {
    EXPECT_EQ(candidates[i].first_stage.passage, before[i].first_stage.passage);
  }
}

class PreferDocument : public PassagePrior {
 public:
  explicit PreferDocument(std::string doc_id) : doc_id_(std::move(doc_id)) {}
  std::string_view name() const override { return "prefer"; }
  float Score(const IndexReader&, const AnalyzedPassage& passage) const override {
    return passage.view.doc_id == doc_id_ ? 1.0f : 0.0f;
  }

 private:
  std::string doc_id_;
};

TEST(Reranker, PriorsAreAddedWithTheirWeights) {
  Fixture fx;
  RerankOptions options;
  options.priors.push_back({std::make_shared<PreferDocument>("d3"), 5.0f});
  Reranker reranker(*fx.corpus.index(), options);
  auto candidates = fx.Featurize(reranker, kRerankerQuery);
  reranker.Score(&candidates);
  EXPECT_EQ(fx.corpus.index()->doc_id(candidates[0].first_stage.doc), "d3");
  EXPECT_EQ(candidates[0].priors.size(), 1u);
  EXPECT_FLOAT_EQ(candidates[0].priors[0], 1.0f);
}

TEST(Reranker, ACandidateWithoutTextKeepsOnlyItsFirstStageScore) {
  Fixture fx;
  Reranker reranker(*fx.corpus.index(), {});
  auto top = TopK(*fx.corpus.index(), kRerankerQuery, {.k = 10});
  std::vector<const AnalyzedPassage*> none(top.size(), nullptr);
  auto candidates = reranker.Featurize({kRerankerQuery, {"octreotid", "carcinoid"}}, top, none);
  ASSERT_FALSE(candidates.empty());
  EXPECT_FLOAT_EQ(candidates[0].features[kFirstStage], 1.0f);
  for (int f = kOriginalQuery; f < kNumRerankFeatures; ++f) {
    EXPECT_EQ(candidates[0].features[f], 0.0f) << RerankFeatureName(static_cast<RerankFeature>(f));
  }
}

}  // namespace
}  // namespace evident
