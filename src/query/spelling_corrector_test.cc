#include "query/spelling_corrector.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace evident {
namespace {

const std::vector<std::string> kSpellingCorpus = {
    "Diabetes mellitus and metformin.",
    "Type 2 diabetes in adults.",
    "Liver metastasis of neuroendocrine tumors.",
    "Metastasis to bone.",
    "177Lu-dotatate is a somatostatin analogue; dotatate binds SSTR2.",
    "Lutetium octreotate (dotatate) therapy.",
    "Octreotate and octreotide.",
    "Pembrolizumab in melanoma.",
    "Pembrolizumab for lung cancer.",
    "Hypertension and diabetes.",
    "Hypertension in pregnancy.",
};

TEST(EditDistance, CountsTranspositionsAsOneEdit) {
  EXPECT_EQ(EditDistance("diabetis", "diabetes"), 1);
  EXPECT_EQ(EditDistance("hypretension", "hypertension"), 1);
  EXPECT_EQ(EditDistance("Metformin", "metformin"), 0);
  EXPECT_EQ(EditDistance("abc", ""), 3);
}

TEST(SpellingCorrector, CorpusAloneCorrectsToWordsItHolds) {
  InMemoryCorpusStats stats(kSpellingCorpus);
  Analyzer analyzer;
  SpellingCorrector corrector(nullptr, &stats, &analyzer);
  auto fix = corrector.Correct("diabetis");
  ASSERT_TRUE(fix.has_value());
  EXPECT_EQ(fix->corrected, "diabetes");
  EXPECT_EQ(fix->edits, 1);
  EXPECT_EQ(fix->original_doc_freq, 0u);
  auto fix2 = corrector.Correct("hypretension");
  ASSERT_TRUE(fix2.has_value());
  EXPECT_EQ(fix2->corrected, "hypertension");
  for (const char* ok : {"metastasis", "dotatate", "octreotate", "pembrolizumab", "Diabetes"}) {
    EXPECT_FALSE(corrector.Correct(ok).has_value()) << ok;
  }
  EXPECT_FALSE(corrector.Correct("the").has_value());
  EXPECT_FALSE(corrector.Correct("abc").has_value());  // too short to correct
  EXPECT_FALSE(corrector.Correct("zzzzqqqq").has_value());
}

class HunspellCorrector : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists("/usr/share/hunspell/en_US.aff")) {
      GTEST_SKIP() << "hunspell-en-us not installed (scripts/setup)";
    }
    auto dict = SpellingDictionary::Load();
    ASSERT_TRUE(dict.ok()) << dict.status().ToString();
    dict_ = std::move(*dict);
  }
  std::unique_ptr<SpellingDictionary> dict_;
};

TEST_F(HunspellCorrector, KnowsMedicalWords) {
  EXPECT_TRUE(dict_->IsKnown("metastasis"));
  EXPECT_TRUE(dict_->IsKnown("diabetes"));
  EXPECT_FALSE(dict_->IsKnown("diabetis"));
}

TEST_F(HunspellCorrector, LeavesRareCorrectTermsTheCorpusKnowsAlone) {
  InMemoryCorpusStats stats(kSpellingCorpus);
  Analyzer analyzer;
  SpellingCorrector corrector(dict_.get(), &stats, &analyzer);
  auto fix = corrector.Correct("diabetis");
  ASSERT_TRUE(fix.has_value());
  EXPECT_EQ(fix->corrected, "diabetes");
  auto fix2 = corrector.Correct("metastisis");  // two edits; Hunspell's suggestion
  ASSERT_TRUE(fix2.has_value());
  EXPECT_EQ(fix2->corrected, "metastasis");
  for (const char* ok : {"metastasis", "dotatate", "octreotate", "pembrolizumab", "kidney"}) {
    EXPECT_FALSE(corrector.Correct(ok).has_value()) << ok;
  }
}

TEST_F(HunspellCorrector, WithoutCorpusStatsHunspellDecides) {
  Analyzer analyzer;
  SpellingCorrector corrector(dict_.get(), nullptr, &analyzer);
  auto fix = corrector.Correct("diabetis");
  ASSERT_TRUE(fix.has_value());
  EXPECT_EQ(fix->corrected, "diabetes");
}

// A question of hundreds of made-up words took minutes under the query analyzer fuzzer: Hunspell
// is asked about a bounded number of words per question, the corpus still corrects the rest.
TEST_F(HunspellCorrector, AsksHunspellAboutABoundedNumberOfWords) {
  InMemoryCorpusStats stats(kSpellingCorpus);
  Analyzer analyzer;
  SpellingCorrector corrector(dict_.get(), &stats, &analyzer);
  for (int i = 0; i < 3 * SpellingCorrector::kMaxDictionarySuggestions; ++i) {
    corrector.Correct("qzxv" + std::string(1, static_cast<char>('a' + i % 26)) + "kwj");
  }
  EXPECT_EQ(corrector.dictionary_suggestions(), SpellingCorrector::kMaxDictionarySuggestions);
  auto fix = corrector.Correct("diabetis");
  ASSERT_TRUE(fix.has_value());
  EXPECT_EQ(fix->corrected, "diabetes");
}

}  // namespace
}  // namespace evident
