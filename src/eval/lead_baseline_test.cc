#include "eval/lead_baseline.h"

#include <gtest/gtest.h>

#include "eval/eval_test_support.h"

namespace evident {
namespace {

class LeadBaselineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = testing::StoreWith({testing::TextRecord("pmid:1", {"BACKGROUND: One two three [4].",
                                                                "Four five. Six seven eight."}),
                                 testing::TextRecord("pmid:2", {"Nine ten eleven."})});
    ASSERT_NE(store_, nullptr);
  }

  std::string Lead(const std::vector<std::string>& ids, size_t budget) {
    auto lead = LeadBaseline(store_.get(), ids, budget);
    EXPECT_TRUE(lead.ok()) << lead.status().ToString();
    return lead.ok() ? *lead : "";
  }

  std::unique_ptr<Store> store_;
};

TEST_F(LeadBaselineTest, DocumentsInRankOrderPassagesInOrderCutAtTheBudget) {
  // Section labels and reference markers go, as in the composer's sentences.
  EXPECT_EQ(Lead({"pmid:1", "pmid:2"}, 100),
            "One two three. Four five. Six seven eight. Nine ten eleven.");
  EXPECT_EQ(Lead({"pmid:2", "pmid:1"}, 5), "Nine ten eleven. One two");
  EXPECT_EQ(Lead({"pmid:1"}, 3), "One two three.");
  EXPECT_EQ(Lead({"pmid:1"}, 0), "");
  EXPECT_EQ(CountWords(Lead({"pmid:1", "pmid:2"}, 7)), 7u);
}

TEST_F(LeadBaselineTest, UnknownDocumentsAreSkipped) {
  EXPECT_EQ(Lead({"pmid:404", "pmid:2"}, 2), "Nine ten");
}

TEST(CountWords, CountsWhitespaceSeparatedWords) {
  EXPECT_EQ(CountWords(""), 0u);
  EXPECT_EQ(CountWords("  one\ttwo\n three  "), 3u);
  EXPECT_EQ(CountWords("p<0.05, n=12."), 2u);
}

}  // namespace
}  // namespace evident
