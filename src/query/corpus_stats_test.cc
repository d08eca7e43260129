#include "query/corpus_stats.h"

#include <gtest/gtest.h>

#include <random>

#include "common/testing.h"
#include "index/index_builder.h"

namespace evident {
namespace {

const std::vector<std::string> kPassages = {
    "Neuroendocrine tumors (NETs) often metastasize to the liver.",
    "Liver metastases of neuroendocrine tumors respond to PRRT.",
    "The norepinephrine transporter (NET) clears synaptic noradrenaline.",
    "Net survival was computed for colorectal cancer.",
    "Colorectal cancer screening by colonoscopy.",
};

TEST(InMemoryCorpusStats, CountsPassagesWithAllOfAAndAnyOfB) {
  InMemoryCorpusStats stats(kPassages);
  EXPECT_EQ(stats.NumPassages(), 5u);
  EXPECT_EQ(stats.DocFreq("net"), 3u);  // "NETs" is analysed as "net" too
  EXPECT_EQ(stats.DocFreq("absent"), 0u);
  EXPECT_EQ(stats.CoFreq({"neuroendocrin", "tumor"}, {}), 2u);
  EXPECT_EQ(stats.CoFreq({"neuroendocrin", "tumor"}, {"liver"}), 2u);
  EXPECT_EQ(stats.CoFreq({"net"}, {"liver", "colorect"}), 2u);
  EXPECT_EQ(stats.CoFreq({"norepinephrin", "transport"}, {"liver"}), 0u);
  EXPECT_EQ(stats.CoFreq({}, {"liver"}), 0u);
  EXPECT_EQ(stats.CoFreq({"net", "absent"}, {}), 0u);
}

std::shared_ptr<const IndexReader> BuildIndex(const std::vector<std::string>& bodies) {
  IndexBuildOptions options;
  options.batch_passages = 37;
  IndexBuilder builder(options);
  for (size_t i = 0; i < bodies.size(); ++i) {
    IndexablePassage p;
    p.doc_id = std::to_string(i);
    p.body = bodies[i];
    builder.Add(std::move(p));
  }
  std::string dir = testing::TempDir() + "/gen";
  IndexBuildStats build_stats;
  EXPECT_TRUE(builder.Finish(dir, &build_stats).ok());
  auto reader = IndexReader::Open(dir);
  EXPECT_TRUE(reader.ok());
  return *reader;
}

TEST(IndexCorpusStats, AgreesWithInMemoryOnRandomCorpus) {
  // Enough passages that posting lists span several blocks, so NextGeq skips blocks.
  std::mt19937 rng(7);
  const std::vector<std::string> vocab = {"alpha", "beta",   "gamma", "delta", "liver",
                                          "tumor", "kidney", "heart", "lung",  "brain"};
  std::vector<std::string> bodies;
  for (int i = 0; i < 2000; ++i) {
    std::string body;
    for (int j = 0; j < 4; ++j) body += vocab[rng() % (j < 2 ? 3 : vocab.size())] + " ";
    bodies.push_back(body);
  }
  InMemoryCorpusStats expected(bodies);
  IndexCorpusStats actual(BuildIndex(bodies));
  EXPECT_EQ(actual.NumPassages(), 2000u);
  for (const auto& t : vocab) EXPECT_EQ(actual.DocFreq(t), expected.DocFreq(t)) << t;
  for (int q = 0; q < 200; ++q) {
    std::vector<std::string> a = {vocab[rng() % vocab.size()]};
    if (q % 2) a.push_back(vocab[rng() % vocab.size()]);
    std::vector<std::string> b;
    for (int k = rng() % 3; k > 0; --k) b.push_back(vocab[rng() % vocab.size()]);
    EXPECT_EQ(actual.CoFreq(a, b), expected.CoFreq(a, b)) << a[0] << " q" << q;
  }
}

TEST(IndexCorpusStats, CapExtrapolatesFromWalkedPrefix) {
  std::vector<std::string> bodies;
  for (int i = 0; i < 1000; ++i) bodies.push_back(i % 2 ? "liver tumor" : "liver");
  IndexCorpusStats capped(BuildIndex(bodies), /*max_postings_walked=*/100);
  // 100 of 1000 "liver" postings walked, 50 with "tumor": extrapolated to 500.
  EXPECT_EQ(capped.CoFreq({"liver"}, {"tumor"}), 500u);
}

}  // namespace
}  // namespace evident
