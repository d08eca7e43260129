#include "index/top_k.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "common/testing.h"
#include "index/analyzer.h"
#include "index/index_builder.h"
#include "index/index_reader.h"

namespace evident {
namespace {

std::shared_ptr<IndexReader> BuildIndex(const std::vector<IndexablePassage>& passages,
                                        ScoringParams params = {}) {
  IndexBuildOptions options;
  options.params = params;
  options.batch_passages = 97;  // exercise several parallel batches
  IndexBuilder builder(options);
  for (const auto& p : passages) builder.Add(p);
  std::string dir = testing::TempDir() + "/gen";
  IndexBuildStats stats;
  Status s = builder.Finish(dir, &stats);
  EXPECT_TRUE(s.ok()) << s.ToString();
  auto reader = IndexReader::Open(dir);
  EXPECT_TRUE(reader.ok()) << reader.status().ToString();
  return *reader;
}

IndexablePassage P(std::string doc, int ordinal, std::string title, std::string body,
                   std::string keywords = "") {
  IndexablePassage p;
  p.doc_id = std::move(doc);
  p.ordinal = ordinal;
  p.title = std::move(title);
  p.body = std::move(body);
  p.keywords = std::move(keywords);
  return p;
}

TEST(Bm25f, MatchesHandComputedScore) {
  // Three passages; params k1 = 1.2, w = (2, 1, 1), b = (0.4, 0.75, 0.5).
  ScoringParams params;
  params.k1 = 1.2f;
  params.weight[0] = 2.0f;
  params.b[1] = 0.75f;
  auto reader = BuildIndex({P("d1", 0, "liver", "liver liver tumour"),
                            P("d2", 0, "kidney", "tumour"), P("d3", 0, "heart", "liver")},
                           params);
  // Term "liver": df = 2 of N = 3 -> idf = ln(1 + (3 - 2 + 0.5) / (2 + 0.5)) = ln(1.6).
  const double idf = std::log(1.6);
  // d1: title len 1 (avg 1), body len 3 (avg (3 + 1 + 1) / 3 = 5/3), keywords len 0 (avg 0).
  //   title norm = 1 - 0.4 + 0.4 * 1/1 = 1; body norm = 1 - 0.75 + 0.75 * 3 / (5/3) = 1.6
  //   tf' = 2 * 1 / 1 + 1 * 2 / 1.6 = 3.25; impact = 3.25 * 2.2 / (3.25 + 1.2)
  const double d1 = idf * 3.25 * 2.2 / (3.25 + 1.2);
  // d3: body len 1: body norm = 0.25 + 0.75 * 1 / (5/3) = 0.7; tf' = 1 / 0.7
  const double tf3 = 1.0 / 0.7;
  const double d3 = idf * tf3 * 2.2 / (tf3 + 1.2);
  auto hits = TopK(*reader, {{"liver", 1.0f}}, {.k = 10});
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(reader->doc_id(hits[0].doc), "d1");
  EXPECT_NEAR(hits[0].score, d1, 1e-5);
  EXPECT_EQ(reader->doc_id(hits[1].doc), "d3");
  EXPECT_NEAR(hits[1].score, d3, 1e-5);
}

TEST(TopK, RanksDocumentsByTheirBestPassageOnlyOnce) {
  // a#0 and a#1 are of one length, so a#1 is the better passage whatever the length normalisation.
  auto reader =
      BuildIndex({P("a", 0, "", "octreotide analogue"), P("a", 1, "", "octreotide octreotide"),
                  P("b", 0, "", "octreotide other words here")});
  auto docs = TopK(*reader, {{"octreotid", 1}}, {.k = 10});
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_EQ(reader->passage_id(docs[0].passage), "a#1");
  EXPECT_EQ(reader->doc_id(docs[1].doc), "b");
  auto passages = TopK(*reader, {{"octreotid", 1}}, {.k = 10, .one_per_document = false});
  EXPECT_EQ(passages.size(), 3u);
}

TEST(TopK, SkipsRetractedAndFiltersKinds) {
  auto good = P("g", 0, "", "aspirin");
  good.kind = SourceKind::kGuideline;
  auto bad = P("r", 0, "", "aspirin aspirin");
  bad.retracted = true;
  auto reader = BuildIndex({good, bad, P("x", 0, "", "aspirin")});
  auto hits = TopK(*reader, {{"aspirin", 1}}, {.k = 10});
  ASSERT_EQ(hits.size(), 2u);
  for (const auto& h : hits) EXPECT_NE(reader->doc_id(h.doc), "r");
  auto guidelines = TopK(*reader, {{"aspirin", 1}},
                         {.k = 10, .kind_mask = 1 << static_cast<int>(SourceKind::kGuideline)});
  ASSERT_EQ(guidelines.size(), 1u);
  EXPECT_EQ(reader->doc_id(guidelines[0].doc), "g");
}

// Random corpora with a Zipf-like vocabulary and random weighted queries: the pruned top-k must be
// the exhaustive top-k (same documents, same scores; ties at the cut-off may pick either).
class TopKEquivalence : public ::testing::TestWithParam<bool> {};

TEST_P(TopKEquivalence, PrunedEqualsExhaustiveOnRandomQueries) {
  const bool one_per_document = GetParam();
  std::mt19937 rng(20261127);
  const int vocab = 400;
  std::vector<std::string> words;
  for (int i = 0; i < vocab; ++i) words.push_back("w" + std::to_string(i) + "x");
  std::vector<double> zipf_weights;
  for (int i = 0; i < vocab; ++i) zipf_weights.push_back(1.0 / (i + 1));
  std::discrete_distribution<int> zipf(zipf_weights.begin(), zipf_weights.end());
  auto text = [&](int len) {
    std::string s;
    for (int i = 0; i < len; ++i) s += words[zipf(rng)] + " ";
    return s;
  };
  std::vector<IndexablePassage> passages;
  std::uniform_int_distribution<int> len(1, 120), per_doc(1, 4);
  for (int d = 0; d < 2500; ++d) {
    int n = per_doc(rng);
    for (int o = 0; o < n; ++o) {
      passages.push_back(P("doc" + std::to_string(d), o, text(len(rng) / 10 + 1), text(len(rng)),
                           text(len(rng) / 20)));
    }
  }
  auto reader = BuildIndex(passages);
  std::uniform_int_distribution<int> qlen(1, 12), kdist(1, 120);
  std::uniform_real_distribution<float> weight(0.2f, 2.0f);
  Analyzer analyzer;
  uint64_t pruned_total = 0, exhaustive_total = 0;
  for (int q = 0; q < 300; ++q) {
    std::vector<QueryTerm> terms;
    int n = qlen(rng);
    for (int i = 0; i < n; ++i)
      terms.push_back({analyzer.NormalizeWord(words[zipf(rng)]), weight(rng)});
    TopKOptions options{.k = kdist(rng), .one_per_document = one_per_document};
    TopKStats pruned_stats, exhaustive_stats;
    auto pruned = TopK(*reader, terms, options, &pruned_stats);
    options.exhaustive = true;
    auto exact = TopK(*reader, terms, options, &exhaustive_stats);
    ASSERT_EQ(pruned.size(), exact.size()) << "query " << q;
    for (size_t i = 0; i < exact.size(); ++i) {
      ASSERT_NEAR(pruned[i].score, exact[i].score, 1e-4 * exact[i].score) << "query " << q;
      bool tie = (i + 1 < exact.size() && std::abs(exact[i].score - exact[i + 1].score) < 1e-4) ||
                 (i > 0 && std::abs(exact[i].score - exact[i - 1].score) < 1e-4);
      if (!tie) EXPECT_EQ(pruned[i].doc, exact[i].doc) << "query " << q << " rank " << i;
    }
    EXPECT_LE(pruned_stats.candidates_scored, exhaustive_stats.candidates_scored);
    pruned_total += pruned_stats.candidates_scored;
    exhaustive_total += exhaustive_stats.candidates_scored;
  }
  // Dynamic pruning must actually skip work, not just agree.
  EXPECT_LT(pruned_total, exhaustive_total / 2) << pruned_total << " vs " << exhaustive_total;
}

INSTANTIATE_TEST_SUITE_P(PerDocumentAndPerPassage, TopKEquivalence, ::testing::Bool());

TEST(IndexReader, RejectsCorruptFiles) {
  std::string dir = testing::TempDir();
  EXPECT_FALSE(IndexReader::Open(dir + "/missing").ok());
  auto reader = BuildIndex({P("d", 0, "t", "b")});
  std::string gen = reader->dir();
  {
    FILE* f = std::fopen((gen + "/lexicon.bin").c_str(), "r+b");
    ASSERT_NE(f, nullptr);
    std::fputs("XXXX", f);
    std::fclose(f);
  }
  auto broken = IndexReader::Open(gen);
  ASSERT_FALSE(broken.ok());
  EXPECT_NE(broken.status().message().find("magic"), std::string::npos);
}

}  // namespace
}  // namespace evident
